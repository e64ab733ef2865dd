#!/usr/bin/env bash
# The desk's gate against an operator who does not use madoguchi as meant
# (issue 12, promises 2, 3, 4 and 6): their own C program that starts the
# gate and sends it crafted frames; the settings of the command line, the
# environment and a config file of their own; the lookup limit; the
# identifiers in argv; their own gate killed or stopped mid-session.  Each
# attack fails with its one line, and the lookup, the save and the
# supervisor's reading still work.  Runs as root (CI does); lib.sh has
# the helpers.
. "$(dirname "$0")/lib.sh"
mu_require_root

mu_group op; OP=$mu_last
mu_group sv; SV=$mu_last
mu_user a "$OP"; A=$mu_last        # the operator who attacks
mu_user b "$OP"; B=$mu_last        # another operator
mu_user c "$OP"; C=$mu_last        # an operator who looks up too much
mu_user s "$OP" "$SV"; S=$mu_last  # a supervisor
mu_install "$OP"
mu_desk "$SV" "lookup_limit = 10/10m"
mu_gatecat
LOG=$MU_VAR/inquiry.db
EN=(MADOGUCHI_LANG=en)
PERSON=$'kana=しぶし たろう\nbirth=S50.3.1\n'
# lookup USER: one lookup of a demo person through `lookup --stdin`.
lookup() { printf '%s' "$PERSON" | mu_as "$1" 022 "${EN[@]}" madoguchi lookup --stdin "${@:2}"; }
# gate USER [VAR=VAL...]: USER's own program talking to the gate (stdin:
# the frames), printing its answers.
gate() { local u=$1; shift; mu_as "$u" 022 "$@" "$MU_GATECAT" "$MU_GATE"; }
hello() { mu_frame 1 t1=en; }
# What the supervisor sees: the log's rows as JSON Lines.
lookups() { mu_as "$S" 022 "${EN[@]}" madoguchi log export --lookups 2>&1; }
calls() { mu_as "$S" 022 "${EN[@]}" madoguchi log export 2>&1; }
access() { mu_as "$S" 022 "${EN[@]}" madoguchi log export --access 2>&1; }
UUID1=0f0e7e48-9d3f-4c1b-8a55-6a0d9a0a3c11

# ------------------------------------------------------- the legitimate use
out=$(lookup "$A" 2>&1)
t_match "an operator's lookup --stdin through the gate: verified" '^match: verified' "$out"
t_match "... with the case reference" '^ref: SB-KNOWN-1' "$out"
t_match "the lookup is in the desk's log, stamped with the operator" \
	"\"operator\":\"$A\",[^}]*\"verdict\":\"verified\"" "$(lookups)"

# ------------------------------------------- the operator's own C program
# It starts the gate itself, as madoguchi does, and sends what it likes.
out=$(hello | gate "$A")
t_match "own program: the gate answers HELLO with the caller's account" "^  1 \"$A\"\$" "$out"
t_match "... and says it is the setgid gate" '^  10 hex 01$' "$out"
out=$( { mu_frame 1 t1=en "t2=$S"; } | gate "$A")
# (Before a HELLO names the language the gate speaks Japanese.)
t_match "own program: a HELLO naming someone else is malformed" '^error 2 .*hello' "$out"

# A LOOKUP whose call UUID is another account's name: no verdict, nothing
# recorded in that name.
out=$( { hello; mu_frame 2 "t1=$S" "f2=しぶし たろう" f4=S50.3.1; } | gate "$A")
t_match "own program: a LOOKUP with a name as its call UUID is refused" \
	"^error 2 the call's UUID '$S' is not a UUID\$" "$out"
t_nomatch "... and gets no verdict" '^answer 82$' "$out"
t_nomatch "... and nothing is recorded under that name" "\"$S\"" "$(lookups)"
# An upper-case UUID is no log UUID either: the lookup must not run.
out=$( { hello; mu_frame 2 "t1=${UUID1^^}" "f2=しぶし たろう" f4=S50.3.1; } | gate "$A")
t_match "own program: a LOOKUP with an upper-case call UUID is refused" \
	"^error 2 the call's UUID '${UUID1^^}' is not a UUID" "$out"
