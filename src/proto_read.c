#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The supervisors' reads as frames: filters and keys, pages of rows, one
 * call's fields, the figures, lookup use, exports and the heads of
 * `log verify`.  Laid out as proto.c lays out the operators' requests,
 * with its field helpers.
 */

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
	case 1: return proto_text(fl, f->since, sizeof f->since);
	case 2: return proto_text(fl, f->until, sizeof f->until);
	case 3: return (f->operator = proto_keep(c->ps, fl)) != NULL;
	case 4: return (f->disposition = proto_keep(c->ps, fl)) != NULL;
	case 5: return (f->match = proto_keep(c->ps, fl)) != NULL;
	case 6: return proto_bool(fl, &f->escalated);
	case 7: return (f->text = proto_keep(c->ps, fl)) != NULL;
	}
	return false;
}

static bool get_filter(const struct wire_field *fl, struct logview_filter *f,
		       struct proto_strings *ps)
{
	struct filter_ctx c = { f, ps };

	memset(f, 0, sizeof *f);
	return proto_walk_nested(fl, filter_field, &c);
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
	case 1: return proto_text(f, k->started_at, sizeof k->started_at);
	case 2:
		if (!proto_long(f, &seq))
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
		return proto_walk_nested(f, key_field, &p->from);
	case 3:
		if (!proto_uint(f, &u, LOGVIEW_NEWER))
			return false;
		p->dir = (enum logview_dir)u;
		return true;
	case 4: return proto_bool(f, &p->inclusive);
	case 5: return proto_long(f, &p->max) && p->max >= 0 && p->max <= 10000;
	}
	return false;
}

int proto_get_page_req(struct proto_msg *m, struct proto_page *p, struct proto_strings *ps,
		       struct err *err)
{
	struct page_ctx c = { p, ps };

	memset(p, 0, sizeof *p);
	return proto_walk(&m->it, page_field, &c) ? 0 : proto_bad(err, "page");
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
	case 1: return proto_walk_nested(f, key_field, &r->key);
	case 2: return proto_text(f, r->uuid, sizeof r->uuid);
	case 3: return proto_text(f, r->ended_at, sizeof r->ended_at);
	case 4: return proto_text(f, r->operator, sizeof r->operator);
	case 5: return proto_text(f, r->match, sizeof r->match);
	case 6: return proto_text(f, r->disposition, sizeof r->disposition);
	case 7: return proto_text(f, r->state, sizeof r->state);
	case 8: return proto_bool(f, &r->escalate);
	case 9: return proto_long(f, &r->duration_ms);
	case 10: return proto_text(f, r->note, sizeof r->note);
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
		return proto_bool(f, &c->complete);
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
	return proto_walk_nested(f, row_field, &c->rows[c->n++]);
}

int proto_get_rows(struct proto_msg *m, struct logview_row **rows, long *n, bool *complete,
		   struct err *err)
{
	struct rows_ctx c = { NULL, 0, 0, false };

