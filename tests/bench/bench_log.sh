#!/usr/bin/env bash
# Issue 5: appends per second and append latency of the inquiry log with 1,
# 10 and 50 concurrent writer processes at synchronous=FULL, beside a plain
# SQLite loop doing the same inserts with the same settings.  Run by
# tests/bench/run.sh (BUILD, TMP set); prints rows in its table format.
set -u
BUILD=${BUILD:-build}
TMP=${TMP:-$(mktemp -d)}
B=$BUILD/bench/bench_log
[ -x "$B" ] || { echo "bench_log: $B not built" >&2; exit 0; }
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
mkdir -p "$TMP/log"
for w in 1 10 50; do
	# 2,000 appends per run (the start and the last stragglers weigh less
	# than with 1,000); each writer keeps its log open, as a screen does.
	each=$((2000 / w))
	inq=$("$B" "$TMP/log" "$w" "$each" inq) || true
	plain=$("$B" "$TMP/log" "$w" "$each" plain) || true
	set -- $inq
	i_rate=${3:-n/a} i_p50=${4:-n/a} i_p99=${5:-n/a} i_max=${6:-n/a} i_err=${7:-n/a}
	set -- $plain
	p_rate=${3:-n/a} p_p50=${4:-n/a} p_p99=${5:-n/a} p_max=${6:-n/a} p_err=${7:-n/a}
	goal_rate="" goal_p99=""
	[ "$w" = 50 ] && goal_rate=">= 2000/s" && goal_p99="< 100 ms"
	row "log appends/s, $w writer(s) (errors: $i_err)" "$i_rate" "$goal_rate" "plain SQLite: $p_rate/s (errors: $p_err)"
	row "log append p50 / p99 ms, $w writer(s)" "$i_p50 / $i_p99" "$goal_p99" "plain SQLite: $p_p50 / $p_p99 ms"
	row "log append max ms, $w writer(s)" "$i_max" "" "plain SQLite: $p_max ms"
done