t_nomatch "... and gets no verdict" '^answer 82$' "$out"
# With a call UUID of its own: the verdict, and the event stamped with the
# real account whatever else the frame says.
n0=$(lookups | grep -c "\"operator\":\"$A\"")
out=$( { hello; mu_frame 2 "t1=$UUID1" "f2=しぶし たろう" f4=S50.3.1; } | gate "$A")
t_match "own program: a well-formed LOOKUP gets its verdict" '^answer 82$' "$out"
t_match "... recorded in the log (how: 1, written)" '^  10 u64 1$' "$out"
t_match "... stamped with the operator's real account and the call" \
	"\"operator\":\"$A\",[^}]*\"call_uuid\":\"$UUID1\"" "$(lookups)"
t_eq "... one event more of that operator" "$((n0 + 1))" "$(lookups | grep -c "\"operator\":\"$A\"")"

# The environment an operator gives the gate is cleared before anything.
out=$( { hello; mu_frame 6 "t1=log export"; mu_frame 2 "f2=しぶし たろう" f4=S50.3.1; } |
	gate "$A" GATECAT_ENV=1 MADOGUCHI_SUPERVISOR_GROUP="$OP" MADOGUCHI_LOG="$T_TMP/home/$A/own.db" \
		MADOGUCHI_LOOKUP_LIMIT=off MADOGUCHI_CONFIG=/dev/null LD_PRELOAD=/nonexistent.so 2>/dev/null)
t_match "own program, its environment given to the gate: READ still refused (the office's group)" \
	"^error 1 log export is for members of group $SV; ask your supervisor\$" "$out"
t_match "... the lookup still answered" '^answer 82$' "$out"
t_eq "... and recorded in the desk's log, not the operator's" "no $((n0 + 2))" \
	"$([ -e "$T_TMP/home/$A/own.db" ] && echo yes || echo no) $(lookups | grep -c "\"operator\":\"$A\"")"

# SAVE: the account is the caller's; a field the request does not have (an
# operator name) makes it malformed; a disposition outside the desk's list
# is refused.
out=$( { hello; mu_frame 3 t9=status "t13=$S"; } | gate "$A")
t_match "own program: a SAVE with an operator field is malformed" '^error 2 .*save.*malformed' "$out"
out=$( { hello; mu_frame 3 t9=no_such_code; } | gate "$A")
t_match "own program: a SAVE with a disposition outside the desk's list is refused" \
	"^error 2 disposition 'no_such_code' is not in " "$out"
out=$( { hello; mu_frame 3 t9=status "x11=$(printf 'own program' | od -An -tx1 | tr -d ' \n')"; } | gate "$A")
t_match "own program: a SAVE is written" '^answer 83$' "$out"
t_match "... stamped with the operator" "\"operator\":\"$A\",[^}]*\"note\":\"own program\"" "$(calls)"
t_nomatch "... and no row names the supervisor as its operator" "\"operator\":\"$S\"" "$(calls)"

# A lookup event sent on its own (`log lookup`, or the frame): the account
# is the caller's.
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi log lookup --verdict none 2>&1)
t_match "log lookup: an operator records a lookup event" '^[0-9a-f-]{36}$' "$out"
t_match "... stamped with the operator" "\"operator\":\"$A\",[^}]*\"verdict\":\"none\"" "$(lookups | tail -1)"
out=$( { hello; mu_frame 4 t4=ambiguous "t5=$S"; } | gate "$A")
t_match "own program: an EVENT naming another account as its call is refused" \
	"^error 2 call uuid '$S' is not a lower-case random \(v4\) UUID\$" "$out"
out=$( { hello; mu_frame 4 t4=ambiguous; } | gate "$A")
t_match "own program: an EVENT is written" '^answer 84$' "$out"
t_match "... stamped with the operator" "\"operator\":\"$A\",[^}]*\"verdict\":\"ambiguous\"" "$(lookups | tail -1)"

