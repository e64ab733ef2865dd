#!/usr/bin/env bash
# Incremental search with Japanese input: the list narrows at every key,
# half-width katakana and hiragana find the same entries, matches are
# highlighted, Backspace removes a whole character, Enter keeps the
# result, Esc clears it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

count() { printf '%s\n' "$screen" | grep -oE '[0-9]+ of 14' | head -1 | cut -d' ' -f1; }
rows() { printf '%s\n' "$screen" | grep -cE '^ ?[0-9]+ '; }

tm_start -g -- --ambiwidth single
t_screen "the screen starts" '^14 '
tm_keys /
t_screen "/ opens the query line" '^/ .* 14 of 14'
sep_row() { printf '%s\n' "$screen" | grep -nE '^(─|-)+ ' | head -1 | cut -d: -f1; }
sep0=$(sep_row)
t_match "the separator above the answer is found" '^[0-9]+$' "$sep0"
tm_text "カード"
t_screen "the query shows the Japanese text" '^/カード '
n=$(count)
if [ -n "$n" ] && [ "$n" -ge 1 ] && [ "$n" -lt 14 ]; then t_ok "カード narrows the list ($n of 14)"; else t_fail "カード narrows the list" "$screen"; fi
t_eq "the list shows as many rows as matches" "$n" "$(rows)"
t_match "a question with カード is listed" '^ ?[0-9]+ .*カード' "$screen"
t_match "matches are highlighted (bold/underline)" $'\e\\[[0-9;]*[14]m[^\e]*カード' "$(tm_screen -e)"
t_eq "while typing, the answer stays where it was (the separator did not move)" "$sep0" "$(sep_row)"

tm_keys BSpace
t_screen "Backspace removes a whole character" '^/カー  '
tm_keys C-u
t_screen "Ctrl-U empties the query" '^/ .* 14 of 14'
tm_text "ｶｰﾄﾞ"
t_screen "half-width ｶｰﾄﾞ finds the same entries" "^/ｶｰﾄﾞ .* $n of 14"
tm_keys C-u
tm_text "かーど"
t_screen "hiragana かーど finds the same entries" "^/かーど .* $n of 14"

tm_keys C-u
tm_text "ｸﾚｼ"
t_screen "ｸﾚｼ is typed" '^/ｸﾚｼ .* [1-9][0-9]* of 14'
k=$(count)
t_match "ｸﾚｼ, on its way to ｸﾚｼﾞ, already lists クレジット's entries" '^ ?[0-9]+ .*クレジット' "$screen"
tm_text "ﾞ"
t_screen "ｸﾚｼﾞ lists as many" "^/ｸﾚｼﾞ .* $k of 14"
tm_keys BSpace
t_screen "Backspace takes ｼﾞ whole (one character)" '^/ｸﾚ '
tm_text "ｼ"
tm_keys Enter
t_screen "Enter keeps ｸﾚｼ as finished: nothing has くれし" 'search: ｸﾚｼ \(0 of 14\)'
tm_keys /
tm_keys C-u
tm_text "かーど"
tm_keys Enter
t_screen "Enter keeps the result" "search: かーど \\($n of 14\\)"
t_eq "the kept result still lists the matches" "$n" "$(rows)"
tm_keys Escape
t_screen "Esc clears the search" '^14 '
t_eq "all 14 questions again" 14 "$(rows)"

tm_keys / ; tm_text "存在しない語句"
t_screen "no match says so" 'no entry matches'
t_no_overflow "nothing is drawn beyond the terminal"
tm_keys Escape
t_screen "Esc after no match restores the list" '^14 '
tm_keys q
t_exit "q quits with status 0" 0

# At 40x12 the kept search's key line still starts with quit and help.
tm_start -g -s 40x12 -j -- --ambiwidth single
t_screen "40x12: the screen starts" '回答 1'
tm_keys / ; tm_text "かーど"; tm_keys Enter
t_screen "40x12: Enter keeps the search" '検索: かー'
t_match "40x12: the kept search's key line starts with quit and help, then the search" \
	'^q/F10:終了  \?:ヘルプ  検索: かーど' "$(printf '%s\n' "$screen" | tail -1)"
t_no_overflow "40x12: nothing is drawn beyond the terminal"
tm_keys q
t_exit "40x12: q quits" 0
t_done
