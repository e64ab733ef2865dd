#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unicase.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uniname.h>
#include <uninorm.h>
#include <unistr.h>

#include "text_ambi.h"

/* ---- growable byte buffer (with an optional parallel offset map) ---- */

struct buf {
	char *s;
	size_t n, cap;
	size_t *map;   /* NULL unless the caller wants offsets */
	bool want_map;
	bool oom;
};

static bool buf_reserve(struct buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->oom)
		return false;
	if (b->n + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < b->n + more + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s)
		goto oom;
	b->s = s;
	if (b->want_map) {
		size_t *m = realloc(b->map, cap * sizeof *m);

		if (!m)
			goto oom;
		b->map = m;
	}
	b->cap = cap;
	return true;
oom:
	b->oom = true;
	return false;
}

static void buf_add(struct buf *b, const char *s, size_t n, size_t orig)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->s + b->n, s, n);
	if (b->want_map)
		for (size_t i = 0; i < n; i++)
			b->map[b->n + i] = orig;
	b->n += n;
}

static void buf_addc(struct buf *b, ucs4_t uc, size_t orig)
{
	uint8_t tmp[6];
	int len = u8_uctomb(tmp, uc, sizeof tmp);

	if (len > 0)
		buf_add(b, (const char *)tmp, (size_t)len, orig);
}

static void buf_free(struct buf *b)
{
	free(b->s);
	free(b->map);
	memset(b, 0, sizeof *b);
}

/* ---- code points ---- */

/* Decodes one code point; returns its length, or 0 for an invalid or
 * truncated sequence (the caller then treats one byte as invalid). */
static size_t decode(const char *s, size_t n, ucs4_t *uc)
{
	int len = u8_mbtoucr(uc, (const uint8_t *)s, n);

	return len > 0 ? (size_t)len : 0;
}

static int cp_width(ucs4_t uc)
{
	int w = wcwidth((wchar_t)uc);

	return w > 0 ? w : 0;
}

/* ---- width ---- */

static bool is_regional(const uint8_t *s, size_t n)
{
	ucs4_t uc;

	return u8_mbtoucr(&uc, s, n) == 4 && uc >= 0x1F1E6 && uc <= 0x1F1FF;
}

size_t text_grapheme_len(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	const uint8_t *next;

	if (n == 0)
		return 0;
	/* The common case, an ASCII character not followed by a combining
	 * sequence, without the cost of the full cluster rules. */
	if (p[0] < 0x80 && (n == 1 || (p[1] < 0x80 && !(p[0] == '\r' && p[1] == '\n'))))
		return 1;
	next = u8_grapheme_next(p, p + n);
	if (!next || next <= p)
		return 1;
	/* libunistring 1.0 lacks rules GB12/13 (a flag is two regional
	 * indicators) and GB11 (an emoji ZWJ sequence is one cluster). */
	if (next == p + 4 && next < p + n && is_regional(p, 4) &&
	    is_regional(next, (size_t)(p + n - next)))
		next = u8_grapheme_next(next, p + n);
	while (next < p + n) {
		ucs4_t last, following;

		if (!u8_prev(&last, next, p) || last != 0x200D ||
		    u8_mbtoucr(&following, next, (size_t)(p + n - next)) <= 0 ||
		    !uc_is_property_extended_pictographic(following))
			break;
		next = u8_grapheme_next(next, p + n);
	}
	return (size_t)(next - p);
}

static int cluster_width(const char *s, size_t n)
{
	int w = 0;

	if (n == 1)
		return (unsigned char)s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		size_t len = decode(s + i, n - i, &uc);
		int cw;

		if (len == 0) {
			/* An invalid byte: text_display would draw "?". */
			cw = 1;
			len = 1;
		} else {
			cw = cp_width(uc);
		}
		w += cw;
		i += len;
	}
	return w;
}

int text_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n;) {
		size_t g = text_grapheme_len(s + i, n - i);

		w += cluster_width(s + i, g);
		i += g;
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int cols, int *width)
{
	size_t i = 0;
	int w = 0;

	while (i < n) {
		size_t g = text_grapheme_len(s + i, n - i);
		int cw = cluster_width(s + i, g);

		if (w + cw > cols)
			break;
		w += cw;
		i += g;
	}
	if (width)
		*width = w;
	return i;
}

