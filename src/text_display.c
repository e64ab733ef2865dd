#include "text_display.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unictype.h>
#include <uniname.h>
#include <uninorm.h>
#include <unistr.h>

#include "buf.h"
#include "text_width.h"

/* Characters that must not reach the terminal as they are: controls move
 * the cursor or change modes, bidi controls reorder what follows. */
static bool is_unsafe(ucs4_t uc)
{
	if (uc < 0x20 || (uc >= 0x7f && uc < 0xa0))
		return true;
	switch (uc) {
	case 0x061c: case 0x200e: case 0x200f: case 0x2028: case 0x2029:
		return true;
	}
	if ((uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069))
		return true;
	/* Unassigned and other characters the C library cannot draw: ncurses
	 * would print them in its own notation of unknown width. */
	return wcwidth((wchar_t)uc) < 0;
}

struct subst {
	unsigned int uc;
	const char *to;
};

/* Unambiguous spellings of the ambiguous characters Japanese text uses;
 * sorted by code point.  Ranges (circled numbers, box drawing) and the
 * rest are handled in ambi_subst(). */
static const struct subst substs[] = {
	{ 0x00A1, "!" }, { 0x00A4, "$" }, { 0x00A7, "Sec." }, { 0x00A8, "\"" },
	{ 0x00AA, "a" }, { 0x00AD, "-" }, { 0x00AE, "(R)" }, { 0x00B0, "度" },
	{ 0x00B1, "+-" }, { 0x00B4, "'" }, { 0x00B6, "P." }, { 0x00B7, "・" },
	{ 0x00B8, "," }, { 0x00BA, "o" }, { 0x00BF, "?" }, { 0x00C6, "AE" },
	{ 0x00D0, "D" }, { 0x00D7, "x" }, { 0x00D8, "O" }, { 0x00DE, "Th" },
	{ 0x00DF, "ss" }, { 0x00E6, "ae" }, { 0x00F0, "d" }, { 0x00F7, "/" },
	{ 0x00F8, "o" }, { 0x00FE, "th" }, { 0x0111, "d" }, { 0x0126, "H" },
	{ 0x0127, "h" }, { 0x0131, "i" }, { 0x0138, "k" }, { 0x013F, "L" },
	{ 0x0140, "l" }, { 0x0141, "L" }, { 0x0142, "l" }, { 0x0149, "'n" },
	{ 0x014A, "N" }, { 0x014B, "n" }, { 0x0152, "OE" }, { 0x0153, "oe" },
	{ 0x0166, "T" }, { 0x0167, "t" }, { 0x0251, "a" }, { 0x0261, "g" },
	{ 0x02C4, "^" }, { 0x02C7, "v" }, { 0x02C9, "-" }, { 0x02CA, "'" },
	{ 0x02CB, "`" }, { 0x02CD, "_" }, { 0x02D0, ":" }, { 0x02D8, "'" },
	{ 0x02D9, "'" }, { 0x02DA, "o" }, { 0x02DB, "," }, { 0x02DD, "\"" },
	{ 0x02DF, "x" }, { 0x042A, "\"" }, { 0x042C, "'" }, { 0x044A, "\"" },
	{ 0x044C, "'" }, { 0x2010, "-" }, { 0x2013, "-" }, { 0x2014, "－" },
	{ 0x2015, "－" }, { 0x2016, "||" }, { 0x2018, "'" }, { 0x2019, "'" },
	{ 0x201C, "\"" }, { 0x201D, "\"" }, { 0x2020, "+" }, { 0x2021, "++" },
	{ 0x2022, "・" }, { 0x2024, "." }, { 0x2025, ".." }, { 0x2026, "..." },
	{ 0x2027, "・" }, { 0x2030, "o/oo" }, { 0x2032, "'" }, { 0x2033, "\"" },
	{ 0x2035, "`" }, { 0x203B, "＊" }, { 0x203E, "~" }, { 0x2074, "4" },
	{ 0x207F, "n" }, { 0x2081, "1" }, { 0x2082, "2" }, { 0x2083, "3" },
	{ 0x2084, "4" }, { 0x20AC, "EUR" }, { 0x2103, "度C" },
	{ 0x2105, "c/o" }, { 0x2109, "度F" }, { 0x2113, "l" },
	{ 0x2116, "No." }, { 0x2121, "TEL" }, { 0x2122, "TM" },
	{ 0x2126, "Ohm" }, { 0x212B, "A" }, { 0x2190, "<-" }, { 0x2191, "^" },
	{ 0x2192, "->" }, { 0x2193, "v" }, { 0x2194, "<->" }, { 0x2195, "^v" },
	{ 0x2196, "\\" }, { 0x2197, "/" }, { 0x2198, "\\" }, { 0x2199, "/" },
	{ 0x21D2, "=>" }, { 0x21D4, "<=>" }, { 0x21E7, "^" }, { 0x2200, "A" },
	{ 0x2202, "d" }, { 0x2203, "E" }, { 0x2207, "V" }, { 0x2208, "(-" },
	{ 0x220B, "-)" }, { 0x220F, "PI" }, { 0x2211, "SUM" }, { 0x2215, "/" },
	{ 0x221A, "sqrt" }, { 0x221D, "oc" }, { 0x221E, "oo" },
	{ 0x221F, "L" }, { 0x2220, "<" }, { 0x2223, "|" }, { 0x2225, "||" },
	{ 0x2227, "&" }, { 0x2228, "|" }, { 0x2229, "&" }, { 0x222A, "|" },
	{ 0x222B, "S" }, { 0x222C, "SS" }, { 0x222E, "S" }, { 0x2234, ".:." },
	{ 0x2235, ":.:" }, { 0x2236, ":" }, { 0x2237, "::" }, { 0x223C, "~" },
	{ 0x223D, "~" }, { 0x2248, "~=" }, { 0x224C, "~=" }, { 0x2252, "=~" },
	{ 0x2260, "!=" }, { 0x2261, "==" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x2266, "<=" }, { 0x2267, ">=" }, { 0x226A, "<<" }, { 0x226B, ">>" },
	{ 0x226E, "!<" }, { 0x226F, "!>" }, { 0x2282, "(" }, { 0x2283, ")" },
	{ 0x2286, "(=" }, { 0x2287, "=)" }, { 0x2295, "(+)" },
	{ 0x2299, "(.)" }, { 0x22A5, "_|_" }, { 0x22BF, "L" }, { 0x2312, "^" },
	/* The shapes of ○×△ grading and check boxes keep their meaning
	 * in words: ＊ and ＋ for all of them said "yes" for △. */
	{ 0x25A0, "(黒四角)" }, { 0x25A1, "(四角)" }, { 0x25B2, "(黒三角)" }, { 0x25B3, "(三角)" },
	{ 0x25B6, ">" }, { 0x25B7, ">" }, { 0x25BC, "(黒逆三角)" }, { 0x25BD, "(逆三角)" },
	{ 0x25C0, "<" }, { 0x25C1, "<" }, { 0x25C6, "(黒ひし形)" }, { 0x25C7, "(ひし形)" },
	{ 0x25CB, "〇" }, { 0x25CE, "(〇)" }, { 0x25CF, "＊" }, { 0x25EF, "〇" },
	{ 0x2605, "(黒星)" }, { 0x2606, "(白星)" }, { 0x260E, "TEL" }, { 0x261C, "<-" },
	{ 0x261E, "->" }, { 0x2640, "F" }, { 0x2642, "M" }, { 0x266A, "#" },
	{ 0x266D, "b" }, { 0x266F, "#" }, { 0x2713, "v" }, { 0x273D, "＊" },
	{ 0xFFFD, "?" },
};

