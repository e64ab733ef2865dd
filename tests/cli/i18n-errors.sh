#!/usr/bin/env bash
# Japanese is the desk's language: with it, every failure a user can cause
# from the command line is said in Japanese.  Each case below makes one
# failure happen (or one warning); every line it writes on stderr must hold
# Japanese and no English sentence.
#
# An English sentence is three or more ASCII words of two letters or more
# in a row, separated by spaces only (a list of values "a, b, c" is not
# one), once these are taken out of the line, since they stay as typed in
# any language:
#   - the "madoguchi: " that starts each line, and a command to type
#     (madoguchi SUBCOMMAND [WORD]);
#   - quoted values: '…', "…", 「…」, and [syntax] in brackets;
#   - words holding / . _ = @ : ~ < > | \ or a digit (paths, file:line,
#     NAME=VALUE, codes, numbers, dates, utf-8);
#   - options (-x, --name) and names in capitals (MADOGUCHI_LOG, CSV, KIND);
#   - the C library's error texts in English (strerror: its catalogue of
#     translations is a system package that may be missing), and SQLite's
#     (sqlite3_errstr, never translated) in parentheses after the reason.
. "$(dirname "$0")/../lib.sh"
export MADOGUCHI_LANG=ja TZ=UTC MADOGUCHI_CONFIG=/dev/null
unset MADOGUCHI_LOG MADOGUCHI_SNAPSHOT MADOGUCHI_KEY MADOGUCHI_SUPERVISOR_GROUP MADOGUCHI_DESK_HOURS
export MADOGUCHI_SPOOL_DIR=$T_TMP/spool
M=$MADOGUCHI
ro_file=
cleanup() {
	[ -n "$ro_file" ] && chattr -i "$ro_file" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# The C library's messages in English, one a line, for the checker.
T_STRERROR=$(LC_ALL=C LANGUAGE='' perl -e 'for (1 .. 133) { $! = $_; print "$!\n" }')
# SQLite's (sqlite3_errstr), which a message may add in parentheses.
T_SQLITE='SQL logic error
access permission denied
query aborted
database is locked
database table is locked
out of memory
attempt to write a readonly database
interrupted
disk I/O error
database disk image is malformed
unknown operation
database or disk is full
unable to open database file
locking protocol
constraint failed
datatype mismatch
bad parameter or other API misuse
authorization denied
column index out of range
file is not a database'
export T_STRERROR T_SQLITE

# check_lines: reads stderr, prints each line that fails and why.
check_lines() {
	perl -CSD -e '
		my @libc = sort { length($b) <=> length($a) } grep { length } split /\n/, $ENV{T_STRERROR};
		my @sqlite = grep { length } split /\n/, $ENV{T_SQLITE};
		my $cmd = qr/\bmadoguchi(?: (?:faq|normalize|import|demo|snapshot|lookup|config|review|log)(?: [a-z]+)?)?/;
		while (my $line = <STDIN>) {
			chomp $line;
			next if $line eq "";
			my $s = $line;
			$s =~ s/\Q$_\E/ /g for @libc;
			$s =~ s/\(\Q$_\E\)/ /g for @sqlite;
			$s =~ s/(?<![A-Za-z])\x27[^\x27]*\x27(?![A-Za-z])/ /g;
			$s =~ s/"[^"]*"/ /g;
			$s =~ s/「[^」]*」/ /g;
			$s =~ s/\[[^\]]*\]/ /g;
			$s =~ s/$cmd/ /g;
			$s =~ s/\S*[\/._=@:~<>|\\0-9]\S*/ /g;
			$s =~ s/(?<!\S)-+[A-Za-z]\S*/ /g;
			$s =~ s/\b[A-Z][A-Z0-9_-]*[A-Z0-9]\b/ /g;
			if ($line !~ /[\p{Hiragana}\p{Katakana}\p{Han}]/) {
				print "no Japanese: $line\n";
			} elsif ($s =~ /((?:\b[A-Za-z]{2,} +){2,}[A-Za-z]{2,}\b)/) {
				print "English \"$1\": $line\n";
			}
		}'
}