size_t text_fit_cut(const char *s, size_t n, int cols, int markw, int *width, bool *cut)
{
	size_t fit = text_fit(s, n, cols, width), rest = fit;

	*cut = false;
	while (rest < n && s[rest] == ' ')
		rest++;
	if (rest == n || cols < markw)
		return fit;
	*cut = true;
	return text_fit(s, n, cols - markw, width);
}

/* ---- East Asian Ambiguous ---- */

bool text_is_ambiguous(unsigned int uc)
{
	size_t lo = 0, hi = sizeof text_ambi_ranges / sizeof text_ambi_ranges[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc < text_ambi_ranges[mid].lo) {
			hi = mid;
		} else if (uc > text_ambi_ranges[mid].hi) {
			lo = mid + 1;
		} else {
			/* Combining marks (U+0300 accents, variation selectors)
			 * are class A too, but every terminal draws them with
			 * zero width, so they cannot shift the screen. */
			return !uc_is_general_category(uc, UC_CATEGORY_Mn) &&
			       !uc_is_general_category(uc, UC_CATEGORY_Me);
		}
	}
	return false;
}

/* ---- display ---- */

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
		size_t len = decode(s + i, n - i, &uc);

		if (len == 0 || text_is_ambiguous(uc) || is_unsafe(uc))
			return true;
		i += len;
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

char *text_display(const char *s, size_t n, enum text_ambi ambi)
{
	struct buf b = { 0 };

	if (!buf_reserve(&b, n))
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		ucs4_t uc;
		size_t len;
		char tmp[64];

		if (c >= 0x20 && c < 0x7f) {
			buf_add(&b, s + i, 1, 0);
			i++;
			continue;
		}
		len = decode(s + i, n - i, &uc);
		if (len == 0 || is_unsafe(uc)) {
			buf_add(&b, "?", 1, 0);
			i += len ? len : 1;
			continue;
		}
		if (b.n == 0 && wcwidth((wchar_t)uc) == 0) {
			/* ncurses attaches a zero-width character to the
			 * cell before it: at the start that would be
			 * somebody else's cell, so give it a base. */
			buf_add(&b, " ", 1, 0);
		}
		if (ambi == TEXT_AMBI_DOUBLE && text_is_ambiguous(uc)) {
			const char *r = ambi_subst(uc, tmp, sizeof tmp);

			buf_add(&b, r, strlen(r), 0);
		} else {
			buf_add(&b, s + i, len, 0);
		}
		i += len;
	}
	if (b.oom) {
		buf_free(&b);
		return NULL;
	}
	b.s[b.n] = '\0';
	return b.s;
}

/* ---- wrapping ---- */

/* Japanese line-start rule (kinsoku): characters that never begin a line:
 * 、。，．・：；？！ー‐゠–〜～ヽヾゝゞ々〻」』）］｝〕〉》】〙〗, the small
 * kana (ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ…ㇿ) and their
 * half-width forms (｣､｡ｰｧ…ｯ).  Sorted for bsearch. */
static const uint16_t no_start_set[] = {
	0x2010, 0x2013, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D,
	0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301C, 0x303B, 0x3041,
	0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
	0x308E, 0x3095, 0x3096, 0x309D, 0x309E, 0x30A0, 0x30A1, 0x30A3,
	0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE,
	0x30F5, 0x30F6, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0x31F0, 0x31F1,
	0x31F2, 0x31F3, 0x31F4, 0x31F5, 0x31F6, 0x31F7, 0x31F8, 0x31F9,
	0x31FA, 0x31FB, 0x31FC, 0x31FD, 0x31FE, 0x31FF, 0xFF01, 0xFF09,
	0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E,
	0xFF61, 0xFF63, 0xFF64, 0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B,
	0xFF6C, 0xFF6D, 0xFF6E, 0xFF6F, 0xFF70,
};

static bool no_start(ucs4_t uc)
{
	size_t lo = 0, hi = sizeof no_start_set / sizeof no_start_set[0];

	if (uc < 0x80)
		return uc && strchr(",.)]}:;!?", (int)uc);
	if (uc < 0x2010 || uc > 0xFF70)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc < no_start_set[mid])
			hi = mid;
		else if (uc > no_start_set[mid])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Line-end rule: characters that never end a line. */
static bool no_end(ucs4_t uc)
{
	switch (uc) {
	case '(': case '[': case '{':
	case 0x300C: case 0x300E: case 0xFF08: case 0xFF3B: case 0xFF5B:
	case 0x3014: case 0x3008: case 0x300A: case 0x3010: case 0x3018:
	case 0x3016: case 0xFF62:
		return true;
	}
	return false;
}

