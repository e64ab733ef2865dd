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
static const char *keep(struct proto_strings *ps, const struct wire_field *f)
{
	char *s;

	if (ps->n >= PROTO_STRINGS_MAX || !(s = wire_text_dup(f)))
		return NULL;
	ps->s[ps->n++] = s;
	return s;
}

static int bad(struct err *err, const char *what)
{
	return err_set(err, _("the gate's %s message is malformed"), what);
}

int proto_open(const uint8_t *body, size_t n, struct proto_msg *m, struct err *err)
{
	return wire_open(body, n, &m->type, &m->it, err);
}

/* Shorthands for the decoders: each returns false on a malformed field. */
static bool get_text(const struct wire_field *f, char *out, size_t size)
{
	return wire_text_copy(f, out, size) == 0;
}

static bool get_long(const struct wire_field *f, long *out)
{
	uint64_t v;

	if (wire_get_u64(f, &v))
		return false;
	*out = (long)(int64_t)v;
	return true;
}

static bool get_uint(const struct wire_field *f, unsigned *out, unsigned max)
{
	uint64_t v;

	if (wire_get_u64(f, &v) || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool get_bool(const struct wire_field *f, bool *out)
{
	return wire_get_bool(f, out) == 0;
}

/* Walks the fields of it with fn(ctx, field): false from fn or a malformed
 * list fails. */
typedef bool field_fn(void *ctx, const struct wire_field *f);

static bool walk(struct wire_iter *it, field_fn *fn, void *ctx)
{
	struct wire_field f;
	int r;

	while ((r = wire_next(it, &f)) == 1)
		if (!fn(ctx, &f))
			return false;
	return r == 0;
}

static bool walk_nested(const struct wire_field *f, field_fn *fn, void *ctx)
{
	struct wire_iter in;

	wire_nested(f, &in);
	return walk(&in, fn, ctx);
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
	case 1: return get_uint(f, &e->code, PROTO_E_LIMIT);
	case 2: return get_text(f, e->err->msg, sizeof e->err->msg);
	}
	return false;
}

int proto_get_error(struct proto_msg *m, enum proto_code *code, struct err *err)
{
	struct error_ctx e = { PROTO_E_FAIL, err };

	err->msg[0] = '\0';
	if (!walk(&m->it, error_field, &e) || !err->msg[0])
		return bad(err, "error");
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

	return f->tag == 1 && get_text(f, h->lang, sizeof h->lang);
}

int proto_get_hello_req(struct proto_msg *m, struct proto_hello *h, struct err *err)
{
	memset(h, 0, sizeof *h);
	return walk(&m->it, hello_req_field, h) ? 0 : bad(err, "hello");
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
	case 1: return get_text(f, h->operator_name, sizeof h->operator_name);
	case 2: return get_bool(f, &h->snapshot_ok);
	case 3: return get_text(f, h->snapshot_id, sizeof h->snapshot_id);
	case 4: return get_text(f, h->snapshot_date, sizeof h->snapshot_date);
	case 5: return get_text(f, h->snapshot_msg, sizeof h->snapshot_msg);
	case 6: return get_text(f, h->log_path, sizeof h->log_path);
	case 7: return get_bool(f, &h->log_set);
	case 8: return get_text(f, h->log_msg, sizeof h->log_msg);
	case 9: return get_long(f, &h->pending);
	case 10: return get_bool(f, &h->gate);
	case 11: return get_bool(f, &h->log_exists);
	case 12: return get_text(f, h->windows_msg, sizeof h->windows_msg);
	}
	return false;
}

int proto_get_hello(struct proto_msg *m, struct proto_hello *h, struct err *err)
{
	memset(h, 0, sizeof *h);
	return walk(&m->it, hello_field, h) ? 0 : bad(err, "hello");
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
		return get_text(f, q->call_uuid, sizeof q->call_uuid);
	if (f->tag < 2 || f->tag >= 2 + CALL_NFIELDS || q->field[f->tag - 2].given)
		return false;
	c.t = &q->field[f->tag - 2];
	c.t->given = true;
	if (!walk_nested(f, text_field, &c) || !c.has_len || !c.has_bytes)
		return false;
	/* The bytes are what the length says; a value too long to keep
	 * comes as its length alone, for the message. */
	return c.t->len > CALL_TEXT_MAX ? c.nbytes == 0 : c.nbytes == c.t->len;
}