# in_japanese NAME — checks $err of the last t_run: some line, every line Japanese.
in_japanese() {
	local bad
	if [ -z "$err" ]; then
		t_fail "$1: says why in Japanese" "nothing on stderr (exit $rc)"
		return
	fi
	bad=$(printf '%s\n' "$err" | check_lines)
	if [ -z "$bad" ]; then t_ok "$1: in Japanese"; else t_fail "$1: in Japanese" "$bad"; fi
}

# says NAME STATUS ARGS... — runs madoguchi ARGS: exit STATUS, stderr in Japanese.
says() {
	local name=$1 want=$2
	shift 2
	t_run "$@"
	if [ "$rc" -eq "$want" ]; then t_ok "$name: exits $want"; else t_fail "$name: exits $want" "exit $rc" "stderr: $err"; fi
	in_japanese "$name"
}

# fails NAME ARGS... — runs madoguchi ARGS: a failure, stderr in Japanese.
fails() {
	local name=$1
	shift
	t_run "$@"
	if [ "$rc" -ne 0 ]; then t_ok "$name: fails"; else t_fail "$name: fails" "exit 0" "stderr: $err"; fi
	in_japanese "$name"
}

# ---- the checker itself ------------------------------------------------------
bad=$(printf '%s\n' "madoguchi: the config file is not a regular file" | check_lines)
t_match "checker: a line without Japanese fails" '^no Japanese: ' "$bad"
bad=$(printf '%s\n' "madoguchi: log: add, lookup, export, verify, merge or stats のどれか" | check_lines)
t_match "checker: three English words in a Japanese line fail" '^English "merge or stats"' "$bad"
bad=$(printf '%s\n' "madoguchi: /a/b.conf:3 行目: 'frob' は使えないキーです (see the manual page)" | check_lines)
t_match "checker: English in a Japanese line fails" '^English "see the manual' "$bad"
bad=$(printf '%s\n' "madoguchi: 使い方: madoguchi lookup [--kana K] [--name N] --json" \
	"madoguchi: /srv/m/log.db: ログを読めません: No such file or directory (--log FILE か MADOGUCHI_LOG)" \
	"madoguchi: 'this is a quoted value' は項目番号ではありません" \
	"madoguchi: log add: --disposition が必要です (status, card_misuse, complaint, press, other のどれか)" \
	"madoguchi: ログ /x.db に書き込めません (読み取り専用です (attempt to write a readonly database))" |
	check_lines)
t_eq "checker: paths, options, syntax, quoted values, lists, libc and SQLite texts pass" "" "$bad"

# ---- the command line: unknown words, global options -------------------------
says "unknown command" 2 frobnicate
says "unknown option" 2 --frobnicate
says "a global option without its value" 2 faq list --log
says "config with an argument" 2 config extra
says "review with an argument" 2 review extra
says "the operator screen without a terminal" 2 </dev/null
t_run review </dev/null
in_japanese "the review without a terminal"
# on_tty NAME ENV... — the operator screen on a terminal (script(1) makes
# one) with the environment changed by env ENV...: it refuses to start.
on_tty() {
	local name=$1
	shift
	if ! command -v script >/dev/null; then
		echo "ok - $name # SKIP script(1) is not here"
		return
	fi
	err=$(env "$@" script -qec "$(printf '%q ' "$M" --faq "$ROOT/faq")" /dev/null </dev/null 2>&1 | tr -d '\r')
	rc=${PIPESTATUS[0]}
	in_japanese "$name"
}
on_tty "TERM unset" -u TERM
on_tty "TERM=dumb" TERM=dumb
on_tty "a TERM not known here" TERM=no-such-terminal
on_tty "a locale that is not UTF-8" LC_ALL=POSIX

