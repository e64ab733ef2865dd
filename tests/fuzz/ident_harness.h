/*
 * The libFuzzer harness the fuzz_KIND targets share (fuzz_kana, fuzz_name,
 * fuzz_phone, fuzz_email, fuzz_postal; dates are fuzz_jdate's): ident_canon
 * of one kind on arbitrary bytes.  A rejection must leave canon empty and
 * say why in one line of valid UTF-8; an accepted input must give valid
 * UTF-8 that is its own canonical form and has the kind's shape (the
 * target's shape()).  A header, not a .c file: the Makefile builds each
 * tests/fuzz/fuzz_*.c on its own.
 */
#ifndef MADOGUCHI_IDENT_HARNESS_H
#define MADOGUCHI_IDENT_HARNESS_H

#include "ident.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void harness_text(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == max || u8_check((const uint8_t *)s, n) || memchr(s, '\n', n))
		abort();
}

static inline int harness_run(enum ident_kind kind, const uint8_t *data, size_t size, bool (*shape)(const char *))
{
	struct ident_result r, again;

	if (ident_canon(kind, (const char *)data, size, &r) != 0) {
		if (r.canon[0] != '\0' || r.msg[0] == '\0')
			abort();
		harness_text(r.msg, sizeof r.msg);
		return 0;
	}
	harness_text(r.canon, sizeof r.canon);
	harness_text(r.msg, sizeof r.msg);
	if (r.canon[0] == '\0' || r.msg[0] != '\0' || !shape(r.canon))
		abort();
	if (ident_canon(kind, r.canon, strlen(r.canon), &again) != 0 ||
	    strcmp(r.canon, again.canon) != 0 || again.msg[0] != '\0')
		abort();
	return 0;
}

/* Each code point of s in turn: returns false as soon as ok() does. */
static inline bool harness_each(const char *s, bool (*ok)(ucs4_t uc, ucs4_t prev))
{
	const uint8_t *p = (const uint8_t *)s;
	ucs4_t uc, prev = 0;

	while ((p = u8_next(&uc, p)) != NULL) {
		if (!ok(uc, prev))
			return false;
		prev = uc;
	}
	return true;
}

/* Digits only, n of them (n1 or n2), the first one `first` (0: any). */
static inline bool harness_digits(const char *s, size_t n1, size_t n2, char first)
{
	size_t n = strlen(s);

	if (n != n1 && n != n2)
		return false;
	if (first && s[0] != first)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

#endif