int proto_get_lookup_req(struct proto_msg *m, struct call_request *q, struct err *err)
{
	memset(q, 0, sizeof *q);
	return walk(&m->it, lookup_req_field, q) ? 0 : bad(err, "lookup");
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
	case 1: return get_text(f, p->ref, sizeof p->ref);
	case 2: return get_uint(f, &p->items, (1u << SNAPSHOT_NITEMS) - 1);
	case 3: return get_bool(f, &p->userinfo);
	case 4: return get_long(f, &p->card_records);
	case 5: return get_text(f, p->registered_on, sizeof p->registered_on);
	case 6: return get_text(f, p->notified_on, sizeof p->notified_on);
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
		if (!get_uint(f, &u, LOOKUP_VERIFIED))
			return false;
		r->match = (enum lookup_match)u;
		return true;
	case 2: return get_uint(f, &r->factors, (1u << IDENT_NKINDS) - 1);
	case 3: return get_uint(f, &r->ask, (1u << IDENT_NKINDS) - 1);
	case 4: return walk_nested(f, person_field, &r->person);
	case 5: return get_uint(f, &r->exposed_items, (1u << SNAPSHOT_NITEMS) - 1);
	case 7:
		if (r->nfaq >= LOOKUP_MAX_FAQ || !get_uint(f, &u, 999))
			return false;
		r->faq[r->nfaq++] = (int)u;
		return true;
	case 8:
		if (c->nwindow >= WINDOW_NKINDS || !get_uint(f, &u, WINDOW_INSIDE))
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
	case 1: return get_text(f, cw->from, sizeof cw->from);
	case 2: return get_text(f, cw->to, sizeof cw->to);
	case 3: return get_text(f, cw->note, sizeof cw->note);
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
	case 1: return get_long(f, &c->rc) && (c->rc == 0 || c->rc == 1);
	case 2:
		if (!get_uint(f, &u, CALL_NFIELDS - 1))
			return false;
		v->field = (enum call_field)u;
		return true;
	case 3: return get_text(f, v->why, sizeof v->why);
	case 4: return walk_nested(f, result_field, &rc) && rc.nwindow == WINDOW_NKINDS;
	case 5: return c->nwin < WINDOW_NKINDS && walk_nested(f, window_field, &v->win[c->nwin++]);
	case 6: return get_text(f, v->snapshot_id, sizeof v->snapshot_id);
	case 7: return get_text(f, v->snapshot_date, sizeof v->snapshot_date);
	case 8: return get_uint(f, &v->given, (1u << IDENT_NKINDS) - 1);
	case 9: return get_text(f, v->factors, sizeof v->factors);
	case 10:
		if (!get_uint(f, &u, CALL_LOG_FAILED))
			return false;
		v->logged = (enum call_logged)u;
		return true;
	case 11: return get_text(f, v->log_why, sizeof v->log_why);
	}
	return false;
}

int proto_get_verdict(struct proto_msg *m, int *rc, struct call_verdict *v, struct err *err)
{
	struct verdict_ctx c = { v, -1, 0 };

	memset(v, 0, sizeof *v);
	if (!walk(&m->it, verdict_field, &c) || c.rc < 0)
		return bad(err, "verdict");
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
	case 1: return get_text(f, e->uuid, sizeof e->uuid);
	case 2: return get_text(f, e->started_at, sizeof e->started_at);
	case 3: return get_text(f, e->ended_at, sizeof e->ended_at);
	case 4: return (e->snapshot_id = keep(c->ps, f)) != NULL;
	case 5: return (e->match = keep(c->ps, f)) != NULL;
	case 6: return (e->ref = keep(c->ps, f)) != NULL;
	case 7: return (e->factors = keep(c->ps, f)) != NULL;
	case 8: return (e->faq = keep(c->ps, f)) != NULL;
	case 9: return (e->disposition = keep(c->ps, f)) != NULL;
	case 10: return get_bool(f, &e->escalate);
	case 11: return (e->note = keep_bytes(c->ps, f)) != NULL;
	case 12: return (e->state = keep(c->ps, f)) != NULL;
	}
	return false;
}

int proto_get_entry(struct proto_msg *m, struct inq_entry *e, struct proto_strings *ps,
		    struct err *err)
{
	struct entry_ctx c = { e, ps };

