#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_FIRST 256

/* Room for extra more bytes and the final '\0'.  0, or -1 with oom set. */
static int reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *q;

	if (b->oom)
		return -1;
	if (extra > SIZE_MAX - 1 - b->n) {
		b->oom = true;
		return -1;
	}
	need = b->n + extra + 1;
	if (need <= b->cap)
		return 0;
	/* Doubling keeps appending a byte at a time linear overall. */
	cap = b->cap ? b->cap : BUF_FIRST;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (!(q = realloc(b->p, cap))) {
		b->oom = true;
		return -1;
	}
	b->p = q;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (reserve(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

int buf_str(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int len;

	/* First into the room there is; most appends are short and fit. */
	if (reserve(b, 0))
		return -1;
	va_copy(again, ap);
	len = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	if (len >= 0 && (size_t)len >= b->cap - b->n) {
		if (reserve(b, (size_t)len) == 0)
			vsnprintf(b->p + b->n, b->cap - b->n, fmt, again);
		else
			len = -1;
	}
	va_end(again);
	if (len < 0) {
		b->p[b->n] = '\0';   /* a failed vsnprintf may leave bytes */
		return -1;
	}
	b->n += (size_t)len;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_clear(struct buf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->p);
	*b = (struct buf){ 0 };
}
