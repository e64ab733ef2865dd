/*
 * buf — a growable byte buffer: bytes, strings and printf output appended
 * at the end, for text built in pieces (an export row, a spool line, a
 * file read whole).
 *
 * Out of memory is sticky: the append that cannot grow the buffer sets
 * oom and appends nothing; every later append does nothing, so a caller
 * may append a whole row and check oom once.  The bytes before it stay.
 * After any append that succeeded, p[n] is '\0' (the buffer may hold NUL
 * bytes of its own; n says how many there are).
 *
 * Ownership: a struct buf starts zeroed ({ 0 }: no storage).  The caller
 * owns it and its storage: buf_free() releases it, or the caller takes p
 * and frees it with free().
 */
#ifndef MADOGUCHI_BUF_H
#define MADOGUCHI_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;          /* NULL until the first append */
	size_t n;         /* bytes held, the final '\0' not counted */
	size_t cap;       /* bytes allocated */
	bool oom;         /* an append failed for lack of memory */
};

/* Append n bytes at p (n may be 0).  0, or -1 when out of memory (now or
 * before). */
int buf_add(struct buf *b, const void *p, size_t n);

/* Append the string s without its '\0'.  As buf_add. */
int buf_str(struct buf *b, const char *s);

/* Append printf output.  0; -1 when out of memory (oom set), or when fmt
 * cannot be formatted (oom not set, nothing appended). */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Empty the buffer, keeping its storage for the next bytes.  oom stays:
 * what was built before it is incomplete, and the caller decides. */
void buf_clear(struct buf *b);

/* Release the storage; b is zeroed, ready for use again. */
void buf_free(struct buf *b);

#endif
