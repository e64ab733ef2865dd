#!/usr/bin/env bash
# import, snapshot info, lookup and demo from the command line: exit
# statuses, one-line errors, nothing written on failure, no readable data.
. "$(dirname "$0")/../lib.sh"
D=$T_TMP
H='ref,name,kana,birth_date,gender,postal_code,address,email,phone,registered_on,card_exposed,userinfo_exposed,notified_on'

cat >"$D/list.csv" <<CSV
$H
R-1,志布志 太郎,しぶし たろう,1975-03-01,男,899-7192,"志布志町志布志2-1-1, ""本館""",taro@example.jp,099-472-1111,2019-06-30,0,1,2022-06-10
R-1,志布志 太郎,しぶし たろう,,,899-7192,,taro@example.jp,099-472-1111,2021-04-02,1,0,2022-06-10
R-2,山崎 花子,やまざき はなこ,1988-07-07,女,8997103,"有明町
野井倉",hanako@example.jp,080-1234-5678,2021-05-05,0,1,
R-3,田中 浩,たなか ひろし,1970-01-01,男,892-0816,山下町,h.tanaka@example.com,090-1111-0001,2021-08-01,0,1,
R-4,田中 宏,たなか ひろし,1970-01-01,男,150-0001,神宮前,hiroshi.t@example.com,090-1111-0002,2021-09-09,0,1,
CSV

t_run import "$D/list.csv" --out "$D/s.db" --key "$D/s.key"
t_status "import exits 0" 0
t_match "import reports rows" '^rows: 5$' "$out"
t_match "import reports persons (same ref merged)" '^persons: 4$' "$out"
t_match "import reports card records" '^card_records: 1$' "$out"
t_match "import reports card persons" '^card_persons: 1$' "$out"
t_match "import reports user-info persons" '^userinfo_exposed: 4$' "$out"
t_match "import says the key was created" 'key: .*s\.key \(created\)' "$out"
t_eq "the key file is private" "600" "$(stat -c %a "$D/s.key")"

S=(--snapshot "$D/s.db" --key "$D/s.key")

t_run snapshot info "${S[@]}"
t_status "snapshot info exits 0" 0
for k in id created source_sha256 rows persons userinfo_exposed card_records card_persons; do
	t_match "snapshot info has $k" "^$k: ." "$out"
done
t_match "snapshot info: the source's SHA-256" "^source_sha256: $(sha256sum "$D/list.csv" | cut -c1-64)\$" "$out"

# --- match levels and exit statuses -------------------------------------
t_run lookup "${S[@]}" --kana しぶしたろう --birth 1975-03-01
t_status "verified exits 0" 0
t_match "verified says so" '^match: verified$' "$out"
t_match "verified shows the ref" '^ref: R-1$' "$out"
t_match "verified shows the FAQ entries" '^faq: 7 13 14$' "$out"

t_run lookup "${S[@]}" --kana しぶしたろう --phone 0994721111 --json
t_match "json: verified object" '"match":"verified"' "$out"
t_match "json: the factors" '"factors":\["kana","phone"\]' "$out"
t_match "json: flags are booleans" '"card_exposed":true,"card_records":1,"userinfo_exposed":true' "$out"
t_match "json: exposed items" '"exposed_items":\[.*"card"\]' "$out"
t_match "json: snapshot id" '"snapshot":"[0-9a-f]{32}"' "$out"

t_run lookup "${S[@]}" --kana たなかひろし --birth 1970-01-01
t_status "ambiguous exits 0" 0
t_match "ambiguous says so" '^match: ambiguous$' "$out"
t_nomatch "ambiguous shows nothing of theirs (no phone hints)" 'hint|0001|0002' "$out"
t_nomatch "ambiguous shows no ref" '^ref:' "$out"
t_match "ambiguous asks for the postal code or the last 4 digits" \
	'^ask: the postal code \(--postal\) or the last 4 digits of the phone \(--phone LAST4\)$' "$out"
