/*
 * err — one-line error messages for people.
 *
 * A failure a user can cause is reported as one line that names the thing
 * (a file and line, a field, an option) and says what to do.  Core functions
 * fill a caller-owned struct err instead of printing, so the command line
 * prints it to stderr and the screens show it on the status line.
 */
#ifndef MADOGUCHI_ERR_H
#define MADOGUCHI_ERR_H

#include <stddef.h>

struct err {
	char msg[1024];
};

/* Sets the message (printf-style), replacing any earlier one.  Always
 * returns -1 so callers can write `return err_set(e, ...);`. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the current message with "prefix: ". */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