	memset(e, 0, sizeof *e);
	return walk(&m->it, entry_field, &c) ? 0 : bad(err, "save");
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
	case 1: return get_text(f, ev->uuid, sizeof ev->uuid);
	case 2: return get_text(f, ev->at, sizeof ev->at);
	case 3: return (ev->snapshot_id = keep(c->ps, f)) != NULL;
	case 4: return (ev->verdict = keep(c->ps, f)) != NULL;
	case 5: return (ev->call_uuid = keep(c->ps, f)) != NULL;
	}
	return false;
}

int proto_get_event(struct proto_msg *m, struct inq_event *ev, struct proto_strings *ps,
		    struct err *err)
{
	struct event_ctx c = { ev, ps };

	memset(ev, 0, sizeof *ev);
	return walk(&m->it, event_field, &c) ? 0 : bad(err, "event");
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
	case 1: return get_long(f, &c->st) && c->st >= INQ_ERROR && c->st <= INQ_SPOOLED;
	case 2: return get_text(f, c->uuid, INQ_UUID_LEN + 1);
	case 3: return get_text(f, c->msg->msg, sizeof c->msg->msg);
	}
	return false;
}

int proto_get_status(struct proto_msg *m, enum inq_status *st, char uuid[INQ_UUID_LEN + 1],
		     struct err *msg)
{
	struct status_ctx c = { INQ_ERROR - 1, uuid, msg };

	uuid[0] = '\0';
	msg->msg[0] = '\0';
	if (!walk(&m->it, status_field, &c) || c.st < INQ_ERROR)
		return bad(msg, "status");
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
	return f->tag == 1 && get_long(f, ctx);
}

int proto_get_count(struct proto_msg *m, long *n, struct err *err)
{
	*n = 0;
	return walk(&m->it, count_field, n) ? 0 : bad(err, "count");
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
	return get_text(f, c->out, c->size);
}

int proto_get_read_req(struct proto_msg *m, char *what, size_t size, struct err *err)
{
	struct text_ctx c = { what, size, false };

	return walk(&m->it, one_text_field, &c) && c.seen ? 0 : bad(err, "read");
}

void proto_put_ok(struct wire_out *w, uint8_t type)
{
	wire_begin(w, (uint8_t)(type | PROTO_ANSWER));
}

int proto_get_ok(struct proto_msg *m, struct err *err)
{
	struct wire_field f;

	return wire_next(&m->it, &f) == 0 ? 0 : bad(err, "answer");
}

/* ---- filters and keys ------------------------------------------------- */

static void put_filter(struct wire_out *w, uint8_t tag, const struct logview_filter *f)
{
	wire_nest(w, tag);
	wire_text(w, 1, f->since);
	wire_text(w, 2, f->until);
	wire_text(w, 3, f->operator);
	wire_text(w, 4, f->disposition);
	wire_text(w, 5, f->match);
	wire_bool(w, 6, f->escalated);
	wire_text(w, 7, f->text);
	wire_unnest(w);
}

struct filter_ctx {
	struct logview_filter *f;
	struct proto_strings *ps;
};

static bool filter_field(void *ctx, const struct wire_field *fl)
{
	struct filter_ctx *c = ctx;
	struct logview_filter *f = c->f;

	switch (fl->tag) {
	case 1: return get_text(fl, f->since, sizeof f->since);
	case 2: return get_text(fl, f->until, sizeof f->until);
	case 3: return (f->operator = keep(c->ps, fl)) != NULL;
	case 4: return (f->disposition = keep(c->ps, fl)) != NULL;
	case 5: return (f->match = keep(c->ps, fl)) != NULL;
	case 6: return get_bool(fl, &f->escalated);
	case 7: return (f->text = keep(c->ps, fl)) != NULL;
	}
	return false;
}

static bool get_filter(const struct wire_field *fl, struct logview_filter *f,
		       struct proto_strings *ps)
{
	struct filter_ctx c = { f, ps };

	memset(f, 0, sizeof *f);
	return walk_nested(fl, filter_field, &c);
}

static void put_key(struct wire_out *w, uint8_t tag, const struct logview_key *k)
{
	wire_nest(w, tag);
	wire_text(w, 1, k->started_at);
	wire_u64(w, 2, (uint64_t)k->seq);
	wire_unnest(w);
}

static bool key_field(void *ctx, const struct wire_field *f)
{
	struct logview_key *k = ctx;
	long seq;

	switch (f->tag) {
	case 1: return get_text(f, k->started_at, sizeof k->started_at);
	case 2:
		if (!get_long(f, &seq))
			return false;
		k->seq = seq;
		return true;
	}
	return false;
}