t_run lookup "${S[@]}" --kana たなかひろし --birth 1970-01-01 --phone 0002
t_status "the last 4 digits the verdict asks for: exit 0" 0
t_match "... tell the two apart: verified" '^ref: R-4$' "$out"
t_run lookup "${S[@]}" --kana たなかひろし --birth 1970-01-01 --postal 150-0001
t_match "... and so does the postal code" '^ref: R-4$' "$out"
t_run lookup "${S[@]}" --kana たなかひろし --birth 1970-01-01 --phone 0002 --postal 892-0816
t_match "the last 4 digits of one, the postal code of the other: still ambiguous" '^match: ambiguous$' "$out"
t_match "... asking for another supporting item, not what they gave" \
	'^ask: the phone number \(--phone\) or the e-mail address \(--email\) \(the postal code and the last 4 digits do not tell them apart\)$' "$out"
t_run lookup "${S[@]}" --kana たなかひろし --phone 0002
t_match "the last 4 digits never verify on their own" '^match: partial$' "$out"

t_run lookup "${S[@]}" --kana たなかひろし --birth 1970-01-01 --json
t_match "ambiguous in JSON asks for the phone and the postal code, as the text does" '"match":"ambiguous".*"ask":\["phone","postal_code"\]' "$out"
t_nomatch "ambiguous in JSON has no phone hints" 'phone_hints' "$out"

t_run lookup "${S[@]}" --kana しぶしたろう --postal 899-7192 --json
t_status "partial exits 1" 1
t_match "partial (a name and a postal code) says what to ask" '"match":"partial".*"ask":\["birth_date","phone","email"\]' "$out"
t_match "partial discloses nothing" '"ref":null,"card_exposed":null,"card_records":null,"userinfo_exposed":null,"exposed_items":\[\]' "$out"
t_run lookup "${S[@]}" --kana しぶしたろう --postal 899-7192
t_match "partial's text asks for the missing kind in words, with the options" \
	'^ask: the birth date \(--birth\), the phone number \(--phone\) or the e-mail address \(--email\)$' "$out"

# A name in the list with a birth date not theirs answers as a name that
# is not in the list: the answer never tells that a name is listed.
t_run lookup "${S[@]}" --kana しぶしたろう --birth 1975-03-02 --json
t_status "a listed name with a wrong birth date exits 1" 1
t_match "... none" '"match":"none"' "$out"
t_eq "... the very answer an unlisted name gets" "$out" \
	"$("$MADOGUCHI" lookup "${S[@]}" --kana しぶしじろう --birth 1975-03-02 --json 2>&1)"

t_run lookup "${S[@]}" --kana だれでもない --birth 1975-03-01 --json
t_status "none exits 1" 1
t_match "none lists FAQ 13 and 14" '"match":"none".*"faq":\[13,14\]' "$out"
t_run lookup "${S[@]}" --kana だれでもない --birth 1975-03-01
t_match "none: not found with the details given" '^note: not found in the affected list with the details given$' "$out"
t_match "none: that alone does not mean not affected" '^note: that alone does not mean the caller is not affected$' "$out"
t_nomatch "none with a whole reading asks for nothing more" '^ask:' "$out"
t_run lookup "${S[@]}" --kana しぶし --birth 1975-03-01
t_match "none with a surname only: says so" '^match: none$' "$out"
t_match "... and asks for the whole reading" '^ask: the whole kana \(surname and given name\)$' "$out"
t_match "... with the caveat" '^note: that alone does not mean' "$out"

# The long vowel: the list keeps しぶしたろう as registered; a caller's
# シブシタロー (or ｼﾌﾞｼﾀﾛｰ) must find it, and ー must stand only for the
# vowel it lengthens.
for k in シブシタロー ｼﾌﾞｼﾀﾛｰ しぶしたろー; do
	t_run lookup "${S[@]}" --kana "$k" --birth 1975-03-01
	t_match "ー for う: $k is verified" '^ref: R-1$' "$out"
done
t_run lookup "${S[@]}" --kana しぶしたろー --birth 1975-03-02
t_match "ー for う still needs the supporting factor to match" '^match: none$' "$out"
t_run lookup "${S[@]}" --kana しーぶしたろー --birth 1975-03-01
t_match "ー is not dropped: しーぶしたろー finds no one" '^match: none$' "$out"
t_run lookup "${S[@]}" --kana しぶしたらー --birth 1975-03-01
t_match "ー after ら is not う: no match" '^match: none$' "$out"

