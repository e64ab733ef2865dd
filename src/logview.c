#include "logview.h"
#include "export.h"
#include "i18n.h"
#include "inq_read.h"
#include "logview_day.h"
#include "logview_private.h"
#include "text_fold.h"
#include "text_utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 256

/* What the note filter found for each row it read, for the current
 * needle: a screen refreshing every 2 s reads the same rows again, and
 * folding is the costly part.  Open addressing on seq; emptied when full
 * or when the needle changes. */
#define MEMO_CAP 32768            /* a power of two */
struct logview_memo {
	char *needle;
	long long seq[MEMO_CAP];      /* 0: empty slot (seq starts at 1) */
	unsigned char hit[MEMO_CAP];
	size_t n;
};

int logview_db_err(struct logview *lv, struct err *err)
{
	return err_set(err, "%s: %s", lv->path, sqlite3_errmsg(lv->db));
}

/* The connection is src/inq_read's read-only one (inq_open_ro), so that a
 * supervisor's screen and `log export` refuse the same files with the
 * same words.  A log not made yet reads as empty: the desk may not have
 * taken its first call. */
int logview_open(const char *path, struct logview **out, struct err *err)
{
	struct logview *lv;

	*out = NULL;
	if (!path || !*path)
		return err_set(err, _("no log set (--log or MADOGUCHI_LOG)"));
	lv = calloc(1, sizeof *lv);
	if (!lv || !(lv->path = strdup(path))) {
		free(lv);
		return err_set(err, _("out of memory"));
	}
	/* Only a log that is not there reads as empty: one that cannot be
	 * reached (a directory closed to this account) is said, not taken
	 * for a quiet day. */
	if ((faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0 || errno != ENOENT) &&
	    !(lv->db = inq_open_ro(path, &lv->version, err))) {
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
/* Queries */

void logview_cond(struct logview_query *q, const char *cond, const char *value)
{
	size_t n = strlen(q->sql);

	snprintf(q->sql + n, sizeof q->sql - n, " AND %s", cond);
	if (value)
		q->bind[q->nbind++] = value;
}

void logview_where(struct logview_query *q, const struct logview_filter *f, const char *timecol)
{
	char cond[64];

	if (f->since[0]) {
		snprintf(cond, sizeof cond, "%s >= ?", timecol);
		logview_cond(q, cond, f->since);
	}
	if (f->until[0]) {
		snprintf(cond, sizeof cond, "%s < ?", timecol);
		logview_cond(q, cond, f->until);
	}
	if (f->operator && *f->operator)
		logview_cond(q, "operator = ?", f->operator);
}

void logview_where_calls(struct logview_query *q, const struct logview_filter *f)
{
	logview_where(q, f, "started_at");
	if (f->disposition && *f->disposition)
		logview_cond(q, "disposition = ?", f->disposition);
	if (f->match && strcmp(f->match, "-") == 0)
		logview_cond(q, "match IS NULL", NULL);
	else if (f->match && *f->match)
		logview_cond(q, "match = ?", f->match);
	if (f->escalated)
		logview_cond(q, "escalate = 1", NULL);
}

sqlite3_stmt *logview_prepare(struct logview *lv, const struct logview_query *q, struct err *err)
{
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(lv->db, q->sql, -1, &st, NULL) != SQLITE_OK) {
		logview_db_err(lv, err);
		return NULL;
	}
	for (i = 0; i < q->nbind; i++)
		sqlite3_bind_text(st, i + 1, q->bind[i], -1, SQLITE_STATIC);
	if (q->keyset)
		sqlite3_bind_int64(st, i + 1, q->seq);
	return st;
}

void logview_copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

/* Whether the folded key holds one of the spellings of word ("a|b|c":
 * the review gives a word with its spellings from the FAQ's synonym
 * table, faq_spell). */
static bool has_word(const char *key, char *word)
{
	char *alt, *save = NULL;

	for (alt = strtok_r(word, "|", &save); alt; alt = strtok_r(NULL, "|", &save))
		if (strstr(key, alt))
			return true;
	return false;
}

/* Does the folded note contain every word of the folded needle?  Words
 * are AND, as in the FAQ search: "カード 再発行" finds a note that says
 * both, in any order (folding made an ideographic space a plain one); a
 * word's spellings, "漏洩|漏えい", OR. */
bool logview_note_has(const char *note, size_t n, const char *needle)
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
		hit = has_word(k, w);
	free(words);
	free(k);
	return hit;
}