# ---- the settings: the config file, the environment, the options ------------
conf=$T_TMP/m.conf
# bad_conf NAME CONTENT — the config file holds CONTENT (printf format).
bad_conf() {
	# shellcheck disable=SC2059
	printf "$2" >"$conf"
	chmod 0644 "$conf"
	MADOGUCHI_CONFIG=$conf says "config: $1" 2 config
}
bad_conf "a line without =" 'log /srv/log.db\n'
bad_conf "an unknown key" 'frob = 1\n'
bad_conf "a key set twice" 'lang = ja\nlang = en\n'
bad_conf "a key without a value" 'log =\n'
bad_conf "a relative path" 'log = srv/log.db\n'
bad_conf "config set in the file" 'config = /x.conf\n'
bad_conf "a NUL byte" 'lang = ja\0\n'
bad_conf "a line too long" "log = /$(printf '%.0sa' $(seq 5000))\n"
HOME=/$(printf '%.0sh' $(seq 300)) bad_conf "a path too long" "log = ~/$(printf '%.0sa' $(seq 4000))\n"
bad_conf "ambiwidth not known" 'ambiwidth = wide\n'
bad_conf "color not known" 'color = blue\n'
bad_conf "desk_hours malformed" 'desk_hours = 9-17\n'
MADOGUCHI_LANG='' bad_conf "lang not known" 'lang = fr\n'
printf 'lang = ja\n' >"$conf"
chmod 0666 "$conf"
MADOGUCHI_CONFIG=$conf says "config: writable by others" 2 config
chmod 0644 "$conf"
says "config: --config names a missing file" 2 --config "$T_TMP/none.conf" config
says "config: --config names a directory" 2 --config "$T_TMP" config
MADOGUCHI_AMBIWIDTH=wide says "MADOGUCHI_AMBIWIDTH not known" 2 config
says "--color not known" 2 --color blue config
says "--desk-hours malformed" 2 --desk-hours 17:00-09:00 config

# ---- faq: the FAQ directory and its files ------------------------------------
F=$T_TMP/faq
# faq_dir NAME — a fresh FAQ directory with entry 1 and COUNT 1.
faq_dir() {
	rm -rf "$F"
	mkdir -p "$F"
	printf 'question: 質問\n\n回答です。\n' >"$F/01.txt"
	echo 1 >"$F/COUNT"
}
says "faq: no subcommand" 2 faq
says "faq show: not a number" 2 faq show x
says "faq show: no such entry" 2 faq show 99
says "faq search: an empty query" 2 faq search ' '
says "faq: a missing directory" 2 --faq "$T_TMP/none" faq list
faq_dir; rm "$F/01.txt"; echo 0 >"$F/COUNT"
says "faq: no entry files" 2 --faq "$F" faq list
faq_dir; echo x >"$F/frob.txt"
says "faq: a file that is not an entry" 2 --faq "$F" faq list
faq_dir; rm "$F/COUNT"
says "faq: COUNT missing" 2 --faq "$F" faq list
faq_dir; echo abc >"$F/COUNT"
says "faq: COUNT not a number" 2 --faq "$F" faq list
faq_dir; printf '1\n2\n' >"$F/COUNT"
says "faq: COUNT with two numbers" 2 --faq "$F" faq list
faq_dir; : >"$F/COUNT"
says "faq: COUNT empty" 2 --faq "$F" faq list
faq_dir; echo 2 >"$F/COUNT"
says "faq: an entry COUNT promises is missing" 2 --faq "$F" faq list
faq_dir; cp "$F/01.txt" "$F/02.txt"
says "faq: an entry beyond COUNT" 2 --faq "$F" faq list
faq_dir; cp "$F/01.txt" "$F/03.txt"; echo 3 >"$F/COUNT"
says "faq: a gap in the numbers" 2 --faq "$F" faq list
faq_dir; cp "$F/01.txt" "$F/1.txt"
says "faq: two files for one entry" 2 --faq "$F" faq list
# entry NAME CONTENT — entry 1 holds CONTENT (printf format).
entry() {
	faq_dir
	# shellcheck disable=SC2059
	printf "$2" >"$F/01.txt"
	says "faq entry: $1" 2 --faq "$F" faq list
}
entry "no header" '回答だけ\n'
entry "an unknown header" 'question: 質問\nfrob: x\n\n回答\n'
entry "two questions" 'question: 質問\nquestion: また\n\n回答\n'
entry "an empty question" 'question:\n\n回答\n'
entry "two keywords lines" 'question: 質問\nkeywords: a\nkeywords: b\n\n回答\n'
entry "no question line" 'keywords: a\n\n回答\n'
entry "no answer" 'question: 質問\n'
entry "an empty answer" 'question: 質問\n\n\n'
entry "not UTF-8" 'question: \xff\n\n回答\n'
entry "a control character" 'question: 質問\x07\n\n回答\n'
faq_dir; rm "$F/01.txt"; mkdir "$F/01.txt"
says "faq entry: a directory" 2 --faq "$F" faq list
faq_dir; head -c 300000 /dev/zero | tr '\0' a >>"$F/01.txt"
says "faq entry: too large" 2 --faq "$F" faq list
# The synonyms: DATA/synonyms.tsv.
DD=$T_TMP/data
mkdir -p "$DD"
printf '漏えい\n' >"$DD/synonyms.tsv"
says "synonyms: a group of one" 2 --data "$DD" faq list
printf '漏えい\t\xff\n' >"$DD/synonyms.tsv"
says "synonyms: not UTF-8" 2 --data "$DD" faq list
rm "$DD/synonyms.tsv"
says "synonyms: missing" 2 --data "$DD" faq list

