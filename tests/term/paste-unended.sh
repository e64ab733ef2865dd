#!/usr/bin/env bash
# A paste's start marker whose end never comes (ESC [ 2 0 0 ~ typed by
# accident, or sent by a terminal and cut off) must not swallow every key
# after it, F10 included: after a second of silence the paste ends, what
# came is taken as pasted (said on the bottom line), and keys work again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -- --ambiwidth single --lang en
t_screen "the screen starts" '^14 '
tm_keys F3 Down Tab Tab
t_screen "the wrap-up's note" 'Wrap-up'
tm_text $'\033[200~'
tm_text 'abc'
sleep 1.5
t_screen "the unended paste is said" 'a paste never ended'
t_screen "what came is in the note" '^ Note +abc'
tm_keys F10
t_screen "F10 works again: the quit question" '(Quit|quit|save)'
tm_keys y
t_exit "the program ends" 0
t_done
