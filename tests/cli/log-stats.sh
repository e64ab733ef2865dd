#!/usr/bin/env bash
# `madoguchi log stats`: the review screen's figures as plain text, for
# scripts.  The times are set with the sqlite3 shell so that the figures do
# not depend on today's date (stats does not verify the chain).
. "$(dirname "$0")/../lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
export MADOGUCHI_DESK_HOURS=08:30-17:15
unset MADOGUCHI_SUPERVISOR_GROUP
LOG=$MADOGUCHI_LOG

add() { "$MADOGUCHI" log add "$@" >/dev/null || echo "Bail out! log add $*"; }
add --disposition status --match verified --faq 7,13 --note 'a, "b"'
add --disposition status --match none --faq 7
add --disposition card_misuse --escalate --note 'カード'
add --disposition other --match partial
# 09:00:00-09:02:00, 09:30-09:34, 10:15-10:16 on the 27th; 00:01-00:07 on the 28th
sqlite3 "$LOG" "UPDATE inquiry SET
  started_at = CASE seq WHEN 1 THEN '2026-11-27T09:00:00.000Z' WHEN 2 THEN '2026-11-27T09:30:00.000Z'
                        WHEN 3 THEN '2026-11-27T10:15:00.000Z' ELSE '2026-11-28T00:01:00.000Z' END,
  ended_at   = CASE seq WHEN 1 THEN '2026-11-27T09:02:00.000Z' WHEN 2 THEN '2026-11-27T09:34:00.000Z'
                        WHEN 3 THEN '2026-11-27T10:16:00.000Z' ELSE '2026-11-28T00:07:00.000Z' END"
call=$(sqlite3 "$LOG" "SELECT uuid FROM inquiry WHERE seq = 1")
esc=$(sqlite3 "$LOG" "SELECT uuid FROM inquiry WHERE seq = 3")
for i in $(seq 12); do "$MADOGUCHI" log lookup --verdict none >/dev/null; done
"$MADOGUCHI" log lookup --verdict verified >/dev/null
"$MADOGUCHI" log lookup --verdict verified --call "$call" >/dev/null
sqlite3 "$LOG" "UPDATE lookup SET at = '2026-11-27T12:00:00.000Z';
  UPDATE lookup SET at = '2026-11-27T07:00:00.000Z' WHERE seq = 14"
me=$(id -un)

t_run log stats --since 2026-11-27 --until 2026-11-27
t_status "log stats exits 0" 0
t_eq "log stats prints nothing on stderr" "" "$err"
expected="calls	3
escalated	1
hour	00	0
hour	01	0
hour	02	0
hour	03	0
hour	04	0
hour	05	0
hour	06	0
hour	07	0
hour	08	0
hour	09	2
hour	10	1
hour	11	0
hour	12	0
hour	13	0
hour	14	0
hour	15	0
hour	16	0
hour	17	0
hour	18	0
hour	19	0
hour	20	0
hour	21	0
hour	22	0
hour	23	0
disposition	status	2
disposition	card_misuse	1
match	-	1
match	none	1
match	verified	1
operator	$me	3	median_s	120
faq	7	2
faq	13	1
waiting	2026-11-27T10:15:00.000Z	$me	card_misuse	$esc
lookups	14
lookup_use	$me	14	calls	3	verified_unsaved	1	outside_hours	1	unusual	many-lookups,verified-outside-call,outside-desk-hours
refused	0"
t_eq "the figures of one day, in a stable format" "$expected" "$out"

t_run log stats
t_status "log stats without dates covers the whole log" 0
t_match "all four calls" "^calls	4$" "$out"
t_match "the median of four handle times (120 s, 240 s, 60 s, 360 s)" "^operator	$me	4	median_s	180$" "$out"
t_match "the call after midnight is in hour 00" "^hour	00	1$" "$out"

t_run log stats --since R8.11.28
t_match "an era date is read: one call on the 28th" "^calls	1$" "$out"
t_run log stats --until 2026-11-26
t_match "none before the 27th" "^calls	0$" "$out"
t_run log stats --since 2026-11-27 --until 2026-11-27 --operator nobody
t_match "--operator filters" "^calls	0$" "$out"
t_match "no lookups for nobody" "^lookups	0$" "$out"

t_run log stats --since 2026-11-31
t_status "an impossible date exits 2" 2
t_match "it names the date" "2026-11-31" "$err"
t_run log stats --since 2026-11-28 --until 2026-11-27
t_status "a reversed range exits 2" 2
t_run log stats --frob
t_status "an unknown option exits 2" 2
t_match "it names the option" "'--frob'" "$err"

