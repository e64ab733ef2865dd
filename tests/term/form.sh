#!/usr/bin/env bash
# Issue 13, item 10 and the form's smaller items, at 80x24: Tab into a
# field holding text selects it (typing replaces it, Left keeps it); Up on
# the first field and Down on the last stay there; a full-width ｙ answers
# yes, another key at a y/n question is refused with a word; a phone in
# full-width digits stands whole in its field; a reading is shown as the
# hiragana it was read as.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_demo
"$MADOGUCHI" log add --log "$LOG" --spool-dir "$T_TMP/spool" --disposition other >/dev/null
export_last() {
	"$MADOGUCHI" log export --log "$LOG" | tail -1 |
		python3 -c "import json,sys; v=json.loads(sys.stdin.read())['$1']; print(json.dumps(v, ensure_ascii=False))"
}

tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "the screen starts" '^14 '
tm_keys F2
tm_keys Up
tm_text あ
t_screen "Up on the first field stays there" '^ Reading +あ '
t_nomatch "... it does not wrap round to the last" '^ Reg\. date +あ' "$screen"
tm_keys C-u
tm_text しぶし
tm_keys Tab Tab Tab Tab Tab Tab Tab Tab
t_screen "Tab round to the reading again" '^ Reading +しぶし '
t_match "the field holding text is shown selected" $'\e\\[[0-9;]*7m *しぶし' "$(tm_screen -e | grep 'Reading')"
tm_text しぶしたろう
t_screen "typing replaces the selected text" '^ Reading +しぶしたろう '
t_nomatch "... it does not append (しぶししぶし)" 'しぶししぶし' "$screen"
tm_keys Tab Tab
tm_text S50.3.1
tm_keys Up Up Left
tm_text x
t_screen "Left keeps the text and moves into it" '^ Reading +しぶしたろxう '
tm_keys BSpace Down
tm_keys BSpace
t_screen "Backspace on a selected field empties it" '^ Name *$'
tm_keys Down Down Down Down Down Down Down
tm_text 1
t_screen "Down on the last field stays there" '^ Reg\. date +1 '
tm_keys C-u Up Up Up Up
tm_text "（０９９）４７２－１１１１"
t_screen "a phone in full-width digits stands whole in its field" '^ Phone +（０９９）４７２－１１１１ +→ 0994721111'
t_nomatch "... no mark of a text scrolled out" '^ Phone +<' "$screen"
tm_keys C-u
tm_text "０９０－５５５５－６６６６"
t_screen "a longer one too" '^ Phone +０９０－５５５５－６６６６ +→ 09055556666'
# The column of each → (display columns: a full-width character is two).
arrows=$(printf '%s\n' "$screen" | python3 -c '
import sys, unicodedata
cols = set()
for row in sys.stdin:
    if "→" not in row: continue
    before = row[:row.index("→")]
    cols.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before))
print(len(cols))')
t_eq "what was read stands in one column beside every field" 1 "$arrows"
t_no_overflow "nothing beyond 80x24"
tm_keys Up Up Up C-u
tm_text "ｻｲﾄｰ ｼｮｰｺ"
t_screen "a reading is shown as the hiragana it was read as" '^ Reading +ｻｲﾄｰ ｼｮｰｺ +→ さいとー しょーこ'
# A date after today: read as written, and the slip of the era said.
tm_keys Tab Tab
tm_text "令50.3.1"
t_screen "a birth date after today is said beside it" '^ Birth date +令50\.3\.1 +→ 2068-03-01 \(after today: check th'
tm_keys F10
t_screen "F10 with a call asks" 'quit\? \(y/n\)'
tm_keys x
t_screen "another key is refused with a word, the question stays" 'answer y or n .*quit\? \(y/n\)'
tm_keys ｙ
t_exit "a full-width ｙ answers yes" 0
t_eq "the call was logged as interrupted" '"interrupted"' "$(export_last state)"
t_done