/* note_has through the memo (when memory allows one). */
static bool note_match(struct logview *lv, long long seq, const char *note, size_t n,
		       const char *needle)
{
	struct logview_memo *m = lv->memo;
	size_t i;
	bool hit;

	if (!m && (m = lv->memo = calloc(1, sizeof *m)) == NULL)
		return logview_note_has(note, n, needle);
	if (!m->needle || strcmp(m->needle, needle) != 0 || m->n >= MEMO_CAP / 2) {
		free(m->needle);
		memset(m, 0, sizeof *m);
		if (!(m->needle = strdup(needle)))
			return logview_note_has(note, n, needle);
	}
	i = (size_t)((unsigned long long)seq * 0x9e3779b97f4a7c15ULL >> 49) & (MEMO_CAP - 1);
	while (m->seq[i] && m->seq[i] != seq)
		i = (i + 1) & (MEMO_CAP - 1);
	if (m->seq[i] == seq)
		return m->hit[i];
	hit = logview_note_has(note, n, needle);
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
	logview_copy(r->uuid, sizeof r->uuid, sqlite3_column_text(st, 1));
	logview_copy(r->key.started_at, sizeof r->key.started_at, sqlite3_column_text(st, 2));
	logview_copy(r->ended_at, sizeof r->ended_at, sqlite3_column_text(st, 3));
	logview_copy(r->operator, sizeof r->operator, sqlite3_column_text(st, 4));
	logview_copy(r->match, sizeof r->match, sqlite3_column_text(st, 5));
	logview_copy(r->disposition, sizeof r->disposition, sqlite3_column_text(st, 6));
	r->escalate = sqlite3_column_int(st, 7) != 0;
	logview_copy(r->state, sizeof r->state, sqlite3_column_text(st, 8));
	if (note)
		text_copy_cut(r->note, sizeof r->note, note, (size_t)sqlite3_column_bytes(st, 9));
	a = logview_ms(r->key.started_at);
	b = logview_ms(r->ended_at);
	r->duration_ms = a >= 0 && b >= a ? (long)(b - a) : 0;
}

int logview_needle(const struct logview_filter *f, char **needle, struct err *err)
{
	*needle = NULL;
	if (!f->text || !*f->text)
		return 0;
	*needle = text_fold_key(f->text, strlen(f->text), NULL);
	return *needle ? 0 : err_set(err, _("out of memory"));
}

/* One batch of candidates after key (or from the start); matching rows
 * go to rows[*got..max).  Returns how many candidates were read, -1 on
 * error; *last gets the last candidate's key. */
static long batch(struct logview *lv, const struct logview_filter *f, const char *needle,
		  const struct logview_key *key, enum logview_dir dir, bool inclusive, long lim,
		  struct logview_row *rows, long *got, long max, struct logview_key *last,
		  struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	sqlite3_stmt *st;
	long read = 0;
	int rc;

	snprintf(q.sql, sizeof q.sql, "SELECT " ROW_COLS " FROM inquiry WHERE 1");
	logview_where_calls(&q, f);
	if (key) {
		const char *op = dir == LOGVIEW_OLDER ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">");
		char cond[64];

		snprintf(cond, sizeof cond, "(started_at, seq) %s (?, ?)", op);
		logview_cond(&q, cond, key->started_at);
		q.keyset = true;
		q.seq = key->seq;
	}
	snprintf(q.sql + strlen(q.sql), sizeof q.sql - strlen(q.sql),
		 dir == LOGVIEW_OLDER ? " ORDER BY started_at DESC, seq DESC LIMIT %ld"
				      : " ORDER BY started_at ASC, seq ASC LIMIT %ld", lim);
	if (!(st = logview_prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(st, 9);

		read++;
		last->seq = sqlite3_column_int64(st, 0);
		logview_copy(last->started_at, sizeof last->started_at, sqlite3_column_text(st, 2));
		if (*got >= max)
			continue;
		if (needle && !note_match(lv, last->seq, note, (size_t)sqlite3_column_bytes(st, 9), needle))
			continue;
		row_read(st, &rows[(*got)++]);
	}
	if (rc != SQLITE_DONE)
		logview_db_err(lv, err);
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
	char *needle;
	long got = 0, scanned = 0;

	*rows = NULL;
	*complete = true;
	if (max <= 0 || !lv->db)
		return 0;
	if (!(*rows = calloc((size_t)max, sizeof **rows)))
		return err_set(err, _("out of memory"));
	if (logview_needle(f, &needle, err)) {
		free(*rows);
		*rows = NULL;
		return -1;
	}
	for (;;) {
		long lim = needle ? BATCH : max;
		long r = batch(lv, f, needle, key, dir, key == from ? inclusive : false, lim,
			       *rows, &got, max, &last, err);

		if (r < 0) {
			free(needle);
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
	free(needle);
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
		return logview_db_err(lv, err);
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
		found = logview_db_err(lv, err);
	}
	sqlite3_finalize(st);
	if (found < 0) {
		logview_detail_free(d);
		if (rc == SQLITE_ROW)
			err_set(err, _("out of memory"));
	}
	return found;
}

void logview_detail_free(struct logview_detail *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->values[i]);
	memset(d, 0, sizeof *d);
}

