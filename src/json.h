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
 * Reading: json_object_each() hands the members of one JSON object whose
 * values are strings to a callback (SQLite's JSON reader does the
 * parsing), for `lookup --stdin`.
 *
 * Ownership: b is the caller's; out of memory is b's sticky flag.  The
 * key and value a json_each_fn gets live until it returns.
 */
#ifndef MADOGUCHI_JSON_H
#define MADOGUCHI_JSON_H

#include <stddef.h>
#include "buf.h"
#include "err.h"

/* Appends s[0..n) to b as a quoted JSON string. */
void json_str(struct buf *b, const char *s, size_t n);

/* json_str of a NUL-terminated string, or `null` for NULL. */
void json_str_or_null(struct buf *b, const char *s);

/* Called for each member: its key and its string value.  Non-zero stops. */
typedef int (*json_each_fn)(void *ctx, const char *key, const char *value);

/* The members of the JSON object text[0..n), in order.  0 when each was
 * handed to fn (and fn returned 0); -1 with err when the text is not one
 * object whose values are all strings; fn's non-zero is returned as is. */
int json_object_each(const char *text, size_t n, json_each_fn fn, void *ctx, struct err *err);

#endif
