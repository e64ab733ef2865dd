#!/usr/bin/env bash
# Issue 13, item 8, at 80x24: a log path that names no log is said on the
# screens as `log stats` says it: the operator screen at its start (a
# missing directory too), and the status line until a save makes the log;
# the review says it where the calls would be; quitting with entries in
# the spool says how many wait there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# The screen's rows joined as the text wrapped over them reads.  The
# test's path is as long as the run makes it, so where a row breaks (at a
# space, after a hyphen, inside the path or a Japanese word) is not known
# in advance: t_joined compares with every space left out of both.
t_joined() {
	local text pat
	text=$(printf '%s\n' "$screen" | tr -d ' \n')
	pat=$(printf '%s' "$2" | sed 's/ ?//g; s/ //g')
	if printf '%s\n' "$text" | grep -qE -- "$pat"; then
		t_ok "$1"
	else
		t_fail "$1" "the rows joined do not match: $2" "$screen"
	fi
}

# A log in a directory that does not exist.
tm_start -g -e "MADOGUCHI_LOG=$T_TMP/missing/log.db" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool" -- --ambiwidth single
t_screen "the screen starts" 'log missing'
t_joined "a missing directory is said at the start" 'missing/log\.db: no log there'
t_joined "... whole, with what it means" 'no log there, and its directory ?does not exist: calls are kept in the ?spool \(check --log\)'
t_match "the status line says the log is missing" 'log missing' "$(printf '%s\n' "$screen" | head -1)"
t_no_overflow "nothing beyond 80x24"
tm_keys F3 1 Enter
t_screen "the save goes to the spool, said" 'call kept in the spool'
t_joined "... whole below the form, to its end" 'spool-.*\.jsonl'
t_screen "the status line counts it" 'spooled: 1'
tm_keys F10
t_screen "F10 says a call waits in the spool before quitting" '1 entry waits in the spool, not in the log yet.*quit\? \(y/n\)'
tm_keys n
t_screen_not "n stays" 'waits in the spool'
tm_keys F1 q
t_screen "q in the FAQ asks too" 'waits in the spool'
tm_keys ｙ
t_exit "a full-width ｙ quits" 0

# A log not made yet in a directory that exists: the first save makes it.
mkdir -p "$T_TMP/new"
tm_start -g -e "MADOGUCHI_LOG=$T_TMP/new/log.db" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool2" -- --ambiwidth single
t_screen "the screen starts" '^ +1 '
t_joined "a log not there yet is said at the start" 'new/log\.db: no log there yet'
t_joined "... whole" 'no log there yet; the first call saved ?makes it \(check --log\)'
tm_keys F3 1 Enter
t_screen "the first save writes it" 'call saved in the log'
tm_keys F10
t_exit "F10 quits at once: nothing waits" 0

# The review of a log that is not there.
tm_start -g -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool" -- --ambiwidth single --log "$T_TMP/mistyped.db" review
t_screen "the review starts" '^madoguchi review'
t_joined "the review says the log is not there, as log stats does" 'mistyped\.db: no log there yet'
t_joined "... whole" 'no log there yet, so there are no calls ?to show \(check --log\)'
t_nomatch "... not a quiet day" 'No calls match the filters' "$screen"
tm_keys q
t_exit "q quits the review" 0
t_match "log stats says it the same way" 'mistyped\.db: no log there yet' \
	"$("$MADOGUCHI" log stats --log "$T_TMP/mistyped.db" 2>&1 >/dev/null)"

# Japanese.
tm_start -g -j -e "MADOGUCHI_LOG=$T_TMP/missing/log.db" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool3" -- --ambiwidth single
t_screen "the missing directory in Japanese" 'ログがなく'
t_joined "... whole" 'ログがなく、置き場所のディレクトリ'
t_match "the status line (Japanese)" 'ログなし' "$(printf '%s\n' "$screen" | head -1)"
tm_keys F10
t_exit "F10 quits (Japanese)" 0
t_done