/* ---- PAGE --------------------------------------------------------------- */

void proto_put_page_req(struct wire_out *w, const struct proto_page *p)
{
	wire_begin(w, PROTO_PAGE);
	put_filter(w, 1, &p->f);
	if (p->has_from)
		put_key(w, 2, &p->from);
	wire_u64(w, 3, p->dir);
	wire_bool(w, 4, p->inclusive);
	wire_u64(w, 5, (uint64_t)p->max);
}

struct page_ctx {
	struct proto_page *p;
	struct proto_strings *ps;
};

static bool page_field(void *ctx, const struct wire_field *f)
{
	struct page_ctx *c = ctx;
	struct proto_page *p = c->p;
	unsigned u;

	switch (f->tag) {
	case 1: return get_filter(f, &p->f, c->ps);
	case 2:
		p->has_from = true;
		return walk_nested(f, key_field, &p->from);
	case 3:
		if (!get_uint(f, &u, LOGVIEW_NEWER))
			return false;
		p->dir = (enum logview_dir)u;
		return true;
	case 4: return get_bool(f, &p->inclusive);
	case 5: return get_long(f, &p->max) && p->max >= 0 && p->max <= 10000;
	}
	return false;
}

int proto_get_page_req(struct proto_msg *m, struct proto_page *p, struct proto_strings *ps,
		       struct err *err)
{
	struct page_ctx c = { p, ps };

	memset(p, 0, sizeof *p);
	return walk(&m->it, page_field, &c) ? 0 : bad(err, "page");
}

static void put_row(struct wire_out *w, const struct logview_row *r)
{
	wire_nest(w, 2);
	put_key(w, 1, &r->key);
	wire_text(w, 2, r->uuid);
	wire_text(w, 3, r->ended_at);
	wire_text(w, 4, r->operator);
	wire_text(w, 5, r->match);
	wire_text(w, 6, r->disposition);
	wire_text(w, 7, r->state);
	wire_bool(w, 8, r->escalate);
	wire_u64(w, 9, (uint64_t)(int64_t)r->duration_ms);
	wire_text(w, 10, r->note);
	wire_unnest(w);
}

static bool row_field(void *ctx, const struct wire_field *f)
{
	struct logview_row *r = ctx;

	switch (f->tag) {
	case 1: return walk_nested(f, key_field, &r->key);
	case 2: return get_text(f, r->uuid, sizeof r->uuid);
	case 3: return get_text(f, r->ended_at, sizeof r->ended_at);
	case 4: return get_text(f, r->operator, sizeof r->operator);
	case 5: return get_text(f, r->match, sizeof r->match);
	case 6: return get_text(f, r->disposition, sizeof r->disposition);
	case 7: return get_text(f, r->state, sizeof r->state);
	case 8: return get_bool(f, &r->escalate);
	case 9: return get_long(f, &r->duration_ms);
	case 10: return get_text(f, r->note, sizeof r->note);
	}
	return false;
}

void proto_put_rows(struct wire_out *w, const struct logview_row *rows, long n, bool complete)
{
	wire_begin(w, PROTO_PAGE | PROTO_ANSWER);
	wire_bool(w, 1, complete);
	for (long i = 0; i < n; i++)
		put_row(w, &rows[i]);
}

struct rows_ctx {
	struct logview_row *rows;
	long n, cap;
	bool complete;
};

static bool rows_field(void *ctx, const struct wire_field *f)
{
	struct rows_ctx *c = ctx;

	if (f->tag == 1)
		return get_bool(f, &c->complete);
	if (f->tag != 2)
		return false;
	if (c->n == c->cap) {
		long cap = c->cap ? c->cap * 2 : 64;
		struct logview_row *p = realloc(c->rows, (size_t)cap * sizeof *p);

		if (!p)
			return false;
		c->rows = p;
		c->cap = cap;
	}
	memset(&c->rows[c->n], 0, sizeof c->rows[0]);
	return walk_nested(f, row_field, &c->rows[c->n++]);
}

int proto_get_rows(struct proto_msg *m, struct logview_row **rows, long *n, bool *complete,
		   struct err *err)
{
	struct rows_ctx c = { NULL, 0, 0, false };

