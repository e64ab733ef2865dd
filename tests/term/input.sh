#!/usr/bin/env bash
# Keystrokes after invalid bytes all arrive (ncurses' get_wch would drop
# them), and the escape sequences of Tera Term and PuTTY work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -- --ambiwidth single
t_screen "the screen starts" '^14 '
# Latin-1 and Shift_JIS bytes, a lone continuation byte, then a search.
# The bad bytes and the next key in one write: apart, the program would
# drop them on its timeout, not on the next byte as this test means.
tm_keys -H ff fe 82 83 c3 2f e3 82 ab e3 83 bc e3 83 89     # ... "/カード"
t_screen "every key after invalid bytes arrives" '^/カード '
tm_keys Escape
t_screen "Esc clears the search" '^14 '
tm_keys -H 2f e3 82 e6 bc 8f e3 81 88 e3 81 84     # "/", half of ア, "漏えい"
t_screen "a truncated character does not eat the next ones" '^/漏えい '
tm_keys Escape

# PuTTY/Tera Term function keys and cursor keys as raw sequences.
tm_keys -H 1b 5b 31 31 7e       # ESC [ 1 1 ~  (F1)
t_screen "ESC [ 11 ~ (PuTTY F1) opens the help" '^ Keys'
tm_keys x
t_screen_not "a key closes the help" '^ Keys'
tm_keys -H 1b 4f 50             # ESC O P  (F1, application mode)
t_screen "ESC O P (F1) opens the help" '^ Keys'
tm_keys x
tm_keys -H 1b 5b 34 7e          # ESC [ 4 ~  (End, PuTTY)
t_screen "ESC [ 4 ~ is End" 'answer 14'
tm_keys -H 1b 5b 31 7e          # ESC [ 1 ~  (Home, PuTTY)
t_screen "ESC [ 1 ~ is Home" 'answer 1 '
tm_keys -H 1b 5b 42 1b 4f 42    # ESC [ B, ESC O B: down twice
t_screen "ESC [ B and ESC O B move down" 'answer 3'
tm_keys / x y; tm_keys -H 7f
t_screen "DEL is Backspace" '^/x  '
tm_keys -H 08
t_screen "^H is Backspace" '^/  '
tm_keys Escape
tm_keys -H 1b 5b 32 31 7e       # ESC [ 21 ~  (F10)
t_exit "ESC [ 21 ~ (F10) quits with status 0" 0
t_done
