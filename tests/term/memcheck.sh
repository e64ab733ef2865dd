#!/usr/bin/env bash
# The key terminal tests again, with the program under AddressSanitizer +
# UBSan (build/asan/madoguchi, made by `make asan`) and under valgrind
# (the plain -O2 -g binary): each test must pass as it does plainly, and no
# sanitizer report, no valgrind error and no definite leak may appear.
# ncurses keeps memory until exit ("still reachable"): only definite leaks
# count.  The program runs through a wrapper (MADOGUCHI_BIN), because the
# terminal tests start it with a clean environment.
#
#   MEMCHECK_TESTS="start search"  the scripts to run (default below)
#   MEMCHECK_TOOLS="asan"          asan, valgrind or both (default)
#
# Each tool over each script is one part, which tests/run.sh schedules on
# its own beside other tests (the parts are independent; together they
# took six minutes one after another):
#   --parts                        prints the parts, TOOL/SCRIPT
#   --part TOOL/SCRIPT             runs one
# run.sh: parts
TESTS=${MEMCHECK_TESTS:-start search input signals errors call}
TOOLS=${MEMCHECK_TOOLS:-asan valgrind}
case ${1:-} in
--parts)
	for tool in $TOOLS; do for s in $TESTS; do echo "$tool/$s"; done; done
	exit 0 ;;
--part)
	TOOLS=${2%%/*} TESTS=${2#*/} ;;
esac
. "$(dirname "$0")/../lib.sh"

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ASAN_PROG=$BUILD/asan/madoguchi
PLAIN=$MADOGUCHI
chmod 0755 "$T_TMP"

# wrapper TOOL — a script that runs the program under TOOL, its reports in
# $T_TMP/TOOL/.
wrapper() {
	local w=$T_TMP/run-$1 d=$T_TMP/$1
	mkdir -p "$d"
	case $1 in
	asan)
		cat >"$w" <<EOW
#!/bin/sh
ASAN_OPTIONS=detect_leaks=\$(cat $d.leaks):log_path=$d/asan:abort_on_error=0:exitcode=86 \\
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$d/ubsan \\
exec $(printf '%q' "$ASAN_PROG") "\$@"
EOW
		;;
	valgrind)
		cat >"$w" <<EOW
#!/bin/sh
exec valgrind -q --error-exitcode=86 --leak-check=full --show-leak-kinds=definite \\
	--errors-for-leak-kinds=definite --track-fds=no --log-file=$d/vg.%p \\
	$(printf '%q' "$PLAIN") "\$@"
EOW
		;;
	esac
	chmod 0755 "$w"
	echo "$w"
}

for tool in $TOOLS; do
	case $tool in
	asan)
		if [ ! -x "$ASAN_PROG" ]; then
			t_fail "asan: $ASAN_PROG exists" "run 'make asan' first (make check does)"
			continue
		fi
		newer=$(find "$ROOT/src" "$ROOT/ui" -name '*.[ch]' -newer "$ASAN_PROG" | head -3)
		if [ -n "$newer" ]; then
			t_fail "asan: $ASAN_PROG is up to date" "older than $newer; run 'make asan'"
			continue
		fi ;;
	valgrind)
		if ! command -v valgrind >/dev/null; then
			t_fail "valgrind: installed" "sh .ci/deps --test installs it"
			continue
		fi ;;
	*) t_fail "memcheck: unknown tool '$tool'"; continue ;;
	esac
	w=$(wrapper "$tool")
	for s in $TESTS; do
		f=$ROOT/tests/term/$s.sh
		if [ ! -f "$f" ]; then
			echo "ok - $tool/$s # SKIP tests/term/$s.sh is not in this tree"
			continue
		fi
		# The program is 2-3 times (ASan) or 20-50 times (valgrind) slower:
		# the tests' bounded waits are raised to match.
		wait_s=30
		[ "$tool" = valgrind ] && wait_s=120
		# LeakSanitizer's exit-time check sometimes never ends after the
		# terminal was killed under the program (signals.sh, "hup": state R,
		# fd 3 on /proc/N/task, LSan stopping the world; seen on this
		# container, where ptrace is restricted).  Leaks of that script are
		# checked by valgrind instead.
		leaks=1
		[ "$tool-$s" = asan-signals ] && leaks=0
		echo "$leaks" >"$T_TMP/$tool.leaks"
		# --foreground: in this script's process group, which the
		# runner's timeout signals when the part is stopped.
		MEMCHECK_TOOL=$tool TM_WAIT=$wait_s MADOGUCHI_BIN=$w \
			timeout --foreground -k 10 1200 bash "$f" >"$T_TMP/$tool-$s.tap" 2>&1
		rc=$?
		sed -nE "s/^(not ok|ok) - /\\1 - $tool\\/$s: /p; /^#/p" "$T_TMP/$tool-$s.tap"
		[ "$rc" -eq 0 ] || t_fail "$tool/$s: the script exits 0" "status $rc"
	done
	# Reports: ASan/UBSan write a file only when they find something;
	# valgrind writes one per process, empty with -q when all is well.
	reports=""
	for r in "$T_TMP/$tool"/*; do
		[ -s "$r" ] || continue
		reports+="$(basename "$r"): $(head -c 3000 "$r")"$'\n'
	done
	if [ -z "$reports" ]; then
		t_ok "$tool: no error and no definite leak in $(ls "$T_TMP/$tool" | wc -l) report file(s)"
	else
		t_fail "$tool: no error and no definite leak" "$reports"
	fi
	[ "$tool" = valgrind ] && t_match "valgrind: it did run the program" '.' "$(ls "$T_TMP/$tool")"
done
t_done
