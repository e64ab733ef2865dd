/*
 * field — a one-line text input (the search query, later the call form's
 * fields): characters are appended as code points, Backspace removes a
 * whole grapheme cluster (a kana with its combining mark, not one byte).
 *
 * The field owns its fixed buffer; the text is always valid UTF-8 and
 * NUL-terminated.
 */
#ifndef MADOGUCHI_UI_FIELD_H
#define MADOGUCHI_UI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

struct field {
	char s[512];
	size_t n;
};

/* Appends code point cp; false (unchanged) when it does not fit or is a
 * control character. */
bool field_add(struct field *f, int cp);

/* Removes the last grapheme cluster; false when the field was empty. */
bool field_backspace(struct field *f);

void field_clear(struct field *f);

#endif
