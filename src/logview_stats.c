#include "logview_stats.h"
#include "i18n.h"
#include "logview_day.h"
#include "logview_private.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct counter {
	struct logview_count *c;
	size_t n, cap;
	long **ms;                /* per key, the handle times (operators) */
	size_t *nms, *capms;
};

static struct logview_count *count(struct counter *k, const char *key, long ms, bool keep_ms)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->c[i].key, key) == 0)
			break;
	if (i == k->n) {
		if (k->n == k->cap) {
			size_t cap = k->cap ? 2 * k->cap : 16;
			void *a = realloc(k->c, cap * sizeof *k->c);
			void *b = a ? realloc(k->ms, cap * sizeof *k->ms) : NULL;
			void *c = b ? realloc(k->nms, cap * sizeof *k->nms) : NULL;
			void *d = c ? realloc(k->capms, cap * sizeof *k->capms) : NULL;

			if (a)
				k->c = a;
			if (b)
				k->ms = b;
			if (c)
				k->nms = c;
			if (!d)
				return NULL;
			k->capms = d;
			k->cap = cap;
		}
		if (!(k->c[i].key = strdup(key)))
			return NULL;
		k->c[i].n = 0;
		k->c[i].median_ms = 0;
		k->ms[i] = NULL;
		k->nms[i] = k->capms[i] = 0;
		k->n++;
	}
	k->c[i].n++;
	if (keep_ms) {
		if (k->nms[i] == k->capms[i]) {
			size_t cap = k->capms[i] ? 2 * k->capms[i] : 16;
			long *m = realloc(k->ms[i], cap * sizeof *m);

			if (!m)
				return NULL;
			k->ms[i] = m;
			k->capms[i] = cap;
		}
		k->ms[i][k->nms[i]++] = ms;
	}
	return &k->c[i];
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int cmp_count(const void *a, const void *b)
{
	const struct logview_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* Finishes a counter: medians computed, sorted, handed over. */
static void counter_take(struct counter *k, struct logview_count **out, size_t *n)
{
	for (size_t i = 0; i < k->n; i++) {
		size_t m = k->nms[i];

		if (m) {
			qsort(k->ms[i], m, sizeof (long), cmp_long);
			k->c[i].median_ms = m % 2 ? k->ms[i][m / 2]
					  : (k->ms[i][m / 2 - 1] + k->ms[i][m / 2]) / 2;
		}
		free(k->ms[i]);
	}
	free(k->ms);
	free(k->nms);
	free(k->capms);
	if (k->n)
		qsort(k->c, k->n, sizeof *k->c, cmp_count);
	*out = k->c;
	*n = k->n;
	memset(k, 0, sizeof *k);
}

/* Counts each FAQ number of "7,13". */
static bool count_faq(struct counter *k, const char *faq)
{
	char buf[32];

	while (faq && *faq) {
		size_t n = strcspn(faq, ",");

		if (n > 0 && n < sizeof buf) {
			memcpy(buf, faq, n);
			buf[n] = '\0';
			if (!count(k, buf, 0, false))
				return false;
		}
		faq += n + (faq[n] == ',');
	}
	return true;
}

static bool add_waiting(struct logview_stats *s, sqlite3_stmt *st)
{
	struct logview_waiting *w;

	s->escalated++;
	if (s->nwaiting >= 100)
		return true;
	if (s->nwaiting % 16 == 0) {
		w = realloc(s->waiting, (s->nwaiting + 16) * sizeof *w);
		if (!w)
			return false;
		s->waiting = w;
	}
	w = &s->waiting[s->nwaiting++];
	logview_copy(w->started_at, sizeof w->started_at, sqlite3_column_text(st, 0));
	logview_copy(w->uuid, sizeof w->uuid, sqlite3_column_text(st, 7));
	logview_copy(w->operator, sizeof w->operator, sqlite3_column_text(st, 2));
	logview_copy(w->disposition, sizeof w->disposition, sqlite3_column_text(st, 4));
	return true;
}

struct counters {
	struct counter disp, match, oper, faq;
};

static bool stats_row(struct logview_stats *s, struct counters *k, sqlite3_stmt *st)
{
	const char *at = (const char *)sqlite3_column_text(st, 0);
	const char *match = (const char *)sqlite3_column_text(st, 3);
	long long a = logview_ms(at), b = logview_ms((const char *)sqlite3_column_text(st, 1));
	int h = logview_local_hour(at);

	s->calls++;
	if (h >= 0)
		s->per_hour[h]++;
	if (!count(&k->oper, (const char *)sqlite3_column_text(st, 2),
		   a >= 0 && b >= a ? (long)(b - a) : 0, true) ||
	    !count(&k->match, match ? match : "-", 0, false) ||
	    !count(&k->disp, (const char *)sqlite3_column_text(st, 4), 0, false) ||
	    !count_faq(&k->faq, (const char *)sqlite3_column_text(st, 6)))
		return false;
	return !sqlite3_column_int(st, 5) || add_waiting(s, st);
}

int logview_stats(struct logview *lv, const struct logview_filter *f,
		  struct logview_stats *s, struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	struct counters k;
	char *needle;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;
	bool ok = true;

	memset(s, 0, sizeof *s);
	memset(&k, 0, sizeof k);
	if (!lv->db)
		return 0;
	if (logview_needle(f, &needle, err))
		return -1;
	snprintf(q.sql, sizeof q.sql, "SELECT started_at, ended_at, operator, match, disposition,"
		 " escalate, faq, uuid, note FROM inquiry WHERE 1");
	logview_where_calls(&q, f);
	strcat(q.sql, " ORDER BY started_at DESC, seq DESC");
	if (!(st = logview_prepare(lv, &q, err))) {
		free(needle);
		return -1;
	}
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (needle && !logview_note_has((const char *)sqlite3_column_text(st, 8),
					      (size_t)sqlite3_column_bytes(st, 8), needle))
			continue;
		ok = stats_row(s, &k, st);
	}
	if (ok && rc != SQLITE_DONE)
		logview_db_err(lv, err);
	sqlite3_finalize(st);
	free(needle);
	counter_take(&k.disp, &s->disp, &s->ndisp);
	counter_take(&k.match, &s->match, &s->nmatch);
	counter_take(&k.oper, &s->oper, &s->noper);
	counter_take(&k.faq, &s->faq, &s->nfaq);
	if (!ok)
		err_set(err, _("out of memory"));
	if (!ok || rc != SQLITE_DONE) {
		logview_stats_free(s);
		return -1;
	}
	return 0;
}