struct wrap {
	const char *s;
	size_t n;
	char *brk;
	int cols;
	struct text_line *lines;
	size_t count, cap;
	bool oom;
};

static void wrap_emit(struct wrap *w, size_t off, size_t len, int width)
{
	if (w->oom)
		return;
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct text_line *l = realloc(w->lines, cap * sizeof *l);

		if (!l) {
			w->oom = true;
			return;
		}
		w->lines = l;
		w->cap = cap;
	}
	w->lines[w->count++] = (struct text_line){ off, len, width };
}

static ucs4_t cp_at(const struct wrap *w, size_t i)
{
	ucs4_t uc;

	if (i >= w->n || decode(w->s + i, w->n - i, &uc) == 0)
		return 0xFFFD;
	return uc;
}

static ucs4_t cp_before(const struct wrap *w, size_t i)
{
	const uint8_t *start = (const uint8_t *)w->s;
	ucs4_t uc;

	if (i == 0 || !u8_prev(&uc, start + i, start))
		return 0xFFFD;
	return uc;
}

static bool kinsoku_ok(const struct wrap *w, size_t i)
{
	return !no_start(cp_at(w, i)) && !no_end(cp_before(w, i));
}

static bool can_break(const struct wrap *w, size_t i)
{
	return w->brk[i] != UC_BREAK_PROHIBITED && w->brk[i] != UC_BREAK_UNDEFINED &&
	       kinsoku_ok(w, i);
}

/* The end of s[a..e) without its trailing spaces. */
static size_t trim_end(const char *s, size_t a, size_t e)
{
	while (e > a && s[e - 1] == ' ')
		e--;
	return e;
}

/* A space that is a cluster of its own (not the base of a combining mark). */
static bool is_space(const char *s, size_t n)
{
	return s[0] == ' ' && text_grapheme_len(s, n) == 1;
}

/* Where one line of s[pos..b) ends, by greedy filling. */
struct fill {
	size_t stop;      /* the cluster that did not fit, or b */
	size_t end;       /* the end of the last non-space cluster that fit */
	int width;        /* the width of s[pos..end) */
	size_t bp;        /* the last break opportunity, 0 if none */
	size_t bp_end;    /* s[pos..bp_end) is the line when breaking there */
	int bp_width;
	size_t starts[3]; /* starts of the last three non-space clusters */
	int nstarts;
};

static void fill_line(const struct wrap *w, size_t pos, size_t b, struct fill *f)
{
	const char *s = w->s;
	size_t i = pos;
	int width = 0;

	memset(f, 0, sizeof *f);
	f->end = pos;
	while (i < b) {
		size_t g = text_grapheme_len(s + i, b - i);
		int cw = cluster_width(s + i, g);

		if (i > pos && f->end > pos && can_break(w, i)) {
			f->bp = i;
			f->bp_end = f->end;
			f->bp_width = f->width;
		}
		if (g == 1 && s[i] == ' ') {
			/* Spaces may hang past the edge: a break drops them. */
			width += cw;
			i += g;
			continue;
		}
		if (width + cw > w->cols)
			break;
		width += cw;
		f->width = width;
		f->starts[f->nstarts++ % 3] = i;
		i += g;
		f->end = i;
	}
	f->stop = i;
}

/* A segment wider than the line is cut before the cluster that did not
 * fit, or a cluster or two earlier when that keeps 、。」 off the start of
 * the next line or 「 off the end of this one. */
static size_t forced_cut(const struct wrap *w, size_t pos, const struct fill *f)
{
	size_t cut = f->stop;

	for (int k = 1; k < 3 && k < f->nstarts && !kinsoku_ok(w, cut); k++) {
		size_t prev = f->starts[(f->nstarts - k) % 3];

		if (prev <= pos)
			break;
		cut = prev;
	}
	return kinsoku_ok(w, cut) ? cut : f->stop;
}

