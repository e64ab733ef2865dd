#!/usr/bin/env bash
# ambiwidth: with double, no East Asian Ambiguous character ever reaches
# the terminal (① is shown as (1), borders are ASCII); single shows ①;
# auto asks the terminal (tmux answers from its own width table: single).
# The programs run under tm_start -g: nothing may be drawn beyond them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# Common ambiguous characters: circled digits, box drawing, ○ ※ … § °
# × ÷ arrows, quotes, the replacement character.
AMBI='[①-⓿─-╿■-◿…※‘’“”§°±×÷←-↙★☆○●◎◇◆□△▽\x{FFFD}]'
has_ambi() { printf '%s\n' "$1" | LC_ALL=C.UTF-8 grep -qP "$AMBI"; }

tm_start -g -- --ambiwidth double
t_screen "double: the screen starts" '^14 '
tm_keys 3 Enter
t_screen "double: ① is shown as (1)" '^ \(1\) ?クレジットカード'
t_match "double: ② is shown as (2)" '\(2\) ?利用者情報' "$screen"
t_match "double: the separator is ASCII" '^-- answer 3 ---' "$screen"
if has_ambi "$screen"; then t_fail "double: no ambiguous character on the screen" "$screen"; else t_ok "double: no ambiguous character on the screen"; fi
t_no_overflow "double: nothing is drawn beyond the terminal"
tm_resize 120 30
t_screen "double: side by side with an ASCII border" '^ 1 .*\| '
if has_ambi "$screen"; then t_fail "double, wide: no ambiguous character" "$screen"; else t_ok "double, wide: no ambiguous character"; fi
t_no_overflow "double, wide: nothing is drawn beyond the terminal"
tm_keys '?'
t_screen "double: the help opens" '^ Keys'
if has_ambi "$screen"; then t_fail "double: no ambiguous character in the help" "$screen"; else t_ok "double: no ambiguous character in the help"; fi
t_no_overflow "double: the help draws nothing beyond the terminal"
tm_keys x
tm_keys q
t_exit "double: q quits" 0

# The Japanese help says ↑↓: ambiguous, replaced too.
tm_start -g -j -- --ambiwidth double
t_screen "double, Japanese: the screen starts" '^14 '
tm_keys '?' PageDown
t_screen "double, Japanese: the help's end" '終話処理: 番号か \^v で対応区分'
if has_ambi "$screen"; then t_fail "double, Japanese: no ambiguous character in the help" "$screen"; else t_ok "double, Japanese: no ambiguous character in the help"; fi
t_no_overflow "double, Japanese: the help draws nothing beyond the terminal"
tm_keys x q
t_exit "double, Japanese: q quits" 0

tm_start -g -- --ambiwidth single
t_screen "single: the screen starts" '^14 '
tm_keys 3 Enter
t_screen "single: ① is shown as it is" '^ ① ?クレジットカード'
t_no_overflow "single: nothing is drawn beyond the terminal"

tm_start -- --ambiwidth auto
t_screen "auto: the screen starts" '^14 '
t_match "auto: the probe left nothing on the screen" '^ madoguchi FAQ desk' "$(printf '%s\n' "$screen" | head -1)"
tm_keys 3 Enter
t_screen "auto: tmux answers single, ① is shown" '^ ① ?クレジットカード'
tm_keys q
t_exit "auto: q quits" 0
t_done