static void counts_free(struct logview_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].key);
	free(c);
}

void logview_stats_free(struct logview_stats *s)
{
	counts_free(s->disp, s->ndisp);
	counts_free(s->match, s->nmatch);
	counts_free(s->oper, s->noper);
	counts_free(s->faq, s->nfaq);
	free(s->waiting);
	memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------ */
/* Use of the lookup */

int logview_desk_hours(const char *s, int *from_min, int *to_min, struct err *err)
{
	int h1, m1, h2, m2, used = 0;

	if (!s || sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4 ||
	    s[used] != '\0' || strlen(s) != 11 || h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 ||
	    h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0 || (h2 == 24 && m2 != 0))
		return err_set(err, _("desk_hours '%s': use HH:MM-HH:MM, e.g. 08:30-17:15"), s ? s : "");
	*from_min = h1 * 60 + m1;
	*to_min = h2 * 60 + m2;
	if (*to_min <= *from_min)
		return err_set(err, _("desk_hours '%s': the closing time must be after the opening time"), s);
	return 0;
}

static struct logview_luse *luse(struct logview_lookups *l, const char *op)
{
	struct logview_luse *u;

	for (size_t i = 0; i < l->nop; i++)
		if (strcmp(l->op[i].operator, op) == 0)
			return &l->op[i];
	u = realloc(l->op, (l->nop + 1) * sizeof *u);
	if (!u)
		return NULL;
	l->op = u;
	u = &l->op[l->nop++];
	memset(u, 0, sizeof *u);
	snprintf(u->operator, sizeof u->operator, "%s", op);
	return u;
}

static bool outside(const char *iso, int from, int to)
{
	time_t t = logview_time(iso);
	struct tm tm;
	int m;

	if (t == (time_t)-1)
		return false;
	localtime_r(&t, &tm);
	m = tm.tm_hour * 60 + tm.tm_min;
	return m < from || m >= to;
}

static int cmp_luse(const void *a, const void *b)
{
	return strcmp(((const struct logview_luse *)a)->operator,
		      ((const struct logview_luse *)b)->operator);
}

static int lookups_scan(struct logview *lv, const struct logview_filter *f, int from, int to,
			struct logview_lookups *l, struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	/* "In a call": its call_uuid names a call in the log (saved or
	 * interrupted: both were written as calls). */
	snprintf(q.sql, sizeof q.sql, "SELECT at, operator, verdict, call_uuid IS NOT NULL AND"
		 " EXISTS (SELECT 1 FROM inquiry i WHERE i.uuid = lookup.call_uuid)"
		 " FROM lookup WHERE 1");
	logview_where(&q, f, "at");
	if (!(st = logview_prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 2);
		struct logview_luse *u = luse(l, (const char *)sqlite3_column_text(st, 1));
		int h = logview_local_hour(at);

		if (!u) {
			sqlite3_finalize(st);
			return err_set(err, _("out of memory"));
		}
		l->total++;
		u->lookups++;
		if (h >= 0)
			u->per_hour[h]++;
		if (v && strcmp(v, "verified") == 0 && !sqlite3_column_int(st, 3))
			u->verified_unsaved++;
		if (l->have_hours && outside(at, from, to))
			u->outside_hours++;
	}
	if (rc != SQLITE_DONE)
		logview_db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int calls_scan(struct logview *lv, const struct logview_filter *f,
		      struct logview_lookups *l, struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	snprintf(q.sql, sizeof q.sql, "SELECT operator, count(*) FROM inquiry WHERE 1");
	logview_where(&q, f, "started_at");
	strcat(q.sql, " GROUP BY operator");
	if (!(st = logview_prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct logview_luse *u = luse(l, (const char *)sqlite3_column_text(st, 0));

		if (!u) {
			sqlite3_finalize(st);
			return err_set(err, _("out of memory"));
		}
		u->calls = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		logview_db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Refused attempts to read the log (schema 2 on), newest first: an
 * operator trying the supervisors' screens is the same insider risk as one
 * browsing the list. */
static int refusals_scan(struct logview *lv, const struct logview_filter *f,
			 struct logview_lookups *l, struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	if (lv->version < 2)
		return 0;
	snprintf(q.sql, sizeof q.sql, "SELECT at, operator, action FROM access WHERE outcome = 'refused'");
	logview_where(&q, f, "at");
	strcat(q.sql, " ORDER BY at DESC, seq DESC");
	if (!(st = logview_prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct logview_refusal *r;

		l->refused_total++;
		if (l->nrefused == LOGVIEW_REFUSED_MAX)
			continue;
		if (!l->refused && !(l->refused = calloc(LOGVIEW_REFUSED_MAX, sizeof *l->refused))) {
			sqlite3_finalize(st);
			return err_set(err, _("out of memory"));
		}
		r = &l->refused[l->nrefused++];
		logview_copy(r->at, sizeof r->at, sqlite3_column_text(st, 0));
		logview_copy(r->operator, sizeof r->operator, sqlite3_column_text(st, 1));
		logview_copy(r->action, sizeof r->action, sqlite3_column_text(st, 2));
	}
	if (rc != SQLITE_DONE)
		logview_db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int logview_lookups(struct logview *lv, const struct logview_filter *f,
		    const char *desk_hours, struct logview_lookups *l, struct err *err)
{
	int from = 0, to = 24 * 60;

	memset(l, 0, sizeof *l);
	if (desk_hours && *desk_hours) {
		if (logview_desk_hours(desk_hours, &from, &to, err))
			return -1;
		l->have_hours = true;
	}
	if (!lv->db)
		return 0;
	if (lookups_scan(lv, f, from, to, l, err) || calls_scan(lv, f, l, err) ||
	    refusals_scan(lv, f, l, err)) {
		logview_lookups_free(l);
		return -1;
	}
	for (size_t i = 0; i < l->nop; i++) {
		struct logview_luse *u = &l->op[i];

		u->many = u->lookups >= LOGVIEW_RATIO_MIN && u->lookups > LOGVIEW_RATIO * u->calls;
	}
	if (l->nop)
		qsort(l->op, l->nop, sizeof *l->op, cmp_luse);
	return 0;
}

void logview_lookups_free(struct logview_lookups *l)
{
	free(l->op);
	free(l->refused);
	memset(l, 0, sizeof *l);
}
