#include "inq_merge.h"
#include "db.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_conn.h"
#include "inq_read.h"
#include "inq_schema.h"

#include <sqlite3.h>
#include <sys/stat.h>

/* Rows of one table of src not in log->db (by UUID), appended in order. */
static int merge_table(struct inq_log *log, sqlite3 *src, const struct inq_tdesc *t, long *added)
{
	sqlite3_stmt *st = inq_select(src, t, NULL);
	int rc = SQLITE_OK, step = SQLITE_DONE;
	struct inq_rec r;

	if (!st)
		return sqlite3_errcode(src);
	while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, t->ncols + 2);

		inq_rec_of_row(st, t, &r);
		/* Provenance: the hash this row had where it was first written. */
		if (!r.f[t->ncols - 1].p)
			r.f[t->ncols - 1] = inq_fstr(hash);
		if (inq_chain_put(log->db, &r, &rc) == 0)
			(*added)++;
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

static int merge(struct inq_log *log, const char *other, long *added, struct err *err)
{
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
			rc = merge_table(log, src, &inq_tables[t], added);
	src_done(src, 0);
	if (rc != SQLITE_OK || inq_commit(log) != SQLITE_OK) {
		inq_abort(log, err);
		err_prefix(err, "%s", log->path);
		*added = 0;
		return -2;
	}
	return 0;
}

int inq_merge(struct inq_log *log, const char *other, long *added, struct err *err)
{
	mode_t old = umask(007);
	bool mine = inq_deadline_begin(log);
	int rc = merge(log, other, added, err);

	inq_deadline_end(log, mine);
	umask(old);
	return rc;
}
