/*
 * text_utf8 — UTF-8 bytes checked and cut: is a text valid, may a typed
 * identifier hold it, and a copy cut to a buffer without splitting a
 * character.
 *
 * Ownership: inputs are borrowed; text_copy_cut writes into the caller's
 * buffer.  Nothing is allocated.
 */
#ifndef MADOGUCHI_TEXT_UTF8_H
#define MADOGUCHI_TEXT_UTF8_H

#include <stddef.h>
#include <stdbool.h>

/* Copies s[0..n) into dst (size ≥ 1 bytes, NUL-terminated), cut before a
 * UTF-8 character that would not fit whole. */
void text_copy_cut(char *dst, size_t size, const char *s, size_t n);

/* True when s[0..n) is valid UTF-8; on failure *bad gets the offset of the
 * first invalid byte (if bad is not NULL). */
bool text_valid_utf8(const char *s, size_t n, size_t *bad);

/* What a typed identifier may not contain: text_check_typed() returns
 * TEXT_TYPED_OK, or the first fault with its 0-based byte offset in *at
 * and (for a control character) the code point in *uc.  Control here means
 * C0, DEL, C1, U+2028/9 and format characters (bidi controls, the BOM,
 * zero-width spaces): invisible in a form, fatal in a match.  *ascii is set
 * when every byte is ASCII, so callers can skip normalisation. */
enum text_typed { TEXT_TYPED_OK, TEXT_TYPED_BAD_UTF8, TEXT_TYPED_CONTROL };
enum text_typed text_check_typed(const char *s, size_t n, size_t *at, unsigned int *uc, bool *ascii);

#endif
