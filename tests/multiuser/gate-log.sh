#!/usr/bin/env bash
# The inquiry log on the desk's host (issue 12, promises 4 and 5, and what
# was found besides): only supervisor_group reads it, each read recorded;
# operators cannot change a row; root's changes are caught by `log verify`
# against the heads the gate sent to syslog (a syslog socket of the test's
# own, in a private mount namespace: never the host's); merging is root's
# and checks every row; log data reaches no terminal raw; demo --dir
# through another's symlink, --note-file /dev/zero.  Runs as root (CI
# does); lib.sh has the helpers.
. "$(dirname "$0")/lib.sh"
mu_require_root

mu_group op; OP=$mu_last
mu_group sv; SV=$mu_last
mu_user a "$OP"; A=$mu_last        # an operator
mu_user b "$OP"; B=$mu_last        # another operator
mu_user s "$OP" "$SV"; S=$mu_last  # a supervisor
mu_user t "$SV"; T=$mu_last        # in the supervisors' group, not the operators'
mu_install "$OP"
mu_desk "$SV" "lookup_limit = 100/10m"
mu_gatecat
mu_rechain
LOG=$MU_VAR/inquiry.db
EN=(MADOGUCHI_LANG=en)
PERSON=$'kana=しぶし たろう\nbirth=S50.3.1\n'
ESC=$'\e'
if mu_syslog_start; then
	L=mu_logged
else
	L=
	echo "ok - syslog heads: a private mount namespace for /dev/log # SKIP unshare -m is not allowed here; the heads come from the chain table instead"
fi
sv() { mu_as "$S" 022 "${EN[@]}" madoguchi "$@"; }
calls() { sv log export 2>&1; }
rows() { sqlite3 "$LOG" "SELECT count(*) FROM $1;"; }

# ------------------------------------------------- the legitimate use
for i in 1 2 3; do
	$L mu_as "$A" 022 "${EN[@]}" madoguchi log add --disposition status --note "A's call $i" >/dev/null
	$L mu_as "$B" 077 "${EN[@]}" madoguchi log add --disposition card_misuse --note "B's call $i" >/dev/null
done
printf '%s' "$PERSON" | $L mu_as "$A" 022 "${EN[@]}" madoguchi lookup --stdin >/dev/null
t_eq "operators saved 6 calls and a lookup" "6 1" "$(rows inquiry) $(rows lookup)"

# --------------------------------------- promise 4: who reads the log
for what in "log stats" "log export" "log verify" "review"; do
	# shellcheck disable=SC2086
	out=$($L mu_as "$A" 022 "${EN[@]}" TERM=xterm madoguchi $what 2>"$T_TMP/err" </dev/null); rc=$?
	t_eq "operator: $what is refused (exit 2)" 2 "$rc"
	t_eq "... in one line naming the group" "madoguchi: $what is for members of group $SV; ask your supervisor" \
		"$(cat "$T_TMP/err")"
	t_eq "... with nothing of the log" "" "$out"
done
out=$(sv log export --access)
for what in "log stats" "log export" "log verify" "review"; do
	t_match "operator's refused '$what' is in the access table" \
		"\"operator\":\"$A\",[^}]*\"action\":\"$what\",\"outcome\":\"refused\"" "$out"
done
t_match "the supervisor's own reads are recorded too (allowed)" \
	"\"operator\":\"$S\",[^}]*\"action\":\"log export\",\"outcome\":\"allowed\"" "$out"
out=$(sv log stats)
t_match "supervisor: log stats" '^calls	6$' "$out"
t_eq "... lists the operator's 4 refused reads" 4 "$(printf '%s\n' "$out" | grep -c "^refused_attempt	[^	]*	$A	")"
# The supervisors' group as the account's primary group counts too.
out=$(setpriv --reuid="$(id -u "$A")" --regid="$(getent group "$SV" | cut -d: -f3)" \
	--groups="$(getent group "$OP" | cut -d: -f3)" -- \
	env -i PATH=/usr/bin:/bin "${EN[@]}" "$MU_BIN" log stats 2>&1)