# ---- import: the CSV of the affected list ------------------------------------
C=$T_TMP/csv
mkdir -p "$C"
H='ref,name,kana,birth_date,gender,postal_code,address,email,phone,registered_on,card_exposed,userinfo_exposed,notified_on'
ROW1='R1,志布志 太郎,しぶし たろう,1975-03-01,男,899-7192,,taro@example.jp,099-472-1111,2019-06-30,0,1,'
ROW2='R2,志布志 花子,しぶし はなこ,1980-01-02,女,899-7192,,hana@example.jp,099-472-2222,2019-06-30,1,0,'
# csv NAME CONTENT [ARGS] — imports a CSV holding CONTENT (printf format).
csv() {
	local f="$C/list.csv"
	# shellcheck disable=SC2059
	printf "$2" >"$f"
	shift 2
	says "import: ${name}" 2 import "$f" --out "$C/s.db" "$@"
}
name="an empty file"; csv x ''
name="an unknown column"; csv x 'ref,frob\n'
name="a column twice"; csv x 'ref,kana,kana\n'
name="no kana or name column"; csv x 'ref,birth_date,card_exposed,userinfo_exposed\n'
name="no birth_date, phone or email column"; csv x 'ref,kana,card_exposed,userinfo_exposed\n'
name="no exposure columns"; csv x 'ref,kana,birth_date\n'
name="no rows"; csv x "$H\n"
name="a row of too few fields"; csv x "$H\nR1,x\n"
name="card_exposed not 0 or 1"; csv x "$H\n${ROW1/,0,1,/,2,1,}\n"
name="a bad birth date"; csv x "$H\n${ROW1/1975-03-01/1975-13-01}\n"
name="a bad phone"; csv x "$H\n${ROW1/099-472-1111/12345}\n"
name="a bad e-mail"; csv x "$H\n${ROW1/taro@example.jp/taro}\n"
name="a bad reading"; csv x "$H\n${ROW1/しぶし たろう/shibushi}\n"
name="a ref too long"; csv x "$H\n${ROW1/R1/$(printf '%.0sR' $(seq 70))}\n"
name="neither kana nor name"; csv x "$H\n${ROW1/志布志 太郎,しぶし たろう/,}\n"
name="no birth_date, phone or email"; csv x "$H\nR1,志布志 太郎,しぶし たろう,,男,899-7192,,,,2019-06-30,0,1,\n"
name="two rows of a ref differ"; csv x "$H\n$ROW1\n${ROW1/1975-03-01/1976-03-01}\n"
name="several errors"; csv x "$H\n${ROW1/1975-03-01/1975-13-01}\n${ROW2/,1,0,/,2,0,}\n${ROW2/R2,/R3,/}\n${ROW2/,1,0,/,1,9,}\n"
name="a quoted field never closed"; csv x "$H\n$ROW1\n\"R2,x\n"
name="text after a closing quote"; csv x "$H\n\"R1\"x,y\n"
name="a quote in an unquoted field"; csv x "$H\nR\"1,y\n"
name="not UTF-8"; csv x "$H\n${ROW1/太郎/\\xff}\n"
name="UTF-16"; csv x '\xff\xfer\x00e\x00f\x00\n'
name="not CP932"; csv x "$H\n${ROW1/太郎/\\x85\\x40\\xa0}\n" --encoding cp932
says "import: a missing file" 2 import "$C/none.csv" --out "$C/s.db"
printf '%s\n%s\n' "$H" "$ROW1" >"$C/ok.csv"
says "import: no --out" 2 import "$C/ok.csv"
says "import: --out without its value" 2 import "$C/ok.csv" --out
says "import: an unknown encoding" 2 import "$C/ok.csv" --out "$C/s.db" --encoding latin1
says "import: an unknown option" 2 import "$C/ok.csv" --out "$C/s.db" --frob
says "import: two CSV files" 2 import "$C/ok.csv" "$C/ok.csv" --out "$C/s.db"
says "import: --out in a missing directory" 2 import "$C/ok.csv" --out "$C/none/s.db"
says "import: --out is a directory" 2 import "$C/ok.csv" --out "$C"
says "import: --out under a file" 2 import "$C/ok.csv" --out "$C/ok.csv/s.db"
says "import: --key in a missing directory" 2 import "$C/ok.csv" --out "$C/s.db" --key "$C/none/s.key"

