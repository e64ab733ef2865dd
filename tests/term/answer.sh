#!/usr/bin/env bash
# Opening and scrolling an answer, jumping by number, and the help screen.
# The programs run under tm_start -g: nothing may be drawn beyond them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -g -- --ambiwidth single
t_screen "the screen starts" '^14 '
tm_keys Down Down
t_screen "Down selects entry 3" 'answer 3'
tm_keys Enter
t_screen_not "Enter opens the answer: the list gives it the rows" '^14 '
t_match "the answer is shown" 'クレジットカード情報が漏えいしたおそれ' "$screen"
# The answer's lines: between the separator and the bottom line.
answer_part() { printf '%s\n' "$screen" | sed -n '/answer [0-9]/,$p' | sed '1d;$d'; }
# wait_change BEFORE: up to ~10 s for the answer part to differ from BEFORE.
wait_change() {
	for i in $(seq $((TM_WAIT * 10))); do
		screen=$(tm_screen)
		if [ "$(answer_part)" != "$1" ]; then
			tm_settle
			return 0
		fi
		sleep 0.1
	done
	return 1
}
tm_keys Escape
t_screen "Esc goes back to the list" '^14 '

# The answer pane grows when Enter gives it the list's rows: a page scrolled
# in the small pane must not leave the question hidden, and the next PgDn
# must not jump back up.  Answer 1 has 9 lines: 7 fit below the list, all
# of them once it is open.
first_line() { answer_part | head -1; }
tm_keys Home
t_screen "Home selects entry 1" 'answer 1'
tm_keys PageDown
t_screen_not "PgDn with the list focused scrolls the answer below it" '^ 何が起きたのですか。'
t_eq "the question has scrolled away" " 本市へのふるさと納税の窓口の一つであります「志布志市ふるさと納税特設サイト」に" "$(first_line)"
tm_keys Enter
t_screen_not "Enter opens answer 1: the list gives it the rows" '^14 '
t_eq "the opened answer starts with its question" " 何が起きたのですか。" "$(first_line)"
t_match "and shows its last line" '^ えいした可能性があることが判明いたしました。$' "$(answer_part)"
opened=$(answer_part)
# The help, opened and left after PgDn, proves PgDn was handled.
tm_keys PageDown '?'
t_screen "(the help after PgDn)" '^ Keys'
tm_keys x
t_screen_not "(the help left)" '^ Keys'
t_eq "PgDn on an answer that fits changes nothing" "$opened" "$(answer_part)"
t_no_overflow "80x24: nothing drawn beyond the terminal"
tm_keys q
t_exit "q quits" 0

# The same when the terminal grows: the end of answer 1 at 40x12, then
# 80x24, where the whole answer fits.
tm_start -g -s 40x12 -- --ambiwidth single
t_screen "40x12 starts" 'answer 1'
tm_keys Enter End
t_screen_not "End at 40x12 scrolls the question away" '^ 何が起きたのですか。'
tm_resize 80 24
t_screen "at 80x24 the answer is wide" '^ 本市へのふるさと納税の窓口の一つであります「志布志市ふるさと納税特設サイト」に'
t_eq "grown, the answer starts with its question again" " 何が起きたのですか。" "$(first_line)"
t_no_overflow "grown to 80x24: nothing drawn beyond the terminal"
tm_keys q
t_exit "q quits after growing" 0

tm_start -g -s 40x12 -- --ambiwidth single
t_screen "a small screen starts" 'answer 1'
tm_keys Enter
t_screen_not "Enter opens answer 1 (the list gives it its rows)" '^ 4 '
top=$(answer_part)
tm_keys PageDown
if wait_change "$top"; then t_ok "PgDn scrolls the answer"; else t_fail "PgDn scrolls the answer" "$screen"; fi
down=$(answer_part)
tm_keys PageUp
if wait_change "$down" && [ "$(answer_part)" = "$top" ]; then t_ok "PgUp scrolls back to the top"; else t_fail "PgUp scrolls back to the top" "$screen"; fi
tm_keys End
if wait_change "$top"; then t_ok "End shows the end of the answer"; else t_fail "End shows the end of the answer" "$screen"; fi
t_no_overflow "nothing drawn beyond the 40x12 terminal"
tm_keys q
t_exit "q quits the small screen" 0
tm_start -g -- --ambiwidth single
t_screen "the screen starts again" '^14 '

tm_keys 1 3
t_screen "digits are shown as an entry number" 'entry number \(Enter to jump\): 13'
tm_keys Enter
t_screen "digits and Enter jump to entry 13" 'answer 13'
t_match "entry 13's question is shown" '私のクレジットカード情報は漏えいしたのですか' "$screen"
tm_keys 9 9
t_screen "a missing entry says so, at its last digit" 'no entry 99: the entries are 1 to 14'
tm_keys Enter
tm_text "１２"
t_screen "full-width digits (an IME's) are an entry number too" 'entry number \(Enter to jump\): 12'
tm_keys Enter
t_screen "... and jump" 'answer 12 '
tm_keys 1 3 Enter
t_screen "(back to entry 13)" 'answer 13 '

tm_keys '?'
t_screen "? shows the help" '^ Keys'
t_match "the help lists the quit keys" 'q F10 +quit' "$screen"
t_match "the help lists the search key" '^  / +search' "$screen"
tm_keys x
t_screen_not "any key leaves the help" '^ Keys'
t_screen "the list is back after the help" 'answer 13'
tm_keys C-l
t_screen "Ctrl-L redraws" 'answer 13'
tm_keys q
t_exit "q quits with status 0" 0

# Every answer, opened at a narrow width: no line of it starts with 、 or 。
# and nothing is drawn beyond the terminal.
tm_start -g -s 44x40 -- --ambiwidth single
t_screen "a narrow, tall screen starts" 'answer 1'
bad=""
for n in $(seq 14); do
	tm_keys $(echo "$n" | sed 's/./& /g') Enter
	if ! tm_wait_for "answer $n "; then bad="$bad $n(not opened)"; continue; fi
	tm_settle
	printf '%s\n' "$screen" | sed -n '/answer [0-9]/,$p' | grep -qE '^ [、。]' && bad="$bad $n(kinsoku)"
	[ -n "$(tm_overflow)" ] && bad="$bad $n(overflow)"
done
t_eq "all 14 answers wrap without a line starting with 、 or 。" "" "$bad"
tm_keys q
t_done