# Frames that are not the protocol: the gate answers with a line, or ends.
out=$(printf '\x7f\xff\xff\xffMG\x01\x02' | gate "$A")
t_match "own program: a frame announcing 2 GiB is refused unread (the gate ends)" '^gate exit 2$' "$out"
t_nomatch "... with no answer" '^(answer|error)' "$out"
out=$( { hello; printf '\x00\x00\x00\x08garbage!'; } | gate "$A")
t_match "own program: garbage is malformed, in one line" '^error 2 .*malformed' "$out"
out=$( { hello; mu_frame 2 f2="$(head -c 2000 /dev/zero | tr '\0' 'a')" f4=S50.3.1; } | gate "$A")
t_match "own program: a field of 2,000 bytes sent whole is malformed" '^error 2 .*lookup.*malformed' "$out"
out=$( { hello; printf '\x00\x00\x00\x09MG\x02\x01\x01\x00\x00\x00\x00'; } | gate "$A")
t_match "own program: another version of the frames says reinstall" '^error 2 .*reinstall' "$out"
out=$( { hello; mu_frame 99; } | gate "$A")
t_match "own program: an unknown request is refused" '^error 2 unknown request' "$out"
out=$( { hello; mu_frame 2 "f2=しぶし たろう" f4=S50.3.1; } | gate "$A")
t_match "after all that a lookup still works" '^answer 82$' "$out"

# Reading the log without the supervisors' group: refused and recorded;
# the pages, figures, export and verify need a READ allowed first.
out=$( { hello; mu_frame 6 "t1=log export"; mu_frame 7 u5=10; mu_frame 9 x1=; mu_frame 10 x1=;
	mu_frame 11 u1=1 u3=0 u7=0; mu_frame 8 "t1=$UUID1"; mu_frame 13 "t1=inquiry:1:$(printf '%064d' 0)";
	mu_frame 12; } | gate "$A")
t_match "own program: READ is refused to an operator, naming the group" \
	"^error 1 log export is for members of group $SV; ask your supervisor\$" "$out"
t_eq "... and PAGE, STATS, LOOKUPS, EXPORT, DETAIL, HEADS, VERIFY each say to ask first" 7 \
	"$(printf '%s\n' "$out" | grep -cE '^error [23] ask to read the log first$')"
t_nomatch "... and nothing of the log comes back" '^answer (87|88|89|8a|8b|8c|8d|7e)$' "$out"
t_match "the refused READ is in the access table" \
	"\"operator\":\"$A\",[^}]*\"action\":\"log export\",\"outcome\":\"refused\"" "$(access)"

# ------------------------------------ security settings not the office's
# Whatever an operator gives madoguchi for the log, the snapshot, the key,
# the spool, the group or the limit is refused in one line naming the
# office's configuration, and nothing is looked up or saved.
n0=$(lookups | grep -c .)
c0=$(calls | grep -c .)
printf 'log = %s/own.db\nlookup_limit = off\n' "$T_TMP/home/$A" >"$T_TMP/own.conf"
chmod 0644 "$T_TMP/own.conf"
override() {   # NAME KEY WHERE ARGS... (mu_as arguments after the umask)
	local name=$1 key=$2 where=$3 out rc
	shift 3
	out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" "$@" 2>&1)
	rc=$?
	t_eq "override: $name is refused (exit 2)" 2 "$rc"
	t_eq "... in one line naming the office's configuration" \
		"madoguchi: lookup: $key: on this desk it is set by $MU_CONF (the office's configuration); remove it from $where" "$out"
}
override "--log=" log "the command line" madoguchi --log= lookup --stdin
override "--log FILE" log "the command line" madoguchi --log "$T_TMP/home/$A/own.db" lookup --stdin
override "MADOGUCHI_LOG" log "the environment" MADOGUCHI_LOG="$T_TMP/home/$A/own.db" madoguchi lookup --stdin
override "--snapshot" snapshot "the command line" madoguchi --snapshot "$T_TMP/demo/snapshot.db" lookup --stdin
override "--key" key_file "the command line" madoguchi --key /dev/null lookup --stdin
override "--spool-dir" spool_dir "the command line" madoguchi --spool-dir "$T_TMP/home/$A" lookup --stdin
override "--supervisor-group" supervisor_group "the command line" madoguchi --supervisor-group "$OP" lookup --stdin
override "MADOGUCHI_LOOKUP_LIMIT=off" lookup_limit "the environment" MADOGUCHI_LOOKUP_LIMIT=off madoguchi lookup --stdin
override "--desk-hours" desk_hours "the command line" madoguchi --desk-hours 00:00-23:59 lookup --stdin
override "a --config file of their own" log "$T_TMP/own.conf" madoguchi --config "$T_TMP/own.conf" lookup --stdin
override "MADOGUCHI_CONFIG" log "$T_TMP/own.conf" MADOGUCHI_CONFIG="$T_TMP/own.conf" madoguchi lookup --stdin
t_eq "override: none of them looked anything up" "$n0" "$(lookups | grep -c .)"
out=$(mu_as "$A" 022 "${EN[@]}" madoguchi --log= log add --disposition status 2>&1)
t_eq "override: log add --log= is refused the same way" \
	"madoguchi: log add: log: on this desk it is set by $MU_CONF (the office's configuration); remove it from the command line" "$out"