/* "(1)" for the circled, parenthesised and negative-circled numbers. */
static const char *circled(ucs4_t uc, char *tmp, size_t size)
{
	static const struct { unsigned int lo, hi; int first; char kind; } runs[] = {
		{ 0x2460, 0x2473, 1, 'n' },   /* ①..⑳ */
		{ 0x3248, 0x324F, 1, 't' },   /* ㉈..㉏: 10..80 */
		{ 0x1F150, 0x1F169, 'A', 'c' },
		{ 0x1F170, 0x1F189, 'A', 'c' },
		{ 0x24B6, 0x24CF, 'A', 'c' }, /* Ⓐ..Ⓩ */
		{ 0x24D0, 0x24E9, 'a', 'c' }, /* ⓐ..ⓩ */
		{ 0x24EA, 0x24EA, 0, 'n' },   /* ⓪ */
		{ 0x24EB, 0x24F4, 11, 'n' },  /* ⓫..⓴ */
		{ 0x24F5, 0x24FE, 1, 'n' },   /* ⓵..⓾ */
		{ 0x24FF, 0x24FF, 0, 'n' },   /* ⓿ */
		{ 0x2776, 0x277F, 1, 'n' },   /* ❶..❿ */
		{ 0x2780, 0x2789, 1, 'n' },
		{ 0x278A, 0x2793, 1, 'n' },
	};

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		int k;

		if (uc < runs[i].lo || uc > runs[i].hi)
			continue;
		k = runs[i].first + (int)(uc - runs[i].lo);
		if (runs[i].kind == 't')
			snprintf(tmp, size, "(%d)", 10 * k);
		else if (runs[i].kind == 'n')
			snprintf(tmp, size, "(%d)", k);
		else
			snprintf(tmp, size, "(%c)", k);
		return tmp;
	}
	return NULL;
}

