#include "proto.h"
#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each struct is a list of fields tagged 1, 2, … in the order below; a
 * nested struct is a field holding its own list.  The decoders walk the
 * fields with a switch on the tag: a tag that belongs to nothing, a field
 * of the wrong size or a text that is not UTF-8 ends the decoding with
 * "malformed", naming the message.
 */

void proto_strings_free(struct proto_strings *ps)
{
	for (int i = 0; i < ps->n; i++)
		free(ps->s[i]);
	ps->n = 0;
}

/* The field's text, kept in ps: the pointer, or NULL (malformed, full). */
const char *proto_keep(struct proto_strings *ps, const struct wire_field *f)
{
	char *s;

	if (ps->n >= PROTO_STRINGS_MAX || !(s = wire_text_dup(f)))
		return NULL;
	ps->s[ps->n++] = s;
	return s;
}

int proto_bad(struct err *err, const char *what)
{
	return err_set(err, _("the gate's %s message is malformed"), what);
}

int proto_open(const uint8_t *body, size_t n, struct proto_msg *m, struct err *err)
{
	return wire_open(body, n, &m->type, &m->it, err);
}

bool proto_text(const struct wire_field *f, char *out, size_t size)
{
	return wire_text_copy(f, out, size) == 0;
}

bool proto_long(const struct wire_field *f, long *out)
{
	uint64_t v;

	if (wire_get_u64(f, &v))
		return false;
	*out = (long)(int64_t)v;
	return true;
}

