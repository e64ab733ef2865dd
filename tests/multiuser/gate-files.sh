#!/usr/bin/env bash
# The desk's files against the operators (issue 12, promises 1 and 2, and
# what the gate refuses to start with): the data directory, snapshot, key,
# log and spool are out of an operator's reach, yet lookups and saves work;
# what the old layout let an operator do to make every save spool (an
# -wal symlink, the lock file's flock) cannot even be tried; every lookup
# is recorded in the log, or in the gate's spool when the log cannot be
# written, or gets no verdict; a layout, configuration or limit the gate
# cannot trust makes it refuse, saying why.  Runs as root (CI does);
# lib.sh has the helpers.
. "$(dirname "$0")/lib.sh"
mu_require_root

mu_group op; OP=$mu_last
mu_group sv; SV=$mu_last
mu_user a "$OP"; A=$mu_last        # an operator, umask 022
mu_user b "$OP"; B=$mu_last        # an operator, umask 077
mu_user s "$OP" "$SV"; S=$mu_last  # a supervisor
mu_user x; X=$mu_last              # an account on the host outside the desk
mu_install "$OP"
mu_desk "$SV" "lookup_limit = 100/10m"
LOG=$MU_VAR/inquiry.db
EN=(MADOGUCHI_LANG=en)
PERSON=$'kana=しぶし たろう\nbirth=S50.3.1\n'
lookup() { printf '%s' "$PERSON" | mu_as "$1" "$2" "${EN[@]}" madoguchi lookup --stdin; }
save() { mu_as "$1" "$2" "${EN[@]}" madoguchi log add --disposition status --note "$3"; }
lookups() { mu_as "$S" 022 "${EN[@]}" madoguchi log export --lookups 2>&1; }
calls() { mu_as "$S" 022 "${EN[@]}" madoguchi log export 2>&1; }

# ---------------------------------------------------------------- install
t_eq "install: the gate is setuid and setgid to the data account, 6755" "6755 $MU_DATA $MU_DATA" "$(mu_mode "$MU_GATE")"
t_eq "install: in a directory only the operators enter (0750 root:operators)" \
	"750 root $OP" "$(mu_mode "$MU_GATE_DIR")"
IFS=: read -r _ _ gid members < <(getent group "$MU_DATA")
sysmax=$(awk '$1 == "SYS_GID_MAX" { print $2 }' /etc/login.defs 2>/dev/null)
t_eq "install: make install made the data group, a system group" "yes" \
	"$([ "$gid" -lt "${sysmax:-1000}" ] && echo yes)"
t_eq "install: ... with no members" "" "$members"
IFS=: read -r _ _ uid ugid _ home shell < <(getent passwd "$MU_DATA")
sysmax=$(awk '$1 == "SYS_UID_MAX" { print $2 }' /etc/login.defs 2>/dev/null)
t_eq "install: make install made the data account, a system account of that group" "yes" \
	"$([ -n "$uid" ] && [ "$uid" -lt "${sysmax:-1000}" ] && [ "$ugid" = "$gid" ] && echo yes)"
t_eq "install: ... that cannot log in, with no home" "/nonexistent /usr/sbin/nologin" "$home $shell"
t_eq "install: no operator is in it" "" "$(id -Gn "$A" "$B" "$S" | tr ' ' '\n' | grep -x "$MU_DATA")"
t_eq "layout: the data directory is root:data 2770" "2770 root $MU_DATA" "$(mu_mode "$MU_VAR")"

# ---------------------------------------- promise 1: nothing in reach
for f in snapshot.db snapshot.key inquiry.db; do
	out=$(mu_as "$A" 022 cat "$MU_VAR/$f" 2>&1)
	t_match "operator: cannot read $f" 'Permission denied' "$out"
	out=$(mu_as "$A" 022 sh -c 'echo x >>"$1"' sh "$MU_VAR/$f" 2>&1)
	t_match "operator: cannot write $f" 'Permission denied' "$out"
	out=$(mu_as "$A" 022 rm -f "$MU_VAR/$f" 2>&1)
	t_match "operator: cannot remove $f" 'Permission denied' "$out"
