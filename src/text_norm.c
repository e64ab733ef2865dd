#include "text_norm.h"

#include <stdint.h>
#include <stdlib.h>

#include <uninorm.h>
#include <unistr.h>

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
