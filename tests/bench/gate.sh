#!/usr/bin/env bash
# Issue 12's figures for the desk's gate, run by tests/bench/run.sh (BUILD,
# BIN set): a lookup through madoguchi-gate against the program's own
# in-process desk (median and p99 of each, and the screen's lookup end to
# end), 50 operators saving at once through their gates beside bench_log's
# in-process 50 writers, and the start to the first screen with and
# without a gate to greet.  The two sides of each figure run in turn,
# round after round, on the same snapshot and log; each figure is the
# median of the rounds and their range.
#
# The gate needs a real install: as root, into a temporary prefix, with a
# temporary data group, operators' group and operator, as the multi-user
# tests do (tests/multiuser/lib.sh), all removed at the end.  Not root:
# these figures are skipped, saying so.  A step that cannot run (the
# install, an error in a lookup or a save) fails the bench.
# bench: a failing step fails the bench
set -u
BUILD=${BUILD:-build}
BIN=${BIN:-$PWD/madoguchi}
B=$BUILD/bench
ROUNDS=${GATE_ROUNDS:-5}
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }

if [ "$(id -u)" -ne 0 ]; then
	for f in "lookup through the gate (µs)" "50 writers through the gate (appends/s)" \
		"start to first screen, through the gate (ms)"; do
		row "$f" "skipped" "" "needs root: a real install with a temporary data group"
	done
	exit 0
fi
for p in bench_gate bench_log ptybench; do
	[ -x "$B/$p" ] || { echo "gate bench: $B/$p is missing (make bench builds it)" >&2; exit 1; }
done

# The desk of doc/deployment.md in a temporary prefix, as the tests make it.
ROOT=$PWD
# shellcheck source=../multiuser/lib.sh
. "$ROOT/tests/multiuser/lib.sh" >/dev/null
mu_sweep
fail() { echo "gate bench: $*" >&2; exit 1; }
mu_group op; OP=$mu_last
mu_group sv; SV=$mu_last
mu_user a "$OP"; A=$mu_last
mu_install "$OP" >/dev/null || fail "make install into a temporary prefix failed"
mu_desk "$SV" "lookup_limit = off" "ambiwidth = single"
# The operator runs the bench programs: copies where every account may.
install -d -m 0755 "$T_TMP/bin"
install -m 0755 "$B/bench_gate" "$B/ptybench" "$T_TMP/bin/"
BG=$T_TMP/bin/bench_gate
PTY=$T_TMP/bin/ptybench
IN_PROCESS=(env MADOGUCHI_SNAPSHOT="$MU_VAR/snapshot.db" MADOGUCHI_KEY="$MU_VAR/snapshot.key"
	MADOGUCHI_LOG="$MU_VAR/inquiry.db" MADOGUCHI_SPOOL_DIR="$T_TMP/spool" MADOGUCHI_LOOKUP_LIMIT=off)
failed=0

# figure FILE FIELD: "median (min–max)" of column FIELD of FILE's lines.
figure() {
	awk -v f="$2" '{ print $f }' "$1" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else printf "%s (%s–%s)", a[int((NR + 1) / 2)], a[1], a[NR] }'
}
med() { awk -v f="$2" '{ print $f }' "$1" | sort -n | awk '{ a[NR] = $1 } END { print NR ? a[int((NR + 1) / 2)] : "n/a" }'; }

# --- a lookup, its event recorded: in-process as a command writes (what the
# gate does too), as the screen writes (each record spooled first, one more
# fsync), and through the gate (the operator); root reads the files -------
N=${GATE_LOOKUPS:-400}
: >"$T_TMP/lk-in"; : >"$T_TMP/lk-wa"; : >"$T_TMP/lk-gate"
for r in $(seq "$ROUNDS"); do
	"${IN_PROCESS[@]}" "$BG" lookup - "$N" >>"$T_TMP/lk-in" 2>>"$T_TMP/lk.err" || failed=1
	"${IN_PROCESS[@]}" "$BG" lookup = "$N" >>"$T_TMP/lk-wa" 2>>"$T_TMP/lk.err" || failed=1
	mu_as "$A" 022 "$BG" lookup "$MU_GATE" "$N" >>"$T_TMP/lk-gate" 2>>"$T_TMP/lk.err" || failed=1
done
[ "$failed" = 0 ] || { cat "$T_TMP/lk.err" >&2; fail "a lookup failed"; }
minus() { awk -v a="$(med "$1" 4)" -v b="$(med "$2" 4)" 'BEGIN { print a - b }'; }
echo "  the desk's gate (issue 12): $ROUNDS rounds of $N lookups each way, in turn; each event written (synchronous=FULL)"
row "lookup through the gate, median (µs)" "$(figure "$T_TMP/lk-gate" 4)" "" \
	"in-process: $(figure "$T_TMP/lk-in" 4); spooled first: $(figure "$T_TMP/lk-wa" 4)"
row "lookup through the gate, p99 (µs)" "$(figure "$T_TMP/lk-gate" 5)" "" \
	"in-process: $(figure "$T_TMP/lk-in" 5); spooled first: $(figure "$T_TMP/lk-wa" 5)"
row "  what the helper adds, median (µs)" "$(minus "$T_TMP/lk-gate" "$T_TMP/lk-in")" "< 100 µs" \
	"gate − in-process writing as the gate does (\`madoguchi lookup\`)"
