/*
 * Unit tests of src/text_*: width, display sanitising, the ambiguous-width
 * substitution (checked over every code point), wrapping with the Japanese
 * line rules (the 14 FAQ answers at widths 20-120), search folding, NFKC
 * and the UTF-8 checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <uninorm.h>
#include <unistr.h>

#include "text_display.h"
#include "text_fold.h"
#include "text_norm.h"
#include "text_utf8.h"
#include "text_width.h"
#include "text_wrap.h"

/* The answers of the FAQ seed (shared/seeds/000_4389e9f0fa07a5cb.txt),
 * copied here so the test does not depend on faq/. */
static const char *const answers[] = {
	"本市へのふるさと納税の窓口の一つであります「志布志市ふるさと納税特設サイト」において、外部の第三者によるサイバー攻撃を受け、当サイトを通じて本市にご寄附をいただいた方の一部のクレジットカード情報が漏えいした可能性があることが判明いたしました。 今回、継続中だった利用者情報についての調査が完了し、当サイトに利用者登録された方や、当サイトを通じて本市にご寄附をいただいた方の一部について、利用者情報が漏えいした可能性があることが判明いたしました。",
	"氏名、ふりがな、郵便番号、住所、メールアドレス、電話番号、生年月日、性別、ログインパスワード、クレジットカード情報、有効期限、セキュリティコードのうち、利用者様が当サイトで登録又は利用されていた情報です。",
	"① クレジットカード情報が漏えいしたおそれがあるのは、令和3年3月12日から令和3年12月29日までの間に、当サイトでクレジットカードによるご寄附をいただいた方です。 ② 利用者情報が漏えいしたおそれがあるのは、令和元年6月28日から同年7月5日までの間、および令和3年3月11日から同年12月24日までの間に会員登録または寄附をされた方です。",
	"利用者情報が漏えいしたおそれがある方として判明しているのは、2280件です。",
	"クレジットカード情報が漏えいしたおそれがある方として判明しているのは910件です。なお、この件数には、重複が含まれている可能性があります。",
	"今回の被害は、当サイトが改ざんされ、当サイトへのクレジットカード情報の入力時に情報が窃取されることにより生じたものであることから、当サイト以外のサイトには影響はないものと考えております。",
	"大変お手数をおかけし恐縮ですが、クレジットカード会社のサイトにて利用明細をご確認ください。不正利用が確認された場合、直ちにクレジットカード会社様にご連絡ください。再発行手数料は寄附者様の負担にならないよう対応いたします。",
	"クレジットカード会社から漏えいの可能性について情報提供を受け、構築・管理の委託先である保守管理会社に依頼して調査を行った結果、被害を認知しました。",
	"時間を要しましたことを深くお詫び申し上げます。 寄附者様へのご迷惑を最小限に食い止める対応準備を整えてから公表を行うべきと考えたこと、初期的な調査からさらなる漏えいのおそれは小さいと判断されたことから、対応準備を整えた後に公表いたしました。",
	"時間を要しましたことお詫び申し上げます。 当初クレジットカード情報の漏えいの可能性について調査を行いました。その過程で、利用者情報の漏えいの可能性が新たに判明しました。そこからさらに追加調査を行ったため、さらにお時間をいただくこととなりました。",
	"当初クレジットカード情報の漏えいの可能性について調査を行いました。その過程で、利用者情報の漏えいの可能性が新たに判明しました。追加調査にはさらに時間を要すると見込まれたことから、クレジットカード情報漏えいについて先行して報告させていただきました。",
	"4月6日に被害を認知した後、クレジットカード会社、当サイトの構築・運用を委託していた保守管理会社と連携し、セキュリティ業者に依頼して調査を行うとともに、セキュリティを専門とする弁護士に依頼して対応を進めてきました。また、鹿児島県警察及び個人情報保護委員会にも、被害申告や報告を行っております。",
	"クレジットカード情報が漏えいしたおそれがあるのは、令和3年3月12日から同年12月29日までの間に、当サイトでクレジットカードによる寄附の決済手続きをしていた方です。 対象の方には個別にご連絡を差し上げておりますが、ご心配のある方は、お持ちのクレジットカード会社のご相談窓口までご連絡ください。",
	"利用者情報が漏えいしたおそれがあるのは、令和元年6月28日から同年7月5日までの間、および令和3年3月11日から同年12月24日までの間に会員登録または寄附をされた方のデータです。 対象の方には個別にご連絡を差し上げておりますが、ご心配のある方はご相談窓口までご連絡ください。",
};

