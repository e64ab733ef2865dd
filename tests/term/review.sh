#!/usr/bin/env bash
# The review screen (issue 6): the table, each filter, the detail view,
# the charts, the lookup view, export to a file (bytes checked), live
# refresh while another process appends, too small, SIGTERM.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG
add() { "$MADOGUCHI" log add "$@" >/dev/null || echo "Bail out! log add $*"; }
add --disposition status --match verified --faq 7 --note 'first, with a comma'
add --disposition status --match none --note 'she said "hello"
and hung up'
add --disposition card_misuse --escalate --faq 7,13 --factors kana,date --note 'カードの不正利用'
add --disposition other --match partial --note '=SUM(A1)'
add --disposition status --match verified --note 'bob row'
# A fixed day, so that the test does not depend on today's date.
sqlite3 "$LOG" "UPDATE inquiry SET started_at = '2025-03-14T09:0' || seq || ':00.000Z',
  ended_at = '2025-03-14T09:0' || seq || ':30.000Z';
  UPDATE inquiry SET operator = 'bob' WHERE seq = 5"
for i in $(seq 11); do "$MADOGUCHI" log lookup --verdict none >/dev/null; done
"$MADOGUCHI" log lookup --verdict verified >/dev/null
sqlite3 "$LOG" "UPDATE lookup SET at = '2025-03-14T12:00:00.000Z', operator = 'bob'"
# An operator's refused attempt to read the log (a record of the log's own).
MADOGUCHI_SUPERVISOR_GROUP=nogroup "$MADOGUCHI" log stats >/dev/null 2>&1
sqlite3 "$LOG" "UPDATE access SET at = '2025-03-14T12:30:00.000Z', operator = 'bob'"

rows() { printf '%s\n' "$screen" | grep -cE '^[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} '; }
ENVS=(-e MADOGUCHI_LOG="$LOG" -e MADOGUCHI_SPOOL_DIR="$T_TMP/spool" -e TZ=UTC
      -e MADOGUCHI_DESK_HOURS=08:30-17:15)

cd "$T_TMP" || exit 1
tm_start -g -s 100x30 "${ENVS[@]}" -- --ambiwidth single review
t_screen "the review starts on today's calls" '^madoguchi review +\[calls\]'
t_screen "the filters are shown" '^Date:today +Operator:\* +Disp:\* +Match:\* +Esc:\* +Note:\*'
t_screen "no call today yet" 'No calls match the filters'

add --disposition press --note 'live row from another process'
t_screen "a call appended by another process appears without a restart" 'live row from another process'
t_eq "the open screen holds no read transaction: a checkpoint completes (busy 0)" "0" \
	"$(sqlite3 "$LOG" "PRAGMA busy_timeout = 5000; PRAGMA wal_checkpoint(TRUNCATE)" | tail -1 | cut -d'|' -f1)"
tm_keys d
t_screen "d: yesterday" '^Date:yesterday '
tm_keys d
t_screen "d: this week" '^Date:this week '
tm_keys d
t_screen "d: all" '^Date:all '
t_eq "all six calls" 6 "$(rows)"
t_match "newest first, the disposition by its label" '^[0-9-]+ [0-9:]+ +[a-z0-9]+ +- +Press ' "$(printf '%s\n' "$screen" | sed -n 4p)"
tm_keys Down Down
add --disposition press --note 'another live row'
t_screen "a new call appears at the top while the cursor is down" 'another live row'
tm_keys Enter
t_screen "the cursor stayed on its row (=SUM, now the fourth newest)" '^Disposition +Other$'
t_screen "detail: the note as typed" '^  =SUM\(A1\)'
tm_keys q
t_screen "q in the detail goes back" '^time +operator'
tm_keys d
t_screen "d again: a typed range" 'Dates \(FROM or FROM~TO\):'
tm_text "令和元年4月30日~2025-03-14"
tm_keys Enter
t_screen "a date that cannot be read says why, whole, above the prompt" \
	"^date '令和元年4月30日': 令和元年4月30日 is before 令和 began on 2019-05-01"
t_match "... and the prompt stays open with what was typed" \
	'^Dates \(FROM or FROM~TO\): 令和元年4月30日~2025-03-14' "$screen"
tm_keys C-u
tm_text "2025-03-14～R7.3.14"
tm_keys Enter
t_screen "a range with ～ (MS-IME's から) is read" '^Date:2025-03-14～R7\.3\.14 '
tm_wait_gone 'live row' || true
t_eq "... the five calls of that day" 5 "$(rows)"
tm_keys d d d d d
t_screen "back to a typed range" 'Dates \(FROM or FROM~TO\):'
tm_text "2025-03-14"
tm_keys Enter
t_screen "the typed date is the filter" '^Date:2025-03-14 '
tm_wait_gone 'live row' || true
t_eq "the five calls of that day" 5 "$(rows)"
t_match "time, operator, match, disposition, duration, escalation, note" \
	'^03-14 09:03 +[a-z0-9]+ +- +Card misuse +0:30 +!  カードの不正利用' "$screen"