row "  lookups without a verdict recorded" "$(awk '{ s += $7 } END { print s + 0 }' "$T_TMP/lk-gate")" "0" \
	"in-process: $(cat "$T_TMP/lk-in" "$T_TMP/lk-wa" | awk '{ s += $7 } END { print s + 0 }')"

# --- the screen's lookup, end to end: Enter to the verdict drawn --------------
KEYS=$'\\A2しぶしたろう\t\tS50.3.1\\r'
: >"$T_TMP/scr-in"; : >"$T_TMP/scr-gate"
for r in $(seq "$ROUNDS"); do
	"$PTY" -m F10 -k "$KEYS" -e VERIFIED -- "$MU_BIN" --lang en >>"$T_TMP/scr-in" 2>/dev/null
	mu_as "$A" 022 TERM=xterm-256color "$PTY" -m F10 -k "$KEYS" -e VERIFIED -- madoguchi --lang en \
		>>"$T_TMP/scr-gate" 2>/dev/null
done
grep -h '^last_key_ms' "$T_TMP/scr-in" >"$T_TMP/scr-in.ms"
grep -h '^last_key_ms' "$T_TMP/scr-gate" >"$T_TMP/scr-gate.ms"
if grep -q -- ' -1' "$T_TMP/scr-in.ms" "$T_TMP/scr-gate.ms" ||
	[ "$(cat "$T_TMP/scr-in.ms" "$T_TMP/scr-gate.ms" | wc -l)" -ne $((2 * ROUNDS)) ]; then
	fail "the screen drew no verdict"
fi
row "screen's lookup, Enter to verdict (ms)" "$(figure "$T_TMP/scr-gate.ms" 2)" "< 5 ms" \
	"in-process (root): $(figure "$T_TMP/scr-in.ms" 2) ms"

# --- 50 writers at once -----------------------------------------------------
# bench_log's in-process figure (src/inq_store, each writer its log open:
# what each gate does), 50 in-process desks writing as a screen does
# (spooled first), and 50 operators' gates, 40 saves each, in turn.
W=50 EACH=40
mkdir -p "$T_TMP/log"
: >"$T_TMP/w-in"; : >"$T_TMP/w-wa"; : >"$T_TMP/w-gate"
for r in $(seq "${GATE_WRITER_ROUNDS:-3}"); do
	"$B/bench_log" "$T_TMP/log" "$W" "$EACH" inq >>"$T_TMP/w-in" 2>>"$T_TMP/w.err" || failed=1
	"${IN_PROCESS[@]}" "$BG" writers = "$W" "$EACH" >>"$T_TMP/w-wa" 2>>"$T_TMP/w.err" || failed=1
	mu_as "$A" 022 "$BG" writers "$MU_GATE" "$W" "$EACH" >>"$T_TMP/w-gate" 2>>"$T_TMP/w.err" || failed=1
done
[ "$failed" = 0 ] || { cat "$T_TMP/w.err" >&2; fail "a save failed"; }
row "50 writers through the gate (appends/s)" "$(figure "$T_TMP/w-gate" 3)" ">= 2000/s" \
	"in-process (bench_log): $(figure "$T_TMP/w-in" 3); spooled first: $(figure "$T_TMP/w-wa" 3)"
row "  append p50 / p99, through the gate (ms)" "$(med "$T_TMP/w-gate" 4) / $(med "$T_TMP/w-gate" 5)" "p99 < 100 ms" \
	"in-process: $(med "$T_TMP/w-in" 4) / $(med "$T_TMP/w-in" 5); spooled first: $(med "$T_TMP/w-wa" 4) / $(med "$T_TMP/w-wa" 5)"
row "  append p99 through the gate, range (ms)" "$(figure "$T_TMP/w-gate" 5)" "" \
	"in-process: $(figure "$T_TMP/w-in" 5); spooled first: $(figure "$T_TMP/w-wa" 5)"
row "  saves not written, through the gate" "$(awk '{ s += $7 } END { print s + 0 }' "$T_TMP/w-gate")" "0" \
	"in-process: $(cat "$T_TMP/w-in" "$T_TMP/w-wa" | awk '{ s += $7 } END { print s + 0 }')"

# --- start to the first screen ---------------------------------------------
# The development build (the figure above, no snapshot or log), the
# installed program of an operator (its gate started and greeted), and of
# root (in-process: it opens the snapshot and the log itself).
: >"$T_TMP/st-dev"; : >"$T_TMP/st-gate"; : >"$T_TMP/st-root"
for r in $(seq 9); do
	"$PTY" -m F10 -- "$BIN" --faq faq --ambiwidth single --lang en >>"$T_TMP/st-dev" 2>/dev/null
	mu_as "$A" 022 TERM=xterm-256color "$PTY" -m F10 -- madoguchi --lang en >>"$T_TMP/st-gate" 2>/dev/null
	"$PTY" -m F10 -- "$MU_BIN" --lang en >>"$T_TMP/st-root" 2>/dev/null
done
for f in dev gate root; do grep -h '^start_ms' "$T_TMP/st-$f" >"$T_TMP/st-$f.ms"; done
row "start to first screen, through the gate (ms)" "$(figure "$T_TMP/st-gate.ms" 2)" "< 50 ms" \
	"development build: $(figure "$T_TMP/st-dev.ms" 2) ms"
row "  installed, root in-process (ms)" "$(figure "$T_TMP/st-root.ms" 2)" "< 50 ms" \
	"opens the snapshot and the log itself"
exit "$failed"
