#include "inq_read.h"
#include "db.h"
#include "file.h"
#include "i18n.h"
#include "inq_conn.h"
#include "inq_schema.h"
#include "inq_store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

const char *inq_dir_given(void)
{
	return _("it is a directory, not a log; name the log's file, e.g. DIR/inquiry.db");
}

bool inq_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* SQLite's WAL shares memory (-shm) and locks between the processes of
 * one machine; over a network file system neither holds, and the log would
 * be corrupted. */
const char *inq_network_fs(const char *path)
{
	char dir[PATH_MAX];
	struct statfs fs;

	if (file_dir_of(path, dir, sizeof dir) || statfs(dir, &fs) != 0)
		return NULL;
	switch ((unsigned long)fs.f_type) {
	case 0x6969UL: return "NFS";
	case 0x517bUL: return "SMB";
	case 0xff534d42UL: return "CIFS";
	case 0xfe534d42UL: return "SMB2";
	case 0x65735546UL: return "FUSE (sshfs?)";
	case 0x5346414fUL: return "AFS";
	case 0x00c36400UL: return "Ceph";
	case 0x01021997UL: return "9P";
	default: return NULL;
	}
}

/* The log's objects must be the plain tables madoguchi makes: a file
 * from elsewhere (`log merge OTHER.db`) can name a view "inquiry" whose
 * recursive query never ends, a virtual table, or hang a trigger on one.
 * SQLite's result code; *bad with err naming the first such object. */