# ---- demo ----------------------------------------------------------------------
says "demo: too few persons" 2 demo --dir "$T_TMP/d0" --persons 5
says "demo: an unknown argument" 2 demo --frob
says "demo: --dir without its value" 2 demo --dir
mkdir -p "$T_TMP/d1"
echo "an office's real list" >"$T_TMP/d1/affected.csv"
says "demo: a list it did not make" 2 demo --dir "$T_TMP/d1"
: >"$T_TMP/file"
says "demo: --dir under a file" 2 demo --dir "$T_TMP/file/d"

# ---- the snapshot and its key ---------------------------------------------------
D=$T_TMP/demo
"$M" demo --dir "$D" >/dev/null 2>&1
S=(--snapshot "$D/snapshot.db" --key "$D/snapshot.key")
says "snapshot: no subcommand" 2 snapshot
says "snapshot: an unknown subcommand" 2 snapshot frob
says "snapshot: none set" 2 snapshot info
says "snapshot: no key set" 2 snapshot info --snapshot "$D/snapshot.db"
says "snapshot: a missing file" 2 snapshot info --snapshot "$D/none.db" --key "$D/snapshot.key"
says "snapshot: a CSV named as the snapshot" 2 snapshot info --snapshot "$D/affected.csv" --key "$D/snapshot.key"
says "snapshot: a directory named as the snapshot" 2 snapshot info --snapshot "$D" --key "$D/snapshot.key"
head -c 8192 "$D/snapshot.db" >"$T_TMP/cut.db"
says "snapshot: a truncated file" 2 snapshot info --snapshot "$T_TMP/cut.db" --key "$D/snapshot.key"
says "key: a missing file" 2 snapshot info --snapshot "$D/snapshot.db" --key "$D/none.key"
cp "$D/snapshot.key" "$T_TMP/open.key"
chmod 0644 "$T_TMP/open.key"
says "key: readable by others" 2 snapshot info --snapshot "$D/snapshot.db" --key "$T_TMP/open.key"
echo "not a key" >"$T_TMP/bad.key"
chmod 0600 "$T_TMP/bad.key"
says "key: not a key" 2 snapshot info --snapshot "$D/snapshot.db" --key "$T_TMP/bad.key"
ln -s "$D/snapshot.key" "$T_TMP/link.key"
says "key: a symbolic link" 2 snapshot info --snapshot "$D/snapshot.db" --key "$T_TMP/link.key"
says "key: a directory" 2 snapshot info --snapshot "$D/snapshot.db" --key "$D"
"$M" demo --dir "$T_TMP/other" >/dev/null 2>&1
says "key: another snapshot's key" 2 snapshot info --snapshot "$D/snapshot.db" --key "$T_TMP/other/snapshot.key"

