/*
 * libFuzzer target: the reading (ident kind "kana").  An accepted reading
 * is full-size hiragana, ゝ ゞ and ー only, with a voicing mark only after
 * わゐゑを (ヷ → わ゙): see ident_harness.h for the rest.
 */
#include "ident_harness.h"

static bool kana_char(ucs4_t uc, ucs4_t prev)
{
	switch (uc) {
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063:
	case 0x3083: case 0x3085: case 0x3087: case 0x308E: case 0x3095: case 0x3096:
		return false;   /* small kana are made full size */
	case 0x3099:
		return prev >= 0x308F && prev <= 0x3092;
	}
	return (uc >= 0x3041 && uc <= 0x3096) || uc == 0x309D || uc == 0x309E || uc == 0x30FC;
}

static bool shape(const char *canon)
{
	return harness_each(canon, kana_char);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_KANA, data, size, shape);
}