static int plain_tables(sqlite3 *db, bool *bad, struct err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db,
		"SELECT name, CASE WHEN type = 'table' THEN 'virtual table' ELSE type END"
		" FROM sqlite_schema WHERE (name IN ('inquiry', 'lookup', 'access', 'chain')"
		" AND (type <> 'table' OR sql LIKE 'CREATE VIRTUAL%')) OR (type = 'trigger'"
		" AND tbl_name IN ('inquiry', 'lookup', 'access', 'chain')) LIMIT 1", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		err_set(err, _("its %s is a %s, not a plain table: it is not a log madoguchi wrote"),
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
		*bad = true;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One try; *rc gets SQLite's code when SQLite refused. */
static sqlite3 *open_ro(const char *path, int *rc, int *version, struct err *err)
{
	sqlite3 *db = NULL;
	bool foreign = false, bad = false;
	int v = 0;

	*rc = SQLITE_OK;
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0) {
		if (errno == ENOENT)
			err_set(err, _("%s: no such log"), path);
		else
			err_set(err, _("%s: cannot read the log: %s (is this account in the desk's group?)"),
				path, strerror(errno));
		return NULL;
	}
	if (inq_network_fs(path)) {
		err_set(err, _("%s: the log is on a network file system (%s); put it on a local disk"),
			path, inq_network_fs(path));
		return NULL;
	}
	if (inq_is_dir(path)) {
		err_set(err, "%s: %s", path, inq_dir_given());
		return NULL;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		err_set(err, "%s: %s", path, db ? sqlite3_errmsg(db) : _("out of memory"));
		sqlite3_close_v2(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, INQ_BUSY_MS);
	sqlite3_extended_result_codes(db, 1);
	/* trusted_schema off: nothing in the file runs a function with side
	 * effects. */
	if (sqlite3_exec(db, "PRAGMA query_only = 1; PRAGMA trusted_schema = 0", NULL, NULL, NULL) != SQLITE_OK ||
	    inq_user_version(db, &v) != SQLITE_OK || inq_foreign_db(db, &foreign) != SQLITE_OK ||
	    plain_tables(db, &bad, err) != SQLITE_OK) {
		*rc = sqlite3_extended_errcode(db);
		err_set(err, "%s: %s (%s)", path, db_why(*rc), sqlite3_errmsg(db));
		sqlite3_close_v2(db);
		return NULL;
	}
	if (bad) {
		err_prefix(err, "%s", path);
		sqlite3_close_v2(db);
		return NULL;
	}
	if (foreign || v > INQ_SCHEMA_VERSION) {
		if (foreign)
			inq_foreign_err(err);
		else
			inq_newer_err(v, err);
		err_prefix(err, "%s", path);
		sqlite3_close_v2(db);
		return NULL;
	}
	*version = v;
	return db;
}

/* A reader too makes a missing -wal or -shm (during the first read, which
 * open_ro() does): under umask 007, as every write does (src/inq_store),
 * so that a supervisor with umask 077 does not leave them unusable to the
 * operators for the instant before SQLite's fchmod.  Tried again on
 * SQLITE_BUSY, as the writer's set-up is (src/inq_conn). */
sqlite3 *inq_open_ro(const char *path, int *version, struct err *err)
{
	mode_t old = umask(007);
	struct timespec t0;
	sqlite3 *db;
	int rc;

	*version = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!(db = open_ro(path, &rc, version, err)) && (rc & 0xff) == SQLITE_BUSY &&
	       inq_ms_since(&t0) < INQ_BUSY_MS)
		inq_setup_nap();
	umask(old);
	return db;
}

sqlite3 *inq_ro_open(const char *path, struct err *err)
{
	int v;

	return inq_open_ro(path, &v, err);
}

const char *const *inq_columns(enum inq_table t, int *n)
{
	*n = inq_tables[t].ncols;
	return inq_tables[t].cols;
}

/* Only the conditions given are written into the query: "(?1 IS NULL OR
 * started_at >= ?1)" cannot use the time index, and an export of one day
 * read the whole log. */
sqlite3_stmt *inq_select(sqlite3 *db, const struct inq_tdesc *t, const struct inq_filter *f)
{
	char sql[1024];
	size_t n;
	sqlite3_stmt *st;

	n = (size_t)snprintf(sql, sizeof sql, "SELECT seq");
	for (int i = 0; i < t->ncols; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", t->cols[i]);
	/* The note's salt and hash after the chain's columns (NULL where the
	 * log has none: older logs, tables without free text). */
	n += (size_t)snprintf(sql + n, sizeof sql - n, ", prev_hash, hash, %s FROM %s WHERE 1",
			      inq_has_salts(db, t) ? "note_salt, note_hash" : "NULL, NULL", t->name);
	if (f && f->since)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND %s >= ?1", t->timecol);
	if (f && f->until)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND %s < ?2", t->timecol);
	if (f && f->operator)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND operator = ?3");
	snprintf(sql + n, sizeof sql - n, " ORDER BY seq");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (f && f->since)
		sqlite3_bind_text(st, 1, f->since, -1, SQLITE_STATIC);
	if (f && f->until)
		sqlite3_bind_text(st, 2, f->until, -1, SQLITE_STATIC);
	if (f && f->operator)
		sqlite3_bind_text(st, 3, f->operator, -1, SQLITE_STATIC);
	return st;
}

void inq_rec_of_row(sqlite3_stmt *st, const struct inq_tdesc *t, struct inq_rec *r)
{
	r->t = t;
	for (int i = 0; i < t->ncols; i++) {
		const char *p = (const char *)sqlite3_column_text(st, i + 1);

		r->f[i] = (struct inq_field){ p, p ? (size_t)sqlite3_column_bytes(st, i + 1) : 0 };
	}
	r->salt = inq_fstr((const char *)sqlite3_column_text(st, t->ncols + 3));
	r->thash = inq_fstr((const char *)sqlite3_column_text(st, t->ncols + 4));
}

/* The columns of a row of inq_select(): seq, data…, prev_hash, hash. */
struct rowbuf {
	const char *names[INQ_MAX_COLS + 3];
	const char *values[INQ_MAX_COLS + 3];
	int lens[INQ_MAX_COLS + 3];
	struct inq_row row;
};

static void row_fill(sqlite3_stmt *st, const struct inq_tdesc *t, struct rowbuf *rb)
{
	int n = t->ncols + 3;

	for (int i = 0; i < n; i++) {
		rb->names[i] = i == 0 ? "seq" : i <= t->ncols ? t->cols[i - 1]
			     : i == t->ncols + 1 ? "prev_hash" : "hash";
		rb->values[i] = (const char *)sqlite3_column_text(st, i);
		rb->lens[i] = sqlite3_column_bytes(st, i);
	}
	rb->row = (struct inq_row){ n, rb->names, rb->values, rb->lens };
}

int inq_each(const char *path, enum inq_table which, const struct inq_filter *f,
	     inq_each_fn fn, void *ctx, struct err *err)
{
	const struct inq_tdesc *t = &inq_tables[which];
	struct rowbuf rb;
	sqlite3_stmt *st;
	sqlite3 *db = inq_ro_open(path, err);
	int rc;

	if (!db)
		return -1;
	if (!inq_has_table(db, t)) {
		sqlite3_close_v2(db);
		return 0;
	}
	st = inq_select(db, t, f);
	if (!st) {
		err_set(err, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close_v2(db);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_fill(st, t, &rb);
		if (fn(&rb.row, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err_set(err, "%s: %s (%s)", path, db_why(rc), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

bool inq_is_log(const char *path)
{
	struct err ignored;
	sqlite3 *db = inq_ro_open(path, &ignored);
	sqlite3_stmt *st;
	bool yes = false;

	if (!db)
		return false;
	if (inq_has_schema(db) &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
			       " AND name IN ('inquiry', 'lookup', 'chain')", -1, &st, NULL) == SQLITE_OK) {
		yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 3;
		sqlite3_finalize(st);
	}
	sqlite3_close_v2(db);
	return yes;
}
