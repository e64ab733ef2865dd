#!/usr/bin/env bash
# Issue 5's screen figure, run by tests/bench/run.sh (BUILD, BIN, TMP set):
# RSS and PSS of the operator screen during a call — the form opened
# (Alt-2), a reading and a birth date typed, a lookup run on the demo
# snapshot and its verdict drawn — measured by ptybench after the last key.
set -u
BUILD=${BUILD:-build}
BIN=${BIN:-$PWD/madoguchi}
TMP=${TMP:-$(mktemp -d)}
D=$TMP/call-bench
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }

[ -x "$BIN" ] && [ -x "$BUILD/bench/ptybench" ] || { echo "call bench: no $BIN or ptybench" >&2; exit 0; }
mkdir -p "$D"
"$BIN" demo --dir "$D" >/dev/null || exit 0
export MADOGUCHI_SNAPSHOT=$D/snapshot.db MADOGUCHI_KEY=$D/snapshot.key
export MADOGUCHI_LOG=$D/log.db MADOGUCHI_SPOOL_DIR=$D/spool
for i in 1 2 3 4 5; do
	"$BUILD/bench/ptybench" -m F10 -k $'\\A2しぶしたろう\t\tS50.3.1\\r' \
		-- "$BIN" --faq faq --ambiwidth single --lang en
done >"$D/out" 2>/dev/null
row "operator screen in a call: RSS (KB, median)" "$(awk '/^rss_end_kb/{print $2}' "$D/out" | median)" \
	"< 8192 KB" "at start: $(awk '/^rss_kb/{print $2}' "$D/out" | median) KB"
row "operator screen in a call: PSS (KB, median)" "$(awk '/^pss_end_kb/{print $2}' "$D/out" | median)" \
	"" "at start: $(awk '/^pss_kb/{print $2}' "$D/out" | median) KB"
