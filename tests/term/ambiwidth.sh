#!/usr/bin/env bash
# ambiwidth: with double, no East Asian Ambiguous character ever reaches
# the terminal (① is shown as (1), borders are ASCII); single shows ①;
# auto asks the terminal (tmux answers from its own width table: single).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# Common ambiguous characters: circled digits, box drawing, ○ ※ … § °
# × ÷ arrows, quotes, the replacement character.
AMBI='[①-⓿─-╿■-◿…※‘’“”§°±×÷←-↙★☆○●◎◇◆□△▽\x{FFFD}]'
has_ambi() { printf '%s\n' "$1" | LC_ALL=C.UTF-8 grep -qP "$AMBI"; }

tm_start -- --ambiwidth double
t_screen "double: the screen starts" '^14 '
tm_keys 3 Enter
t_screen "double: ① is shown as (1)" '^ \(1\) ?クレジットカード'
t_match "double: ② is shown as (2)" '\(2\) ?利用者情報' "$screen"
t_match "double: the separator is ASCII" '^-- answer 3 ---' "$screen"
if has_ambi "$screen"; then t_fail "double: no ambiguous character on the screen" "$screen"; else t_ok "double: no ambiguous character on the screen"; fi
tm resize-window -x 120 -y 30
t_screen "double: side by side with an ASCII border" '^ 1 .*\| '
if has_ambi "$(tm_screen)"; then t_fail "double, wide: no ambiguous character" "$(tm_screen)"; else t_ok "double, wide: no ambiguous character"; fi
tm_keys q
t_exit "double: q quits" 0

tm_start -- --ambiwidth single
t_screen "single: the screen starts" '^14 '
tm_keys 3 Enter
t_screen "single: ① is shown as it is" '^ ① ?クレジットカード'

tm_start -- --ambiwidth auto
t_screen "auto: the screen starts" '^14 '
t_match "auto: the probe left nothing on the screen" '^ madoguchi FAQ desk' "$(printf '%s\n' "$screen" | head -1)"
tm_keys 3 Enter
t_screen "auto: tmux answers single, ① is shown" '^ ① ?クレジットカード'
tm_keys q
t_exit "auto: q quits" 0
t_done