	if (!walk(&m->it, rows_field, &c)) {
		free(c.rows);
		return bad(err, "page");
	}
	*rows = c.rows;
	*n = c.n;
	*complete = c.complete;
	return 0;
}

/* ---- DETAIL ------------------------------------------------------------- */

void proto_put_detail_req(struct wire_out *w, const char *uuid)
{
	wire_begin(w, PROTO_DETAIL);
	wire_text(w, 1, uuid);
}

int proto_get_detail_req(struct proto_msg *m, char uuid[INQ_UUID_LEN + 1], struct err *err)
{
	struct text_ctx c = { uuid, INQ_UUID_LEN + 1, false };

	return walk(&m->it, one_text_field, &c) && c.seen ? 0 : bad(err, "detail");
}

void proto_put_detail(struct wire_out *w, int found, const struct logview_detail *d)
{
	wire_begin(w, PROTO_DETAIL | PROTO_ANSWER);
	wire_bool(w, 1, found == 1);
	for (int i = 0; found == 1 && i < d->n; i++) {
		wire_nest(w, 2);
		wire_text(w, 1, d->names[i]);
		if (d->values[i])
			wire_bytes(w, 2, d->values[i], strlen(d->values[i]));
		wire_unnest(w);
	}
}

struct pair_ctx {
	char name[64];
	char *value;
};

static bool pair_field(void *ctx, const struct wire_field *f)
{
	struct pair_ctx *c = ctx;

	switch (f->tag) {
	case 1: return get_text(f, c->name, sizeof c->name);
	case 2:
		/* The log's bytes as stored: the screen makes them safe. */
		if (c->value || memchr(f->p, 0, f->n) || !(c->value = malloc(f->n + 1)))
			return false;
		memcpy(c->value, f->p, f->n);
		c->value[f->n] = '\0';
		return true;
	}
	return false;
}

struct detail_ctx {
	bool found;
	struct logview_detail *d;
};

/* The names are logview's own: found again by name, so that the
 * detail's pointers stay static strings as logview_detail's are. */
static bool detail_field(void *ctx, const struct wire_field *f)
{
	struct detail_ctx *c = ctx;
	struct pair_ctx p = { "", NULL };

	if (f->tag == 1)
		return get_bool(f, &c->found);
	if (f->tag != 2 || c->d->n >= LOGVIEW_NFIELDS || !walk_nested(f, pair_field, &p)) {
		free(p.value);
		return false;
	}
	for (int i = 0; i < LOGVIEW_NFIELDS; i++) {
		const char *name = logview_detail_name(i);

		if (name && strcmp(name, p.name) == 0) {
			c->d->names[c->d->n] = name;
			c->d->values[c->d->n++] = p.value;
			return true;
		}
	}
	free(p.value);
	return false;
}

int proto_get_detail(struct proto_msg *m, int *found, struct logview_detail *d, struct err *err)
{
	struct detail_ctx c = { false, d };

	memset(d, 0, sizeof *d);
	if (!walk(&m->it, detail_field, &c)) {
		logview_detail_free(d);
		return bad(err, "detail");
	}
	*found = c.found;
	return 0;
}

/* ---- STATS, LOOKUPS -------------------------------------------------------- */

void proto_put_filter_req(struct wire_out *w, uint8_t type, const struct logview_filter *f)
{
	wire_begin(w, type);
	put_filter(w, 1, f);
}

static bool filter_req_field(void *ctx, const struct wire_field *f)
{
	struct filter_ctx *c = ctx;

	return f->tag == 1 && get_filter(f, c->f, c->ps);
}

int proto_get_filter_req(struct proto_msg *m, struct logview_filter *f, struct proto_strings *ps,
			 struct err *err)
{
	struct filter_ctx c = { f, ps };

	memset(f, 0, sizeof *f);
	return walk(&m->it, filter_req_field, &c) ? 0 : bad(err, "filter");
}

static void put_counts(struct wire_out *w, uint8_t tag, const struct logview_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wire_nest(w, tag);
		wire_text(w, 1, c[i].key);
		wire_u64(w, 2, (uint64_t)c[i].n);
		wire_u64(w, 3, (uint64_t)(int64_t)c[i].median_ms);
		wire_unnest(w);
	}
}

static bool count_pair_field(void *ctx, const struct wire_field *f)
{
	struct logview_count *c = ctx;

	switch (f->tag) {
	case 1: return !c->key && (c->key = wire_text_dup(f)) != NULL;
	case 2: return get_long(f, &c->n);
	case 3: return get_long(f, &c->median_ms);
	}
	return false;
}