t_match "an operator whose primary group is the supervisors' reads" '^calls	6$' "$out"
# Not in the operators' group, the gate is out of reach: the program reads
# in-process, and a log it cannot reach is said, not shown as empty.
out=$(mu_as "$T" 022 "${EN[@]}" madoguchi log stats 2>"$T_TMP/err"); rc=$?
t_eq "a supervisor outside the operators' group: log stats fails (exit 2)" 2 "$rc"
t_match "... in one line naming the log and why" "^madoguchi: log stats: .*$LOG.*Permission denied" "$(cat "$T_TMP/err")"
t_eq "... (one line, no zeros printed)" "1 " "$(wc -l <"$T_TMP/err") $out"
if [ -n "$L" ]; then
	t_match "syslog: the refusal went to authpriv (warning), naming the account" \
		"^<84>.*madoguchi\\[[0-9]+\\]: .*$A" "$(cat "$MU_SYSLOG")"
fi
# Without supervisor_group in the office's configuration only root reads.
sed -i '/^supervisor_group/d' "$MU_CONF"
out=$(sv log stats 2>&1); rc=$?
t_eq "no supervisor_group: the supervisor is refused (exit 2)" 2 "$rc"
t_eq "... in one line saying only root may read" \
	"madoguchi: log stats: the desk's configuration names no supervisor_group, so only root may read the log; ask the office" "$out"
out=$(MADOGUCHI_LOOKUP_LIMIT= "$MU_BIN" log stats 2>&1)
t_match "... root reads (the files directly)" '^calls	6$' "$out"
echo "supervisor_group = $SV" >>"$MU_CONF"

# -------------------------------------- promise 5: no operator edits rows
out=$(mu_as "$A" 022 sqlite3 "$LOG" "UPDATE inquiry SET note = 'x';" 2>&1)
t_match "operator: sqlite3 cannot open the log to edit it" 'unable to open|Permission denied' "$out"
out=$(mu_as "$A" 022 truncate -s 0 "$LOG" 2>&1)
t_match "operator: cannot truncate it" 'Permission denied' "$out"
TOMORROW=$(date -d tomorrow +%F)
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi log purge --before "$TOMORROW" 2>&1); rc=$?
t_eq "operator: log purge is refused (exit 2)" 2 "$rc"
t_match "... as root's work on the gate's log" "only root may merge or purge it" "$out"
"$MU_BIN" --log "$T_TMP/other.db" log add --disposition status --note "from the other host" >/dev/null
cp "$T_TMP/other.db" "$T_TMP/home/$A/other.db"
chown "$A" "$T_TMP/home/$A/other.db"
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi log merge other.db 2>&1); rc=$?
t_eq "operator: log merge into the desk's log is refused (exit 2)" 2 "$rc"
t_match "... as root's work on the gate's log" "only root may merge or purge it" "$out"
t_eq "nothing of it changed the log" "6 1" "$(rows inquiry) $(rows lookup)"

# ------------------------------- promise 5: root's changes are caught
# The heads: from syslog, as the gate sent them (facility authpriv, info),
# and as an administrator writes them down from the chain table.
heads=$(sqlite3 "$LOG" "SELECT name || ':' || seq || ':' || hash FROM chain WHERE seq > 0 ORDER BY name;")
headargs=()
for h in $heads; do headargs+=(--head "$h"); done
t_eq "the chain table has a head for calls, lookups and reads" 3 "$(echo "$heads" | wc -l)"
if [ -n "$L" ]; then
	last=$(grep -o 'head inquiry:6:[0-9a-f]*' "$MU_SYSLOG" | tail -1)
	t_eq "syslog: the gate sent the calls' head at each append (inquiry:6 last)" \
		"head $(echo "$heads" | grep '^inquiry:')" "$last"
	t_match "... as authpriv.info with the time" \
		"^<86>.* madoguchi\\[[0-9]+\\]: head inquiry:6:[0-9a-f]{64} at 20[0-9-]{8}T" "$(cat "$MU_SYSLOG")"
	# An auth.log extract as rsyslog writes it, readable by the supervisor.
	sed -E 's/^<[0-9]+>(.{15}) /\1 desk1 /' "$MU_SYSLOG" >"$T_TMP/home/$S/auth.log"
	chmod 0644 "$T_TMP/home/$S/auth.log"
	out=$(sv log verify --syslog auth.log 2>&1); rc=$?
	t_eq "log verify --syslog: the untouched log verifies (exit 0)" 0 "$rc"
	t_match "... ok" '^ok 6 entries' "$out"
