#!/usr/bin/env bash
# The program as the desk runs it on a shared jump host (issues 7 and 12):
# installed under a prefix with its setgid gate, the data directory, the
# snapshot, the key and the inquiry log of doc/deployment.md (the data
# group's, no operator's), one root-owned config, operators and a
# supervisor as real Unix users, and ssh logins with keys.  Runs as root
# (CI does); see lib.sh for the helpers.
#
# Sections: install; the config; root's backup of the log in use; over ssh
# (the operator screen and its lookup through the gate, a stray paste
# start, a call killed mid-way saved as interrupted, the supervisor's
# review); uninstall.  The attacks on the gate are in gate-*.sh; the
# operators' concurrent saves in gate-files.sh.
. "$(dirname "$0")/lib.sh"
mu_require_root

mu_group op; OP=$mu_last          # the operators' group ("madoguchi")
mu_group sv; SV=$mu_last          # the supervisors' group ("madoguchi-sv")
mu_user a "$OP"; A=$mu_last       # an operator with umask 022
mu_user b "$OP"; B=$mu_last       # an operator with umask 077
mu_user s "$OP" "$SV"; S=$mu_last # a supervisor (also in the operators' group)
mu_user x; X=$mu_last             # an account on the host outside the desk

# ---------------------------------------------------------------- install
mu_install "$OP"
P=$MU_PREFIX
for f in bin/madoguchi share/madoguchi/faq/01.txt share/madoguchi/data/synonyms.tsv \
	 share/madoguchi/data/kanji-variants.tsv share/madoguchi/data/LICENSE.Unicode \
	 share/man/man1/madoguchi.1 share/madoguchi/examples/madoguchi.conf \
	 libexec/madoguchi/madoguchi-gate; do
	if [ -f "$P/$f" ]; then t_ok "install: $f"; else t_fail "install: $f" "missing under $P"; fi
done
t_eq "install: the program is executable by everyone" "755" "$(stat -c %a "$P/bin/madoguchi")"
t_eq "install: the gate is setuid and setgid to the data account" "6755 $MU_DATA $MU_DATA" "$(mu_mode "$MU_GATE")"
t_eq "install: every FAQ file is installed" \
	"$(cd "$ROOT/faq" && ls -- *.txt)" "$(cd "$P/share/madoguchi/faq" && ls -- *.txt)"

page=$(MANWIDTH=80 man -P cat -l "$P/share/man/man1/madoguchi.1" 2>&1)
t_match "install: man -l renders the page" '^EXIT STATUS' "$page"
page=$(MANWIDTH=80 man -P cat -M "$P/share/man" madoguchi 2>&1)
t_match "install: man finds it in PREFIX/share/man" 'faq search' "$page"
warn=$(MANWIDTH=80 man --warnings -P cat -l "$P/share/man/man1/madoguchi.1" 2>&1 >/dev/null)
t_eq "install: the man page formats without warnings" "" "$warn"

out=$(mu_as "$A" 022 madoguchi --version 2>&1)
t_match "an operator runs the installed program" '^madoguchi [0-9]+\.[0-9]+' "$out"
out=$(mu_as "$A" 022 madoguchi config 2>&1)
t_match "installed defaults: the FAQ under PREFIX" "^faq_dir = $P/share/madoguchi/faq	# default\$" "$out"
t_match "installed defaults: data under PREFIX" "^data_dir = $P/share/madoguchi/data	# default\$" "$out"
t_match "installed defaults: the config file under SYSCONFDIR" \
	"^config = $MU_SYSCONF/madoguchi.conf	# default\$" "$out"
out=$(mu_as "$A" 022 madoguchi faq list 2>&1)
t_eq "an operator lists the installed FAQ without options" \
	"$(ls "$ROOT"/faq/*.txt | wc -l)" "$(printf '%s\n' "$out" | grep -cE '^[0-9]+	')"