/* Appends one count to *v (n of them), malloc'd as logview's are. */
static bool add_count(const struct wire_field *f, struct logview_count **v, size_t *n)
{
	struct logview_count *p = realloc(*v, (*n + 1) * sizeof *p);

	if (!p)
		return false;
	*v = p;
	memset(&p[*n], 0, sizeof p[0]);
	(*n)++;
	return walk_nested(f, count_pair_field, &p[*n - 1]) && p[*n - 1].key;
}

void proto_put_stats(struct wire_out *w, const struct logview_stats *s)
{
	wire_begin(w, PROTO_STATS | PROTO_ANSWER);
	wire_u64(w, 1, (uint64_t)s->calls);
	for (int h = 0; h < 24; h++)
		wire_u64(w, 2, (uint64_t)s->per_hour[h]);
	put_counts(w, 3, s->disp, s->ndisp);
	put_counts(w, 4, s->match, s->nmatch);
	put_counts(w, 5, s->oper, s->noper);
	put_counts(w, 6, s->faq, s->nfaq);
	for (size_t i = 0; i < s->nwaiting; i++) {
		const struct logview_waiting *x = &s->waiting[i];

		wire_nest(w, 7);
		wire_text(w, 1, x->started_at);
		wire_text(w, 2, x->uuid);
		wire_text(w, 3, x->operator);
		wire_text(w, 4, x->disposition);
		wire_unnest(w);
	}
	wire_u64(w, 8, (uint64_t)s->escalated);
}

static bool waiting_field(void *ctx, const struct wire_field *f)
{
	struct logview_waiting *x = ctx;

	switch (f->tag) {
	case 1: return get_text(f, x->started_at, sizeof x->started_at);
	case 2: return get_text(f, x->uuid, sizeof x->uuid);
	case 3: return get_text(f, x->operator, sizeof x->operator);
	case 4: return get_text(f, x->disposition, sizeof x->disposition);
	}
	return false;
}

struct stats_ctx {
	struct logview_stats *s;
	int nhour;
};

static bool stats_field(void *ctx, const struct wire_field *f)
{
	struct stats_ctx *c = ctx;
	struct logview_stats *s = c->s;
	struct logview_waiting *p;

	switch (f->tag) {
	case 1: return get_long(f, &s->calls);
	case 2: return c->nhour < 24 && get_long(f, &s->per_hour[c->nhour++]);
	case 3: return add_count(f, &s->disp, &s->ndisp);
	case 4: return add_count(f, &s->match, &s->nmatch);
	case 5: return add_count(f, &s->oper, &s->noper);
	case 6: return add_count(f, &s->faq, &s->nfaq);
	case 7:
		if (!(p = realloc(s->waiting, (s->nwaiting + 1) * sizeof *p)))
			return false;
		s->waiting = p;
		memset(&p[s->nwaiting], 0, sizeof p[0]);
		return walk_nested(f, waiting_field, &p[s->nwaiting++]);
	case 8: return get_long(f, &s->escalated);
	}
	return false;
}

int proto_get_stats(struct proto_msg *m, struct logview_stats *s, struct err *err)
{
	struct stats_ctx c = { s, 0 };

	memset(s, 0, sizeof *s);
	if (!walk(&m->it, stats_field, &c)) {
		logview_stats_free(s);
		return bad(err, "stats");
	}
	return 0;
}

void proto_put_lookups(struct wire_out *w, const struct logview_lookups *l)
{
	wire_begin(w, PROTO_LOOKUPS | PROTO_ANSWER);
	wire_u64(w, 1, (uint64_t)l->total);
	wire_bool(w, 2, l->have_hours);
	for (size_t i = 0; i < l->nop; i++) {
		const struct logview_luse *u = &l->op[i];

		wire_nest(w, 3);
		wire_text(w, 1, u->operator);
		wire_u64(w, 2, (uint64_t)u->lookups);
		wire_u64(w, 3, (uint64_t)u->calls);
		for (int h = 0; h < 24; h++)
			wire_u64(w, 4, (uint64_t)u->per_hour[h]);
		wire_u64(w, 5, (uint64_t)u->verified_unsaved);
		wire_u64(w, 6, (uint64_t)u->outside_hours);
		wire_bool(w, 7, u->many);
		wire_u64(w, 8, (uint64_t)u->refused);
		wire_unnest(w);
	}
	for (size_t i = 0; i < l->nrefused; i++) {
		const struct logview_refusal *r = &l->refused[i];

		wire_nest(w, 4);
		wire_text(w, 1, r->at);
		wire_text(w, 2, r->operator);
		wire_text(w, 3, r->action);
		wire_unnest(w);
	}
	wire_u64(w, 5, (uint64_t)l->refused_total);
	wire_u64(w, 6, (uint64_t)l->refused_lookups);
}