#define N(a) (sizeof (a) / sizeof (a)[0])

static size_t enc(unsigned int uc, char *buf)
{
	int len = u8_uctomb((uint8_t *)buf, uc, 6);

	assert_true(len > 0);
	buf[len] = '\0';
	return (size_t)len;
}

static unsigned int dec(const char *s, size_t n, size_t *len)
{
	ucs4_t uc;
	int l = u8_mbtoucr(&uc, (const uint8_t *)s, n);

	assert_true(l > 0);
	*len = (size_t)l;
	return uc;
}

/* ---- width ---- */

static void test_width(void **state)
{
	static const struct { const char *s; int w; } t[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "あいう", 6 },
		{ "漢字", 4 },
		{ "ｻｲﾄｳ", 4 },                     /* half-width katakana */
		{ "ｶﾞ", 2 },                       /* ｶ + half-width voicing mark */
		{ "e\xcc\x81", 1 },                /* e + combining acute */
		{ "か\xe3\x82\x99", 2 },           /* か + combining voicing */
		{ "①②", 2 },                       /* ambiguous: 1 under C.UTF-8 */
		{ "○※…─", 4 },
		{ "\xf0\x9f\x98\x80", 2 },         /* 😀 */
		/* 👨‍👩‍👧: one cluster, drawn by ncurses as three emoji */
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", 6 },
		{ "\x01\x1b", 0 },                 /* controls count 0 */
		{ "Ａ１", 4 },
		{ "漏えい 2280件", 13 },
	};

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		if (text_width(t[i].s, strlen(t[i].s)) != t[i].w)
			fail_msg("text_width(\"%s\") = %d, want %d", t[i].s,
				 text_width(t[i].s, strlen(t[i].s)), t[i].w);
	}
}

static void test_grapheme_len(void **state)
{
	static const struct { const char *s; size_t len; } t[] = {
		{ "ab", 1 },
		{ "\r\n", 2 },
		{ "e\xcc\x81x", 3 },
		{ "ｶﾞx", 6 },
		{ "か\xe3\x82\x99x", 6 },
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7x", 18 },
		{ "\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5x", 8 },   /* flag JP */
		{ "\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5\xf0\x9f\x87\xaf", 8 },
		{ "\xf0\x9f\x87\xafx", 4 },
		{ "あい", 3 },
		{ "\xff", 1 },
	};

	(void)state;
	assert_int_equal(text_grapheme_len("", 0), 0);
	for (size_t i = 0; i < N(t); i++)
		if (text_grapheme_len(t[i].s, strlen(t[i].s)) != t[i].len)
			fail_msg("text_grapheme_len(\"%s\") = %zu, want %zu", t[i].s,
				 text_grapheme_len(t[i].s, strlen(t[i].s)), t[i].len);
}

/* On every single code point the C library can draw, text_width is
 * wcwidth: that is what ncurses counts. */
static void test_width_is_wcwidth(void **state)
{
	char buf[8];
	size_t checked = 0;

	(void)state;
	for (unsigned int uc = 0; uc < 0x110000; uc++) {
		int w;

		if (uc >= 0xD800 && uc < 0xE000)
			continue;
		w = wcwidth((wchar_t)uc);
		if (w < 0)
			continue;
		size_t n = enc(uc, buf);

		if (text_width(buf, n) != w)
			fail_msg("U+%04X: text_width %d, wcwidth %d", uc, text_width(buf, n), w);
		checked++;
	}
	assert_true(checked > 100000);
}