const char *logview_detail_name(int i)
{
	return i >= 0 && i < LOGVIEW_NFIELDS ? detail_cols[i] : NULL;
}

const char *logview_detail_get(const struct logview_detail *d, const char *name)
{
	for (int i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0)
			return d->values[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Export */

/* An export of the calls under way: its columns (src/export's), where
 * started_at and the note are among them, the folded note filter. */
struct exporting {
	struct export *x;
	const char *cols[EXPORT_MAX_COLS];
	int ncols, at, note;
	char *needle;
};

static int col_index(const struct exporting *e, const char *name)
{
	for (int i = 0; i < e->ncols; i++)
		if (strcmp(e->cols[i], name) == 0)
			return i;
	return -1;
}

/* One batch of up to BATCH rows after key (from the newest when first),
 * each matching row through the exporter.  The number of rows read, or
 * -1 with err. */
static long export_batch(struct logview *lv, const struct logview_filter *f, struct exporting *e,
			 struct logview_key *key, bool first, struct err *err)
{
	struct logview_query q = { .nbind = 0 };
	const char *values[EXPORT_MAX_COLS];
	int lens[EXPORT_MAX_COLS];
	struct inq_row row = { e->ncols, e->cols, values, lens };
	sqlite3_stmt *st;
	long read = 0;
	size_t n = (size_t)snprintf(q.sql, sizeof q.sql, "SELECT ");
	int rc;

	for (int i = 0; i < e->ncols; i++)
		n += (size_t)snprintf(q.sql + n, sizeof q.sql - n, "%s%s", i ? ", " : "", e->cols[i]);
	snprintf(q.sql + n, sizeof q.sql - n, " FROM inquiry WHERE 1");
	logview_where_calls(&q, f);
	if (!first) {
		logview_cond(&q, "(started_at, seq) < (?, ?)", key->started_at);
		q.keyset = true;
		q.seq = key->seq;
	}
	snprintf(q.sql + strlen(q.sql), sizeof q.sql - strlen(q.sql),
		 " ORDER BY started_at DESC, seq DESC LIMIT %d", BATCH);
	if (!(st = logview_prepare(lv, &q, err)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read++;
		for (int i = 0; i < e->ncols; i++) {
			values[i] = (const char *)sqlite3_column_text(st, i);
			lens[i] = sqlite3_column_bytes(st, i);
		}
		key->seq = sqlite3_column_int64(st, 0);
		logview_copy(key->started_at, sizeof key->started_at, (const unsigned char *)values[e->at]);
		if (e->needle && !logview_note_has(values[e->note], (size_t)lens[e->note], e->needle))
			continue;
		if (export_row(e->x, &row, err)) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		logview_db_err(lv, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? read : -1;
}

long logview_export(struct logview *lv, const struct logview_filter *f, enum logview_fmt fmt,
		    bool cp932, FILE *out, struct err *err)
{
	enum export_fmt how = fmt == LOGVIEW_JSONL ? EXPORT_JSONL
			    : cp932 ? EXPORT_CSV_CP932 : EXPORT_CSV;
	struct exporting e = { .x = NULL };
	struct logview_key key;
	long r = BATCH;
	bool first = true;

	if (export_open(how, INQ_CALLS, out, &e.x, err))
		return -1;
	e.ncols = export_columns(INQ_CALLS, e.cols);
	e.at = col_index(&e, "started_at");
	e.note = col_index(&e, "note");
	if (e.at < 0 || e.note < 0)
		r = err_set(err, "the calls have no started_at or note column");
	else if (logview_needle(f, &e.needle, err))
		r = -1;
	while (lv->db && r == BATCH) {
		r = export_batch(lv, f, &e, &key, first, err);
		first = false;
	}
	if (r >= 0)
		r = export_finish(e.x, err);
	export_free(e.x);
	free(e.needle);
	return r;
}
