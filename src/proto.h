/*
 * proto — the gate's requests and answers as wire frames (doc/gate.md).
 *
 * The program (src/desk) asks, the gate (src/gate) answers; both are one
 * build, so a field's type is fixed by the message type and its tag and
 * an unknown tag is an error.  Every decoder checks what it reads: a
 * request comes from a user's process, which may send anything; an answer
 * comes from a gate that may have been killed half-way.  Decoders fill
 * the caller's structs and never keep pointers into the frame, except
 * where a struct holds const char * (an inq_entry, a filter): those point
 * into a struct proto_strings the decoder fills, which the caller keeps.
 *
 * Ownership: the caller's structs and frames; malloc'd parts of decoded
 * answers (rows, stats, details) are freed with their logview_*_free.
 */
#ifndef MADOGUCHI_PROTO_H
#define MADOGUCHI_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "call.h"
#include "err.h"
#include "export.h"
#include "inq_read.h"
#include "inq_chain.h"
#include "inq_store.h"
#include "logview.h"
#include "logview_stats.h"
#include "wire.h"

/* Message types; an answer is the request's type | PROTO_ANSWER. */
enum proto_type {
	PROTO_HELLO = 1,     /* language → who, the snapshot, the log, pending */
	PROTO_LOOKUP = 2,    /* a call_request → a call_verdict */
	PROTO_SAVE = 3,      /* an inq_entry → status, uuid, message */
	PROTO_EVENT = 4,     /* an inq_event (`log lookup`) → status, uuid, message */
	PROTO_PENDING = 5,   /* → entries waiting in the spool */
	PROTO_READ = 6,      /* what (review, log stats, log export, log verify) → allowed */
	PROTO_PAGE = 7,      /* filter, key, direction → rows */
	PROTO_DETAIL = 8,    /* uuid → one call's fields */
	PROTO_STATS = 9,     /* filter → figures */
	PROTO_LOOKUPS = 10,  /* filter → lookup use per operator */
	PROTO_EXPORT = 11,   /* what to export → PROTO_CHUNK frames, then the answer */
	PROTO_VERIFY = 12,   /* → the chains checked, with the heads sent before */
	PROTO_HEADS = 13,    /* heads (TABLE:SEQ:HASH) for the next VERIFY */
	PROTO_CHUNK = 0x7e,  /* part of an export's bytes */
	PROTO_ANSWER = 0x80,
	PROTO_ERROR = 0xff,  /* code, message: the request was not done */
};

/* The error answer's code: what the program's exit status becomes. */
enum proto_code {
	PROTO_E_REFUSED = 1, /* not allowed for this account (exit 2) */
	PROTO_E_USAGE = 2,   /* a bad request or setting (exit 2) */
	PROTO_E_FAIL = 3,    /* could not be done (exit 3) */
	PROTO_E_LIMIT = 4,   /* the lookup limit is reached (exit 2) */
};

/* Strings a decoded request points into (each malloc'd). */
#define PROTO_STRINGS_MAX 24
struct proto_strings {
	char *s[PROTO_STRINGS_MAX];
	int n;
};
void proto_strings_free(struct proto_strings *ps);

/* The start of a decoded frame: its type and its fields. */
struct proto_msg {
	uint8_t type;
	struct wire_iter it;
};

/* Frames body[0..n) (without its length).  0, or -1 with err. */
int proto_open(const uint8_t *body, size_t n, struct proto_msg *m, struct err *err);

/* ---- for the decoders of proto.c and proto_read.c ----
 * Each returns false on a malformed field; proto_walk calls fn for each
 * field of it (false from fn, or a malformed list, fails). */
typedef bool proto_field_fn(void *ctx, const struct wire_field *f);
bool proto_walk(struct wire_iter *it, proto_field_fn *fn, void *ctx);
bool proto_walk_nested(const struct wire_field *f, proto_field_fn *fn, void *ctx);
bool proto_text(const struct wire_field *f, char *out, size_t size);
bool proto_long(const struct wire_field *f, long *out);
bool proto_uint(const struct wire_field *f, unsigned *out, unsigned max);
bool proto_bool(const struct wire_field *f, bool *out);
/* The field's text, kept in ps: the pointer, or NULL (malformed, full). */
const char *proto_keep(struct proto_strings *ps, const struct wire_field *f);
/* A message of one text field (tag 1) into out. */
bool proto_one_text(struct proto_msg *m, char *out, size_t size);
/* err = "the gate's WHAT message is malformed"; -1. */
int proto_bad(struct err *err, const char *what);

/* ---- errors ---- */
void proto_put_error(struct wire_out *w, enum proto_code code, const char *msg);
/* m is PROTO_ERROR: its code and message into *code and err. */
int proto_get_error(struct proto_msg *m, enum proto_code *code, struct err *err);

/* ---- HELLO ---- */
struct proto_hello {
	char lang[8];                    /* request: "ja" or "en" */
	/* answer */
	char operator_name[64];
	bool snapshot_ok;
	char snapshot_id[33], snapshot_date[11];
	char snapshot_msg[1024];         /* why there is no snapshot */
	char log_path[1024];             /* the log, for messages */
	bool log_set;                    /* false: this account's own log */
	bool log_exists;                 /* the file is there (a read of a
	                                    missing log says so) */
	char log_msg[1024];              /* the log cannot be written: why */
	long pending;
	bool gate;                       /* answered by the set-user-ID gate */
	char windows_msg[1024];          /* why windows.tsv cannot be read, or "" */
};
void proto_put_hello_req(struct wire_out *w, const struct proto_hello *h);
int proto_get_hello_req(struct proto_msg *m, struct proto_hello *h, struct err *err);
void proto_put_hello(struct wire_out *w, const struct proto_hello *h);
int proto_get_hello(struct proto_msg *m, struct proto_hello *h, struct err *err);

