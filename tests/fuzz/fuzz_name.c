/*
 * libFuzzer target: the kanji name (ident kind "name").  An accepted name
 * holds no space, ・, lower-case letter or variation selector, no variant
 * kanji the table would still fold, a voicing mark only after わゐゑを, no
 * ヶ ヵ ゖ ゕ or 〻, 々 only with nothing to repeat, ゝ ゞ ヽ ヾ only where there is no kana
 * before them to repeat, and ー only after a kana: see ident_harness.h
 * for the rest.
 */
#include "ident_harness.h"
#include "kana.h"
#include "kanji-variants.h"

static bool folded(ucs4_t uc)
{
	for (size_t i = 0; i < sizeof kanji_variants / sizeof kanji_variants[0]; i++)
		if (kanji_variants[i].from == uc)
			return false;
	return true;
}

static bool name_char(ucs4_t uc, ucs4_t prev)
{
	if (uc == 0x3099)
		return prev >= 0x308F && prev <= 0x3092;
	if (uc == ' ' || uc == 0x3000 || uc == 0x30FB || (uc >= 'a' && uc <= 'z') || uc == 0x309A ||
	    (uc >= 0xFE00 && uc <= 0xFE0F) || (uc >= 0xE0100 && uc <= 0xE01EF) || uc < 0x20)
		return false;
	switch (uc) {
	case 0x30F5: case 0x30F6: case 0x3095: case 0x3096: case 0x303B:
		return false;
	case 0x3005:
		return prev == 0 || prev == 0x3099 || prev == 0x3005;
	case 0x309D: case 0x309E: case 0x30FD: case 0x30FE:
		return kana_repeat(prev, uc) == 0;
	case 0x30FC:
		return (prev >= 0x3041 && prev <= 0x3096) || (prev >= 0x30A1 && prev <= 0x30FC) || prev == 0x309D ||
		       prev == 0x309E || prev == 0x30FD || prev == 0x30FE;
	}
	return folded(uc);
}

static bool shape(const char *canon)
{
	return harness_each(canon, name_char);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_NAME, data, size, shape);
}
