/*
 * libFuzzer target: the kanji name (ident kind "name").  An accepted name
 * holds no space, ・, lower-case letter or variation selector, no variant
 * kanji the table would still fold, and a voicing mark only after
 * わゐゑを: see ident_harness.h for the rest.
 */
#include "ident_harness.h"
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
