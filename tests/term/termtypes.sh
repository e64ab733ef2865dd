#!/usr/bin/env bash
# Terminal variety (issue 7): the operator screen starts and draws under
# each terminal type an operator's client may announce, and with
# --ambiwidth double the bytes it sends to the terminal (captured from the
# start with tmux pipe-pane) hold no East Asian Ambiguous character, with
# entry 3 (which starts with ①) open.  --ambiwidth single sends ① as it is:
# the same check finds it, so the check can fail.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

TERMS=(xterm-256color xterm screen tmux-256color vt100 linux)
NFAQ=$(ls "$ROOT"/faq/[0-9]*.txt | wc -l)
amb_start=$(sed -n '/^$/{n;s/^① *//;p;q}' "$ROOT/faq/03.txt")
amb_start=${amb_start:0:6}

# start_on TERM MODE — the program in a new tmux server with TERM, every
# byte it writes kept in $T_TMP/TERM-MODE.bytes: the pane waits for a gate
# file, made once pipe-pane is attached, before it starts the program.
start_on() {
	local t=$1 mode=$2 gate=$T_TMP/$1-$2.go q
	bytes=$T_TMP/$t-$mode.bytes
	q=$(printf '%q ' "$MADOGUCHI" --faq "$ROOT/faq" --ambiwidth "$mode")
	tm_stop_old
	TM_N=$((TM_N + 1))
	TM_SOCK=madoguchi-$$-$TM_N-$RANDOM
	rm -f "$T_TMP/status" "$T_TMP/pid"
	: >"$bytes"
	cat >"$T_TMP/wrap-$TM_N.sh" <<EOW
i=0; while [ ! -e "$gate" ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i+1)); done
sh -c 'echo \$\$ >"$T_TMP/pid"; exec "\$@"' sh $q
echo \$? >"$T_TMP/status"
$TM_HOLD
EOW
	tm new-session -d -x 80 -y 24 \
		"env -i PATH=/usr/bin:/bin HOME=$HOME LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$t MADOGUCHI_LANG=en bash $T_TMP/wrap-$TM_N.sh"
	tm set-option -g status off >/dev/null 2>&1
	tm pipe-pane -o "cat >>$(printf '%q' "$bytes")"
	: >"$gate"
}

for t in "${TERMS[@]}"; do
	if ! infocmp "$t" >/dev/null 2>&1; then
		t_fail "$t: the terminfo entry exists" "install ncurses-base (and ncurses-term) for $t"
		continue
	fi
	start_on "$t" double
	t_screen "$t: the screen starts (entry $NFAQ listed)" "^ ?$NFAQ "
	missing=""
	for n in $(seq 1 "$NFAQ"); do
		printf '%s\n' "$screen" | grep -qE "^ ?$n " || missing+=" $n"
	done
	t_eq "$t: all $NFAQ questions are visible" "" "$missing"
	t_match "$t: the title line is drawn" '^ madoguchi FAQ desk' "$(printf '%s\n' "$screen" | head -1)"
	t_match "$t: the status line is drawn at the bottom" 'q/F10 quit .*/ search' "$(printf '%s\n' "$screen" | tail -1)"
	tm_keys 3 Enter
	t_screen "$t (double): entry 3 opens, ① shown as (1)" "\\(1\\) ?$amb_start"
	tm_keys q
	t_exit "$t: q quits with status 0" 0
	tm_wait_bytes "$bytes"
	found=$(perl "$ROOT/tests/ambiguous.pl" "$bytes")
	rc=$?
	t_eq "$t (double): no ambiguous character in the bytes sent to the terminal" "1 " "$rc $found"
	t_match "$t (double): ... and the bytes were captured (Japanese text in them)" '漏えい' "$(cat "$bytes")"

	start_on "$t" single
	t_screen "$t (single): the screen starts" "^ ?$NFAQ "
	tm_keys 3 Enter
	t_screen "$t (single): entry 3 opens with ①" "① ?$amb_start"
	tm_keys q
	t_exit "$t (single): q quits" 0
	tm_wait_bytes "$bytes"
	found=$(perl "$ROOT/tests/ambiguous.pl" "$bytes")
	t_match "$t (single): the check finds ① (U+2460) in the bytes" 'U\+2460' "$found"
done
t_done
