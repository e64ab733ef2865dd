#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends src to dst (a buffer of size bytes holding a string), cutting
 * what does not fit: an over-long message is still one readable line. */
static void append(char *dst, size_t size, const char *src)
{
	size_t used = strlen(dst), n = strlen(src);

	if (used + 1 >= size)
		return;
	if (n > size - used - 1)
		n = size - used - 1;
	memcpy(dst + used, src, n);
	dst[used + n] = '\0';
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char old[sizeof e->msg];
	va_list ap;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	append(e->msg, sizeof e->msg, ": ");
	append(e->msg, sizeof e->msg, old);
}