/* Wraps one paragraph s[a..b) (no newline inside). */
static void wrap_para(struct wrap *w, size_t a, size_t b)
{
	const char *s = w->s;
	size_t pos = a, cut, e, g;
	bool first = true;
	struct fill f;

	while (!w->oom) {
		if (!first)
			while (pos < b && is_space(s + pos, b - pos))
				pos++;
		if (pos >= b) {
			if (first)
				wrap_emit(w, a, 0, 0);
			return;
		}
		first = false;
		fill_line(w, pos, b, &f);
		if (f.stop >= b) {
			wrap_emit(w, pos, f.end - pos, f.width);
			return;
		}
		if (f.bp > pos) {
			wrap_emit(w, pos, f.bp_end - pos, f.bp_width);
			pos = f.bp;
		} else if (f.end == pos && f.stop > pos) {
			/* Only indentation wider than the line came before
			 * the first character: drop it. */
			pos = f.stop;
		} else if (f.end == pos) {
			/* One cluster wider than the whole line (a wide
			 * character at cols 1) stands alone. */
			g = text_grapheme_len(s + pos, b - pos);
			wrap_emit(w, pos, g, cluster_width(s + pos, g));
			pos += g;
		} else {
			cut = forced_cut(w, pos, &f);
			e = trim_end(s, pos, cut);
			wrap_emit(w, pos, e - pos, text_width(s + pos, e - pos));
			pos = cut;
		}
	}
}

size_t text_wrap(const char *s, size_t n, int cols, struct text_line **lines)
{
	struct wrap w = { .s = s, .n = n, .cols = cols > 0 ? cols : 1 };
	size_t a = 0;

	*lines = NULL;
	if (n == 0)
		return 0;
	w.brk = malloc(n);
	if (!w.brk)
		return (size_t)-1;
	while (a < n && !w.oom) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t b = nl ? (size_t)(nl - s) : n;

		if (b > a)
			u8_possible_linebreaks((const uint8_t *)s + a, b - a, "UTF-8", w.brk + a);
		wrap_para(&w, a, b);
		a = b + 1;
	}
	free(w.brk);
	if (w.oom) {
		free(w.lines);
		return (size_t)-1;
	}
	*lines = w.lines;
	return w.count;
}

/* ---- folding ---- */

static bool is_hiragana(ucs4_t uc)
{
	return uc >= 0x3041 && uc <= 0x3096;
}

int text_digit(unsigned int uc)
{
	if (uc >= '0' && uc <= '9')
		return (int)uc;
	if (uc >= 0xFF10 && uc <= 0xFF19)
		return '0' + (int)(uc - 0xFF10);
	return -1;
}

unsigned int text_mark_combining(unsigned int uc)
{
	return uc == 0x309B || uc == 0x309C ? uc - 2 : uc;
}

/* Unicode's Dash property (uc_is_property_dash) is not this class: it
 * leaves out ー, the tilde and the box-drawing lines a Japanese input
 * method offers for a long "-", and takes in ゠ (a katakana double hyphen
 * that separates words), 〰 and superscript minus.  So the list is kept
 * here, once, for ident, jdate and the search fold. */

bool text_is_dash(unsigned int uc)
{
	switch (uc) {
	case '-': case '~':                    /* also － and ～ after NFKC */
	case 0x2010: case 0x2011: case 0x2012: /* ‐ ‑ ‒ */
	case 0x2013: case 0x2014: case 0x2015: /* – — ― */
	case 0x2212:                           /* − minus sign */
	case 0x2500: case 0x2501:              /* ─ ━ box drawing */
	case 0x2E3A: case 0x2E3B:              /* ⸺ ⸻ two- and three-em dash */
	case 0x301C:                           /* 〜 wave dash */
	case 0x30FC:                           /* ー */
	case 0xFF0D: case 0xFF5E: case 0xFF70: /* － ～ ｰ, before NFKC */
		return true;
	}
	return false;
}

/* Code points that attach to the previous character under NFKC although
 * some are starters (half-width voicing marks, Hangul vowels/finals). */
static bool joins_previous(ucs4_t uc)
{
	if (uc == 0x3099 || uc == 0x309A || uc == 0x309B || uc == 0x309C ||
	    uc == 0xFF9E || uc == 0xFF9F)
		return true;
	if (uc >= 0x1160 && uc <= 0x11FF)
		return true;
	return uc_combining_class(uc) != 0;
}

struct folder {
	struct buf out;
	ucs4_t prev;        /* the last folded code point, 0 at the start */
	ucs4_t seg[32];     /* the current segment, before normalisation */
	ucs4_t *big;        /* when a segment outgrows seg */
	size_t nseg, capbig;
	size_t seg_off;     /* its offset in the original */
};

