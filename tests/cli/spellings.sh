#!/usr/bin/env bash
# Issue 14, "found however it is said": a listed person is verified
# whichever way the list and the caller write the same reading, name and
# birth date: repeat marks (ゝ ゞ 々 〻), the long vowel in either side,
# sounds a listener cannot tell apart (ぢ/じ, づ/ず, ゐゑを, ヴ/ブ), ヶ/ケ,
# old kanji forms, and dates in kanji, with an era's initial or a weekday.
. "$(dirname "$0")/../lib.sh"
D=$T_TMP
H='ref,name,kana,birth_date,gender,postal_code,address,email,phone,registered_on,card_exposed,userinfo_exposed,notified_on'

cat >"$D/list.csv" <<CSV
$H
S-1,佐々木 花子,さゝき はなこ,昭和五十年三月一日,女,899-7192,,s1@example.jp,099-472-0001,2021-04-01,0,1,
S-2,五十鈴 良子,いすゞ よしこ,昭55.5.5,女,899-7192,,s2@example.jp,099-472-0002,2021-04-01,0,1,
S-3,斉藤 祥子,サイトー ショーコ,1965-11-23(火),女,899-7192,,s3@example.jp,099-472-0003,2021-04-01,0,1,
S-4,當間 太郎,とうま たろう,S.45.1.2,男,899-7192,,s4@example.jp,099-472-0004,2021-04-01,1,1,
S-5,佐〻木 次郎,さゝき じろう,西暦1980年2月3日,男,899-7192,,s5@example.jp,099-472-0005,2021-04-01,0,1,
S-6,関ヶ原 一郎,せきがはら いちろう,1960年7/8,男,899-7192,,s6@example.jp,099-472-0006,2021-04-01,0,1,
S-7,千々和 みどり,ちぢわ みどり,平成元年一月八日(日),女,899-7192,,s7@example.jp,099-472-0007,2021-04-01,0,1,
S-8,山田 ヴィクトル,やまだ ヴィクトル,1970-10-10,男,899-7192,,s8@example.jp,099-472-0008,2021-04-01,0,1,
S-9,山田 かをる,やまだ かをる,1950-06-06,女,899-7192,,s9@example.jp,099-472-0009,2021-04-01,0,1,
S-10,𡈽屋 鹽 譽,つちや しお ほまれ,1940-04-04,男,899-7192,,s10@example.jp,099-472-0010,2021-04-01,0,1,
S-11,大野 徹,おおの とおる,1955-05-25,男,899-7192,,s11@example.jp,099-472-0011,2021-04-01,0,1,
S-12,鈴木 ゑみ,すずき ゑみ,1945-08-15,女,899-7192,,s12@example.jp,099-472-0012,2021-04-01,0,1,
CSV

t_run import "$D/list.csv" --out "$D/s.db" --key "$D/s.key"
t_status "the list with every spelling imports" 0
t_match "... as 12 persons" '^persons: 12$' "$out"
S=(--snapshot "$D/s.db" --key "$D/s.key")

# found REF NAME LOOKUP-OPTIONS... — the lookup verifies the person REF.
found() {
	local ref=$1 name=$2
	shift 2
	t_run lookup "${S[@]}" "$@"
	if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^match: verified$' &&
	   printf '%s\n' "$out" | grep -qx "ref: $ref"; then
		t_ok "$name"
	else
		t_fail "$name" "expected: verified, ref: $ref (exit 0)" "actual: exit $rc: $(printf '%s' "$out" | tr '\n' ' ') $err"
	fi
}

found S-1 "list さゝき, caller ささき" --kana 'ささき はなこ' --birth 1975-03-01
found S-1 "list 佐々木, caller 佐佐木" --name '佐佐木花子' --phone 099-472-0001
found S-1 "list 佐々木, caller 佐々木 with the date in kanji" --name '佐々木 花子' --birth '昭和五十年三月一日'
found S-1 "caller's date with the weekday" --kana 'サヽキ ハナコ' --birth '昭和50年3月1日(土)'
found S-2 "list いすゞ, caller いすず" --kana 'いすず よしこ' --birth 1980-05-05
found S-2 "list いすゞ, caller イスヾ, date 昭55.5.5" --kana 'イスヾ ヨシコ' --birth '昭55.5.5'
found S-3 "list サイトー ショーコ, caller さいとうしょうこ" --kana 'さいとうしょうこ' --birth 1965-11-23
found S-3 "list サイトー ショーコ, caller さいとおしょおこ" --kana 'さいとおしょおこ' --birth 'S40.11.23'
found S-3 "list サイトー ショーコ, caller ｻｲﾄｰ ｼｮｰｺ" --kana 'ｻｲﾄｰ ｼｮｰｺ' --email s3@example.jp
found S-4 "list 當間, caller 当間" --name '当間 太郎' --phone 099-472-0004
found S-4 "list とうま たろう, caller トーマ タロー" --kana 'トーマ タロー' --birth '昭和四十五年一月二日'
found S-5 "list 佐〻木, caller 佐佐木" --name '佐佐木 次郎' --birth '1980年2月3日(日)'
found S-5 "list さゝき じろう, caller ササキ ジロー" --kana 'ササキ ジロー' --birth 'S55.2.3'
found S-6 "list 関ヶ原, caller 関ケ原" --name '関ケ原 一郎' --email s6@example.jp
found S-6 "list 関ヶ原, caller 関ヵ原, date 1960年7/8" --name '関ヵ原一郎' --birth '1960年7/8'
found S-7 "list ちぢわ, caller ちじわ" --kana 'ちじわ みどり' --birth '1989-01-08'
found S-7 "list 千々和, caller 千千和, date 平1.1.8" --name '千千和 みどり' --birth '平1.1.8'
found S-8 "list ヴィクトル, caller ビクトル" --kana 'やまだ びくとる' --birth 1970-10-10
found S-9 "list かをる, caller かおる" --kana 'やまだ かおる' --birth 1950-06-06
found S-10 "list 𡈽屋 鹽 譽, caller 土屋 塩 誉" --name '土屋塩誉' --birth 1940-04-04
found S-11 "list おおの とおる, caller オーノ トール" --kana 'オーノ トール' --birth 1955-05-25
found S-11 "list おおの とおる, caller おうの とうる" --kana 'おうの とうる' --birth '昭30.5.25'
found S-12 "list ゑみ, caller えみ" --kana 'すずき えみ' --birth '昭和二十年八月十五日'

# Only sounds that are the same meet: another vowel, or a mark too many,
# is another reading.
t_run lookup "${S[@]}" --kana 'ささき はなこ' --birth 1975-03-02
t_match "the reading still needs its supporting factor" '^match: partial$' "$out"
t_run lookup "${S[@]}" --kana 'さき はなこ' --birth 1975-03-01
t_match "さき is not さゝき" '^match: none$' "$out"
t_run lookup "${S[@]}" --kana 'さいとうしようこお' --birth 1965-11-23
t_match "a vowel too many is another reading" '^match: none$' "$out"
t_run lookup "${S[@]}" --kana 'ちしわ みどり' --birth 1989-01-08
t_match "ちしわ is not ちぢわ" '^match: none$' "$out"

# A date whose weekday is not the day's is refused, naming the rule.
t_run lookup "${S[@]}" --kana 'ささき はなこ' --birth '昭和50年3月1日(日)'
t_status "a weekday that is not the date's: exit 2" 2
t_match "... names both days" '1975-03-01 was a 土曜日, not a 日曜日' "$err"
t_done