# ---- normalize -------------------------------------------------------------------
says "normalize: no arguments" 2 normalize
says "normalize: an unknown kind" 2 normalize frob x
for v in "date 1975-13-01" "date 昭和70年1月1日" "date 明治5年1月1日" "date 3月1日" "date 50.3.1" \
	"date 1975年2月30日" "date 平成0年1月1日" "date xyz" "phone 12345" "phone +1-555-0100" \
	"phone 03-1234-5678x" "email taro" "email taro@@example.jp" "email taro@example" \
	"email 'taro x@example.jp'" "postal 123" "postal 899-71a2" "kana shibushi" "kana ゛あ" \
	"name 123" "kana ーあ" "name ー田" "date 西暦75年3月1日" "date 昭和50年3月1日月曜日" \
	"date 昭和五十五五五五五五五五五年"; do
	eval "set -- $v"
	says "normalize $*" 2 normalize "$@"
done
t_run normalize date 昭和64年1月10日
in_japanese "normalize: a day after its era ended (a warning)"

# ---- lookup --------------------------------------------------------------------------
says "lookup: an unknown argument" 2 lookup --frob
says "lookup: --kana without its value" 2 lookup --kana
says "lookup: no snapshot" 2 lookup --kana しぶしたろう --birth 1975-03-01
for v in "--birth 1975-13-01" "--phone 12345" "--email taro" "--postal 123" "--kana shibushi" \
	"--card-date 2021-02-30" "--reg-date xyz"; do
	# shellcheck disable=SC2086
	says "lookup $v" 2 lookup "${S[@]}" --kana しぶしたろう $v
done
says "lookup: windows.tsv missing" 2 lookup "${S[@]}" --data "$DD" --kana しぶしたろう --birth 1975-03-01 \
	--card-date 2021-05-01
# win NAME CONTENT — a lookup with a card date reads DATA/windows.tsv holding CONTENT.
win() {
	# shellcheck disable=SC2059
	printf "$2" >"$DD/windows.tsv"
	says "windows.tsv: $1" 2 lookup "${S[@]}" --data "$DD" --kana しぶしたろう --birth 1975-03-01 \
		--card-date 2021-05-01
}
win "too few fields" 'card\t2021-03-12\n'
win "an unknown kind" 'frob\t2021-03-12\t2021-12-29\t7\n'
win "a bad from date" 'card\t2021-3-12\t2021-12-29\t7\n'
win "a bad to date" 'card\t2021-03-12\t2021-12-32\t7\n'
win "from after to" 'card\t2021-12-29\t2021-03-12\t7\n'
win "bad FAQ entries" 'card\t2021-03-12\t2021-12-29\tseven\n'
win "a NUL byte" 'card\t2021-03-12\t2021-12-29\t7\0\n'
t_run lookup "${S[@]}" --log "$T_TMP/nodir/log.db" --kana しぶしたろう --birth 1975-03-01
in_japanese "lookup: the log's directory is missing (a warning; the event is spooled)"
# What the verdict has read out (note:, ask:, advice:) is in the desk's
# language as well; only the keys before it stay, for scripts.
# reads_out NAME ARGS... — madoguchi lookup ARGS: those lines in Japanese.
reads_out() {
	local name=$1 lines bad
	shift
	t_run lookup "${S[@]}" "$@"
	lines=$(printf '%s\n' "$out" | grep -E '^(note|ask|advice): ')
	if [ -z "$lines" ]; then
		t_fail "$name: read out in Japanese" "no note:, ask: or advice: line in: $out"
		return
	fi
	bad=$(printf '%s\n' "$lines" | check_lines)
	if [ -z "$bad" ]; then t_ok "$name: read out in Japanese"; else t_fail "$name: read out in Japanese" "$bad"; fi
}
reads_out "lookup NONE (a surname alone)" --kana しぶし --birth 1975-03-01
reads_out "lookup PARTIAL" --kana しぶしたろう --postal 899-7192
reads_out "lookup AMBIGUOUS (another supporting item)" --kana たなかひろし --birth 1970-01-01 --phone 0002 \
	--postal 892-0816

