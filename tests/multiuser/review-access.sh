#!/usr/bin/env bash
# Who may read the inquiry log (issue 6): `log stats` and `review` are
# refused, with one line and exit status 2, to a user outside
# supervisor_group, and allowed to a member (by a supplementary group or
# the primary one).  Runs as root (CI does); see lib.sh for the helpers.
# Here the program reads in-process (no desk configuration: a log of
# one's own, root's 0644).  The refusal's record in the log (access table)
# and in syslog (LOG_AUTHPRIV, to a socket of the test's own) are checked
# in gate-log.sh, on the desk's host with its gate.
. "$(dirname "$0")/lib.sh"
mu_require_root

mu_group sv; SV=$mu_last
mu_user a; A=$mu_last             # an operator
mu_user s "$SV"; S=$mu_last       # a supervisor
mu_install
LOGDIR=$T_TMP/logdir
mkdir -p "$LOGDIR"
chmod 1777 "$LOGDIR"        # readers of a WAL log create its -shm file
LOG=$LOGDIR/log.db
MADOGUCHI_LOG=$LOG MADOGUCHI_SPOOL_DIR=$T_TMP/spool \
	"$MU_BIN" log add --disposition status --note "private note" >/dev/null || echo "Bail out! log add failed"
chmod 0644 "$LOG"
ENVS=(MADOGUCHI_LOG="$LOG" MADOGUCHI_SUPERVISOR_GROUP="$SV" MADOGUCHI_LANG=en TZ=UTC)

out=$(mu_as "$A" 022 "${ENVS[@]}" madoguchi log stats 2>"$T_TMP/err"); rc=$?
t_eq "log stats refused to an operator: exit 2" 2 "$rc"
t_eq "one line naming the group" "madoguchi: log stats is for members of group $SV; ask your supervisor" \
	"$(cat "$T_TMP/err")"
t_eq "nothing of the log on stdout" "" "$out"

out=$(mu_as "$A" 022 "${ENVS[@]}" TERM=xterm madoguchi review 2>"$T_TMP/err" </dev/null); rc=$?
t_eq "review refused to an operator before any terminal check: exit 2" 2 "$rc"
t_eq "review: one line naming the group" "madoguchi: review is for members of group $SV; ask your supervisor" \
	"$(cat "$T_TMP/err")"

out=$(mu_as "$S" 022 "${ENVS[@]}" madoguchi log stats 2>"$T_TMP/err"); rc=$?
t_eq "a supervisor (supplementary group) may read: exit 0" 0 "$rc"
t_match "and sees the call" "^calls	1$" "$out"

out=$(setpriv --reuid="$(id -u "$A")" --regid="$(getent group "$SV" | cut -d: -f3)" --clear-groups -- \
	env -i PATH=/usr/bin:/bin "${ENVS[@]}" "$MU_BIN" log stats 2>"$T_TMP/err"); rc=$?
t_eq "the primary group counts too" 0 "$rc"

out=$(mu_as "$A" 022 MADOGUCHI_LOG="$LOG" MADOGUCHI_LANG=en madoguchi log stats 2>"$T_TMP/err"); rc=$?
t_eq "without supervisor_group (the demo) anyone may read" 0 "$rc"
t_done