/* Box drawing by the shape its name gives: "-", "|" or "+". */
static const char *box(ucs4_t uc)
{
	char name[UNINAME_MAX];
	bool h, v;

	switch (uc) {
	case 0x2571: return "/";
	case 0x2572: return "\\";
	case 0x2573: return "X";
	}
	if (!unicode_character_name(uc, name))
		return "+";
	h = strstr(name, "HORIZONTAL") || strstr(name, "LEFT") || strstr(name, "RIGHT");
	v = strstr(name, "VERTICAL") || strstr(name, " UP") || strstr(name, "DOWN");
	if (h && !v)
		return "-";
	if (v && !h)
		return "|";
	return "+";
}

static bool has_ambiguous(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);

		if (len <= 0 || text_is_ambiguous(uc) || is_unsafe(uc))
			return true;
		i += (size_t)len;
	}
	return false;
}

/* Greek and Cyrillic letters spelled by name ("alpha", "Zhe"): there is no
 * unambiguous form of them, and a name reads better than "?". */
static bool spell_letter(ucs4_t uc, char *tmp, size_t size)
{
	char name[UNINAME_MAX];
	const char *word;
	bool small;
	size_t i;

	if (!((uc >= 0x0391 && uc <= 0x03C9) || (uc >= 0x0401 && uc <= 0x0451)))
		return false;
	if (!unicode_character_name(uc, name))
		return false;
	small = strstr(name, " SMALL ") != NULL;
	word = strrchr(name, ' ');
	word = word ? word + 1 : name;
	for (i = 0; word[i] && i + 1 < size; i++) {
		char c = word[i];

		if (c >= 'A' && c <= 'Z' && (small || i > 0))
			c = (char)(c - 'A' + 'a');
		tmp[i] = c;
	}
	tmp[i] = '\0';
	return i > 0;
}

/* The compatibility decomposition without accents (é → e, Ⅳ → IV), when
 * it contains nothing ambiguous itself. */
static bool decompose_plain(ucs4_t uc, char *tmp, size_t size)
{
	uint8_t in[6], out[64];
	size_t outlen = sizeof out, k = 0;
	int len = u8_uctomb(in, uc, sizeof in);
	uint8_t *r;

	if (len <= 0)
		return false;
	r = u8_normalize(UNINORM_NFKD, in, (size_t)len, out, &outlen);
	if (!r)
		return false;
	for (size_t i = 0; i < outlen;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, r + i, outlen - i);

		if (!uc_is_general_category(c, UC_CATEGORY_M)) {
			if (k + (size_t)l + 1 > size) {
				k = 0;
				break;
			}
			memcpy(tmp + k, r + i, (size_t)l);
			k += (size_t)l;
		}
		i += (size_t)l;
	}
	if (r != out)
		free(r);
	tmp[k] = '\0';
	return k > 0 && !has_ambiguous(tmp, k);
}

/* The unambiguous spelling of an ambiguous character; tmp holds it when
 * it is computed. */
static const char *ambi_subst(ucs4_t uc, char *tmp, size_t size)
{
	size_t lo = 0, hi = sizeof substs / sizeof substs[0];
	const char *r;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc < substs[mid].uc)
			hi = mid;
		else if (uc > substs[mid].uc)
			lo = mid + 1;
		else
			return substs[mid].to;
	}
	if ((r = circled(uc, tmp, size)))
		return r;
	if (uc >= 0x2500 && uc <= 0x257F)
		return box(uc);
	if (uc >= 0x2580 && uc <= 0x259F)
		return "#";
	if (decompose_plain(uc, tmp, size) || spell_letter(uc, tmp, size))
		return tmp;
	return "?";
}

/* The printable ASCII run starting at s[0..n): copied as it is. */
static size_t ascii_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
		i++;
	return i;
}

char *text_display(const char *s, size_t n, enum text_ambi ambi)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < n && !b.oom;) {
		size_t run = ascii_run(s + i, n - i);
		ucs4_t uc;
		int len;
		char tmp[64];

		if (run) {
			buf_add(&b, s + i, run);
			i += run;
			continue;
		}
		len = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);
		if (len <= 0 || is_unsafe(uc)) {
			buf_add(&b, "?", 1);
			i += len > 0 ? (size_t)len : 1;
			continue;
		}
		if (b.n == 0 && wcwidth((wchar_t)uc) == 0) {
			/* ncurses attaches a zero-width character to the
			 * cell before it: at the start that would be
			 * somebody else's cell, so give it a base. */
			buf_add(&b, " ", 1);
		}
		if (ambi == TEXT_AMBI_DOUBLE && text_is_ambiguous(uc))
			buf_str(&b, ambi_subst(uc, tmp, sizeof tmp));
		else
			buf_add(&b, s + i, (size_t)len);
		i += (size_t)len;
	}
	/* An empty text is an empty string, not NULL. */
	if (buf_add(&b, "", 0)) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}