# ---- the inquiry log -------------------------------------------------------------------
LOG=$T_TMP/log.db
"$M" --log "$LOG" log add --disposition status >/dev/null 2>&1
says "log: no subcommand" 2 log
says "log: an unknown subcommand" 2 log frob
says "log add: no disposition" 2 --log "$LOG" log add
says "log add: an unknown disposition" 2 --log "$LOG" log add --disposition frob
says "log add: --note and --note-file" 2 --log "$LOG" log add --disposition status --note a --note-file "$T_TMP/file"
says "log add: a missing note file" 2 --log "$LOG" log add --disposition status --note-file "$T_TMP/none.txt"
says "log add: a bad UUID" 2 --log "$LOG" log add --disposition status --uuid frob
says "log add: a bad match level" 2 --log "$LOG" log add --disposition status --match frob
says "log add: a bad state" 2 --log "$LOG" log add --disposition status --state frob
says "log add: bad factors" 2 --log "$LOG" log add --disposition status --factors frob
printf '%.0sあ' $(seq 10001) >"$T_TMP/long-note.txt"
says "log add: a note too long" 2 --log "$LOG" log add --disposition status --note-file "$T_TMP/long-note.txt"
says "log add: a ref too long" 2 --log "$LOG" log add --disposition status --ref "$(printf '%.0sR' $(seq 70))"
says "log add: bad FAQ entries" 2 --log "$LOG" log add --disposition status --faq x,y
says "log add: an unknown option" 2 --log "$LOG" log add --disposition status --frob
says "log add: --escalate with a value" 2 --log "$LOG" log add --disposition status --escalate=yes
says "log add: --disposition without its value" 2 --log "$LOG" log add --disposition
says "log lookup: no verdict" 2 --log "$LOG" log lookup
says "log lookup: a bad verdict" 2 --log "$LOG" log lookup --verdict frob
says "log lookup: a bad UUID" 2 --log "$LOG" log lookup --verdict none --call frob
says "log export: an unknown format" 2 --log "$LOG" log export --format xml
says "log export: an unknown encoding" 2 --log "$LOG" log export --format csv --encoding latin1
says "log export: CP932 for JSON Lines" 2 --log "$LOG" log export --encoding cp932
says "log export: a bad date" 2 --log "$LOG" log export --since frob
says "log export: the range backwards" 2 --log "$LOG" log export --since 2026-11-27 --until 2026-11-01
says "log export: --lookups and --access" 2 --log "$LOG" log export --lookups --access
says "log verify: an argument" 2 --log "$LOG" log verify extra
says "log merge: no other log" 2 --log "$LOG" log merge
says "log merge: a missing other log" 2 --log "$LOG" log merge "$T_TMP/none.db"
says "log stats: an unknown option" 2 --log "$LOG" log stats --sincex 2026-11-27
says "log stats: --since without its value" 2 --log "$LOG" log stats --since
says "log stats: a bad date" 2 --log "$LOG" log stats --since frob
t_run --log "$T_TMP/none.db" log stats
in_japanese "log stats: a log not written yet (a note)"
for cmd in "log export" "log verify"; do
	# shellcheck disable=SC2086
	says "$cmd: a missing log" 2 --log "$T_TMP/none.db" $cmd
	# shellcheck disable=SC2086
	says "$cmd: a log in a missing directory" 2 --log "$T_TMP/nodir/log.db" $cmd
	# shellcheck disable=SC2086
	says "$cmd: the snapshot named as the log" 2 --log "$D/snapshot.db" $cmd
	# shellcheck disable=SC2086
	says "$cmd: a directory named as the log" 2 --log "$T_TMP" $cmd
