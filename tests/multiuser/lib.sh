# Helpers for the multi-user and ssh tests: a jump host in a temporary
# directory.  Source it instead of tests/lib.sh (it sources that one).
#
# These tests need root (CI runs as root): they create Unix users and
# groups, install the program under a temporary prefix, and start sshd on
# 127.0.0.1.  Everything they create is removed on exit, also on failure or
# when the runner's timeout sends SIGTERM; users left by a run that was
# killed outright (SIGKILL) are removed by the next run (mu_sweep).
#
#   mu_require_root                    skips the whole file when not root
#   mu_group SUFFIX                    a throw-away group, name in $mu_last
#   mu_user SUFFIX [GROUP...]          a throw-away user, name in $mu_last
#                                      (home in $T_TMP, password '*': not
#                                      locked for sshd)
#   mu_as USER UMASK [VAR=VAL...] CMD  runs CMD as USER with that umask and
#                                      a clean environment
#   mu_bg CMD...                       in the background (killed on exit),
#                                      pid in $mu_last
#   mu_install [OPGROUP]               make, make install into $MU_PREFIX, the
#                                      gate setgid to a throw-away data group
#                                      ($MU_DATA, made by make install) in
#                                      $MU_GATE_DIR for OPGROUP
#   mu_layout OPGROUP                  $MU_VAR: root:OPGROUP 2770, setgid
#   mu_desk SVGROUP [LINE...]          the desk of doc/deployment.md: $MU_VAR
#                                      root:$MU_DATA 2770, the demo snapshot
#                                      and key 0640, an empty log 0660, and
#                                      $MU_CONF (root's, 0644) naming them,
#                                      SVGROUP and each extra LINE
#   mu_sshd_start USER...              sshd on 127.0.0.1:$MU_PORT, key login
#                                      for these users
#   mu_ssh USER CMD                    ssh -tt USER@127.0.0.1 CMD, no terminal
#   mu_tmux_ssh SESSION USER CMD       the same, in a tmux session (a real
#                                      terminal for the remote side; the
#                                      bytes it gets in $(mu_bytes SESSION))
#   mu_keys SESSION KEYS...            types into it
#   mu_pane_pid SESSION                the ssh client's pid (to kill it)
#   mu_screen SESSION                  the tmux pane's text
#   mu_wait_screen SESSION REGEX       waits (bounded) until the pane matches
#   mu_wait_running USER PROG          waits (bounded) until USER runs PROG
#   mu_wait_gone USER PROG             waits (bounded) until USER runs no PROG
#   mu_gates USER                      the pids of USER's gates (they run as
#                                      $MU_DATA; USER's by their parent)
#   mu_wait_gate USER [gone]           waits until USER has a gate (none)
#   mu_mode FILE                       "MODE OWNER GROUP"
#   mu_ambiguous FILE                  East Asian Ambiguous characters in it
#   mu_tmux_as SESSION USER CMD        CMD as USER in a local tmux session
#   mu_gatecat                         builds gatecat.c: $MU_GATECAT, an
#                                      operator's own client of the gate
#   mu_frame TYPE FIELD...             one request frame of doc/gate.md
#   mu_rechain                         builds rechain.c: $MU_RECHAIN, root's
#                                      tool to hide a change in the log
#   mu_syslog_start                    a syslog socket of this run's own,
#                                      lines in $MU_SYSLOG (1: not possible)
#   mu_logged CMD                      CMD with that socket as its /dev/log
#
# Names are unique per run: "mdg<pid><letter>", so two runs never meet.
# Waits poll every 0.1 s up to MU_WAIT seconds (generous; the result never
# depends on how fast the machine is, only on whether it happens at all).