struct luse_ctx {
	struct logview_luse *u;
	int nhour;
};

static bool luse_field(void *ctx, const struct wire_field *f)
{
	struct luse_ctx *c = ctx;
	struct logview_luse *u = c->u;

	switch (f->tag) {
	case 1: return get_text(f, u->operator, sizeof u->operator);
	case 2: return get_long(f, &u->lookups);
	case 3: return get_long(f, &u->calls);
	case 4: return c->nhour < 24 && get_long(f, &u->per_hour[c->nhour++]);
	case 5: return get_long(f, &u->verified_unsaved);
	case 6: return get_long(f, &u->outside_hours);
	case 7: return get_bool(f, &u->many);
	case 8: return get_long(f, &u->refused);
	}
	return false;
}

static bool refusal_field(void *ctx, const struct wire_field *f)
{
	struct logview_refusal *r = ctx;

	switch (f->tag) {
	case 1: return get_text(f, r->at, sizeof r->at);
	case 2: return get_text(f, r->operator, sizeof r->operator);
	case 3: return get_text(f, r->action, sizeof r->action);
	}
	return false;
}

static bool lookups_field(void *ctx, const struct wire_field *f)
{
	struct logview_lookups *l = ctx;
	struct luse_ctx uc;
	void *p;

	switch (f->tag) {
	case 1: return get_long(f, &l->total);
	case 2: return get_bool(f, &l->have_hours);
	case 3:
		if (!(p = realloc(l->op, (l->nop + 1) * sizeof *l->op)))
			return false;
		l->op = p;
		memset(&l->op[l->nop], 0, sizeof l->op[0]);
		uc = (struct luse_ctx){ &l->op[l->nop++], 0 };
		return walk_nested(f, luse_field, &uc);
	case 4:
		if (l->nrefused >= LOGVIEW_REFUSED_MAX ||
		    !(p = realloc(l->refused, (l->nrefused + 1) * sizeof *l->refused)))
			return false;
		l->refused = p;
		memset(&l->refused[l->nrefused], 0, sizeof l->refused[0]);
		return walk_nested(f, refusal_field, &l->refused[l->nrefused++]);
	case 5: return get_long(f, &l->refused_total);
	case 6: return get_long(f, &l->refused_lookups);
	}
	return false;
}

int proto_get_lookups(struct proto_msg *m, struct logview_lookups *l, struct err *err)
{
	memset(l, 0, sizeof *l);
	if (!walk(&m->it, lookups_field, l)) {
		logview_lookups_free(l);
		return bad(err, "lookups");
	}
	return 0;
}

/* ---- EXPORT ---------------------------------------------------------------- */

void proto_put_export_req(struct wire_out *w, const struct proto_export *x)
{
	wire_begin(w, PROTO_EXPORT);
	wire_u64(w, 1, x->source);
	if (x->source == PROTO_EXPORT_VIEW)
		put_filter(w, 2, &x->view);
	wire_u64(w, 3, x->table);
	wire_text(w, 4, x->chain.since);
	wire_text(w, 5, x->chain.until);
	wire_text(w, 6, x->chain.operator);
	wire_u64(w, 7, x->fmt);
}

struct export_ctx {
	struct proto_export *x;
	struct proto_strings *ps;
};

static bool export_field(void *ctx, const struct wire_field *f)
{
	struct export_ctx *c = ctx;
	struct proto_export *x = c->x;
	unsigned u;

	switch (f->tag) {
	case 1:
		if (!get_uint(f, &u, PROTO_EXPORT_CHAIN))
			return false;
		x->source = (enum proto_export_source)u;
		return true;
	case 2: return get_filter(f, &x->view, c->ps);
	case 3:
		if (!get_uint(f, &u, INQ_ACCESS))
			return false;
		x->table = (enum inq_table)u;
		return true;
	case 4: return (x->chain.since = keep(c->ps, f)) != NULL;
	case 5: return (x->chain.until = keep(c->ps, f)) != NULL;
	case 6: return (x->chain.operator = keep(c->ps, f)) != NULL;
	case 7:
		if (!get_uint(f, &u, EXPORT_CSV_CP932))
			return false;
		x->fmt = (enum export_fmt)u;
		return true;
	}
	return false;
}