static void test_fit(void **state)
{
	int w = -1;

	(void)state;
	assert_int_equal(text_fit("あいう", 9, 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(text_fit("あいう", 9, 6, &w), 9);
	assert_int_equal(w, 6);
	assert_int_equal(text_fit("abc", 3, 0, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(text_fit("", 0, 10, NULL), 0);
	/* never inside a cluster */
	assert_int_equal(text_fit("e\xcc\x81x", 4, 1, &w), 3);
	assert_int_equal(w, 1);
	assert_int_equal(text_fit("ｶﾞｷ", 9, 1, &w), 0);
	assert_int_equal(text_fit("ｶﾞｷ", 9, 2, &w), 6);
	assert_int_equal(w, 2);
}

static void test_copy_cut(void **state)
{
	char d[7];

	(void)state;
	text_copy_cut(d, sizeof d, "abc", 3);
	assert_string_equal(d, "abc");
	/* 6 bytes of room: two whole kana, not a third cut in two */
	text_copy_cut(d, sizeof d, "あいう", 9);
	assert_string_equal(d, "あい");
	text_copy_cut(d, 5, "あいう", 9);
	assert_string_equal(d, "あ");
	text_copy_cut(d, 1, "abc", 3);
	assert_string_equal(d, "");
}

static void test_fit_cut(void **state)
{
	int w = -1;
	bool cut = true;

	(void)state;
	/* fits: no mark */
	assert_int_equal(text_fit_cut("あいう", 9, 6, 1, &w, &cut), 9);
	assert_false(cut);
	assert_int_equal(w, 6);
	/* trailing spaces past the edge are no cut */
	assert_int_equal(text_fit_cut("ab   ", 5, 3, 1, &w, &cut), 3);
	assert_false(cut);
	/* cut: room for a 1-column mark (5 - 1 = 4 columns: あい) */
	assert_int_equal(text_fit_cut("あいう", 9, 5, 1, &w, &cut), 6);
	assert_true(cut);
	assert_int_equal(w, 4);
	/* cut with a 2-column mark: 3 columns left, one wide character */
	assert_int_equal(text_fit_cut("あいう", 9, 5, 2, &w, &cut), 3);
	assert_true(cut);
	assert_int_equal(w, 2);
	/* no room even for the mark: cut plainly, no mark */
	assert_int_equal(text_fit_cut("abc", 3, 1, 2, &w, &cut), 1);
	assert_false(cut);
}

/* ---- ambiguous width ---- */

static void test_ambiguous(void **state)
{
	static const unsigned int yes[] = {
		0x2460, 0x2461, 0x2473, 0x25CB, 0x25CF, 0x203B, 0x2026, 0x2025,
		0x00A7, 0x00D7, 0x00F7, 0x00B0, 0x2500, 0x2502, 0x250C, 0x03B1,
		0x0391, 0x0430, 0x0416, 0x2018, 0x201C, 0x2015, 0x00E9, 0xFFFD,
		0xE000,
	};
	static const unsigned int no[] = {
		'A', 'z', ' ', 0x3042, 0x30A2, 0x6F22, 0xFF76, 0xFF21, 0x3007,
		0xFF0A, 0x30FC, 0x3001, 0x3002, 0x300C, 0x0301, 0xFE0F, 0x1F600,
		0x00A5, 0x00A0, 0x0100,
	};

	(void)state;
	for (size_t i = 0; i < N(yes); i++)
		if (!text_is_ambiguous(yes[i]))
			fail_msg("U+%04X should be ambiguous", yes[i]);
	for (size_t i = 0; i < N(no); i++)
		if (text_is_ambiguous(no[i]))
			fail_msg("U+%04X should not be ambiguous", no[i]);
}

/* ---- display ---- */

/* Nothing a terminal would act on: no C0, DEL, C1, bidi control; valid. */
static void assert_display_safe(const char *d, const char *what)
{
	size_t n = strlen(d);

	if (!text_valid_utf8(d, n, NULL))
		fail_msg("display of %s is not valid UTF-8", what);
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned int uc = dec(d + i, n - i, &len);

		if (uc < 0x20 || (uc >= 0x7F && uc < 0xA0) || uc == 0x061C ||
		    uc == 0x200E || uc == 0x200F || (uc >= 0x202A && uc <= 0x202E) ||
		    (uc >= 0x2066 && uc <= 0x2069))
			fail_msg("display of %s contains U+%04X", what, uc);
		i += len;
	}
}

static void test_display_controls(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "", "" },
		{ "plain あいう", "plain あいう" },
		{ "a\x1b[31mb", "a?[31mb" },
		{ "a\rb", "a?b" },
		{ "a\r\nb", "a??b" },
		{ "a\bb", "a?b" },
		{ "a\tb", "a?b" },
		{ "a\nb", "a?b" },
		{ "\x7f", "?" },
		{ "\x07\x00", "?" },                 /* NUL ends the literal */
		{ "\xc2\x85", "?" },                 /* NEL (C1) */
		{ "\xc2\x9b" "2J", "?2J" },          /* CSI (C1) */
		{ "a\xe2\x80\xae" "b", "a?b" },         /* RLO */
		{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "????" },
		{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "????" },
		{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "???" },
		{ "\xe2\x80\xa8", "?" },             /* LINE SEPARATOR */
		{ "a\xffz", "a?z" },
		{ "\xe3\x81", "??" },                /* truncated あ */
		{ "\xc0\xaf", "??" },                /* overlong "/" */
		{ "\xed\xa0\x80", "???" },           /* surrogate */
		{ "\xf4\x90\x80\x80", "????" },      /* beyond U+10FFFF */
		{ "①○", "①○" },                     /* kept when single */
	};

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		char *d = text_display(t[i].in, strlen(t[i].in), TEXT_AMBI_SINGLE);

		assert_non_null(d);
		if (strcmp(d, t[i].out) != 0)
			fail_msg("text_display(#%zu) = \"%s\", want \"%s\"", i, d, t[i].out);
		assert_display_safe(d, t[i].in);
		free(d);
	}
	/* an embedded NUL is a control too */
	char *d = text_display("a\0b", 3, TEXT_AMBI_SINGLE);

	assert_string_equal(d, "a?b");
	free(d);
}