# The example names every key the program knows: uncommented, it is accepted
# and each key comes from the file.
sed -E 's/^#([a-z_]+ = )/\1/' "$P/share/madoguchi/examples/madoguchi.conf" >"$T_TMP/example.conf"
out=$(mu_as "$A" 022 madoguchi --config "$T_TMP/example.conf" config 2>&1)
t_eq "the example config, uncommented, is accepted" 0 "$?"
nkeys=$(printf '%s\n' "$out" | grep -vc '^config = ')
t_eq "the example config sets every key" "$nkeys" "$(printf '%s\n' "$out" | grep -c '# config file$')"

# ------------------------------------------------------------ the config
mu_desk "$SV" "ambiwidth = double"
out=$(mu_as "$B" 077 madoguchi config 2>&1)
t_match "config: the system file is read for every operator" \
	"^log = $MU_VAR/inquiry.db	# config file\$" "$out"
t_match "config: the supervisor group comes from the file" "^supervisor_group = $SV	# config file\$" "$out"
t_match "config: ambiwidth comes from the file" '^ambiwidth = double	# config file$' "$out"

# A file of the operator's own chooses what is theirs to choose.
printf 'lang = en\nambiwidth = single\n' >"$T_TMP/etc/other.conf"
chmod 0644 "$T_TMP/etc/other.conf"
out=$(mu_as "$A" 022 MADOGUCHI_CONFIG="$T_TMP/etc/other.conf" madoguchi config 2>&1)
t_match "config: MADOGUCHI_CONFIG chooses the file" "^config = $T_TMP/etc/other.conf	# environment\$" "$out"
t_match "config: values come from that file" '^ambiwidth = single	# config file$' "$out"
t_match "config: keys it lacks keep their defaults" '^color = auto	# default$' "$out"
out=$(printf 'kana=しぶし たろう\nbirth=S50.3.1\n' |
	mu_as "$A" 022 MADOGUCHI_CONFIG="$T_TMP/etc/other.conf" madoguchi lookup --stdin 2>&1)
t_match "config: ... and the lookup still goes through the desk's gate" '^match: verified' "$out"

chmod 0646 "$MU_CONF"
out=$(mu_as "$A" 022 MADOGUCHI_LANG=en madoguchi config 2>&1)
rc=$?
t_eq "config: a file writable by others is refused (status 2)" 2 "$rc"
t_match "config: the refusal names the file and the fix" \
	"^madoguchi: $MU_CONF: .*writable by others; run 'chmod o-w" "$out"
chmod 0644 "$MU_CONF"
out=$(mu_as "$X" 022 madoguchi config 2>&1)
t_match "layout: the config is readable by every account" "^log = $MU_VAR/inquiry.db	# config file\$" "$out"

# ------------------------------------------- the program through its gate
LOG=$MU_VAR/inquiry.db
out=$(printf 'kana=しぶし たろう\nbirth=S50.3.1\n' | mu_as "$B" 077 madoguchi lookup --stdin 2>&1)
t_match "program: an operator (umask 077) verifies a demo person" '^[Mm]atch: verified' "$out"
t_match "program: ... with the case reference" '^ref: SB-KNOWN-1' "$out"
out=$(mu_as "$A" 022 MADOGUCHI_LANG=en madoguchi snapshot info 2>&1)
t_match "program: snapshot info reads the files itself: refused to an operator in one line" \
	"^madoguchi: .*$MU_VAR/snapshot\\.(key|db): Permission denied\$" "$out"
out=$(mu_as "$B" 077 madoguchi log add --disposition status --note "first B" 2>&1)
t_match "program: B (umask 077) saves a call" '^[0-9a-f-]{36}$' "$out"
t_eq "program: the log stays root's, the data group's 0660" "660 root $MU_DATA" "$(mu_mode "$LOG")"

# The backup of the deployment guide, run by root while the log is in use
# (the supervisor's review holds its gate's connection): `.backup` copies
# every committed row, and -wal/-shm files root's connection makes keep the
# database's owner and mode, so the operators' gates go on writing.
install -d -m 0700 "$T_TMP/backups"
mu_tmux_as rev "$S" MADOGUCHI_LANG=en madoguchi --ambiwidth single review
mu_wait_screen rev 'Enter detail'
out=$(sqlite3 -bail "$LOG" ".backup $T_TMP/backups/inquiry.db" 2>&1)
t_eq "backup: sqlite3 .backup as root succeeds" "" "$out"
t_eq "backup: every row is in the copy" "1" "$(sqlite3 "$T_TMP/backups/inquiry.db" 'SELECT count(*) FROM inquiry;')"
t_eq "backup: the copy is intact (the guide's check)" "ok" \
	"$(sqlite3 "$T_TMP/backups/inquiry.db" 'PRAGMA integrity_check;')"
