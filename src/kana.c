#include "kana.h"

#include <stdbool.h>
#include <stdint.h>
#include <uninorm.h>
#include <unistr.h>

enum {
	MARK_VOICED = 0x3099,
	LONG_MARK = 0x30FC,     /* ー */
};

static bool is_kana_letter(ucs4_t uc)
{
	return (uc >= 0x3041 && uc <= 0x3096) || (uc >= 0x30A1 && uc <= 0x30FA);
}

unsigned int kana_repeat(unsigned int prev, unsigned int mark)
{
	ucs4_t base = prev, d[UC_DECOMPOSITION_MAX_LENGTH], voiced;
	int tag;

	if (mark != 0x309D && mark != 0x309E && mark != 0x30FD && mark != 0x30FE)
		return 0;
	if (!is_kana_letter(prev))
		return 0;
	if (uc_decomposition(prev, &tag, d) == 2 && tag == UC_DECOMP_CANONICAL)
		base = d[0];
	if (mark == 0x309D || mark == 0x30FD)
		return base;
	voiced = uc_composition(base, MARK_VOICED);
	return voiced ? voiced : base;
}

char kana_vowel(unsigned int uc)
{
	/* U+3041 ぁ … U+3096 ゖ, row by row; '-' for っ and ん. */
	static const char v[] =
		"aaiiuueeoo" "aaiiuueeoo" "aaiiuueeoo" "aaii-uueeoo" "aiueo"
		"aaaiiiuuueeeooo" "aiueo" "aauuoo" "aiueo" "aaieo-uae";

	_Static_assert(sizeof v == 0x3096 - 0x3041 + 2, "one vowel for each hiragana");
	if (uc < 0x3041 || uc > 0x3096 || v[uc - 0x3041] == '-')
		return 0;
	return v[uc - 0x3041];
}

/* The kana that sounds the same and is written more often. */
static ucs4_t same_sound(ucs4_t uc)
{
	switch (uc) {
	case 0x3062: return 0x3058;     /* ぢ → じ */
	case 0x3065: return 0x305A;     /* づ → ず */
	case 0x3090: return 0x3044;     /* ゐ → い */
	case 0x3091: return 0x3048;     /* ゑ → え */
	case 0x3092: return 0x304A;     /* を → お */
	case 0x3094: return 0x3076;     /* ゔ → ぶ */
	}
	return uc;
}

/* True when uc, after a kana of vowel v, only lengthens that vowel. */
static bool lengthens(char v, ucs4_t uc)
{
	if (uc == LONG_MARK)
		return true;
	switch (v) {
	case 'a': return uc == 0x3042;
	case 'i': return uc == 0x3044;
	case 'u': return uc == 0x3046;
	case 'e': return uc == 0x3044 || uc == 0x3048;
	case 'o': return uc == 0x3046 || uc == 0x304A;
	}
	return false;
}

/* How a lengthened vowel is written: the spelling most registered
 * readings use (さいとう, けいこ), so most of them are unchanged. */
static ucs4_t long_form(char v)
{
	switch (v) {
	case 'a': return 0x3042;
	case 'i': case 'e': return 0x3044;
	default: return 0x3046;
	}
}

/* The code point at p (at most n bytes): kana are three bytes, decoded
 * here; anything else by libunistring.  Returns its length. */
static size_t next(const uint8_t *p, size_t n, ucs4_t *uc)
{
	if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*uc = (ucs4_t)(p[0] & 0x0F) << 12 | (ucs4_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (*uc >= 0x800 && (*uc < 0xD800 || *uc > 0xDFFF))
			return 3;
	}
	return (size_t)u8_mbtouc(uc, p, n);
}

size_t kana_fold_reading(char *s, size_t n)
{
	/* わ゙ ゐ゙ ゑ゙ を゙ as the b-row kana they sound like. */
	static const uint16_t w_voiced[] = { 0x3070, 0x3073, 0x3079, 0x307C };
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, k = 0;
	ucs4_t raw = 0;     /* the kana before, as written: what ゝ repeats */
	char v = 0;         /* the vowel a long vowel after it lengthens */

	/* Every step writes at most as many bytes as it read, so the
	 * output never overtakes the input. */
	while (i < n) {
		ucs4_t uc, mark = 0, rep;

		i += next(p + i, n - i, &uc);
		if (uc >= 0x308F && uc <= 0x3092 && i < n && next(p + i, n - i, &mark) && mark == MARK_VOICED) {
			uc = w_voiced[uc - 0x308F];
			i += 3;
		}
		if ((rep = kana_repeat(raw, uc)) != 0)
			uc = rep;
		raw = uc;
		uc = same_sound(uc);
		if (v && lengthens(v, uc)) {
			uc = long_form(v);
			/* ー is now a kana a ゝ after it repeats, as it
			 * would when this reading is folded again. */
			if (raw == LONG_MARK)
				raw = uc;
		} else {
			v = kana_vowel(uc);
		}
		if (uc >= 0x800 && uc <= 0xFFFF) {
			s[k++] = (char)(0xE0 | uc >> 12);
			s[k++] = (char)(0x80 | (uc >> 6 & 0x3F));
			s[k++] = (char)(0x80 | (uc & 0x3F));
		} else {
			k += (size_t)u8_uctomb((uint8_t *)s + k, uc, 4);
		}
	}
	s[k] = '\0';
	return k;
}
