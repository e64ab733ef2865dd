#!/usr/bin/env bash
# The wrap-up's traps a user test found after issue 13, at 80x24 unless
# said: an IME's committed text that starts with a digit or a space goes
# whole into the note (it neither chooses a disposition nor escalates); a
# verdict cleared by a changed detail is said in the wrap-up with the way
# back (F2), and a save without it is asked, Enter not taken for yes; the
# question before a save says what it records; on a terminal too short
# for the grid (50x14) the verdict stays in view, the dispositions on one
# row; a verified caller whose card data is not in the list is told so
# beside the card window's advice.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_demo
"$MADOGUCHI" log add --log "$LOG" --spool-dir "$T_TMP/spool" --disposition other >/dev/null
export_last() {
	"$MADOGUCHI" log export --log "$LOG" | tail -1 |
		python3 -c "import json,sys; v=json.loads(sys.stdin.read())['$1']; print(json.dumps(v, ensure_ascii=False))"
}
# The disposition row's chosen cell, marked with >.
chosen() { printf '%s\n' "$screen" | grep -oE '>[0-9] [A-Za-z -]+[a-z]' | head -1; }

tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "the screen starts" '^14 '

# An IME commits 「３回目の電話」 at once: the note, not disposition 3.
tm_keys F3
t_screen "the wrap-up" 'Wrap-up: '
tm_text "３回目の電話"
t_screen "text committed at once goes into the note, its digit too" '^ Note +３回目の電話'
t_eq "... and chooses no disposition" "" "$(chosen)"
tm_keys Tab Tab 1
t_screen "a digit typed alone chooses" '>1 Status check'
tm_text " 折り返し"
t_screen "a committed text starting with a space goes into the note" '３回目の電話 折り返し'
t_match "... and does not escalate" '^ Escalate +\[ \]' "$screen"
t_match "... disposition 1 stays" '>1 Status check' "$screen"

# Alt-Enter breaks a line in the note (Enter saves).
tm_keys M-Enter
tm_text "夕方に"
t_screen "Alt-Enter: a new line in the note" '^ +15 chars +夕方に'

# The question before a save says what the save records.
tm_keys Enter
t_screen "Enter in the note asks" 'save the call with the note above\?'
t_match "... and says what is saved" 'To be saved: Status check, a note of 15 characters\.' "$screen"
tm_keys n
t_screen_not "n goes back" 'To be saved'
tm_keys Enter y
t_screen "y saves" 'call saved in the log'
t_eq "the note as typed, its line break kept" '"３回目の電話 折り返し\n夕方に"' "$(export_last note)"

# A verdict cleared in the middle of the wrap-up.
tm_keys F2
tm_text しぶしたろう
tm_keys Tab Tab
tm_text S50.3.1
tm_keys Enter
t_screen "verified" 'VERIFIED'
tm_keys F3 1 F2 Up
tm_text x
t_screen "a changed detail clears the verdict" 'the verdict was cleared'
tm_keys F3
t_screen "the wrap-up says the verdict was cleared and how to look up again" 'F2, then Enter, looks up again'
t_nomatch "... not that Enter looks up again" 'cleared\. Enter looks up again' "$screen"
calls=$("$MADOGUCHI" log export --log "$LOG" | wc -l)
tm_keys Enter
t_screen "Enter asks before a save without a verdict" 'save it without a verdict\? \(y: save, n: back\)'
t_match "... saying what it would record" 'To be saved: Status check\.' "$screen"
t_match "... and that it has no verdict" 'It has no verdict' "$screen"
tm_keys Enter
t_screen "Enter is not taken for yes" 'answer y or n'
tm_keys n
t_screen_not "n goes back to the wrap-up" 'without a verdict\?'
t_eq "nothing was saved" "$calls" "$("$MADOGUCHI" log export --log "$LOG" | wc -l)"
tm_keys Enter y
t_screen "y saves it" 'call saved in the log'
t_eq "saved without a verdict, as asked" 'null' "$(export_last match)"

# 50x14: too short for the grid and the verdict; the verdict stays.
tm_keys F2
tm_keys C-u
tm_text しぶしたろう
tm_keys Tab Tab C-u
tm_text S50.3.1
tm_keys Enter
t_screen "verified again" 'VERIFIED'
tm_resize 50 14
tm_keys F3
t_screen "50x14: the wrap-up" 'Wrap-up'
t_match "50x14: the verdict is in view" '\[=\] VERIFIED' "$screen"
t_match "50x14: the dispositions on one row, how to choose said" '(1-8 or Up/Down)' "$screen"
t_no_overflow "nothing beyond 50x14"
tm_keys 6
t_screen "50x14: a number chooses, shown on the row" '6 Complaint'
tm_keys NPage
t_screen "50x14: PgDn scrolls the verdict" 'more above: PgUp|FAQ: \[F5\]'
tm_keys Tab Tab
tm_text "折り返しの電話を希望、夕方以降。折り返しの電話を希望、夕方以降。折り返しの電話を希望。"
t_screen "50x14: a note of one row says how many rows are out of view" '^ Note \+[0-9]+ '
tm_keys C-u
tm_resize 80 24
tm_keys F4 y
tm_wait_gone '\(y/n\)' >/dev/null

# Verified, card data not in the list, a card date inside the window.
tm_keys F2
tm_text たなかひろし
tm_keys Tab Tab
tm_text S45.1.1
tm_keys Tab Tab Tab
tm_text 892-0816
tm_keys Tab
tm_text R3.5.1
tm_keys Enter
t_screen "verified by the postal code" 'VERIFIED'
t_match "card data not exposed" 'Card: not exposed' "$screen"
joined=$(printf '%s\n' "$screen" | sed 's/^ *//' | paste -sd' ')
t_match "the card window's advice says the list holds none of theirs" 'inside the card window, but the list holds no card data of this caller' "$joined"

# A long note: the rows scrolled out of view are counted beside it, and
# Up held to read it back stops at its first line instead of going on to
# change the disposition.
tm_keys F3 3 Tab Tab
long=""
for i in $(seq 1 30); do long="$long折り返しの電話を希望、$i回目。"; done
tm set-buffer -- "$long"
tm paste-buffer -p -d
tm_keys Enter
t_screen "a long note: the save's question" 'save the call with the note above\?'
t_match "... the rows of the note above the view are counted" '^ +[0-9]+ above +' "$screen"
tm_keys n
for i in $(seq 1 30); do tm_keys Up; done
t_screen "Up at the note's first line says how to leave it" "the note's first line: Shift-Tab"
t_match "... the disposition is still 3" '>3 Reissue-fee' "$screen"
t_match "... the rows below the view are counted" '^ +[0-9]+ below +' "$screen"
t_match "... and the note's start is in view" '折り返しの電話を希望、1回目。' "$screen"
tm_keys F10 y
t_exit "F10 y quits" 0
t_done