t_match "backup: the -wal in use is the data group's 0660" "^660 [^ ]+ $MU_DATA\$" "$(mu_mode "$LOG-wal" 2>&1)"
t_match "backup: ... and the -shm" "^660 [^ ]+ $MU_DATA\$" "$(mu_mode "$LOG-shm" 2>&1)"
out=$(mu_as "$B" 077 madoguchi log add --disposition status --note "after the backup" 2>&1)
t_match "backup: an operator saves after root's backup (no warning)" '^[0-9a-f-]{36}$' "$out"
mu_keys rev q
mu_wait_gone "$S" madoguchi
sqlite3 -bail -cmd '.filectrl persist_wal 1' "$LOG" ".backup $T_TMP/backups/inquiry2.db" >/dev/null 2>&1
t_match "backup: with no other connection, root's -wal is the database's owner and mode" \
	"^660 root $MU_DATA\$" "$(mu_mode "$LOG-wal" 2>&1)"
out=$(mu_as "$A" 022 madoguchi log add --disposition status --note "after root's -wal" 2>&1)
t_match "backup: ... and an operator's gate writes through it" '^[0-9a-f-]{36}$' "$out"
t_eq "backup: the log verifies" "ok 3 entries" \
	"$(mu_as "$S" 022 MADOGUCHI_LANG=en madoguchi log verify 2>&1 | head -1)"

# ---------------------------------------------------------------- over ssh
if ! mu_sshd_start "$A" "$S" "$X"; then
	t_fail "sshd starts on 127.0.0.1 with the test config"
	t_done
fi
t_ok "sshd listens on 127.0.0.1:$MU_PORT"

out=$(mu_ssh "$A" "$P/bin/madoguchi" --version 2>&1)
rc=$?
t_eq "ssh -tt: an operator runs madoguchi --version (status)" 0 "$rc"
t_match "ssh -tt: ... and sees the version" '^madoguchi [0-9]+\.[0-9]+' "$out"
t_match "ssh: the login used the operator's key" "Accepted publickey for $A from 127.0.0.1" \
	"$(cat "$MU_SSH/sshd.log")"
out=$(mu_ssh "$A" id -Gn 2>&1)
t_match "ssh: the login has the operators' group" "(^| )$OP( |\$)" "$out"
t_nomatch "ssh: ... and not the data group" "(^| )$MU_DATA( |\$)" "$out"
out=$(mu_ssh "$A" "MADOGUCHI_LANG=en $P/bin/madoguchi log add --disposition status --note 'over ssh'" 2>&1)
t_match "ssh: the operator saves a call from the session" '^[0-9a-f-]{36}$' "$out"
t_match "ssh: ... in the shared log" "\"operator\":\"$A\",[^}]*\"note\":\"over ssh\"" \
	"$(mu_as "$S" 022 madoguchi log export 2>&1)"
out=$(mu_ssh "$A" "cat $LOG" 2>&1)
t_match "ssh: the operator cannot read the log itself" 'Permission denied' "$out"
out=$(mu_ssh "$X" "cat $LOG" 2>&1)
t_match "ssh: an account outside the desk cannot either" 'Permission denied' "$out"
out=$(mu_ssh "$A" tty 2>&1)
t_match "ssh -tt: the remote side has a terminal" '^/dev/pts/' "$out"

# The hang-up path: killing the ssh client closes the connection; sshd
# hangs up the remote terminal and the session's processes get SIGHUP.
# `sleep` ends only by a signal, so it shows the hang-up reaches the session.
mu_tmux_ssh hup "$A" "echo mdg-ready; exec sleep 3600"
if mu_wait_screen hup mdg-ready && mu_wait_running "$A" sleep; then
	t_ok "tmux+ssh: a remote session runs in a real terminal"