static void test_display_double(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "①②⑩⑳", "(1)(2)(10)(20)" },
		{ "○と●", "〇と＊" },
		{ "待って…", "待って..." },
		{ "‥", ".." },
		{ "※注意", "＊注意" },
		{ "┌─┐│└┘├┼", "+-+|+++" "+" },
		{ "3×4÷2", "3x4/2" },
		{ "25°", "25度" },
		{ "‘a’“b”", "'a'\"b\"" },
		{ "café", "cafe" },
		{ "α線とΩ", "alpha線とOmega" },
		{ "Ж", "Zhe" },
		{ "→", "->" },
		/* spread over the substitution table, so a mis-sorted entry shows */
		{ "¡ ¸ ŀ Ъь ≒ ≧ ☎ ★☆ ✽", "! , l \"' =~ >= TEL (黒星)(白星) ＊" },
		{ "○×△□■", "〇x(三角)(四角)(黒四角)" },
		{ "㉈㉏\xf0\x9f\x85\x90", "(10)(80)(A)" },
		{ "ⅣⅹⅫ", "IVxXII" },
		{ "\xef\xbf\xbd", "?" },            /* U+FFFD is ambiguous itself */
		{ "漢字かなカナ ｶﾅ ＡＢＣ", "漢字かなカナ ｶﾅ ＡＢＣ" },
		{ "e\xcc\x81", "e\xcc\x81" },        /* combining marks stay */
		{ "\xcc\x81" "a", " \xcc\x81" "a" },    /* with a base at the start */
		{ "\xe2\x80\x8d", " \xe2\x80\x8d" },
	};

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		char *d = text_display(t[i].in, strlen(t[i].in), TEXT_AMBI_DOUBLE);

		assert_non_null(d);
		if (strcmp(d, t[i].out) != 0)
			fail_msg("text_display(\"%s\", DOUBLE) = \"%s\", want \"%s\"",
				 t[i].in, d, t[i].out);
		free(d);
	}
}

/* Every code point, alone: the display is safe, and with DOUBLE it holds
 * no ambiguous character; with SINGLE a safe character passes unchanged. */
static void test_display_every_code_point(void **state)
{
	char buf[8];

	(void)state;
	for (unsigned int uc = 0; uc < 0x110000; uc++) {
		char *d1, *d2;
		size_t n, m;

		if (uc >= 0xD800 && uc < 0xE000)
			continue;
		n = enc(uc, buf);
		d1 = text_display(buf, n, TEXT_AMBI_SINGLE);
		d2 = text_display(buf, n, TEXT_AMBI_DOUBLE);
		assert_non_null(d1);
		assert_non_null(d2);
		if (strcmp(d1, "?") != 0 && strcmp(d1, buf) != 0 &&
		    !(d1[0] == ' ' && strcmp(d1 + 1, buf) == 0 && wcwidth((wchar_t)uc) == 0))
			fail_msg("U+%04X changed to \"%s\" with SINGLE", uc, d1);
		if (!text_is_ambiguous(uc) && strcmp(d1, d2) != 0)
			fail_msg("U+%04X is not ambiguous but DOUBLE changed it", uc);
		m = strlen(d2);
		assert_display_safe(d1, buf);
		assert_display_safe(d2, buf);
		for (size_t i = 0; i < m;) {
			size_t len;
			unsigned int c = dec(d2 + i, m - i, &len);

			if (text_is_ambiguous(c))
				fail_msg("U+%04X displays as \"%s\" holding ambiguous U+%04X",
					 uc, d2, c);
			i += len;
		}
		if (m == 0)
			fail_msg("U+%04X displays as nothing", uc);
		free(d1);
		free(d2);
	}
}

/* ---- wrapping ---- */

static bool starts_line_badly(unsigned int uc)
{
	static const char set[] = "、。，．」』）ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
	char buf[8];

	enc(uc, buf);
	return strstr(set, buf) != NULL;
}

