#include "inq_merge.h"
#include "db.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_conn.h"
#include "inq_read.h"
#include "inq_schema.h"

#include <sqlite3.h>
#include <sys/stat.h>

/* What merging one table found: a row that fails the checks of an
 * append (its table and position in other, and why) stops the merge. */
struct merging {
	const char *other;
	const struct inq_disps *disps;
	long added;
	bool bad;
	struct err *err;
};

/* Rows of one table of src not in log->db (by UUID), appended in order,
 * each checked first as an append is (src/inq_check): a row nothing here
 * wrote must not reach the log unchecked. */
static int merge_table(struct inq_log *log, sqlite3 *src, const struct inq_tdesc *t, struct merging *m)
{
	sqlite3_stmt *st;
	long long v2_from = 0;
	int rc = inq_v2_from(src, t, &v2_from), step = SQLITE_DONE;
	struct inq_rec r;
	struct err why;

	if (rc != SQLITE_OK)
		return rc;
	if (!(st = inq_select(src, t, NULL)))
		return sqlite3_errcode(src);
	while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, t->ncols + 2);

		inq_rec_of_row(st, t, &r);
		/* A v1 row there committed to its note itself: whatever stands in
		 * its salt and note_hash columns was never checked; here it gets
		 * a salt of its own (src/inq_chain). */
		if (v2_from == 0 || sqlite3_column_int64(st, 0) < v2_from)
			r.salt = r.thash = inq_fstr(NULL);
		/* Provenance: the hash this row had where it was first written. */
		if (!r.f[t->ncols - 1].p)
			r.f[t->ncols - 1] = inq_fstr(hash);
		if (inq_rec_check(&r, m->disps, &why)) {
			err_set(m->err, _("%s: %s row %lld: %s; nothing merged"), m->other, t->name,
				(long long)sqlite3_column_int64(st, 0), why.msg);
			m->bad = true;
			rc = SQLITE_CONSTRAINT;
			break;
		}
		if (inq_chain_put(log, &r, &rc) == 0)
			m->added++;
	}
	if (rc == SQLITE_OK && step != SQLITE_DONE)
		rc = step;
	sqlite3_finalize(st);
	return rc;
}

/* Ends the read transaction on src and closes it; passes ret on. */
static int src_done(sqlite3 *src, int ret)
{
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	sqlite3_close_v2(src);
	return ret;
}

static int merge(struct inq_log *log, const char *other, const struct inq_disps *disps,
		 long *added, struct err *err)
{
	struct merging m = { other, disps, 0, false, err };
	struct inq_verify v;
	sqlite3 *src;
	int rc;

	*added = 0;
	src = inq_ro_open(other, err);
	if (!src)
		return -1;
	if (!inq_has_schema(src) || sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close_v2(src);
		return 0;
	}
	/* Verified and copied in the same read transaction: rows added to
	 * other in between are neither copied unverified nor missed. */
	rc = inq_verify_db(src, &v);
	if (rc != SQLITE_OK) {
		err_set(err, "%s: %s (%s)", other, db_why(rc), sqlite3_errmsg(src));
		return src_done(src, -1);
	}
	if (!v.ok) {
		err_set(err, _("%s does not verify (%s); nothing merged"), other, v.problem);
		return src_done(src, 1);
	}
	if (inq_connect(log, err) || inq_begin_write(log, err)) {
		err_prefix(err, "%s", log->path);
		return src_done(src, -2);
	}
	for (int t = 0; t < INQ_NTABLES && rc == SQLITE_OK; t++)
		if (inq_has_table(src, &inq_tables[t]))
			rc = merge_table(log, src, &inq_tables[t], &m);
	src_done(src, 0);
	if (m.bad) {
		struct err ignored;

		inq_abort(log, &ignored);
		return 1;
	}
	if (rc != SQLITE_OK || inq_commit(log) != SQLITE_OK) {
		inq_abort(log, err);
		err_prefix(err, "%s", log->path);
		return -2;
	}
	*added = m.added;
	return 0;
}

int inq_merge(struct inq_log *log, const char *other, const struct inq_disps *disps, long *added,
	      struct err *err)
{
	mode_t old = umask(007);
	bool mine = inq_deadline_begin(log);
	int rc = merge(log, other, disps, added, err);

	inq_deadline_end(log, mine);
	umask(old);
	return rc;
}