else
	t_fail "tmux+ssh: a remote session runs in a real terminal" "screen: $(mu_screen hup)" \
		"sshd log: $(tail -5 "$MU_SSH/sshd.log")"
fi
t_match "tmux+ssh: the bytes sent to the terminal are recorded" 'mdg-ready' "$(tr -d '\r' <"$(mu_bytes hup)")"
kill -KILL "$(mu_pane_pid hup)"
if mu_wait_gone "$A" sleep; then
	t_ok "tmux+ssh: killing the ssh client ends the remote session (SIGHUP)"
else
	t_fail "tmux+ssh: killing the ssh client ends the remote session (SIGHUP)" "$(pgrep -a -u "$A")"
fi

# The operator screen over ssh.
first=$(sed -n 's/^question: //p' "$ROOT/faq/01.txt")
first=${first:0:5}           # characters: lib.sh sets a UTF-8 locale
mu_tmux_ssh scr "$A" "LC_ALL=C.UTF-8 MADOGUCHI_LANG=ja exec $P/bin/madoguchi" 100 30
if mu_wait_screen scr "$first" && mu_wait_running "$A" madoguchi; then
	t_ok "ssh screen: the operator screen shows the FAQ through ssh"
else
	t_fail "ssh screen: the operator screen shows the FAQ through ssh" "screen: $(mu_screen scr)"
fi
# The snapshot the screen names comes from the gate (HELLO): the operator
# cannot read it, yet sees which one answers.
snap=$(MADOGUCHI_LANG=en "$MU_BIN" snapshot info 2>&1 | sed -n 's/^id: //p')
t_match "ssh screen: the top line names the snapshot the gate opened" "${snap:0:8} [0-9]{4}-[0-9]{2}-[0-9]{2}" \
	"$(mu_screen scr | head -1)"
t_match "ssh screen: ... its gate runs as the data account, not the operator" "^ *$MU_DATA +$MU_DATA +madoguchi-gate\$" \
	"$(ps -o ruser:32=,euser:32=,comm= -p "$(mu_gates "$A" | head -1)")"
# Japanese typed on the client reaches the remote screen's search.
mu_keys scr /
mu_keys scr -l "カード"
if mu_wait_screen scr '^/カード'; then
	t_ok "ssh screen: Japanese typed over ssh reaches the search"
else
	t_fail "ssh screen: Japanese typed over ssh reaches the search" "screen: $(mu_screen scr)"
fi
kill -KILL "$(mu_pane_pid scr)"
if mu_wait_gone "$A" madoguchi; then
	t_ok "ssh screen: killing the ssh client leaves no madoguchi of the operator"
else
	t_fail "ssh screen: killing the ssh client leaves no madoguchi of the operator" \
		"$(pgrep -a -u "$A")"
fi
if mu_wait_gate "$A" gone; then
	t_ok "ssh screen: ... nor its gate"
else
	t_fail "ssh screen: ... nor its gate" "$(pgrep -a -u "$A")"
fi

# --ambiwidth double over ssh: no East Asian Ambiguous character in the
# bytes the host sends, with entry 3 (it starts with ①) open; single
# sends ① as it is, which shows the check can see one.
amb_start=$(sed -n '/^$/{n;s/^① *//;p;q}' "$ROOT/faq/03.txt")
amb_start=${amb_start:0:8}
for mode in double single; do
	mu_tmux_ssh "amb-$mode" "$A" "LC_ALL=C.UTF-8 exec $P/bin/madoguchi --ambiwidth $mode" 100 30
	mu_wait_screen "amb-$mode" "$first"
	mu_keys "amb-$mode" 3 Enter
	if mu_wait_screen "amb-$mode" "$amb_start"; then
		t_ok "ssh screen ($mode): entry 3 opens"
	else
		t_fail "ssh screen ($mode): entry 3 opens" "screen: $(mu_screen "amb-$mode")"
	fi
	mu_keys "amb-$mode" q
	mu_wait_gone "$A" madoguchi
