/*
 * faq_file — the FAQ's data files as text: an entry, COUNT and the
 * synonym table are each read whole under a size limit, checked to be
 * UTF-8 without control characters, and taken line by line, with ASCII
 * and ideographic spaces trimmed.  The messages name the file, the line
 * and what to do, for the office that writes the files.
 *
 * Ownership: faq_file_read's buffer belongs to the caller (free()); a
 * struct faq_file_lines and the lines it gives point into the caller's
 * buffer.
 */
#ifndef MADOGUCHI_FAQ_FILE_H
#define MADOGUCHI_FAQ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

/* The whole regular file path, at most max bytes, NUL-terminated, into
 * *out and *len; `what` names the kind of file in messages ("FAQ entry").
 * 0, or -1 with err. */
int faq_file_read(const char *path, size_t max, const char *what, char **out,
		  size_t *len, struct err *err);

/* The length of the byte order mark at the start of buf, 0 when none. */
size_t faq_file_bom(const char *buf, size_t len);

/* Checks that buf is UTF-8 without characters that would redraw or
 * reorder the screen: C0 but LF (and TAB when allow_tab), DEL, C1, bidi
 * controls, the BOM, U+2028/9.  A CR is allowed only as the first half of
 * a CRLF line end.  A byte order mark at the very start is the caller's to
 * skip (faq_file_bom).  0, or -1 with err naming path, the line and the
 * character. */
int faq_file_check(const char *path, const char *buf, size_t len, bool allow_tab,
		   struct err *err);

struct faq_file_lines {
	const char *buf;
	size_t len, pos;
	size_t no;        /* the number of the line last given, from 1 */
};

/* The next line of l without its LF or CRLF into s[0..n); false at the
 * end. */
bool faq_file_line(struct faq_file_lines *l, const char **s, size_t *n);

/* The length of the space (ASCII space, TAB or U+3000) at s[0..n), or 0. */
size_t faq_file_space(const char *s, size_t n);

/* s[0..n) without the spaces at either end. */
void faq_file_trim(const char **s, size_t *n);

/* True when s[0..n) holds nothing but spaces. */
bool faq_file_blank(const char *s, size_t n);

/* At most max bytes of s[0..n), cut at a character boundary: the length
 * to quote in a message with "%.*s". */
int faq_file_quote_len(const char *s, size_t n, size_t max);

#endif
