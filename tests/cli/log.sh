#!/usr/bin/env bash
# `madoguchi log`: add, export (JSON Lines, CSV for Excel, CP932), verify
# with tampering by the sqlite3 shell, merge.
. "$(dirname "$0")/../lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG

t_run log add --disposition status --match verified --ref SB-0042 --faq 7,13 \
	--factors kana,date --note 'called back, "twice"
second line' --escalate
t_status "log add exits 0" 0
t_match "log add prints a v4 UUID" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "$out"
t_eq "log add prints nothing on stderr" "" "$err"
first=$out
t_eq "the log is created 0660 whatever the umask" "660" "$(umask 077; stat -c %a "$LOG")"

t_run log add --disposition nonsense
t_status "an unknown disposition exits 2" 2
t_match "the disposition is named with the choices" "disposition 'nonsense' is not in .*dispositions.tsv \(one of: status, card_misuse" "$err"
t_run log add --match verified
t_status "a missing disposition exits 2" 2
t_run log add --disposition other --match sure
t_status "an unknown match level exits 2" 2
t_match "the match level is named" "match level 'sure'" "$err"
t_run log add --disposition other --frob
t_status "an unknown option exits 2" 2

t_run log add --disposition other --uuid "$first"
t_status "a retry with a committed UUID is success" 0
t_eq "a retry prints the same UUID" "$first" "$out"
t_eq "a retry adds no row" "1" "$(sqlite3 "$LOG" "SELECT count(*) FROM inquiry WHERE uuid = '$first'")"

t_run log add --disposition other --note $'esc \e[2J\e]0;pwned\a bell, bad \xff\xfe bytes'
t_status "a note with control characters and invalid UTF-8 is accepted" 0
t_eq "it is stored as typed" "$(printf 'esc \033[2J\033]0;pwned\a bell, bad \377\376 bytes' | od -An -tx1)" \
	"$(sqlite3 "$LOG" "SELECT note FROM inquiry WHERE seq = 2" | head -c -1 | od -An -tx1)"

t_run log export
t_status "export exits 0" 0
t_eq "export has one line per entry" "2" "$(printf '%s\n' "$out" | wc -l)"
t_match "export escapes quotes and newlines in JSON" '"note":"called back, \\"twice\\"\\u000asecond line"' "$out"
t_match "export escapes ESC and BEL, and replaces invalid bytes" '"note":"esc \\u001b\[2J\\u001b\]0;pwned\\u0007 bell, bad �� bytes"' "$out"
t_nomatch "export sends no raw escape character" $'\e' "$out"
t_match "export has escalate as a boolean and the FAQ list" '"faq":"7,13".*"escalate":true' "$out"

# A 1 MB paste is refused with the limit named; a long note from a file is fine.
head -c 1048576 /dev/zero | tr '\0' 'a' >"$T_TMP/big"
t_run log add --disposition other --note-file "$T_TMP/big"
t_status "a 1 MB note is refused" 2
t_match "the refusal names the limit" "the note has 1048576 characters; the limit is 10000" "$err"
printf '%.0sあ' $(seq 10000) >"$T_TMP/max"
t_run log add --disposition other --note-file "$T_TMP/max"
t_status "a note of 10,000 Japanese characters (30,000 bytes) is accepted" 0

# CSV for Excel: BOM, CRLF, RFC 4180 quoting, formulas defused.
t_run log add --disposition complaint --note '=HYPERLINK("x"),1'
csv=$("$MADOGUCHI" log export --format csv)
t_eq "CSV starts with the UTF-8 BOM" "efbbbf" "$(printf '%s' "$csv" | head -c 3 | od -An -tx1 | tr -d ' ')"
t_match "the CSV header names the columns" $'^\xef\xbb\xbfseq,uuid,started_at,ended_at,operator,host,snapshot_id,match,ref,factors,faq,disposition,escalate,note,state,started_local,ended_local\r$' "$csv"
t_match "commas and quotes are quoted and doubled" '"called back, ""twice""$' "$csv"
t_match "a newline inside a note stays inside its quoted field (LF)" '^second line",saved,[0-9: -]+,[0-9: -]+'$'\r''$' "$csv"
t_match "a formula is defused with an apostrophe" "\"'=HYPERLINK\(\"\"x\"\"\),1\"" "$csv"
t_match "CSV replaces the escape character" $'esc \xef\xbf\xbd\\[2J' "$csv"
# The log keeps UTC; the CSV repeats each time in local time for Excel.
# csv_cols COLUMN...: those columns of the last record, tab-separated.
csv_cols() {
	python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin.read().lstrip("\ufeff").splitlines(True)))[-1]; print("\t".join(r[c] for c in sys.argv[1:]))' "$@"
}
got=$(TZ=JST-9 "$MADOGUCHI" log export --format csv | csv_cols started_at started_local)
t_eq "started_local is started_at in local time (TZ=JST-9), as Excel reads a date" \
	"$(TZ=JST-9 date -d "${got%%	*}" '+%Y-%m-%d %H:%M:%S')" "${got#*	}"