done
found=$(mu_ambiguous "$(mu_bytes amb-double)")
t_eq "ssh screen (double): no ambiguous character reaches the terminal" "" "$found"
found=$(mu_ambiguous "$(mu_bytes amb-single)")
t_match "ssh screen (single): ① reaches the terminal" 'U\+2460' "$found"

# ------------------------------------------------------ a call over ssh
# The screen quits normally: the terminal is left as found.  The pane's
# shell records the local terminal's modes once ssh returns.
MU_AFTER="stty -a >$(printf '%q' "$T_TMP/quit.stty") 2>&1; exec sleep 600" \
	mu_tmux_ssh quit "$A" "LC_ALL=C.UTF-8 MADOGUCHI_LANG=en exec $P/bin/madoguchi --ambiwidth double" 100 30
mu_wait_screen quit '^ ?14 '
# A stray start of a paste (ESC [ 2 0 0 ~ and no end) swallows keys only
# until the paste's idle cap: then what came is the search's text, and the
# keys work again (tests/term/paste-unended.sh has the message).
mu_keys quit /
mu_keys quit -l $'\e[200~'
mu_keys quit -l 'abc'
if mu_wait_screen quit '^/abc '; then
	t_ok "ssh paste: an unended paste start ends, what came is taken"
else
	t_fail "ssh paste: an unended paste start ends, what came is taken" "screen: $(mu_screen quit)"
fi
mu_keys quit Escape
mu_wait_screen quit '^ ?14 '
mu_keys quit q
for i in $(seq 1 $((MU_WAIT * 10))); do [ -s "$T_TMP/quit.stty" ] && break; sleep 0.1; done
st=$(cat "$T_TMP/quit.stty" 2>/dev/null)
t_match "ssh quit: after it, q quits; the local terminal echoes again" '(^|[ ;])echo( |;|$)' "$st"
t_match "ssh quit: ... and is line-buffered (icanon)" '(^|[ ;])icanon( |;|$)' "$st"
t_eq "ssh quit: the pane is out of the alternate screen" 0 "$(mu_tmux display-message -p -t quit '#{alternate_on}')"
# The last alternate-screen and cursor switches the host sent: off, shown.
last=$(grep -aoE $'\e\\[\\?(1049|47|1047)[hl]|\e\\[\\?25[hl]' "$(mu_bytes quit)" | tr -d '\033' | tail -2 | tr '\n' ' ')
t_match "ssh quit: the host's last bytes leave the alternate screen and show the cursor" \
	'^(\[\?(1049|47|1047)l \[\?25h|\[\?25h \[\?(1049|47|1047)l) $' "$last"

# A call in progress when the ssh client is killed (a laptop closed): sshd
# hangs up the host's terminal, the program logs the call as interrupted
# (through its gate, which ignores the hang-up until the call is written)
# and ends; nothing of the operator's session stays on the host.
MU_AFTER="stty -a >$(printf '%q' "$T_TMP/kill.stty") 2>&1; exec sleep 600" \
	mu_tmux_ssh call "$A" "LC_ALL=C.UTF-8 MADOGUCHI_LANG=en exec $P/bin/madoguchi --ambiwidth double" 100 30
mu_wait_screen call '^ ?14 '
mu_keys call F2
if mu_wait_screen call '^ Reading'; then
	t_ok "ssh call: F2 opens the caller form over ssh"
else
	t_fail "ssh call: F2 opens the caller form over ssh" "screen: $(mu_screen call)"
fi
mu_keys call -l "しぶしたろう"
if mu_wait_screen call 'しぶしたろう +(->|→) +しぶしたろう'; then
	t_ok "ssh call: the reading typed over ssh gets its live feedback"
else
	t_fail "ssh call: the reading typed over ssh gets its live feedback" "screen: $(mu_screen call)"
fi
mu_keys call Tab Tab
mu_keys call -l "S50.3.1"
mu_keys call Enter
if mu_wait_screen call 'VERIFIED'; then
	t_ok "ssh call: the lookup over ssh is answered through the gate"
else
	t_fail "ssh call: the lookup over ssh is answered through the gate" "screen: $(mu_screen call)"
