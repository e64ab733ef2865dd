/*
 * libFuzzer target: the phone number (ident kind "phone").  An accepted
 * number is 10 or 11 ASCII digits starting with 0: see ident_harness.h.
 */
#include "ident_harness.h"

static bool shape(const char *canon)
{
	return harness_digits(canon, 10, 11, '0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_PHONE, data, size, shape);
}
