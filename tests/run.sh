#!/usr/bin/env bash
# Runs madoguchi's tests and prints one summary line, "N passed, N failed".
#
# Every test speaks TAP ("ok - name" / "not ok - name"): cmocka binaries
# through CMOCKA_MESSAGE_OUTPUT=TAP, shell tests through tests/lib.sh.  A
# test program that exits non-zero without a "not ok", or that runs no
# test at all, counts as one failure: a crash or an empty test never passes.
#
# usage: tests/run.sh [SECTION...]   sections: unit asan cli term fuzz multiuser
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
export MADOGUCHI_BIN=${MADOGUCHI_BIN:-$PWD/madoguchi}
export LC_ALL=C.UTF-8
export MADOGUCHI_LANG=${MADOGUCHI_LANG:-en}
export MADOGUCHI_LOOKUP_LIMIT=${MADOGUCHI_LOOKUP_LIMIT:-off}
unset MADOGUCHI_CONFIG MADOGUCHI_SNAPSHOT MADOGUCHI_KEY MADOGUCHI_LOG MADOGUCHI_FAQ MADOGUCHI_DATA
LOGS=$BUILD/test-logs
mkdir -p "$LOGS"
FUZZ_SECONDS=${FUZZ_SECONDS:-5}

passed=0
failed=0
failures=()

# run_one NAME COMMAND... — runs one test program and counts its TAP lines.
run_one() {
	local name=$1; shift
	local log="$LOGS/${name//\//_}.log" rc ok nok
	timeout -k 10 900 "$@" >"$log" 2>&1 </dev/null
	rc=$?
	ok=$(grep -cE '^ok( |$)' "$log")
	nok=$(grep -cE '^not ok( |$)' "$log")
	if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		nok=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$ok" -eq 0 ] && [ "$nok" -eq 0 ]; then
		nok=1
		echo "not ok - $name ran no test" >>"$log"
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
	printf '%-40s %4d passed %4d failed\n' "$name" "$ok" "$nok"
	if [ "$nok" -ne 0 ]; then
		failures+=("$name")
		grep -E '^not ok' "$log" | head -20 | sed 's/^/    /'
		echo "    (log: $log)"
	fi
}

section_unit() {
	local t
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		CMOCKA_MESSAGE_OUTPUT=TAP run_one "unit/$(basename "$t")" "$t"
	done
}

section_asan() {
	local t
	for t in "$BUILD"/asan/test_*; do
		[ -x "$t" ] || continue
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			run_one "asan/$(basename "$t")" "$t"
	done
}

section_scripts() {
	local dir=$1 t
	for t in tests/"$dir"/*.sh; do
		[ -f "$t" ] || continue
		case $(basename "$t") in lib*.sh) continue ;; esac
		run_one "$dir/$(basename "$t" .sh)" bash "$t"
	done
}

# Each fuzzer runs briefly over its seed corpus plus what it finds, so a
# crash in a parser fails CI; `make fuzz` runs them longer.
section_fuzz() {
	local f name corpus work
	for f in "$BUILD"/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		name=$(basename "$f")
		corpus=tests/fuzz/${name#fuzz_}
		work=$(mktemp -d)
		[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null
		run_one "fuzz/$name" bash -c '
			"$1" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 "$3" \
			  && echo "ok - $4 ran $2 s without a crash" ' _ "$f" "$FUZZ_SECONDS" "$work" "$name"
		rm -rf "$work"
	done
}

sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(unit asan cli term fuzz multiuser)
for s in "${sections[@]}"; do
	case $s in
	unit) section_unit ;;
	asan) section_asan ;;
	fuzz) section_fuzz ;;
	cli|term|multiuser) section_scripts "$s" ;;
	*) echo "tests/run.sh: unknown section '$s'" >&2; exit 2 ;;
	esac
done

if [ ${#failures[@]} -ne 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
