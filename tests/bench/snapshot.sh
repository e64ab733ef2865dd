#!/usr/bin/env bash
# Issue 4's figures, run by tests/bench/run.sh (BUILD, BIN, TMP set): on a
# generated list of BENCH_PERSONS (default 1,000,000) user-info people, the
# import against `sqlite3 .import`, lookups against plaintext probes and
# `grep -F`, start to first lookup, and bytes per person.
set -u
BUILD=${BUILD:-build}
BIN=${BIN:-$PWD/madoguchi}
TMP=${TMP:-$(mktemp -d)}
N=${BENCH_PERSONS:-1000000}
D=$TMP/snapshot-bench
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

[ -x "$BIN" ] || { echo "snapshot bench: no $BIN" >&2; exit 0; }
mkdir -p "$D"
"$BIN" demo --dir "$D" --persons "$N" --no-import >/dev/null || exit 0
csv=$D/affected.csv

t=$(date +%s%N)
"$BIN" import "$csv" --out "$D/snapshot.db" --key "$D/snapshot.key" >"$D/import.out" || exit 0
import_ms=$(ms "$t")
persons=$(awk '/^persons:/{print $2}' "$D/import.out")
sq_ms=n/a
if command -v sqlite3 >/dev/null; then
	t=$(date +%s%N)
	sqlite3 "$D/plain-import.db" ".import --csv $csv affected" 2>/dev/null
	sq_ms=$(ms "$t")
	rm -f "$D/plain-import.db"
fi
ratio=n/a
[ "$sq_ms" != n/a ] && [ "$sq_ms" -gt 0 ] && ratio=$(awk -v a="$import_ms" -v b="$sq_ms" 'BEGIN{printf "%.1f", a/b}')
row "import, $N user-info people (s)" "$(awk -v m="$import_ms" 'BEGIN{printf "%.1f", m/1000}')" "< 20 s, <= 5x" \
	"sqlite3 .import: $(awk -v m="$sq_ms" 'BEGIN{printf "%.1f", m/1000}') s (${ratio}x)"

if [ -x "$BUILD/bench/bench_snapshot" ]; then
	"$BUILD/bench/bench_snapshot" "$D/snapshot.db" "$D/snapshot.key" "$csv" "$D/plain.db" 20000 >"$D/lookup" 2>&1
	get() { awk -v k="$1" '$1==k{print $2}' "$D/lookup"; }
	row "three-factor lookup, median (µs)" "$(get lookup_us_median)" "< 25 µs, <= 3x" \
		"plaintext probes: $(get plain_us_median) µs"
	row "three-factor lookup, p99 (µs)" "$(get lookup_us_p99)" "" "plaintext probes: $(get plain_us_p99) µs"
	rm -f "$D/plain.db"
fi

# grep -F over the CSV for one phone number: what a lookup without a
# snapshot would cost.
phone=$(sed -n '20p' "$csv" | awk -F, '{print $9}')
for i in 1 2 3 4 5; do
	t=$(date +%s%N)
	grep -F -c -- "$phone" "$csv" >/dev/null
	ms "$t"
done >"$D/grep"
row "grep -F over the CSV, one phone (ms, median)" "$(median <"$D/grep")" "" "for comparison"

# Start to first lookup answered: a new process each time.
kana=$(sed -n '20p' "$csv" | awk -F, '{print $3}')
birth=$(sed -n '20p' "$csv" | awk -F, '{print $4}')
for i in 1 2 3 4 5 6 7; do
	t=$(date +%s%N)
	"$BIN" lookup --snapshot "$D/snapshot.db" --key "$D/snapshot.key" --kana "$kana" --birth "$birth" \
		--phone "$phone" >/dev/null
	ms "$t"
done >"$D/cold"
row "start to first lookup answered (ms, median)" "$(median <"$D/cold")" "" "new process each time"

size=$(stat -c %s "$D/snapshot.db")
row "snapshot bytes per person" "$(( size / persons ))" "< 400 B" "$persons persons, $(( size / 1048576 )) MiB"
rm -rf "$D"