fi
out=$(sv log verify "${headargs[@]}" 2>&1)
t_match "log verify --head (written down): ok" '^ok 6 entries' "$out"
sqlite3 "$LOG" ".backup $T_TMP/good.db"
restore() {
	cp "$T_TMP/good.db" "$LOG"
	rm -f "$LOG-wal" "$LOG-shm"
	chown root:"$MU_DATA" "$LOG"
	chmod 0660 "$LOG"
}
# not_ok NAME REGEX [ARGS...] — verify as the supervisor: exit 1, one line.
not_ok() {
	local name=$1 re=$2 out rc
	shift 2
	out=$(sv log verify "$@" 2>&1); rc=$?
	t_eq "$name: not ok (exit 1)" 1 "$rc"
	t_match "$name: ... naming it" "$re" "$out"
}

# An edit with sqlite3: the chain alone tells.
sqlite3 "$LOG" "UPDATE inquiry SET disposition = 'complaint' WHERE seq = 2;"
not_ok "root edits a call" "^not ok: $LOG: inquiry row 2 "
restore
# tampered NAME SQL SAYS REGEX — root changes the log with SQL and
# recomputes the chain (tests/multiuser/rechain.c): verify alone says
# SAYS; against the heads, not ok naming REGEX.
tampered() {
	local out
	sqlite3 "$LOG" "$2"
	"$MU_RECHAIN" "$LOG" inquiry >/dev/null
	out=$(sv log verify 2>&1)
	t_match "$1: the chain alone cannot tell" "^$3" "$out"
	not_ok "$1, --head" "$4" "${headargs[@]}"
	if [ -n "$L" ]; then not_ok "$1, --syslog" "$4" --syslog auth.log; fi
	restore
}
tampered "root edits a call and rechains" "UPDATE inquiry SET disposition = 'complaint' WHERE seq = 2;" \
	"ok 6 entries" "^not ok: $LOG: inquiry"
# The last call deleted, the chain's head set back: cut.
tampered "root cuts the last call" "DELETE FROM inquiry WHERE seq = 6;" \
	"ok 5 entries" "inquiry is cut: a head recorded seq 6, the log ends at 5"
# Truncated to 0 bytes: an empty log to the chain, cut to the heads.
: >"$LOG"
out=$(sv log verify 2>&1)
t_match "truncated to 0 bytes: the chain alone says 0" '^ok 0 entries' "$out"
not_ok "truncated to 0 bytes, --head" "(inquiry|lookup|access) is cut: a head recorded seq [0-9]+, the log ends at 0" \
	"${headargs[@]}"
[ -n "$L" ] && not_ok "truncated to 0 bytes, --syslog" "is cut" --syslog auth.log
restore
# Anyone may send syslog lines tagged madoguchi: a forged head makes
# verify fail, never pass.
if [ -n "$L" ]; then
	$L mu_as "$A" 022 logger -p authpriv.info -t "madoguchi[1]" "head inquiry:6:$(printf '%064d' 0) at 2026-01-01T00:00:00.000Z"
	t_match "an operator's forged head reaches the syslog" "head inquiry:6:0{64}" "$(tail -1 "$MU_SYSLOG")"
	sed -E 's/^<[0-9]+>(.{15}) /\1 desk1 /' "$MU_SYSLOG" >"$T_TMP/home/$S/auth.log"
	not_ok "a forged head" "^not ok: $LOG: inquiry" --syslog auth.log