t_match "a note's line end is drawn as a space" 'she said "hello" and hung up' "$screen"
t_no_overflow "no line wider than the terminal"

tm_keys Down Down Enter
t_screen "Enter on the third row opens its detail" '^Disposition +Card misuse$'
t_screen "detail: the state by its label" '^State +saved$'
t_match "detail: the details used, by their form labels" '^Factors used +Reading, Birth date$' "$screen"
t_screen "detail: all fields" '^Escalate +yes'
t_screen "detail: the FAQ entries shown, with their questions" '^  Q13 +.'
t_screen "detail: the note" '^  カードの不正利用'
t_screen "detail: the state" '^State +saved'
tm_keys Escape
t_screen "Esc goes back to the table" '^time +operator'

tm_keys o
t_screen "o asks for the operator" 'Operator \(empty: any\):'
tm_text bob
tm_keys Enter
t_screen "the operator filter is shown" 'Operator:bob '
t_eq "only bob's call" 1 "$(rows)"
tm_keys o C-u Enter
t_screen "an empty operator is any" 'Operator:\* '
tm_keys p
t_screen "p: the first disposition, by its label" 'Disp:Status check '
t_eq "three status calls" 3 "$(rows)"
tm_keys m
t_screen "m: verified" 'Match:verified '
t_eq "two verified status calls" 2 "$(rows)"
tm_keys c
t_screen "c clears every filter" '^Date:today +Operator:\* +Disp:\* +Match:\* +Esc:\* +Note:\*'
tm_keys d d d
t_screen "all dates again" '^Date:all '
tm_keys e
t_screen "e: escalated only" 'Esc:only '
t_eq "one escalated call" 1 "$(rows)"
tm_keys e /
t_screen "/ asks for note text" 'Text in notes'
tm_text "ｶｰﾄﾞ"
tm_keys Enter
t_screen "the note filter is shown" 'Note:ｶｰﾄﾞ'
t_eq "half-width ｶｰﾄﾞ finds the note written カード (folded)" 1 "$(rows)"
tm_keys m m m m m
t_screen "m cycles to 'no level recorded'" 'Match:- '
t_eq "the カード call has no match level" 1 "$(rows)"
tm_keys m c d d d
t_screen "cleared, all dates" '^Date:all +Operator:\* +Disp:\* +Match:\* +Esc:\* +Note:\*'

# The rows added live were written now: moved to a fixed hour, so that
# the chart below does not depend on the time the test runs (at 09:xx
# UTC they fell in the 09 bar).
sqlite3 "$LOG" "UPDATE inquiry SET started_at = '2025-03-15T15:00:00.000Z',
  ended_at = '2025-03-15T15:00:30.000Z' WHERE seq > 5"
tm_keys t
t_screen "t: the charts" '^madoguchi review +\[charts\]'
t_screen "calls per hour as ASCII bars" '^  09 +5 #+$'
t_screen "dispositions counted, by label" '^  Status check +3 #+'
tm_keys F1
t_screen "F1 opens the help" '^madoguchi review +\[help\]'
t_screen "... naming the export" '^  x +export the calls of the view: CSV, CSV in CP932, JSON Lines$'
tm_keys Escape
t_screen "Esc goes back to the view it came from" '^madoguchi review +\[charts\]'
t_eq "the charts use no character outside ASCII for bars" "" \
	"$(printf '%s\n' "$screen" | grep -E '^  [0-9]{2} ' | LC_ALL=C grep -P '[^\x20-\x7e]')"
tm_keys t
t_screen "t again: the lookup use" '^madoguchi review +\[lookups\]'
t_screen "the unusual are marked: 12 lookups for 1 call, a verified lookup outside a call" '^! bob +12! +1 +1! +0 *$'
t_screen "refused attempts to read the log are counted" '^Refused attempts to read the log: 1$'
t_screen "... each with when, who and what, marked" '^! 03-14 12:30  bob +log stats$'
t_screen "the lookups' filter bar shows only what applies to them" '^Date:all +Operator:\* +\(the other filters are for calls\)$'
tm_keys x
t_screen "x there says it exports calls, and how to get lookups" 'x exports calls: t back to the table'
t_nomatch "... and asks no format" 'Format: c CSV' "$screen"
tm_keys t
t_screen "t again: back to the table" '^madoguchi review +\[calls\]'

