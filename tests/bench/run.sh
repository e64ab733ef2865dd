#!/usr/bin/env bash
# `make bench`: every figure the issues ask for, each beside its goal and
# its named comparison, in one run.  Figures are medians over repeated runs
# on this (shared, noisy) machine; nothing here is a pass/fail test.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=$PWD/madoguchi
export LC_ALL=C.UTF-8 MADOGUCHI_LANG=en
B=$BUILD/bench
TMP=$(mktemp -d /tmp/madoguchi-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }

echo "madoguchi benchmarks — $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(uname -m))"
hr
row "figure" "measured" "goal" "comparison"
hr

# --- Issue 2: FAQ search, first screen, memory, bytes per keystroke -------
if [ -x "$B/bench_faq" ]; then
	"$B/bench_faq" faq data/synonyms.tsv 10000 >"$TMP/faq" 2>&1 || cat "$TMP/faq" >&2
	row "faq search, 14 answers (µs/query, median)" "$(awk '/_us_14 /{print $2}' "$TMP/faq")" "< 1000 µs" ""
	row "faq search, 10,000 entries (µs/query, median)" "$(awk '/_us_10000 /{print $2}' "$TMP/faq")" "< 10000 µs" ""
fi

if [ -x "$B/ptybench" ] && [ -x "$BIN" ]; then
	# The first complete screen: the status line's key help is drawn last.
	marker=${SCREEN_MARKER:-F10}
	for i in 1 2 3 4 5 6 7 8 9; do
		"$B/ptybench" -m "$marker" -- "$BIN" --faq faq --ambiwidth single --lang en
	done >"$TMP/screen" 2>/dev/null
	"$BIN" faq list --faq faq | cut -f2 >"$TMP/questions.txt"
	last=$(tail -n 1 "$TMP/questions.txt" | cut -c1-6)
	for i in 1 2 3 4 5 6 7 8 9; do
		"$B/ptybench" -m "$last" -- less "$TMP/questions.txt"
	done >"$TMP/less" 2>/dev/null
	row "start to first complete screen (ms, median)" \
		"$(awk '/^start_ms/{print $2}' "$TMP/screen" | median)" "< 50 ms" \
		"less: $(awk '/^start_ms/{print $2}' "$TMP/less" | median) ms"
	row "operator screen RSS (KB, median)" "$(awk '/^rss_kb/{print $2}' "$TMP/screen" | median)" "< 6144 KB" \
		"less: $(awk '/^rss_kb/{print $2}' "$TMP/less" | median) KB"
	row "operator screen PSS, alone (KB, median)" "$(awk '/^pss_kb/{print $2}' "$TMP/screen" | median)" "" \
		"less: $(awk '/^pss_kb/{print $2}' "$TMP/less" | median) KB"
	# PSS divides each shared page among the processes that map it, so
	# one screen alone carries all of its libraries.  What an operator
	# costs a jump host is the PSS of one screen among others: nine
	# screens run in a private tmux server while the tenth is measured.
	if command -v tmux >/dev/null; then
		sock=madoguchi-bench-$$
		for i in 1 2 3 4 5 6 7 8 9; do
			tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
				"$BIN --faq faq --ambiwidth single --lang en" 2>/dev/null
		done
		sleep 1
		for i in 1 2 3 4 5; do
			"$B/ptybench" -m "$marker" -- "$BIN" --faq faq --ambiwidth single --lang en
		done >"$TMP/screen10" 2>/dev/null
		tmux -L "$sock" kill-server 2>/dev/null
		row "operator screen PSS, 1 of 10 (KB, median)" \
			"$(awk '/^pss_kb/{print $2}' "$TMP/screen10" | median)" "< 2048 KB" "nine other screens running"
	fi
	"$B/ptybench" -m "$marker" -k '/カードの漏えい\e/ｸﾚｼﾞｯﾄ\e/りようしゃ\e' \
		-- "$BIN" --faq faq --ambiwidth single --lang en >"$TMP/keys" 2>/dev/null
	row "bytes sent per search keystroke, 80x24 (median)" \
		"$(awk '/^key_bytes/{for(i=2;i<=NF;i++) print $i}' "$TMP/keys" | median)" "< 1024 B" \
		"max $(awk '/^key_bytes/{m=0; for(i=2;i<=NF;i++) if($i>m) m=$i; print m}' "$TMP/keys") B"
fi

# --- Later issues add their parts: tests/bench/*.sh other than this one ----
for part in tests/bench/*.sh; do
	[ "$(basename "$part")" = run.sh ] && continue
	BUILD=$BUILD BIN=$BIN TMP=$TMP bash "$part"
done
hr