static bool ends_line_badly(unsigned int uc)
{
	return uc == 0x300C || uc == 0x300E || uc == 0xFF08;
}

/* The invariants of every wrap: lines in order, the gaps between them only
 * spaces or one newline, no trailing or (continuation) leading space, each
 * width true and within cols unless a lone cluster is wider than the line,
 * and (when `kinsoku`) the line rules kept. */
static size_t check_wrap(const char *s, int cols, bool kinsoku, struct text_line **out)
{
	size_t n = strlen(s), pos = 0;
	struct text_line *l = NULL;
	size_t count = text_wrap(s, n, cols, &l);

	assert_true(count != (size_t)-1);
	for (size_t k = 0; k < count; k++) {
		bool newline = false;
		const char *line = s + l[k].off;

		if (l[k].off < pos)
			fail_msg("cols %d: line %zu overlaps", cols, k);
		for (size_t j = pos; j < l[k].off; j++) {
			if (s[j] == '\n' && !newline)
				newline = true;
			else if (s[j] != ' ')
				fail_msg("cols %d: line %zu skips byte 0x%02x", cols, k,
					 (unsigned char)s[j]);
		}
		if (l[k].off + l[k].len > n)
			fail_msg("cols %d: line %zu runs past the text", cols, k);
		if (text_width(line, l[k].len) != l[k].width)
			fail_msg("cols %d: line %zu width %d, counted %d", cols, k,
				 l[k].width, text_width(line, l[k].len));
		if (l[k].width > cols &&
		    text_grapheme_len(line, l[k].len) != l[k].len)
			fail_msg("cols %d: line %zu \"%.*s\" is %d wide", cols, k,
				 (int)l[k].len, line, l[k].width);
		if (l[k].len > 0 && line[l[k].len - 1] == ' ')
			fail_msg("cols %d: line %zu ends with a space", cols, k);
		if (k > 0 && !newline && l[k].len > 0 && line[0] == ' ')
			fail_msg("cols %d: line %zu starts with a space", cols, k);
		if (kinsoku && l[k].len > 0) {
			size_t len;
			const uint8_t *last;
			ucs4_t uc;

			if (k > 0 && !newline && starts_line_badly(dec(line, l[k].len, &len)))
				fail_msg("cols %d: line %zu starts with \"%.*s\"", cols, k,
					 (int)len, line);
			last = u8_prev(&uc, (const uint8_t *)line + l[k].len,
				       (const uint8_t *)line);
			assert_non_null(last);
			if (k + 1 < count && ends_line_badly(uc))
				fail_msg("cols %d: line %zu ends with an opening bracket", cols, k);
		}
		pos = l[k].off + l[k].len;
	}
	for (size_t j = pos; j < n; j++)
		if (s[j] != ' ' && s[j] != '\n')
			fail_msg("cols %d: the text after the last line is lost", cols);
	if (out)
		*out = l;
	else
		free(l);
	return count;
}

static void expect_lines(const char *s, int cols, const char *const *want, size_t nwant)
{
	struct text_line *l;
	size_t count = check_wrap(s, cols, true, &l);

	if (count != nwant)
		fail_msg("wrap(\"%s\", %d): %zu lines, want %zu", s, cols, count, nwant);
	for (size_t k = 0; k < count; k++)
		if (strlen(want[k]) != l[k].len || memcmp(s + l[k].off, want[k], l[k].len))
			fail_msg("wrap(\"%s\", %d) line %zu: \"%.*s\", want \"%s\"", s, cols,
				 k, (int)l[k].len, s + l[k].off, want[k]);
	free(l);
}

#define EXPECT(s, cols, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	expect_lines(s, cols, w_, N(w_)); \
} while (0)

static void test_wrap_basic(void **state)
{
	struct text_line *l = (struct text_line *)&l;

	(void)state;
	assert_int_equal(text_wrap("", 0, 10, &l), 0);
	free(l);
	EXPECT("hello world", 5, "hello", "world");
	EXPECT("hello world", 11, "hello world");
	EXPECT("hello   world  ", 7, "hello", "world");
	EXPECT("   ", 10, "");
	EXPECT("  indented text", 10, "  indented", "text");
	EXPECT("a\nb", 10, "a", "b");
	EXPECT("a\n\nb", 10, "a", "", "b");
	EXPECT("a\n", 10, "a");
	EXPECT("\n", 10, "");
	EXPECT("あいうえおかきくけこ", 10, "あいうえお", "かきくけこ");
	EXPECT("あいうえおかきくけこ", 11, "あいうえお", "かきくけこ");
	/* kinsoku: 、。 and small kana and ー move with the character before */
	EXPECT("あいうえお、かきくけこ。", 10, "あいうえ", "お、かきく", "けこ。");
	EXPECT("あいうえおっと", 10, "あいうえ", "おっと");
	EXPECT("あいうえカード", 10, "あいうえ", "カード");
	EXPECT("あいうえ「かぎ」です", 10, "あいうえ", "「かぎ」で", "す");
	/* cols 1: a wide character stands alone, 2 wide */
	EXPECT("あい", 1, "あ", "い");
	EXPECT("ab", 1, "a", "b");
}