	if (!proto_walk(&m->it, rows_field, &c)) {
		free(c.rows);
		return proto_bad(err, "page");
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
	return proto_one_text(m, uuid, INQ_UUID_LEN + 1) ? 0 : proto_bad(err, "detail");
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
	case 1: return proto_text(f, c->name, sizeof c->name);
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
		return proto_bool(f, &c->found);
	if (f->tag != 2 || c->d->n >= LOGVIEW_NFIELDS || !proto_walk_nested(f, pair_field, &p)) {
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
	if (!proto_walk(&m->it, detail_field, &c)) {
		logview_detail_free(d);
		return proto_bad(err, "detail");
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
	return proto_walk(&m->it, filter_req_field, &c) ? 0 : proto_bad(err, "filter");
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
	case 2: return proto_long(f, &c->n);
	case 3: return proto_long(f, &c->median_ms);
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
	return proto_walk_nested(f, count_pair_field, &p[*n - 1]) && p[*n - 1].key;
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
	case 1: return proto_text(f, x->started_at, sizeof x->started_at);
	case 2: return proto_text(f, x->uuid, sizeof x->uuid);
	case 3: return proto_text(f, x->operator, sizeof x->operator);
	case 4: return proto_text(f, x->disposition, sizeof x->disposition);
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
	case 1: return proto_long(f, &s->calls);
	case 2: return c->nhour < 24 && proto_long(f, &s->per_hour[c->nhour++]);
	case 3: return add_count(f, &s->disp, &s->ndisp);
	case 4: return add_count(f, &s->match, &s->nmatch);
	case 5: return add_count(f, &s->oper, &s->noper);
	case 6: return add_count(f, &s->faq, &s->nfaq);
	case 7:
		if (!(p = realloc(s->waiting, (s->nwaiting + 1) * sizeof *p)))
			return false;
		s->waiting = p;
		memset(&p[s->nwaiting], 0, sizeof p[0]);
		return proto_walk_nested(f, waiting_field, &p[s->nwaiting++]);
	case 8: return proto_long(f, &s->escalated);
	}
	return false;
}

int proto_get_stats(struct proto_msg *m, struct logview_stats *s, struct err *err)
{
	struct stats_ctx c = { s, 0 };

	memset(s, 0, sizeof *s);
	if (!proto_walk(&m->it, stats_field, &c)) {
		logview_stats_free(s);
		return proto_bad(err, "stats");
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
	case 1: return proto_text(f, u->operator, sizeof u->operator);
	case 2: return proto_long(f, &u->lookups);
	case 3: return proto_long(f, &u->calls);
	case 4: return c->nhour < 24 && proto_long(f, &u->per_hour[c->nhour++]);
	case 5: return proto_long(f, &u->verified_unsaved);
	case 6: return proto_long(f, &u->outside_hours);
	case 7: return proto_bool(f, &u->many);
	case 8: return proto_long(f, &u->refused);
	}
	return false;
}

static bool refusal_field(void *ctx, const struct wire_field *f)
{
	struct logview_refusal *r = ctx;

	switch (f->tag) {
	case 1: return proto_text(f, r->at, sizeof r->at);
	case 2: return proto_text(f, r->operator, sizeof r->operator);
	case 3: return proto_text(f, r->action, sizeof r->action);
	}
	return false;
}

static bool lookups_field(void *ctx, const struct wire_field *f)
{
	struct logview_lookups *l = ctx;
	struct luse_ctx uc;
	void *p;

	switch (f->tag) {
	case 1: return proto_long(f, &l->total);
	case 2: return proto_bool(f, &l->have_hours);
	case 3:
		if (!(p = realloc(l->op, (l->nop + 1) * sizeof *l->op)))
			return false;
		l->op = p;
		memset(&l->op[l->nop], 0, sizeof l->op[0]);
		uc = (struct luse_ctx){ &l->op[l->nop++], 0 };
		return proto_walk_nested(f, luse_field, &uc);
	case 4:
		if (l->nrefused >= LOGVIEW_REFUSED_MAX ||
		    !(p = realloc(l->refused, (l->nrefused + 1) * sizeof *l->refused)))
			return false;
		l->refused = p;
		memset(&l->refused[l->nrefused], 0, sizeof l->refused[0]);
		return proto_walk_nested(f, refusal_field, &l->refused[l->nrefused++]);
	case 5: return proto_long(f, &l->refused_total);
	case 6: return proto_long(f, &l->refused_lookups);
	}
	return false;
}

int proto_get_lookups(struct proto_msg *m, struct logview_lookups *l, struct err *err)
{
	memset(l, 0, sizeof *l);
	if (!proto_walk(&m->it, lookups_field, l)) {
		logview_lookups_free(l);
		return proto_bad(err, "lookups");
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
		if (!proto_uint(f, &u, PROTO_EXPORT_CHAIN))
			return false;
		x->source = (enum proto_export_source)u;
		return true;
	case 2: return get_filter(f, &x->view, c->ps);
	case 3:
		if (!proto_uint(f, &u, INQ_ACCESS))
			return false;
		x->table = (enum inq_table)u;
		return true;
	case 4: return (x->chain.since = proto_keep(c->ps, f)) != NULL;
	case 5: return (x->chain.until = proto_keep(c->ps, f)) != NULL;
	case 6: return (x->chain.operator = proto_keep(c->ps, f)) != NULL;
	case 7:
		if (!proto_uint(f, &u, EXPORT_CSV_CP932))
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
	return proto_walk(&m->it, export_field, &c) ? 0 : proto_bad(err, "export");
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
		return proto_bad(err, "export");
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

	if (f->tag != 1 || c->n >= c->max || !proto_text(f, text, sizeof text))
		return false;
	return inq_head_parse(text, strlen(text), &c->h[c->n++], c->err) == 0;
}

int proto_get_heads_req(struct proto_msg *m, struct inq_head *h, size_t max, size_t *n,
			struct err *err)
{
	struct heads_ctx c = { h, max, 0, err };

	err->msg[0] = '\0';
	if (!proto_walk(&m->it, heads_field, &c))
		return err->msg[0] ? -1 : proto_bad(err, "heads");
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
	case 1: return proto_long(f, &v->calls);
	case 2: return proto_long(f, &v->lookups);
	case 3: return proto_long(f, &v->access);
	case 4: return proto_bool(f, &v->ok);
	case 5: return proto_text(f, v->problem, sizeof v->problem);
	case 6: return proto_long(f, &v->purged);
	case 7: return proto_text(f, v->purged_rows, sizeof v->purged_rows);
	case 8: return proto_long(f, &v->heads);
	case 9:
		if (c->nlast > INQ_ACCESS || !proto_long(f, &last))
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
	return proto_walk(&m->it, verify_field, &c) ? 0 : proto_bad(err, "verify");
}