t_eq "override: nothing was saved" "$c0" "$(calls | grep -c .)"
# A config without security settings (even /dev/null) is no way around
# the office's: the gate reads only that one, and the lookup is recorded.
out=$(lookup "$A" --config /dev/null 2>&1)
t_match "--config /dev/null: the lookup goes through the office's gate" '^match: verified' "$out"
out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" MADOGUCHI_CONFIG=/dev/null madoguchi lookup --stdin 2>&1)
t_match "MADOGUCHI_CONFIG=/dev/null: the same" '^match: verified' "$out"
t_eq "... both recorded in the desk's log" "$((n0 + 2))" "$(lookups | grep -c .)"
t_eq "... and no log of the operator's own appeared" "" \
	"$(find "$T_TMP/home/$A" -name '*.db' -o -name 'spool-*' 2>/dev/null)"

# ------------------------------------------------- identifiers not in argv
# `lookup --stdin` waits for its input: while it does, another operator
# reads its command line (as ps does) and finds no identifier.
mkfifo "$T_TMP/fields"
chmod 0644 "$T_TMP/fields"
mu_bg mu_as "$A" 022 "${EN[@]}" sh -c 'exec madoguchi lookup --stdin <"$1" >verdict' sh "$T_TMP/fields"
bgp=$mu_last
exec 6>"$T_TMP/fields"
mu_wait_running "$A" madoguchi
pid=$(pgrep -u "$A" -x madoguchi)
cmdline=$(mu_as "$B" 022 cat "/proc/$pid/cmdline" | tr '\0' ' ')
t_eq "argv: another operator reads the lookup's command line" "madoguchi lookup --stdin " "$cmdline"
printf '%s' "$PERSON" >&6
exec 6>&-
wait "$bgp" 2>/dev/null
t_match "argv: ... and the lookup answers once the fields come" '^match: verified' "$(cat "$T_TMP/home/$A/verdict")"
out=$(mu_as "$B" 022 cat "/proc/$pid/environ" 2>&1)
t_nomatch "argv: ... its environment is not readable by them" 'HOME=' "$out"
out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" madoguchi lookup --stdin --kana "しぶし たろう" 2>&1)
t_match "argv: --stdin with a field in the arguments is refused" \
	"^madoguchi: lookup: with --stdin the fields come from standard input, not --kana\$" "$out"
out=$(printf '{"kana": "しぶし たろう", "birth": "S50.3.1"}' | mu_as "$A" 022 "${EN[@]}" madoguchi lookup --stdin 2>&1)
t_match "argv: --stdin takes one JSON object too" '^match: verified' "$out"

# ------------------------------------------------------- the lookup limit
# 10 lookups in 10 minutes (the test's config), counted per operator: C
# makes them, the 11th is refused, recorded, and shown to supervisors.
for i in $(seq 1 10); do lookup "$C" >/dev/null 2>&1; done
t_eq "limit: 10 lookups in 10 minutes are answered" 10 \
	"$(lookups | grep "\"operator\":\"$C\"" | grep -c '"verdict":"verified"')"
