#!/usr/bin/env bash
# Resizing at any size: smaller, too small (a plain message), and back.
# The program runs under tm_start -g and tm_resize: its terminal is smaller
# than the tmux pane, so anything drawn beyond it shows (tm_overflow).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -g -- --ambiwidth single
t_screen "the screen starts at 80x24" '^14 '
t_no_overflow "at 80x24 nothing is drawn beyond the terminal"
tm_resize 50 15
t_screen "at 50x15 the list is still there, cut to 50 columns" '^ 2 .*…$'
t_match "at 50x15 the key line is there" 'q/F10' "$(printf '%s\n' "$screen" | tail -1)"
t_no_overflow "at 50x15 nothing is drawn beyond the terminal"
tm_resize 30 10
t_screen "at 30x10 the screen says it is too small" '^terminal too small'
t_nomatch "at 30x10 no pane is drawn" '^ 1 ' "$screen"
t_no_overflow "at 30x10 nothing is drawn beyond the terminal"
tm_keys j
tm_resize 80 24
t_screen "back at 80x24 the list returns" '^14 '
t_screen_not "and the message is gone" 'too small'
t_no_overflow "back at 80x24 nothing is drawn beyond the terminal"
tm_resize 120 30
t_screen "at 120x30 the panes stand side by side" '^ 1 .*[|│x] 何が起きたのですか'
t_no_overflow "at 120x30 nothing is drawn beyond the terminal"
tm_resize 40 12
t_screen "at 40x12, the minimum, the panes are drawn" 'answer 1'
t_no_overflow "at 40x12 nothing is drawn beyond the terminal"
tm_keys '?'
t_screen "at 40x12 the help opens" '^ Keys'
t_nomatch "at 40x12 the help's end is below" 'q F10' "$screen"
tm_keys PageDown PageDown PageDown
t_screen "PgDn scrolls the help down to the quit keys" '^  q F10 +quit$'
t_no_overflow "at 40x12 the help draws nothing beyond the terminal"
tm_keys x
t_screen_not "a key leaves the help" '^ Keys'
tm_keys q
t_exit "q quits after resizing" 0
t_done
