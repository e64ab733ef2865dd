#!/usr/bin/env bash
# The start screen: the 14 questions, the status line, the labels in
# Japanese by default and English with --lang en, colours and NO_COLOR,
# the golden 80x24 screen, nothing drawn beyond the terminal (the pane is
# larger than the program's terminal: tm_start -g), and q quitting with
# status 0.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -g -- --ambiwidth single
t_screen "the last question is listed" '^14 '
t_eq "the 14 questions are listed" 14 "$(printf '%s\n' "$screen" | grep -cE '^ ?[0-9]+ ')"
t_match "status line names the operator" "operator: $(id -un)" "$screen"
t_match "status line shows the snapshot state" 'no snapshot' "$screen"
t_match "status line shows the clock" '[0-9][0-9]:[0-9][0-9] *$' "$(printf '%s\n' "$screen" | head -1)"
t_match "the main keys are shown" 'q/F10 quit' "$screen"
t_match "the first answer is shown" 'answer 1' "$screen"
t_no_overflow "nothing is drawn beyond the 80x24 terminal"

# The golden screen: the clock and the account vary, so they are masked.
mask() { sed -E '1s/[0-9]{2}:[0-9]{2}( *)$/HH:MM\1/; 1s/operator: [^ ]+/operator: USER/'; }
golden=$ROOT/tests/term/golden/start-80x24.txt
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	printf '%s\n' "$screen" | mask >"$golden"
fi
if diff -u "$golden" <(printf '%s\n' "$screen" | mask) >"$T_TMP/golden.diff"; then
	t_ok "the start screen matches $golden"
else
	t_fail "the start screen matches $golden" "$(head -30 "$T_TMP/golden.diff")"
fi

# Colours by default on a colour terminal; none with NO_COLOR.
t_match "colours are used" $'\e\\[[0-9;]*3[0-7]m|\e\\[[0-9;]*4[0-7]m' "$(tm_screen -e)"
tm_keys q
t_exit "q quits with status 0" 0

tm_start -e NO_COLOR=1 -- --ambiwidth single
t_screen "NO_COLOR: the screen starts" '^14 '
t_nomatch "NO_COLOR: no colour escapes" $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' "$(tm_screen -e)"
t_match "NO_COLOR: the status line is still reversed" $'\e\\[[0-9;]*7m' "$(tm_screen -e)"
tm_keys F10
t_exit "F10 quits with status 0" 0

tm_start -- --ambiwidth single --color never
t_screen "--color never: the screen starts" '^14 '
t_nomatch "--color never: no colour escapes" $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' "$(tm_screen -e)"
tm_keys q

tm_start -e NO_COLOR=1 -- --ambiwidth single --color always
t_screen "--color always outranks NO_COLOR" '^14 '
t_match "--color always: colours are used" $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' "$(tm_screen -e)"
tm_keys q

tm_start -g -j -- --ambiwidth single
t_screen "default labels are Japanese" '担当: '
t_match "Japanese key help" '終了' "$screen"
t_no_overflow "Japanese: nothing is drawn beyond the 80x24 terminal"
t_nomatch "no English label" 'operator|no snapshot' "$screen"
tm_keys q
t_exit "q quits (Japanese)" 0

tm_start -j -- --lang en --ambiwidth single
t_screen "--lang en gives English labels" 'operator: '
t_nomatch "--lang en: no Japanese label" '担当|終了' "$screen"
tm_keys q
t_done
