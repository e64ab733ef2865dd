#!/usr/bin/env bash
# Ctrl-C asks before quitting; SIGHUP and SIGTERM end the screen cleanly
# with status 0; a terminal that goes away ends the program instead of
# leaving it spinning; Ctrl-Z and fg bring the screen back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_start -- --ambiwidth single
t_screen "the screen starts" '^14 '
tm_keys C-c
t_screen "Ctrl-C asks before quitting" 'quit\? \(y/n\)'
tm_keys n
t_screen_not "n answers no" 'quit\? \(y/n\)'
pid=$(cat "$T_TMP/pid")
if tm_alive "$pid"; then t_ok "the program still runs after n"; else t_fail "the program still runs after n"; fi
tm_keys j
t_screen "keys work again after n" 'answer 2'
tm_keys C-c
t_screen "Ctrl-C asks again" 'quit\? \(y/n\)'
tm_keys y
t_exit "y quits with status 0" 0
t_eq "the terminal is restored (alternate screen off)" 0 "$(tm display-message -p '#{alternate_on}')"

tm_start -- --ambiwidth single
t_screen "the screen starts (SIGHUP)" '^14 '
kill -HUP "$(cat "$T_TMP/pid")"
t_exit "SIGHUP ends the program with status 0" 0
t_eq "SIGHUP: the terminal is restored" 0 "$(tm display-message -p '#{alternate_on}')"

tm_start -- --ambiwidth single
t_screen "the screen starts (SIGTERM)" '^14 '
kill -TERM "$(cat "$T_TMP/pid")"
t_exit "SIGTERM ends the program with status 0" 0

# The terminal vanishes: the tmux server (the pty's master) is killed.
# Under nohup no SIGHUP arrives, so only the failing reads can tell.
for mode in hup nohup; do
	if [ $mode = nohup ]; then tm_start -n -- --ambiwidth single; else tm_start -- --ambiwidth single; fi
	t_screen "the screen starts ($mode)" '^14 '
	pid=$(cat "$T_TMP/pid")
	server=$(tm display-message -p '#{pid}')
	kill -KILL "$server"
	gone=no
	for i in $(seq $((TM_WAIT * 10))); do
		tm_alive "$pid" || { gone=yes; break; }
		sleep 0.1
	done
	if [ $gone = yes ]; then
		t_ok "a killed terminal ends the program ($mode)"
	else
		cpu=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)
		t_fail "a killed terminal ends the program ($mode)" "still running after $TM_WAIT s, CPU ticks: $cpu"
		kill -KILL "$pid" 2>/dev/null
	fi
done

# Ctrl-Z in an interactive shell, then fg.
TM_N=$((TM_N + 1)); TM_SOCK=madoguchi-$$-$TM_N-$RANDOM
tm new-session -d -x 80 -y 24 "env -i PATH=/usr/bin:/bin HOME=$HOME LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$TM_TERM MADOGUCHI_LANG=en PS1='sh\$ ' bash --norc -i"
tm set-option -g status off >/dev/null 2>&1
tm_wait_for 'sh\$'
tm_text "sh -c '$MADOGUCHI --faq $ROOT/faq --ambiwidth single; echo EXIT=\$?'"
tm_keys Enter
t_screen "the screen starts in a shell" '^14 '
tm_keys C-z
t_screen "Ctrl-Z returns to the shell" '[Ss]topped'
tm_text "fg"
tm_keys Enter
t_screen "fg brings the screen back" '^14 '
tm_keys q
t_screen "q after fg exits with status 0" 'EXIT=0'
t_done