static void test_wrap_forced(void **state)
{
	static const char *const long_ones[] = {
		"電話番号（0120-123-456-789-012-345）までどうぞ",
		"https://www.city.shibushi.lg.jp/soshiki/furusato/kojinjoho/index.html",
		"0120123456789012345678901234567890",
		"ーーーーーーーーーーーーーーーーーーーー",
		"、、、、、、、、、、、、、、、、、、、、",
		"x、。、。、。、。、。、。、。",
	};

	(void)state;
	for (size_t i = 0; i < N(long_ones); i++)
		for (int cols = 1; cols <= 30; cols++)
			check_wrap(long_ones[i], cols, false, NULL);
	/* a digit run cut where it must be, never over the width */
	EXPECT("0123456789", 4, "0123", "4567", "89");
	/* a forced cut does not put 。 at the start of a line when it can help it */
	EXPECT("0123456789。", 5, "01234", "5678", "9。");
	EXPECT("0123456789、。", 5, "01234", "5678", "9、。");
	EXPECT("ｱｲｳｴｵ。", 5, "ｱｲｳｴ", "ｵ。");
}

static void test_wrap_answers(void **state)
{
	(void)state;
	for (size_t a = 0; a < N(answers); a++) {
		for (int mode = 0; mode < 2; mode++) {
			char *d = text_display(answers[a], strlen(answers[a]),
					       mode ? TEXT_AMBI_DOUBLE : TEXT_AMBI_SINGLE);

			assert_non_null(d);
			for (int cols = 20; cols <= 120; cols++) {
				struct text_line *l;
				size_t count = check_wrap(d, cols, true, &l);

				assert_true(count >= 1);
				for (size_t k = 0; k < count; k++)
					if (l[k].width > cols)
						fail_msg("answer %zu cols %d line %zu too wide",
							 a + 1, cols, k);
				/* all but the last line are reasonably full */
				for (size_t k = 0; k + 1 < count; k++)
					if (l[k].width < cols - 6)
						fail_msg("answer %zu cols %d line %zu only %d wide",
							 a + 1, cols, k, l[k].width);
				free(l);
			}
			free(d);
		}
	}
}

/* ---- folding ---- */

static void test_fold(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "", "" },
		{ "ｻｲﾄｳ", "さいとう" },
		{ "サイトウ", "さいとう" },
		{ "カード", "かーど" },
		{ "ｶｰﾄﾞ", "かーど" },
		{ "カ-ド", "かーど" },
		{ "カ〜ド", "かーど" },
		{ "カ－ド", "かーど" },
		{ "カ～ド", "かーど" },
		{ "カ─ド", "かーど" },             /* the one dash list: text_is_dash */
		{ "カ⸺ド", "かーど" },
		{ "ｶﾞ", "が" },
		{ "カ゛", "が" },
		{ "か\xe3\x82\x99", "が" },
		{ "ﾊﾟｿｺﾝ", "ぱそこん" },
		{ "ハ゜", "ぱ" },
		{ "ヴ", "ゔ" },
		{ "ヵヶ", "ゕゖ" },
		{ "ＡＢＣ", "abc" },
		{ "ABC def", "abc def" },
		{ "漏えい", "漏えい" },
		{ "佐々木", "佐佐木" },
		{ "こゝろ", "こころ" },
		{ "いすゞ", "いすず" },
		{ "がゝ", "がか" },
		{ "ココヽ", "こここ" },
		{ "バヾ", "ばば" },
		{ "㈱", "(株)" },
		{ "①", "1" },
		{ "a-b", "a-b" },                  /* a dash after latin stays */
		{ "2280件", "2280件" },
		{ "a\xff" "b", "ab" },             /* invalid bytes dropped */
		{ "Ｅメール", "eめーる" },
		{ "Straße ﬁle ΣΑΣ", "strasse file σασ" },
		{ "İ", "i\xcc\x87" },
	};

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		struct text_fold f;

		assert_int_equal(text_fold(t[i].in, strlen(t[i].in), &f), 0);
		if (strcmp(f.s, t[i].out) != 0)
			fail_msg("text_fold(\"%s\") = \"%s\", want \"%s\"", t[i].in, f.s, t[i].out);
		assert_int_equal(f.n, strlen(f.s));
		text_fold_free(&f);
	}
}

