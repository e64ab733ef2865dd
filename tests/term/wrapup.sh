#!/usr/bin/env bash
# Issue 13, items 4 and 5, at 80x24: the wrap-up's dispositions all in
# view, chosen by their number (a disposition in 2 keys: F3 and its
# number) or by Up/Down without wrapping round from none; Space escalates
# wherever the wrap-up's keys say so; the note on several rows, whole as
# far as the screen allows, edited by character; Enter in the note asks
# before it saves, and the save says what it saved.  Also 120x40: the long
# note uses the rows it has.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

LOG=$T_TMP/log.db
E=(-e "MADOGUCHI_LOG=$LOG" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool")
"$MADOGUCHI" log add --log "$LOG" --spool-dir "$T_TMP/spool" --disposition other >/dev/null
# The note's rows joined: from the row of its label to the first empty row,
# the label column left out.
note_text() {
	printf '%s\n' "$screen" | sed -n '/^ \(Note\|メモ\) /,/^ *$/p' |
		sed -E 's/^ (Note|メモ|[0-9]+ chars|[0-9]+ ?字)? +//' | tr -d '\n'
}
export_last() {
	"$MADOGUCHI" log export --log "$LOG" | tail -1 |
		python3 -c "import json,sys; v=json.loads(sys.stdin.read())['$1']; print(json.dumps(v, ensure_ascii=False))"
}
# A 289-character note, as an escalation's.
NOTE=$(python3 -c "
s = 'カード会社から不正利用の連絡があり、再発行手数料の負担について強い苦情。折り返し希望、夕方以降。'
t = ''
while len(t) < 289: t += s
print(t[:279] + 'ここまで記録します。')")
t_eq "the note is 289 characters" 289 "$(printf '%s' "$NOTE" | python3 -c 'import sys; print(len(sys.stdin.read()))')"

tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "the screen starts" '^14 '
tm_keys F3
t_screen "F3 opens the wrap-up" 'Wrap-up'
for d in "Status check" "Card misuse" "Reissue-fee claim" "Notice not received" "Change of contact" \
	"Complaint" "Press" "Other"; do
	t_match "every disposition is in view: $d" "[0-9] $d" "$screen"
done
t_match "the wrap-up says Space escalates on this row" 'Space escalate' "$screen"
tm_keys Up
t_screen "Up with none chosen does not wrap round to the last: it says how to choose" 'Down or 1-8 chooses'
t_nomatch "... and nothing is chosen" '>[0-9] ' "$screen"
tm_keys Space
t_screen "Space on the disposition row escalates" 'Escalate +\[x\]'
tm_keys Space
t_screen "Space again takes it back" 'Escalate +\[ \]'
tm_keys 6
t_screen "a number chooses its disposition: 6 Complaint" '>6 Complaint'
tm_keys Down Down
t_screen "Down moves on from there" '>8 Other'
tm_keys Down
t_nomatch "Down at the last does not wrap round" '>1 Status' "$(tm_settle; printf '%s\n' "$screen")"
tm_keys ６
t_screen "a full-width digit chooses too" '>6 Complaint'
tm_keys 9
t_screen "a number with no disposition is said" 'no disposition 9'
tm_keys Space Tab
t_screen "Tab: escalation, Space still escalates" 'Escalate +> \[x\]'
tm_keys Tab
t_screen "Tab to the note: the keys there say no Space" 'type the note'
t_nomatch "... Space is the note's there" 'Space escalate' "$screen"
tm_text "$NOTE"
t_screen "the long note is typed" '289 chars'
t_eq "the whole note is in view, on its rows" "$NOTE" "$(note_text)"
note_rows=$(printf '%s\n' "$screen" | grep -cE '(カード会社|再発行手数料|折り返し|ここまで)')
if [ "$note_rows" -ge 5 ]; then t_ok "the note stands on several rows ($note_rows)"; else t_fail "the note stands on several rows" "$screen"; fi
t_match "its start is in view with its end" '^ Note +カード会社から不正利用の連絡があり' "$screen"
t_match "the note says how long it is" '289 chars' "$screen"
t_no_overflow "the note draws nothing beyond 80x24"
tm_keys Left Left BSpace
t_screen "Left and Backspace edit by character" '288 chars'
t_eq "... one character less, before the last two" "${NOTE%ます。}す。" "$(note_text)"
tm_text ま
t_screen "typing inserts at the cursor" '289 chars'
t_eq "... the note whole again" "$NOTE" "$(note_text)"
tm_keys Enter
t_screen "Enter in the note asks before saving" 'save the call with the note above\?'
tm_keys x
t_screen "another key is refused with a word" 'Enter or y saves, n goes back'
tm_keys n
t_screen_not "n goes back to the note" 'save the call with the note'
t_eq "... the note as it was" "$NOTE" "$(note_text)"
tm_keys Enter
t_screen "asked again" 'save the call with the note above\?'
tm_keys Enter
t_screen "Enter saves, and says what" 'call saved in the log \([0-9a-f]{8}\): Complaint, escalated, a note of 289'
t_eq "the disposition is saved" '"complaint"' "$(export_last disposition)"
t_eq "escalated" 'true' "$(export_last escalate)"
t_eq "the note is saved whole" "\"$NOTE\"" "$(export_last note)"

# Two keys for a disposition, Enter saves at once from the rows above.
tm_keys F3 1 Enter
t_screen "F3 1 Enter: a status call saved" 'call saved in the log \([0-9a-f]{8}\): Status check'
t_eq "status" '"status"' "$(export_last disposition)"
tm_keys F10
t_exit "F10 quits" 0

# Japanese: the list whole at 80 columns, on two rows.
tm_start -g -j "${E[@]}" -- --ambiwidth single
t_screen "the screen starts (Japanese)" '^14 '
tm_keys F3
t_screen "the wrap-up (Japanese)" '終話処理: '
t_match "the eight dispositions on two rows" '1 状況確認 .*4 通知未着' "$screen"
t_match "... the second row" '5 連絡先の変更 .*8 その他' "$screen"
t_no_overflow "nothing beyond 80 columns (Japanese)"
tm_keys 2 Tab Tab
tm_text "$NOTE"
t_screen "the long note (Japanese)" '289 ?字'
t_eq "the whole note is in view (Japanese)" "$NOTE" "$(note_text)"
tm_keys Enter
t_screen "the question (Japanese)" 'メモの内容で保存しますか'
tm_keys ｙ
t_screen "a full-width ｙ answers yes" '通話をログに保存しました \([0-9a-f]{8}\): カード不正利用、メモ 289字'
tm_keys F10
t_exit "F10 quits (Japanese)" 0

# 120x40: the note has more rows; it shows whole.
tm_start -g -s 120x40 "${E[@]}" -- --ambiwidth single
t_screen "the screen starts (120x40)" '^ *14 '
tm_keys F3 7 Tab Tab
tm_text "$NOTE"
t_screen "the long note at 120x40" '289 chars'
t_eq "the whole note is in view (120x40)" "$NOTE" "$(note_text)"
t_no_overflow "nothing beyond 120x40"
tm_keys Tab Tab
tm_keys Enter
t_screen "from the rows above, Enter saves at once" 'call saved in the log \([0-9a-f]{8}\): Press, a note of 289'
tm_keys F10
t_exit "F10 quits (120x40)" 0
t_done