done
out=$(mu_as "$A" 022 ls "$MU_VAR" 2>&1)
t_match "operator: cannot list the data directory" 'Permission denied' "$out"
out=$(mu_as "$A" 022 sqlite3 "$LOG" 'SELECT count(*) FROM inquiry;' 2>&1)
t_match "operator: sqlite3 cannot open the log" 'unable to open|Permission denied' "$out"
out=$(mu_as "$S" 022 sqlite3 "$LOG" 'SELECT count(*) FROM inquiry;' 2>&1)
t_match "supervisor: sqlite3 cannot open the log either (reading is through the gate)" \
	'unable to open|Permission denied' "$out"

# The legitimate use: a lookup and saves by operators of umask 022 and 077.
out=$(lookup "$A" 022 2>&1)
t_match "operator (umask 022): lookup --stdin is verified through the gate" '^match: verified' "$out"
out=$(save "$B" 077 "first B" 2>&1)
t_match "operator (umask 077): log add prints the call's UUID, nothing else" '^[0-9a-f-]{36}$' "$out"
t_eq "the log stays root's, data group 0660" "660 root $MU_DATA" "$(mu_mode "$LOG")"
t_match "the writers' queue beside it (-lock) is the data group's 0660 (the gate's umask)" \
	"^660 [^ ]+ $MU_DATA\$" "$(mu_mode "$LOG-lock" 2>&1)"

# What an operator did to make every save spool in the old layout: plant
# an -wal symlink, or hold the lock file's flock.  They cannot reach the
# directory to try, and the files the gates made are the data account's.
for f in inquiry.db-wal inquiry.db-shm inquiry.db-lock; do
	out=$(mu_as "$A" 022 ln -sf /dev/null "$MU_VAR/$f" 2>&1)
	t_match "old attack: planting $f as a symlink is denied" 'Permission denied' "$out"
done
out=$(mu_as "$A" 022 flock -n "$LOG-lock" true 2>&1)
t_match "old attack: taking the lock file's flock is denied" 'Permission denied|cannot open' "$out"
out=$(mu_as "$A" 022 flock -n "$LOG" true 2>&1)
t_match "old attack: ... or the log's" 'Permission denied|cannot open' "$out"
t_eq "the -lock a gate made is the data account's" "$MU_DATA" "$(stat -c %U "$LOG-lock")"
out=$(mu_as "$A" 022 chmod 0666 "$LOG-lock" 2>&1)
t_match "... and the operator whose gate made it cannot chmod it" 'Permission denied|Operation not permitted' "$out"
t_eq "... (unchanged)" "660" "$(stat -c %a "$LOG-lock")"

# Both operators save at once, each call its own program and gate.
adds() {
	local u=$1 m=$2 i
	for i in $(seq 1 15); do
		save "$u" "$m" "$u $i" >/dev/null 2>>"$T_TMP/adds-$u.err" ||
			echo "log add $i: status $?" >>"$T_TMP/adds-$u.err"
	done
}
: >"$T_TMP/adds-$A.err"; : >"$T_TMP/adds-$B.err"
adds "$A" 022 & pa=$!
adds "$B" 077 & pb=$!
wait "$pa"; wait "$pb"
t_eq "A (umask 022) and B (umask 077) save at once, no error or warning (nothing spooled)" "" \
	"$(cat "$T_TMP/adds-$A.err" "$T_TMP/adds-$B.err")"
exp=$(printf '%s\n' "$A 15" "$B 16" | sort)
out=$(calls | sed -n 's/.*"operator":"\([^"]*\)".*/\1/p' | sort | uniq -c | awk '{print $2, $1}')
t_eq "every call is in the log with its operator (the supervisor's export)" "$exp" "$out"
t_eq "the gate's spool holds nothing" "" "$(find "$MU_VAR/spool" -type f -size +0 2>/dev/null)"
out=$(mu_as "$S" 022 "${EN[@]}" madoguchi log verify 2>&1)
t_match "log verify (the supervisor) after the concurrent saves" '^ok 31 entries$' "$out"

# The -wal and -shm one gate made serve the others': the supervisor's
# review keeps its gate's connection open while B (umask 077), A, B save.
mu_tmux_as rev "$S" "${EN[@]}" madoguchi --ambiwidth single review
mu_wait_screen rev 'Enter detail'
t_match "review open: the -wal is the data group's 0660" "^660 [^ ]+ $MU_DATA\$" "$(mu_mode "$LOG-wal" 2>&1)"
t_match "review open: ... and the -shm" "^660 [^ ]+ $MU_DATA\$" "$(mu_mode "$LOG-shm" 2>&1)"
err3=""
for who in "$B 077" "$A 022" "$B 077"; do
	set -- $who
	err3+=$(save "$1" "$2" "through the open review" 2>&1 >/dev/null)