bool proto_uint(const struct wire_field *f, unsigned *out, unsigned max)
{
	uint64_t v;

	if (wire_get_u64(f, &v) || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

bool proto_bool(const struct wire_field *f, bool *out)
{
	return wire_get_bool(f, out) == 0;
}

bool proto_walk(struct wire_iter *it, proto_field_fn *fn, void *ctx)
{
	struct wire_field f;
	int r;

	while ((r = wire_next(it, &f)) == 1)
		if (!fn(ctx, &f))
			return false;
	return r == 0;
}

bool proto_walk_nested(const struct wire_field *f, proto_field_fn *fn, void *ctx)
{
	struct wire_iter in;

	wire_nested(f, &in);
	return proto_walk(&in, fn, ctx);
}

/* ---- errors ----------------------------------------------------------- */

void proto_put_error(struct wire_out *w, enum proto_code code, const char *msg)
{
	wire_begin(w, PROTO_ERROR);
	wire_u64(w, 1, (uint64_t)code);
	wire_text(w, 2, msg);
}

struct error_ctx {
	unsigned code;
	struct err *err;
};

static bool error_field(void *ctx, const struct wire_field *f)
{
	struct error_ctx *e = ctx;

	switch (f->tag) {
	case 1: return proto_uint(f, &e->code, PROTO_E_LIMIT);
	case 2: return proto_text(f, e->err->msg, sizeof e->err->msg);
	}
	return false;
}

int proto_get_error(struct proto_msg *m, enum proto_code *code, struct err *err)
{
	struct error_ctx e = { PROTO_E_FAIL, err };

	err->msg[0] = '\0';
	if (!proto_walk(&m->it, error_field, &e) || !err->msg[0])
		return proto_bad(err, "error");
	*code = (enum proto_code)e.code;
	return 0;
}

/* ---- HELLO ------------------------------------------------------------- */

void proto_put_hello_req(struct wire_out *w, const struct proto_hello *h)
{
	wire_begin(w, PROTO_HELLO);
	wire_text(w, 1, h->lang);
}

static bool hello_req_field(void *ctx, const struct wire_field *f)
{
	struct proto_hello *h = ctx;

	return f->tag == 1 && proto_text(f, h->lang, sizeof h->lang);
}

int proto_get_hello_req(struct proto_msg *m, struct proto_hello *h, struct err *err)
{
	memset(h, 0, sizeof *h);
	return proto_walk(&m->it, hello_req_field, h) ? 0 : proto_bad(err, "hello");
}

void proto_put_hello(struct wire_out *w, const struct proto_hello *h)
{
	wire_begin(w, PROTO_HELLO | PROTO_ANSWER);
	wire_text(w, 1, h->operator_name);
	wire_bool(w, 2, h->snapshot_ok);
	wire_text(w, 3, h->snapshot_id);
	wire_text(w, 4, h->snapshot_date);
	wire_text(w, 5, h->snapshot_msg);
	wire_text(w, 6, h->log_path);
	wire_bool(w, 7, h->log_set);
	wire_text(w, 8, h->log_msg);
	wire_u64(w, 9, (uint64_t)(int64_t)h->pending);
	wire_bool(w, 10, h->gate);
	wire_bool(w, 11, h->log_exists);
	wire_text(w, 12, h->windows_msg);
}

static bool hello_field(void *ctx, const struct wire_field *f)
{
	struct proto_hello *h = ctx;

	switch (f->tag) {
	case 1: return proto_text(f, h->operator_name, sizeof h->operator_name);
	case 2: return proto_bool(f, &h->snapshot_ok);
	case 3: return proto_text(f, h->snapshot_id, sizeof h->snapshot_id);
	case 4: return proto_text(f, h->snapshot_date, sizeof h->snapshot_date);
	case 5: return proto_text(f, h->snapshot_msg, sizeof h->snapshot_msg);
	case 6: return proto_text(f, h->log_path, sizeof h->log_path);
	case 7: return proto_bool(f, &h->log_set);
	case 8: return proto_text(f, h->log_msg, sizeof h->log_msg);
	case 9: return proto_long(f, &h->pending);
	case 10: return proto_bool(f, &h->gate);
	case 11: return proto_bool(f, &h->log_exists);
	case 12: return proto_text(f, h->windows_msg, sizeof h->windows_msg);
	}
	return false;
}

int proto_get_hello(struct proto_msg *m, struct proto_hello *h, struct err *err)
{
	memset(h, 0, sizeof *h);
	return proto_walk(&m->it, hello_field, h) ? 0 : proto_bad(err, "hello");
}

/* ---- LOOKUP ------------------------------------------------------------ */

/* A field as typed: raw bytes (src/ident says what is wrong with them),
 * and the length typed when it was too long to keep. */
void proto_put_lookup_req(struct wire_out *w, const struct call_request *q)
{
	wire_begin(w, PROTO_LOOKUP);
	wire_text(w, 1, q->call_uuid);
	for (int i = 0; i < CALL_NFIELDS; i++) {
		const struct call_text *t = &q->field[i];

		if (!t->given)
			continue;
		wire_nest(w, (uint8_t)(2 + i));
		wire_u64(w, 1, t->len);
		wire_bytes(w, 2, t->s, t->len <= CALL_TEXT_MAX ? t->len : 0);
		wire_unnest(w);
	}
}

struct text_ctx_raw {
	struct call_text *t;
	size_t nbytes;
	bool has_len, has_bytes;
};

static bool text_field(void *ctx, const struct wire_field *f)
{
	struct text_ctx_raw *c = ctx;
	uint64_t len;

	switch (f->tag) {
	case 1:
		if (c->has_len || wire_get_u64(f, &len) || len > WIRE_REQ_MAX)
			return false;
		c->t->len = (size_t)len;
		c->has_len = true;
		return true;
	case 2:
		if (c->has_bytes || f->n > CALL_TEXT_MAX)
			return false;
		memcpy(c->t->s, f->p, f->n);
		c->t->s[f->n] = '\0';
		c->nbytes = f->n;
		c->has_bytes = true;
		return true;
	}
	return false;
}

static bool lookup_req_field(void *ctx, const struct wire_field *f)
{
	struct call_request *q = ctx;
	struct text_ctx_raw c = { NULL, 0, false, false };

	if (f->tag == 1)
		return proto_text(f, q->call_uuid, sizeof q->call_uuid);
	if (f->tag < 2 || f->tag >= 2 + CALL_NFIELDS || q->field[f->tag - 2].given)
		return false;
	c.t = &q->field[f->tag - 2];
	c.t->given = true;
	if (!proto_walk_nested(f, text_field, &c) || !c.has_len || !c.has_bytes)
		return false;
	/* The bytes are what the length says; a value too long to keep
	 * comes as its length alone, for the message. */
	return c.t->len > CALL_TEXT_MAX ? c.nbytes == 0 : c.nbytes == c.t->len;
}

int proto_get_lookup_req(struct proto_msg *m, struct call_request *q, struct err *err)
{
	memset(q, 0, sizeof *q);
	return proto_walk(&m->it, lookup_req_field, q) ? 0 : proto_bad(err, "lookup");
}

static void put_person(struct wire_out *w, uint8_t tag, const struct snapshot_person *p)
{
	wire_nest(w, tag);
	wire_text(w, 1, p->ref);
	wire_u64(w, 2, p->items);
	wire_bool(w, 3, p->userinfo);
	wire_u64(w, 4, (uint64_t)p->card_records);
	wire_text(w, 5, p->registered_on);
	wire_text(w, 6, p->notified_on);
	wire_unnest(w);
}

static bool person_field(void *ctx, const struct wire_field *f)
{
	struct snapshot_person *p = ctx;

	switch (f->tag) {
	case 1: return proto_text(f, p->ref, sizeof p->ref);
	case 2: return proto_uint(f, &p->items, (1u << SNAPSHOT_NITEMS) - 1);
	case 3: return proto_bool(f, &p->userinfo);
	case 4: return proto_long(f, &p->card_records);
	case 5: return proto_text(f, p->registered_on, sizeof p->registered_on);
	case 6: return proto_text(f, p->notified_on, sizeof p->notified_on);
	}
	return false;
}

static void put_result(struct wire_out *w, uint8_t tag, const struct lookup_result *r)
{
	wire_nest(w, tag);
	wire_u64(w, 1, r->match);
	wire_u64(w, 2, r->factors);
	wire_u64(w, 3, r->ask);
	put_person(w, 4, &r->person);
	wire_u64(w, 5, r->exposed_items);
	for (size_t i = 0; i < r->nfaq; i++)
		wire_u64(w, 7, (uint64_t)r->faq[i]);
	for (int k = 0; k < WINDOW_NKINDS; k++)
		wire_u64(w, 8, r->window[k]);
	wire_unnest(w);
}

struct result_ctx {
	struct lookup_result *r;
	int nwindow;
};

static bool result_field(void *ctx, const struct wire_field *f)
{
	struct result_ctx *c = ctx;
	struct lookup_result *r = c->r;
	unsigned u;

	switch (f->tag) {
	case 1:
		if (!proto_uint(f, &u, LOOKUP_VERIFIED))
			return false;
		r->match = (enum lookup_match)u;
		return true;
	case 2: return proto_uint(f, &r->factors, (1u << IDENT_NKINDS) - 1);
	case 3: return proto_uint(f, &r->ask, (1u << IDENT_NKINDS) - 1);
	case 4: return proto_walk_nested(f, person_field, &r->person);
	case 5: return proto_uint(f, &r->exposed_items, (1u << SNAPSHOT_NITEMS) - 1);
	case 7:
		if (r->nfaq >= LOOKUP_MAX_FAQ || !proto_uint(f, &u, 999))
			return false;
		r->faq[r->nfaq++] = (int)u;
		return true;
	case 8:
		if (c->nwindow >= WINDOW_NKINDS || !proto_uint(f, &u, WINDOW_INSIDE))
			return false;
		r->window[c->nwindow++] = (enum window_state)u;
		return true;
	}
	return false;
}

void proto_put_verdict(struct wire_out *w, int rc, const struct call_verdict *v)
{
	wire_begin(w, PROTO_LOOKUP | PROTO_ANSWER);
	wire_u64(w, 1, (uint64_t)rc);
	if (rc == 1) {
		wire_u64(w, 2, v->field);
		wire_text(w, 3, v->why);
		return;
	}
	put_result(w, 4, &v->res);
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		wire_nest(w, 5);
		wire_text(w, 1, v->win[k].from);
		wire_text(w, 2, v->win[k].to);
		wire_text(w, 3, v->win[k].note);
		wire_unnest(w);
	}
	wire_text(w, 6, v->snapshot_id);
	wire_text(w, 7, v->snapshot_date);
	wire_u64(w, 8, v->given);
	wire_text(w, 9, v->factors);
	wire_u64(w, 10, v->logged);
	wire_text(w, 11, v->log_why);
}

static bool window_field(void *ctx, const struct wire_field *f)
{
	struct call_window *cw = ctx;

	switch (f->tag) {
	case 1: return proto_text(f, cw->from, sizeof cw->from);
	case 2: return proto_text(f, cw->to, sizeof cw->to);
	case 3: return proto_text(f, cw->note, sizeof cw->note);
	}
	return false;
}

struct verdict_ctx {
	struct call_verdict *v;
	long rc;
	int nwin;
};

static bool verdict_field(void *ctx, const struct wire_field *f)
{
	struct verdict_ctx *c = ctx;
	struct call_verdict *v = c->v;
	struct result_ctx rc = { &v->res, 0 };
	unsigned u;

	switch (f->tag) {
	case 1: return proto_long(f, &c->rc) && (c->rc == 0 || c->rc == 1);
	case 2:
		if (!proto_uint(f, &u, CALL_NFIELDS - 1))
			return false;
		v->field = (enum call_field)u;
		return true;
	case 3: return proto_text(f, v->why, sizeof v->why);
	case 4: return proto_walk_nested(f, result_field, &rc) && rc.nwindow == WINDOW_NKINDS;
	case 5: return c->nwin < WINDOW_NKINDS && proto_walk_nested(f, window_field, &v->win[c->nwin++]);
	case 6: return proto_text(f, v->snapshot_id, sizeof v->snapshot_id);
	case 7: return proto_text(f, v->snapshot_date, sizeof v->snapshot_date);
	case 8: return proto_uint(f, &v->given, (1u << IDENT_NKINDS) - 1);
	case 9: return proto_text(f, v->factors, sizeof v->factors);
	case 10:
		if (!proto_uint(f, &u, CALL_LOG_FAILED))
			return false;
		v->logged = (enum call_logged)u;
		return true;
	case 11: return proto_text(f, v->log_why, sizeof v->log_why);
	}
	return false;
}

int proto_get_verdict(struct proto_msg *m, int *rc, struct call_verdict *v, struct err *err)
{
	struct verdict_ctx c = { v, -1, 0 };

	memset(v, 0, sizeof *v);
	if (!proto_walk(&m->it, verdict_field, &c) || c.rc < 0)
		return proto_bad(err, "verdict");
	*rc = (int)c.rc;
	return 0;
}

/* ---- SAVE, EVENT ------------------------------------------------------ */

void proto_put_entry(struct wire_out *w, const struct inq_entry *e)
{
	wire_begin(w, PROTO_SAVE);
	wire_text(w, 1, e->uuid);
	wire_text(w, 2, e->started_at);
	wire_text(w, 3, e->ended_at);
	wire_text(w, 4, e->snapshot_id);
	wire_text(w, 5, e->match);
	wire_text(w, 6, e->ref);
	wire_text(w, 7, e->factors);
	wire_text(w, 8, e->faq);
	wire_text(w, 9, e->disposition);
	wire_bool(w, 10, e->escalate);
	/* A note is kept as typed: bytes, checked by inq_entry_check. */
	if (e->note)
		wire_bytes(w, 11, e->note, strlen(e->note));
	wire_text(w, 12, e->state);
}

struct entry_ctx {
	struct inq_entry *e;
	struct proto_strings *ps;
};

/* A note: any bytes but NUL (inq_entry_check says what else is wrong). */
static const char *keep_bytes(struct proto_strings *ps, const struct wire_field *f)
{
	char *s;

	if (ps->n >= PROTO_STRINGS_MAX || memchr(f->p, 0, f->n) || !(s = malloc(f->n + 1)))
		return NULL;
	memcpy(s, f->p, f->n);
	s[f->n] = '\0';
	ps->s[ps->n++] = s;
	return s;
}

static bool entry_field(void *ctx, const struct wire_field *f)
{
	struct entry_ctx *c = ctx;
	struct inq_entry *e = c->e;

	switch (f->tag) {
	case 1: return proto_text(f, e->uuid, sizeof e->uuid);
	case 2: return proto_text(f, e->started_at, sizeof e->started_at);
	case 3: return proto_text(f, e->ended_at, sizeof e->ended_at);
	case 4: return (e->snapshot_id = proto_keep(c->ps, f)) != NULL;
	case 5: return (e->match = proto_keep(c->ps, f)) != NULL;
	case 6: return (e->ref = proto_keep(c->ps, f)) != NULL;
	case 7: return (e->factors = proto_keep(c->ps, f)) != NULL;
	case 8: return (e->faq = proto_keep(c->ps, f)) != NULL;
	case 9: return (e->disposition = proto_keep(c->ps, f)) != NULL;
	case 10: return proto_bool(f, &e->escalate);
	case 11: return (e->note = keep_bytes(c->ps, f)) != NULL;
	case 12: return (e->state = proto_keep(c->ps, f)) != NULL;
	}
	return false;
}

int proto_get_entry(struct proto_msg *m, struct inq_entry *e, struct proto_strings *ps,
		    struct err *err)
{
	struct entry_ctx c = { e, ps };

	memset(e, 0, sizeof *e);
	return proto_walk(&m->it, entry_field, &c) ? 0 : proto_bad(err, "save");
}

void proto_put_event(struct wire_out *w, const struct inq_event *ev)
{
	wire_begin(w, PROTO_EVENT);
	wire_text(w, 1, ev->uuid);
	wire_text(w, 2, ev->at);
	wire_text(w, 3, ev->snapshot_id);
	wire_text(w, 4, ev->verdict);
	wire_text(w, 5, ev->call_uuid);
}

struct event_ctx {
	struct inq_event *ev;
	struct proto_strings *ps;
};

static bool event_field(void *ctx, const struct wire_field *f)
{
	struct event_ctx *c = ctx;
	struct inq_event *ev = c->ev;

	switch (f->tag) {
	case 1: return proto_text(f, ev->uuid, sizeof ev->uuid);
	case 2: return proto_text(f, ev->at, sizeof ev->at);
	case 3: return (ev->snapshot_id = proto_keep(c->ps, f)) != NULL;
	case 4: return (ev->verdict = proto_keep(c->ps, f)) != NULL;
	case 5: return (ev->call_uuid = proto_keep(c->ps, f)) != NULL;
	}
	return false;
}

int proto_get_event(struct proto_msg *m, struct inq_event *ev, struct proto_strings *ps,
		    struct err *err)
{
	struct event_ctx c = { ev, ps };

	memset(ev, 0, sizeof *ev);
	return proto_walk(&m->it, event_field, &c) ? 0 : proto_bad(err, "event");
}

void proto_put_status(struct wire_out *w, uint8_t type, enum inq_status st, const char *uuid,
		      const char *msg)
{
	wire_begin(w, (uint8_t)(type | PROTO_ANSWER));
	wire_u64(w, 1, (uint64_t)(int64_t)st);
	wire_text(w, 2, uuid);
	wire_text(w, 3, msg);
}

struct status_ctx {
	long st;
	char *uuid;
	struct err *msg;
};

static bool status_field(void *ctx, const struct wire_field *f)
{
	struct status_ctx *c = ctx;

	switch (f->tag) {
	case 1: return proto_long(f, &c->st) && c->st >= INQ_ERROR && c->st <= INQ_SPOOLED;
	case 2: return proto_text(f, c->uuid, INQ_UUID_LEN + 1);
	case 3: return proto_text(f, c->msg->msg, sizeof c->msg->msg);
	}
	return false;
}

int proto_get_status(struct proto_msg *m, enum inq_status *st, char uuid[INQ_UUID_LEN + 1],
		     struct err *msg)
{
	struct status_ctx c = { INQ_ERROR - 1, uuid, msg };

	uuid[0] = '\0';
	msg->msg[0] = '\0';
	if (!proto_walk(&m->it, status_field, &c) || c.st < INQ_ERROR)
		return proto_bad(msg, "status");
	*st = (enum inq_status)c.st;
	return 0;
}

/* ---- counts, READ, ok ---------------------------------------------------- */

void proto_put_count(struct wire_out *w, uint8_t type, long n)
{
	wire_begin(w, type);
	wire_u64(w, 1, (uint64_t)(int64_t)n);
}

static bool count_field(void *ctx, const struct wire_field *f)
{
	return f->tag == 1 && proto_long(f, ctx);
}

int proto_get_count(struct proto_msg *m, long *n, struct err *err)
{
	*n = 0;
	return proto_walk(&m->it, count_field, n) ? 0 : proto_bad(err, "count");
}

void proto_put_read_req(struct wire_out *w, const char *what)
{
	wire_begin(w, PROTO_READ);
	wire_text(w, 1, what);
}

struct text_ctx {
	char *out;
	size_t size;
	bool seen;
};

static bool one_text_field(void *ctx, const struct wire_field *f)
{
	struct text_ctx *c = ctx;

	if (f->tag != 1 || c->seen)
		return false;
	c->seen = true;
	return proto_text(f, c->out, c->size);
}

bool proto_one_text(struct proto_msg *m, char *out, size_t size)
{
	struct text_ctx c = { out, size, false };

	return proto_walk(&m->it, one_text_field, &c) && c.seen;
}

int proto_get_read_req(struct proto_msg *m, char *what, size_t size, struct err *err)
{
	return proto_one_text(m, what, size) ? 0 : proto_bad(err, "read");
}

void proto_put_ok(struct wire_out *w, uint8_t type)
{
	wire_begin(w, (uint8_t)(type | PROTO_ANSWER));
}

int proto_get_ok(struct proto_msg *m, struct err *err)
{
	struct wire_field f;

	return wire_next(&m->it, &f) == 0 ? 0 : proto_bad(err, "answer");
}
