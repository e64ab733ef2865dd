/*
 * json — the one JSON string writer: the spool, `log export`, the review's
 * export and `lookup --json` all quote text with json_str().
 *
 * One rule for every caller: '"' and '\' are escaped; control characters
 * (C0, DEL, C1, U+2028/9) become \uXXXX, so no escape sequence from a note
 * reaches a terminal that shows the output, and a line of JSON Lines never
 * breaks; each byte that is not part of valid UTF-8 becomes U+FFFD, so the
 * output is always valid UTF-8.  A caller that must keep exact bytes (the
 * spool) checks the value first and writes invalid UTF-8 in hex instead.
 *
 * Ownership: b is the caller's; out of memory is b's sticky flag.
 */
#ifndef MADOGUCHI_JSON_H
#define MADOGUCHI_JSON_H

#include <stddef.h>
#include "buf.h"

/* Appends s[0..n) to b as a quoted JSON string. */
void json_str(struct buf *b, const char *s, size_t n);

/* json_str of a NUL-terminated string, or `null` for NULL. */
void json_str_or_null(struct buf *b, const char *s);

#endif
