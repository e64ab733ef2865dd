#!/usr/bin/env bash
# The tests cannot see the host.  The development build (./madoguchi) reads
# no system config: a hostile /etc/madoguchi.conf (the desk's log, snapshot
# and key, a language that does not exist) placed where the installed
# build reads it changes nothing for it, nor for the command-line tests
# that failed on a host with the desk installed (basics, config, snapshot
# and lookup, log), and the desk's log stays byte for byte the same.  The
# file is placed for real in a private mount namespace whose /etc is a
# copy (unshare --mount, as root: CI runs as root), so the host's /etc is
# never touched; the installed build, run there, reads it.  strace shows
# that the development binary looks up no /etc/madoguchi* and sends
# nothing to the host's syslog (src/hostlog).  Every test's
# HOME, state, config and temporary directories are its own (tests/lib.sh,
# tests/run.sh).
. "$(dirname "$0")/../lib.sh"

# The seal itself.
for v in HOME XDG_STATE_HOME XDG_CONFIG_HOME TMPDIR TMUX_TMPDIR; do
	t_match "sealed: \$$v is in the test's directory" "^$T_TMP/" "${!v:-unset}"
done
if [ -n "${T_RUN:-}" ]; then
	t_match "sealed: the test's directory is in the run's" "^$T_RUN/" "$T_TMP"
fi
t_eq "sealed: no MADOGUCHI_* variable but the program under test, the language and no lookup limit" \
	"MADOGUCHI_LANG=en MADOGUCHI_LOOKUP_LIMIT=off" \
	"$(env | grep '^MADOGUCHI_' | grep -v '^MADOGUCHI_BIN=' | sort | tr '\n' ' ' | sed 's/ $//')"

t_run config
t_status "config exits 0" 0
t_eq "config: the development build says it reads no system config and how to give one" \
	"config = 	# default: this development build reads no system config; give one with --config FILE or MADOGUCHI_CONFIG" \
	"$(printf '%s\n' "$out" | grep '^config =')"

