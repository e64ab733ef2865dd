/*
 * libFuzzer target: jdate_parse on arbitrary bytes.  An accepted date must
 * exist, lie in range, and read back to itself from its ISO form and from
 * its era form; a rejected one must say why.
 */
#include "jdate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct jdate *a, const char *s)
{
	struct jdate b;
	char msg[256];

	if (jdate_parse(s, strlen(s), &b, msg, sizeof msg) != 0 || msg[0] != '\0' ||
	    a->year != b.year || a->month != b.month || a->day != b.day)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jdate d;
	char msg[256], iso[11], era[64];

	if (jdate_parse((const char *)data, size, &d, msg, sizeof msg) != 0) {
		if (msg[0] == '\0' || u8_check((const uint8_t *)msg, strlen(msg)))
			abort();
		return 0;
	}
	if (!jdate_valid(d.year, d.month, d.day) || d.year < 1868 || d.year > 2100)
		abort();
	jdate_iso(&d, iso);
	same(&d, iso);
	if (jdate_format_era(&d, era, sizeof era) == 0)
		same(&d, era);
	return 0;
}
