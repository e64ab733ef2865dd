#!/usr/bin/env bash
# Runs madoguchi's tests and prints one summary line, "N passed, N failed".
#
# Every test speaks TAP ("ok - name" / "not ok - name"): cmocka binaries
# through CMOCKA_MESSAGE_OUTPUT=TAP, shell tests through tests/lib.sh.  A
# test program that exits non-zero without a "not ok", or that runs no
# test at all, counts as one failure: a crash or an empty test never passes.
#
# Tests run side by side, TEST_JOBS at a time (default: the CPUs + 2; the
# terminal and multi-user tests mostly wait for a screen or a login).  Each
# one's output goes to its own log in $BUILD/test-logs/; the result lines
# come out in one fixed order (the sections as asked, then by name),
# whatever order the tests end in.  The longest start first, by the times
# of the last run ($BUILD/test-logs/times), else of a typical one
# (tests/times, for a clean tree), else a guess by section.
# A script with the line "# run.sh: parts" is split into parts scheduled
# apart: `bash SCRIPT --parts` names them, `bash SCRIPT --part NAME` runs
# one (tests/term/memcheck.sh).
#
# Each test is sealed: its own HOME, XDG_STATE_HOME, XDG_CONFIG_HOME,
# TMPDIR and TMUX_TMPDIR in the run's temporary directory (removed at the
# end), no MADOGUCHI_* variable but MADOGUCHI_BIN (the program under test,
# for the scripts) and MADOGUCHI_LANG=en.  tests/lib.sh seals a script run
# on its own the same way, and makes each script's T_TMP in its test's
# directory (T_TMPDIR).
#
# usage: tests/run.sh [SECTION...]   sections: unit asan cli term fuzz multiuser
#        TEST_JOBS=N                 N tests at once (1: one after another)
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
export MADOGUCHI_BIN=${MADOGUCHI_BIN:-$PWD/madoguchi}
while read -r v; do
	case $v in MADOGUCHI_BIN) ;; MADOGUCHI_*) unset "$v" ;; esac
done < <(compgen -e)
# A test that runs make is not part of `make check` (its -j, WERROR=1).
unset MAKEFLAGS MFLAGS MAKELEVEL
export LC_ALL=C.UTF-8
export MADOGUCHI_LANG=en
export MADOGUCHI_LOOKUP_LIMIT=off
LOGS=$BUILD/test-logs
mkdir -p "$LOGS"
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
JOBS=${TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) + 2))}
case $JOBS in '' | *[!0-9]* | 0) echo "tests/run.sh: TEST_JOBS must be a number above 0" >&2; exit 2 ;; esac

