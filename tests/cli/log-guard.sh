#!/usr/bin/env bash
# What reaches the log from outside: `log merge` takes only rows that pass
# the checks of an append, from plain tables (a view with a recursive query
# used to hang it); `--note-file` reads no more than a note can hold
# (/dev/zero, a FIFO that never ends); a spool directory others can write
# is refused and the entry reported NOT saved, while the gate's own kind
# (the data group's, setgid, closed to others) is taken.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-log.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG
OTHER=$T_TMP/other.db
log_shim || echo "# no C compiler: syslog(3) is not caught here"

add() { "$MADOGUCHI" log add "$@" >/dev/null || echo "Bail out! log add $*"; }
add --disposition status --note here

# other_log: another host's log, two calls, a lookup.
other_log() {
	rm -f "$OTHER" "$OTHER-wal" "$OTHER-shm"
	MADOGUCHI_LOG=$OTHER "$MADOGUCHI" log add --disposition press --note 'from host B' >/dev/null
	MADOGUCHI_LOG=$OTHER "$MADOGUCHI" log add --disposition other --note 'also B' >/dev/null
	MADOGUCHI_LOG=$OTHER "$MADOGUCHI" log lookup --verdict none >/dev/null
}

# refused NAME SQL TABLE EXPECTED: other's row changed by SQL, its chain
# made whole again (a crafted file verifies); the merge refuses it.
refused() {
	other_log
	sqlite3 "$OTHER" "$2"
	rechain "$OTHER" "$3"
	t_run --log "$OTHER" log verify
	t_eq "$1: the crafted file verifies" 0 "$rc"
	before=$(sqlite3 "$LOG" "SELECT count(*) FROM inquiry")
	t_run log merge "$OTHER"
	t_status "$1: refused (status 1)" 1
	t_match "$1: naming other's table and row" "^madoguchi: log merge: $OTHER: $4.*; nothing merged$" "$err"
	t_nomatch "$1: no escape character printed" $'\e' "$err"
	t_eq "$1: nothing merged" "$before" "$(sqlite3 "$LOG" "SELECT count(*) FROM inquiry")"
}
refused "uuid not-a-uuid" "UPDATE inquiry SET uuid = 'not-a-uuid' WHERE seq = 2" inquiry \
	"inquiry row 2: uuid 'not-a-uuid' is not a lower-case random \(v4\) UUID"
refused "start time 'garbage time'" "UPDATE inquiry SET started_at = 'garbage time' WHERE seq = 1" inquiry \
	"inquiry row 1: started_at 'garbage time': times must look like"
refused "disposition no_such_code" "UPDATE inquiry SET disposition = 'no_such_code' WHERE seq = 2" inquiry \
	"inquiry row 2: disposition 'no_such_code' is not one of data/dispositions.tsv"
refused "an operator name holding ESC" "UPDATE inquiry SET operator = 'ev' || char(27) || '[2Jil' WHERE seq = 1" inquiry \
	"inquiry row 1: operator holds control characters"
refused "a lookup's call that is no UUID" "UPDATE lookup SET call_uuid = 'no-call'" lookup \
	"lookup row 1: call uuid 'no-call' is not"

other_log
sqlite3 "$OTHER" "DROP TABLE lookup; CREATE VIEW lookup AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL
  SELECT n + 1 FROM c) SELECT n AS seq, '' AS uuid, '' AS at, '' AS operator, '' AS host,
  NULL AS snapshot_id, 'none' AS verdict, NULL AS call_uuid, NULL AS origin_hash, '' AS prev_hash,
  '' AS hash FROM c"
out=$(timeout 60 "$MADOGUCHI" log merge "$OTHER" 2>"$T_TMP/stderr")
rc=$?
err=$(cat "$T_TMP/stderr")
t_status "a view with a recursive query: refused, not hung (status 2)" 2
t_match "... saying it is a view" "other.db: its lookup is a view, not a plain table: it is not a log madoguchi wrote" "$err"
other_log
sqlite3 "$OTHER" "CREATE TRIGGER t AFTER INSERT ON inquiry BEGIN SELECT 1; END"
t_run log merge "$OTHER"
t_status "a trigger on a log table: refused (status 2)" 2
t_match "... named" "its t is a trigger" "$err"
other_log
t_run log merge "$OTHER"
t_eq "an honest log merges" "0:merged 3 entries from $OTHER" "$rc:$out"
t_run log verify
t_status "... and the log verifies" 0

# ---- --note-file: bounded ------------------------------------------------------
t_run log add --disposition other --note-file /dev/zero
t_status "--note-file /dev/zero: refused" 2
t_match "... in one line, with the limit" "^madoguchi: log add: --note-file /dev/zero: it holds more than 10000 characters, the limit of a note: shorten it$" "$err"
mkfifo "$T_TMP/fifo"
yes 'a line without end' >"$T_TMP/fifo" &
writer=$!
out=$(timeout 60 "$MADOGUCHI" log add --disposition other --note-file "$T_TMP/fifo" 2>"$T_TMP/stderr")
rc=$?
err=$(cat "$T_TMP/stderr")
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
t_status "--note-file FIFO that never ends: refused" 2
t_match "... with the limit" "it holds more than 10000 characters" "$err"
out=$(timeout 60 "$MADOGUCHI" log add --disposition other --note-file "$T_TMP/fifo" 2>"$T_TMP/stderr")
rc=$?
t_status "--note-file FIFO nobody writes to: an empty note, no hang" 0
t_eq "... stored as an empty note" "" "$(sqlite3 "$LOG" "SELECT note FROM inquiry WHERE uuid = '$out'")"
t_run log add --disposition other --note-file - < <(printf '%s' "$(head -c 50000 /dev/zero | tr '\0' 'b')")
t_status "--note-file - from a pipe of 50,000 characters: refused" 2
t_match "... without reading it all" "it holds more than 10000 characters" "$err"
printf '%.0sあ' $(seq 10001) >"$T_TMP/long"
t_run log add --disposition other --note-file "$T_TMP/long"
t_status "a file of 10,001 Japanese characters: refused" 2
t_match "... counted exactly" "the note has 10001 characters; the limit is 10000" "$err"

# ---- the spool's directory ------------------------------------------------------
mkdir -m 700 "$T_TMP/sp"
chmod 777 "$T_TMP/sp"
t_run --log "$T_TMP/no-dir/log.db" --spool-dir "$T_TMP/sp" log add --disposition other --note kept
t_status "a spool directory anyone can write: the entry is NOT saved (status 3)" 3
t_match "... one line naming the directory and what to do" "the spool directory $T_TMP/sp is writable by group or others, who could remove what is kept there; run chmod 700 $T_TMP/sp" "$err"
t_match "... and that nothing was saved" "NOT saved" "$err"
t_eq "... nothing put there" "" "$(ls -A "$T_TMP/sp")"
chmod 700 "$T_TMP/sp"
t_run --log "$T_TMP/no-dir/log.db" --spool-dir "$T_TMP/sp" log add --disposition other --note kept
t_status "chmod 700: spooled" 0
t_match "... said as a warning" "kept in $T_TMP/sp/spool-" "$err"
mkdir -m 700 "$T_TMP/gate-spool"
chgrp "$(id -gn)" "$T_TMP/gate-spool"
chmod 2770 "$T_TMP/gate-spool"
t_run --log "$T_TMP/no-dir/log.db" --spool-dir "$T_TMP/gate-spool" log add --disposition other
t_status "the gate's kind (its group's, setgid, 2770): taken" 0
t_done
