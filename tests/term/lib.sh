# Helpers for terminal tests: the real binary in a private tmux server.
# Source tests/lib.sh first.  Every test gets its own server (socket
# madoguchi-PID), killed on exit; the program runs under a wrapper that
# records its pid and exit status, so a test can check how it ended.
set -u
TM_SOCK=madoguchi-$$
TM_N=0
TM_TERM=${TM_TERM:-screen}
# Waits are bounded by TM_WAIT seconds (readiness, not speed): raised by
# tests/term/memcheck.sh, whose program runs under ASan or valgrind.
TM_WAIT=${TM_WAIT:-10}
trap 'tmux -L "$TM_SOCK" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT

tm() { tmux -u -L "$TM_SOCK" -f /dev/null "$@"; }

# tm_start [-s COLSxROWS] [-g] [-e VAR=VALUE]... [-n] [-j] [-r REDIRECTIONS] -- ARGS...
# Starts madoguchi ARGS in a fresh session (80x24 unless -s); -n keeps a
# SIGHUP ignored as nohup would; -j leaves the language to the default
# (the tests otherwise run with MADOGUCHI_LANG=en); -r adds shell redirections (e.g. "2>f").
# -g guards against overflow: the program's terminal is COLSxROWS, but the
# tmux pane around it is TM_MARGIN_COLS columns and TM_MARGIN_ROWS rows
# larger, so whatever is drawn beyond the program's size (a width that
# ncurses and the terminal disagree on, a raw write) stays visible to
# tm_overflow.  The size is set on the pane's tty (stty), not through
# COLUMNS/LINES, which ncurses would also honour but then never let go of:
# tm_resize can still change it.
# The wait at the end keeps the pane (and the program's last screen) until
# the test ends.  It stops when the terminal is gone (/dev/tty no longer
# opens): under -n the hangup is ignored, and a plain sleep would outlive
# the tmux server by ten minutes.
# The pid goes to $T_TMP/pid, the exit status to $T_TMP/status; the
# program's size to TM_COLS and TM_ROWS.
TM_HOLD='for i in $(seq 600); do sleep 1; true </dev/tty || break; done 2>/dev/null'
TM_MARGIN_COLS=10
TM_MARGIN_ROWS=4
TM_GUARD=""
# tm_stop_old: ends the current tmux server and waits (3 s at most, then
# SIGKILL) for its pane's script to be gone.  bash reads a script as it
# runs it: a script still running from the last start (its program quitting
# after a q no test waited for) would otherwise go on to write the new
# start's status file after tm_start removed it (seen as "exit status 127"
# once, when it read the rewritten file from the middle).  Each start also
# writes its own script.
tm_stop_old() {
	local old i
	old=$(tm display-message -p '#{pane_pid}' 2>/dev/null)
	tm kill-server 2>/dev/null
	[ -n "$old" ] || return 0
	for i in $(seq 30); do
		kill -0 "$old" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$old" 2>/dev/null
	return 0
}

tm_start() {
	local size=80x24 envs=() redir="" nohup="" lang="MADOGUCHI_LANG=en MADOGUCHI_LOOKUP_LIMIT=off" q stty="" pw ph
	TM_GUARD=""
	while [ $# -gt 0 ]; do
		case $1 in
		-s) size=$2; shift 2 ;;
		-g) TM_GUARD=1; shift ;;
		-e) envs+=("$2"); shift 2 ;;
		-n) nohup="trap '' HUP;"; shift ;;
		-j) lang="MADOGUCHI_LOOKUP_LIMIT=off"; shift ;;
		-r) redir=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	TM_COLS=${size%x*}
	TM_ROWS=${size#*x}
	pw=$TM_COLS
	ph=$TM_ROWS
	if [ -n "$TM_GUARD" ]; then
		pw=$((TM_COLS + TM_MARGIN_COLS))
		ph=$((TM_ROWS + TM_MARGIN_ROWS))
		stty="stty cols $TM_COLS rows $TM_ROWS"
	fi
	q=$(printf '%q ' "$MADOGUCHI" --faq "$ROOT/faq" "$@")
	# A new server for each start, once the old one's pane is gone.
	tm_stop_old
	TM_N=$((TM_N + 1))
	TM_SOCK=madoguchi-$$-$TM_N-$RANDOM
	rm -f "$T_TMP/pid" "$T_TMP/status"
	cat >"$T_TMP/wrap-$TM_N.sh" <<EOW
$nohup
$stty
sh -c 'echo \$\$ >"$T_TMP/pid"; exec "\$@"' sh $q $redir
echo \$? >"$T_TMP/status"
$TM_HOLD
EOW
	tm new-session -d -x "$pw" -y "$ph" \
		"env -i PATH=/usr/bin:/bin HOME=$HOME LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$TM_TERM $lang ${envs[*]} bash $T_TMP/wrap-$TM_N.sh"
	tm set-option -g window-size manual >/dev/null 2>&1
	tm set-option -g status off >/dev/null 2>&1
	tm resize-window -x "$pw" -y "$ph" >/dev/null 2>&1
	tm_wait_file "$T_TMP/pid"
}