"$MADOGUCHI" --log "$T_TMP/lk.db" log lookup --verdict none >/dev/null
got=$(TZ=JST-9 "$MADOGUCHI" --log "$T_TMP/lk.db" log export --format csv --lookups | csv_cols at at_local)
t_eq "the lookups' CSV has at_local too" \
	"$(TZ=JST-9 date -d "${got%%	*}" '+%Y-%m-%d %H:%M:%S')" "${got#*	}"
n_crlf=$(printf '%s' "$csv" | tr -cd '\r' | wc -c)
t_eq "CSV has one CR per record (header + 4)" "5" "$n_crlf"

# CP932 round trip: Japanese survives, what CP932 lacks becomes '?'.
t_run log add --disposition other --note '住所変更の件　①②　😀'
"$MADOGUCHI" log export --format csv --encoding cp932 >"$T_TMP/sjis.csv"
t_eq "CP932 CSV has no BOM" "0" "$(head -c 3 "$T_TMP/sjis.csv" | grep -c $'\xef\xbb\xbf')"
back=$(iconv -f CP932 -t UTF-8 "$T_TMP/sjis.csv")
t_match "CP932 round trip keeps the Japanese note" '住所変更の件　①②　\?' "$back"
t_eq "the CP932 file is the UTF-8 one, re-encoded" "$(printf '%s' "$csv" | tail -c +4 | iconv -f UTF-8 -t CP932 -c | iconv -f CP932 -t UTF-8 | head -3)" \
	"$(printf '%s' "$back" | head -3)"

# Filters.
t_run log export --operator nobody-here
t_eq "--operator with no rows exports nothing" "" "$out"
t_run log export --operator "$(id -un)"
t_eq "--operator with the current user exports every row" "5" "$(printf '%s\n' "$out" | wc -l)"
sqlite3 "$LOG" "SELECT 1" >/dev/null
t_run log export --since 2000-01-01 --until 2000-12-31
t_eq "a date range without calls exports nothing" "" "$out"
t_run log export --since "$(date -u +%Y-%m-%d)"
t_eq "--since today exports today's calls" "5" "$(printf '%s\n' "$out" | wc -l)"
t_run log export --since 平成12年1月1日 --until H12.12.31
t_eq "era dates are read (平成12年 = 2000: no calls)" "0:" "$rc:$out"
t_run log export --since "令和$(( $(date -u +%Y) - 2018 ))年$(date -u +%-m)月$(date -u +%-d)日"
t_eq "--since today in the Reiwa era exports today's calls" "5" "$(printf '%s\n' "$out" | wc -l)"
t_run log export --since 2026-02-30
t_status "a date it cannot read exits 2" 2
t_match "the date's problem is named" "^madoguchi: log export: --since '2026-02-30': " "$err"
t_run log export --format xml
t_status "an unknown format exits 2" 2

# verify: ok; then each kind of tampering with the sqlite3 shell.
t_run log verify
t_status "verify of an untouched log exits 0" 0
t_eq "verify counts the entries" "ok 5 entries" "$out"
cp "$LOG" "$T_TMP/clean.db"
sqlite3 "$LOG" "UPDATE inquiry SET note = 'nothing happened' WHERE seq = 3"
t_run log verify
t_status "an edited row fails verify with 1" 1
t_match "verify names the edited row" '^not ok: .*inquiry row 3 \([0-9a-f-]{36}\): its hash does not match' "$out"
cp "$T_TMP/clean.db" "$LOG"
sqlite3 "$LOG" "DELETE FROM inquiry WHERE seq = 2"
t_run log verify
t_status "a deleted row fails verify" 1
t_match "verify names the gap" 'gap before row 3: row 2 is missing' "$out"
cp "$T_TMP/clean.db" "$LOG"
sqlite3 "$LOG" "DELETE FROM inquiry WHERE seq = 5"
t_run log verify
t_status "a deleted last row fails verify" 1
t_match "verify says rows were cut off the end" 'chain ends at row 5 but the last row is 4' "$out"
cp "$T_TMP/clean.db" "$LOG"
sqlite3 "$LOG" "UPDATE inquiry SET seq = 6 WHERE seq = 5; UPDATE inquiry SET seq = 5 WHERE seq = 4; UPDATE inquiry SET seq = 4 WHERE seq = 6"
t_run log verify
t_status "two swapped rows fail verify" 1
cp "$T_TMP/clean.db" "$LOG"
t_run log verify
t_status "the restored log verifies" 0

