#include "wire.h"
#include "file.h"
#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unistr.h>

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- writing ---------------------------------------------------------- */

void wire_begin(struct wire_out *w, uint8_t type)
{
	const uint8_t start[4 + WIRE_HEAD] = { 0, 0, 0, 0, 'M', 'G', WIRE_VERSION, type };

	buf_clear(&w->b);
	w->b.oom = false;
	w->depth = 0;
	w->bad = false;
	buf_add(&w->b, start, sizeof start);
}

/* A field's head; its length is filled in when known (nested) or now. */
static void head(struct wire_out *w, uint8_t tag, size_t n)
{
	uint8_t h[5] = { tag };

	if (n > UINT32_MAX) {
		w->bad = true;
		return;
	}
	put_u32(h + 1, (uint32_t)n);
	buf_add(&w->b, h, sizeof h);
}

void wire_bytes(struct wire_out *w, uint8_t tag, const void *p, size_t n)
{
	head(w, tag, n);
	buf_add(&w->b, p, n);
}

void wire_textn(struct wire_out *w, uint8_t tag, const char *s, size_t n)
{
	if (s)
		wire_bytes(w, tag, s, n);
}

void wire_text(struct wire_out *w, uint8_t tag, const char *s)
{
	if (s)
		wire_bytes(w, tag, s, strlen(s));
}

void wire_u64(struct wire_out *w, uint8_t tag, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	wire_bytes(w, tag, b, sizeof b);
}

void wire_bool(struct wire_out *w, uint8_t tag, bool v)
{
	uint8_t b = v;

	wire_bytes(w, tag, &b, 1);
}

void wire_nest(struct wire_out *w, uint8_t tag)
{
	if (w->depth >= WIRE_DEPTH) {
		w->bad = true;
		return;
	}
	head(w, tag, 0);
	w->open[w->depth++] = w->b.n - 4;
}

void wire_unnest(struct wire_out *w)
{
	size_t at;

	if (w->depth <= 0) {
		w->bad = true;
		return;
	}
	at = w->open[--w->depth];
	if (w->b.oom)
		return;
	if (w->b.n - at - 4 > UINT32_MAX)
		w->bad = true;
	else
		put_u32((uint8_t *)w->b.p + at, (uint32_t)(w->b.n - at - 4));
}

int wire_end(struct wire_out *w, size_t max)
{
	if (w->b.oom || w->bad || w->depth != 0 || w->b.n < 4 + WIRE_HEAD || w->b.n - 4 > max)
		return -1;
	put_u32((uint8_t *)w->b.p, (uint32_t)(w->b.n - 4));
	return 0;
}

const uint8_t *wire_frame(const struct wire_out *w, size_t *n)
{
	*n = w->b.n;
	return (const uint8_t *)w->b.p;
}

void wire_out_free(struct wire_out *w)
{
	buf_free(&w->b);
	w->depth = 0;
	w->bad = false;
}

/* ---- reading ---------------------------------------------------------- */

int wire_open(const uint8_t *body, size_t n, uint8_t *type, struct wire_iter *it,
	      struct err *err)
{
	if (n < WIRE_HEAD || body[0] != 'M' || body[1] != 'G')
		return err_set(err, _("the gate's message is malformed"));
	if (body[2] != WIRE_VERSION)
		return err_set(err, _("the gate speaks version %d, this program %d: the program and "
				      "its gate are from different installations; reinstall madoguchi"),
			       body[2], WIRE_VERSION);
	*type = body[3];
	it->p = body + WIRE_HEAD;
	it->end = body + n;
	return 0;
}

int wire_next(struct wire_iter *it, struct wire_field *f)
{
	uint32_t n;

	if (it->p == it->end)
		return 0;
	if (it->end - it->p < 5)
		return -1;
	n = get_u32(it->p + 1);
	if (n > (size_t)(it->end - it->p - 5))
		return -1;
	f->tag = it->p[0];
	f->p = it->p + 5;
	f->n = n;
	it->p += 5 + (size_t)n;
	return 1;
}

static bool text_ok(const struct wire_field *f)
{
	return !memchr(f->p, 0, f->n) && u8_check(f->p, f->n) == NULL;
}

int wire_text_copy(const struct wire_field *f, char *out, size_t size)
{
	if (!text_ok(f) || f->n >= size)
		return -1;
	memcpy(out, f->p, f->n);
	out[f->n] = '\0';
	return 0;
}

char *wire_text_dup(const struct wire_field *f)
{
	char *s;

	if (!text_ok(f)) {
		errno = EINVAL;
		return NULL;
	}
	if (!(s = malloc(f->n + 1)))
		return NULL;
	memcpy(s, f->p, f->n);
	s[f->n] = '\0';
	return s;
}

int wire_get_u64(const struct wire_field *f, uint64_t *v)
{
	if (f->n != 8)
		return -1;
	*v = 0;
	for (int i = 0; i < 8; i++)
		*v = *v << 8 | f->p[i];
	return 0;
}

int wire_get_bool(const struct wire_field *f, bool *v)
{
	if (f->n != 1 || f->p[0] > 1)
		return -1;
	*v = f->p[0] == 1;
	return 0;
}

void wire_nested(const struct wire_field *f, struct wire_iter *it)
{
	it->p = f->p;
	it->end = f->p + f->n;
}

/* ---- on a file descriptor -------------------------------------------- */

int wire_send(int fd, const struct wire_out *w)
{
	const char *p = w->b.p;
	size_t n = w->b.n;

	/* send(MSG_NOSIGNAL): a gate gone away is an error to say, not a
	 * SIGPIPE that kills the screen with the call on it. */
	while (n > 0) {
		ssize_t r = send(fd, p, n, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == ENOTSOCK)
			return file_write_all(fd, p, n);
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads exactly n bytes: 1, 0 at end of input before the first byte,
 * -1 (errno; EPIPE-like end in the middle is EIO). */
static int read_full(int fd, void *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			if (got == 0)
				return 0;
			errno = EIO;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

int wire_recv(int fd, size_t max, struct buf *frame, struct err *err)
{
	uint8_t len[4];
	uint32_t n;
	int r;

	buf_clear(frame);
	r = read_full(fd, len, sizeof len);
	if (r == 0)
		return 0;
	if (r < 0)
		return err_set(err, _("reading from the gate: %s"), strerror(errno));
	n = get_u32(len);
	if (n < WIRE_HEAD || n > max)
		return err_set(err, _("the gate's message is malformed (%lu bytes)"), (unsigned long)n);
	for (size_t i = 0; i < n; i += 4096) {
		size_t k = n - i < 4096 ? n - i : 4096;
		uint8_t chunk[4096];

		r = read_full(fd, chunk, k);
		if (r <= 0)
			return err_set(err, _("the gate stopped in the middle of a message"));
		if (buf_add(frame, chunk, k))
			return err_set(err, _("out of memory"));
	}
	return 1;
}