# tm_resize COLS ROWS: the program's terminal becomes COLSxROWS (SIGWINCH);
# under -g the pane keeps its margin around it.  tmux applies a pane's new
# size a moment after resize-window, so the tty's own size is set only
# once tmux has set the pane's.  Between the two the tty has the pane's
# size, and a program woken then would draw a whole frame into the margin,
# which a busy machine could leave on screen long enough for the next
# check to read it as overflow.  So the program is stopped (SIGSTOP, which
# it cannot catch) for the two steps and continued after: the SIGWINCHs
# wait, merged into one, and it only ever sees the final size.
tm_resize() {
	local tty i pid=""
	TM_COLS=$1
	TM_ROWS=$2
	if [ -z "$TM_GUARD" ]; then
		tm resize-window -x "$1" -y "$2"
		return
	fi
	[ -s "$T_TMP/pid" ] && [ ! -e "$T_TMP/status" ] && pid=$(cat "$T_TMP/pid")
	[ -n "$pid" ] && kill -STOP "$pid" 2>/dev/null
	tm resize-window -x $(($1 + TM_MARGIN_COLS)) -y $(($2 + TM_MARGIN_ROWS))
	tty=$(tm display-message -p '#{pane_tty}')
	for i in $(seq $((TM_WAIT * 10))); do
		[ "$(stty -F "$tty" size 2>/dev/null)" = "$(($2 + TM_MARGIN_ROWS)) $(($1 + TM_MARGIN_COLS))" ] && break
		sleep 0.1
	done
	stty -F "$tty" cols "$1" rows "$2"
	[ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null
	return 0
}

# The visible screen, text only (-e: with attributes as escapes).
tm_screen() { tm capture-pane -p "$@" 2>/dev/null; }

tm_keys() { tm send-keys "$@"; }
tm_text() { tm send-keys -l "$1"; }

# tm_wait_file FILE: up to TM_WAIT s for FILE to exist (readiness, not speed).
tm_wait_file() {
	local i
	for i in $(seq $((TM_WAIT * 10))); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# tm_idle: true when the program started by tm_start waits for input
# (blocked in read, poll or select), or is gone: then its frame is all
# written.  ncurses sends a frame in one write per row or so, and a
# program slowed down (valgrind, a loaded machine) can pause between two of
# them for longer than any fixed wait.
# /proc/PID/syscall names the call exactly, but Yama (ptrace_scope 1)
# hides it from other processes; then the kernel function it sleeps in
# (wchan) tells a poll or select apart.  With neither readable only the
# two equal captures are left.
case $(uname -m) in
aarch64) TM_WAIT_CALLS=" 63 72 73 " ;;        # read, pselect6, ppoll
*) TM_WAIT_CALLS=" 0 7 23 270 271 " ;;        # read, poll, select, pselect6, ppoll
esac
tm_idle() {
	local pid sc wchan
	[ -s "$T_TMP/pid" ] || return 0
	pid=$(cat "$T_TMP/pid")
	[ -e "/proc/$pid" ] || return 0
	if read -r sc _ 2>/dev/null <"/proc/$pid/syscall"; then
		[[ $TM_WAIT_CALLS == *" $sc "* ]]
		return
	fi
	read -r wchan 2>/dev/null <"/proc/$pid/wchan" || return 0
	[[ $wchan == *poll* || $wchan == *select* ]]
}

# tm_settle: waits until the program is idle (tm_idle) and two captures
# 0.1 s apart agree, and leaves that capture in $screen; at most TM_WAIT/5
# seconds.  A test that matched one line and then checks others on the
# same capture must see the whole frame, not its first half.
tm_settle() {
	local i prev=$screen
	for i in $(seq $((TM_WAIT * 2))); do
		sleep 0.1
		screen=$(tm_screen)
		[ "$screen" = "$prev" ] && tm_idle && return 0
		prev=$screen
	done
	return 0
}