out=$(lookup "$C" 2>"$T_TMP/err"); rc=$?
t_eq "limit: the 11th is refused (exit 2)" 2 "$rc"
t_eq "... in one line" \
	"madoguchi: lookup limit reached: 10 lookups in 10 minutes; the refusal is recorded. Ask your supervisor if the desk needs more" \
	"$(cat "$T_TMP/err")"
t_eq "... with no verdict" "" "$out"
out=$( { hello; mu_frame 2 "t1=$UUID1" "f2=しぶし たろう" f4=S50.3.1; } | gate "$C")
t_match "limit: the operator's own program is refused too (code 4)" '^error 4 lookup limit reached' "$out"
t_nomatch "... with no verdict" '^answer 82$' "$out"
# A call UUID the log would not take must not keep the refusal out of it.
out=$( { hello; mu_frame 2 "t1=${UUID1^^}" "f2=しぶし たろう" f4=S50.3.1; } | gate "$C")
t_match "limit: ... also with a call UUID the log would not take" '^error 4 lookup limit reached' "$out"
t_eq "limit: each of the 3 refusals is recorded as a 'refused' lookup of that operator" 3 \
	"$(lookups | grep "\"operator\":\"$C\"" | grep -c '"verdict":"refused"')"
t_eq "limit: the refusals do not count: still refused, nothing verified" 10 \
	"$(lookups | grep "\"operator\":\"$C\"" | grep -c '"verdict":"verified"')"
out=$(lookup "$B" 2>&1)
t_match "limit: another operator is not held by it: B is answered" '^match: verified' "$out"
out=$(mu_as "$S" 022 "${EN[@]}" madoguchi log stats 2>&1)
t_match "limit: log stats shows the refusals per operator" "^lookups_refused	$C	3\$" "$out"
t_nomatch "... and none for the others" "^lookups_refused	($A|$B)	" "$out"

# The review's lookups view, on the supervisor's screen.
mu_tmux_as rev "$S" "${EN[@]}" madoguchi --ambiwidth single review
if mu_wait_screen rev 'Enter detail'; then
	mu_keys rev t
	mu_keys rev t
	if mu_wait_screen rev 'Lookups refused at the lookup limit: 3'; then
		t_ok "limit: the review's lookups view shows the refusals"
	else
		t_fail "limit: the review's lookups view shows the refusals" "$(mu_screen rev)"
	fi
	t_match "... with the operator" "^! $C +3\$" "$(mu_screen rev | sed -n '/refused at the lookup limit/,$p')"
	mu_keys rev q
else
	t_fail "limit: the supervisor's review starts" "$(mu_screen rev)"
fi

# --------------------------------------- the operator's own gate
# The operator screen keeps one gate.  It runs as the data account, not
# as the operator: they can neither kill nor stop it (a gate stopped while
# it held the log's write lock held up every other operator's save).  A
# gate that dies anyway (root kills it here) is replaced at the next
# request; one that hangs holds up only its own operator.
mu_tmux_as scr "$B" "${EN[@]}" madoguchi --ambiwidth single
mu_wait_screen scr '^ ?14 '
mu_wait_gate "$B"
g1=$(mu_gates "$B")
t_match "screen: the operator's screen has its gate" '^[0-9]+$' "$g1"
t_eq "screen: the gate runs as the data account, real and effective, not the operator" \
	"$MU_DATA $MU_DATA $MU_DATA $MU_DATA" "$(ps -o ruser:32=,euser:32=,rgroup:32=,egroup:32= -p "$g1" | tr -s ' ' | sed 's/^ //')"