# --- anti-enumeration: one factor, in the list or not, answers the same --
for f in "--kana しぶしたろう|--kana だれでもない" "--name 志布志太郎|--name 誰某" \
	 "--birth 1975-03-01|--birth 1901-01-01" "--phone 099-472-1111|--phone 011-111-1111" \
	 "--email taro@example.jp|--email nobody@example.org" "--postal 899-7192|--postal 100-0001"; do
	# shellcheck disable=SC2086
	a=$("$MADOGUCHI" lookup "${S[@]}" ${f%%|*} --json 2>&1)
	# shellcheck disable=SC2086
	b=$("$MADOGUCHI" lookup "${S[@]}" ${f##*|} --json 2>&1)
	t_eq "one factor (${f%% *}) answers the same in or out of the list" "$a" "$b"
	t_match "one factor (${f%% *}) is partial with null flags" '"match":"partial".*"card_exposed":null.*"userinfo_exposed":null' "$a"
done

t_run lookup "${S[@]}" --kana しぶしたろう --phone 12
t_status "an uncanonicalisable factor exits 2" 2
t_match "the option is named" '^madoguchi: lookup: --phone: ' "$err"

# --- bad rows: all reported, nothing written ----------------------------
cat >"$D/bad.csv" <<CSV
$H
R-1,,,1975-03-01,,,,,,,0,1,
R-2,山田 一,やまだはじめ,,,,,,,,0,1,
R-3,山田 二,やまだじろう,1975-13-01,,,,,,,0,1,
R-4,山田 三,やまださぶろう,1975-03-01,,,,,,,yes,1,
CSV
ls "$D" | grep -v '^before$' >"$D/before"
t_run import "$D/bad.csv" --out "$D/bad.db" --key "$D/s.key"
t_status "bad rows exit 2" 2
t_match "bad row: no name" 'line 2: kana: ' "$err"
t_match "bad row: no supporting item" 'line 3: birth_date: ' "$err"
t_match "bad row: bad date" 'line 4: birth_date: ' "$err"
t_match "bad row: bad flag" 'line 5: card_exposed: must be 0 or 1' "$err"
t_match "bad rows: the count" '4 bad rows; nothing was written' "$err"
t_eq "bad rows: no file left behind" "$(cat "$D/before")" "$(ls "$D" | grep -v '^before$')"
printf '%s\nR-1,山田 一,やまだはじめ,1975-13-45,,,,,12,,2,x,\n' "$H" >"$D/bad4.csv"
t_run import "$D/bad4.csv" --out "$D/bad.db" --key "$D/s.key"
t_eq "one row with four faults: four lines" "5" "$(printf '%s\n' "$err" | grep -c '')"
t_match "one row with four faults: counted as one row" '4 errors in 1 row; nothing was written' "$err"

# A failed import leaves an older snapshot in place.
cp "$D/s.db" "$D/keep.db"
t_run import "$D/bad.csv" --out "$D/keep.db" --key "$D/s.key"
t_eq "a failed import keeps the old snapshot" "$(sha256sum <"$D/s.db")" "$(sha256sum <"$D/keep.db")"

t_run import "$D/list.csv" --out /dev/null --key "$D/s.key"
t_status "--out on a device exits 2" 2
t_match "--out on a device is refused" 'not a regular file' "$err"
t_run import "$D/list.csv" --out "$D" --key "$D/s.key"
t_status "--out on a directory exits 2" 2

# A failed import leaves no key behind, whatever stopped it; an existing key stays.
mkdir "$D/k" "$D/k/outdir"
t_run import "$D/list.csv" --out "$D/k/outdir"
t_match "--out on a directory says so" 'outdir is a directory; give a file name in it' "$err"
t_run import "$D/list.csv" --out "$D/k/nodir/x.db"
t_status "--out in a missing directory exits 2" 2
t_match "--out in a missing directory names the directory" '^madoguchi: --out .*/k/nodir/x\.db: the directory .*/k/nodir does not exist' "$err"
t_run import "$D/bad.csv" --out "$D/k/x.db"
t_status "bad rows with a new key exit 2" 2
t_run import "$D/missing.csv" --out "$D/k/x.db"
t_run import "$D/list.csv" --out "$D/k/x.db" --key "$D/k/nokeydir/x.key"
t_match "--key in a missing directory names the directory" '^madoguchi: --key .*/k/nokeydir/x\.key: the directory .*/k/nokeydir does not exist' "$err"
t_eq "failed imports leave no key and no file" "outdir" "$(ls "$D/k")"
cp "$D/s.key" "$D/k/x.key"
t_run import "$D/bad.csv" --out "$D/k/x.db"
t_eq "a failed import keeps an existing key" "$(cat "$D/s.key")" "$(cat "$D/k/x.key")"
t_run import "$D/missing.csv" --out "$D/x.db" --key "$D/s.key"
t_status "a missing CSV exits 2" 2
t_match "a missing CSV is named" 'missing.csv: ' "$err"

# Interrupted imports: wherever SIGINT lands, no temporary file is left and
# the target is either absent or a whole snapshot.
"$MADOGUCHI" demo --dir "$D/int" --persons 20000 --no-import >/dev/null
leftover=""
for delay in 0.05 0.3 0.8; do
	rm -f "$D/int/s.db" "$D/int/s.key"
	"$MADOGUCHI" import "$D/int/affected.csv" --out "$D/int/s.db" --key "$D/int/s.key" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	leftover="$leftover$(ls "$D/int" | grep -c 'tmp-')"
	if [ -f "$D/int/s.db" ] && ! "$MADOGUCHI" snapshot info --snapshot "$D/int/s.db" --key "$D/int/s.key" >/dev/null 2>&1; then
		leftover="${leftover}broken"
	fi
	if [ ! -f "$D/int/s.db" ] && [ -e "$D/int/s.key" ]; then
		leftover="${leftover}key"
	fi
done
t_eq "SIGINT during import leaves no temporary file, no half snapshot, no lone key" "000" "$leftover"

# --- CP932 ------------------------------------------------------------------
iconv -f UTF-8 -t CP932 "$D/list.csv" | sed 's/$/\r/' >"$D/sjis.csv"
t_run import "$D/sjis.csv" --out "$D/sjis.db" --key "$D/s.key" --encoding cp932
t_status "a CP932 list imports" 0
t_match "CP932: the same persons" '^persons: 4$' "$out"
t_run lookup --snapshot "$D/sjis.db" --key "$D/s.key" --kana しぶしたろう --birth 1975-03-01
t_match "CP932: names match the UTF-8 lookup" '^match: verified$' "$out"
t_run import "$D/sjis.csv" --out "$D/x.db" --key "$D/s.key"
t_status "CP932 read as UTF-8 exits 2" 2
t_match "CP932 read as UTF-8 names the line and the fix" 'sjis.csv:2: .*--encoding cp932' "$err"
printf '%s\r\nR-1,\x82\xa0\xff,x\r\n' "$H" >"$D/badsjis.csv"
t_run import "$D/badsjis.csv" --out "$D/x.db" --key "$D/s.key" --encoding cp932
t_status "undecodable CP932 exits 2" 2
t_match "undecodable CP932 names the line" 'badsjis.csv:2: bytes that are not CP932' "$err"
iconv -f UTF-8 -t UTF-16 "$D/list.csv" >"$D/u16.csv"   # with a byte order mark
t_run import "$D/u16.csv" --out "$D/x.db" --key "$D/s.key"
t_status "a UTF-16 list exits 2" 2
t_match "a UTF-16 list is named as such, with the way out" '^madoguchi: .*u16\.csv: the file is UTF-16.*save it as UTF-8' "$err"
t_nomatch "a UTF-16 list: no advice to try cp932" 'encoding cp932' "$err"
t_run import "$D/u16.csv" --out "$D/x.db" --key "$D/s.key" --encoding cp932
t_match "a UTF-16 list read as CP932 is named as such too" 'u16\.csv: the file is UTF-16' "$err"
t_run import "$D/list.csv" --out "$D/x.db" --encoding latin1
t_status "an unknown encoding exits 2" 2

# --- keys, damaged and foreign snapshots: one line, exit 2 -------------------
one_line_exit2() {  # NAME EXPECTED-REGEX ARGS...
	local name=$1 re=$2; shift 2
	t_run "$@"
	t_status "$name exits 2" 2
	t_match "$name: one clear line" "^madoguchi: .*$re" "$err"
	t_eq "$name: only one line" 1 "$(printf '%s\n' "$err" | wc -l)"
}
cp "$D/s.key" "$D/open.key"; chmod 644 "$D/open.key"
one_line_exit2 "a key readable by others" "readable by others \(mode 0644\); run chmod 600" \
	lookup --snapshot "$D/s.db" --key "$D/open.key" --kana しぶしたろう --birth 1975-03-01
"$MADOGUCHI" import "$D/list.csv" --out "$D/other.db" --key "$D/other.key" >/dev/null
one_line_exit2 "the wrong key" "does not match snapshot" snapshot info --snapshot "$D/s.db" --key "$D/other.key"
one_line_exit2 "a missing snapshot" "does not exist" snapshot info --snapshot "$D/none.db" --key "$D/s.key"
one_line_exit2 "no key given" "no key" lookup --snapshot "$D/s.db" --kana しぶしたろう --birth 1975-03-01
cp "$D/s.db" "$D/t.db"; truncate -s 8192 "$D/t.db"
one_line_exit2 "a truncated snapshot" "truncated" lookup --snapshot "$D/t.db" --key "$D/s.key" --kana しぶしたろう --birth 1975-03-01
cp "$D/list.csv" "$D/csv.db"
one_line_exit2 "a CSV given as snapshot" "not a madoguchi snapshot" snapshot info --snapshot "$D/csv.db" --key "$D/s.key"
cp "$D/s.db" "$D/r.db"
head -c 4096 /dev/urandom | dd of="$D/r.db" bs=1 seek=0 conv=notrunc 2>/dev/null
one_line_exit2 "random bytes over the header" "not a madoguchi snapshot" snapshot info --snapshot "$D/r.db" --key "$D/s.key"
cp "$D/s.db" "$D/m.db"
size=$(stat -c %s "$D/m.db")
# Overwrite the last page but its first bytes: stored rows, not free space.
head -c 3000 /dev/urandom | dd of="$D/m.db" bs=1 seek=$((size - 3000)) conv=notrunc 2>/dev/null
one_line_exit2 "random bytes inside" "damaged" snapshot info --snapshot "$D/m.db" --key "$D/s.key"
sqlite3 "$D/s.db" .dump | sed "s/'schema_version','3'/'schema_version','7'/" | sqlite3 "$D/v7.db"
one_line_exit2 "another schema version" "schema version 7" snapshot info --snapshot "$D/v7.db" --key "$D/s.key"
# Schema 2 (per-identifier digests, the last-4 hint in clear) is rebuilt.
sqlite3 "$D/s.db" .dump | sed "s/'schema_version','3'/'schema_version','2'/" | sqlite3 "$D/v2.db"
one_line_exit2 "a schema-2 snapshot" "schema version 2, this madoguchi reads version 3; rebuild it with this version's 'madoguchi import'" \
	lookup --snapshot "$D/v2.db" --key "$D/s.key" --kana しぶしたろう --birth 1975-03-01
sqlite3 "$D/s.db" .dump | sed "s/'ident_rules','[0-9a-f]*'/'ident_rules','0000000000000000'/" | sqlite3 "$D/r2.db"
one_line_exit2 "imported under other identifier rules" \
	"imported under other identifier rules \(0000000000000000; this madoguchi's are [0-9a-f]{16}\): import it again" \
	snapshot info --snapshot "$D/r2.db" --key "$D/s.key"
t_run snapshot info --snapshot "$D/s.db" --key "$D/s.key"
t_match "snapshot info names the identifier rules" "^ident_rules: [0-9a-f]{16}$" "$out"
rules=$(printf '%s\n' "$out" | grep '^ident_rules:')
MADOGUCHI_LANG=ja LANGUAGE=ja TZ=Asia/Tokyo t_run snapshot info --snapshot "$D/s.db" --key "$D/s.key"
t_status "in another language and time zone the snapshot opens (the rules' name depends on neither)" 0
t_eq "... with the same rules" "$rules" "$(printf '%s\n' "$out" | grep '^ident_rules:')"

# --- privacy: the snapshot file holds none of the list's data ---------------
values=(志布志 太郎 志布志太郎 "志布志 太郎" しぶし しぶしたろう "しぶし たろう" 山崎 花子 やまざき
	たなかひろし 1975-03-01 19750301 1975/03/01 1975/3/1 昭和50年3月1日 S50.3.1 1988-07-07
	19880707 1970-01-01 19700101 099-472-1111 0994721111 080-1234-5678 08012345678
	taro@example.jp hanako@example.jp h.tanaka@example.com 899-7192 8997192 8997103
	892-0816 8920816 150-0001 1500001 志布志町 有明町 野井倉 山下町 神宮前 本館)
leaks=""
for v in "${values[@]}"; do
	for enc in UTF-8 CP932 UTF-16LE UTF-16BE; do
		pat=$(printf '%s' "$v" | iconv -f UTF-8 -t "$enc" 2>/dev/null | od -An -tx1 | tr -d ' \n')
		[ -n "$pat" ] || continue
		if od -An -tx1 -v "$D/s.db" | tr -d ' \n' | grep -q "$pat"; then
			leaks="$leaks $v($enc)"
		fi
	done
done
t_eq "the snapshot holds no name, reading, birth date, phone, e-mail, postal code or address" "" "$leaks"
t_eq "…but the ref is there (the scan reads the file)" "1" \
	"$(od -An -tx1 -v "$D/s.db" | tr -d ' \n' | grep -o -e "$(printf 'R-1' | od -An -tx1 | tr -d ' \n')" | sort -u | wc -l)"
# Schema 3 keeps nothing derived from one identifier: no last-4 hint.
# (The file's own random hex may hold any 4 digits: the rows are read.)
t_eq "the person rows hold no phone hint column" "id ref items userinfo card_records registered_on notified_on tags" \
	"$(sqlite3 "$D/s.db" "SELECT name FROM pragma_table_info('person')" | tr '\n' ' ' | sed 's/ $//')"
t_eq "... and no row holds the last 4 digits of a phone" "0" \
	"$(sqlite3 "$D/s.db" "SELECT count(*) FROM person WHERE ref LIKE '%5678%' OR ref LIKE '%1111%' OR instr(tags, CAST('5678' AS BLOB)) OR instr(tags, CAST('1111' AS BLOB))")"

# --- demo -------------------------------------------------------------------
t_run demo --dir "$D/demo"
t_status "demo exits 0" 0
t_match "demo: 2,280 user-info persons" '^userinfo_exposed: 2280$' "$out"
t_match "demo: 910 card records" '^card_records: 910$' "$out"
t_eq "demo: the list" "3191" "$(grep -c '' "$D/demo/affected.csv" | tr -d ' ' | awk '{print ($1 >= 3191) ? 3191 : $1}')"
first=$(sha256sum <"$D/demo/affected.csv")
t_run demo --dir "$D/demo"
t_status "demo again over its own files exits 0" 0
t_eq "demo: the same list every time" "$first" "$(sha256sum <"$D/demo/affected.csv")"
DS=(--snapshot "$D/demo/snapshot.db" --key "$D/demo/snapshot.key")
t_run lookup "${DS[@]}" --kana しぶしたろう --birth S50.3.1
t_match "demo: 志布志 太郎 is verified with reading and era birth date" '^ref: SB-KNOWN-1$' "$out"
t_run lookup "${DS[@]}" --kana ヤマザキハナコ --email hanako@example.jp
t_match "demo: 山﨑 花子 (half-width reading in the list)" '^ref: SB-KNOWN-2$' "$out"
t_run lookup "${DS[@]}" --kana たなかひろし --birth 1970-01-01
t_match "demo: the two 田中 ひろし are ambiguous" '^match: ambiguous$' "$out"
t_run lookup "${DS[@]}" --kana たなかひろし --birth 1970-01-01 --postal 150-0001
t_match "demo: ... the postal code picks 田中 宏" '^ref: SB-KNOWN-4$' "$out"
t_run lookup "${DS[@]}" --kana たなかひろし --birth 1970-01-01 --phone 0001
t_match "demo: ... the last 4 digits pick 田中 浩" '^ref: SB-KNOWN-3$' "$out"
t_run lookup "${DS[@]}" --name 高橋一郎 --phone 07022223333 --json
t_match "demo: 髙橋 一郎 found by the plain 高 (card only)" '"ref":"SB-KNOWN-5","card_exposed":true,"card_records":1,"userinfo_exposed":false' "$out"
t_run lookup "${DS[@]}" --kana さいとうしょうこ --phone 090-5555-6666 --json
t_match "demo: 齋藤 祥子's ref-less card row joined her" '"ref":"SB-KNOWN-6","card_exposed":true' "$out"

# --- demo never replaces an office's data ------------------------------------
# An office's real import in the directory: the demo refuses, names the
# file, and writes nothing at all.
fingerprint() { (cd "$1" && ls -A && sha256sum -- *) 2>&1; }
mkdir "$D/office"
cp "$D/list.csv" "$D/office/affected.csv"
"$MADOGUCHI" import "$D/office/affected.csv" --out "$D/office/snapshot.db" >/dev/null
before=$(fingerprint "$D/office")
t_run demo --dir "$D/office"
t_status "demo over an office's list exits 2" 2
t_eq "demo over an office's list: one line naming the list, asking for an empty directory" \
	"madoguchi: demo: $D/office/affected.csv exists and is not one the demo made; nothing was written: choose an empty directory with --dir" "$err"
t_eq "demo over an office's list: nothing changed or added" "$before" "$(fingerprint "$D/office")"
rm "$D/office/affected.csv"
before=$(fingerprint "$D/office")
t_run demo --dir "$D/office"
t_status "demo over an office's snapshot exits 2" 2
t_match "demo over an office's snapshot names it" "^madoguchi: demo: $D/office/snapshot\.db exists and is not one the demo made" "$err"
t_eq "demo over an office's snapshot: nothing changed or added" "$before" "$(fingerprint "$D/office")"
t_run demo --dir "$D/office" --no-import
t_status "demo --no-import writes only the list, beside the office's snapshot" 0
t_eq "…and the office's snapshot is untouched" "$(echo "$before" | grep "  snapshot.db")" \
	"$(cd "$D/office" && sha256sum snapshot.db)"
# A directory the demo used, where the office then imported its real list
# (with the demo's key): the real snapshot is kept.
mkdir "$D/reused"
"$MADOGUCHI" demo --dir "$D/reused" >/dev/null
"$MADOGUCHI" import "$D/list.csv" --out "$D/reused/snapshot.db" --key "$D/reused/snapshot.key" >/dev/null
before=$(fingerprint "$D/reused")
t_run demo --dir "$D/reused"
t_status "demo over a real snapshot in a former demo directory exits 2" 2
t_match "…naming the snapshot" 'reused/snapshot\.db exists and is not one the demo made' "$err"
t_eq "…and changing nothing" "$before" "$(fingerprint "$D/reused")"
cp "$D/list.csv" "$D/reused/affected.csv"
t_run demo --dir "$D/reused" --no-import
t_match "a real list over the demo's list is kept too" 'reused/affected\.csv exists and is not one the demo made' "$err"

# Its own files it replaces: a smaller list made earlier (the marker knows
# it), and a snapshot that no longer opens (what make run rebuilds).
"$MADOGUCHI" demo --dir "$D/own" --persons 200 >/dev/null
t_run demo --dir "$D/own"
t_status "demo replaces a list and snapshot it made with other settings" 0
t_match "…with the full list" '^userinfo_exposed: 2280$' "$out"
sqlite3 "$D/own/snapshot.db" "UPDATE meta SET v = '1' WHERE k = 'schema_version'"
t_run demo --dir "$D/own"
t_status "demo replaces its snapshot of an older schema" 0
t_run snapshot info --snapshot "$D/own/snapshot.db" --key "$D/own/snapshot.key"
t_match "…which opens again" '^schema: 3$' "$out"

# make run (tests/demo-run.sh): prepares the demo once, starts the screen,
# and works when run again.  The screen itself is replaced by an echo.
cat >"$D/fake" <<SH
#!/usr/bin/env bash
case "\$*" in *demo*|*--help*|*"snapshot info"*) exec "$MADOGUCHI" "\$@";; esac
echo "screen \$*"
SH
chmod +x "$D/fake"
run_demo() { (unset MADOGUCHI_SNAPSHOT MADOGUCHI_LOG; DEMO_DIR="$D/mr" bash "$ROOT/tests/demo-run.sh" "$D/fake" 2>&1); }
out=$(run_demo); rc=$?
t_eq "make run: first time exits 0" "0" "$rc"
t_match "make run: first time prepares the demo" 'preparing the demo data' "$out"
t_match "make run: starts the screen on it" "^screen .*--snapshot $D/mr/snapshot\.db" "$out"
out=$(run_demo); rc=$?
t_eq "make run: again exits 0" "0" "$rc"
t_nomatch "make run: again keeps the demo" 'preparing' "$out"
sqlite3 "$D/mr/snapshot.db" "UPDATE meta SET v = '1' WHERE k = 'schema_version'"
out=$(run_demo); rc=$?
t_eq "make run: after a format change exits 0" "0" "$rc"
t_match "make run: after a format change rebuilds" 'preparing the demo data' "$out"
t_done
