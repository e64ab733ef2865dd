#!/usr/bin/env bash
# demo --dir never writes through a link planted where it writes: not at
# the list's temporary name (it makes one nobody can foresee, O_EXCL), not
# at its marker file; what a link points to stays as it was.
. "$(dirname "$0")/../lib.sh"

D=$T_TMP/demo
mkdir -p "$D"
printf 'office data\n' >"$T_TMP/victim"
ln -s "$T_TMP/victim" "$D/affected.csv.tmp"
ln -s "$T_TMP/victim" "$D/affected.csv.tmp-000000000000"
t_run demo --dir "$D" --no-import
t_status "a link at the old temporary name does not stop the demo" 0
t_eq "... and nothing was written through it" "office data" "$(cat "$T_TMP/victim")"
t_eq "the list is a file of its own" "file" "$([ -f "$D/affected.csv" ] && [ ! -L "$D/affected.csv" ] && echo file)"
t_eq "no temporary file of its own is left" "" "$(ls "$D" | grep -v '^affected.csv.tmp\(-000000000000\)\?$' | grep 'tmp')"

E=$T_TMP/demo2
mkdir -p "$E"
marker=$(ls -a "$D" | grep -v '^\.\.\?$' | grep -v affected)
[ -n "$marker" ] || marker=.madoguchi-demo
ln -s "$T_TMP/victim" "$E/$marker"
t_run demo --dir "$E" --no-import
t_status "a link planted as the marker is refused" 2
t_match "... saying it cannot write the marker" "cannot write .*$marker" "$err"
t_eq "... and nothing was written through it" "office data" "$(cat "$T_TMP/victim")"
t_done