MADOGUCHI_DESK_HOURS=8:30-17 t_run log stats
t_status "malformed desk_hours exits 2" 2
t_match "it names the setting and the format" "MADOGUCHI_DESK_HOURS '8:30-17': use HH:MM-HH:MM" "$err"
MADOGUCHI_DESK_HOURS=06:00-18:00 t_run log stats --since 2026-11-27 --until 2026-11-27
t_match "desk hours from the setting: 07:00 is inside 06:00-18:00" "outside_hours	0	unusual	many-lookups,verified-outside-call$" "$out"

MADOGUCHI_SUPERVISOR_GROUP=no-such-group-$$ t_run log stats
t_status "a supervisor_group that does not exist exits 2" 2
t_match "it says so" "supervisor_group 'no-such-group-$$' is not a group" "$err"
MADOGUCHI_SUPERVISOR_GROUP=$(id -gn) t_run log stats
t_status "a member of the supervisor group may read" 0

t_run --log "$T_TMP/none.db" log stats
t_status "a log not written yet has no figures, no error" 0
t_match "zero calls" "^calls	0$" "$out"
t_match "a note says there is no log there yet (a mistyped --log)" \
	"^madoguchi: note: $T_TMP/none.db: no log there yet, so every count is 0 \\(check --log\\)$" "$err"
t_run log stats
t_eq "an existing log gets no such note" "" "$err"
t_eq "and reading it created nothing" "no" "$([ -e "$T_TMP/none.db" ] && echo yes || echo no)"

# Attempts to read the log under a supervisor_group are records in the log
# itself (its access table), chained and verified like the calls.
ME=$(id -un)
MEMBER=$(id -gn)
OTHER=""
for g in nogroup daemon bin sys adm; do
	gid=$(getent group "$g" | cut -d: -f3)
	[ -n "$gid" ] || continue
	case " $(id -G) " in *" $gid "*) continue ;; esac
	OTHER=$g
	break
done
access_rows() { sqlite3 "$LOG" "SELECT count(*) FROM access" 2>&1; }
before=$(access_rows)
t_run log stats
t_eq "no supervisor_group: reading the log records nothing" "$before" "$(access_rows)"
if [ -z "$OTHER" ]; then
	echo "ok - refused attempts are recorded # SKIP this account is in every candidate group"
else
	MADOGUCHI_SUPERVISOR_GROUP=$OTHER t_run log export
	t_status "log export refused outside the group (status 2)" 2
	t_eq "nothing of the log on stdout" "" "$out"
	MADOGUCHI_SUPERVISOR_GROUP=$OTHER t_run log stats
	t_status "log stats refused too" 2
	MADOGUCHI_SUPERVISOR_GROUP=$MEMBER t_run log stats --since 2000-01-01
	t_match "log stats counts the refused attempts" "^refused	2$" "$out"
	t_match "... and lists them with who and what" "^refused_attempt	[0-9T:.-]+Z	$ME	log stats$" "$out"
	t_match "... newest first" "log stats
refused_attempt	[0-9T:.-]+Z	$ME	log export$" "$out"
	MADOGUCHI_SUPERVISOR_GROUP=$MEMBER t_run log export --access
	t_match "export --access: the refused export" "\"operator\":\"$ME\",\"host\":\"[^\"]+\",\"action\":\"log export\",\"outcome\":\"refused\"" "$out"
	t_match "export --access: the allowed reads too" "\"action\":\"log stats\",\"outcome\":\"allowed\"" "$out"
	n=$(printf '%s\n' "$out" | grep -c '"outcome"')
	t_eq "every attempt under the group is one record (the export itself included)" \
		"$(access_rows)" "$n"
	MADOGUCHI_SUPERVISOR_GROUP=$MEMBER t_run log export --access --format csv
	t_match "export --access as CSV: header" "^.?.?.?seq,uuid,at,operator,host,action,outcome" "$out"
	MADOGUCHI_SUPERVISOR_GROUP=$MEMBER t_run --log "$T_TMP/none2.db" log stats
	t_eq "a supervisor reading a missing log creates no log to record it in" "no" \
		"$([ -e "$T_TMP/none2.db" ] && echo yes || echo no)"
	# A mistyped --log naming another database (refused) or an empty file
	# (read as an empty log): neither is turned into a log by the access
	# record.
	sqlite3 "$T_TMP/other.db" "CREATE TABLE t (x); PRAGMA user_version = 7"
	: >"$T_TMP/empty.db"
	for f in other.db empty.db; do
		before=$(md5sum <"$T_TMP/$f")
		MADOGUCHI_SUPERVISOR_GROUP=$MEMBER t_run --log "$T_TMP/$f" log stats
		t_eq "$f: log stats exits $([ $f = other.db ] && echo 2 || echo 0)" \
			"$([ $f = other.db ] && echo 2 || echo 0)" "$rc"
		t_eq "$f is not written to by a read under the group" "$before" "$(md5sum <"$T_TMP/$f")"
		t_eq "... nor a lock file made beside it" "no" "$([ -e "$T_TMP/$f-lock" ] && echo yes || echo no)"
	done
fi
t_done