static void fold_emit(struct folder *f, ucs4_t uc)
{
	if (uc >= 0x30A1 && uc <= 0x30F6)
		uc -= 0x60;
	else if (uc == 0x30FD || uc == 0x30FE)
		uc -= 0x60;
	if (text_is_dash(uc) && (is_hiragana(f->prev) || f->prev == 0x30FC)) {
		uc = 0x30FC;
	} else if (uc == 0x3005 && f->prev) {
		uc = f->prev;
	} else if ((uc == 0x309D || uc == 0x309E) && is_hiragana(f->prev)) {
		/* ゝ repeats the previous kana unvoiced, ゞ voiced. */
		ucs4_t base = f->prev, decomp[UC_DECOMPOSITION_MAX_LENGTH];
		int tag;
		bool voiced = uc == 0x309E;

		if (uc_decomposition(base, &tag, decomp) == 2 && tag == UC_DECOMP_CANONICAL)
			base = decomp[0];
		uc = base;
		if (voiced) {
			ucs4_t v = uc_composition(base, 0x3099);

			uc = v ? v : base;
		}
	}
	buf_addc(&f->out, uc, f->seg_off);
	f->prev = uc;
}

static void fold_flush(struct folder *f)
{
	ucs4_t *seg = f->big ? f->big : f->seg;
	ucs4_t res[32], *r;
	size_t rn = sizeof res / sizeof res[0];
	int tag;
	ucs4_t decomp[UC_DECOMPOSITION_MAX_LENGTH];

	if (f->nseg == 0)
		return;
	if (f->nseg == 1 && seg[0] < 0x80) {
		fold_emit(f, seg[0] >= 'A' && seg[0] <= 'Z' ? seg[0] + 'a' - 'A' : seg[0]);
	} else if (f->nseg == 1 && uc_decomposition(seg[0], &tag, decomp) < 0 &&
		   !uc_is_property_changes_when_casefolded(seg[0])) {
		/* Nothing to normalise or fold: kana and kanji come here. */
		fold_emit(f, seg[0]);
	} else {
		/* Full case folding (ß → ss) and NFKC in one step. */
		r = u32_casefold(seg, f->nseg, NULL, UNINORM_NFKC, res, &rn);
		if (!r) {
			f->out.oom = true;
		} else {
			for (size_t i = 0; i < rn; i++)
				fold_emit(f, r[i]);
			if (r != res)
				free(r);
		}
	}
	f->nseg = 0;
	free(f->big);
	f->big = NULL;
	f->capbig = 0;
}

static void fold_push(struct folder *f, ucs4_t uc)
{
	if (f->nseg < sizeof f->seg / sizeof f->seg[0] && !f->big) {
		f->seg[f->nseg++] = uc;
		return;
	}
	if (!f->big || f->nseg == f->capbig) {
		size_t cap = f->capbig ? f->capbig * 2 : 2 * f->nseg;
		ucs4_t *p = realloc(f->big, cap * sizeof *p);

		if (!p) {
			f->out.oom = true;
			return;
		}
		if (!f->big)
			memcpy(p, f->seg, f->nseg * sizeof *p);
		f->big = p;
		f->capbig = cap;
	}
	f->big[f->nseg++] = uc;
}

static int fold(const char *s, size_t n, bool want_map, struct text_fold *out)
{
	struct folder f = { .out = { .want_map = want_map } };

	memset(out, 0, sizeof *out);
	buf_reserve(&f.out, n);
	for (size_t i = 0; i < n && !f.out.oom;) {
		ucs4_t uc;
		size_t len = decode(s + i, n - i, &uc);

		if (len == 0) {
			i++;
			continue;
		}
		uc = text_mark_combining(uc);
		if (f.nseg > 0 && !joins_previous(uc))
			fold_flush(&f);
		if (f.nseg == 0)
			f.seg_off = i;
		fold_push(&f, uc);
		i += len;
	}
	fold_flush(&f);
	free(f.big);
	if (!buf_reserve(&f.out, 0)) {
		buf_free(&f.out);
		return -1;
	}
	f.out.s[f.out.n] = '\0';
	if (want_map)
		f.out.map[f.out.n] = n;
	out->s = f.out.s;
	out->n = f.out.n;
	out->map = f.out.map;
	return 0;
}

int text_fold(const char *s, size_t n, struct text_fold *out)
{
	return fold(s, n, true, out);
}

char *text_fold_key(const char *s, size_t n, size_t *len)
{
	struct text_fold f;

	if (fold(s, n, false, &f) < 0)
		return NULL;
	if (len)
		*len = f.n;
	return f.s;
}

