#include "call.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "i18n.h"
#include "inq_check.h"
#include "text_utf8.h"

void call_request_set(struct call_request *q, enum call_field f, const char *s, size_t n)
{
	struct call_text *t = &q->field[f];

	t->given = true;
	t->len = n;
	if (n > CALL_TEXT_MAX)
		n = 0;
	memcpy(t->s, s, n);
	t->s[n] = '\0';
}

static enum ident_kind field_kind(enum call_field f)
{
	return f >= CALL_CARD_DATE ? IDENT_DATE : (enum ident_kind)f;
}

/* A date after today is no birth date and no donation's: most often a
 * slip of the era (令50.3.1 for 昭50.3.1).  Said beside what was read, not
 * refused: src/ident reads dates without a clock, and the lookup simply
 * finds no one born then. */
static void future_date(enum call_field f, struct call_reading *r)
{
	time_t now = time(NULL);
	struct tm tm;
	char today[16];

	if (field_kind(f) != IDENT_DATE || r->st != CALL_READ || r->msg[0] || !localtime_r(&now, &tm))
		return;
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (strcmp(r->canon, today) > 0)
		snprintf(r->msg, sizeof r->msg, "%s", _("after today: check the era and the year"));
}

/* src/ident's reading, the last 4 digits apart: what the ambiguous
 * verdict asks for. */
static enum call_read read_given(enum call_field f, const char *s, size_t n, struct call_reading *r)
{
	struct ident_result ir;

	if (f == CALL_PHONE && lookup_phone_last4(s, n, r->canon) == 0) {
		snprintf(r->msg, sizeof r->msg, "%s", _("last 4 digits: they only tell apart several matches"));
		return r->st = CALL_LAST4;
	}
	r->st = ident_canon(field_kind(f), s, n, &ir) ? CALL_UNREADABLE : CALL_READ;
	snprintf(r->canon, sizeof r->canon, "%s", ir.canon);
	snprintf(r->msg, sizeof r->msg, "%s", ir.msg);
	future_date(f, r);
	return r->st;
}

enum call_read call_read(enum call_field f, const char *s, size_t n, struct call_reading *r)
{
	memset(r, 0, sizeof *r);
	if (n == 0)
		return r->st = CALL_EMPTY;
	return read_given(f, s, n, r);
}

/* A field of a request: given but empty is read (and refused) as src/ident
 * refuses an empty value; over-long is refused as src/ident would. */
static enum call_read read_text(enum call_field f, const struct call_text *t, struct call_reading *r)
{
	memset(r, 0, sizeof *r);
	if (!t->given)
		return r->st = CALL_EMPTY;
	if (t->len > CALL_TEXT_MAX) {
		snprintf(r->msg, sizeof r->msg, _("too long (%zu bytes; at most %d)"), t->len, CALL_TEXT_MAX);
		return r->st = CALL_UNREADABLE;
	}
	return read_given(f, t->s, t->len, r);
}

int call_check(const struct call_request *q, struct call_reading *r)
{
	for (int f = 0; f < CALL_NFIELDS; f++)
		if (read_text((enum call_field)f, &q->field[f], r) == CALL_UNREADABLE)
			return f;
	return -1;
}

/* The canonical dates the windows are checked against, or NULL. */
static const char *date_of(const struct call_reading *r)
{
	return r->st == CALL_READ ? r->canon : NULL;
}

/* Where the dates fall; the windows hit are copied into the verdict, so
 * that it points into nothing. */
static void classify(const struct call_desk *d, const struct call_reading *r, struct call_verdict *v)
{
	static const struct window_set none = { NULL, 0 };

	lookup_windows(&v->res, d->windows ? d->windows : &none, date_of(&r[CALL_CARD_DATE]),
		       date_of(&r[CALL_REG_DATE]));
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const struct window *w = v->res.window_hit[k];

		v->res.window_hit[k] = NULL;
		if (!w)
			continue;
		memcpy(v->win[k].from, w->from, sizeof v->win[k].from);
		memcpy(v->win[k].to, w->to, sizeof v->win[k].to);
		text_copy_cut(v->win[k].note, sizeof v->win[k].note, w->note, strlen(w->note));
	}
}

static void name_factors(struct call_verdict *v)
{
	size_t n = 0;

	for (int k = 0; k < IDENT_NKINDS && n < sizeof v->factors; k++)
		if (v->given & (1u << k))
			n += (size_t)snprintf(v->factors + n, sizeof v->factors - n, "%s%s", n ? "," : "",
					      ident_kind_name((enum ident_kind)k));
}

/* Who looked, when, the verdict, the snapshot and the call: nothing of
 * what was typed. */
static void record(const struct call_desk *d, const struct call_request *q, struct call_verdict *v)
{
	struct inq_event ev = {
		.uuid = "", .snapshot_id = v->snapshot_id, .verdict = lookup_match_name(v->res.match),
		.call_uuid = q->call_uuid[0] ? q->call_uuid : NULL,
	};
	struct err err = { "" };

	if (!d->log) {
		v->logged = CALL_NOT_LOGGED;
		return;
	}
	switch (inq_event_append(d->log, &ev, &err)) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		v->logged = CALL_LOGGED;
		return;
	case INQ_SPOOLED:
		v->logged = CALL_SPOOLED;
		break;
	case INQ_ERROR:
		v->logged = CALL_LOG_FAILED;
		break;
	}
	snprintf(v->log_why, sizeof v->log_why, "%s", err.msg);
}

int call_lookup(const struct call_desk *d, const struct call_request *q, struct call_verdict *v,
		struct err *err)
{
	struct call_reading r[CALL_NFIELDS];
	struct lookup_query lq = { { NULL }, NULL };
	const struct snapshot_info *in;

	memset(v, 0, sizeof *v);
	for (int f = 0; f < CALL_NFIELDS; f++) {
		if (read_text((enum call_field)f, &q->field[f], &r[f]) == CALL_UNREADABLE) {
			v->field = (enum call_field)f;
			snprintf(v->why, sizeof v->why, "%s", r[f].msg);
			return 1;
		}
		if (r[f].st == CALL_READ && f < IDENT_NKINDS) {
			lq.canon[f] = r[f].canon;
			v->given |= 1u << f;
		}
		if (r[f].st == CALL_LAST4)
			lq.phone_last4 = r[f].canon;
	}
	/* The log takes no other form: checked before the lookup runs, not
	 * found when its event cannot be written. */
	if (q->call_uuid[0] && !inq_is_uuid(q->call_uuid))
		return err_set(err, _("the call's UUID '%.36s' is not a UUID"), q->call_uuid);
	if (lookup_run(d->snap, &lq, &v->res, err))
		return -1;
	classify(d, r, v);
	in = snapshot_get_info(d->snap);
	snprintf(v->snapshot_id, sizeof v->snapshot_id, "%s", in->id);
	snprintf(v->snapshot_date, sizeof v->snapshot_date, "%.10s", in->created);
	name_factors(v);
	record(d, q, v);
	return 0;
}
