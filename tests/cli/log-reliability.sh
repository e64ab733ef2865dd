#!/usr/bin/env bash
# The inquiry log under load and faults: many writers at once, writers
# killed with SIGKILL, a full disk, a file-size limit, a read-only log, a
# missing directory, a file that is not a database.  In every case nothing
# that was reported saved is lost and nothing is written twice.
. "$(dirname "$0")/../lib.sh"

export MADOGUCHI_SPOOL_DIR=$T_TMP/spool
M=$MADOGUCHI
MNT=$T_TMP/full
cleanup() {
	mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
	[ -e "$T_TMP/ro/log.db" ] && chattr -i "$T_TMP/ro/log.db" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# count LOG UUID — rows with that UUID
count() { sqlite3 "$1" "SELECT count(*) FROM inquiry WHERE uuid = '$2'"; }
integrity() { sqlite3 "$1" "PRAGMA integrity_check"; }

# ---- 50 processes × 100 appends at once -----------------------------------
LOG=$T_TMP/many.db
mkdir -p "$T_TMP/many"
for w in $(seq 50); do
	(
		for i in $(seq 100); do
			"$M" --log "$LOG" log add --disposition status --note "writer $w call $i" \
				>>"$T_TMP/many/$w.out" 2>>"$T_TMP/many/$w.err" || echo "exit $?" >>"$T_TMP/many/$w.err"
		done
	) &
done
wait
t_eq "50 × 100 concurrent appends: exactly 5000 rows" "5000" "$(sqlite3 "$LOG" 'SELECT count(*) FROM inquiry')"
t_eq "50 × 100: 5000 distinct UUIDs printed" "5000" "$(cat "$T_TMP"/many/*.out | sort -u | wc -l)"
t_eq "50 × 100: no process printed an error or a warning" "" "$(cat "$T_TMP"/many/*.err)"
t_eq "50 × 100: no entry waits in the spool" "0" "$(cat "$MADOGUCHI_SPOOL_DIR"/spool-* 2>/dev/null | wc -l)"
t_run --log "$LOG" log verify
t_eq "50 × 100: log verify" "ok 5000 entries" "$out"
t_eq "50 × 100: every writer's 100 calls are there" "100" \
	"$(sqlite3 "$LOG" "SELECT count(*) FROM inquiry WHERE note LIKE 'writer 37 call %'")"

# ---- kill -9 of writers at random moments during 1000 appends -------------
LOG=$T_TMP/killed.db
mkdir -p "$T_TMP/kill"
for w in $(seq 10); do
	echo >"$T_TMP/kill/$w.pid"   # made before the killer looks for them
	(
		for i in $(seq 100); do
			"$M" --log "$LOG" log add --disposition other --note "k $w $i" >"$T_TMP/kill/$w.cur" \
				2>>"$T_TMP/kill/err" &
			echo $! >"$T_TMP/kill/$w.pid"
			# Success is exit 0 with a UUID printed: only those must survive.
			if wait $! && [ -s "$T_TMP/kill/$w.cur" ]; then
				cat "$T_TMP/kill/$w.cur" >>"$T_TMP/kill/ok"
			fi
		done
		rm -f "$T_TMP/kill/$w.pid"
	) 2>/dev/null &   # bash's own "Killed" notices
done
killed=0
while [ -n "$(ls "$T_TMP"/kill/*.pid 2>/dev/null)" ]; do
	sleep "0.0$((RANDOM % 10))"
	w=$((RANDOM % 10 + 1))
	pid=$(cat "$T_TMP/kill/$w.pid" 2>/dev/null) || continue
	[ -n "$pid" ] && [ "$pid" -gt 1 ] && kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
done
wait
# The next append of the same user writes what the killed ones spooled.
"$M" --log "$LOG" log add --disposition other --note final >>"$T_TMP/kill/ok"
t_match "kill -9: some writers were killed ($killed)" '^[1-9][0-9]*$' "$killed"
t_eq "kill -9: the survivors printed no error" "" "$(grep -v '^$' "$T_TMP/kill/err")"
t_eq "kill -9: integrity_check" "ok" "$(integrity "$LOG")"
missing=0
while read -r u; do
	[ "$(count "$LOG" "$u")" = 1 ] || missing=$((missing + 1))
done <"$T_TMP/kill/ok"
t_eq "kill -9: every append that reported success is there once" "0" "$missing"
t_eq "kill -9: no UUID twice" "" "$(sqlite3 "$LOG" 'SELECT uuid FROM inquiry GROUP BY uuid HAVING count(*) > 1')"
t_run --log "$LOG" log verify
t_match "kill -9: log verify" '^ok [0-9]+ entries$' "$out"

# ---- helpers for the faults: spooled now, written once when fixed ----------
# spooled NAME LOG — runs one add that must be spooled; sets $u
spooled() {
	t_run --log "$2" log add --disposition other --note "during: $1"
	u=$out
	if [ "$rc" -eq 0 ] && printf '%s\n' "$err" | grep -q "cannot be written.*the entry is kept in .*will be written with the next save (1 pending)"; then
		t_ok "$1: the entry is spooled with a clear message"
	else
		t_fail "$1: the entry is spooled with a clear message" "exit $rc" "stderr: $err"
	fi
	t_match "$1: the UUID is still printed" '^[0-9a-f-]{36}$' "$u"
}
# fixed NAME LOG — the next add writes the spooled entry, once
fixed() {
	t_run --log "$2" log add --disposition other --note "after: $1"
	t_eq "$1: the next add works without a warning" "0:" "$rc:$err"
	t_eq "$1: the spooled entry is written once" "1" "$(count "$2" "$u")"
	t_eq "$1: the spool is empty" "0" "$(cat "$MADOGUCHI_SPOOL_DIR"/spool-* 2>/dev/null | wc -l)"
	t_run --log "$2" log add --disposition other --note "again: $1"
	t_eq "$1: still once after another add" "1" "$(count "$2" "$u")"
	t_run --log "$2" log verify
	t_match "$1: log verify" '^ok [0-9]+ entries$' "$out"
	t_eq "$1: integrity_check" "ok" "$(integrity "$2")"
}

# ---- disk full: a small tmpfs ----------------------------------------------
mkdir -p "$MNT"
if mount -t tmpfs -o size=512k tmpfs "$MNT" 2>/dev/null; then
	LOG=$MNT/log.db
	"$M" --log "$LOG" log add --disposition other --note before >/dev/null
	dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
	printf '%.0sあ' $(seq 9000) >"$T_TMP/note"
	t_run --log "$LOG" log add --disposition other --note-file "$T_TMP/note"
	u=$out
	if [ "$rc" -eq 0 ] && printf '%s\n' "$err" | grep -q "disk is full.*kept in"; then
		t_ok "disk full: spooled with a message saying the disk is full"
	else
		t_fail "disk full: spooled with a message saying the disk is full" "exit $rc" "stderr: $err"
	fi
	rm -f "$MNT/filler"
	fixed "disk full" "$LOG"
	umount "$MNT"
else
	echo "ok - disk full # SKIP cannot mount a tmpfs here"
fi

# ---- RLIMIT_FSIZE: the write fails with EFBIG (an I/O error) ---------------
LOG=$T_TMP/fsize.db
"$M" --log "$LOG" log add --disposition other --note before >/dev/null
t_run --log "$LOG" log verify
# 36 KiB: room for the spool's copy of the 27 KB note, not for the WAL's.
out=$(ulimit -f 36; "$M" --log "$LOG" log add --disposition other --note-file "$T_TMP/note" 2>"$T_TMP/stderr")
rc=$?
err=$(cat "$T_TMP/stderr")
u=$out
if [ "$rc" -eq 0 ] && printf '%s\n' "$err" | grep -q "file-size limit (ulimit -f) is reached.*kept in"; then
	t_ok "file-size limit: spooled with a message naming the limit"
else
	t_fail "file-size limit: spooled with a message naming the limit" "exit $rc" "stderr: $err"
fi
fixed "file-size limit" "$LOG"

# ---- a read-only log (root ignores modes: the file is made immutable) ------
mkdir -p "$T_TMP/ro"
LOG=$T_TMP/ro/log.db
"$M" --log "$LOG" log add --disposition other --note before >/dev/null
if chattr +i "$LOG" 2>/dev/null; then
	spooled "read-only log" "$LOG"
	t_match "read-only log: the message says read-only" "read-only" "$err"
	chattr -i "$LOG"
	fixed "read-only log" "$LOG"
else
	echo "ok - read-only log # SKIP chattr +i is not possible here"
fi

# ---- the log's directory is missing ----------------------------------------
LOG=$T_TMP/later/log.db
spooled "missing directory" "$LOG"
t_match "missing directory: the message says so" "directory does not exist" "$err"
mkdir "$T_TMP/later"
fixed "missing directory" "$LOG"

# ---- a file that is not a database -------------------------------------------
LOG=$T_TMP/notadb.db
printf 'this is a spreadsheet, not a log\n%.0s' $(seq 200) >"$LOG"
spooled "not a database" "$LOG"
t_match "not a database: the message says so" "not an inquiry log" "$err"
t_eq "not a database: the file is left alone" "200" "$(grep -c spreadsheet "$LOG")"
mv "$LOG" "$T_TMP/notadb.txt"
fixed "not a database" "$LOG"

# ---- another program's database (the snapshot, say) named as the log ---------
# It must not be migrated into a log: that would write the desk's tables,
# then its calls, into the snapshot.
LOG=$T_TMP/foreign.db
sqlite3 "$LOG" "CREATE TABLE person (id INTEGER PRIMARY KEY, k BLOB); INSERT INTO person (k) VALUES (x'00ff')"
before=$(md5sum <"$LOG")
spooled "another database" "$LOG"
t_match "another database: the message says it is not a log" "another database, not an inquiry log; check --log" "$err"
t_eq "another database: the file is left alone" "$before" "$(md5sum <"$LOG")"
t_eq "another database: no table of the log was made in it" "person" "$(sqlite3 "$LOG" .tables | xargs)"
t_eq "another database: no lock file made beside it" "no" "$([ -e "$LOG-lock" ] && echo yes || echo no)"
for cmd in "log export" "log stats" "log verify"; do
	t_run --log "$LOG" $cmd
	t_eq "another database: $cmd fails with status 2" 2 "$rc"
	t_match "another database: $cmd says it is not a log" "^madoguchi: .*foreign.db: it is another database, not an inquiry log" "$err"
done
err=$(MADOGUCHI_LANG=ja "$M" --log "$LOG" log stats 2>&1 >/dev/null)
t_match "another database: in Japanese (the desk's default language)" "問い合わせログではない別のデータベースです" "$err"
t_eq "another database: still left alone by the readers (tests/term/errors.sh: the review)" "$before" "$(md5sum <"$LOG")"
mv "$LOG" "$T_TMP/foreign.txt"
fixed "another database" "$LOG"

# ---- a directory named as the log ---------------------------------------------
LOG=$T_TMP/dir.db
mkdir "$LOG"
spooled "a directory" "$LOG"
t_match "a directory: the message says so" "it is a directory, not a log; name the log's file" "$err"
rmdir "$LOG"
fixed "a directory" "$LOG"

# ---- a log written by a newer madoguchi ----------------------------------------
LOG=$T_TMP/newer.db
"$M" --log "$LOG" log add --disposition other --note before >/dev/null
sqlite3 "$LOG" "PRAGMA user_version = 99"
for cmd in "log export" "log stats" "log verify"; do
	t_run --log "$LOG" $cmd
	t_eq "newer log: $cmd fails with status 2" 2 "$rc"
	t_match "newer log: $cmd says to upgrade" "newer.db: its schema is version 99, newer than this program's [0-9]+; upgrade madoguchi" "$err"
done
t_done