# The installed gate (and sshd) write to syslog: on a desk host that is the
# desk's auth.log, which `log verify --syslog` checks the desk's log
# against, and a test's heads there would make the real log look
# rewritten.  So each script runs in a private mount namespace whose
# /dev/log is /dev/null (nothing listens: syslog(3) drops the line); a host
# with no /dev/log needs none.  mu_logged's own socket is bound over it.
if [ -z "${MU_SEALED:-}" ] && [ -e /dev/log ] && [ "$(id -u)" -eq 0 ]; then
	export MU_SEALED=1
	if ! unshare -m --propagation private true 2>/dev/null; then
		echo "ok - the host syslog is hidden from the test # SKIP no private mount namespace here (unshare -m)"
		exit 0
	fi
	exec unshare -m --propagation private -- bash -c '
		mount --bind /dev/null /dev/log || {
			echo "ok - the host syslog is hidden from the test # SKIP cannot mount over /dev/log here"
			exit 0
		}
		exec bash "$0" "$@"' "$0" "$@"
fi

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# Characters, not bytes, in ${v:0:n}; UTF-8 for tmux and the program.
export LC_ALL=C.UTF-8
MU_ID="mdg$$"
MU_MARK="madoguchi-test $$"          # GECOS field: finds our users again
MU_WAIT=${MU_WAIT:-30}
MU_PREFIX=$T_TMP/prefix
MU_SYSCONF=$T_TMP/etc
MU_VAR=$T_TMP/var/lib/madoguchi
MU_SSH=$T_TMP/ssh
MU_TMUX_SOCK=$T_TMP/tmux.sock
MU_PORT=
MU_SSHD_PID=
mu_users=()
mu_groups=()
mu_pids=()

# Other users must reach the prefix, their homes and the layout.
chmod 0755 "$T_TMP"
# Who owns this directory, for mu_sweep after a SIGKILL.
echo $$ >"$T_TMP/mu-run.pid"