# The installed build for SYSCONFDIR=/etc, made here (its own directory, so
# the tree's build/install is left as it was): the control that shows the
# planted file is where an installed madoguchi reads it.
b=${BUILD:-build}
case $b in /*) ;; *) b=$ROOT/$b ;; esac
INST=$T_TMP/inst
if flock -w 600 "$b/.install.lock" make -C "$ROOT" --no-print-directory BUILD="$b" IBUILD="$INST" \
	PREFIX="$T_TMP/prefix" SYSCONFDIR=/etc "$INST/madoguchi" >"$T_TMP/make.log" 2>&1; then
	t_ok "an installed build for SYSCONFDIR=/etc is made beside the tree's"
else
	t_fail "an installed build for SYSCONFDIR=/etc is made beside the tree's" "$(tail -5 "$T_TMP/make.log")"
	INST=
fi

# strace: which files each binary looks up (open, stat, access, ...).
traced() {
	local out=$1
	shift
	strace -f -qq -e trace=%file -o "$out" "$@" >/dev/null 2>&1
}
if ! command -v strace >/dev/null; then
	echo "ok - strace: the development binary looks up no /etc/madoguchi* # SKIP strace is not installed (sh .ci/deps --test)"
elif ! strace -qq -e trace=%file -o /dev/null true 2>/dev/null; then
	echo "ok - strace: the development binary looks up no /etc/madoguchi* # SKIP strace cannot trace here (ptrace refused)"
else
	: >"$T_TMP/dev.trace"
	for cmd in "config" "faq list" "normalize kana シブヤ" "lookup --kana シブヤ --birth 1980-01-01" \
		"log verify --log $T_TMP/none.db"; do
		# shellcheck disable=SC2086
		traced "$T_TMP/one.trace" "$MADOGUCHI" $cmd
		cat "$T_TMP/one.trace" >>"$T_TMP/dev.trace"
	done
	t_match "strace: the trace of the development binary holds its file lookups" 'faq' "$(cat "$T_TMP/dev.trace")"
	t_nomatch "strace: the development binary looks up no /etc/madoguchi*" '"/etc/madoguchi' \
		"$(cat "$T_TMP/dev.trace")"
	if [ -n "$INST" ]; then
		traced "$T_TMP/inst.trace" "$INST/madoguchi" config
		t_match "strace: the installed build looks up /etc/madoguchi.conf (the trace would show it)" \
			'"/etc/madoguchi\.conf"' "$(cat "$T_TMP/inst.trace")"
	fi
	# The host's syslog: appends send chain heads there, a refused read
	# its refusal; on a desk host that is the desk's auth.log, which
	# `log verify --syslog` checks the desk's log against.
	sys() { strace -f -qq -e trace=connect -o "$1" "${@:2}" >/dev/null 2>&1; }
	: >"$T_TMP/sys.trace"
	for cmd in "log add --disposition status" "log lookup --verdict none" "log verify" \
		"lookup --kana シブヤ --birth 1980-01-01"; do
		# shellcheck disable=SC2086
		sys "$T_TMP/one.trace" "$MADOGUCHI" --log "$T_TMP/sys.db" $cmd
		cat "$T_TMP/one.trace" >>"$T_TMP/sys.trace"
	done
	sys "$T_TMP/one.trace" env MADOGUCHI_SUPERVISOR_GROUP=mdg-no-such-group "$MADOGUCHI" --log "$T_TMP/sys.db" log stats
	cat "$T_TMP/one.trace" >>"$T_TMP/sys.trace"
	t_nomatch "strace: the development binary sends nothing to the host's syslog (/dev/log)" '/dev/log' \
		"$(cat "$T_TMP/sys.trace")"
	sys "$T_TMP/one.trace" env MADOGUCHI_TEST_SYSLOG=$T_TMP/caught.log "$MADOGUCHI" --log "$T_TMP/sys.db" \
		log add --disposition status
	t_match "strace: ... the trace would show it (with the tests' catcher asked for, it connects)" '/dev/log' \
		"$(cat "$T_TMP/one.trace")"
fi

# The hostile file, for real, in a private mount namespace.
why=""
if [ "$(id -u)" -ne 0 ]; then
	why="not root (a private mount namespace needs root; CI runs as root)"
elif ! command -v unshare >/dev/null; then
	why="no unshare (util-linux)"
elif ! unshare --mount --propagation private true 2>/dev/null; then
	why="unshare --mount is refused here"
elif [ -z "$INST" ]; then
	why="no installed build to show the file is read"
fi
if [ -n "$why" ]; then
	echo "ok - a hostile /etc/madoguchi.conf changes nothing # SKIP $why"
	t_done
fi

# The desk: a log with one call and one lookup, a snapshot and a key file.
DESK=$T_TMP/desk
mkdir -p "$DESK/spool"
"$MADOGUCHI" --log "$DESK/inquiry.db" log add --disposition status >/dev/null 2>&1
"$MADOGUCHI" --log "$DESK/inquiry.db" log lookup --verdict none >/dev/null 2>&1
printf 'not a snapshot\n' >"$DESK/snapshot.db"
printf 'not a key\n' >"$DESK/key"
t_match "the desk's log holds its entries" '^ok 1 lookups' \
	"$("$MADOGUCHI" --log "$DESK/inquiry.db" log verify 2>&1)"
desk_sums() { (cd "$DESK" && sha256sum inquiry.db* snapshot.db key && ls -A spool); }
before=$(desk_sums)

# hostile [LANG]: the madoguchi.conf planted in the namespace's /etc, every
# key set away from its default, and a language that does not exist.
hostile() {
	printf '# planted by tests/cli/sealed.sh\nlog = %s\nsnapshot = %s\nkey_file = %s\nspool_dir = %s\n' \
		"$DESK/inquiry.db" "$DESK/snapshot.db" "$DESK/key" "$DESK/spool"
	printf 'faq_dir = %s\ndata_dir = %s\nsupervisor_group = mdg-no-such-group\n' "$DESK" "$DESK"
	printf 'desk_hours = 00:00-00:01\nambiwidth = double\ncolor = always\nlang = %s\n' "${1:-xx}"
}
hostile >"$T_TMP/loud.conf"
hostile en >"$T_TMP/quiet.conf"
SCRIPTS="basics config snapshot log lookup-window"
cat >"$T_TMP/inside.sh" <<'EOS'
# In the private mount namespace: /etc is a copy with madoguchi.conf in it.
set -u
T=$1 ROOT=$2 INST=$3 SCRIPTS=$4 DEV=$5
cp -a /etc "$T/etc" || exit 1
install -m 0644 "$T/loud.conf" "$T/etc/madoguchi.conf"
mount --bind "$T/etc" /etc || exit 1
cmp -s /etc/madoguchi.conf "$T/loud.conf" && echo planted >"$T/planted"
# Without MADOGUCHI_LANG, which would outrank the file's language.
env -u MADOGUCHI_LANG "$INST" config >"$T/inst.out" 2>&1
env -u MADOGUCHI_LANG "$DEV" config >"$T/dev.out" 2>&1
echo $? >"$T/dev.rc"
for s in $SCRIPTS; do
	bash "$ROOT/tests/cli/$s.sh" >"$T/$s.tap" 2>&1
	echo $? >"$T/$s.rc"
done
# A desk file with a valid language: what the development build writes
# goes to its own log, never the desk's.
install -m 0644 "$T/quiet.conf" /etc/madoguchi.conf
env -u MADOGUCHI_LANG "$INST" config >"$T/inst-quiet.out" 2>&1
{
	"$DEV" log add --disposition status
	"$DEV" log lookup --verdict none
	"$DEV" lookup --kana シブヤ --birth 1980-01-01
} >"$T/quiet.out" 2>&1
"$DEV" log verify >"$T/own.out" 2>&1
EOS
unshare --mount --propagation private bash "$T_TMP/inside.sh" "$T_TMP" "$ROOT" "$INST/madoguchi" "$SCRIPTS" "$MADOGUCHI"
if [ ! -f "$T_TMP/planted" ]; then
	t_fail "the hostile file is in the namespace's /etc" "$(ls -l "$T_TMP/etc/madoguchi.conf" 2>&1)"
	t_done
fi
t_ok "the hostile file is in the namespace's /etc"
t_match "control: the installed build reads it (and refuses its language)" \
	"^madoguchi: /etc/madoguchi\.conf:[0-9]+: lang 'xx'" "$(cat "$T_TMP/inst.out")"
t_match "control: with a valid language the installed build takes the desk's log" \
	"^log = $DESK/inquiry\.db	# config file\$" "$(cat "$T_TMP/inst-quiet.out")"
t_eq "the development build's config exits 0 beside it" 0 "$(cat "$T_TMP/dev.rc")"
t_match "... and reads no system config" \
	'^config = 	# default: this development build reads no system config' "$(cat "$T_TMP/dev.out")"
t_nomatch "... nor takes the desk's log, snapshot, key or spool" "$DESK" "$(cat "$T_TMP/dev.out")"
t_match "... nor its language" '^lang = ja	# default$' "$(cat "$T_TMP/dev.out")"
for s in $SCRIPTS; do
	tap=$T_TMP/$s.tap
	nok=$(grep -E '^not ok' "$tap")
	n=$(grep -cE '^ok( |$)' "$tap")
	if [ "$(cat "$T_TMP/$s.rc")" = 0 ] && [ -z "$nok" ] && [ "$n" -gt 0 ]; then
		t_ok "tests/cli/$s.sh passes beside it ($n checks)"
	else
		t_fail "tests/cli/$s.sh passes beside it" "status $(cat "$T_TMP/$s.rc")" "$(head -20 <<<"$nok")" \
			"$(tail -5 "$tap")"
	fi
done
t_match "with a valid language too, the development build writes its own log" '^ok 1 lookups' \
	"$(cat "$T_TMP/own.out")"
t_nomatch "... and names nothing of the desk's" "$DESK" "$(cat "$T_TMP/quiet.out")"
t_eq "the desk's log, snapshot and key are byte for byte the same, its spool empty (sha256)" \
	"$before" "$(desk_sums)"
t_done
