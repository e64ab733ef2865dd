#!/usr/bin/env bash
# The spool (the per-user file an entry waits in when the log cannot be
# written) is opened without following a symbolic link (issue 7): a link
# planted at its path, pointing at another file of the user's, is refused
# and that file is left exactly as it was, whether the entry is being
# spooled or the spool is being flushed into the log.
. "$(dirname "$0")/../lib.sh"

export MADOGUCHI_SPOOL_DIR=$T_TMP/spool
export MADOGUCHI_LANG=en
NOLOG=$T_TMP/missing-dir/inquiry.db       # cannot be written: spooled
LOG=$T_TMP/inquiry.db

# Where the spool of NOLOG is: one entry spooled, then the name found.
t_run --log "$NOLOG" log add --disposition status --note "first"
t_status "an entry for an unwritable log is spooled (status 0)" 0
spool=$(ls "$MADOGUCHI_SPOOL_DIR"/spool-*.jsonl 2>/dev/null | head -1)
t_match "the spool file exists" 'spool-.*\.jsonl$' "$spool"
t_eq "the spool file is 0600" "600" "$(stat -c %a "$spool" 2>&1)"

# A symlink at the spool's path, to a file the attacker wants written.
printf 'precious\n' >"$T_TMP/target"
chmod 0644 "$T_TMP/target"
sum=$(sha256sum <"$T_TMP/target")
rm -f "$spool"
ln -s "$T_TMP/target" "$spool"
t_run --log "$NOLOG" log add --disposition status --note "second"
t_eq "spooling through a symlink is refused (status 3: not saved)" 3 "$rc"
t_match "... with one line saying the entry was not saved" '^madoguchi: .*(not saved|cannot be written).*' "$err"
t_eq "... the link's target is untouched" "$sum" "$(sha256sum <"$T_TMP/target")"
t_eq "... the link is still a link (not replaced by a file)" "link" "$([ -L "$spool" ] && echo link)"

# Flushing: the log can be written now; the spool path is a link to a
# file of JSON lines that looks like a spool.  Nothing of it may reach the
# log, and the target must not be emptied.
mkdir -p "$(dirname "$NOLOG")"
t_run --log "$NOLOG" log export
cp "$T_TMP/target" "$T_TMP/target.before"
t_run --log "$NOLOG" log add --disposition other --note "third"
t_eq "... the target is not emptied by a flush" "$sum" "$(sha256sum <"$T_TMP/target")"
t_run --log "$NOLOG" log export
t_eq "... no line of the target reaches the log" "" "$(printf '%s\n' "$out" | grep -F precious)"

# The same for the rejected-lines file next to the spool.
rej=${spool/spool-/rejected-}
rm -f "$spool"
ln -s "$T_TMP/target" "$rej"
printf '{not json\n' >"$spool"
chmod 0600 "$spool"
t_run --log "$NOLOG" log add --disposition other --note "fourth"
t_eq "a symlink at the rejected-lines path leaves its target untouched" "$sum" "$(sha256sum <"$T_TMP/target")"
t_done
