# Shared helpers for shell tests: source it, call t_* and end with t_done.
# Output is TAP, which tests/run.sh counts.
#
# Sealed, as tests/run.sh seals each test: every MADOGUCHI_* variable but
# the harness's MADOGUCHI_BIN is unset, and HOME, XDG_STATE_HOME,
# XDG_CONFIG_HOME, TMPDIR and TMUX_TMPDIR are private directories in T_TMP,
# so that no test reads the account's own files or writes the host's state
# (the development build reads no system config; tests/cli/sealed.sh).
#
# T_TMP itself is made in T_TMPDIR: the test's directory in the run
# (tests/run.sh sets it), else TMPDIR as it was.  A test started by a test
# (tests/term/memcheck.sh) makes its T_TMP there too, not in the other's
# TMPDIR: a path the screen shows is as long as in a test run alone, and
# some tests match it on one line of 80 columns.
set -u
MADOGUCHI=${MADOGUCHI_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/madoguchi}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export T_TMPDIR=${T_TMPDIR:-${TMPDIR:-/tmp}}
T_TMP=$(mktemp -d "$T_TMPDIR/madoguchi-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
while read -r t_v; do
	case $t_v in MADOGUCHI_BIN) ;; MADOGUCHI_*) unset "$t_v" ;; esac
done < <(compgen -e)
# A test that runs make is not part of the make that started the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
# Messages in English unless a test asks for Japanese (run.sh does the same).
export MADOGUCHI_LANG=en
# The tests look up far more callers than a desk allows an operator; the
# tests of the limit set one themselves.
export MADOGUCHI_LOOKUP_LIMIT=off
# Other users (the multi-user tests, nobody) may pass through to T_TMP's
# files the tests give them; HOME and the state stay private.
mkdir -m 0711 "$T_TMP/sealed" "$T_TMP/sealed/tmp"
mkdir -m 0700 "$T_TMP/sealed/home" "$T_TMP/sealed/state" "$T_TMP/sealed/config"
export HOME=$T_TMP/sealed/home XDG_STATE_HOME=$T_TMP/sealed/state \
	XDG_CONFIG_HOME=$T_TMP/sealed/config TMPDIR=$T_TMP/sealed/tmp TMUX_TMPDIR=$T_TMP/sealed
t_failed=0

t_ok()   { echo "ok - $1"; }
# Every line of the details is a comment, also in a multi-line one: a line
# of the program's output such as "ok 1 lookups" must not count as a pass.
t_fail() { echo "not ok - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done; t_failed=1; }

# t_eq NAME EXPECTED ACTUAL
t_eq() {
	if [ "$2" == "$3" ]; then t_ok "$1"; else t_fail "$1" "expected: $2" "actual:   $3"; fi
}

# t_match NAME REGEX ACTUAL (extended regex, grep semantics, any line)
t_match() {
	if printf '%s\n' "$3" | grep -qE -- "$2"; then t_ok "$1"; else t_fail "$1" "no line matches: $2" "in: $3"; fi
}

# t_nomatch NAME REGEX ACTUAL
t_nomatch() {
	if printf '%s\n' "$3" | grep -qE -- "$2"; then t_fail "$1" "a line matches: $2" "in: $3"; else t_ok "$1"; fi
}

# t_run: runs the program, setting $out, $err and $rc.
t_run() {
	out=$("$MADOGUCHI" "$@" 2>"$T_TMP/stderr")
	rc=$?
	err=$(cat "$T_TMP/stderr")
}

# t_status NAME EXPECTED_RC — checks $rc from the last t_run.
t_status() {
	if [ "$rc" -eq "$2" ]; then t_ok "$1"; else t_fail "$1" "exit status $rc, expected $2" "stderr: $err"; fi
}

t_done() { exit 0; }