void text_fold_free(struct text_fold *f)
{
	if (!f)
		return;
	free(f->s);
	free(f->map);
	memset(f, 0, sizeof *f);
}

void text_copy_cut(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool text_valid_utf8(const char *s, size_t n, size_t *bad)
{
	const uint8_t *p = u8_check((const uint8_t *)s, n);

	if (!p)
		return true;
	if (bad)
		*bad = (size_t)(p - (const uint8_t *)s);
	return false;
}

enum text_typed text_check_typed(const char *s, size_t n, size_t *at, unsigned int *uc, bool *ascii)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	size_t i = 0;

	*ascii = true;
	if (bad) {
		*at = (size_t)(bad - (const uint8_t *)s);
		return TEXT_TYPED_BAD_UTF8;
	}
	while (i < n) {
		ucs4_t c;
		int len = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

		if (c >= 0x80)
			*ascii = false;
		if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029 ||
		    (c >= 0xA0 && uc_is_general_category(c, UC_CATEGORY_Cf))) {
			*at = i;
			*uc = (unsigned int)c;
			return TEXT_TYPED_CONTROL;
		}
		i += (size_t)len;
	}
	return TEXT_TYPED_OK;
}

/* NFKC of U+FF61..U+FF9F, the half-width katakana block: full-width
 * katakana and punctuation, and the two voicing marks as combining marks. */
static const uint16_t halfwidth_kana[0x3F] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3,
	0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,
	0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF,
	0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF,
	0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
	0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF,
	0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA,
	0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A,
};

/* The NFKC of a code point on the short path, or 0 when the short path
 * does not know it.  Every code point accepted here is a starter that no
 * NFKC step changes and that composes with nothing but a following voicing
 * mark — except the marks themselves (see nfkc_short).  U+3036 〶,
 * U+3038–303A and U+302A–302F (combining) are left to u8_normalize. */
static ucs4_t nfkc_one(ucs4_t uc)
{
	if (uc < 0x80)
		return uc;
	if (uc == 0x3000)
		return ' ';
	if ((uc >= 0x3001 && uc <= 0x3029) || (uc >= 0x3041 && uc <= 0x3096) ||
	    (uc >= 0x3099 && uc <= 0x309A) || (uc >= 0x309D && uc <= 0x309E) ||
	    (uc >= 0x30A1 && uc <= 0x30FE) || (uc >= 0x3400 && uc <= 0x4DBF) ||
	    (uc >= 0x4E00 && uc <= 0x9FFF))
		return uc;
	if (uc >= 0xFF01 && uc <= 0xFF5E)
		return uc - 0xFEE0;
	if (uc >= 0xFF61 && uc <= 0xFF9F)
		return halfwidth_kana[uc - 0xFF61];
	return 0;
}

/* The short path: out has room for n bytes (no character grows).  A voicing
 * mark composes with the code point before it when Unicode has the pair
 * (ｶﾞ → ガ); both marks have combining class 8, so a mark that did not
 * compose blocks the next one, as uc_composition(mark, mark) = 0 says. */
static bool nfkc_short(const uint8_t *s, size_t n, uint8_t *out, size_t *len)
{
	size_t i = 0, o = 0, prev_at = 0;
	ucs4_t prev = 0;

	while (i < n) {
		ucs4_t uc, c;
		int k = u8_mbtouc(&uc, s + i, n - i);

		i += (size_t)k;
		c = nfkc_one(uc);
		if (!c && uc)
			return false;
		if ((c == 0x3099 || c == 0x309A) && prev) {
			ucs4_t both = uc_composition(prev, c);

			if (both) {
				o = prev_at;
				c = both;
			}
		}
		prev_at = o;
		prev = c;
		/* Never more than was read: a kana and its mark compose into
		 * fewer bytes than they took, ｶ → カ keeps 3, Ａ → A shrinks. */
		o += (size_t)u8_uctomb(out + o, c, (int)(n + 1 - o));
	}
	*len = o;
	return true;
}

char *text_nfkc(const char *s, size_t n, char *buf, size_t *len)
{
	uint8_t *out = (uint8_t *)buf;

	if (*len < n + 1 && !(out = malloc(n + 1)))
		return NULL;
	if (nfkc_short((const uint8_t *)s, n, out, len)) {
		out[*len] = '\0';
		return (char *)out;
	}
	if (out != (uint8_t *)buf)
		free(out);
	return (char *)u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, (uint8_t *)buf, len);
}