int proto_get_export_req(struct proto_msg *m, struct proto_export *x, struct proto_strings *ps,
			 struct err *err)
{
	struct export_ctx c = { x, ps };

	memset(x, 0, sizeof *x);
	return walk(&m->it, export_field, &c) ? 0 : bad(err, "export");
}

void proto_put_chunk(struct wire_out *w, const void *p, size_t n)
{
	wire_begin(w, PROTO_CHUNK);
	wire_bytes(w, 1, p, n);
}

int proto_get_chunk(struct proto_msg *m, const uint8_t **p, size_t *n, struct err *err)
{
	struct wire_field f;

	if (wire_next(&m->it, &f) != 1 || f.tag != 1 || wire_next(&m->it, &f) != 0)
		return bad(err, "export");
	*p = f.p;
	*n = f.n;
	return 0;
}

/* ---- HEADS, VERIFY -------------------------------------------------------- */

static const char *const table_names[] = { "inquiry", "lookup", "access" };

void proto_put_heads_req(struct wire_out *w, const struct inq_head *h, size_t n)
{
	char text[160];

	wire_begin(w, PROTO_HEADS);
	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof text, "%s:%lld:%s", table_names[h[i].t], h[i].seq, h[i].hash);
		wire_text(w, 1, text);
	}
}

struct heads_ctx {
	struct inq_head *h;
	size_t max, n;
	struct err *err;
};

static bool heads_field(void *ctx, const struct wire_field *f)
{
	struct heads_ctx *c = ctx;
	char text[160];

	if (f->tag != 1 || c->n >= c->max || !get_text(f, text, sizeof text))
		return false;
	return inq_head_parse(text, strlen(text), &c->h[c->n++], c->err) == 0;
}

int proto_get_heads_req(struct proto_msg *m, struct inq_head *h, size_t max, size_t *n,
			struct err *err)
{
	struct heads_ctx c = { h, max, 0, err };

	err->msg[0] = '\0';
	if (!walk(&m->it, heads_field, &c))
		return err->msg[0] ? -1 : bad(err, "heads");
	*n = c.n;
	return 0;
}

void proto_put_verify(struct wire_out *w, const struct inq_verify *v)
{
	wire_begin(w, PROTO_VERIFY | PROTO_ANSWER);
	wire_u64(w, 1, (uint64_t)v->calls);
	wire_u64(w, 2, (uint64_t)v->lookups);
	wire_u64(w, 3, (uint64_t)v->access);
	wire_bool(w, 4, v->ok);
	wire_text(w, 5, v->problem);
	wire_u64(w, 6, (uint64_t)v->purged);
	wire_text(w, 7, v->purged_rows);
	wire_u64(w, 8, (uint64_t)v->heads);
	for (int t = 0; t <= INQ_ACCESS; t++)
		wire_u64(w, 9, (uint64_t)v->head_last[t]);
}

struct verify_ctx {
	struct inq_verify *v;
	int nlast;
};

static bool verify_field(void *ctx, const struct wire_field *f)
{
	struct verify_ctx *c = ctx;
	struct inq_verify *v = c->v;
	long last;

	switch (f->tag) {
	case 1: return get_long(f, &v->calls);
	case 2: return get_long(f, &v->lookups);
	case 3: return get_long(f, &v->access);
	case 4: return get_bool(f, &v->ok);
	case 5: return get_text(f, v->problem, sizeof v->problem);
	case 6: return get_long(f, &v->purged);
	case 7: return get_text(f, v->purged_rows, sizeof v->purged_rows);
	case 8: return get_long(f, &v->heads);
	case 9:
		if (c->nlast > INQ_ACCESS || !get_long(f, &last))
			return false;
		v->head_last[c->nlast++] = last;
		return true;
	}
	return false;
}

int proto_get_verify(struct proto_msg *m, struct inq_verify *v, struct err *err)
{
	struct verify_ctx c = { v, 0 };

	memset(v, 0, sizeof *v);
	return walk(&m->it, verify_field, &c) ? 0 : bad(err, "verify");
}
