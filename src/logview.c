#include "logview.h"
#include "i18n.h"
#include "buf.h"
#include "inq_read.h"
#include "jdate.h"
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#define BATCH 256

/* What the note filter found for each row it read, for the current
 * needle: a screen refreshing every 2 s reads the same rows again, and
 * folding is the costly part.  Open addressing on seq; emptied when full
 * or when the needle changes. */
#define MEMO_CAP 32768            /* a power of two */
struct memo {
	char *needle;
	long long seq[MEMO_CAP];      /* 0: empty slot (seq starts at 1) */
	unsigned char hit[MEMO_CAP];
	size_t n;
};

struct logview {
	char *path;
	sqlite3 *db;              /* NULL: the log does not exist yet (empty) */
	int version;              /* the log's schema version */
	struct memo *memo;        /* made on the first note search */
};

static int db_err(struct logview *lv, struct err *err)
{
	return err_set(err, "%s: %s", lv->path, sqlite3_errmsg(lv->db));
}

/* The connection is src/inquiry's read-only one (inq_open_ro), so that a
 * supervisor's screen and `log export` refuse the same files with the
 * same words.  A log not made yet reads as empty: the desk may not have
 * taken its first call. */
int logview_open(const char *path, struct logview **out, struct err *err)
{
	struct logview *lv;

	*out = NULL;
	if (!path || !*path)
		return err_set(err, "no log set (--log or MADOGUCHI_LOG)");
	lv = calloc(1, sizeof *lv);
	if (!lv || !(lv->path = strdup(path))) {
		free(lv);
		return err_set(err, "out of memory");
	}
	if (access(path, F_OK) == 0 && !(lv->db = inq_open_ro(path, &lv->version, err))) {
		logview_close(lv);
		return -1;
	}
	if (lv->db && lv->version < 1) {
		/* Created but nothing written yet: no tables, nothing to show. */
		sqlite3_close_v2(lv->db);
		lv->db = NULL;
	}
	*out = lv;
	return 0;
}

void logview_close(struct logview *lv)
{
	if (!lv)
		return;
	if (lv->db)
		sqlite3_close_v2(lv->db);
	if (lv->memo)
		free(lv->memo->needle);
	free(lv->memo);
	free(lv->path);
	free(lv);
}

/* ------------------------------------------------------------------ */
/* Times */

static long long iso_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0;
	time_t t;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return t == (time_t)-1 ? -1 : (long long)t * 1000 + ms;
}

time_t logview_time(const char *iso)
{
	long long ms = iso_ms(iso);

	return ms < 0 ? (time_t)-1 : (time_t)(ms / 1000);
}

void logview_local_text(const char *iso, char out[LOGVIEW_LOCAL_LEN + 1])
{
	time_t t = logview_time(iso);
	struct tm tm;

	out[0] = '\0';
	if (t == (time_t)-1 || !localtime_r(&t, &tm))
		return;
	strftime(out, LOGVIEW_LOCAL_LEN + 1, "%Y-%m-%d %H:%M:%S", &tm);
}