fi
t_match "ssh call: ... and recorded with the call's UUID, as the operator" \
	"\"operator\":\"$A\",[^}]*\"verdict\":\"verified\",\"call_uuid\":\"[0-9a-f-]{36}\"" \
	"$(mu_as "$S" 027 madoguchi log export --lookups 2>/dev/null | tail -1)"
before=$(mu_as "$S" 027 madoguchi log export 2>/dev/null | grep -c '"state":"interrupted"')
kill -KILL "$(mu_ssh_pid call)"
if mu_wait_gone "$A" madoguchi; then
	t_ok "ssh call: killing the ssh client ends the operator's madoguchi"
else
	t_fail "ssh call: killing the ssh client ends the operator's madoguchi" "$(pgrep -a -u "$A")"
fi
row=$(mu_as "$S" 027 madoguchi log export 2>&1 | grep '"state":"interrupted"' | tail -1)
t_eq "ssh call: one more interrupted call in the log" "$((before + 1))" \
	"$(mu_as "$S" 027 madoguchi log export 2>/dev/null | grep -c '"state":"interrupted"')"
t_match "ssh call: ... by that operator" "\"operator\":\"$A\"" "$row"
t_match "ssh call: ... with its verdict" '"match":"verified"' "$row"
t_nomatch "ssh call: ... and the reading typed is not in it" 'しぶし' "$row"
t_eq "ssh call: log verify after the interrupted call" "ok" \
	"$(mu_as "$S" 027 madoguchi log verify 2>&1 | head -1 | cut -d' ' -f1)"
mu_wait_gone "$A" sshd
mu_wait_gate "$A" gone
t_eq "ssh call: no process of the operator is left on the host" "" "$(pgrep -a -u "$A")"
t_eq "ssh call: ... nor a gate of theirs" "" "$(mu_gates "$A")"
t_eq "ssh call: the host's terminal of that session is gone (no pty of the operator)" "" \
	"$(find /dev/pts -user "$A" 2>/dev/null)"
for i in $(seq 1 $((MU_WAIT * 10))); do [ -s "$T_TMP/kill.stty" ] && break; sleep 0.1; done
# The client, killed, cannot put the local terminal back; say what it left.
echo "# local terminal after ssh was killed: $(grep -oE '(^|[ ;])-?(echo|icanon|isig)( |;|$)' "$T_TMP/kill.stty" | tr -d ' ;' | tr '\n' ' ')"

# The supervisor's review over ssh: the calls, the interrupted one among
# them, and the lookups view.
mu_tmux_ssh srev "$S" "LC_ALL=C.UTF-8 MADOGUCHI_LANG=en exec $P/bin/madoguchi --ambiwidth single review" 100 30
if mu_wait_screen srev 'Enter detail'; then
	t_ok "ssh review: the supervisor's review opens over ssh"
else
	t_fail "ssh review: the supervisor's review opens over ssh" "screen: $(mu_screen srev)"
fi
t_match "ssh review: ... listing the operator's calls" "$A" "$(mu_screen srev)"
t_match "ssh review: ... the interrupted one too, with its verdict" "$A +\[=\] verified +Other" "$(mu_screen srev)"
mu_keys srev t
mu_keys srev t
if mu_wait_screen srev "Lookups: [0-9]+"; then
	t_ok "ssh review: the lookups view"
else
	t_fail "ssh review: the lookups view" "screen: $(mu_screen srev)"
fi
t_match "ssh review: ... with the operator's lookups" "$A +[0-9]+" "$(mu_screen srev)"
mu_keys srev q
mu_wait_gone "$S" madoguchi
t_match "ssh review: the supervisor's reading is recorded" \
	"\"operator\":\"$S\",[^}]*\"action\":\"review\",\"outcome\":\"allowed\"" \
	"$(mu_as "$S" 027 madoguchi log export --access 2>/dev/null)"

# ---------------------------------------------------------------- uninstall
make -C "$ROOT" --no-print-directory uninstall PREFIX="$P" SYSCONFDIR="$MU_SYSCONF" DESTDIR= \
	>"$T_TMP/uninstall.log" 2>&1
t_eq "make uninstall exits 0" "0" "$?"
t_eq "make uninstall leaves no file under the prefix (the gate neither)" "" "$(find "$P" ! -type d)"

t_done
