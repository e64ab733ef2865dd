/*
 * libFuzzer target: the reading (ident kind "kana").  An accepted reading
 * is full-size hiragana and ー, in one spelling of each sound (src/kana):
 * no ぢ づ ゐ ゑ を ゔ and no voicing mark left; ー only where no vowel
 * comes before it (after ん); no お after an o-row kana nor え after an
 * e-row one; ゝ ゞ only where there is no kana before them to repeat.
 * See ident_harness.h for the rest.
 */
#include "ident_harness.h"
#include "kana.h"

static bool kana_char(ucs4_t uc, ucs4_t prev)
{
	char v = kana_vowel(prev);

	switch (uc) {
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063:
	case 0x3083: case 0x3085: case 0x3087: case 0x308E: case 0x3095: case 0x3096:
		return false;   /* small kana are made full size */
	case 0x3062: case 0x3065: case 0x3090: case 0x3091: case 0x3092: case 0x3094: case 0x3099:
		return false;   /* one spelling of each sound */
	case 0x30FC:
		return v == 0;
	case 0x304A:
		return v != 'o';
	case 0x3048:
		return v != 'e';
	case 0x309D: case 0x309E:
		return kana_repeat(prev, uc) == 0;
	}
	return uc >= 0x3041 && uc <= 0x3096;
}

static bool shape(const char *canon)
{
	return harness_each(canon, kana_char);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_KANA, data, size, shape);
}
