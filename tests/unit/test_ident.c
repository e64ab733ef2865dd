/*
 * Unit tests for src/ident and src/jdate: tables of what a caller may say
 * and the one canonical string (or the rejection) each must give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ident.h"
#include "jdate.h"
#include "kana.h"
#include "kanji-variants.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

enum { K = IDENT_KANA, N = IDENT_NAME, D = IDENT_DATE, P = IDENT_PHONE, E = IDENT_EMAIL, Z = IDENT_POSTAL };

struct tcase {
	int kind;
	const char *in;
	const char *want;    /* canonical form; NULL when rejected */
	const char *msg;     /* a part of the message (the rule, or the warning); NULL: msg must be "" */
	size_t n;            /* bytes of in, when it holds NUL bytes; 0: strlen */
};

/* Runs every case and reports each failure with its input, then fails
 * once: one broken case should not hide the others. */
static void run_table(const struct tcase *t, size_t count)
{
	int bad = 0;

	for (size_t i = 0; i < count; i++) {
		struct ident_result r;
		size_t n = t[i].n ? t[i].n : strlen(t[i].in);
		int rc = ident_canon((enum ident_kind)t[i].kind, t[i].in, n, &r);
		bool ok = t[i].want ? rc == 0 && strcmp(r.canon, t[i].want) == 0 : rc == -1 && r.canon[0] == '\0';

		if (ok && t[i].msg)
			ok = strstr(r.msg, t[i].msg) != NULL;
		else if (ok && t[i].want)
			ok = r.msg[0] == '\0';
		else if (ok)
			ok = r.msg[0] != '\0';
		if (!ok) {
			print_error("%s [%s]: got rc %d canon [%s] msg [%s]; want [%s] msg [%s]\n",
				    ident_kind_name((enum ident_kind)t[i].kind), t[i].in, rc, r.canon, r.msg,
				    t[i].want ? t[i].want : "(rejected)", t[i].msg ? t[i].msg : "");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

#define RUN(table) run_table(table, sizeof table / sizeof table[0])

static const struct tcase date_forms[] = {
	{ D, "1975-03-01", "1975-03-01", NULL, 0 },
	{ D, "1975-3-1", "1975-03-01", NULL, 0 },
	{ D, "1975/3/1", "1975-03-01", NULL, 0 },
	{ D, "1975/03/01", "1975-03-01", NULL, 0 },
	{ D, "1975.3.1", "1975-03-01", NULL, 0 },
	{ D, "19750301", "1975-03-01", NULL, 0 },
	{ D, "1975年3月1日", "1975-03-01", NULL, 0 },
	{ D, "1975年03月01日", "1975-03-01", NULL, 0 },
	{ D, "1975年3月1日生まれ", "1975-03-01", NULL, 0 },
	{ D, "1975年3月1", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "昭和５０年３月１日", "1975-03-01", NULL, 0 },
	{ D, "昭和 50 年 3 月 1 日", "1975-03-01", NULL, 0 },
	{ D, "　昭和５０年　３月　１日　", "1975-03-01", NULL, 0 },
	{ D, "S50.3.1", "1975-03-01", NULL, 0 },
	{ D, "S50/3/1", "1975-03-01", NULL, 0 },
	{ D, "S50-3-1", "1975-03-01", NULL, 0 },
	{ D, "s50.3.1", "1975-03-01", NULL, 0 },
	{ D, "Ｓ５０．３．１", "1975-03-01", NULL, 0 },
	{ D, "S50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "R1.6.28", "2019-06-28", NULL, 0 },
	{ D, "r1.6.28", "2019-06-28", NULL, 0 },
	{ D, "R元.6.28", "2019-06-28", NULL, 0 },
	{ D, "令和元年6月28日", "2019-06-28", NULL, 0 },
	{ D, "令和1年6月28日", "2019-06-28", NULL, 0 },
	{ D, "令和01年06月28日", "2019-06-28", NULL, 0 },
	{ D, "H31.4.30", "2019-04-30", NULL, 0 },
	{ D, "h31.4.30", "2019-04-30", NULL, 0 },
	{ D, "H01.01.08", "1989-01-08", NULL, 0 },
	{ D, "T1.7.30", "1912-07-30", NULL, 0 },
	{ D, "M45.7.30", "1912-07-30", NULL, 0 },
	{ D, "m6.1.1", "1873-01-01", NULL, 0 },
	{ D, "ショウワ50年3月1日生まれ", "1975-03-01", NULL, 0 },
	{ D, "しょうわ50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "ｼｮｳﾜ50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "ヘイセイ元年1月8日", "1989-01-08", NULL, 0 },
	{ D, "レイワ2年2月2日", "2020-02-02", NULL, 0 },
	{ D, "タイショウ5年5月5日", "1916-05-05", NULL, 0 },
	{ D, "めいじ40年1月1日", "1907-01-01", NULL, 0 },
	{ D, "㍼50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "㍻元年1月8日", "1989-01-08", NULL, 0 },
	{ D, "1975ー03ー01", "1975-03-01", NULL, 0 },
	{ D, "１９７５－０３－０１", "1975-03-01", NULL, 0 },
	{ D, "１９７５／３／１", "1975-03-01", NULL, 0 },
	/* Every dash of text_is_dash, as phone and postal take them. */
	{ D, "1975‒3‒1", "1975-03-01", NULL, 0 },
	{ D, "1975─3─1", "1975-03-01", NULL, 0 },
	{ D, "1975━3━1", "1975-03-01", NULL, 0 },
	{ D, "1975‑3‑1", "1975-03-01", NULL, 0 },
	{ D, "S50〜3〜1", "1975-03-01", NULL, 0 },
	{ D, "1975⸺3⸺1", "1975-03-01", NULL, 0 },
	{ D, "1975年3月1日生", "1975-03-01", NULL, 0 },
	{ D, "2100-12-31", "2100-12-31", NULL, 0 },
	{ D, "1868-01-01", "1868-01-01", NULL, 0 },
};

static const struct tcase date_eras[] = {
	/* The days of change belong to both eras. */
	{ D, "明治45年7月30日", "1912-07-30", NULL, 0 },
	{ D, "大正元年7月30日", "1912-07-30", NULL, 0 },
	{ D, "大正15年12月25日", "1926-12-25", NULL, 0 },
	{ D, "昭和元年12月25日", "1926-12-25", NULL, 0 },
	{ D, "昭和64年1月7日", "1989-01-07", NULL, 0 },
	{ D, "平成元年1月8日", "1989-01-08", NULL, 0 },
	{ D, "平成31年4月30日", "2019-04-30", NULL, 0 },
	{ D, "令和元年5月1日", "2019-05-01", NULL, 0 },
	/* After the era ended, within its last year: read, with a warning. */
	{ D, "昭和64年1月8日", "1989-01-08", "昭和 ended on 1989-01-07", 0 },
	{ D, "平成31年5月1日", "2019-05-01", "平成 ended on 2019-04-30", 0 },
	{ D, "H31.12.31", "2019-12-31", "令和元年12月31日", 0 },
	{ D, "大正15年12月26日", "1926-12-26", "大正 ended", 0 },
	{ D, "明治45年7月31日", "1912-07-31", "明治 ended", 0 },
	/* Before the era began. */
	{ D, "令和元年4月30日", NULL, "before 令和 began on 2019-05-01", 0 },
	{ D, "R1.4.30", NULL, "before 令和 began", 0 },
	{ D, "平成元年1月7日", NULL, "before 平成 began on 1989-01-08", 0 },
	{ D, "昭和元年12月24日", NULL, "before 昭和 began on 1926-12-25", 0 },
	{ D, "大正元年7月29日", NULL, "before 大正 began on 1912-07-30", 0 },
	{ D, "令和元年1月1日", NULL, "that day was 平成31年1月1日", 0 },
	/* Year numbers the era never reached, and year 0. */
	{ D, "大正16年1月1日", NULL, "大正 has no year 16", 0 },
	{ D, "昭和65年1月1日", NULL, "昭和 has no year 65", 0 },
	{ D, "平成32年1月1日", NULL, "平成 has no year 32", 0 },
	{ D, "明治46年1月1日", NULL, "明治 has no year 46", 0 },
	{ D, "昭和0年1月1日", NULL, "no year 0", 0 },
	{ D, "S0.1.1", NULL, "no year 0", 0 },
	{ D, "令和0年5月1日", NULL, "no year 0", 0 },
	{ D, "昭和100年1月1日", NULL, "no year 100", 0 },
	/* Meiji before the Gregorian calendar. */
	{ D, "明治5年12月2日", NULL, "lunar calendar", 0 },
	{ D, "明治元年10月23日", NULL, "lunar calendar", 0 },
	{ D, "令和83年1月1日", NULL, "out of range", 0 },
};

static const struct tcase date_rejects[] = {
	{ D, "1975年2月30日", NULL, "no day 30 in month 2", 0 },
	{ D, "昭和50年2月30日", NULL, "2月30日", 0 },
	{ D, "1975/4/31", NULL, "no day 31 in month 4", 0 },
	{ D, "1975/13/1", NULL, "no month 13", 0 },
	{ D, "昭和50年13月1日", NULL, "no month 13", 0 },
	{ D, "1975/0/1", NULL, "no month 0", 0 },
	{ D, "1975/1/0", NULL, "no day 0", 0 },
	{ D, "1975/1/32", NULL, "no day 32", 0 },
	{ D, "19751301", NULL, "no month 13", 0 },
	/* Leap years. */
	{ D, "平成12年2月29日", "2000-02-29", NULL, 0 },
	{ D, "1900-02-29", NULL, "not a leap year", 0 },
	{ D, "2023-02-29", NULL, "not a leap year", 0 },
	{ D, "2024-02-29", "2024-02-29", NULL, 0 },
	{ D, "2100-02-29", NULL, "not a leap year", 0 },
	{ D, "S63.2.29", "1988-02-29", NULL, 0 },
	/* Range and shape. */
	{ D, "1867-12-31", NULL, "out of range", 0 },
	{ D, "0000-01-01", NULL, "out of range", 0 },
	{ D, "2101-01-01", NULL, "out of range", 0 },
	{ D, "2月30日", NULL, "needs its year", 0 },
	{ D, "3月1日", NULL, "needs its year", 0 },
	{ D, "50/3/1", NULL, "needs its era", 0 },
	{ D, "元年6月30日", NULL, "元年 needs its era", 0 },
	{ D, "50年3月1日", NULL, "needs its era", 0 },
	/* The hint names only eras in which that year existed. */
	{ D, "50/3/1", NULL, "昭和50年", 0 },
	{ D, "75/3/1", NULL, "the year 75 needs all four digits (1975年?)", 0 },
	{ D, "65.3.1", NULL, "(1965年?)", 0 },
	{ D, "10/3/1", NULL, "平成10年", 0 },
	{ D, "10/3/1", NULL, "昭和10年", 0 },
	{ D, "10/3/1", NULL, "大正10年", 0 },
	{ D, "10/3/1", NULL, "明治10年", 0 },
	{ D, "6/3/1", NULL, "明治6年", 0 },
	{ D, "1/3/1", NULL, "needs its era (平成元年) or", 0 },
	{ D, "64/1/7", NULL, "needs its era (昭和64年) or", 0 },
	{ D, "64/1/8", NULL, "needs all four digits (1964年?)", 0 },
	{ D, "31/4/30", NULL, "平成31年", 0 },
	{ D, "15/12/25", NULL, "大正15年", 0 },
	{ D, "5/13/1", NULL, "the year 5 needs all four digits", 0 },
	{ D, "0/3/1", NULL, "the year 0 needs all four digits", 0 },
	{ D, "123/3/1", NULL, "the year 123 needs all four digits", 0 },
	{ D, "1975031", NULL, "cannot read", 0 },
	{ D, "197503011", NULL, "cannot read", 0 },
	{ D, "1975/3-1", NULL, "cannot read", 0 },
	{ D, "1975/3/1/", NULL, "cannot read", 0 },
	{ D, "1975-03-01T00:00", NULL, "cannot read", 0 },
	{ D, "1975/003/1", NULL, "cannot read", 0 },
	{ D, "X50.3.1", NULL, "cannot read", 0 },
	{ D, "昭和", NULL, "cannot read", 0 },
	{ D, "昭和五十年三月", NULL, "cannot read", 0 },
	{ D, "hello", NULL, "cannot read", 0 },
	{ D, "", NULL, "no date given", 0 },
	{ D, "　 ", NULL, "no date given", 0 },
	{ D, "生まれ", NULL, "no date given", 0 },
	{ D, "1975-03-01\n", NULL, "control character U+000A", 0 },
	{ D, "1975\t03 01", NULL, "control character U+0009", 0 },
	{ D, "1975-03-01\0junk", NULL, "control character U+0000", 15 },
	{ D, "\xff" "1975-03-01", NULL, "not valid UTF-8 (byte 1)", 0 },
	{ D, "1975-03-\xe3\x81", NULL, "not valid UTF-8", 0 },
	{ D, "1975\xe2\x80\x8b-03-01", NULL, "U+200B", 0 },
};

/* Issue 14: dates as Japanese forms and callers give them. */
static const struct tcase date_issue14[] = {
	/* One-kanji era abbreviations. */
	{ D, "昭50.3.1", "1975-03-01", NULL, 0 },
	{ D, "平31.4.30", "2019-04-30", NULL, 0 },
	{ D, "令元.5.1", "2019-05-01", NULL, 0 },
	{ D, "令2.2.2", "2020-02-02", NULL, 0 },
	{ D, "大15.12.25", "1926-12-25", NULL, 0 },
	{ D, "明6.1.1", "1873-01-01", NULL, 0 },
	{ D, "昭50年3月1日", "1975-03-01", NULL, 0 },
	{ D, "平元年1月8日", "1989-01-08", NULL, 0 },
	/* Kanji numerals: units, digit by digit, 元年. */
	{ D, "昭和五十年三月一日", "1975-03-01", NULL, 0 },
	{ D, "昭和五十年十月十日", "1975-10-10", NULL, 0 },
	{ D, "昭和二十年八月十五日", "1945-08-15", NULL, 0 },
	{ D, "平成三十一年四月三十日", "2019-04-30", NULL, 0 },
	{ D, "昭和五十年十二月三十一日", "1975-12-31", NULL, 0 },
	{ D, "令和元年五月一日", "2019-05-01", NULL, 0 },
	{ D, "平成元年一月八日", "1989-01-08", NULL, 0 },
	{ D, "千九百七十五年三月一日", "1975-03-01", NULL, 0 },
	{ D, "一九七五年三月一日", "1975-03-01", NULL, 0 },
	{ D, "二〇一九年五月一日", "2019-05-01", NULL, 0 },
	{ D, "二千十九年五月一日", "2019-05-01", NULL, 0 },
	{ D, "昭和廿年八月十五日", "1945-08-15", NULL, 0 },
	{ D, "昭和五十年三月廿一日", "1975-03-21", NULL, 0 },
	{ D, "昭和五十年三月一日生まれ", "1975-03-01", NULL, 0 },
	{ D, "昭和 五十 年 三 月 一 日", "1975-03-01", NULL, 0 },
	{ D, "ショウワ五十年三月一日", "1975-03-01", NULL, 0 },
	/* A day of the week after the date, checked against it. */
	{ D, "昭和50年3月1日(土)", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3月1日（土）", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3月1日 土曜日", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3月1日土曜", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3月1日(土曜日)", "1975-03-01", NULL, 0 },
	{ D, "1975/3/1(土)", "1975-03-01", NULL, 0 },
	{ D, "昭和五十年三月一日（土）生まれ", "1975-03-01", NULL, 0 },
	{ D, "2019-05-01(水)", "2019-05-01", NULL, 0 },
	{ D, "1989年1月8日(日)", "1989-01-08", NULL, 0 },
	{ D, "昭和50年3月1日(日)", NULL, "1975-03-01 was a 土曜日, not a 日曜日", 0 },
	{ D, "1975/3/1 月曜日", NULL, "was a 土曜日, not a 月曜日", 0 },
	{ D, "平成31年5月1日(水)", "2019-05-01", "平成 ended on 2019-04-30", 0 },
	{ D, "平成31年5月1日(木)", NULL, "was a 水曜日, not a 木曜日", 0 },
	/* 西暦, S., 1975年3/1. */
	{ D, "西暦1975年3月1日", "1975-03-01", NULL, 0 },
	{ D, "西暦1975/3/1", "1975-03-01", NULL, 0 },
	{ D, "西暦19750301", "1975-03-01", NULL, 0 },
	{ D, "西暦千九百七十五年三月一日", "1975-03-01", NULL, 0 },
	{ D, "S.50.3.1", "1975-03-01", NULL, 0 },
	{ D, "s.50.3.1", "1975-03-01", NULL, 0 },
	{ D, "Ｓ．５０．３．１", "1975-03-01", NULL, 0 },
	{ D, "H.31.4.30", "2019-04-30", NULL, 0 },
	{ D, "R.元.5.1", "2019-05-01", NULL, 0 },
	{ D, "1975年3/1", "1975-03-01", NULL, 0 },
	{ D, "1975年03/01", "1975-03-01", NULL, 0 },
	{ D, "1975年3.1", "1975-03-01", NULL, 0 },
	{ D, "昭和50年3/1", "1975-03-01", NULL, 0 },
	/* Every refusal still names its rule. */
	{ D, "昭和五十年二月三十日", NULL, "no day 30 in month 2", 0 },
	{ D, "昭和五十年十三月一日", NULL, "no month 13", 0 },
	{ D, "令和元年四月三十日", NULL, "before 令和 began on 2019-05-01", 0 },
	{ D, "令元.4.30", NULL, "before 令和 began on 2019-05-01", 0 },
	{ D, "大正十六年一月一日", NULL, "大正 has no year 16", 0 },
	{ D, "大16.1.1", NULL, "大正 has no year 16", 0 },
	{ D, "昭和〇年一月一日", NULL, "no year 0", 0 },
	{ D, "明治五年十二月二日", NULL, "lunar calendar", 0 },
	{ D, "明5.12.2", NULL, "lunar calendar", 0 },
	{ D, "平成三十二年一月一日", NULL, "平成 has no year 32", 0 },
	{ D, "二月二十九日", NULL, "needs its year", 0 },
	{ D, "一九〇〇年二月二十九日", NULL, "not a leap year", 0 },
	{ D, "五十年三月一日", NULL, "needs its era", 0 },
	{ D, "昭和二二十年三月一日", NULL, "「二二十」 is not a number in kanji", 0 },
	{ D, "昭和十十年三月一日", NULL, "「十十」 is not a number in kanji", 0 },
	{ D, "昭和五十年三月〇十日", NULL, "「〇十」 is not a number in kanji", 0 },
	{ D, "昭和五十年三月二廿日", NULL, "「二廿」 is not a number in kanji", 0 },
	{ D, "一二三四五六七八九年", NULL, "too long for a number", 0 },
	{ D, "西暦昭和50年3月1日", NULL, "西暦 goes with the four digits of the year", 0 },
	{ D, "西暦50年3月1日", NULL, "西暦 goes with the four digits of the year", 0 },
	{ D, "西暦元年1月1日", NULL, "西暦 goes with the four digits of the year", 0 },
	{ D, "1975/3/1土", NULL, "cannot read", 0 },
	{ D, "1975/3/1(x)", NULL, "cannot read", 0 },
	{ D, "S..50.3.1", NULL, "cannot read", 0 },
	{ D, "1975年3/1日", NULL, "cannot read", 0 },
	{ D, "1975年3/1.", NULL, "cannot read", 0 },
};

static const struct tcase kana[] = {
	{ K, "ｻｲﾄｳ ｼｮｳｺ", "さいとうしようこ", NULL, 0 },
	{ K, "サイトウ　ショウコ", "さいとうしようこ", NULL, 0 },
	{ K, "さいとう しょうこ", "さいとうしようこ", NULL, 0 },
	{ K, "さいとうしようこ", "さいとうしようこ", NULL, 0 },
	{ K, "ヤマダ タロウ", "やまだたろう", NULL, 0 },
	{ K, "ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう", NULL, 0 },
	{ K, "ﾊﾟﾝ", "ぱん", NULL, 0 },
	/* ヴ is ぶ, ヴァ ば (issue 14: one sound on the phone). */
	{ K, "ヴァイオリン", "ばいおりん", NULL, 0 },
	{ K, "ｳﾞｧｲｵﾘﾝ", "ばいおりん", NULL, 0 },
	{ K, "ゔ", "ぶ", NULL, 0 },
	{ K, "ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", NULL, 0 },
	{ K, "ァィゥェォッャュョヮヵヶ", "あいうえおつやゆよわかけ", NULL, 0 },
	{ K, "ｧｨｩｪｫｯｬｭｮ", "あいうえおつやゆよ", NULL, 0 },
	{ K, "キョウコ", "きようこ", NULL, 0 },
	/* Every dash after kana is ー, and ー after a vowel is written as
	 * the kana it lengthens (issue 14): たろう, まりいあ, らあめん. */
	{ K, "ﾀﾛｰ", "たろう", NULL, 0 },
	{ K, "タロ-", "たろう", NULL, 0 },
	{ K, "マリ－ア", "まりいあ", NULL, 0 },
	{ K, "マリ‐ア", "まりいあ", NULL, 0 },
	{ K, "マリ−ア", "まりいあ", NULL, 0 },
	{ K, "マリ―ア", "まりいあ", NULL, 0 },
	{ K, "マリ–ア", "まりいあ", NULL, 0 },
	{ K, "マリ─ア", "まりいあ", NULL, 0 },
	{ K, "ラ〜メン", "らあめん", NULL, 0 },
	{ K, "ラ～メン", "らあめん", NULL, 0 },
	{ K, "ラ~メン", "らあめん", NULL, 0 },
	{ K, "ラ⸺メン", "らあめん", NULL, 0 },
	{ K, "ラ⸻メン", "らあめん", NULL, 0 },
	{ K, "ラ‒メン", "らあめん", NULL, 0 },
	{ K, "〜らー", NULL, "「〜」 is not kana", 0 },
	{ K, "スミス・ジョン", "すみすじよん", NULL, 0 },
	{ K, "か゛", "が", NULL, 0 },
	{ K, "か\xe3\x82\x99", "が", NULL, 0 },
	{ K, "は゜", "ぱ", NULL, 0 },
	{ K, "ぅ゛", "ぶ", NULL, 0 },
	{ K, "ヷ", "ば", NULL, 0 },
	{ K, "いすゞ", "いすず", NULL, 0 },
	{ K, "イスヾ", "いすず", NULL, 0 },
	{ K, "ㇰ", "く", NULL, 0 },
	{ K, "ゟ", "より", NULL, 0 },
	/* A dash before any kana is refused, whichever dash (issue 14). */
	{ K, "ーあ", NULL, "「ー」 is not kana at the start of a reading", 0 },
	{ K, "ゐゑを", "いえお", NULL, 0 },
	{ K, "田中", NULL, "「田」 is not kana", 0 },
	{ K, "たなか 太郎", NULL, "「太」 is not kana", 0 },
	{ K, "tanaka", NULL, "「t」 is not kana", 0 },
	{ K, "たなか1", NULL, "「1」 is not kana", 0 },
	{ K, "-あ", NULL, "「-」 is not kana", 0 },
	/* A voicing mark stays only with the kana right before it. */
	{ K, "\xe3\x82\x99あ", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "あ゛", NULL, "「゛」 does not go with 「あ」: retype the reading", 0 },
	{ K, "あ\xe3\x82\x99", NULL, "「゛」 does not go with 「あ」", 0 },
	{ K, "ｱﾞ", NULL, "「゛」 does not go with 「ア」", 0 },
	{ K, "が゛", NULL, "「゛」 does not go with 「が」", 0 },
	{ K, "か゛゛", NULL, "「゛」 does not go with 「が」", 0 },
	{ K, "あ゚゚", NULL, "「゜」 does not go with 「あ」", 0 },
	{ K, "は゜゜", NULL, "「゜」 does not go with 「ぱ」", 0 },
	{ K, "ー゛", NULL, "「゛」 does not go with 「ー」", 0 },
	{ K, "たろ-゛", NULL, "「゛」 does not go with 「-」", 0 },
	{ K, "ヷ゛", NULL, "「゛」 does not go with 「ヷ」", 0 },
	{ K, "わ゛゛", NULL, "「゛」 does not go with 「わ゙」", 0 },
	{ K, "さいとう ﾞ", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "さいとう ゛", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "さいとう　\xe3\x82\x99", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "か・゛", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "゛", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "ﾞｻ", NULL, "「゛」 must come right after its kana", 0 },
	{ K, "ｻﾞｲﾄｳ", "ざいとう", NULL, 0 },
	{ K, "サ゛イトウ", "ざいとう", NULL, 0 },
	{ K, "わ゛", "ば", NULL, 0 },
	{ K, "ワ゛", "ば", NULL, 0 },
	{ K, "ﾜﾞ", "ば", NULL, 0 },
	{ K, "ゝ゛", "ゞ", NULL, 0 },
	{ K, "っ゛", "ず", NULL, 0 },
	{ K, "あ、い", NULL, "「、」 is not kana", 0 },
	{ K, "", NULL, "no reading", 0 },
	{ K, " 　", NULL, "no reading", 0 },
	{ K, "さとう\n", NULL, "control character U+000A", 0 },
	{ K, "さ\0とう", NULL, "control character U+0000 (byte 4)", 10 },
	{ K, "さとう\x7f", NULL, "U+007F", 0 },
	{ K, "さとう\xc2\x85", NULL, "U+0085", 0 },
	{ K, "さと\xe2\x80\xaeう", NULL, "U+202E", 0 },
	{ K, "\xef\xbb\xbfさとう", NULL, "U+FEFF", 0 },
	{ K, "さとう\xe3", NULL, "not valid UTF-8 (byte 10)", 0 },
	{ K, "\xc0\xaf", NULL, "not valid UTF-8", 0 },
	{ K, "\xed\xa0\x80", NULL, "not valid UTF-8", 0 },
	{ K, "\xf4\x90\x80\x80", NULL, "not valid UTF-8", 0 },
	{ K, "\x80", NULL, "not valid UTF-8", 0 },
};

static const struct tcase names[] = {
	{ N, "髙橋", "高橋", NULL, 0 },
	{ N, "山﨑", "山崎", NULL, 0 },
	{ N, "山嵜", "山崎", NULL, 0 },
	{ N, "渡邊", "渡辺", NULL, 0 },
	{ N, "渡邉", "渡辺", NULL, 0 },
	{ N, "濵田", "浜田", NULL, 0 },
	{ N, "濱田", "浜田", NULL, 0 },
	{ N, "齋藤", "斎藤", NULL, 0 },
	{ N, "齊藤", "斎藤", NULL, 0 },
	{ N, "斉藤", "斎藤", NULL, 0 },
	{ N, "澤田", "沢田", NULL, 0 },
	{ N, "淵上", "渕上", NULL, 0 },
	{ N, "國分", "国分", NULL, 0 },
	{ N, "櫻井", "桜井", NULL, 0 },
	{ N, "廣田", "広田", NULL, 0 },
	{ N, "𠮷田", "吉田", NULL, 0 },
	{ N, "冨田", "富田", NULL, 0 },
	{ N, "中嶋", "中島", NULL, 0 },
	{ N, "德永", "徳永", NULL, 0 },
	{ N, "眞鍋", "真鍋", NULL, 0 },
	{ N, "惠子", "恵子", NULL, 0 },
	{ N, "龍之介", "竜之介", NULL, 0 },
	{ N, "髙橋 﨑子", "高橋崎子", NULL, 0 },
	{ N, "山田　太郎", "山田太郎", NULL, 0 },
	{ N, "山田太郎", "山田太郎", NULL, 0 },
	/* 々 repeats, ヶ is ケ (issue 14). */
	{ N, "佐々木", "佐佐木", NULL, 0 },
	{ N, "一ヶ谷", "一ケ谷", NULL, 0 },
	{ N, "山田 はな", "山田はな", NULL, 0 },
	{ N, "マリー", "マリー", NULL, 0 },
	{ N, "ﾏﾘｰ", "マリー", NULL, 0 },
	{ N, "マリ-", "マリー", NULL, 0 },
	{ N, "ラ〜メン", "ラーメン", NULL, 0 },
	{ N, "山〜田", NULL, "「〜」 cannot be in a name", 0 },
	{ N, "スミス・ジョン", "スミスジョン", NULL, 0 },
	{ N, "Smith John", "SMITHJOHN", NULL, 0 },
	{ N, "ＳＭＩＴＨ", "SMITH", NULL, 0 },
	{ N, "栁田", "柳田", NULL, 0 },
	{ N, "逹也", "達也", NULL, 0 },
	{ N, "舩木", "船木", NULL, 0 },
	{ N, "淸水", "清水", NULL, 0 },
	{ N, "巖", "巌", NULL, 0 },
	{ N, "巌", "巌", NULL, 0 },
	{ N, "晉", "晋", NULL, 0 },
	{ N, "彥", "彦", NULL, 0 },
	{ N, "曻", "昇", NULL, 0 },
	{ N, "﨔田", "欅田", NULL, 0 },
	{ N, "西鄕", "西郷", NULL, 0 },
	{ N, "龜井", "亀井", NULL, 0 },
	{ N, "敎子", "教子", NULL, 0 },
	{ N, "淺野", "浅野", NULL, 0 },
	{ N, "豐田", "豊田", NULL, 0 },
	{ N, "靑木", "青木", NULL, 0 },
	{ N, "會田", "会田", NULL, 0 },
	{ N, "關口", "関口", NULL, 0 },
	{ N, "戶田", "戸田", NULL, 0 },
	{ N, "槇", "槙", NULL, 0 },
	{ N, "槙", "槙", NULL, 0 },
	{ N, "遙", "遥", NULL, 0 },
	{ N, "檜山", "桧山", NULL, 0 },
	/* Compatibility ideographs fold through NFKC, and their unified
	 * forms are canonical (the table once sent 禎 and 祐 the other way). */
	{ N, "\xef\xa8\x90", "\xe5\xa1\x9a", NULL, 0 },   /* 塚 U+FA10 */
	{ N, "\xef\xa7\x9c", "\xe9\x9a\x86", NULL, 0 },   /* 隆 U+F9DC */
	{ N, "\xef\xa8\x9b", "\xe7\xa6\x8f", NULL, 0 },   /* 福 U+FA1B */
	{ N, "\xef\xa8\x9a", "\xe7\xa5\xa5", NULL, 0 },   /* 祥 U+FA1A */
	{ N, "\xef\xa9\x93", "\xe7\xa6\x8e", NULL, 0 },   /* 禎 U+FA53 */
	{ N, "\xef\xa9\x8f", "\xe7\xa5\x90", NULL, 0 },   /* 祐 U+FA4F */
	{ N, "\xef\xa9\x86", "\xe6\xb8\x9a", NULL, 0 },   /* 渚 U+FA46 */
	{ N, "\xe7\xa6\x8e", "\xe7\xa6\x8e", NULL, 0 },   /* 禎 U+798E */
	{ N, "\xe7\xa5\x90", "\xe7\xa5\x90", NULL, 0 },   /* 祐 U+7950 */
	{ N, "\xe6\xb8\x9a", "\xe6\xb8\x9a", NULL, 0 },   /* 渚 U+6E1A */
	/* Variation selectors: standardized (U+FE00) and ideographic (U+E0100). */
	{ N, "葛\xef\xb8\x80城", "葛城", NULL, 0 },
	{ N, "葛\xf3\xa0\x84\x80城", "葛城", NULL, 0 },
	{ N, "辻\xf3\xa0\x84\x81", "辻", NULL, 0 },
	{ N, "か\xef\xb8\x80\xe3\x82\x99", "が", NULL, 0 },
	/* A compatibility ideograph goes to its unified form through NFKC. */
	{ N, "\xef\xa8\x99", "神", NULL, 0 },
	/* Voicing marks: with their kana, or rejected. */
	{ N, "カ゛ス", "ガス", NULL, 0 },
	{ N, "か゛す", "がす", NULL, 0 },
	{ N, "ﾊﾟﾝ", "パン", NULL, 0 },
	{ N, "ワ゛", "ヷ", NULL, 0 },
	{ N, "わ゛", "わ\xe3\x82\x99", NULL, 0 },
	{ N, "山゛", NULL, "「゛」 does not go with 「山」: retype the name", 0 },
	{ N, "山\xe3\x82\x99", NULL, "「゛」 does not go with 「山」", 0 },
	{ N, "髙゜", NULL, "「゜」 does not go with 「髙」", 0 },
	{ N, "山田 ﾞ", NULL, "「゛」 must come right after its kana", 0 },
	{ N, "あ゛", NULL, "「゛」 does not go with 「あ」", 0 },
	{ N, "マリー゛", NULL, "「゛」 does not go with 「ー」", 0 },
	{ N, "゛山", NULL, "「゛」 must come right after its kana", 0 },
	{ N, "山田1", NULL, "「1」 cannot be in a name", 0 },
	{ N, "山田.", NULL, "「.」 cannot be in a name", 0 },
	{ N, "山-田", NULL, "「-」 cannot be in a name", 0 },
	{ N, "山田（太郎）", NULL, "「(」 cannot be in a name", 0 },
	{ N, "José", NULL, "「é」 cannot be in a name", 0 },
	{ N, "", NULL, "no name", 0 },
	{ N, "\xef\xb8\x80", NULL, "no name", 0 },
	{ N, "山田\r", NULL, "U+000D", 0 },
	{ N, "山\0田", NULL, "U+0000", 7 },
	{ N, "山田\xe3\x80", NULL, "not valid UTF-8", 0 },
};

static const struct tcase phones[] = {
	{ P, "(099) 472-1111", "0994721111", NULL, 0 },
	{ P, "099-472-1111", "0994721111", NULL, 0 },
	{ P, "0994721111", "0994721111", NULL, 0 },
	{ P, "０９９－４７２－１１１１", "0994721111", NULL, 0 },
	{ P, "（０９９）４７２－１１１１", "0994721111", NULL, 0 },
	{ P, "099ー472ー1111", "0994721111", NULL, 0 },
	{ P, "099‐472‐1111", "0994721111", NULL, 0 },
	{ P, "099−472−1111", "0994721111", NULL, 0 },
	{ P, "099 472 1111", "0994721111", NULL, 0 },
	{ P, "099.472.1111", "0994721111", NULL, 0 },
	{ P, "099─472─1111", "0994721111", NULL, 0 },
	{ P, "099‒472‒1111", "0994721111", NULL, 0 },
	{ P, "090-1234-5678", "09012345678", NULL, 0 },
	{ P, "+81 99-472-1111", "0994721111", NULL, 0 },
	{ P, "+81-90-1234-5678", "09012345678", NULL, 0 },
	{ P, "＋８１ ９０ １２３４ ５６７８", "09012345678", NULL, 0 },
	{ P, "+81 (0)99-472-1111", "0994721111", NULL, 0 },
	{ P, "81994721111", "0994721111", NULL, 0 },
	{ P, "819012345678", "09012345678", NULL, 0 },
	{ P, " 0120-123-456 ", "0120123456", NULL, 0 },
	{ P, "099-472-111", NULL, "10 or 11 digits, this has 9", 0 },
	{ P, "090-1234-56789", NULL, "10 or 11 digits, this has 12", 0 },
	{ P, "994721111", NULL, "starts with 0", 0 },
	/* The count after the +81 swap is shown with what was typed. */
	{ P, "+81", NULL, "the 2 digits typed read as 0, with 81 as the country code", 0 },
	{ P, "+81", NULL, "10 or 11 digits, this has 1", 0 },
	{ P, "810", NULL, "the 3 digits typed read as 0, with 81", 0 },
	{ P, "+81 99-472-111", NULL, "the 10 digits typed read as 099472111, with 81", 0 },
	{ P, "+81 (0)99-472-111", NULL, "the 11 digits typed read as 099472111", 0 },
	{ P, "+81 90 1234 56789", NULL, "the 13 digits typed read as 090123456789", 0 },
	{ P, "+1 555 123 4567", NULL, "only Japanese numbers", 0 },
	{ P, "099+472+1111", NULL, "「+」 cannot be in a phone number", 0 },
	{ P, "099-472-1111 内線12", NULL, "「内」 cannot be in a phone number", 0 },
	{ P, "tel:0994721111", NULL, "「t」 cannot be in a phone number", 0 },
	{ P, "", NULL, "no phone number", 0 },
	{ P, "- ( )", NULL, "no phone number", 0 },
	{ P, "12345678901234567890123456789012345", NULL, "too many digits", 0 },
	{ P, "099-472-1111\n", NULL, "U+000A", 0 },
	{ P, "099\0" "4721111", NULL, "U+0000", 11 },
	{ P, "\xfe" "0994721111", NULL, "not valid UTF-8", 0 },
};

static const struct tcase emails[] = {
	{ E, "taro@example.jp", "taro@example.jp", NULL, 0 },
	{ E, " Taro.Saito@Example.JP ", "taro.saito@example.jp", NULL, 0 },
	{ E, "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp", NULL, 0 },
	{ E, "　TARO@EXAMPLE.CO.JP　", "taro@example.co.jp", NULL, 0 },
	{ E, "taro+desk@mail.example.jp", "taro+desk@mail.example.jp", NULL, 0 },
	{ E, "TARO@例え.JP", "taro@例え.jp", NULL, 0 },
	{ E, "a@b.c", "a@b.c", NULL, 0 },
	/* RFC 5322 atext before the @ (dots anywhere, as old mobile
	 * addresses have them), letters, digits, - and . after it. */
	{ E, "o'brien+x=y@example.jp", "o'brien+x=y@example.jp", NULL, 0 },
	{ E, "a!#$%&*/?^_`{|}~b@example.jp", "a!#$%&*/?^_`{|}~b@example.jp", NULL, 0 },
	{ E, "taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp", NULL, 0 },
	{ E, "たろう@例え.jp", "たろう@例え.jp", NULL, 0 },
	{ E, "ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ", "taro@example.jp", NULL, 0 },
	{ E, "taro@mail-1.example.jp", "taro@mail-1.example.jp", NULL, 0 },
	{ E, "taro@example.jp,", NULL, "「,」 cannot be in the part after @", 0 },
	{ E, "taro<>@example.jp", NULL, "「<」 cannot be in an e-mail address", 0 },
	{ E, "taro@example.jp;x", NULL, "「;」 cannot be in the part after @", 0 },
	{ E, "taro@exa_mple.jp", NULL, "「_」 cannot be in the part after @", 0 },
	{ E, "taro@example,jp", NULL, "「,」 cannot be in the part after @", 0 },
	{ E, "\"taro\"@example.jp", NULL, "「\"」 cannot be in an e-mail address", 0 },
	{ E, "ta(ro)@example.jp", NULL, "「(」 cannot be in an e-mail address", 0 },
	{ E, "ta\\ro@example.jp", NULL, "「\\」 cannot be in an e-mail address", 0 },
	{ E, "taro:@example.jp", NULL, "「:」 cannot be in an e-mail address", 0 },
	{ E, "taro\xee\x80\x80@example.jp", NULL, "U+E000 cannot be in an e-mail address", 0 },
	{ E, "taro@ex\xee\x80\x80.jp", NULL, "U+E000 cannot be in the part after @", 0 },
	{ E, "taro\xef\xbf\xbd@example.jp", NULL, "U+FFFD cannot be in an e-mail address", 0 },
	{ E, "taro@\xf3\xb0\x80\x80.jp", NULL, "U+F0000 cannot be in the part after @", 0 },
	{ E, "taro\xef\xb7\x90@example.jp", NULL, "U+FDD0 cannot be", 0 },     /* unassigned for good */
	{ E, "taro、@example.jp", NULL, "「、」 cannot be in an e-mail address", 0 },
	{ E, "taro@example。jp", NULL, "「。」 cannot be in the part after @", 0 },
	{ E, "taro@-example.jp", NULL, "cannot start or end with -", 0 },
	{ E, "taro@example-.jp", NULL, "cannot start or end with -", 0 },
	{ E, "taro@example", NULL, "needs a dot", 0 },
	{ E, "taro@", NULL, "needs a dot", 0 },
	{ E, "@example.jp", NULL, "nothing before the @", 0 },
	{ E, "taroexample.jp", NULL, "needs an @", 0 },
	{ E, "taro@@example.jp", NULL, "only one @", 0 },
	{ E, "ta@ro@example.jp", NULL, "only one @", 0 },
	{ E, "taro yamada@example.jp", NULL, "no spaces", 0 },
	{ E, "taro@example..jp", NULL, "empty part between dots", 0 },
	{ E, "taro@.example.jp", NULL, "empty part between dots", 0 },
	{ E, "taro@example.jp.", NULL, "empty part between dots", 0 },
	{ E, "", NULL, "no e-mail address", 0 },
	{ E, "   ", NULL, "no e-mail address", 0 },
	{ E, "taro@example.jp\t", NULL, "U+0009", 0 },
	{ E, "taro\0@example.jp", NULL, "U+0000", 16 },
	{ E, "taro@ex\xe2\x80\x8b" "ample.jp", NULL, "U+200B", 0 },
	{ E, "taro@\xc3\x28.jp", NULL, "not valid UTF-8", 0 },
};

static const struct tcase postals[] = {
	{ Z, "〒899-7192", "8997192", NULL, 0 },
	{ Z, "８９９－７１９２", "8997192", NULL, 0 },
	{ Z, "8997192", "8997192", NULL, 0 },
	{ Z, "899-7192", "8997192", NULL, 0 },
	{ Z, "〒 899 7192", "8997192", NULL, 0 },
	{ Z, "〒８９９ー７１９２", "8997192", NULL, 0 },
	{ Z, "899−7192", "8997192", NULL, 0 },
	{ Z, "899─7192", "8997192", NULL, 0 },
	{ Z, "899〜7192", "8997192", NULL, 0 },
	{ Z, "\xe3\x80\xb6" "899-7192", "8997192", NULL, 0 },
	{ Z, "899-719", NULL, "7 digits, this has 6", 0 },
	{ Z, "899-71922", NULL, "7 digits, this has 8", 0 },
	{ Z, "〒", NULL, "7 digits, this has 0", 0 },
	{ Z, "", NULL, "7 digits, this has 0", 0 },
	{ Z, "899-7192 志布志市", NULL, "「志」 cannot be in a postal code", 0 },
	{ Z, "899/7192", NULL, "「/」 cannot be in a postal code", 0 },
	{ Z, "8997192\n", NULL, "U+000A", 0 },
	{ Z, "899\0" "7192", NULL, "U+0000", 8 },
	{ Z, "899\xe2\x82" "7192", NULL, "not valid UTF-8", 0 },
};

static void test_date_forms(void **state)
{
	(void)state;
	RUN(date_forms);
}

static void test_date_eras(void **state)
{
	(void)state;
	RUN(date_eras);
}

static void test_date_rejects(void **state)
{
	(void)state;
	RUN(date_rejects);
}

static void test_kana(void **state)
{
	(void)state;
	RUN(kana);
}

static void test_names(void **state)
{
	(void)state;
	RUN(names);
}

static void test_phones(void **state)
{
	(void)state;
	RUN(phones);
}

static void test_emails(void **state)
{
	(void)state;
	RUN(emails);
}

static void test_postals(void **state)
{
	(void)state;
	RUN(postals);
}

/* The canonical form of an accepted input is its own canonical form. */
static void idempotent_table(const struct tcase *t, size_t count, int *bad)
{
	for (size_t i = 0; i < count; i++) {
		struct ident_result a, b;

		if (!t[i].want)
			continue;
		if (ident_canon((enum ident_kind)t[i].kind, t[i].in, strlen(t[i].in), &a) != 0)
			continue;
		if (ident_canon((enum ident_kind)t[i].kind, a.canon, strlen(a.canon), &b) != 0 ||
		    strcmp(a.canon, b.canon) != 0 || b.msg[0] != '\0') {
			print_error("%s [%s] → [%s] → [%s] (%s)\n", ident_kind_name((enum ident_kind)t[i].kind),
				    t[i].in, a.canon, b.canon, b.msg);
			(*bad)++;
		}
	}
}

#define IDEM(table) idempotent_table(table, sizeof table / sizeof table[0], &bad)

static void test_idempotent(void **state)
{
	int bad = 0;

	(void)state;
	IDEM(date_forms);
	IDEM(date_eras);
	IDEM(date_rejects);
	IDEM(kana);
	IDEM(names);
	IDEM(phones);
	IDEM(emails);
	IDEM(postals);
	assert_int_equal(bad, 0);
}

/* A table's cases, and the canonical form of each accepted one again. */
static void run_idem(const struct tcase *t, size_t count)
{
	int bad = 0;

	run_table(t, count);
	idempotent_table(t, count, &bad);
	assert_int_equal(bad, 0);
}

#define RUN_IDEM(table) run_idem(table, sizeof table / sizeof table[0])

static void test_dates_issue14(void **state)
{
	(void)state;
	RUN_IDEM(date_issue14);
}

/* Megabyte input of every kind: rejected with a message, canon empty. */
static void test_huge_input(void **state)
{
	size_t n = 1 << 20;
	char *big = malloc(n);

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "あ", 3);
	for (int k = 0; k < IDENT_NKINDS; k++) {
		struct ident_result r;

		assert_int_equal(ident_canon((enum ident_kind)k, big, n - n % 3, &r), -1);
		assert_string_equal(r.canon, "");
		assert_non_null(strstr(r.msg, "too long"));
	}
	free(big);
}

/* Inputs just under the limit that grow past the canonical maximum. */
static void test_long_output(void **state)
{
	char in[1024];
	struct ident_result r;

	(void)state;
	for (size_t i = 0; i + 3 <= sizeof in; i += 3)
		memcpy(in + i, "ｱ", 3);
	assert_int_equal(ident_canon(IDENT_KANA, in, 1023, &r), -1);
	assert_non_null(strstr(r.msg, "too long"));
	for (size_t i = 0; i + 3 <= sizeof in; i += 3)
		memcpy(in + i, "山", 3);
	assert_int_equal(ident_canon(IDENT_NAME, in, 1023, &r), -1);
	assert_non_null(strstr(r.msg, "too long"));
	memset(in, 'a', sizeof in);
	memcpy(in + 500, "@example.jp", 11);
	assert_int_equal(ident_canon(IDENT_EMAIL, in, 1000, &r), -1);
	assert_non_null(strstr(r.msg, "too long"));
	assert_int_equal(ident_canon(IDENT_EMAIL, in + 400, 111, &r), 0);
	assert_int_equal(strlen(r.canon), 111);
}

static bool nfkc_stable(const uint8_t *s, size_t n)
{
	uint8_t buf[32];
	size_t len = sizeof buf;
	uint8_t *t = u8_normalize(UNINORM_NFKC, s, n, buf, &len);
	bool same = t && len == n && memcmp(t, s, n) == 0;

	if (t != buf)
		free(t);
	return same;
}

/* Every pair of the generated table folds, the table is sorted for the
 * binary search, and no standard form is itself folded further. */
static void test_kanji_table(void **state)
{
	size_t n = sizeof kanji_variants / sizeof kanji_variants[0];

	(void)state;
	assert_true(n >= 240);
	for (size_t i = 0; i < n; i++) {
		uint8_t in[8], want[8];
		struct ident_result r;
		int a = u8_uctomb(in, kanji_variants[i].from, 8), b = u8_uctomb(want, kanji_variants[i].to, 8);

		if (i > 0)
			assert_true(kanji_variants[i - 1].from < kanji_variants[i].from);
		assert_true(a > 0 && b > 0);
		/* NFKC runs first: a standard form it changes (a compatibility
		 * ideograph) would never come out of the folding of itself. */
		assert_true(nfkc_stable(want, (size_t)b));
		want[b] = '\0';
		assert_int_equal(ident_canon(IDENT_NAME, (const char *)in, (size_t)a, &r), 0);
		assert_string_equal(r.canon, (const char *)want);
		assert_int_equal(ident_canon(IDENT_NAME, (const char *)want, (size_t)b, &r), 0);
		assert_string_equal(r.canon, (const char *)want);
	}
}

/* data/kanji-variants-pairs.tsv lists every pair the table's sources name
 * (Unihan's kJinmeiyoKanji, kJoyoKanji and kZVariant pointers with a
 * Japanese-source side, the named kSemanticVariant pairs, the supplement)
 * with its decision and why: a "fold" or "nfkc" pair must meet under
 * ident_canon, a "keep" pair must not, and every pair of the compiled
 * table must be one of the folded ones, so no fold goes unexplained. */
static void test_kanji_pairs(void **state)
{
	static const char *const issue14[][2] = {
		{ "當", "当" }, { "鹽", "塩" }, { "譽", "誉" }, { "兩", "両" }, { "雙", "双" }, { "學", "学" },
		{ "硏", "研" }, { "倂", "併" }, { "揷", "挿" }, { "隸", "隷" }, { "獎", "奨" }, { "𡈽", "土" },
	};
	FILE *f = fopen("data/kanji-variants-pairs.tsv", "r");
	char line[1024];
	size_t n = sizeof kanji_variants / sizeof kanji_variants[0], rows = 0, keep = 0;
	bool *explained = calloc(n, sizeof *explained);
	int bad = 0, found = 0;

	(void)state;
	assert_non_null(f);
	assert_non_null(explained);
	while (fgets(line, sizeof line, f)) {
		char *from, *to, *decision, *fields, *why, *save = NULL;
		struct ident_result a = { "", "" }, b = { "", "" };
		bool meet, want;
		ucs4_t uc;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		from = strtok_r(line, "\t", &save);
		to = strtok_r(NULL, "\t", &save);
		decision = strtok_r(NULL, "\t", &save);
		fields = strtok_r(NULL, "\t", &save);
		why = strtok_r(NULL, "\t", &save);
		assert_non_null(why);
		rows++;
		want = strcmp(decision, "keep") != 0;
		keep += !want;
		assert_true(want || strcmp(decision, "keep") == 0);
		assert_true(strcmp(decision, "fold") == 0 || strcmp(decision, "nfkc") == 0 || !want);
		/* A kept pair may hold a code point newer than libunistring's
		 * Unicode (U+31F4C), which no name holds: apart all the same. */
		meet = ident_canon(IDENT_NAME, from, strlen(from), &a) == 0 &&
		       ident_canon(IDENT_NAME, to, strlen(to), &b) == 0 && strcmp(a.canon, b.canon) == 0;
		if (meet != want && bad++ < 10)
			print_error("%s %s (%s, %s: %s): ident_canon gives [%s] and [%s] (%s)\n", from, to, decision,
				    fields, why, a.canon, b.canon, a.msg[0] ? a.msg : b.msg);
		for (size_t i = 0; i < sizeof issue14 / sizeof issue14[0]; i++)
			found += strcmp(from, issue14[i][0]) == 0 && strcmp(to, issue14[i][1]) == 0 && want;
		if (!want || !u8_mbtouc(&uc, (const uint8_t *)from, strlen(from)))
			continue;
		for (size_t i = 0; i < n; i++)
			if (kanji_variants[i].from == uc)
				explained[i] = true;
	}
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (!explained[i] && bad++ < 20)
			print_error("U+%04X → U+%04X is folded but no pair explains it\n", kanji_variants[i].from,
				    kanji_variants[i].to);
	free(explained);
	assert_int_equal(bad, 0);
	assert_true(rows > n);
	assert_true(keep > 0);
	assert_int_equal(found, (int)(sizeof issue14 / sizeof issue14[0]));
}

/* No year that never was: 昭和 ends at 64, 平成 at 31, 大正 at 15, 明治
 * at 45 and starts (day for day) at 6; nor a day before or after an era. */
static void test_year_hint(void **state)
{
	static const struct { const char *in, *never[4]; } t[] = {
		{ "75/3/1", { "昭和", "平成", "大正", "明治" } },
		{ "65年3月1日", { "昭和", "平成", "大正", "明治" } },
		{ "50/3/1", { "平成", "大正", "明治", "19" } },
		{ "40/3/1", { "平成", "大正", "19", NULL } },
		{ "20/3/1", { "大正", "19", NULL, NULL } },
		{ "5/3/1", { "明治", "19", NULL, NULL } },
		/* The day, not just the year, existed in the era named. */
		{ "1/3/1", { "令和", "昭和", "大正", "明治" } },
		{ "31/5/1", { "平成", "19", NULL, NULL } },
		{ "15/12/26", { "大正", NULL, NULL, NULL } },
		{ "5/12/2", { "明治", NULL, NULL, NULL } },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct ident_result r;

		assert_int_equal(ident_canon(IDENT_DATE, t[i].in, strlen(t[i].in), &r), -1);
		for (int k = 0; k < 4 && t[i].never[k]; k++)
			if (strstr(r.msg, t[i].never[k])) {
				print_error("%s: [%s] has %s\n", t[i].in, r.msg, t[i].never[k]);
				bad++;
			}
	}
	assert_int_equal(bad, 0);
}

static void test_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < IDENT_NKINDS; k++)
		assert_int_equal(ident_kind_parse(ident_kind_name((enum ident_kind)k)), k);
	assert_int_equal(ident_kind_parse("birthday"), -1);
	assert_int_equal(ident_kind_parse(""), -1);
	assert_string_equal(ident_kind_name(IDENT_POSTAL), "postal");
}

static void test_jdate_api(void **state)
{
	struct jdate d = { 1975, 3, 1 };
	char buf[256], iso[11];

	(void)state;
	assert_int_equal(jdate_format_era(&d, buf, sizeof buf), 0);
	assert_string_equal(buf, "昭和50年3月1日");
	d = (struct jdate){ 1989, 1, 8 };
	jdate_format_era(&d, buf, sizeof buf);
	assert_string_equal(buf, "平成元年1月8日");
	d = (struct jdate){ 1926, 12, 25 };
	jdate_format_era(&d, buf, sizeof buf);
	assert_string_equal(buf, "昭和元年12月25日");
	d = (struct jdate){ 2019, 4, 30 };
	jdate_format_era(&d, buf, sizeof buf);
	assert_string_equal(buf, "平成31年4月30日");
	d = (struct jdate){ 1872, 12, 31 };
	assert_int_equal(jdate_format_era(&d, buf, sizeof buf), -1);
	assert_string_equal(buf, "");
	d = (struct jdate){ 2000, 2, 9 };
	jdate_iso(&d, iso);
	assert_string_equal(iso, "2000-02-09");
	assert_true(jdate_valid(2000, 2, 29));
	assert_false(jdate_valid(1900, 2, 29));
	assert_false(jdate_valid(2024, 0, 1));
	assert_false(jdate_valid(2024, 12, 32));
	assert_int_equal(jdate_parse("H31.5.1", 7, &d, buf, sizeof buf), 0);
	assert_int_equal(d.year, 2019);
	assert_non_null(strstr(buf, "read as 2019-05-01"));
	/* A small message buffer is cut, never overrun. */
	assert_int_equal(jdate_parse("大正16年1月1日", strlen("大正16年1月1日"), &d, buf, 8), -1);
	assert_true(strlen(buf) < 8);
	assert_int_equal(d.year, 0);
}

/* Every day from 1873 to 2100 reads back from its ISO form and from the
 * era form jdate_format_era gives, without a warning. */
static void test_every_day(void **state)
{
	int days = 0, bad = 0;

	(void)state;
	for (int y = 1873; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				struct jdate in = { y, m, d }, out;
				char iso[11], era[64], msg[256];

				if (!jdate_valid(y, m, d))
					continue;
				days++;
				jdate_iso(&in, iso);
				if (jdate_parse(iso, 10, &out, msg, sizeof msg) || msg[0] ||
				    out.year != y || out.month != m || out.day != d)
					bad++;
				if (jdate_format_era(&in, era, sizeof era) ||
				    jdate_parse(era, strlen(era), &out, msg, sizeof msg) || msg[0] ||
				    out.year != y || out.month != m || out.day != d) {
					if (bad++ < 10)
						print_error("%s / %s: %s\n", iso, era, msg);
				}
			}
	assert_int_equal(bad, 0);
	/* 228 years, 55 of them leap years (1900 and 2100 are not). */
	assert_int_equal(days, 228 * 365 + 55);
}

/* ---- issue 14: found however it is said ---- */

/* Readings: repeat marks, ー both ways, same sounds, the leading dash. */
static const struct tcase kana_issue14[] = {
	{ K, "さゝき はなこ", "ささきはなこ", NULL, 0 },
	{ K, "サヽキ ハナコ", "ささきはなこ", NULL, 0 },
	{ K, "いすゞ", "いすず", NULL, 0 },
	{ K, "ｲｽヾ", "いすず", NULL, 0 },
	{ K, "みすゞ", "みすず", NULL, 0 },
	{ K, "ちゞわ", "ちじわ", NULL, 0 },
	{ K, "つゞき", "つずき", NULL, 0 },
	{ K, "ぶゝ", "ぶふ", NULL, 0 },          /* ゝ repeats unvoiced */
	{ K, "はゞ", "はば", NULL, 0 },
	{ K, "ぱゞ", "ぱば", NULL, 0 },
	{ K, "あゞ", "ああ", NULL, 0 },          /* no voiced あ: as it is */
	{ K, "んゝ", "んん", NULL, 0 },
	{ K, "ゝ", "ゝ", NULL, 0 },              /* nothing to repeat */
	{ K, "ゞさ", "ゞさ", NULL, 0 },
	{ K, "たーゝ", "たああ", NULL, 0 },      /* ー stands for あ, which ゝ repeats */
	{ K, "んーゝ", "んーゝ", NULL, 0 },      /* ー is no kana to repeat */
	{ K, "サイトー ショーコ", "さいとうしようこ", NULL, 0 },
	{ K, "さいとう しょうこ", "さいとうしようこ", NULL, 0 },
	{ K, "さいとお しょおこ", "さいとうしようこ", NULL, 0 },
	{ K, "ｻｲﾄｰ ｼｮｰｺ", "さいとうしようこ", NULL, 0 },
	{ K, "ケーコ", "けいこ", NULL, 0 },
	{ K, "けえこ", "けいこ", NULL, 0 },
	{ K, "ユーコ", "ゆうこ", NULL, 0 },
	{ K, "シーナ", "しいな", NULL, 0 },
	{ K, "サーヤ", "さあや", NULL, 0 },
	{ K, "おおの", "おうの", NULL, 0 },
	{ K, "オーノ", "おうの", NULL, 0 },
	{ K, "とおる", "とうる", NULL, 0 },
	{ K, "トール", "とうる", NULL, 0 },
	{ K, "キョーコ", "きようこ", NULL, 0 },
	{ K, "ジュンイチロー", "じゆんいちろう", NULL, 0 },
	{ K, "せいいち", "せいいち", NULL, 0 },
	{ K, "おおい", "おうい", NULL, 0 },
	{ K, "たーー", "たああ", NULL, 0 },
	{ K, "んー", "んー", NULL, 0 },          /* no vowel: ー stays */
	{ K, "しーぶしたろー", "しいぶしたろう", NULL, 0 },
	{ K, "あおい", "あおい", NULL, 0 },      /* お after a-row is its own vowel */
	{ K, "ひでお", "ひでお", NULL, 0 },
	{ K, "ともえ", "ともえ", NULL, 0 },
	{ K, "ちぢわ", "ちじわ", NULL, 0 },
	{ K, "ちじわ", "ちじわ", NULL, 0 },
	{ K, "チヂワ", "ちじわ", NULL, 0 },
	{ K, "つづき", "つずき", NULL, 0 },
	{ K, "かをる", "かおる", NULL, 0 },
	{ K, "ゐ ゑ", "いえ", NULL, 0 },
	{ K, "ヰヱヲ", "いえお", NULL, 0 },
	{ K, "ヴィヴヴェヴォ", "びぶべぼ", NULL, 0 },
	{ K, "ヴュ ヴャ ヴョ", "びゆびやびよ", NULL, 0 },
	{ K, "ヸヹヺ", "びべぼ", NULL, 0 },
	{ K, "ﾜﾞｲﾝ", "ばいん", NULL, 0 },
	{ K, "ゔぅ", "ぶう", NULL, 0 },
	{ K, "ヴァ゛", NULL, "「゛」 does not go with 「ァ」", 0 },
	{ K, "ーさと", NULL, "「ー」 is not kana at the start of a reading", 0 },
	{ K, "〜さと", NULL, "「〜」 is not kana at the start of a reading", 0 },
	{ K, "-さと", NULL, "「-」 is not kana at the start of a reading", 0 },
	{ K, "ｰｻﾄ", NULL, "「ー」 is not kana at the start of a reading", 0 },
	{ K, " ーさと", NULL, "「ー」 is not kana at the start of a reading", 0 },
	{ K, "ー", NULL, "「ー」 is not kana at the start of a reading", 0 },
	{ K, "さとう -こ", "さとううこ", NULL, 0 },
};

/* Names: 々 〻 and the kana repeat marks, ヶ, the leading dash. */
static const struct tcase names_issue14[] = {
	{ N, "佐々木", "佐佐木", NULL, 0 },
	{ N, "佐佐木", "佐佐木", NULL, 0 },
	{ N, "佐〻木", "佐佐木", NULL, 0 },
	{ N, "佐 々木", "佐佐木", NULL, 0 },
	{ N, "時々々", "時時時", NULL, 0 },
	{ N, "髙々", "高高", NULL, 0 },
	{ N, "々", "々", NULL, 0 },
	{ N, "〻", "々", NULL, 0 },
	{ N, "々木", "々木", NULL, 0 },
	{ N, "関ヶ原", "関ケ原", NULL, 0 },
	{ N, "関ケ原", "関ケ原", NULL, 0 },
	{ N, "関ヵ原", "関ケ原", NULL, 0 },
	{ N, "関ゖ原", "関ケ原", NULL, 0 },
	{ N, "関ゕ原", "関ケ原", NULL, 0 },
	{ N, "いすゞ", "いすず", NULL, 0 },
	{ N, "イスヾ", "イスズ", NULL, 0 },
	{ N, "みすゞ", "みすず", NULL, 0 },
	{ N, "さゝき", "ささき", NULL, 0 },
	{ N, "ゝ", "ゝ", NULL, 0 },
	{ N, "山ゝ", "山ゝ", NULL, 0 },
	{ N, "ケ゛", "ゲ", NULL, 0 },
	{ N, "ヶ゛", NULL, "「゛」 does not go with 「ヶ」", 0 },
	{ N, "か々゛", NULL, "「゛」 does not go with 「々」", 0 },
	{ N, "ーあ", NULL, "「ー」 cannot be in a name here", 0 },
	{ N, "山ー", NULL, "「ー」 cannot be in a name here", 0 },
	{ N, "〜はな", NULL, "「〜」 cannot be in a name here", 0 },
	{ N, "マリー", "マリー", NULL, 0 },
	{ N, "マリ〜", "マリー", NULL, 0 },
	{ N, "んー", "んー", NULL, 0 },
	/* Old forms, and the Jōyō forms they fold to. */
	{ N, "當間", "当間", NULL, 0 },
	{ N, "當山", "当山", NULL, 0 },
	{ N, "鹽田", "塩田", NULL, 0 },
	{ N, "譽田", "誉田", NULL, 0 },
	{ N, "兩角", "両角", NULL, 0 },
	{ N, "雙葉", "双葉", NULL, 0 },
	{ N, "學", "学", NULL, 0 },
	{ N, "硏", "研", NULL, 0 },
	{ N, "倂", "併", NULL, 0 },
	{ N, "揷", "挿", NULL, 0 },
	{ N, "插", "挿", NULL, 0 },
	{ N, "隸", "隷", NULL, 0 },
	{ N, "獎", "奨", NULL, 0 },
	{ N, "奬", "奨", NULL, 0 },
	{ N, "𡈽屋", "土屋", NULL, 0 },
	{ N, "𠮷田", "吉田", NULL, 0 },
	{ N, "吳", "呉", NULL, 0 },
	{ N, "滿", "満", NULL, 0 },
	{ N, "聰子", "聡子", NULL, 0 },
	{ N, "當々", "当当", NULL, 0 },
};

static void test_kana_issue14(void **state)
{
	(void)state;
	RUN_IDEM(kana_issue14);
}

static void test_names_issue14(void **state)
{
	(void)state;
	RUN_IDEM(names_issue14);
}

/* Spellings of one person that must meet, and spellings of others that
 * must not: the fold is for sounds callers cannot tell apart, no more. */
static void test_spellings_meet(void **state)
{
	static const struct { int kind; const char *a, *b; bool same; } t[] = {
		{ K, "さゝき はなこ", "ささきはなこ", true },
		{ K, "いすゞ", "いすず", true },
		{ K, "サイトー ショーコ", "さいとうしょうこ", true },
		{ K, "さいとうしょうこ", "サイトー ショーコ", true },
		{ K, "おおの", "おーの", true },
		{ K, "おうの", "おおの", true },
		{ K, "けいこ", "けーこ", true },
		{ K, "ちぢわ", "ちじわ", true },
		{ K, "つづき", "つずき", true },
		{ K, "ゐ", "い", true },
		{ K, "ゑ", "え", true },
		{ K, "かをる", "かおる", true },
		{ K, "ヴァイオリン", "バイオリン", true },
		{ K, "ヴィ", "ビ", true },
		{ K, "ヴ", "ブ", true },
		{ K, "ヴェ", "ベ", true },
		{ K, "ヴォ", "ボ", true },
		{ K, "ヷ", "バ", true },
		{ N, "佐々木", "佐佐木", true },
		{ N, "関ヶ原", "関ケ原", true },
		{ N, "當間", "当間", true },
		{ N, "獎", "奨", true },
		{ N, "𡈽屋", "土屋", true },
		/* Not the same. */
		{ K, "しぶしたろう", "しーぶしたろう", false },
		{ K, "しぶしたろう", "しぶしたらー", false },
		{ K, "ゆうき", "ゆいーき", false },
		{ K, "さと", "さとう", false },
		{ K, "まりあ", "まりーあ", false },
		{ K, "あおい", "あうい", false },
		{ K, "ひでお", "ひでう", false },
		{ K, "ふぁ", "は", false },
		{ K, "ぶ", "ぷ", false },
		{ N, "カヨ", "ケヨ", false },
		{ N, "山田はな", "山田花", false },
		{ N, "𠮷", "吉田", false },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct ident_result a, b;

		assert_int_equal(ident_canon((enum ident_kind)t[i].kind, t[i].a, strlen(t[i].a), &a), 0);
		assert_int_equal(ident_canon((enum ident_kind)t[i].kind, t[i].b, strlen(t[i].b), &b), 0);
		if ((strcmp(a.canon, b.canon) == 0) != t[i].same) {
			print_error("%s [%s] → [%s], [%s] → [%s]: want %s\n", ident_kind_name((enum ident_kind)t[i].kind),
				    t[i].a, a.canon, t[i].b, b.canon, t[i].same ? "the same" : "different");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_kana_module(void **state)
{
	(void)state;
	/* ゝ ヽ unvoiced, ゞ ヾ voiced, in the script of the kana before. */
	assert_int_equal(kana_repeat(0x3055 /* さ */, 0x309D), 0x3055);
	assert_int_equal(kana_repeat(0x3055, 0x309E), 0x3056 /* ざ */);
	assert_int_equal(kana_repeat(0x3056, 0x309D), 0x3055);
	assert_int_equal(kana_repeat(0x30B5 /* サ */, 0x309D), 0x30B5);
	assert_int_equal(kana_repeat(0x30B5, 0x30FE), 0x30B6 /* ザ */);
	assert_int_equal(kana_repeat(0x3071 /* ぱ */, 0x309E), 0x3070 /* ば */);
	assert_int_equal(kana_repeat(0x3042 /* あ */, 0x309E), 0x3042);
	assert_int_equal(kana_repeat(0x30F4 /* ヴ */, 0x309D), 0x30A6 /* ウ */);
	assert_int_equal(kana_repeat(0x5C71 /* 山 */, 0x309D), 0);
	assert_int_equal(kana_repeat(0x30FC /* ー */, 0x309D), 0);
	assert_int_equal(kana_repeat(0, 0x309D), 0);
	assert_int_equal(kana_repeat(0x3055, 0x3005 /* 々 */), 0);
	/* One vowel for each row. */
	assert_int_equal(kana_vowel(0x3042), 'a');
	assert_int_equal(kana_vowel(0x3053 /* こ */), 'o');
	assert_int_equal(kana_vowel(0x3065 /* づ */), 'u');
	assert_int_equal(kana_vowel(0x3066 /* て */), 'e');
	assert_int_equal(kana_vowel(0x3074 /* ぴ */), 'i');
	assert_int_equal(kana_vowel(0x307D /* ぽ */), 'o');
	assert_int_equal(kana_vowel(0x3088 /* よ */), 'o');
	assert_int_equal(kana_vowel(0x308D /* ろ */), 'o');
	assert_int_equal(kana_vowel(0x308F /* わ */), 'a');
	assert_int_equal(kana_vowel(0x3092 /* を */), 'o');
	assert_int_equal(kana_vowel(0x3094 /* ゔ */), 'u');
	assert_int_equal(kana_vowel(0x3096 /* ゖ */), 'e');
	assert_int_equal(kana_vowel(0x3093 /* ん */), 0);
	assert_int_equal(kana_vowel(0x3063 /* っ */), 0);
	assert_int_equal(kana_vowel(0x30FC), 0);
	assert_int_equal(kana_vowel(0x30A2 /* ア */), 0);
}

/* The reading's canonical form is its own canonical form over every pair
 * of kana, marks and dashes, and every triple of the ones that interact:
 * the fold of a fold changes nothing, and no accepted reading keeps a
 * spelling the fold removes. */
static bool canon_again(const char *in, int *bad)
{
	struct ident_result a, b;

	if (ident_canon(IDENT_KANA, in, strlen(in), &a) != 0)
		return false;
	if (ident_canon(IDENT_KANA, a.canon, strlen(a.canon), &b) != 0 || strcmp(a.canon, b.canon) != 0 ||
	    strstr(a.canon, "ぢ") || strstr(a.canon, "づ") || strstr(a.canon, "ゐ") || strstr(a.canon, "ゑ") ||
	    strstr(a.canon, "を") || strstr(a.canon, "ゔ") || strstr(a.canon, "\xe3\x82\x99") ||
	    strstr(a.canon, "うー") || strstr(a.canon, "いー") || strstr(a.canon, "あー") ||
	    strstr(a.canon, "とお") || strstr(a.canon, "けえ")) {
		if ((*bad)++ < 10)
			print_error("[%s] → [%s] → [%s] %s\n", in, a.canon, b.canon, b.msg);
	}
	return true;
}

static void test_kana_fold_idempotent(void **state)
{
	static const char *const few[] = {
		"あ", "い", "う", "え", "お", "と", "け", "か", "ん", "ー", "ゝ", "ゞ", "ヽ", "ヾ", "ぢ", "づ",
		"ゐ", "ゑ", "を", "ゔ", "ヴ", "ぁ", "ゅ", "わ", "ヷ", "゛", "っ", "-", " ",
	};
	char in[64];
	int bad = 0, n = 0;

	(void)state;
	for (unsigned a = 0x3041; a <= 0x30FE; a++)
		for (unsigned b = 0x3041; b <= 0x30FE; b++) {
			uint8_t *p = (uint8_t *)in;

			p += u8_uctomb(p, a, 4);
			p += u8_uctomb(p, b, 4);
			*p = '\0';
			n += canon_again(in, &bad);
		}
	for (size_t a = 0; a < sizeof few / sizeof few[0]; a++)
		for (size_t b = 0; b < sizeof few / sizeof few[0]; b++)
			for (size_t c = 0; c < sizeof few / sizeof few[0]; c++) {
				snprintf(in, sizeof in, "か%s%s%s", few[a], few[b], few[c]);
				n += canon_again(in, &bad);
			}
	assert_true(n > 10000);
	assert_int_equal(bad, 0);
}

/* The rules' name: 16 hex digits, the same on every call (the snapshot
 * compares it across processes). */
static void test_rules_id(void **state)
{
	char a[IDENT_RULES_LEN + 1], b[IDENT_RULES_LEN + 1];

	(void)state;
	ident_rules_id(a);
	ident_rules_id(b);
	assert_int_equal(strlen(a), IDENT_RULES_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), IDENT_RULES_LEN);
	assert_string_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_id),
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_date_eras),
		cmocka_unit_test(test_date_rejects),
		cmocka_unit_test(test_dates_issue14),
		cmocka_unit_test(test_kana),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_postals),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_long_output),
		cmocka_unit_test(test_kanji_table),
		cmocka_unit_test(test_kanji_pairs),
		cmocka_unit_test(test_year_hint),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_jdate_api),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_kana_issue14),
		cmocka_unit_test(test_names_issue14),
		cmocka_unit_test(test_spellings_meet),
		cmocka_unit_test(test_kana_module),
		cmocka_unit_test(test_kana_fold_idempotent),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
