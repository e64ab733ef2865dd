# Shared helpers for shell tests: source it, call t_* and end with t_done.
# Output is TAP, which tests/run.sh counts.
set -u
# Messages in English unless a test asks for Japanese (run.sh does the same).
export MADOGUCHI_LANG=${MADOGUCHI_LANG:-en}
# The tests look up far more callers than a desk allows an operator; the
# tests of the limit set one themselves.
export MADOGUCHI_LOOKUP_LIMIT=${MADOGUCHI_LOOKUP_LIMIT:-off}
MADOGUCHI=${MADOGUCHI_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/madoguchi}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
t_failed=0

t_ok()   { echo "ok - $1"; }
t_fail() { echo "not ok - $1"; shift; for l in "$@"; do printf '#   %s\n' "$l"; done; t_failed=1; }

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
