#!/usr/bin/env bash
# Bracketed paste into the call's wrap-up note: the note is stored as
# pasted (ESC, BS, TAB, invalid bytes, a bidi control, Japanese; a line
# break, which terminals paste as CR, as LF) and shown sanitised; typed keys still work after a paste; the search line
# and the form fields clean a paste; in the FAQ list a paste is no keys; a paste over 1 MB
# is cut with a note and nothing hangs; the mode is turned on at start and
# off at exit and around Ctrl-Z.  tmux's paste-buffer -p sends the paste
# markers only when the program asked for the mode, so a note that keeps
# its ESC also proves the mode was on.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_demo
# The last note in the log, as hex bytes (the log keeps them as typed).
last_note_hex() { sqlite3 "$LOG" "SELECT hex(note) FROM inquiry ORDER BY seq DESC LIMIT 1"; }
hex() { od -An -tx1 | tr -d ' \n' | tr a-f A-F; }

tm_start "${E[@]}" -- --ambiwidth single
tm pipe-pane -o "cat >>$T_TMP/out.raw"
t_screen "the screen starts" '^14 '
# The search line takes a paste, cleaned as before (it is never stored).
tm_keys /
printf 'カ\033[31mード\n' >"$T_TMP/q.txt"
tm load-buffer "$T_TMP/q.txt"
tm paste-buffer -p -r -d
t_screen "a paste into the search line searches for it" '^/カ\[31mード '
tm_keys C-u Escape
t_screen "Esc leaves the search" '^14 '
# In the FAQ list a paste is not taken as keys (its q would quit).
printf 'q' >"$T_TMP/q.txt"
tm load-buffer "$T_TMP/q.txt"
tm paste-buffer -p -r -d
tm_keys F3
t_screen "F3 opens the wrap-up (a pasted q did not quit)" 'Wrap-up'
tm_keys Down Tab Tab
printf 'n1 \033[31mred\r\b\t\377\376\342\200\256山田 end' >"$T_TMP/note.txt"
tm load-buffer "$T_TMP/note.txt"
tm paste-buffer -p -r -d
t_screen "the paste is shown, controls as ?" '^ Note +n1 \?\[31mred *$'
t_match "... its line break (a CR from the terminal) as one, the note on several rows" \
	'^ [^?]*\?\?\?\?\?山田 end *$' "$screen"
t_match "the label is not overwritten by the CR" '^ Note ' "$screen"
screen=$(tm_screen -e)
t_nomatch "no colour from the pasted ESC [ 31 m" $'\033\\[31m' "$screen"
t_nomatch "no bidi control reached the screen" $'\u202e' "$screen"
tm_text XY
tm_keys BSpace Left Left Right
t_screen "typed keys still work after a paste" '^ .*山田 endX *$'
tm_keys End Enter
t_screen "Enter in the note asks first" 'save the call with the note above'
tm_keys y
t_screen "the call is saved" 'call saved in the log'
t_eq "the note holds the pasted bytes (CR as LF), then the typed X" \
	"$( (tr '\r' '\n' <"$T_TMP/note.txt"; printf X) | hex)" "$(last_note_hex)"
t_match "export escapes ESC, the line break, BS, TAB and shows invalid bytes as U+FFFD" \
	'"note":"n1 \\u001b\[31mred\\u000a\\u0008\\u0009��'$'\u202e''山田 endX"' "$("$MADOGUCHI" log export --log "$LOG" --format jsonl | tail -1)"

# Over 1 MB: cut by the input (1 MiB) and by the note's 10,000 characters.
head -c 1100000 /dev/zero | tr '\0' 'a' >"$T_TMP/big.txt"
tm_keys F3 Down Tab Tab
tm_wait_for 'Wrap-up' >/dev/null
tm load-buffer "$T_TMP/big.txt"
tm paste-buffer -p -r -d
# tmux hands a paste this big on in seconds (over ten on a loaded machine).
TM_WAIT=$((TM_WAIT * 6)) t_screen "a paste over 1 MiB says it was cut" 'the paste was over 1024 KiB'
t_screen "the note says it was cut at its limit" 'cut at 10000 characters'
tm_keys BSpace
tm_text Z
t_screen_not "typing works after the big paste (the cut note goes)" 'cut at 10000 characters'
tm_keys Enter y
t_screen "the call with the big note is saved" 'call saved in the log'
t_eq "the note is 10,000 characters, the last typed" \
	"$(head -c 9999 /dev/zero | tr '\0' 'a')Z" \
	"$(sqlite3 "$LOG" "SELECT note FROM inquiry ORDER BY seq DESC LIMIT 1")"

# The form fields clean a paste (they are looked up, never stored).
tm_keys F2
t_screen "F2 opens the form" '^ Reading'
printf 'しぶしたろう\n' >"$T_TMP/line.txt"
tm load-buffer "$T_TMP/line.txt"
tm paste-buffer -p -r -d
t_screen "a copied line's newline is dropped in a field" 'しぶしたろう +→ しぶしたろう'

# Ctrl-Z turns the mode off, coming back turns it on, quitting off.
pid=$(cat "$T_TMP/pid")
tm_keys C-z
for i in $(seq 100); do
	[ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" = T ] && break
	sleep 0.1
done
kill -CONT -- "-$(awk '{print $5}' /proc/"$pid"/stat)"
tm_keys C-l
t_screen "back after Ctrl-Z" '^ Reading'
tm_keys F4 y
tm_keys F10
t_exit "F10 quits" 0
tm_wait_bytes "$T_TMP/out.raw"
# (The first "on" may come before pipe-pane starts: the -p pastes above
# prove it.)
modes=$(grep -ao $'\033\\[?2004[hl]' "$T_TMP/out.raw" | tr -d '\033[?' | tr '\n' ' ')
t_match "paste mode: off at Ctrl-Z, on again, off at exit" '(^|h )2004l 2004h 2004l $' "$modes"
t_done