/* The map is monotonic, points at character starts, ends at the length. */
static void check_map(const char *s)
{
	struct text_fold f;
	size_t n = strlen(s), len;
	char *key;

	assert_int_equal(text_fold(s, n, &f), 0);
	assert_int_equal(f.map[f.n], n);
	for (size_t i = 0; i < f.n; i++) {
		assert_true(f.map[i] < n);
		if (i > 0)
			assert_true(f.map[i] >= f.map[i - 1]);
		assert_true(((unsigned char)s[f.map[i]] & 0xC0) != 0x80);
	}
	key = text_fold_key(s, n, &len);
	assert_non_null(key);
	assert_int_equal(len, f.n);
	assert_memory_equal(key, f.s, len);
	free(key);
	text_fold_free(&f);
}

/* Finds `needle` (folded) in the folding of `hay`, returns the original
 * span it came from. */
static void expect_span(const char *hay, const char *needle, const char *want)
{
	struct text_fold f, q;
	const char *hit;
	size_t a, b;

	assert_int_equal(text_fold(hay, strlen(hay), &f), 0);
	assert_int_equal(text_fold(needle, strlen(needle), &q), 0);
	hit = strstr(f.s, q.s);
	if (!hit)
		fail_msg("\"%s\" not found in \"%s\"", needle, hay);
	a = f.map[hit - f.s];
	b = f.map[hit - f.s + q.n];
	if (b - a != strlen(want) || memcmp(hay + a, want, b - a) != 0)
		fail_msg("\"%s\" in \"%s\" highlights \"%.*s\", want \"%s\"", needle,
			 hay, (int)(b - a), hay + a, want);
	text_fold_free(&f);
	text_fold_free(&q);
}

static void test_fold_map(void **state)
{
	struct text_fold f;

	(void)state;
	assert_int_equal(text_fold("ｶﾞｰﾄﾞ", strlen("ｶﾞｰﾄﾞ"), &f), 0);
	assert_string_equal(f.s, "がーど");
	for (int i = 0; i < 3; i++)
		assert_int_equal(f.map[i], 0);     /* ｶﾞ, two code points */
	assert_int_equal(f.map[3], 6);
	assert_int_equal(f.map[6], 9);
	assert_int_equal(f.map[9], 15);
	text_fold_free(&f);

	check_map("");
	check_map("ｻｲﾄｳさんの㈱カ゛ード、佐々木 ＡＢＣ\xff" "end");
	for (size_t a = 0; a < N(answers); a++)
		check_map(answers[a]);

	expect_span("志布志市のｸﾚｼﾞｯﾄｶｰﾄﾞ情報", "カード", "ｶｰﾄﾞ");
	expect_span("志布志市のｸﾚｼﾞｯﾄｶｰﾄﾞ情報", "クレジット", "ｸﾚｼﾞｯﾄ");
	expect_span("佐々木さん", "佐佐", "佐々");
	expect_span("ＡＢＣ株式会社", "abc", "ＡＢＣ");
	expect_span("お問い合わせはカ゛イドへ", "がいど", "カ゛イド");
	expect_span(answers[1], "めーるあどれす", "メールアドレス");
}