# tm_wait_for REGEX: up to TM_WAIT s for the screen to show a line matching
# REGEX (grep -E), in a settled frame; 0 when it did.  $screen holds the
# last capture.
tm_wait_for() {
	local i
	for i in $(seq $((TM_WAIT * 10))); do
		screen=$(tm_screen)
		if printf '%s\n' "$screen" | grep -qE -- "$1"; then
			tm_settle
			printf '%s\n' "$screen" | grep -qE -- "$1" && return 0
		fi
		sleep 0.1
	done
	return 1
}

# tm_wait_gone REGEX: like tm_wait_for, until no line matches.
tm_wait_gone() {
	local i
	for i in $(seq $((TM_WAIT * 10))); do
		screen=$(tm_screen)
		if ! printf '%s\n' "$screen" | grep -qE -- "$1"; then
			tm_settle
			printf '%s\n' "$screen" | grep -qE -- "$1" || return 0
		fi
		sleep 0.1
	done
	return 1
}

# tm_wait_bytes FILE: up to TM_WAIT s for FILE (what pipe-pane copies from
# the pane) to stop growing for 0.3 s: tmux hands the bytes on a moment
# after the program has written them, even after it has exited.
tm_wait_bytes() {
	local i n prev=-1 same=0
	for i in $(seq $((TM_WAIT * 10))); do
		n=$(stat -c %s "$1" 2>/dev/null || echo 0)
		if [ "$n" = "$prev" ]; then
			same=$((same + 1))
			[ "$same" -ge 3 ] && return 0
		else
			same=0
		fi
		prev=$n
		sleep 0.1
	done
	return 1
}

# t_screen NAME REGEX: waits for REGEX on the screen, one TAP line.
t_screen() {
	if tm_wait_for "$2"; then t_ok "$1"; else t_fail "$1" "screen never showed: $2" "$screen"; fi
}

# t_screen_not NAME REGEX: waits for REGEX to be gone from the screen.
t_screen_not() {
	if tm_wait_gone "$2"; then t_ok "$1"; else t_fail "$1" "screen still shows: $2" "$screen"; fi
}

# t_exit NAME STATUS: waits for the program to end with STATUS.
t_exit() {
	if tm_wait_file "$T_TMP/status" && [ "$(cat "$T_TMP/status")" = "$2" ]; then
		t_ok "$1"
	else
		t_fail "$1" "exit status '$(cat "$T_TMP/status" 2>/dev/null)', expected $2"
	fi
}

# Whether process $1 still runs (a zombie has ended).
tm_alive() {
	[ -r "/proc/$1/stat" ] || return 1
	[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# tm_overflow: what $screen shows outside the program's terminal (TM_COLS x
# TM_ROWS), one "row N: text" line each; empty when nothing overflows.  A
# pane without the margin of tm_start -g cannot show overflow, so that is
# reported too rather than passing unseen.
tm_overflow() {
	local row=0 line w
	if [ -z "$TM_GUARD" ]; then
		echo "tm_overflow: the program was not started with tm_start -g"
		return
	fi
	while IFS= read -r line; do
		row=$((row + 1))
		w=$(printf '%s' "$line" | wc -L)
		if [ "$row" -gt "$TM_ROWS" ] && [ "$w" -gt 0 ]; then
			printf 'row %d (below row %d): %s\n' "$row" "$TM_ROWS" "$line"
		elif [ "$w" -gt "$TM_COLS" ]; then
			printf 'row %d (%d columns, more than %d): %s\n' "$row" "$w" "$TM_COLS" "$line"
		fi
	done <<<"$screen"
}

# t_no_overflow NAME: one TAP line, tm_overflow on the current $screen.
t_no_overflow() {
	local o
	o=$(tm_overflow)
	if [ -z "$o" ]; then t_ok "$1"; else t_fail "$1" "$o"; fi
}

# tm_demo: the demo snapshot in $T_TMP/demo ($D) and a log ($LOG, not made
# yet) with its spool in T_TMP; E holds the -e options that give them to
# tm_start.  A demo that cannot be made ends the test.
tm_demo() {
	D=$T_TMP/demo
	LOG=$T_TMP/log.db
	"$MADOGUCHI" demo --dir "$D" >/dev/null || { t_fail "demo snapshot" "madoguchi demo failed"; t_done; }
	E=(-e "MADOGUCHI_SNAPSHOT=$D/snapshot.db" -e "MADOGUCHI_KEY=$D/snapshot.key"
	   -e "MADOGUCHI_LOG=$LOG" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool")
}