done
says "log stats: the snapshot named as the log" 2 --log "$D/snapshot.db" log stats
says "log stats: a directory named as the log" 2 --log "$T_TMP" log stats
# Merging into a log that cannot be one: an internal failure's status.
fails "log merge: into a log in a missing directory" --log "$T_TMP/nodir/log.db" log merge "$LOG"
fails "log merge: into the snapshot" --log "$D/snapshot.db" log merge "$LOG"
fails "log merge: into a directory" --log "$T_TMP" log merge "$LOG"
NEWER=$T_TMP/newer.db
"$M" --log "$NEWER" log add --disposition status >/dev/null 2>&1
sqlite3 "$NEWER" "PRAGMA user_version = 99"
says "log verify: a log of a newer madoguchi" 2 --log "$NEWER" log verify
EDITED=$T_TMP/edited.db
"$M" --log "$EDITED" log add --disposition status --note one >/dev/null 2>&1
"$M" --log "$EDITED" log add --disposition status --note two >/dev/null 2>&1
sqlite3 "$EDITED" "UPDATE inquiry SET note = 'three' WHERE note = 'two'"
says "log merge: an edited other log" 1 --log "$LOG" log merge "$EDITED"

# Spooled: the entry is kept, a warning says why (exit 0).
t_run --log "$T_TMP/nodir/log.db" log add --disposition status
in_japanese "log add: the log's directory is missing (spooled)"
t_run --log "$D/snapshot.db" log add --disposition status
in_japanese "log add: another database (spooled)"
mkdir -p "$T_TMP/ro"
"$M" --log "$T_TMP/ro/log.db" log add --disposition status >/dev/null 2>&1
if chattr +i "$T_TMP/ro/log.db" 2>/dev/null; then
	ro_file=$T_TMP/ro/log.db
	t_run --log "$ro_file" log add --disposition status
	in_japanese "log add: a read-only log (spooled)"
	chattr -i "$ro_file"
	ro_file=
else
	echo "ok - log add: a read-only log # SKIP chattr +i is not possible here"
fi
says "log add: neither the log nor the spool can be written" 3 --log "$T_TMP/nodir/log.db" \
	--spool-dir "$T_TMP/file" log add --disposition status

# ---- who may read the log: supervisor_group ----------------------------------------------
says "supervisor_group: not a group" 2 --log "$LOG" --supervisor-group "no-such-group-$$" log stats
mine=" $(id -Gn) "
refused=
for g in nogroup daemon bin sys adm tty disk lp mail news uucp man proxy kmem dialout fax voice cdrom \
	floppy tape sudo audio dip www-data backup operator list irc src gnats shadow utmp video sasl plugdev \
	staff games users; do
	case $mine in *" $g "*) continue ;; esac
	# Asked in English: only the refusal says "is for members of group".
	if MADOGUCHI_LANG=en "$M" --log "$LOG" --supervisor-group "$g" log stats 2>&1 >/dev/null |
		grep -q "is for members of group $g"; then
		refused=$g
		break
	fi
done
if [ -n "$refused" ]; then
	t_run --log "$LOG" --supervisor-group "$refused" log stats
	in_japanese "supervisor_group: log stats refused (group $refused)"
	says "supervisor_group: log export refused" 2 --log "$LOG" --supervisor-group "$refused" log export
else
	echo "ok - supervisor_group: a refusal # SKIP no group here that this account is outside of"
fi
t_done