done
t_eq "review open: B, A, B save through its -wal and -shm without a warning" "" "$err3"
mu_keys rev q
mu_wait_gone "$S" madoguchi
mu_wait_gate "$S" gone
t_eq "review closed: its gate ended with it" "" "$(mu_gates "$S")"
out=$(mu_as "$S" 022 "${EN[@]}" madoguchi log verify 2>&1)
t_match "log verify after that" '^ok 34 entries$' "$out"

# An account outside the desk: cannot run the gate, read anything, or
# reach the log; the program says so in one line.
out=$(mu_as "$X" 022 "$MU_GATE" </dev/null 2>&1)
t_match "outsider: cannot run the gate (its directory is the operators')" 'Permission denied' "$out"
for f in snapshot.db snapshot.key inquiry.db; do
	out=$(mu_as "$X" 022 cat "$MU_VAR/$f" 2>&1)
	t_match "outsider: cannot read $f" 'Permission denied' "$out"
done
out=$(lookup "$X" 022 2>&1); rc=$?
t_eq "outsider: lookup fails with status 2" 2 "$rc"
t_match "... naming the snapshot and the reason, in one line" \
	"^madoguchi: .*$MU_VAR/snapshot\.(db|key).*Permission denied" "$out"
t_eq "... (one line)" 1 "$(printf '%s\n' "$out" | wc -l)"
out=$(mu_as "$X" 022 "${EN[@]}" madoguchi log add --disposition status 2>&1)
t_match "outsider: log add does not reach the log (kept in their own spool)" \
	"cannot be written.*kept in $T_TMP/home/$X/" "$out"
t_eq "... the log has no row of theirs" "" "$(calls | grep "\"operator\":\"$X\"")"

# ------------------------ promise 2: recorded before the verdict, or none
# The log cannot be written (root made it read-only): the lookup's event
# goes to the gate's own spool, the verdict comes, and one line says so.
chmod 0640 "$LOG"
out=$(lookup "$A" 022 2>"$T_TMP/err")
t_match "log read-only: the lookup is answered" '^match: verified' "$out"
t_match "... saying in one line that its record waits in the gate's spool" \
	"^madoguchi: warning: .*$MU_VAR/spool/" "$(cat "$T_TMP/err")"
t_eq "... (one line)" 1 "$(wc -l <"$T_TMP/err")"
spooled=$(find "$MU_VAR/spool" -type f -name "spool-$A-*" -size +0)
t_match "... the event is in the gate's spool, as A's (by name), the data account's 0600" \
	"^600 $MU_DATA $MU_DATA\$" "$(mu_mode "$spooled" 2>&1)"
t_match "... holding the verdict" '"verdict":"verified"' "$(cat "$spooled")"
out=$(mu_as "$A" 022 cat "$spooled" 2>&1)
t_match "... which A cannot read" 'Permission denied' "$out"
out=$(save "$A" 022 "while read-only" 2>&1)
t_match "log read-only: a save is spooled too (its UUID and one warning)" \
	"^madoguchi: warning: .*$MU_VAR/spool/" "$out"
chmod 0660 "$LOG"
out=$(save "$A" 022 "after" 2>&1)
t_match "log writable again: the next save writes it (no warning)" '^[0-9a-f-]{36}$' "$out"
t_match "... and the spooled call with it" "\"operator\":\"$A\",[^}]*\"note\":\"while read-only\"" "$(calls)"
t_eq "... and the spooled lookup: A's events" "$(( $(lookups | grep -c .) ))" \
	"$(lookups | grep -c "\"operator\":\"$A\"")"
t_eq "... the spool is empty" "" "$(find "$MU_VAR/spool" -type f -size +0)"