/* ---- LOOKUP ---- */
void proto_put_lookup_req(struct wire_out *w, const struct call_request *q);
int proto_get_lookup_req(struct proto_msg *m, struct call_request *q, struct err *err);
/* The answer: 0 with a verdict, or 1 when a field could not be read
 * (v->field, v->why), as call_lookup() returns. */
void proto_put_verdict(struct wire_out *w, int rc, const struct call_verdict *v);
int proto_get_verdict(struct proto_msg *m, int *rc, struct call_verdict *v, struct err *err);

/* ---- SAVE, EVENT ---- */
void proto_put_entry(struct wire_out *w, const struct inq_entry *e);
int proto_get_entry(struct proto_msg *m, struct inq_entry *e, struct proto_strings *ps,
		    struct err *err);
void proto_put_event(struct wire_out *w, const struct inq_event *ev);
int proto_get_event(struct proto_msg *m, struct inq_event *ev, struct proto_strings *ps,
		    struct err *err);
/* The answer to both: the status, the record's uuid, the message. */
void proto_put_status(struct wire_out *w, uint8_t type, enum inq_status st, const char *uuid,
		      const char *msg);
int proto_get_status(struct proto_msg *m, enum inq_status *st, char uuid[INQ_UUID_LEN + 1],
		     struct err *msg);

/* ---- a count (PENDING) ---- */
void proto_put_count(struct wire_out *w, uint8_t type, long n);
int proto_get_count(struct proto_msg *m, long *n, struct err *err);

/* ---- READ ---- */
void proto_put_read_req(struct wire_out *w, const char *what);
int proto_get_read_req(struct proto_msg *m, char *what, size_t size, struct err *err);
void proto_put_ok(struct wire_out *w, uint8_t type);
int proto_get_ok(struct proto_msg *m, struct err *err);

/* ---- PAGE, DETAIL, STATS, LOOKUPS ---- */
struct proto_page {
	struct logview_filter f;
	bool has_from;
	struct logview_key from;
	enum logview_dir dir;
	bool inclusive;
	long max;
};
void proto_put_page_req(struct wire_out *w, const struct proto_page *p);
int proto_get_page_req(struct proto_msg *m, struct proto_page *p, struct proto_strings *ps,
		       struct err *err);
void proto_put_rows(struct wire_out *w, const struct logview_row *rows, long n, bool complete);
/* *rows malloc'd (free()). */
int proto_get_rows(struct proto_msg *m, struct logview_row **rows, long *n, bool *complete,
		   struct err *err);

void proto_put_detail_req(struct wire_out *w, const char *uuid);
int proto_get_detail_req(struct proto_msg *m, char uuid[INQ_UUID_LEN + 1], struct err *err);
/* found: 1 or 0, as logview_detail returns. */
void proto_put_detail(struct wire_out *w, int found, const struct logview_detail *d);
int proto_get_detail(struct proto_msg *m, int *found, struct logview_detail *d, struct err *err);

void proto_put_filter_req(struct wire_out *w, uint8_t type, const struct logview_filter *f);
int proto_get_filter_req(struct proto_msg *m, struct logview_filter *f, struct proto_strings *ps,
			 struct err *err);
void proto_put_stats(struct wire_out *w, const struct logview_stats *s);
int proto_get_stats(struct proto_msg *m, struct logview_stats *s, struct err *err);
void proto_put_lookups(struct wire_out *w, const struct logview_lookups *l);
int proto_get_lookups(struct proto_msg *m, struct logview_lookups *l, struct err *err);

/* ---- EXPORT ---- */
enum proto_export_source { PROTO_EXPORT_VIEW, PROTO_EXPORT_CHAIN };
struct proto_export {
	enum proto_export_source source;
	struct logview_filter view;      /* VIEW: the review's filter, newest first */
	enum inq_table table;            /* CHAIN: a table in chain order … */
	struct inq_filter chain;         /* … with log export's filter */
	enum export_fmt fmt;
};
void proto_put_export_req(struct wire_out *w, const struct proto_export *x);
int proto_get_export_req(struct proto_msg *m, struct proto_export *x, struct proto_strings *ps,
			 struct err *err);
void proto_put_chunk(struct wire_out *w, const void *p, size_t n);
/* A PROTO_CHUNK frame's bytes (pointing into the frame). */
int proto_get_chunk(struct proto_msg *m, const uint8_t **p, size_t *n, struct err *err);

/* ---- HEADS, VERIFY ---- */
/* Heads are sent in batches before VERIFY: a syslog extract may hold a
 * head for every append of a year. */
#define PROTO_HEADS_BATCH 4096
#define PROTO_HEADS_MAX 200000      /* heads one VERIFY checks, at most */
void proto_put_heads_req(struct wire_out *w, const struct inq_head *h, size_t n);
int proto_get_heads_req(struct proto_msg *m, struct inq_head *h, size_t max, size_t *n,
			struct err *err);
void proto_put_verify(struct wire_out *w, const struct inq_verify *v);
int proto_get_verify(struct proto_msg *m, struct inq_verify *v, struct err *err);

#endif