# Lookups: events, never values; their own chain.
t_run log lookup --verdict partial --call "$first"
t_status "log lookup exits 0" 0
t_run log lookup --verdict 山田
t_status "an unknown verdict exits 2" 2
t_run log verify
t_eq "verify counts lookups apart" "ok 5 entries
ok 1 lookups" "$out"
t_run log export --lookups
t_match "lookups export with their verdict and call" "\"verdict\":\"partial\",\"call_uuid\":\"$first\"" "$out"

# merge: rows of another host's log, by UUID, twice = once, verified after.
MADOGUCHI_LOG=$T_TMP/other.db "$MADOGUCHI" log add --disposition press --note 'from host B' >/dev/null
MADOGUCHI_LOG=$T_TMP/other.db "$MADOGUCHI" log add --disposition other --note 'also B' >/dev/null
t_run log merge "$T_TMP/other.db"
t_status "merge exits 0" 0
t_eq "merge says how many rows it added" "merged 2 entries from $T_TMP/other.db" "$out"
t_run log merge "$T_TMP/other.db"
t_eq "merging twice adds nothing" "merged 0 entries from $T_TMP/other.db" "$out"
t_run log verify
t_eq "the merged log verifies" "ok 7 entries
ok 1 lookups" "$out"
t_eq "merged rows keep the hash they had on their host" "2" \
	"$(sqlite3 "$LOG" "ATTACH '$T_TMP/other.db' AS o; SELECT count(*) FROM inquiry WHERE origin_hash IN (SELECT hash FROM o.inquiry)")"
t_run --log "$T_TMP/no-dir/x.db" log merge "$T_TMP/other.db"
t_status "merging into a log that cannot be written exits 3" 3
t_match "... naming that log" "no-dir/x.db: its directory does not exist" "$err"
sqlite3 "$T_TMP/other.db" "UPDATE inquiry SET note = 'x' WHERE seq = 1"
t_run log merge "$T_TMP/other.db"
t_status "a log that does not verify is not merged" 1
t_match "the refusal says why" "does not verify" "$err"
t_run log merge "$T_TMP/missing.db"
t_status "a missing log is not merged (status 2, the user's to fix)" 2
t_match "the missing log is named" "missing.db: no such log" "$err"
sqlite3 "$T_TMP/snap.db" "CREATE TABLE person (k BLOB)"
t_run log merge "$T_TMP/snap.db"
t_status "another program's database is not merged (status 2)" 2
t_match "... and is said not to be a log" "snap.db: it is another database, not an inquiry log" "$err"

# Reads under a supervisor_group are recorded in the log's access table:
# verify counts them and catches one edited with the sqlite3 shell.
MADOGUCHI_SUPERVISOR_GROUP=$(id -gn) t_run log export --access
t_status "a member exports the access records" 0
t_match "the export records itself (allowed)" '"action":"log export","outcome":"allowed"' "$out"
t_run log export --access --lookups
t_status "--access and --lookups together: usage error" 2
t_eq "... said in one line" "madoguchi: log export: --lookups or --access, not both" "$err"
t_run log verify
t_status "the log with an access record verifies" 0
t_match "verify counts the access records apart" "^ok 1 access records$" "$out"
sqlite3 "$LOG" "UPDATE access SET outcome = 'refused'"
t_run log verify
t_status "an access record edited with sqlite3 is caught" 1
t_match "... naming the access row" "access row 1" "$out$err"

t_run log export --since 2026-11-28 --until 2026-11-01
t_status "export with the range backwards: usage error" 2
t_eq "... said in one line naming both dates" "madoguchi: log export: --since '2026-11-28' is after --until '2026-11-01'" "$err"

t_run log frobnicate
t_status "an unknown log subcommand exits 2" 2
t_done
