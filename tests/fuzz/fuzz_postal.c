/*
 * libFuzzer target: the postal code (ident kind "postal").  An accepted
 * code is 7 ASCII digits: see ident_harness.h.
 */
#include "ident_harness.h"

static bool shape(const char *canon)
{
	return harness_digits(canon, 7, 7, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_POSTAL, data, size, shape);
}