# Neither the log nor the spool can be written (root took the spool's
# write permission away): no verdict.
chmod 0640 "$LOG"
rm -f "$MU_VAR"/spool/*
spool_mode=$(stat -c '%a %U' "$MU_VAR/spool")
chown root "$MU_VAR/spool"
chmod 2750 "$MU_VAR/spool"
n0=$(sqlite3 "$LOG" 'SELECT count(*) FROM lookup;')
out=$(lookup "$A" 022 2>"$T_TMP/err"); rc=$?
t_eq "log and spool unwritable: no verdict" "" "$out"
t_eq "... exit 3" 3 "$rc"
t_match "... and one line saying why" "^madoguchi: the lookup could not be recorded, so no verdict is given: " \
	"$(cat "$T_TMP/err")"
t_eq "... (one line)" 1 "$(wc -l <"$T_TMP/err")"
t_eq "... nothing recorded" "$n0" "$(sqlite3 "$LOG" 'SELECT count(*) FROM lookup;')"
chown "${spool_mode#* }" "$MU_VAR/spool"
chmod "${spool_mode% *}" "$MU_VAR/spool"
chmod 0660 "$LOG"
out=$(lookup "$A" 022 2>&1)
t_match "put back: the lookup is answered again" '^match: verified' "$out"

# An upgrade from a setgid-only gate, which ran as each operator: a spool
# file it left is the operator's (0600), which the gate, now the data
# account, cannot open.  Said in one line with the command that fixes it;
# after it, the entry spooled then is written with the next save.
chmod 0640 "$LOG"
save "$A" 022 "left by the old gate" >/dev/null 2>&1
chmod 0660 "$LOG"
old=$(find "$MU_VAR/spool" -type f -name "spool-$A-*" -size +0)
chown "$A" "$old"
out=$(save "$A" 022 "after the upgrade" 2>&1)
t_match "upgrade: a spool file of the old gate (the operator's) is said, with the command" \
	"$old belongs to $A, not to this account \\($MU_DATA\\).*as root, run: chown $MU_DATA $old" "$out"
t_match "... and the save is said not saved" 'NOT saved' "$out"
chown "$MU_DATA" "$old"
out=$(save "$A" 022 "after the chown" 2>&1)
t_match "upgrade: after that chown the next save is written" '^[0-9a-f-]{36}$' "$out"
t_match "... and the call the old gate had spooled with it" "\"note\":\"left by the old gate\"" "$(calls)"

# ----------------------------- what the gate refuses to start with, and why
# Each: the lookup gets no verdict and one line; then the layout is put
# back and the lookup works again.  (A gate that refuses to start says so
# before it has read the program's language: in Japanese, the desk's
# default; both wordings are accepted here.)
refused() {   # NAME REGEX
	local out rc
	out=$(lookup "$A" 022 2>"$T_TMP/err"); rc=$?
	t_eq "$1: no verdict" "" "$out"
	t_match "$1: ... one line saying why" "$2" "$(cat "$T_TMP/err")"
	t_eq "$1: ... (one line, exit $rc)" 1 "$(wc -l <"$T_TMP/err")"
}
works() {
	local out
	out=$(lookup "$A" 022 2>&1)
	t_match "$1: put back, the lookup is answered" '^match: verified' "$out"
}
chmod o+x "$MU_VAR"
NOTDATA="(the log's directory $MU_VAR is open to others or not the data group's.*the gate will not write there|ログの置き場所 $MU_VAR が他人に開いているか、データ用グループのものではありません.*ゲートはそこに書き込みません)"
refused "data directory o+x" "$NOTDATA"
chmod o-x "$MU_VAR"
works "data directory o+x"
chgrp "$OP" "$MU_VAR"
refused "data directory of the operators' group" "$NOTDATA"
chgrp "$MU_DATA" "$MU_VAR"
works "data directory of the operators' group"
chmod g+w "$MU_CONF"
NOTROOT="$MU_CONF: (the desk's configuration must be a file owned by root that only root may write|窓口の設定は root が所有し root だけが書き込めるファイルにしてください)"
refused "config group-writable" "$NOTROOT"
chmod g-w "$MU_CONF"
works "config group-writable"
chown "$A" "$MU_CONF"
refused "config owned by an operator" "$NOTROOT"
chown root "$MU_CONF"
works "config owned by an operator"
chmod g+w "$MU_SYSCONF"
refused "config's directory group-writable" \
	"$MU_CONF: (its directory $MU_SYSCONF must be owned by root and writable by root alone|その置き場所 $MU_SYSCONF は root が所有し root だけが書き込めるようにしてください)"
chmod g-w "$MU_SYSCONF"
works "config's directory group-writable"
cp "$MU_CONF" "$T_TMP/conf.keep"
sed -i '/^log = /d' "$MU_CONF"
refused "config without a log" "(the desk's configuration sets no log|窓口の設定に log がありません)"
sed -i "s|^snapshot = .*|snapshot = ~/snapshot.db|" "$MU_CONF"
echo "log = ~/inquiry.db" >>"$MU_CONF"
refused "config with ~/ paths (an operator's home)" "$MU_CONF:[0-9]+: snapshot '~/snapshot.db': "
cp "$T_TMP/conf.keep" "$MU_CONF"
works "config with ~/ paths"

# The operator's limits: a soft one is raised back; a hard file-size limit
# (appends could stop half-way) or a tiny one on open files is refused.
out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" sh -c 'ulimit -S -f 1 && exec madoguchi lookup --stdin' 2>&1)
t_match "ulimit -S -f 1 (soft): the gate raises it back, the lookup is answered" '^match: verified' "$out"
out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" sh -c 'ulimit -f 100000 && exec madoguchi lookup --stdin' 2>"$T_TMP/err")
t_eq "ulimit -f (hard): no verdict" "" "$out"
t_match "... the gate refuses, saying why" "file-size limit \\(ulimit -f\\)" "$(cat "$T_TMP/err")"
c0=$(calls | grep -c .)
out=$(mu_as "$A" 022 "${EN[@]}" sh -c 'ulimit -f 100000 && exec madoguchi log add --disposition status' 2>"$T_TMP/err"); rc=$?
t_eq "ulimit -f (hard): log add fails and saves nothing" "yes $c0" "$([ "$rc" -ne 0 ] && echo yes) $(calls | grep -c .)"
t_match "... saying why" "file-size limit \\(ulimit -f\\)" "$(cat "$T_TMP/err")"
out=$(printf '%s' "$PERSON" | mu_as "$A" 022 "${EN[@]}" sh -c 'ulimit -n 40 && exec madoguchi lookup --stdin' 2>"$T_TMP/err")
t_eq "ulimit -n 40 (hard): no verdict" "" "$out"
t_match "... the gate refuses, saying why" "ulimit -n" "$(cat "$T_TMP/err")"

# ------------------- the spool of a user's own log (no desk configuration)
# Without /etc/madoguchi.conf the installed program uses the account's own
# files in-process.  A spool directory of another account, or one others
# may write, is refused: the entry is then NOT saved (exit 3).
mv "$MU_CONF" "$T_TMP/conf.away"
mkdir -p "$T_TMP/home/$B/spool"
chown "$B" "$T_TMP/home/$B/spool"
chmod 0755 "$T_TMP/home/$B/spool"
own=(MADOGUCHI_LOG="$T_TMP/home/$A/gone/log.db")
out=$(mu_as "$A" 022 "${EN[@]}" "${own[@]}" MADOGUCHI_SPOOL_DIR="$T_TMP/home/$B/spool" \
	madoguchi log add --disposition status 2>&1); rc=$?
t_eq "own log: a spool directory of another account is refused (exit 3)" 3 "$rc"
t_match "... in one line naming it" "the spool directory $T_TMP/home/$B/spool belongs to another user" "$out"
mkdir -p "$T_TMP/home/$A/open"
chown "$A" "$T_TMP/home/$A/open"
chmod 0777 "$T_TMP/home/$A/open"
out=$(mu_as "$A" 022 "${EN[@]}" "${own[@]}" MADOGUCHI_SPOOL_DIR="$T_TMP/home/$A/open" \
	madoguchi log add --disposition status 2>&1); rc=$?
t_eq "own log: a spool directory others may write is refused (exit 3)" 3 "$rc"
t_match "... in one line saying what to do" "the spool directory $T_TMP/home/$A/open is writable by group or others.*chmod 700" "$out"
chmod 0700 "$T_TMP/home/$A/open"
out=$(mu_as "$A" 022 "${EN[@]}" "${own[@]}" MADOGUCHI_SPOOL_DIR="$T_TMP/home/$A/open" \
	madoguchi log add --disposition status 2>&1); rc=$?
t_eq "own log: their own 0700 directory keeps the entry (exit 0)" 0 "$rc"
t_match "... saying so" "warning: .*kept in $T_TMP/home/$A/open/" "$out"
mv "$T_TMP/conf.away" "$MU_CONF"
works "the desk's configuration back"

t_done
