/*
 * libFuzzer target: every kind of identifier on the same arbitrary bytes.
 * An accepted input must give valid, NUL-terminated UTF-8 that is its own
 * canonical form; a rejected one an empty canon and a readable message.
 */
#include "ident.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == max || u8_check((const uint8_t *)s, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int k = 0; k < IDENT_NKINDS; k++) {
		struct ident_result r, again;

		if (ident_canon((enum ident_kind)k, (const char *)data, size, &r) != 0) {
			if (r.canon[0] != '\0' || r.msg[0] == '\0')
				abort();
			check_text(r.msg, sizeof r.msg);
			continue;
		}
		check_text(r.canon, sizeof r.canon);
		check_text(r.msg, sizeof r.msg);
		if (r.canon[0] == '\0')
			abort();
		if (ident_canon((enum ident_kind)k, r.canon, strlen(r.canon), &again) != 0 ||
		    strcmp(r.canon, again.canon) != 0 || again.msg[0] != '\0')
			abort();
	}
	return 0;
}
