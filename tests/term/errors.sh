#!/usr/bin/env bash
# Each thing that stops the screen from starting gives one clear line on
# stderr and status 2, before curses touches the terminal.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# err_case NAME REGEX tm_start-ARGS...: runs in tmux with stderr to a file.
err_case() {
	local name=$1 re=$2 msg
	shift 2
	tm_start -r "2>$T_TMP/err" "$@"
	t_exit "$name: status 2" 2
	msg=$(cat "$T_TMP/err")
	t_match "$name: says why and what to do" "$re" "$msg"
	t_eq "$name: one line" 1 "$(printf '%s\n' "$msg" | wc -l)"
	t_eq "$name: the terminal is left alone" 0 "$(tm display-message -p '#{alternate_on}')"
}

err_case "LC_ALL=C" "^madoguchi: the locale 'C' is not UTF-8.*LANG=C.UTF-8" -e LC_ALL=C -e LANG=C --
err_case "LANG=POSIX" "^madoguchi: the locale 'POSIX' is not UTF-8.*LANG=C.UTF-8" -e LC_ALL= -e LANG=POSIX --
err_case "TERM=dumb" "^madoguchi: TERM=dumb cannot show the screen.*set TERM" -e TERM=dumb --
err_case "unknown TERM" "^madoguchi: TERM=no-such-terminal is not a terminal type known here.*set TERM" -e TERM=no-such-terminal --
err_case "TERM unset" "^madoguchi: TERM is not set" -e TERM= --
err_case "stdout not a terminal" "^madoguchi: standard output is not a terminal" -r ">$T_TMP/out 2>$T_TMP/err" --
t_eq "stdout not a terminal: nothing written to it" "" "$(cat "$T_TMP/out")"

out=$("$MADOGUCHI" --faq "$ROOT/faq" </dev/null 2>"$T_TMP/stderr"); rc=$?
err=$(cat "$T_TMP/stderr")
t_status "stdin not a terminal: status 2" 2
t_match "stdin not a terminal: says so" "^madoguchi: standard input is not a terminal.*madoguchi faq" "$err"
t_eq "stdin not a terminal: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
t_eq "stdin not a terminal: nothing on stdout" "" "$out"

err_case "a missing FAQ directory" "^madoguchi: .*no-such-dir" -- --faq "$T_TMP/no-such-dir"

# The review pointed at another program's database (the snapshot, say):
# refused, and the file left as it was.
sqlite3 "$T_TMP/foreign.db" "CREATE TABLE person (id INTEGER PRIMARY KEY, k BLOB)"
before=$(md5sum <"$T_TMP/foreign.db")
err_case "review of another database" "^madoguchi: review: .*foreign.db: it is another database, not an inquiry log; check --log" \
	-- review --log "$T_TMP/foreign.db"
t_eq "review of another database: the file is left alone" "$before" "$(md5sum <"$T_TMP/foreign.db")"
sqlite3 "$T_TMP/newer.db" "PRAGMA user_version = 99"
err_case "review of a newer log" "^madoguchi: review: .*newer.db: its schema is version 99, newer than .*; upgrade madoguchi" \
	-- review --log "$T_TMP/newer.db"
t_done