fi
out=$(sv log verify "${headargs[@]}" 2>&1)
t_match "restored from the backup: ok again" '^ok 6 entries' "$out"

# ------------------------------------------------ merging is root's
# Root's merge checks every row of OTHER as an append would, even when
# OTHER's chain verifies (rechained after the edit).
for i in 2 3; do
	"$MU_BIN" --log "$T_TMP/other.db" log add --disposition status --note "other $i" >/dev/null
done
bad_merge() {   # NAME SQL REGEX
	local out rc
	rm -f "$T_TMP/bad.db"
	sqlite3 "$T_TMP/other.db" ".backup $T_TMP/bad.db"
	sqlite3 "$T_TMP/bad.db" "$2"
	"$MU_RECHAIN" "$T_TMP/bad.db" inquiry >/dev/null
	out=$(timeout 120 "$MU_BIN" --lang=en log merge "$T_TMP/bad.db" 2>&1); rc=$?
	t_eq "merge, $1: refused (exit 1)" 1 "$rc"
	t_match "merge, $1: ... naming the row" "$3" "$out"
	t_nomatch "merge, $1: ... with no raw escape byte" "$ESC" "$out"
	t_eq "merge, $1: ... nothing merged" 6 "$(rows inquiry)"
}
bad_merge "uuid not-a-uuid" "UPDATE inquiry SET uuid = 'not-a-uuid' WHERE seq = 2;" \
	"bad.db: inquiry row 2: uuid 'not-a-uuid'"
bad_merge "a garbage time" "UPDATE inquiry SET started_at = 'garbage time' WHERE seq = 1;" \
	"inquiry row 1: started_at 'garbage time'"
bad_merge "disposition no_such_code" "UPDATE inquiry SET disposition = 'no_such_code' WHERE seq = 3;" \
	"inquiry row 3: disposition 'no_such_code' is not one of"
bad_merge "ESC in the operator" "UPDATE inquiry SET operator = 'x' || char(27) || '[2J' WHERE seq = 1;" \
	"inquiry row 1: .*operator"
rm -f "$T_TMP/bad.db"
sqlite3 "$T_TMP/other.db" ".backup $T_TMP/bad.db"
sqlite3 "$T_TMP/bad.db" "DROP TABLE lookup; CREATE VIEW lookup AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL
	SELECT n + 1 FROM c) SELECT n AS seq, '' AS uuid, '' AS at, '' AS operator, '' AS host,
	NULL AS snapshot_id, 'none' AS verdict, NULL AS call_uuid, NULL AS origin_hash,
	'' AS prev_hash, '' AS hash FROM c;"
out=$(timeout 120 "$MU_BIN" --lang=en log merge "$T_TMP/bad.db" 2>&1); rc=$?
t_eq "merge, a view with a recursive query: refused, not hanging" "yes" \
	"$([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && echo yes)"
t_match "... saying so" "its lookup is a view" "$out"
out=$("$MU_BIN" --lang=en log merge "$T_TMP/other.db" 2>&1); rc=$?
t_eq "merge, OTHER as it was: merged (exit 0)" "0 9" "$rc $(rows inquiry)"
out=$(sv log verify 2>&1)
t_match "... and the log verifies" '^ok 9 entries' "$out"

# ---------------------------------- log data reaches no terminal raw
$L mu_as "$A" 022 "${EN[@]}" madoguchi log add --disposition status \
	--note "$ESC[2J${ESC}]0;owned$(printf '\a') cleared" >/dev/null
for cmd in "log stats" "log verify" "log export" "log export --format csv"; do
	# shellcheck disable=SC2086
	out=$(sv $cmd 2>&1)
	t_nomatch "an operator's note with ESC: '$cmd' prints no raw ESC" "$ESC" "$out"