tm_keys x
t_screen "x asks for the format" 'Format: c CSV'
tm_keys c
t_screen "then the path, with a default" 'Export to: \./madoguchi-export-[0-9]{8}-[0-9]{4}\.csv'
tm_keys C-u
tm_text "$T_TMP/out.csv"
tm_keys Enter
t_screen "the export is reported" "Exported 7 calls to .*out\\.csv"
t_eq "the file is the supervisor's alone" 600 "$(stat -c %a "$T_TMP/out.csv" 2>/dev/null)"
t_eq "it starts with the UTF-8 BOM and the header" \
	"$(printf '\xef\xbb\xbfseq,uuid,started_at,ended_at,operator,host,snapshot_id,match,ref,factors,faq,disposition,escalate,note,state,started_local,ended_local\r')" \
	"$(head -1 "$T_TMP/out.csv")"
t_eq "each record's started_local is its started_at in local time (TZ=UTC here)" "" \
	"$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    if r.get("started_local") != r["started_at"][:19].replace("T", " "): print(r["seq"])' "$T_TMP/out.csv")"
t_eq "the header and the 7 records end in CRLF (a newline inside quotes is kept as typed)" 8 \
	"$(grep -c $'\r$' "$T_TMP/out.csv")"
t_match "a comma is quoted" ',"first, with a comma",saved' "$(cat "$T_TMP/out.csv")"
t_match "quotes are doubled and the newline kept inside the quotes" \
	',"she said ""hello""' "$(cat "$T_TMP/out.csv")"
t_match "a formula-like note is defused" ",\"'=SUM\\(A1\\)\"," "$(cat "$T_TMP/out.csv")"
tm_keys x c C-u
tm_text "$T_TMP/out.csv"
tm_keys Enter
t_screen "an existing file is not overwritten" 'out.csv exists; give another name'

tm_keys e x s C-u
tm_text "$T_TMP/out-sjis.csv"
tm_keys Enter
t_screen "the CP932 export of the current view" "Exported 1 calls to .*out-sjis\\.csv"
t_eq "CP932 has no BOM and round-trips through iconv" "カードの不正利用" \
	"$(iconv -f CP932 -t UTF-8 "$T_TMP/out-sjis.csv" | tail -1 | grep -o 'カードの不正利用')"
t_eq "the CP932 file is not UTF-8" "no" \
	"$(grep -q 'カード' "$T_TMP/out-sjis.csv" && echo yes || echo no)"
tm_keys x j C-u
tm_text "$T_TMP/out.jsonl"
tm_keys Enter
t_screen "JSON Lines export" "Exported 1 calls to .*out\\.jsonl"
t_match "one JSON object per call" '^\{"seq":3,"uuid":"[0-9a-f-]{36}",.*"escalate":true,"note":"カードの不正利用","state":"saved"\}$' \
	"$(cat "$T_TMP/out.jsonl")"

t_match "the status line is in colour on a colour terminal" $'\e\\[[0-9;]*4[0-7]m' "$(tm_screen -e)"
tm_resize 50 8
t_screen "too small: a plain message" 'too small for the review'
tm_resize 100 30
t_screen "back to the table after a resize" '^time +operator'
tm_keys q
t_exit "q ends the review with status 0" 0

tm_start -g -j "${ENVS[@]}" -e NO_COLOR=1 -- --ambiwidth double review
t_screen "in Japanese (the default language)" '^madoguchi review +\[通話\]'
t_nomatch "NO_COLOR: no colour escapes" $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' "$(tm_screen -e)"
t_match "NO_COLOR: the status line is still reversed" $'\e\\[[0-9;]*7m' "$(tm_screen -e)"
tm_keys d d d
t_screen "Japanese filter labels" '^日付:すべて +担当'
t_screen "Japanese match levels and dispositions in the table" ' 本人確認済み +状況確認 '
t_screen "at 80 columns the key bar keeps quit, help and export (it is cut at the right)" '^q終了 \?ヘルプ x書出 Enter詳細'
tm_keys '?'
t_screen "? opens the review's help, in Japanese" '^集計画面のキー'
t_screen "... every filter key is there" '^  / +メモの中の語'
t_no_overflow "the help: nothing beyond 80 columns"
tm_keys q
t_screen_not "q leaves the help" '^集計画面のキー'
t_screen "(back on the table)" '^madoguchi review +\[通話\]'
t_no_overflow "no line wider than 80 columns at ambiwidth=double"
tm_keys t
t_screen "Japanese charts" '時間帯別の通話数'
t_screen "Japanese disposition labels in the charts" '^  状況確認 +3 #+'
t_no_overflow "charts: no line wider than 80 columns"
tm_keys t
t_screen "the lookup view at 80 columns: the hour grid keeps 23" '^ +0  1  2 .* 22 23$'
t_screen "... and bob's row its last cell" '^bob( +\.){12} +12( +\.){11}$'
t_screen "the legend of ! is wrapped, not cut" '受付時間外の照会$'
t_no_overflow "lookups: no line wider than 80 columns"
kill -TERM "$(cat "$T_TMP/pid")"
t_exit "SIGTERM ends the review with status 0" 0
t_done
