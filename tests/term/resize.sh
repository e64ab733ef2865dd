#!/usr/bin/env bash
# Resizing at any size: smaller, too small (a plain message), and back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -- --ambiwidth single
t_screen "the screen starts at 80x24" '^14 '
tm resize-window -x 50 -y 15
t_screen "at 50x15 the list is still there" '^ 1 '
t_match "at 50x15 the key line is there" 'q/F10' "$(printf '%s\n' "$screen" | tail -1)"
t_eq "at 50x15 nothing is wider than 50 columns" "" "$(tm_too_wide 50)"
tm resize-window -x 30 -y 10
t_screen "at 30x10 the screen says it is too small" '^terminal too small'
t_nomatch "at 30x10 no pane is drawn" '^ 1 ' "$screen"
tm_keys j
tm resize-window -x 80 -y 24
t_screen "back at 80x24 the list returns" '^14 '
t_screen_not "and the message is gone" 'too small'
tm resize-window -x 120 -y 30
t_screen "at 120x30 the panes stand side by side" '^ 1 .*[|│x] 何が起きたのですか'
t_eq "at 120x30 nothing is wider than 120 columns" "" "$(tm_too_wide 120)"
tm resize-window -x 40 -y 12
t_screen "at 40x12, the minimum, the panes are drawn" 'answer 1'
tm_keys '?'
t_screen "at 40x12 the help opens" '^ Keys'
t_nomatch "at 40x12 the help's end is below" 'q F10' "$screen"
tm_keys Down Down Down Down Down Down Down Down Down Down
t_screen "Down scrolls the help to its end" 'q F10'
tm_keys x
t_screen_not "a key leaves the help" '^ Keys'
tm_keys q
t_exit "q quits after resizing" 0
t_done