mu_cleanup() {
	local u g p pids
	trap - EXIT INT TERM HUP
	if [ -n "$MU_SSHD_PID" ]; then
		# the listener, then the per-connection sshd processes it forked
		pids=$(pgrep -P "$MU_SSHD_PID" 2>/dev/null)
		kill "$MU_SSHD_PID" 2>/dev/null
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill $pids 2>/dev/null
	fi
	[ -S "$MU_TMUX_SOCK" ] && tmux -S "$MU_TMUX_SOCK" kill-server 2>/dev/null
	for p in "${mu_pids[@]}"; do kill "$p" 2>/dev/null; done
	for u in "${mu_users[@]}"; do
		pids=$(pgrep -u "$u" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
	done
	for u in "${mu_users[@]}"; do
		getent passwd "$u" >/dev/null && mu_retry userdel -r -f "$u" >/dev/null 2>&1
		# the user's own group (USERGROUPS_ENAB) goes with it; be sure
		getent group "$u" >/dev/null && mu_retry groupdel "$u" >/dev/null 2>&1
	done
	for g in "${mu_groups[@]}"; do
		getent group "$g" >/dev/null && mu_retry groupdel "$g" >/dev/null 2>&1
	done
	rm -rf "$T_TMP"
}
trap mu_cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# What earlier runs that died by SIGKILL left: their sshd and tmux server
# (by the pid files in their directory), the directory, and their users and
# groups (ours by name and GECOS mark, and their run's process is gone).
# Under tests/run.sh each test has its own directory in the run's ($T_RUN):
# earlier runs' tests are in their runs' directories beside it.
mu_sweep() {
	local name pass uid gid gecos rest pid pids d
	for d in "$(dirname "$T_TMP")"/madoguchi-test.* \
		${T_RUN:+"$(dirname "$T_RUN")"/mdg.*/*/madoguchi-test.*}; do
		[ "$d" != "$T_TMP" ] && [ -f "$d/mu-run.pid" ] || continue
		pid=$(cat "$d/mu-run.pid")
		case $pid in ''|*[!0-9]*) continue ;; esac
		kill -0 "$pid" 2>/dev/null && continue
		if [ -f "$d/ssh/sshd.pid" ]; then
			pid=$(cat "$d/ssh/sshd.pid")
			# only if that pid is still this run's sshd
			case $pid in ''|*[!0-9]*) ;; *)
				tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$d/ssh/" &&
					kill "$pid" 2>/dev/null ;;
			esac
		fi
		[ -S "$d/tmux.sock" ] && tmux -S "$d/tmux.sock" kill-server 2>/dev/null
		rm -rf "$d"
	done
	while IFS=: read -r name pass uid gid gecos rest; do
		case $gecos in "madoguchi-test "*) ;; *) continue ;; esac
		pid=${gecos#madoguchi-test }
		case $name in "mdg$pid"*) ;; *) continue ;; esac
		kill -0 "$pid" 2>/dev/null && continue
		pids=$(pgrep -u "$uid" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
		userdel -r -f "$name" >/dev/null 2>&1
		getent group "$name" >/dev/null && groupdel "$name" >/dev/null 2>&1
	done < <(getent passwd)
	# The data accounts make install created (no mark: a system account).
	while IFS=: read -r name rest; do
		case $name in mdg[0-9]*d) ;; *) continue ;; esac
		pid=${name#mdg}; pid=${pid%d}
		case $pid in ''|*[!0-9]*) continue ;; esac
		kill -0 "$pid" 2>/dev/null && continue
		pids=$(pgrep -u "$name" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
		userdel -f "$name" >/dev/null 2>&1
	done < <(getent passwd)
	while IFS=: read -r name rest; do
		case $name in mdg[0-9]*op|mdg[0-9]*sv|mdg[0-9]*d) ;; *) continue ;; esac
		pid=${name#mdg}; pid=${pid%%[!0-9]*}
		case $pid in '') continue ;; esac
		kill -0 "$pid" 2>/dev/null && continue
		# only groups with no member and no user of that name
		getent passwd "$name" >/dev/null && continue
		[ -z "${rest##*:}" ] && groupdel "$name" >/dev/null 2>&1
	done < <(getent group)
}

# mu_retry CMD... — useradd and friends fail while another process (another
# test run on this machine) holds /etc/passwd.lock: try again, boundedly.
mu_retry() {
	local i
	for i in $(seq 1 50); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

mu_require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "ok - multi-user tests need root (CI runs as root) # SKIP not root"
		exit 0
	fi
	mu_sweep
}

# mu_group SUFFIX → creates group mdg<pid>SUFFIX (SUFFIX "op" or "sv", the
# names mu_sweep knows; "d" is the data group mu_install has made) and sets $mu_last to its name.  Like mu_user, not in
# a subshell: the cleanup list must see it.
mu_group() {
	local g="$MU_ID$1"
	mu_groups+=("$g")
	mu_retry groupadd "$g" 2>"$T_TMP/groupadd.err" ||
		{ echo "Bail out! groupadd $g: $(cat "$T_TMP/groupadd.err")"; exit 1; }
	mu_last=$g
}

# mu_user SUFFIX [GROUP...] → creates user mdg<pid>SUFFIX with its own
# group, in the supplementary GROUPs; sets $mu_last to the name.  Not
# printed: the caller must not run this in a subshell, or the cleanup list
# would not see the user.
mu_user() {
	local u="$MU_ID$1" groups
	shift
	groups=$(IFS=,; echo "$*")
	mkdir -p "$T_TMP/home"
	chmod 0755 "$T_TMP/home"
	mu_users+=("$u")
	# -p '*': no password, yet not locked ('!'), which sshd without PAM
	# would refuse even for key logins.
	mu_retry useradd -m -d "$T_TMP/home/$u" -s /bin/sh -U -c "$MU_MARK" -p '*' \
		${groups:+-G "$groups"} "$u" 2>"$T_TMP/useradd.err" ||
		{ echo "Bail out! useradd $u: $(cat "$T_TMP/useradd.err")"; exit 1; }
	mu_last=$u
	# Every user must reach $T_TMP: not so when TMPDIR is under /root.
	mu_as "$u" 022 true ||
		{ echo "Bail out! $u cannot enter $T_TMP/home/$u: set TMPDIR to a directory others may enter (/tmp)"; exit 1; }
}

# mu_as USER UMASK [VAR=VAL...] CMD... — as USER (its groups from
# /etc/group, as at login), in its home, with only a login-like environment.
mu_as() {
	local u=$1 m=$2 home
	shift 2
	home=$(getent passwd "$u" | cut -d: -f6)
	setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --init-groups -- \
		env -i HOME="$home" USER="$u" LOGNAME="$u" SHELL=/bin/sh \
		PATH="$MU_PREFIX/bin:/usr/bin:/bin" LC_ALL=C.UTF-8 \
		sh -c 'cd "$HOME" || exit 125; umask "$1"; shift; exec env "$@"' sh "$m" "$@"
}

# mu_bg CMD... — runs CMD in the background; the cleanup kills it if it is
# still running.  Its pid is in $mu_last.
mu_bg() {
	"$@" &
	mu_last=$!
	mu_pids+=("$mu_last")
}

# mu_install [OPGROUP] — `make` then `make install` into $MU_PREFIX, config
# directory $MU_SYSCONF.  The installed binary has them compiled in: it is
# built in this test's own directory (IBUILD), so the tree's build/install
# stays the one its user built for the real PREFIX.  Runs sharing the build
# directory take turns (flock).  make install, as root, creates the data
# account and group (mdg<pid>d, $MU_DATA: never the host's madoguchi-data)
# and installs the gate 6755 $MU_DATA:$MU_DATA in $MU_GATE_DIR, 0750
# root:OPGROUP (default mdg<pid>op, which need not exist: then 0755 and a
# warning).
mu_install() {
	local b=${BUILD:-build} op=${1:-${MU_ID}op}
	case $b in /*) ;; *) b=$ROOT/$b ;; esac
	mkdir -p "$MU_SYSCONF" "$b"
	MU_DATA=${MU_ID}d
	# Listed before they exist: the cleanup removes them whoever made
	# them (the account first: its group is its primary one).
	mu_users+=("$MU_DATA")
	mu_groups+=("$MU_DATA")
	if ! flock -w $((MU_WAIT * 20)) "$b/.install.lock" sh -c '
		make -C "$2" --no-print-directory BUILD="$1" IBUILD="$5" PREFIX="$3" SYSCONFDIR="$4" &&
		make -C "$2" --no-print-directory install BUILD="$1" IBUILD="$5" \
			PREFIX="$3" SYSCONFDIR="$4" DESTDIR= DATA_GROUP="$6" OPERATOR_GROUP="$7"' \
		sh "$b" "$ROOT" "$MU_PREFIX" "$MU_SYSCONF" "$T_TMP/ibuild" "$MU_DATA" "$op" \
		>"$T_TMP/install.log" 2>&1; then
		t_fail "make install into a temporary prefix" "$(tail -5 "$T_TMP/install.log")"
		exit 1
	fi
	MU_BIN=$MU_PREFIX/bin/madoguchi
	MU_GATE_DIR=$MU_PREFIX/libexec/madoguchi
	MU_GATE=$MU_GATE_DIR/madoguchi-gate
}

# mu_layout OPGROUP — /var/lib/madoguchi of the deployment guide.
mu_layout() {
	mkdir -p "$(dirname "$MU_VAR")"
	chmod 0755 "$T_TMP/var" "$(dirname "$MU_VAR")"
	install -d -o root -g "$1" -m 2770 "$MU_VAR"
}

# mu_desk SVGROUP [LINE...] — the data directory, snapshot, key, log and
# /etc/madoguchi.conf of doc/deployment.md, with the demo's snapshot (made
# by root once per run, in $T_TMP/demo) and $MU_VAR/inquiry.db as the log;
# the lines given are added to the config.  After mu_install.
MU_CONF=$MU_SYSCONF/madoguchi.conf
mu_desk() {
	local sv=$1 l
	shift
	mkdir -p "$(dirname "$MU_VAR")"
	chmod 0755 "$T_TMP/var" "$(dirname "$MU_VAR")"
	install -d -o root -g "$MU_DATA" -m 2770 "$MU_VAR"
	if [ ! -f "$T_TMP/demo/snapshot.db" ] &&
		! "$MU_BIN" demo --dir "$T_TMP/demo" >"$T_TMP/demo.log" 2>&1; then
		echo "Bail out! madoguchi demo: $(cat "$T_TMP/demo.log")"
		exit 1
	fi
	install -o root -g "$MU_DATA" -m 0640 "$T_TMP/demo/snapshot.db" "$MU_VAR/snapshot.db"
	install -o root -g "$MU_DATA" -m 0640 "$T_TMP/demo/snapshot.key" "$MU_VAR/snapshot.key"
	install -o root -g "$MU_DATA" -m 0660 /dev/null "$MU_VAR/inquiry.db"
	install -d -o root -g root -m 0755 "$MU_SYSCONF"
	{
		echo "snapshot = $MU_VAR/snapshot.db"
		echo "key_file = $MU_VAR/snapshot.key"
		echo "log = $MU_VAR/inquiry.db"
		echo "supervisor_group = $sv"
		for l in "$@"; do echo "$l"; done
	} >"$MU_CONF"
	chown root:root "$MU_CONF"
	chmod 0644 "$MU_CONF"
}

# mu_port_used PORT [STATE] — 0 when a TCP socket has that local port (in
# that state: 0A is LISTEN).  Read from /proc, as iproute2 may be missing.
mu_port_used() {
	local hex
	hex=$(printf '%04X' "$1")
	awk -v h="$hex" -v st="${2:-}" '
		NR > 1 { split($2, a, ":"); if (a[2] == h && (st == "" || $4 == st)) f = 1 }
		END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# mu_free_port — a TCP port in no use, from a random start.
mu_free_port() {
	local p i
	for i in $(seq 1 200); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if ! mu_port_used "$p"; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# mu_sshd_start USER... — sshd on 127.0.0.1, key login for these users only.
# Each user's private key is $MU_SSH/id_USER (root's, 0600); the
# authorized_keys files are read by sshd as the user, hence 0644.
mu_sshd_start() {
	local u try i
	mkdir -p "$MU_SSH/keys" /run/sshd
	chmod 0755 "$MU_SSH" "$MU_SSH/keys"
	ssh-keygen -q -t ed25519 -N '' -C "mdg host" -f "$MU_SSH/host_ed25519" || return 1
	for u in "$@"; do
		ssh-keygen -q -t ed25519 -N '' -C "$u" -f "$MU_SSH/id_$u" || return 1
		install -m 0644 "$MU_SSH/id_$u.pub" "$MU_SSH/keys/$u"
	done
	# A port can be taken between the check and the bind: try a few.
	for try in 1 2 3 4 5; do
		MU_PORT=$(mu_free_port) || return 1
		cat >"$MU_SSH/sshd_config" <<-EOF
		Port $MU_PORT
		ListenAddress 127.0.0.1
		HostKey $MU_SSH/host_ed25519
		PidFile $MU_SSH/sshd.pid
		AuthorizedKeysFile $MU_SSH/keys/%u
		AllowUsers $*
		PermitRootLogin no
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		X11Forwarding no
		AllowTcpForwarding no
		PrintMotd no
		PrintLastLog no
		LogLevel VERBOSE
		EOF
		: >"$MU_SSH/sshd.log"
		/usr/sbin/sshd -D -f "$MU_SSH/sshd_config" -E "$MU_SSH/sshd.log" &
		MU_SSHD_PID=$!
		for i in $(seq 1 $((MU_WAIT * 10))); do
			kill -0 "$MU_SSHD_PID" 2>/dev/null || break
			mu_port_used "$MU_PORT" 0A && return 0
			sleep 0.1
		done
		kill "$MU_SSHD_PID" 2>/dev/null
		wait "$MU_SSHD_PID" 2>/dev/null
		MU_SSHD_PID=
	done
	echo "# sshd did not start; its log:"
	sed 's/^/#   /' "$MU_SSH/sshd.log"
	return 1
}

# The client's options: no host key checks (the key is new each run), no
# agent, no user config, bounded connect.
mu_ssh_opts() {
	local u=$1
	printf '%s\n' -F /dev/null -i "$MU_SSH/id_$u" -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR -o BatchMode=yes -o ConnectTimeout=20 \
		-o ServerAliveInterval=5 -p "$MU_PORT"
}

# mu_ssh USER CMD — runs CMD on the host over `ssh -tt` (a remote terminal,
# as an operator's session has), stdin empty; output with CR removed.
mu_ssh() {
	local u=$1
	shift
	local -a o
	mapfile -t o < <(mu_ssh_opts "$u")
	timeout -k 5 $((MU_WAIT * 2)) ssh -tt "${o[@]}" "$u@127.0.0.1" "$@" </dev/null | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

# mu_tmux ARGS — tmux on this run's own server.  remain-on-exit keeps a
# pane readable after its ssh client ended.
mu_tmux() {
	if [ ! -f "$T_TMP/tmux.conf" ]; then
		printf 'set -g remain-on-exit on\nset -g default-terminal tmux-256color\nset -g history-limit 2000\n' \
			>"$T_TMP/tmux.conf"
	fi
	LC_ALL=C.UTF-8 tmux -S "$MU_TMUX_SOCK" -f "$T_TMP/tmux.conf" "$@"
}

# mu_tmux_ssh SESSION USER CMD [COLS ROWS] — ssh -tt USER@host CMD inside a
# new tmux session: the remote program gets a real terminal of that size,
# whose type is $MU_TERM (default tmux-256color; ssh sends it to the host).
# With MU_AFTER set, the pane's shell runs that command after ssh ends (ssh
# is then its child, not the pane's process: see mu_ssh_pid).
# Every byte the host sends to that terminal is kept in $T_TMP/SESSION.bytes
# (tmux pipe-pane): the pane waits for the pipe before it starts ssh.
mu_tmux_ssh() {
	local s=$1 u=$2 cmd=$3 cols=${4:-100} rows=${5:-30} line gate=$T_TMP/$1.go
	local -a o
	mapfile -t o < <(mu_ssh_opts "$u")
	line="i=0; while [ ! -e $(printf '%q' "$gate") ] && [ \$i -lt $((MU_WAIT * 10)) ]; do sleep 0.1; i=\$((i+1)); done;"
	local run=exec
	[ -n "${MU_AFTER:-}" ] && run=command
	line="$line TERM=$(printf '%q' "${MU_TERM:-tmux-256color}") $run ssh -tt $(printf '%q ' "${o[@]}")"
	line="$line $(printf '%q' "$u@127.0.0.1") $(printf '%q' "$cmd")"
	[ -n "${MU_AFTER:-}" ] && line="$line; $MU_AFTER"
	mu_tmux new-session -d -s "$s" -x "$cols" -y "$rows" "$line" || return 1
	mu_tmux pipe-pane -t "$s" "cat >$(printf '%q' "$T_TMP/$s.bytes")" || return 1
	: >"$gate"
}

# mu_bytes SESSION — the file of the bytes the host sent to that terminal.
mu_bytes() { echo "$T_TMP/$1.bytes"; }

# mu_keys SESSION KEYS... — types into the session (tmux send-keys).
mu_keys() { local s=$1; shift; mu_tmux send-keys -t "$s" "$@"; }

# mu_pane_pid SESSION — the ssh client's pid (the pane runs it by exec).
mu_pane_pid() { mu_tmux display-message -p -t "$1" '#{pane_pid}'; }

# mu_ssh_pid SESSION — the ssh client's pid, also when the pane's shell
# runs it as a child (MU_AFTER).
mu_ssh_pid() {
	local p
	p=$(mu_pane_pid "$1")
	pgrep -P "$p" -x ssh || echo "$p"
}

mu_screen() { mu_tmux capture-pane -p -t "$1" 2>/dev/null; }

# mu_wait_screen SESSION REGEX — 0 once the pane shows REGEX, 1 after
# MU_WAIT seconds.
mu_wait_screen() {
	local i
	for i in $(seq 1 $((MU_WAIT * 10))); do
		mu_screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# mu_wait_gone USER PROG — 0 once USER runs no process named PROG, 1 after
# MU_WAIT seconds.
mu_wait_gone() {
	local i
	for i in $(seq 1 $((MU_WAIT * 10))); do
		pgrep -u "$1" -x "$2" >/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# mu_wait_running USER PROG — 0 once USER runs PROG, 1 after MU_WAIT s.
mu_wait_running() {
	local i
	for i in $(seq 1 $((MU_WAIT * 10))); do
		pgrep -u "$1" -x "$2" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# mu_gates USER — the pids of USER's gates.  A gate runs as the data
# account ($MU_DATA), not as its caller: it is USER's when its parent (the
# program that started it) is USER's.  A gate whose parent is gone (an
# orphan: none should be) is listed for every USER.
mu_gates() {
	local p pp owner
	for p in $(pgrep -u "$MU_DATA" -x madoguchi-gate 2>/dev/null); do
		pp=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')
		[ -n "$pp" ] || continue
		owner=$(ps -o ruser:32= -p "$pp" 2>/dev/null | tr -d ' ')
		if [ "$owner" = "$1" ] || [ "$(ps -o comm= -p "$pp" 2>/dev/null)" != madoguchi ]; then
			echo "$p"
		fi
	done
}

# mu_wait_gate USER [gone] — 0 once USER has a gate (with gone: has
# none), 1 after MU_WAIT s; mu_wait_running and mu_wait_gone for gates.
mu_wait_gate() {
	local i have
	for i in $(seq 1 $((MU_WAIT * 10))); do
		have=$(mu_gates "$1")
		if [ "${2:-}" = gone ]; then [ -z "$have" ]; else [ -n "$have" ]; fi && return 0
		sleep 0.1
	done
	return 1
}

# mu_ambiguous FILE — prints the East Asian Ambiguous characters in the
# UTF-8 bytes of FILE as "U+XXXX" words (tests/ambiguous.pl).
mu_ambiguous() { perl "$ROOT/tests/ambiguous.pl" "$1"; }

# mu_mode FILE — "MODE OWNER GROUP", e.g. "660 mdg1a mdg1op".
mu_mode() { stat -c '%a %U %G' "$1"; }

# mu_gatecat — compiles tests/multiuser/gatecat.c (an operator's own client
# of the gate, and a syslog socket) into $T_TMP, readable and runnable by
# every account; its path in $MU_GATECAT.
mu_gatecat() {
	MU_GATECAT=$T_TMP/gatecat
	cc -std=c17 -O1 -Wall -Wextra -o "$MU_GATECAT" "$ROOT/tests/multiuser/gatecat.c" \
		>"$T_TMP/gatecat.log" 2>&1 ||
		{ echo "Bail out! cc gatecat.c: $(cat "$T_TMP/gatecat.log")"; exit 1; }
	chmod 0755 "$MU_GATECAT"
}

# mu_frame TYPE FIELD... — one request frame of doc/gate.md on stdout.
# FIELD is tN=TEXT, uN=NUMBER (u64), bN=0|1, xN=HEX (bytes) or fN=VALUE (a
# LOOKUP field as typed: nested, its length then its bytes), N the tag.
mu_frame() {
	perl -e '
		sub fld { my ($t, $v) = @_; pack("CN", $t, length $v) . $v }
		my $type = shift;
		my $body = "";
		for (@ARGV) {
			my ($k, $tag, $v) = /^([tubxf])(\d+)=(.*)$/s or die "mu_frame: $_\n";
			$body .= $k eq "t" ? fld($tag, $v)
			       : $k eq "u" ? fld($tag, pack("Q>", $v))
			       : $k eq "b" ? fld($tag, chr($v))
			       : $k eq "x" ? fld($tag, pack("H*", $v))
			       : fld($tag, fld(1, pack("Q>", length $v)) . fld(2, $v));
		}
		my $f = "MG" . chr(1) . chr($type) . $body;
		print pack("N", length $f) . $f;' "$@"
}

# mu_tmux_as SESSION USER [VAR=VAL...] CMD... — CMD as USER (as mu_as, umask
# 022, TERM tmux-256color) in a new tmux session of 100x30 on this run's
# server: a screen on this host without ssh.
mu_tmux_as() {
	local s=$1 u=$2 home line
	shift 2
	home=$(getent passwd "$u" | cut -d: -f6)
	line=$(printf '%q ' setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --init-groups -- \
		env -i HOME="$home" USER="$u" LOGNAME="$u" SHELL=/bin/sh \
		PATH="$MU_PREFIX/bin:/usr/bin:/bin" LC_ALL=C.UTF-8 TERM=tmux-256color \
		sh -c 'cd "$HOME" && umask 022 && exec env "$@"' sh "$@")
	mu_tmux new-session -d -s "$s" -x 100 -y 30 "$line"
}

# mu_rechain — compiles tests/multiuser/rechain.c against the program's
# core (after mu_install: make built it) into $MU_RECHAIN, root's tool.
mu_rechain() {
	local b=${BUILD:-build}
	case $b in /*) ;; *) b=$ROOT/$b ;; esac
	MU_RECHAIN=$T_TMP/rechain
	# shellcheck disable=SC2046
	cc -std=c17 -O1 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -I"$ROOT/src" -I"$b/gen" \
		$(pkg-config --cflags sqlite3 libsodium 2>/dev/null) -o "$MU_RECHAIN" \
		"$ROOT/tests/multiuser/rechain.c" "$b/libcore.a" \
		$(pkg-config --libs sqlite3 libsodium 2>/dev/null || echo -lsqlite3 -lsodium) \
		-lunistring -lm >"$T_TMP/rechain.log" 2>&1 ||
		{ echo "Bail out! cc rechain.c: $(cat "$T_TMP/rechain.log")"; exit 1; }
}

# mu_syslog_start — a syslog socket of this run's own ($T_TMP/syslog.sock,
# gatecat -s; after mu_gatecat) writing what it gets to $MU_SYSLOG, as
# received ("<PRI>TIME ident[pid]: message").  1 when this host cannot
# give a command its own /dev/log (no private mount namespace: mu_logged
# cannot work); the host's syslog is never used.
mu_syslog_start() {
	local i
	MU_SYSLOG=$T_TMP/syslog.txt
	: >"$MU_SYSLOG"
	unshare -m --propagation private true 2>/dev/null || return 1
	mu_bg "$MU_GATECAT" -s "$T_TMP/syslog.sock" "$MU_SYSLOG"
	for i in $(seq 1 $((MU_WAIT * 10))); do
		[ -S "$T_TMP/syslog.sock" ] && break
		sleep 0.1
	done
	# The whole of it, once: a container may allow the namespace and
	# refuse the mounts.
	mu_logged true 2>/dev/null
}

# mu_logged CMD... — CMD (mu_as too) in a private mount namespace whose
# /dev is the host's but for /dev/log, the socket of mu_syslog_start: what
# the gate sends syslog(3) reaches $MU_SYSLOG.  The namespace ends with
# CMD; nothing of it is seen outside.  125 when it cannot be made.
mu_logged() {
	export -f mu_as
	export MU_PREFIX MU_NS_SOCK=$T_TMP/syslog.sock MU_NS_TMP=$T_TMP
	unshare -m --propagation private -- bash -c '
		d=$(mktemp -d "$MU_NS_TMP/ns.XXXXXX") || exit 125
		mount -t tmpfs mdgns "$d" && mkdir "$d/host" && mount --rbind /dev "$d/host" &&
			mount -t tmpfs -o mode=0755 mdgdev /dev || exit 125
		for e in "$d"/host/*; do
			n=${e##*/}
			if [ "$n" = log ]; then continue    # the host syslog socket, if any
			elif [ -L "$e" ]; then ln -s "$(readlink "$e")" "/dev/$n"
			elif [ -d "$e" ]; then mkdir "/dev/$n" && mount --rbind "$e" "/dev/$n"
			else : >"/dev/$n" && mount --bind "$e" "/dev/$n"
			fi || exit 125
		done
		: >/dev/log && mount --bind "$MU_NS_SOCK" /dev/log || exit 125
		umount -l "$d" && rmdir "$d" || exit 125
		"$@"' bash "$@"
}