static void iso_of(time_t t, char out[LOGVIEW_TIME_LEN + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, LOGVIEW_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* The local midnight of the day of t plus add days. */
static time_t midnight(time_t t, int add)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += add;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

void logview_set_range(struct logview_filter *f, enum logview_range r, time_t now)
{
	struct tm tm;
	int back;

	f->since[0] = f->until[0] = '\0';
	switch (r) {
	case LOGVIEW_ALL:
		return;
	case LOGVIEW_TODAY:
		iso_of(midnight(now, 0), f->since);
		iso_of(midnight(now, 1), f->until);
		return;
	case LOGVIEW_YESTERDAY:
		iso_of(midnight(now, -1), f->since);
		iso_of(midnight(now, 0), f->until);
		return;
	case LOGVIEW_WEEK:
		localtime_r(&now, &tm);
		back = (tm.tm_wday + 6) % 7;    /* days since Monday */
		iso_of(midnight(now, -back), f->since);
		iso_of(midnight(now, 7 - back), f->until);
		return;
	}
}

/* The words for a day relative to now: 0 today, -1 yesterday; 1 if s
 * is none of them. */
static int relative_day(const char *s)
{
	static const char *const today[] = { "今日", "本日", "きょう", "today", NULL };
	static const char *const yesterday[] = { "昨日", "きのう", "yesterday", NULL };

	for (int i = 0; today[i]; i++)
		if (strcmp(s, today[i]) == 0)
			return 0;
	for (int i = 0; yesterday[i]; i++)
		if (strcmp(s, yesterday[i]) == 0)
			return -1;
	return 1;
}

/* "11/27", "11-27", "11.27", "11月27日" (after NFKC): that month and day
 * of now's year, written out in full into ymd for jdate_parse to check
 * (2/30 is refused as it is there).  0, or -1 when s is not one. */
static int month_day(const char *s, time_t now, char ymd[32])
{
	int m = 0, day = 0, used = 0;
	struct tm tm;

	if (sscanf(s, "%2d%*1[/.-]%2d%n", &m, &day, &used) != 2 &&
	    sscanf(s, "%2d月%2d日%n", &m, &day, &used) != 2)
		return -1;
	if (s[used] != '\0' || !localtime_r(&now, &tm))
		return -1;
	snprintf(ymd, 32, "%04d-%02d-%02d", tm.tm_year + 1900, m, day);
	return 0;
}

/* s after NFKC (full-width digits and ／ as ASCII) in buf, NUL-terminated;
 * NULL when it does not fit, as no day word or month-day is that long. */
static const char *nfkc_short(const char *s, char *buf, size_t size)
{
	size_t len = size - 1;
	char *n = text_nfkc(s, strlen(s), buf, &len);

	if (n != buf) {
		free(n);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

int logview_day(const char *s, int add, time_t now, char out[LOGVIEW_TIME_LEN + 1],
		struct err *err)
{
	char buf[128], msg[256], ymd[32];
	const char *n = nfkc_short(s, buf, sizeof buf);
	struct jdate d = { 0 };
	struct tm tm = { 0 };
	time_t t;
	int rel;

	if (n && (rel = relative_day(n)) <= 0) {
		iso_of(midnight(now, rel + add), out);
		return 0;
	}
	if (n && month_day(n, now, ymd) == 0)
		s = ymd;
	if (jdate_parse(s, strlen(s), &d, msg, sizeof msg))
		return err_set(err, "%s", msg);
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day + add;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return err_set(err, _("out of range"));
	iso_of(t, out);
	return 0;
}

static int typed_day(const char *s, int add, char out[LOGVIEW_TIME_LEN + 1], struct err *err)
{
	struct err why = { "" };

	if (logview_day(s, add, time(NULL), out, &why))
		return err_set(err, _("date '%s': %s"), s, why.msg);
	return 0;
}

int logview_set_dates(struct logview_filter *f, const char *since, const char *until,
		      struct err *err)
{
	char a[LOGVIEW_TIME_LEN + 1] = "", b[LOGVIEW_TIME_LEN + 1] = "";

	if (since && *since && typed_day(since, 0, a, err))
		return -1;
	if (until && *until && typed_day(until, 1, b, err))
		return -1;
	if (*a && *b && strcmp(a, b) >= 0)
		return err_set(err, _("date range '%s' to '%s': the end is before the start"), since, until);
	memcpy(f->since, a, sizeof a);
	memcpy(f->until, b, sizeof b);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Queries */

struct query {
	char sql[1024];
	const char *bind[8];
	int nbind;
	long long seq;            /* bound after the texts when keyset */
	bool keyset;
};

static void add(struct query *q, const char *cond, const char *value)
{
	size_t n = strlen(q->sql);

	snprintf(q->sql + n, sizeof q->sql - n, " AND %s", cond);
	if (value)
		q->bind[q->nbind++] = value;
}

static void where(struct query *q, const struct logview_filter *f, const char *timecol)
{
	char cond[64];

	if (f->since[0]) {
		snprintf(cond, sizeof cond, "%s >= ?", timecol);
		add(q, cond, f->since);
	}
	if (f->until[0]) {
		snprintf(cond, sizeof cond, "%s < ?", timecol);
		add(q, cond, f->until);
	}
	if (f->operator && *f->operator)
		add(q, "operator = ?", f->operator);
}

static void where_calls(struct query *q, const struct logview_filter *f)
{
	where(q, f, "started_at");
	if (f->disposition && *f->disposition)
		add(q, "disposition = ?", f->disposition);
	if (f->match && strcmp(f->match, "-") == 0)
		add(q, "match IS NULL", NULL);
	else if (f->match && *f->match)
		add(q, "match = ?", f->match);
	if (f->escalated)
		add(q, "escalate = 1", NULL);
}

static sqlite3_stmt *prepare(struct logview *lv, const struct query *q, struct err *err)
{
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(lv->db, q->sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(lv, err);
		return NULL;
	}
	for (i = 0; i < q->nbind; i++)
		sqlite3_bind_text(st, i + 1, q->bind[i], -1, SQLITE_STATIC);
	if (q->keyset)
		sqlite3_bind_int64(st, i + 1, q->seq);
	return st;
}

static void copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

/* Does the folded note contain every word of the folded needle?  Words
 * are AND, as in the FAQ search: "カード 再発行" finds a note that says
 * both, in any order (folding made an ideographic space a plain one). */
static bool note_has(const char *note, size_t n, const char *needle)
{
	char *k, *words, *w, *save = NULL;
	bool hit = true;

	if (!note)
		return false;
	k = text_fold_key(note, n, NULL);
	words = strdup(needle);
	/* Folded keys hold no NUL (the note is text). */
	if (!k || !words)
		hit = false;
	for (w = words ? strtok_r(words, " ", &save) : NULL; hit && w; w = strtok_r(NULL, " ", &save))
		hit = strstr(k, w) != NULL;
	free(words);
	free(k);
	return hit;
}

/* note_has through the memo (when memory allows one). */
static bool note_match(struct logview *lv, long long seq, const char *note, size_t n,
		       const char *needle)
{
	struct memo *m = lv->memo;
	size_t i;
	bool hit;

	if (!m && (m = lv->memo = calloc(1, sizeof *m)) == NULL)
		return note_has(note, n, needle);
	if (!m->needle || strcmp(m->needle, needle) != 0 || m->n >= MEMO_CAP / 2) {
		free(m->needle);
		memset(m, 0, sizeof *m);
		if (!(m->needle = strdup(needle)))
			return note_has(note, n, needle);
	}
	i = (size_t)((unsigned long long)seq * 0x9e3779b97f4a7c15ULL >> 49) & (MEMO_CAP - 1);
	while (m->seq[i] && m->seq[i] != seq)
		i = (i + 1) & (MEMO_CAP - 1);
	if (m->seq[i] == seq)
		return m->hit[i];
	hit = note_has(note, n, needle);
	m->seq[i] = seq;
	m->hit[i] = hit;
	m->n++;
	return hit;
}

#define ROW_COLS "seq, uuid, started_at, ended_at, operator, match, disposition, escalate, state, note"

static void row_read(sqlite3_stmt *st, struct logview_row *r)
{
	const char *note = (const char *)sqlite3_column_text(st, 9);
	long long a, b;

	memset(r, 0, sizeof *r);
	r->key.seq = sqlite3_column_int64(st, 0);
	copy(r->uuid, sizeof r->uuid, sqlite3_column_text(st, 1));
	copy(r->key.started_at, sizeof r->key.started_at, sqlite3_column_text(st, 2));
	copy(r->ended_at, sizeof r->ended_at, sqlite3_column_text(st, 3));
	copy(r->operator, sizeof r->operator, sqlite3_column_text(st, 4));
	copy(r->match, sizeof r->match, sqlite3_column_text(st, 5));
	copy(r->disposition, sizeof r->disposition, sqlite3_column_text(st, 6));
	r->escalate = sqlite3_column_int(st, 7) != 0;
	copy(r->state, sizeof r->state, sqlite3_column_text(st, 8));
	if (note)
		text_copy_cut(r->note, sizeof r->note, note, (size_t)sqlite3_column_bytes(st, 9));
	a = iso_ms(r->key.started_at);
	b = iso_ms(r->ended_at);
	r->duration_ms = a >= 0 && b >= a ? (long)(b - a) : 0;
}

struct needle {
	char *s;                  /* the folded filter text; NULL: none */
};

static int needle_make(const struct logview_filter *f, struct needle *nd, struct err *err)
{
	nd->s = NULL;
	if (!f->text || !*f->text)
		return 0;
	nd->s = text_fold_key(f->text, strlen(f->text), NULL);
	return nd->s ? 0 : err_set(err, "out of memory");
}

/* One batch of candidates after key (or from the start); matching rows
 * go to rows[*got..max).  Returns how many candidates were read, -1 on
 * error; *last gets the last candidate's key. */
static long batch(struct logview *lv, const struct logview_filter *f, const struct needle *nd,
		  const struct logview_key *key, enum logview_dir dir, bool inclusive, long lim,
		  struct logview_row *rows, long *got, long max, struct logview_key *last,
		  struct err *err)
{
	struct query q = { .nbind = 0 };
	sqlite3_stmt *st;
	long read = 0;
	int rc;

	snprintf(q.sql, sizeof q.sql, "SELECT " ROW_COLS " FROM inquiry WHERE 1");
	where_calls(&q, f);
	if (key) {
		const char *op = dir == LOGVIEW_OLDER ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">");
		char cond[64];

		snprintf(cond, sizeof cond, "(started_at, seq) %s (?, ?)", op);
		add(&q, cond, key->started_at);
		q.keyset = true;
		q.seq = key->seq;
	}
	snprintf(q.sql + strlen(q.sql), sizeof q.sql - strlen(q.sql),
		 dir == LOGVIEW_OLDER ? " ORDER BY started_at DESC, seq DESC LIMIT %ld"
				      : " ORDER BY started_at ASC, seq ASC LIMIT %ld", lim);
	if (!(st = prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(st, 9);

		read++;
		last->seq = sqlite3_column_int64(st, 0);
		copy(last->started_at, sizeof last->started_at, sqlite3_column_text(st, 2));
		if (*got >= max)
			continue;
		if (nd->s && !note_match(lv, last->seq, note, (size_t)sqlite3_column_bytes(st, 9), nd->s))
			continue;
		row_read(st, &rows[(*got)++]);
	}
	if (rc != SQLITE_DONE)
		db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? read : -1;
}

static void reverse(struct logview_row *rows, long n)
{
	for (long i = 0; i < n / 2; i++) {
		struct logview_row t = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
}

long logview_page(struct logview *lv, const struct logview_filter *f,
		  const struct logview_key *from, enum logview_dir dir, bool inclusive,
		  long max, struct logview_row **rows, bool *complete, struct err *err)
{
	struct logview_key last;
	const struct logview_key *key = from;
	struct needle nd;
	long got = 0, scanned = 0;

	*rows = NULL;
	*complete = true;
	if (max <= 0 || !lv->db)
		return 0;
	if (!(*rows = calloc((size_t)max, sizeof **rows)))
		return err_set(err, "out of memory");
	if (needle_make(f, &nd, err)) {
		free(*rows);
		*rows = NULL;
		return -1;
	}
	for (;;) {
		long lim = nd.s ? BATCH : max;
		long r = batch(lv, f, &nd, key, dir, key == from ? inclusive : false, lim,
			       *rows, &got, max, &last, err);

		if (r < 0) {
			free(nd.s);
			free(*rows);
			*rows = NULL;
			return -1;
		}
		scanned += r;
		if (r < lim)
			break;
		if (got >= max || scanned >= LOGVIEW_SCAN_MAX) {
			*complete = false;
			break;
		}
		key = &last;
	}
	free(nd.s);
	if (dir == LOGVIEW_NEWER)
		reverse(*rows, got);
	return got;
}

/* ------------------------------------------------------------------ */
/* Detail */

static const char *const detail_cols[LOGVIEW_NFIELDS] = {
	"seq", "uuid", "started_at", "ended_at", "operator", "host", "snapshot_id", "match",
	"ref", "factors", "faq", "disposition", "escalate", "note", "state", "origin_hash",
};

int logview_detail(struct logview *lv, const char *uuid, struct logview_detail *d,
		   struct err *err)
{
	sqlite3_stmt *st;
	char sql[512] = "SELECT ";
	int rc, found = 0;

	memset(d, 0, sizeof *d);
	if (!lv->db)
		return 0;
	for (int i = 0; i < LOGVIEW_NFIELDS; i++) {
		strcat(sql, detail_cols[i]);
		strcat(sql, i + 1 < LOGVIEW_NFIELDS ? ", " : " FROM inquiry WHERE uuid = ?");
	}
	if (sqlite3_prepare_v2(lv->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(lv, err);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		d->n = LOGVIEW_NFIELDS;
		for (int i = 0; i < LOGVIEW_NFIELDS; i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			d->names[i] = detail_cols[i];
			if (v && !(d->values[i] = strdup((const char *)v)))
				found = -1;
		}
	} else if (rc != SQLITE_DONE) {
		found = db_err(lv, err);
	}
	sqlite3_finalize(st);
	if (found < 0) {
		logview_detail_free(d);
		if (rc == SQLITE_ROW)
			err_set(err, "out of memory");
	}
	return found;
}

void logview_detail_free(struct logview_detail *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->values[i]);
	memset(d, 0, sizeof *d);
}

const char *logview_detail_get(const struct logview_detail *d, const char *name)
{
	for (int i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0)
			return d->values[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Figures */

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

static int local_hour(const char *iso)
{
	time_t t = logview_time(iso);
	struct tm tm;

	if (t == (time_t)-1)
		return -1;
	localtime_r(&t, &tm);
	return tm.tm_hour;
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
	copy(w->started_at, sizeof w->started_at, sqlite3_column_text(st, 0));
	copy(w->uuid, sizeof w->uuid, sqlite3_column_text(st, 7));
	copy(w->operator, sizeof w->operator, sqlite3_column_text(st, 2));
	copy(w->disposition, sizeof w->disposition, sqlite3_column_text(st, 4));
	return true;
}

struct counters {
	struct counter disp, match, oper, faq;
};

static bool stats_row(struct logview_stats *s, struct counters *k, sqlite3_stmt *st)
{
	const char *at = (const char *)sqlite3_column_text(st, 0);
	const char *match = (const char *)sqlite3_column_text(st, 3);
	long long a = iso_ms(at), b = iso_ms((const char *)sqlite3_column_text(st, 1));
	int h = local_hour(at);

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
	struct query q = { .nbind = 0 };
	struct counters k;
	struct needle nd;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;
	bool ok = true;

	memset(s, 0, sizeof *s);
	memset(&k, 0, sizeof k);
	if (!lv->db)
		return 0;
	if (needle_make(f, &nd, err))
		return -1;
	snprintf(q.sql, sizeof q.sql, "SELECT started_at, ended_at, operator, match, disposition,"
		 " escalate, faq, uuid, note FROM inquiry WHERE 1");
	where_calls(&q, f);
	strcat(q.sql, " ORDER BY started_at DESC, seq DESC");
	if (!(st = prepare(lv, &q, err))) {
		free(nd.s);
		return -1;
	}
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nd.s && !note_has((const char *)sqlite3_column_text(st, 8),
				      (size_t)sqlite3_column_bytes(st, 8), nd.s))
			continue;
		ok = stats_row(s, &k, st);
	}
	if (ok && rc != SQLITE_DONE)
		db_err(lv, err);
	sqlite3_finalize(st);
	free(nd.s);
	counter_take(&k.disp, &s->disp, &s->ndisp);
	counter_take(&k.match, &s->match, &s->nmatch);
	counter_take(&k.oper, &s->oper, &s->noper);
	counter_take(&k.faq, &s->faq, &s->nfaq);
	if (!ok)
		err_set(err, "out of memory");
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
		return err_set(err, "desk_hours '%s': use HH:MM-HH:MM, e.g. 08:30-17:15", s ? s : "");
	*from_min = h1 * 60 + m1;
	*to_min = h2 * 60 + m2;
	if (*to_min <= *from_min)
		return err_set(err, "desk_hours '%s': the closing time must be after the opening time", s);
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
	struct query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	/* "In a call": its call_uuid names a call in the log (saved or
	 * interrupted: both were written as calls). */
	snprintf(q.sql, sizeof q.sql, "SELECT at, operator, verdict, call_uuid IS NOT NULL AND"
		 " EXISTS (SELECT 1 FROM inquiry i WHERE i.uuid = lookup.call_uuid)"
		 " FROM lookup WHERE 1");
	where(&q, f, "at");
	if (!(st = prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 2);
		struct logview_luse *u = luse(l, (const char *)sqlite3_column_text(st, 1));
		int h = local_hour(at);

		if (!u) {
			sqlite3_finalize(st);
			return err_set(err, "out of memory");
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
		db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int calls_scan(struct logview *lv, const struct logview_filter *f,
		      struct logview_lookups *l, struct err *err)
{
	struct query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	snprintf(q.sql, sizeof q.sql, "SELECT operator, count(*) FROM inquiry WHERE 1");
	where(&q, f, "started_at");
	strcat(q.sql, " GROUP BY operator");
	if (!(st = prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct logview_luse *u = luse(l, (const char *)sqlite3_column_text(st, 0));

		if (!u) {
			sqlite3_finalize(st);
			return err_set(err, "out of memory");
		}
		u->calls = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Refused attempts to read the log (schema 2 on), newest first: an
 * operator trying the supervisors' screens is the same insider risk as one
 * browsing the list. */
static int refusals_scan(struct logview *lv, const struct logview_filter *f,
			 struct logview_lookups *l, struct err *err)
{
	struct query q = { .nbind = 0 };
	sqlite3_stmt *st;
	int rc;

	if (lv->version < 2)
		return 0;
	snprintf(q.sql, sizeof q.sql, "SELECT at, operator, action FROM access WHERE outcome = 'refused'");
	where(&q, f, "at");
	strcat(q.sql, " ORDER BY at DESC, seq DESC");
	if (!(st = prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct logview_refusal *r;

		l->refused_total++;
		if (l->nrefused == LOGVIEW_REFUSED_MAX)
			continue;
		if (!l->refused && !(l->refused = calloc(LOGVIEW_REFUSED_MAX, sizeof *l->refused))) {
			sqlite3_finalize(st);
			return err_set(err, "out of memory");
		}
		r = &l->refused[l->nrefused++];
		copy(r->at, sizeof r->at, sqlite3_column_text(st, 0));
		copy(r->operator, sizeof r->operator, sqlite3_column_text(st, 1));
		copy(r->action, sizeof r->action, sqlite3_column_text(st, 2));
	}
	if (rc != SQLITE_DONE)
		db_err(lv, err);
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

/* ------------------------------------------------------------------ */
/* Export */

static bool is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || uc == 0x2028 || uc == 0x2029;
}

/* Each character of s[0..n); an invalid byte as U+FFFD, so the export is
 * valid UTF-8 whatever the log holds.  CSV keeps TAB, CR and LF (quoted);
 * JSON escapes every control character. */
static void text_out(struct buf *b, const char *s, size_t n, bool json)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (len < 0) {
			buf_add(b, "\xef\xbf\xbd", 3);
			p++;
			continue;
		}
		if (uc == '"')
			buf_add(b, json ? "\\\"" : "\"\"", 2);
		else if (json && uc == '\\')
			buf_add(b, "\\\\", 2);
		else if (json && is_control(uc))
			buf_printf(b, "\\u%04x", (unsigned)uc);
		else if (!json && is_control(uc) && uc != '\t' && uc != '\n' && uc != '\r')
			buf_add(b, "\xef\xbf\xbd", 3);
		else
			buf_add(b, (const char *)p, (size_t)len);
		p += len;
	}
}

/* Cells Excel would read as a formula get a leading apostrophe. */
static bool formula_like(const char *v)
{
	return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
}

#define EXPORT_NCOLS 15   /* detail_cols without origin_hash */

static void csv_out(struct buf *b, sqlite3_stmt *st)
{
	for (int i = 0; i < EXPORT_NCOLS; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		size_t n = (size_t)sqlite3_column_bytes(st, i);

		if (i)
			buf_str(b, ",");
		if (!v)
			continue;
		if (strpbrk(v, ",\"\r\n") || formula_like(v)) {
			buf_str(b, formula_like(v) ? "\"'" : "\"");
			text_out(b, v, n, false);
			buf_str(b, "\"");
		} else {
			text_out(b, v, n, false);
		}
	}
	/* The times again in local time, for Excel (columns 2 and 3). */
	for (int i = 2; i <= 3; i++) {
		char local[LOGVIEW_LOCAL_LEN + 1];

		logview_local_text((const char *)sqlite3_column_text(st, i), local);
		buf_str(b, ",");
		buf_str(b, local);
	}
	buf_str(b, "\r\n");
}

static void json_out(struct buf *b, sqlite3_stmt *st)
{
	for (int i = 0; i < EXPORT_NCOLS; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);

		buf_str(b, i ? ",\"" : "{\"");
		buf_str(b, detail_cols[i]);
		buf_str(b, "\":");
		if (!v)
			buf_str(b, "null");
		else if (i == 0)
			buf_str(b, v);
		else if (strcmp(detail_cols[i], "escalate") == 0)
			buf_str(b, strcmp(v, "0") ? "true" : "false");
		else {
			buf_str(b, "\"");
			text_out(b, v, (size_t)sqlite3_column_bytes(st, i), true);
			buf_str(b, "\"");
		}
	}
	buf_str(b, "}\n");
}

/* b's bytes to out, through cd when converting; what CP932 cannot hold
 * becomes '?'. */
static int emit(struct buf *b, iconv_t cd, FILE *out)
{
	char obuf[4096], *in = b->p;
	size_t left = b->n;

	if (cd == (iconv_t)-1)
		return fwrite(b->p, 1, b->n, out) == b->n ? 0 : -1;
	while (left > 0) {
		char *o = obuf;
		size_t room = sizeof obuf;
		size_t r = iconv(cd, &in, &left, &o, &room);

		fwrite(obuf, 1, (size_t)(o - obuf), out);
		if (r == (size_t)-1 && errno == EILSEQ) {
			int len = u8_mblen((const uint8_t *)in, left);

			len = len > 0 ? len : 1;
			fputc('?', out);
			in += len;
			left -= (size_t)len;
		} else if (r == (size_t)-1 && errno != E2BIG) {
			return -1;
		}
	}
	return ferror(out) ? -1 : 0;
}

struct exporter {
	enum logview_fmt fmt;
	iconv_t cd;
	FILE *out;
	struct buf b;
	struct needle nd;
	long rows;
};

/* One batch of up to BATCH rows after key; -1 error, else rows read. */
static long export_batch(struct logview *lv, const struct logview_filter *f, struct exporter *x,
			 struct logview_key *key, bool first, struct err *err)
{
	struct query q = { .nbind = 0 };
	sqlite3_stmt *st;
	long read = 0;
	int rc;

	snprintf(q.sql, sizeof q.sql, "SELECT seq, uuid, started_at, ended_at, operator, host,"
		 " snapshot_id, match, ref, factors, faq, disposition, escalate, note, state"
		 " FROM inquiry WHERE 1");
	where_calls(&q, f);
	if (!first) {
		add(&q, "(started_at, seq) < (?, ?)", key->started_at);
		q.keyset = true;
		q.seq = key->seq;
	}
	snprintf(q.sql + strlen(q.sql), sizeof q.sql - strlen(q.sql),
		 " ORDER BY started_at DESC, seq DESC LIMIT %d", BATCH);
	if (!(st = prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read++;
		key->seq = sqlite3_column_int64(st, 0);
		copy(key->started_at, sizeof key->started_at, sqlite3_column_text(st, 2));
		if (x->nd.s && !note_has((const char *)sqlite3_column_text(st, 13),
					 (size_t)sqlite3_column_bytes(st, 13), x->nd.s))
			continue;
		buf_clear(&x->b);
		if (x->fmt == LOGVIEW_CSV)
			csv_out(&x->b, st);
		else
			json_out(&x->b, st);
		if (x->b.oom || emit(&x->b, x->cd, x->out)) {
			sqlite3_finalize(st);
			return err_set(err, x->b.oom ? "out of memory" : "cannot write the export");
		}
		x->rows++;
	}
	if (rc != SQLITE_DONE)
		db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? read : -1;
}

static const char csv_header[] = "seq,uuid,started_at,ended_at,operator,host,snapshot_id,"
	"match,ref,factors,faq,disposition,escalate,note,state,started_local,ended_local\r\n";

long logview_export(struct logview *lv, const struct logview_filter *f, enum logview_fmt fmt,
		    bool cp932, FILE *out, struct err *err)
{
	struct exporter x = { .fmt = fmt, .cd = (iconv_t)-1, .out = out };
	struct logview_key key;
	long r = BATCH;
	bool first = true;

	if (cp932 && (x.cd = iconv_open("CP932", "UTF-8")) == (iconv_t)-1)
		return err_set(err, "this system has no CP932 converter");
	if (fmt == LOGVIEW_CSV) {
		if (!cp932)
			fputs("\xef\xbb\xbf", out);   /* the BOM Excel needs to read UTF-8 */
		fputs(csv_header, out);
	}
	if (needle_make(f, &x.nd, err))
		r = -1;
	while (lv->db && r == BATCH) {
		r = export_batch(lv, f, &x, &key, first, err);
		first = false;
	}
	if (x.cd != (iconv_t)-1)
		iconv_close(x.cd);
	buf_free(&x.b);
	free(x.nd.s);
	if (r >= 0 && fflush(out) != 0)
		r = err_set(err, "cannot write the export");
	return r < 0 ? -1 : x.rows;
}