done
t_match "... the note is kept (escaped in JSON)" '\\u001b\[2J' "$(calls)"
sqlite3 "$LOG" "UPDATE inquiry SET operator = 'evil' || char(27) || ']0;x' || char(7) WHERE seq = 1;"
"$MU_RECHAIN" "$LOG" inquiry >/dev/null
out=$(sv log stats 2>&1)
t_match "root's operator name with ESC: log stats shows it" '^operator	evil' "$out"
t_nomatch "... without the raw ESC" "$ESC" "$out"
out=$(sv log verify "${headargs[@]}" 2>&1)
t_nomatch "... nor does log verify" "$ESC" "$out"
restore

# ----------------------------------------- promise 5: the notes' purge
out=$("$MU_BIN" --lang=en log purge --before "$TOMORROW" 2>&1)
t_match "root purges the notes (retention)" '6' "$out"
out=$(sv log verify "${headargs[@]}" 2>&1)
t_match "log verify still passes, saying the notes are purged" '^ok 6 entries \(6 notes purged\)' "$out"
t_nomatch "... and the notes are gone" "A's call" "$(calls)"

# ------------------------------------------------- demo --dir, note-file
# Another account plants symlinks where demo writes: demo follows no link
# and replaces nothing it did not make.
install -d -m 1777 "$T_TMP/shared"
echo "A's own file" >"$T_TMP/home/$A/precious"
chown "$A" "$T_TMP/home/$A/precious"
mu_as "$B" 022 sh -c 'mkdir -m 0777 "$1" && for f in affected.csv affected.csv.tmp snapshot.db snapshot.key
	do ln -s "$2" "$1/$f" || exit 1; done' sh "$T_TMP/shared/demo" "$T_TMP/home/$A/precious"
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi demo --dir "$T_TMP/shared/demo" 2>&1); rc=$?
t_eq "demo --dir with another's symlinks planted: refused (exit 2)" 2 "$rc"
t_eq "... in one line saying nothing was written" \
	"madoguchi: demo: $T_TMP/shared/demo/affected.csv exists and is not one the demo made; nothing was written: choose an empty directory with --dir" \
	"$out"
t_eq "... the file the links point to is untouched" "A's own file" "$(cat "$T_TMP/home/$A/precious")"
t_eq "... and nothing else is there" "affected.csv affected.csv.tmp snapshot.db snapshot.key" \
	"$(echo $(ls "$T_TMP/shared/demo"))"
mu_as "$B" 022 rm "$T_TMP/shared/demo/affected.csv" "$T_TMP/shared/demo/snapshot.db" "$T_TMP/shared/demo/snapshot.key"
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi demo --dir "$T_TMP/shared/demo" 2>&1); rc=$?
t_eq "demo --dir with the old temporary name planted: made (exit 0)" 0 "$rc"
t_eq "... through no link: A's file untouched" "A's own file" "$(cat "$T_TMP/home/$A/precious")"
t_eq "... the list is A's own file" "f $A" "$(stat -c '%F %U' "$T_TMP/shared/demo/affected.csv" | sed 's/regular file/f/')"
out=$(timeout 120 env - setpriv --reuid="$(id -u "$A")" --regid="$(id -g "$A")" --init-groups -- \
	env -i PATH="$MU_PREFIX/bin:/usr/bin:/bin" HOME="$T_TMP/home/$A" LC_ALL=C.UTF-8 "${EN[@]}" \
	madoguchi log add --disposition status --note-file /dev/zero 2>&1); rc=$?
t_eq "--note-file /dev/zero: refused at once (exit 2)" 2 "$rc"
t_match "... in one line" "^madoguchi: .*(10,000|10000)" "$out"
t_eq "... nothing saved" 6 "$(rows inquiry)"
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi log add --disposition status --note "after all that" 2>&1)
t_match "and an operator still saves a call" '^[0-9a-f-]{36}$' "$out"

t_done
