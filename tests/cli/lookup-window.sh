#!/usr/bin/env bash
# lookup --card-date / --reg-date: the date windows of data/windows.tsv in
# the JSON and the text, the advice ("not in the list" is not "not
# affected"), errors naming file:line, and the lookup event written only
# when a log is configured.
. "$(dirname "$0")/../lib.sh"
D=$T_TMP/demo
"$MADOGUCHI" demo --dir "$D" >/dev/null
S=(--snapshot "$D/snapshot.db" --key "$D/snapshot.key")
unset MADOGUCHI_LOG MADOGUCHI_SPOOL_DIR

t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --json
t_match "no dates: window null for both" '"window":\{"card":null,"userinfo":null\},"advice":\[\]' "$out"

t_run lookup "${S[@]}" --kana だれでもない --birth 1975-03-01 --card-date 令和3年5月1日 --json
t_status "none exits 1" 1
t_match "none with a card date inside: card inside" '"match":"none".*"window":\{"card":"inside","userinfo":null\}' "$out"
t_match "the advice says not in the list is not not affected" '"advice":\["Not in the list does not mean not affected: the card date is inside the card window\. Ask the caller to check the card statement' "$out"
t_match "the card window's Q7 joins the FAQ entries" '"faq":\[13,14,7\]' "$out"

t_run lookup "${S[@]}" --kana だれでもない --birth 1975-03-01 --card-date 2021-03-11 --reg-date H31.6.28
t_match "text: card outside" '^window: card outside$' "$out"
t_match "text: the user-data window with its dates" '^window: userinfo inside \(2019-06-28 to 2019-07-05\)$' "$out"
t_match "text: user-data advice" '^advice: Not in the list does not mean not affected: the registration date' "$out"

t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date 2021/12/29 --json
t_match "verified inside: advice without the not-in-list words" '"card":"inside".*"advice":\["The card date is inside the card window: ask the caller to check' "$out"
t_match "the window's FAQ is not repeated" '"faq":\[7,13,14\]' "$out"

t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --reg-date 2021-12-25 --json
t_match "the day after the last: outside" '"userinfo":"outside"' "$out"

t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date yesterday
t_status "an unreadable date exits 2" 2
t_match "the option is named" '^madoguchi: lookup: --card-date: ' "$err"
t_run lookup "${S[@]}" --kana しぶしたろう --reg-date
t_status "a missing value exits 2" 2
t_match "the missing value is named" '^madoguchi: lookup: --reg-date needs a value' "$err"

# A broken windows file: one line naming file:line.
mkdir -p "$T_TMP/data"
cp "$ROOT/data/"*.tsv "$T_TMP/data/"
printf 'card\t2021-03-12\t2021-13-29\t7\n' >>"$T_TMP/data/windows.tsv"
n=$(wc -l <"$T_TMP/data/windows.tsv")
t_run lookup --data "$T_TMP/data" "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date 2021-05-01
t_status "a bad windows.tsv exits 2" 2
t_match "the error names file:line and the field" "^madoguchi: .*windows\\.tsv:$n: to '2021-13-29' is not a date" "$err"
t_eq "one line" 1 "$(printf '%s\n' "$err" | wc -l)"
t_run lookup --data "$T_TMP/data" "${S[@]}" --kana しぶしたろう --birth S50.3.1
t_status "without dates the windows are not read" 0

# The lookup event: every lookup is recorded (issue 12), in the log set or
# else this account's own; never the values.
export HOME=$T_TMP/home XDG_STATE_HOME=$T_TMP/state
t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1
t_status "no log configured: the lookup answers" 0
t_eq "... and is recorded in this account's own log" "1" \
	"$("$MADOGUCHI" log export --log "$T_TMP/state/madoguchi/inquiry.db" --lookups | wc -l)"
t_run lookup "${S[@]}" --log "$T_TMP/log.db" --spool-dir "$T_TMP/spool" --kana しぶしたろう --birth S50.3.1
t_status "with a log: the lookup still answers" 0
ev=$("$MADOGUCHI" log export --log "$T_TMP/log.db" --lookups 2>&1)
t_match "with a log: one lookup event, verdict and snapshot" '"snapshot_id":"[0-9a-f]{32}","verdict":"verified","call_uuid":null' "$ev"
# Hashes and UUIDs are hex and may hold 1975 by chance: looked past.
t_nomatch "the event holds no value" 'しぶし|1975' "$(printf '%s' "$ev" | sed -E 's/"[0-9a-f-]{32,}"/"x"/g')"
t_done
