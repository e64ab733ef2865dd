#!/usr/bin/env bash
# Issue 6's figures, run by tests/bench/run.sh (BUILD, BIN, TMP set): on a
# log of BENCH_CALLS (default 1,000,000) calls over a year, the time to
# open the review screen and to apply each filter (goal < 200 ms), `log
# stats` and `log export` of one day, and the review screen's peak RSS
# (goal < 16 MB whatever the log's size).
set -u
BUILD=${BUILD:-build}
BIN=${BIN:-$PWD/madoguchi}
TMP=${TMP:-$(mktemp -d)}
N=${BENCH_CALLS:-1000000}
B=$BUILD/bench
D=$TMP/review-bench
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

[ -x "$BIN" ] && [ -x "$B/bench_review" ] || { echo "review bench: no $BIN or $B/bench_review" >&2; exit 0; }
mkdir -p "$D"
LOG=$D/log.db
export MADOGUCHI_LOG=$LOG MADOGUCHI_SPOOL_DIR=$D/spool
unset MADOGUCHI_SUPERVISOR_GROUP
t=$(date +%s%N)
"$B/bench_review" gen "$LOG" "$N" 365 || exit 0
row "review: generate $N calls (ms)" "$(ms "$t")" "" "one transaction, chain hashed"
t=$(date +%s%N)
"$BIN" log verify >"$D/verify" 2>&1
row "review: log verify of them (ms)" "$(ms "$t")" "" "$(cat "$D/verify")"

# The table's page on a 80x24 screen: 20 rows and one more.
"$B/bench_review" query "$LOG" 21 >"$D/query"
for f in today escalated operator disposition match note week+op+esc all all_note note_no_match; do
	row "review page: $f (ms, median)" "$(awk -v f="$f" '$1==f{print $2}' "$D/query")" \
		"< 200 ms" "keyset query, 21 rows"
done

if [ -x "$B/ptybench" ]; then
	for i in 1 2 3 4 5; do
		"$B/ptybench" -m "Enter detail" -- "$BIN" --faq faq --ambiwidth single --lang en review
	done >"$D/screen" 2>/dev/null
	row "review screen: start to table (ms, median)" \
		"$(awk '/^start_ms/{print $2}' "$D/screen" | median)" "< 200 ms" ""
	row "review screen RSS (KB, median)" \
		"$(awk '/^rss_kb/{print $2}' "$D/screen" | median)" "< 16384 KB" "$N calls in the log"
fi

day=$(date +%F)
t=$(date +%s%N)
"$BIN" log stats --since "$day" --until "$day" >"$D/stats"
row "log stats, one day (ms)" "$(ms "$t")" "" "$(awk '$1=="calls"{print $2}' "$D/stats") calls"
t=$(date +%s%N)
"$BIN" log export --format csv --since "$day" --until "$day" >"$D/export.csv"
row "log export csv, one day (ms)" "$(ms "$t")" "" "$(($(wc -l <"$D/export.csv") - 1)) rows (src/inquiry)"
rm -rf "$D"
