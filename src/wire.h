/*
 * wire — the frames the program and its gate exchange (doc/gate.md).
 *
 * A frame is a u32 big-endian length of what follows, then the magic
 * 'M' 'G', the version (WIRE_VERSION) and a message type, then fields
 * until the end.  A field is a tag (u8), a u32 big-endian length and that
 * many bytes; what the bytes mean is fixed by the message type and the
 * tag (src/proto): text (UTF-8 without NUL), u64 (8 bytes big-endian),
 * bool (one byte 0 or 1), raw bytes, or a nested list of fields.
 *
 * Everything read is checked here: a frame longer than the reader's
 * limit, a field running past its frame, a wrong magic or version, text
 * that is not UTF-8 or holds a NUL, a u64 of another length.  Nothing is
 * trusted from the other side: the gate reads requests from a user's
 * process, the program reads answers from a process that may have been
 * killed half-way.
 *
 * Ownership: a struct wire_out owns its buffer (wire_out_free).  Fields
 * and iterators point into the frame they were read from, which the
 * caller keeps until done with them.
 */
#ifndef MADOGUCHI_WIRE_H
#define MADOGUCHI_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "err.h"

#define WIRE_VERSION 1
#define WIRE_HEAD 4                  /* 'M' 'G' version type */
#define WIRE_REQ_MAX (1u << 20)      /* bytes of a request frame, at most */
#define WIRE_ANS_MAX (4u << 20)      /* bytes of an answer frame, at most */
#define WIRE_DEPTH 8                 /* nesting of field lists, at most */

/* ---- writing ---- */

struct wire_out {
	struct buf b;                /* the frame, its length prefix first */
	size_t open[WIRE_DEPTH];     /* offsets of the nested fields' lengths */
	int depth;
	bool bad;                    /* nesting misused or a field too long */
};

/* Starts a frame of type (the previous one, if any, is discarded). */
void wire_begin(struct wire_out *w, uint8_t type);
/* Fields.  Text NULL writes nothing (the field is absent). */
void wire_text(struct wire_out *w, uint8_t tag, const char *s);
void wire_textn(struct wire_out *w, uint8_t tag, const char *s, size_t n);
void wire_u64(struct wire_out *w, uint8_t tag, uint64_t v);
void wire_bool(struct wire_out *w, uint8_t tag, bool v);
void wire_bytes(struct wire_out *w, uint8_t tag, const void *p, size_t n);
/* A field holding a list of fields: wire_nest … fields … wire_unnest. */
void wire_nest(struct wire_out *w, uint8_t tag);
void wire_unnest(struct wire_out *w);
/* Closes the frame: 0, or -1 when memory ran out, the nesting is open
 * or the frame is larger than max bytes. */
int wire_end(struct wire_out *w, size_t max);
/* The whole frame, its length prefix included. */
const uint8_t *wire_frame(const struct wire_out *w, size_t *n);
void wire_out_free(struct wire_out *w);

/* ---- reading ---- */

struct wire_field {
	uint8_t tag;
	const uint8_t *p;
	size_t n;
};

struct wire_iter {
	const uint8_t *p, *end;
};

/* A frame's body (what follows its length prefix), checked: magic,
 * version.  0 with *type and the iterator over its fields, or -1 with
 * err. */
int wire_open(const uint8_t *body, size_t n, uint8_t *type, struct wire_iter *it,
	      struct err *err);

/* The next field: 1 with *f, 0 at the end, -1 when the rest is malformed. */
int wire_next(struct wire_iter *it, struct wire_field *f);

/* Field values, each checked: 0, or -1 (wrong length, not UTF-8, a NUL,
 * does not fit).  wire_text_copy writes a NUL-terminated copy into out
 * (size bytes); wire_text_dup a malloc'd one (NULL with errno on
 * failure). */
int wire_text_copy(const struct wire_field *f, char *out, size_t size);
char *wire_text_dup(const struct wire_field *f);
int wire_get_u64(const struct wire_field *f, uint64_t *v);
int wire_get_bool(const struct wire_field *f, bool *v);
/* The field's bytes as a list of fields. */
void wire_nested(const struct wire_field *f, struct wire_iter *it);

/* ---- on a file descriptor ---- */

/* Writes the frame whole (EINTR retried; on a socket without SIGPIPE: a
 * peer gone away is EPIPE).  0, or -1 with errno. */
int wire_send(int fd, const struct wire_out *w);

/* Reads one frame into frame (its body, without the length prefix).
 * 1 read, 0 at a clean end of input before a frame, -1 with err (an end
 * inside a frame, a frame over max bytes, a read error). */
int wire_recv(int fd, size_t max, struct buf *frame, struct err *err);

#endif
