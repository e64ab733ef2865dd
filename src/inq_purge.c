#include "inq_purge.h"
#include "inq_conn.h"
#include "inq_heads.h"
#include "inq_private.h"
#include "inq_schema.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

/* v2 calls only: at or past the chain's v2_from (src/inq_schema.c). */
static const char purge_sql[] =
	"UPDATE inquiry SET note = NULL, note_salt = NULL WHERE started_at < ?1"
	" AND note_hash IS NOT NULL AND (note IS NOT NULL OR note_salt IS NOT NULL)"
	" AND seq >= (SELECT v2_from FROM chain WHERE name = 'inquiry')";
static const char kept_sql[] =
	"SELECT count(*) FROM inquiry WHERE started_at < ?1 AND note IS NOT NULL"
	" AND seq < coalesce((SELECT v2_from FROM chain WHERE name = 'inquiry'), seq + 1)";

/* One statement of this file bound to the day: its count of changes
 * (UPDATE) or its one number (SELECT) in *n.  SQLite's result code. */
static int run_day(sqlite3 *db, const char *sql, const char *before, long *n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*n = (long)sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The inquiry chain's head, unchanged by a purge, said again after it:
 * syslog then shows that the chain still ended there when the notes went. */
static int mark_head(struct inq_log *log)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(log->db, "SELECT seq, hash FROM chain WHERE name = 'inquiry'",
				    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 1))
		inq_heads_mark(log, INQ_CALLS, sqlite3_column_int64(st, 0),
			       (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int purge(struct inq_log *log, const char *before, struct inq_purged *p, struct err *err)
{
	int rc, secure = 0;

	if (inq_connect(log, err))
		return -1;
	inq_int_query(log->db, "PRAGMA secure_delete", &secure);
	if (sqlite3_exec(log->db, "PRAGMA secure_delete = 1", NULL, NULL, NULL) != SQLITE_OK)
		return inq_db_fail(log, log->db, err);
	if (inq_begin_write(log, err))
		return -1;
	rc = run_day(log->db, purge_sql, before, &p->purged);
	if (rc == SQLITE_OK)
		rc = run_day(log->db, kept_sql, before, &p->kept);
	if (rc == SQLITE_OK && p->purged > 0)
		rc = mark_head(log);
	if (rc != SQLITE_OK || inq_commit(log) != SQLITE_OK)
		return inq_abort(log, err);
	/* The pages as they were, notes and all, are still in the WAL until a
	 * checkpoint copies the new ones over them and empties it. */
	p->wal_emptied = sqlite3_wal_checkpoint_v2(log->db, "main", SQLITE_CHECKPOINT_TRUNCATE,
						   NULL, NULL) == SQLITE_OK;
	sqlite3_exec(log->db, secure ? "PRAGMA secure_delete = 1" : "PRAGMA secure_delete = 0",
		     NULL, NULL, NULL);
	return 0;
}

int inq_purge(struct inq_log *log, const char *before, struct inq_purged *p, struct err *err)
{
	mode_t old = umask(007);
	bool mine = inq_deadline_begin(log);
	int rc;

	memset(p, 0, sizeof *p);
	rc = purge(log, before, p, err);
	inq_deadline_end(log, mine);
	umask(old);
	if (rc)
		err_prefix(err, "%s", log->path);
	return rc;
}