# The run's directory: other users (the multi-user tests, nobody) must be
# able to pass through it to what a test gives them.  Its name and each
# test's (RUN/ID) are short: a test's T_TMP is RUN/ID/madoguchi-test.XXXXXX,
# and the screens show paths in it (tests/term/call.sh matches one, with
# "lookup is disabled: snapshot " before it, on one line of 80 columns).
RUN=$(mktemp -d "${TMPDIR:-/tmp}/mdg.XXXXXX") || exit 2
chmod 0711 "$RUN"
export T_RUN=$RUN
cleanup() {
	local p
	trap - EXIT INT TERM HUP
	# Tests still running (an interrupted run): timeout passes the
	# signal on to the test's whole process group.
	for p in "$RUN"/*.pid; do
		[ -f "$p" ] && [ ! -f "${p%.pid}.rc" ] && kill -TERM "$(cat "$p")" 2>/dev/null
	done
	wait
	rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The tests of this run: name, kind (unit asan script part fuzz), argument.
names=()
kinds=()
args=()
add() { names+=("$1"); kinds+=("$2"); args+=("$3"); }

collect_bin() {
	local kind=$1 dir=$2 t
	for t in "$BUILD"/"$dir"/test_*; do
		[ -x "$t" ] || continue
		add "$kind/$(basename "$t")" "$kind" "$t"
	done
}

collect_scripts() {
	local dir=$1 t base parts p
	for t in tests/"$dir"/*.sh; do
		[ -f "$t" ] || continue
		base=$(basename "$t" .sh)
		case $base in lib*) continue ;; esac
		parts=""
		grep -qx '# run.sh: parts' "$t" && parts=$(bash "$t" --parts 2>/dev/null)
		if [ -z "$parts" ]; then
			add "$dir/$base" script "$t"
			continue
		fi
		for p in $parts; do
			add "$dir/$base:$p" part "$t $p"
		done
	done
}

# Each fuzzer runs briefly over its seed corpus plus what it finds, so a
# crash in a parser fails CI; `make fuzz` runs them longer.
collect_fuzz() {
	local f
	for f in "$BUILD"/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		add "fuzz/$(basename "$f")" fuzz "$f"
	done
}

sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(unit asan cli term fuzz multiuser)
for s in "${sections[@]}"; do
	case $s in
	unit) collect_bin unit tests ;;
	asan) collect_bin asan asan ;;
	fuzz) collect_fuzz ;;
	cli|term|multiuser) collect_scripts "$s" ;;
	*) echo "tests/run.sh: unknown section '$s'" >&2; exit 2 ;;
	esac
done
n=${#names[@]}

# tdir I — test I's directory in the run: two characters, 0-9 a-z.
B36=0123456789abcdefghijklmnopqrstuvwxyz
tdir() { echo "$RUN/${B36:$(($1 / 36)):1}${B36:$(($1 % 36)):1}"; }

# launch I — runs test I in the background, sealed, in its directory D.
# D.pid gets the pid of its timeout (which passes a signal on to the
# test's process group), then D.rc its exit status and D.time its seconds.
launch() {
	local i=$1 d name=${names[$1]} a=${args[$1]}
	local log="$LOGS/${name//\//_}.log"
	d=$(tdir "$i")
	mkdir -m 0711 "$d"
	mkdir -m 0700 "$d/home" "$d/state" "$d/config"
	(
		export HOME=$d/home XDG_STATE_HOME=$d/state XDG_CONFIG_HOME=$d/config \
			TMPDIR=$d TMUX_TMPDIR=$d T_TMPDIR=$d
		start=$(date +%s.%N)
		# The branches exec timeout: $! is its pid.
		case ${kinds[$i]} in
		unit)
			exec env CMOCKA_MESSAGE_OUTPUT=TAP timeout -k 10 900 "$a" ;;
		asan)
			exec env CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
				UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 timeout -k 10 900 "$a" ;;
		script)
			exec timeout -k 10 900 bash "$a" ;;
		part)
			exec timeout -k 10 900 bash "${a%% *}" --part "${a#* }" ;;
		fuzz)
			corpus=$(basename "$a")
			corpus=tests/fuzz/${corpus#fuzz_}
			mkdir "$d/corpus"
			[ -d "$corpus" ] && cp -r "$corpus"/. "$d/corpus"/ 2>/dev/null
			exec timeout -k 10 900 bash -c '
				"$1" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 "$3" \
				  && echo "ok - $4 ran $2 s without a crash" ' _ "$a" "$FUZZ_SECONDS" \
				"$d/corpus" "$(basename "$a")" ;;
		esac >"$log" 2>&1 </dev/null &
		echo $! >"$d.pid"
		wait $!
		rc=$?
		echo "$start $(date +%s.%N)" | awk '{ printf "%.1f\n", $2 - $1 }' >"$d.time"
		rm -rf "$d"
		echo "$rc" >"$d.rc"
	) &
}

passed=0
failed=0
failures=()

# report I — counts the TAP lines of finished test I, prints its line.
report() {
	local name=${names[$1]} rc ok nok
	local log="$LOGS/${name//\//_}.log"
	rc=$(cat "$(tdir "$1").rc")
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

# The expected seconds of each test: its last time, else its typical one,
# else a guess.  Only the order depends on them, never a result.
declare -A est=() typical=()
if [ -f "$LOGS/times" ]; then
	while read -r secs name; do est[$name]=$secs; done <"$LOGS/times"
fi
while read -r secs name; do
	[ "${secs#\#}" = "$secs" ] && typical[$name]=$secs
done <tests/times
guess() {
	case $1 in
	*/memcheck*|multiuser/*) echo 120 ;;
	term/*) echo 30 ;;
	fuzz/*) echo "$FUZZ_SECONDS" ;;
	cli/*) echo 10 ;;
	*) echo 2 ;;
	esac
}
order=$(for ((i = 0; i < n; i++)); do
	name=${names[$i]}
	printf '%s %d\n' "${est[$name]:-${typical[$name]:-$(guess "$name")}}" "$i"
done | sort -k1,1gr -k2,2n | cut -d' ' -f2)

# Start in that order, JOBS at a time; print in the run's order.
next=0
started=0
finished() { local f c=0; for f in "$RUN"/*.rc; do [ -f "$f" ] && c=$((c + 1)); done; echo "$c"; }
flush() {
	while [ "$next" -lt "$n" ] && [ -f "$(tdir "$next").rc" ]; do
		report "$next"
		next=$((next + 1))
	done
}
for i in $order; do
	while [ $((started - $(finished))) -ge "$JOBS" ]; do
		wait -n 2>/dev/null
		flush
	done
	launch "$i"
	started=$((started + 1))
done
while [ "$next" -lt "$n" ]; do
	wait -n 2>/dev/null || sleep 0.2
	flush
done

# This run's times, and the earlier ones of the sections it did not run.
declare -A now=()
for ((i = 0; i < n; i++)); do
	now[${names[$i]}]=$(cat "$(tdir "$i").time")
done
for name in "${!est[@]}"; do
	[[ " ${sections[*]} " == *" ${name%%/*} "* ]] || now[$name]=${est[$name]}
done
for name in "${!now[@]}"; do echo "${now[$name]} $name"; done | sort -k2 >"$LOGS/times.new" &&
	mv "$LOGS/times.new" "$LOGS/times"

if [ ${#failures[@]} -ne 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
