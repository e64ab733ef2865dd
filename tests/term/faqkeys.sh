#!/usr/bin/env bash
# Issue 13, item 7 and the FAQ's smaller items, at 80x24: F2 on the FAQ's
# key line; the title names the screen; keys typed on the wrong screen are
# kept or refused with a word (kana start a search, a number past the last
# entry is said at once, a key the FAQ has no use for is named), also on a
# terminal too small; n, Ctrl-F, h and l do what they do elsewhere; at
# 120x40 the side-by-side list is as wide as its questions need (item 9).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

E=(-e "MADOGUCHI_LOG=$T_TMP/log.db" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool")
"$MADOGUCHI" log add --log "$T_TMP/log.db" --spool-dir "$T_TMP/spool" --disposition other >/dev/null
bottom() { printf '%s\n' "$screen" | tail -1; }
# A row as a regex matching it whole.
row_re() { printf '^%s$' "$(printf '%s' "$1" | sed 's/[][\.*^$()|?+{}]/\\&/g')"; }
status() { printf '%s\n' "$screen" | head -1; }

tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "the screen starts" '^14 '
t_match "the FAQ's key line names F2, the call" 'F2 call' "$(bottom)"
t_match "the title names the FAQ" '^ madoguchi FAQ desk ' "$(status)"
tm_keys F2
t_screen "F2: the caller form" '^ Reading'
t_match "the title names the caller form" '^ madoguchi caller form ' "$(status)"
tm_keys F3
t_screen "F3: the wrap-up" 'Wrap-up'
t_match "the title names the wrap-up" '^ madoguchi wrap-up ' "$(status)"
tm_keys F2
tm_text しぶし
tm_keys F1
t_screen "F1: the FAQ in the middle of a call" 'F2 back to the call'
t_match "the title names the FAQ again" '^ madoguchi FAQ desk ' "$(status)"
tm_text かーど
t_screen "kana typed in the FAQ start a search with them, not lost" '^/かーど '
tm_keys Escape
t_screen_not "Esc leaves the search" '^/'
tm_text 0994721111
t_screen "digits past the last entry are said at once, with those after them" 'no entry 0994721111: the entries are 1 to 14; F2 goes back to the call'
t_screen_not "... and the rest are not taken for an entry number" 'entry number'
tm_keys x
t_screen "a key the FAQ has no use for is named" 'x is no key of the FAQ: \? lists them; F2 goes back to the call'
tm_keys F2
t_screen "F2: back to the call, its field as typed" '^ Reading +しぶし '
tm_keys F4 y
t_screen "F4 y leaves the call" 'interrupted'
tm_keys F1

# n, Ctrl-F, h, l: at 80x12, where an answer is longer than its pane.
tm_resize 80 12
tm_keys /
tm_text サイト
tm_keys Enter
t_screen "a search kept" 'search: サイト'
tm_keys 1 Enter
t_screen "answer 1 opened" 'answer 1 '
# The first row of the answer pane, below its separator.
top() { printf '%s\n' "$screen" | sed -n '/[─-] answer [0-9]/{n;p;q}'; }
first=$(top)
tm_keys C-f
tm_wait_gone "$(row_re "$first")" >/dev/null
t_nomatch "Ctrl-F pages the answer down" "$(row_re "$first")" "$(top)"
tm_keys C-b
t_screen "Ctrl-B pages it back up" "$(row_re "$first")"
tm_keys n n
tm_wait_gone "$(row_re "$first")" >/dev/null
t_match "n: the answer moves to the rows holding a match" 'サイト' "$(top)"
t_nomatch "... further down" "$(row_re "$first")" "$(top)"
tm_keys N N N
t_screen "N: back up to the match above" 'サイト'
tm_resize 80 24
tm_keys h
tm_keys Escape
t_screen "h and Esc go back to the list" '^14 '
tm_keys g j l
t_screen "l opens the entry, as Right" 'answer 2'
tm_keys n
t_screen "n without a search says how to search" 'n and N go to the matches of a search: / searches first'

# Too small: keys are refused with a word, and said again once it is not.
tm_resize 30 10
t_screen "30x10: too small" '^terminal too small'
tm_keys j j
t_screen "keys typed while too small are refused with a word" '^2 keys not taken \(q quits\)'
tm_resize 80 24
t_screen "back at 80x24 the screen says they were not taken" '2 keys typed on a terminal smaller than 40x12 were not taken'
t_match "... and the entry selected did not move" 'answer 2' "$screen"
tm_keys q
t_exit "q quits" 0

# 120x40: the list beside the answer is as wide as its questions need:
# it cuts no more of them than the stacked list at 80x24 does.
tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "80x24 again" '^14 '
cut_80=$(printf '%s\n' "$screen" | sed -n '2,15p' | grep -c '…$')
tm_start -g -s 120x40 "${E[@]}" -- --ambiwidth single
t_screen "120x40: side by side" '^ *14 '
cut_120=$(printf '%s\n' "$screen" | sed -n '2,15p' | grep -cE '…( *│| *\|)')
if [ "$cut_120" -le "$cut_80" ]; then
	t_ok "120x40 cuts no more questions than 80x24 ($cut_120 <= $cut_80)"
else
	t_fail "120x40 cuts no more questions than 80x24" "$cut_120 > $cut_80" "$screen"
fi
t_no_overflow "nothing beyond 120x40"
tm_keys q
t_exit "q quits (120x40)" 0

# Japanese: the key line names F2 too.
tm_start -g -j "${E[@]}" -- --ambiwidth single
t_screen "the screen starts (Japanese)" '^14 '
t_match "F2:通話 on the FAQ's key line" 'F2:通話' "$(bottom)"
tm_keys F2
t_screen "the title names the caller form (Japanese)" '^ 窓口 入力画面 '
tm_keys F10
t_exit "F10 quits (Japanese)" 0
t_done