out=$(mu_as "$B" 022 kill -STOP "$g1" 2>&1)
t_match "screen: the operator cannot stop their gate" 'Operation not permitted' "$out"
t_eq "... it runs on" "" "$(ps -o stat= -p "$g1" | grep T)"
out=$(mu_as "$B" 022 kill -KILL "$g1" 2>&1)
t_match "... nor kill it" 'Operation not permitted' "$out"
t_eq "screen: the gate is out of the screen's session (its terminal's signals)" "yes" \
	"$([ "$(ps -o sid= -p "$g1" | tr -d ' ')" != "$(ps -o sid= -p "$(pgrep -u "$B" -x madoguchi)" | tr -d ' ')" ] && echo yes)"
t_eq "screen: its gate's command line holds nothing of the caller" "madoguchi-gate " \
	"$(mu_as "$A" 022 cat "/proc/$g1/cmdline" | tr '\0' ' ')"
# The gate is not the operator's process: they cannot reach its open
# files, memory or environment, nor change its limits.
out=$(mu_as "$B" 022 ls "/proc/$g1/fd/" 2>&1)
t_match "screen: the operator cannot list their own gate's open files" 'Permission denied' "$out"
out=$(mu_as "$B" 022 sh -c 'for f in /proc/"$1"/fd/*; do cat "$f"; done' sh "$g1" 2>&1 | head -c 200 | tr -d '\0')
t_nomatch "... nor open the log through them" 'SQLite format' "$out"
out=$(mu_as "$B" 022 cat "/proc/$g1/environ" 2>&1)
t_match "... nor read its environment" 'Permission denied' "$out"
out=$(mu_as "$B" 022 dd if="/proc/$g1/mem" bs=1 count=1 skip=4096 2>&1)
t_match "... nor its memory (no ptrace of another account's process)" 'Permission denied|Input/output error' "$out"
out=$(mu_as "$B" 022 prlimit --pid "$g1" --fsize=0 2>&1)
t_match "... nor lower its file-size limit while it runs" 'Operation not permitted' "$out"
kill -KILL "$g1"
mu_keys scr F2
mu_wait_screen scr '^ Reading'
mu_keys scr -l "しぶしたろう"
mu_keys scr Tab Tab
mu_keys scr -l "S50.3.1"
mu_keys scr Enter
if mu_wait_screen scr 'VERIFIED'; then
	t_ok "screen: after its gate was killed, the lookup is answered"
else
	t_fail "screen: after its gate was killed, the lookup is answered" "$(mu_screen scr)"
fi
g2=$(mu_gates "$B")
t_eq "... by a new gate" "yes" "$([ -n "$g2" ] && [ "$g2" != "$g1" ] && echo yes)"
t_match "... and recorded" "\"operator\":\"$B\",[^}]*\"verdict\":\"verified\"" "$(lookups | tail -1)"

# Stopped (SIGSTOP, by root here: a hang): it holds up only its own
# operator; between requests it holds no lock of the log, so the others
# look up and save meanwhile, and once it goes on the call is saved.
# B saves while the gate is stopped: the request waits for it (the screen
# with it: there is no time-out), nothing is lost.
mu_keys scr F3
mu_wait_screen scr 'Wrap-up'
kill -STOP "$g2"
mu_keys scr Down Enter
out=$(lookup "$S" 2>&1)
t_match "screen: while B's gate is stopped, another's lookup is answered" '^match: verified' "$out"
out=$(mu_as "$S" 022 "${EN[@]}" madoguchi log add --disposition status --note "while stopped" 2>&1)
t_match "... and their save is written (no warning)" '^[0-9a-f-]{36}$' "$out"
t_nomatch "... B's save waits for B's gate" "\"operator\":\"$B\",[^}]*\"match\":\"verified\"" "$(calls)"
kill -CONT "$g2"
if mu_wait_screen scr 'call saved in the log'; then
	t_ok "screen: once its gate goes on, B's call is saved"
else
	t_fail "screen: once its gate goes on, B's call is saved" "$(mu_screen scr)"
fi
t_match "... in the desk's log, B's" "\"operator\":\"$B\",[^}]*\"match\":\"verified\"" "$(calls | tail -1)"
mu_keys scr F10
mu_wait_gone "$B" madoguchi
mu_wait_gate "$B" gone
t_eq "screen: quitting ends the operator's gate too" "" "$(mu_gates "$B")"

t_done
