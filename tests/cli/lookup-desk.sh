#!/usr/bin/env bash
# lookup through the desk: the identifiers from standard input (never in
# argv, which every account sees in ps), the event recorded before the
# verdict, the lookup limit with its refusal recorded and shown.
. "$(dirname "$0")/../lib.sh"

D=$T_TMP/demo
"$MADOGUCHI" demo --dir "$D" >/dev/null || { t_fail "demo" "madoguchi demo failed"; t_done; }
S=(--snapshot "$D/snapshot.db" --key "$D/snapshot.key" --log "$T_TMP/log.db" --spool-dir "$T_TMP/spool")

out=$(printf 'kana=しぶし たろう\n# a comment\n\nbirth=S50.3.1\n' | "$MADOGUCHI" lookup --stdin "${S[@]}" 2>&1)
t_match "--stdin: name=value lines" '^match: verified' "$out"
out=$(printf '{"kana":"しぶし たろう","birth":"昭和50年3月1日","card_date":"R3.5.1"}' |
	"$MADOGUCHI" lookup --stdin --json "${S[@]}" 2>&1)
t_match "--stdin: one JSON object (card_date as a key)" '"match":"verified"' "$out"
t_match "... the card date was read" '"card":"(inside|outside)"' "$out"

t_stdin() { out=$(printf "$1" | "$MADOGUCHI" lookup --stdin "${S[@]}" 2>&1); rc=$?; }
t_stdin 'kana=しぶし\nbirth=S50.3.1\nkana=x\n'
t_eq "a field given twice: exit 2" 2 "$rc"
t_match "... named with its line" "line 3.*'kana' is given twice" "$out"
t_stdin 'colour=blue\n'
t_match "an unknown field is named, with the ones there are" "'colour' is not a field: use kana, name" "$out"
t_stdin 'kana しぶし\n'
t_match "a line without = says how to write it" "line 1: write name=value" "$out"
t_stdin '["kana"]'
t_match "JSON that is not one object is refused" 'lookup --stdin: .*(not a JSON object|not JSON)' "$out"
t_stdin '{"kana":1}'
t_match "a value that is not a string is named" '"kana": its value must be a string' "$out"
out=$(printf 'kana=x\n' | "$MADOGUCHI" lookup --stdin --kana しぶし "${S[@]}" 2>&1)
t_match "--stdin and a field option together: refused" 'with --stdin the fields come from standard input, not --kana' "$out"

# The values are never in the process's argv: looked at while it waits.
mkfifo "$T_TMP/in"
"$MADOGUCHI" lookup --stdin "${S[@]}" <"$T_TMP/in" >"$T_TMP/out" 2>&1 &
pid=$!
exec 7>"$T_TMP/in"
for i in $(seq 50); do [ -r /proc/$pid/cmdline ] && break; sleep 0.1; done
cmdline=$(tr '\0' ' ' </proc/$pid/cmdline)
printf 'kana=しぶし たろう\nbirth=1975-03-01\n' >&7
exec 7>&-
wait $pid
t_match "argv holds the options" 'lookup --stdin' "$cmdline"
t_nomatch "... and none of the values" 'しぶし|1975' "$cmdline"
t_match "... which came on stdin" '^match: verified' "$(cat "$T_TMP/out")"

# Every lookup is recorded before its verdict.
n0=$("$MADOGUCHI" log export "${S[@]}" --lookups | wc -l)
"$MADOGUCHI" lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 >/dev/null
t_eq "each lookup adds its event" "$((n0 + 1))" "$("$MADOGUCHI" log export "${S[@]}" --lookups | wc -l)"

# The limit: two in ten minutes, then refused, the refusal recorded.
L=(--log "$T_TMP/limit.db" --lookup-limit 2/10m)
for i in 1 2; do
	"$MADOGUCHI" lookup "${S[@]}" "${L[@]}" --kana しぶしたろう --birth S50.3.1 >/dev/null
done
t_run lookup "${S[@]}" "${L[@]}" --kana しぶしたろう --birth S50.3.1
t_status "past the limit: exit 2" 2
t_match "... one line saying the limit" '^madoguchi: lookup limit reached: 2 lookups in 10 minutes' "$err"
t_eq "... no verdict on stdout" "" "$out"
t_match "the refusal is in the log" '"verdict":"refused"' \
	"$("$MADOGUCHI" log export "${S[@]}" "${L[@]}" --lookups | tail -1)"
t_match "log stats counts it" "^lookups_refused	$(id -un)	1\$" "$("$MADOGUCHI" log stats "${S[@]}" "${L[@]}")"
t_run lookup "${S[@]}" --log "$T_TMP/limit.db" --lookup-limit 3/10m --kana しぶしたろう --birth S50.3.1
t_status "a refused lookup does not count toward the limit" 0
t_run lookup "${S[@]}" --lookup-limit 'lots' --kana しぶしたろう --birth S50.3.1
t_status "a limit it cannot read: exit 2" 2
t_match "... naming the option and the form" "^madoguchi: --lookup-limit 'lots': use counts per time" "$err"
t_done
