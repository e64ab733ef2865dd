#!/usr/bin/env bash
# `madoguchi normalize KIND VALUE`: the canonical form on stdout, exit 0;
# a warning on stderr; input it cannot read: one line on stderr, exit 2.
. "$(dirname "$0")/../lib.sh"

# norm NAME KIND VALUE EXPECTED — accepted, nothing on stderr.
norm() {
	t_run normalize "$2" "$3"
	if [ "$rc" -eq 0 ] && [ "$out" == "$4" ] && [ -z "$err" ]; then
		t_ok "$1"
	else
		t_fail "$1" "expected: $4 (exit 0, no stderr)" "actual: $out (exit $rc) stderr: $err"
	fi
}

# bad NAME KIND VALUE REGEX — rejected: exit 2, no stdout, one line on
# stderr starting "madoguchi: " and matching REGEX.
bad() {
	t_run normalize "$2" "$3"
	if [ "$rc" -eq 2 ] && [ -z "$out" ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
	   printf '%s\n' "$err" | grep -qE -- "^madoguchi: .*$4"; then
		t_ok "$1"
	else
		t_fail "$1" "expected exit 2, one line matching: $4" "actual: exit $rc, stdout [$out], stderr [$err]"
	fi
}

norm "date: era with full-width digits" date '昭和５０年３月１日' 1975-03-01
norm "date: letter form" date 'S50.3.1' 1975-03-01
norm "date: katakana era and 生まれ" date 'ショウワ50年3月1日生まれ' 1975-03-01
norm "date: 元年" date '令和元年6月28日' 2019-06-28
norm "date: compact" date 19750301 1975-03-01
norm "kana: half-width with a space" kana 'ｻｲﾄｳ ｼｮｳｺ' さいとうしようこ
norm "name: variant kanji folded" name '髙橋 﨑子' 高橋崎子
norm "name: old forms from the supplement" name '栁田 淸 龜井 豐' 柳田清亀井豊
norm "name: the form in common use of a pair in the name list" name '巖 槇' 巌槙
norm "phone: brackets and hyphen" phone '(099) 472-1111' 0994721111
norm "phone: +81" phone '+81 99-472-1111' 0994721111
norm "email: trimmed and lower-cased" email ' Taro@Example.JP ' taro@example.jp
norm "postal: 〒 and hyphen" postal '〒899-7192' 8997192
norm "postal: full width" postal '８９９－７１９２' 8997192
norm "kana: a wave dash is a long vowel, written as the vowel it lengthens" kana 'ラ〜メン' らあめん
norm "kana: a full-width tilde is a long vowel, written as the vowel it lengthens" kana 'ラ～メン' らあめん
norm "date: figure dashes (U+2012)" date '1975‒3‒1' 1975-03-01
norm "date: box-drawing lines (U+2500)" date '1975─3─1' 1975-03-01

t_run normalize kana ｻｲﾄｳ ｼｮｳｺ
t_eq "VALUE in several words is joined" "さいとうしようこ" "$out"

# A date after its era ended: read, with one warning line.
t_run normalize date '平成31年5月1日'
t_status "a date after its era ended exits 0" 0
t_eq "it is read as the Western date" 2019-05-01 "$out"
t_match "the warning is on stderr" '^madoguchi: warning: 平成 ended on 2019-04-30' "$err"
t_eq "the warning is one line" 1 "$(printf '%s\n' "$err" | wc -l)"

bad "date: impossible day" date '1975年2月30日' 'no day 30 in month 2'
bad "date: before the era began" date '令和元年4月30日' 'before 令和 began on 2019-05-01'
bad "date: year beyond the era" date '大正16年1月1日' '大正 has no year 16'
bad "date: year 0" date '昭和0年1月1日' 'no year 0'
bad "date: month 13" date '1975/13/1' 'no month 13'
bad "date: garbage" date 'きのう' 'cannot read this as a date'
bad "date: a two-digit year no era reached" date '75/3/1' 'the year 75 needs all four digits \(1975年\?\)$'
bad "date: a two-digit year names the eras it existed in" date '50/3/1' 'normalize date: the year 50 needs its era \((令和50年、)?昭和50年\) or all four digits$'
bad "date: 元年 without its era names the eras whose first year had that day" date '元年6月30日' \
	'normalize date: 元年 needs its era \(令和元年、平成元年\)$'
bad "date: 元年 on a day no era's first year had says so" date '元年1月5日' \
	'normalize date: no era had 元年1月5日: ask for the era and the year$'
bad "kana: kanji in the reading" kana '田中' '「田」 is not kana'
bad "name: a digit" name '山田1' '「1」 cannot be in a name'
bad "kana: a mark that does not go with its kana" kana 'あ゛' '「゛」 does not go with 「あ」: retype the reading$'
bad "kana: a second mark" kana 'が゛' '「゛」 does not go with 「が」'
bad "kana: two semi-voiced marks" kana 'あ゚゚' '「゜」 does not go with 「あ」'
bad "kana: a mark after ー" kana 'ー゛' '「゛」 does not go with 「ー」'
bad "kana: a mark after a space" kana 'さいとう ﾞ' '「゛」 must come right after its kana'
bad "name: a mark after a kanji" name '山゛' '「゛」 does not go with 「山」: retype the name$'
norm "kana: a spacing mark after its kana" kana 'サ゛イトウ' ざいとう
norm "name: a mark after its kana" name 'カ゛ス' ガス
bad "phone: too short" phone '099-472-111' '10 or 11 digits, this has 9$'
bad "phone: +81 alone counts what was typed" phone '+81' 'the 2 digits typed read as 0, with 81 as the country code .*this has 1$'
bad "phone: 810 counts what was typed" phone '810' 'the 3 digits typed read as 0'
bad "email: no @" email 'taro.example.jp' 'needs an @'
bad "email: a trailing comma" email 'taro@example.jp,' '「,」 cannot be in the part after @'
bad "email: angle brackets" email 'taro<>@example.jp' '「<」 cannot be in an e-mail address'
bad "email: a private-use character" email $'taro\xee\x80\x80@example.jp' 'U\+E000 cannot be in an e-mail address'
norm "email: an internationalised address" email 'タロウ@例え.JP' タロウ@例え.jp
bad "postal: six digits" postal '899-719' '7 digits, this has 6'
bad "a newline is a control character" kana $'さとう\nしょうこ' 'U\+000A'
bad "invalid UTF-8" name $'\xff\xfe' 'not valid UTF-8'
bad "an empty value" email '' 'no e-mail address'

# Issue 14: dates as Japanese forms carry them.
norm "date: one-kanji era 昭" date '昭50.3.1' 1975-03-01
norm "date: one-kanji era 平" date '平31.4.30' 2019-04-30
norm "date: one-kanji era 令 and 元" date '令元.5.1' 2019-05-01
norm "date: kanji numerals" date '昭和五十年三月一日' 1975-03-01
norm "date: kanji numerals with 元年" date '令和元年五月一日' 2019-05-01
norm "date: 十 alone" date '昭和五十年十月十日' 1975-10-10
norm "date: 二十" date '昭和二十年八月十五日' 1945-08-15
norm "date: 三十一" date '昭和五十年十二月三十一日' 1975-12-31
norm "date: a Western year in kanji, by units" date '千九百七十五年三月一日' 1975-03-01
norm "date: a Western year in kanji, digit by digit" date '一九七五年三月一日' 1975-03-01
norm "date: the weekday in brackets" date '昭和50年3月1日(土)' 1975-03-01
norm "date: the weekday in full-width brackets" date '昭和50年3月1日（土）' 1975-03-01
norm "date: the weekday written out" date '昭和50年3月1日 土曜日' 1975-03-01
norm "date: 西暦" date '西暦1975年3月1日' 1975-03-01
norm "date: S. with a dot" date 'S.50.3.1' 1975-03-01
norm "date: 年 then month/day" date '1975年3/1' 1975-03-01
bad "date: a weekday that is not the date's" date '昭和50年3月1日(日)' '1975-03-01 was a 土曜日, not a 日曜日'
bad "date: kanji numerals keep the day rule" date '昭和五十年二月三十日' 'no day 30 in month 2'
bad "date: kanji numerals keep the era's bounds" date '大正十六年一月一日' '大正 has no year 16'
bad "date: 明治 before 6年, with an abbreviation" date '明5.12.2' 'lunar calendar'
bad "date: before 令和 began, with an abbreviation" date '令元.4.30' 'before 令和 began on 2019-05-01'
bad "date: kanji that are no number" date '昭和二二十年三月一日' '「二二十」 is not a number in kanji'
bad "date: 西暦 with an era" date '西暦昭和50年3月1日' '西暦 goes with the four digits of the year'
t_run normalize date '平成三十一年五月一日(水)'
t_status "a date in kanji after its era ended exits 0" 0
t_eq "... read as the Western date" 2019-05-01 "$out"
t_match "... with the warning" '^madoguchi: warning: 平成 ended on 2019-04-30' "$err"

# Readings and names written any way.
norm "kana: repeat mark ゝ" kana 'さゝき はなこ' ささきはなこ
norm "kana: repeat mark ゞ" kana 'いすゞ' いすず
norm "kana: ー after o is う" kana 'サイトー ショーコ' さいとうしようこ
norm "kana: お after o is う" kana 'さいとお' さいとう
norm "kana: え after e is い" kana 'けえこ' けいこ
norm "kana: ぢ is じ" kana 'ちぢわ' ちじわ
norm "kana: づ is ず" kana 'つづき' つずき
norm "kana: ゐゑを are いえお" kana 'ゐゑを' いえお
norm "kana: ヴァ is ば" kana 'ヴァイオリン' ばいおりん
norm "kana: ー after ん stays" kana 'んー' んー
bad "kana: a leading ー is refused like the other dashes" kana 'ーさと' '「ー」 is not kana at the start of a reading'
bad "kana: a leading 〜" kana '〜さと' '「〜」 is not kana at the start of a reading'
bad "kana: a leading -" kana '-さと' '「-」 is not kana at the start of a reading'
norm "name: 々 repeats" name '佐々木' 佐佐木
norm "name: 〻 repeats" name '佐〻木' 佐佐木
norm "name: ヶ is ケ" name '関ヶ原' 関ケ原
norm "name: ヵ is ケ" name '関ヵ原' 関ケ原
norm "name: ゞ repeats" name 'いすゞ' いすず
norm "name: 當 is 当" name '當間' 当間
norm "name: the old forms of issue 14" name '鹽譽兩雙學硏倂揷隸獎' 塩誉両双学研併挿隷奨
norm "name: 𡈽 is 土 as 𠮷 is 吉" name '𡈽屋 𠮷田' 土屋吉田
bad "name: a leading ー" name 'ーあ' '「ー」 cannot be in a name here'

# -- ends the options before the value, as everywhere.
t_run normalize date -- 1975-03-01
t_eq "-- before a date" 1975-03-01 "$out"
t_run normalize -- kana さとう
t_eq "-- before the kind" さとう "$out"
t_run normalize kana -- -さと
t_status "after --, a value starting with - is the value" 2
t_match "... and read as one" '「-」 is not kana at the start' "$err"
t_run normalize phone -- 099-472-1111
t_eq "-- before a phone number is not part of it" 0994721111 "$out"
t_run normalize phone -- --
t_status "a phone number of -- alone is refused" 2
t_match "... as no number" 'no phone number given' "$err"
t_run normalize kana -- --
t_status "-- after -- is the value" 2
t_match "... which is no reading" '「-」 is not kana at the start' "$err"
t_run normalize kana さと --
t_eq "-- after the value ends the options too: it is no part of the value" さと "$out"
t_run normalize date 1975-03-01 --
t_eq "... a date followed by -- is read" 1975-03-01 "$out"
t_run normalize kana さと --bogus
t_status "a word starting with -- before any -- is an option, and normalize has none" 2
t_match "... refused by name, with the way to give such a value" "^madoguchi: normalize: unknown option '--bogus'; a value starting with - goes after --$" "$err"
t_eq "... nothing on stdout" "" "$out"
t_run normalize date --
t_status "-- alone is no value" 2
t_match "... and the usage is shown" '^madoguchi: usage: madoguchi normalize KIND VALUE' "$err"

t_run normalize birthday 1975-03-01
t_status "an unknown kind exits 2" 2
t_match "the kinds are listed" "^madoguchi: normalize: unknown kind 'birthday': use one of kana, name, date, phone, email, postal$" "$err"
t_eq "nothing on stdout for an unknown kind" "" "$out"

t_run normalize date
t_status "a missing value exits 2" 2
t_match "the usage is shown" '^madoguchi: usage: madoguchi normalize KIND VALUE' "$err"

# (An argument is at most 128 KB; the unit tests try a megabyte.)
t_run normalize kana "$(head -c 100000 /dev/zero | tr '\0' 'a')"
t_status "100 KB of input exits 2" 2
t_match "it is too long" '^madoguchi: normalize kana: too long' "$err"

# The committed variant table is what the script makes from the Unihan it
# names; with another Unihan the table is kept, not remade, so no check.
made=$(sed -n 's/^# Generated by .* from Unihan \([0-9.]*\) .*/\1/p' "$ROOT/data/kanji-variants.tsv")
here=$(bzcat /usr/share/unicode/Unihan_OtherMappings.txt.bz2 2>/dev/null | sed -n 's/^# Unicode version: //p')
if [ -n "$made" ] && [ "$made" = "$here" ]; then
	t_eq "data/kanji-variants.tsv is what data/build-kanji-variants.sh makes" "" \
		"$(sh "$ROOT/data/build-kanji-variants.sh" 2>&1 | diff - "$ROOT/data/kanji-variants.tsv")"
	t_eq "data/kanji-variants-pairs.tsv is what data/build-kanji-variants.sh --pairs makes" "" \
		"$(sh "$ROOT/data/build-kanji-variants.sh" --pairs 2>&1 | diff - "$ROOT/data/kanji-variants-pairs.tsv")"
else
	t_ok "data/kanji-variants.tsv is from Unihan $made, this host has ${here:-none} # SKIP"
	t_ok "data/kanji-variants-pairs.tsv is from Unihan $made, this host has ${here:-none} # SKIP"
fi

t_run --help
t_match "--help lists normalize" 'madoguchi \[OPTIONS\] normalize' "$out"
t_done