static void test_valid_utf8(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(text_valid_utf8("", 0, &bad));
	assert_true(text_valid_utf8("あいう abc", strlen("あいう abc"), NULL));
	assert_false(text_valid_utf8("ab\xff", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(text_valid_utf8("あ\xe3\x81", 5, &bad));
	assert_int_equal(bad, 3);
	assert_false(text_valid_utf8("\xed\xa0\x80", 3, &bad));
	assert_int_equal(bad, 0);
}

/* text_nfkc must equal u8_normalize(NFKC) byte for byte; the short path
 * is only an optimisation.  uc == 0 ends a list. */
static void expect_nfkc(const ucs4_t *cps, size_t k)
{
	uint8_t in[32] = { 0 }, want_buf[64];
	char got_buf[64];
	size_t n = 0, wn = sizeof want_buf, gn = sizeof got_buf;

	for (size_t i = 0; i < k; i++)
		n += (size_t)u8_uctomb(in + n, cps[i], 6);
	uint8_t *want = u8_normalize(UNINORM_NFKC, in, n, want_buf, &wn);
	char *got = text_nfkc((const char *)in, n, got_buf, &gn);

	assert_non_null(want);
	assert_non_null(got);
	if (gn != wn || memcmp(got, want, wn) != 0)
		fail_msg("text_nfkc differs from NFKC for U+%04X U+%04X U+%04X (%zu code points)",
			 (unsigned)cps[0], k > 1 ? (unsigned)cps[1] : 0u, k > 2 ? (unsigned)cps[2] : 0u, k);
	if (want != want_buf)
		free(want);
	if (got != got_buf)
		free(got);
}

static void test_nfkc(void **state)
{
	static const ucs4_t pool_ranges[][2] = {
		{ 0x20, 0x7E }, { 0x3000, 0x30FF }, { 0xFF00, 0xFFEF },
		{ 0x4E00, 0x4E10 }, { 0x9FF0, 0x9FFF }, { 0x3400, 0x3402 },
		{ 0x0300, 0x0302 }, { 0x00C0, 0x00C2 }, { 0xF900, 0xF902 },
	};
	ucs4_t pool[800];
	size_t np = 0;

	(void)state;
	/* Every BMP code point alone, then after a kana and before a mark. */
	for (ucs4_t c = 1; c < 0x10000; c++) {
		if (c >= 0xD800 && c < 0xE000)
			continue;
		ucs4_t one[1] = { c }, around[3] = { 0x30AB, c, 0x3099 };

		expect_nfkc(one, 1);
		expect_nfkc(around, 3);
	}
	for (size_t r = 0; r < sizeof pool_ranges / sizeof pool_ranges[0]; r++)
		for (ucs4_t c = pool_ranges[r][0]; c <= pool_ranges[r][1]; c++)
			pool[np++] = c;
	/* Every pair from the pool, and each pair followed by each voicing
	 * mark in both spellings (combining, half-width). */
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < np; j++) {
			ucs4_t two[2] = { pool[i], pool[j] };

			expect_nfkc(two, 2);
		}
	for (size_t i = 0; i < np; i++) {
		static const ucs4_t marks[] = { 0x3099, 0x309A, 0xFF9E, 0xFF9F, 0x309B };

		for (size_t m = 0; m < 5; m++)
			for (size_t m2 = 0; m2 < 5; m2++) {
				ucs4_t three[3] = { pool[i], marks[m], marks[m2] };

				expect_nfkc(three, 3);
			}
	}
	/* A result that does not fit the buffer is malloc'd, on both paths. */
	{
		char small[4];
		size_t n = sizeof small;
		char *got = text_nfkc("ｻｲﾄｳ ｼｮｳｺ", strlen("ｻｲﾄｳ ｼｮｳｺ"), small, &n);

		assert_non_null(got);
		assert_ptr_not_equal(got, small);
		assert_int_equal(n, strlen("サイトウ ショウコ"));
		assert_memory_equal(got, "サイトウ ショウコ", n);
		free(got);
		n = sizeof small;
		got = text_nfkc("①②③", strlen("①②③"), small, &n);
		assert_non_null(got);
		assert_int_equal(n, 3);
		assert_memory_equal(got, "123", 3);
		if (got != small)
			free(got);
	}
}

/* Digits an operator types, ASCII or full-width, and nothing else. */
static void test_digit(void **state)
{
	(void)state;
	assert_int_equal(text_digit('0'), '0');
	assert_int_equal(text_digit('9'), '9');
	assert_int_equal(text_digit(0xFF10), '0');     /* ０ */
	assert_int_equal(text_digit(0xFF19), '9');     /* ９ */
	assert_int_equal(text_digit('/'), -1);
	assert_int_equal(text_digit(0xFF1A), -1);      /* ： */
	assert_int_equal(text_digit(0x0660), -1);      /* Arabic-Indic zero: not a desk's digit */
	assert_int_equal(text_digit(0x200030), -1);    /* a function key code */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_grapheme_len),
		cmocka_unit_test(test_width_is_wcwidth),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_cut),
		cmocka_unit_test(test_copy_cut),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_display_controls),
		cmocka_unit_test(test_display_double),
		cmocka_unit_test(test_display_every_code_point),
		cmocka_unit_test(test_wrap_basic),
		cmocka_unit_test(test_wrap_forced),
		cmocka_unit_test(test_wrap_answers),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_map),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_nfkc),
		cmocka_unit_test(test_digit),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_text: the C.UTF-8 locale is missing\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
