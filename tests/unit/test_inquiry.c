/* The inquiry log: appends, idempotency, the chain, the spool, faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inq_chain.h"
#include "inq_merge.h"
#include "inq_read.h"
#include "inq_spool.h"
#include "inq_store.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "faultvfs.c"

#define STR_(x) #x
#define STR(x) STR_(x)
#define INQ_SCHEMA_VERSION_STR STR(INQ_SCHEMA_VERSION)

struct fx {
	char dir[64];
	char log[128];
	char spool[128];
	struct inq_log *l;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct inq_config cfg = { 0 };
	struct err err;

	snprintf(f->dir, sizeof f->dir, "/tmp/test_inquiry.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->log, sizeof f->log, "%s/log.db", f->dir);
	snprintf(f->spool, sizeof f->spool, "%s/spool", f->dir);
	cfg.path = f->log;
	cfg.spool_dir = f->spool;
	cfg.busy_ms = 300;
	if (inq_open(&cfg, &f->l, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	inq_close(f->l);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static long count_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static long rows_with(const char *path, const char *uuid)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM inquiry WHERE uuid = '%s'", uuid);
	return count_sql(path, sql);
}

static enum inq_status add(struct inq_log *l, struct inq_entry *e, const char *note)
{
	struct err err;

	memset(e, 0, sizeof *e);
	e->disposition = "status";
	e->match = "verified";
	e->ref = "SB-0001";
	e->factors = "kana,date";
	e->faq = "7,13";
	e->note = note;
	return inq_append(l, e, &err);
}

static void verify_ok(const char *path, long calls)
{
	struct inq_verify v;
	struct err err;

	assert_int_equal(inq_verify_log(path, &v, &err), 0);
	if (!v.ok)
		fail_msg("verify: %s", v.problem);
	assert_int_equal(v.calls, calls);
}

static void test_append_and_verify(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct stat st;

	for (int i = 0; i < 5; i++)
		assert_int_equal(add(f->l, &e, "note"), INQ_WRITTEN);
	verify_ok(f->log, 5);
	assert_int_equal(count_sql(f->log, "PRAGMA user_version"), INQ_SCHEMA_VERSION);
	assert_int_equal(stat(f->log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE operator = '' OR host = ''"), 0);
	assert_int_equal(e.uuid[14], '4');
	assert_int_equal(strlen(e.started_at), INQ_TIME_LEN);
}

static void test_idempotent(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct err err;

	assert_int_equal(add(f->l, &e, "once"), INQ_WRITTEN);
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ALREADY);
	assert_int_equal(rows_with(f->log, e.uuid), 1);
	verify_ok(f->log, 1);
}

static void test_checks(void **state)
{
	struct fx *f = *state;
	struct inq_entry e = { .disposition = "status" };
	struct err err;
	char *big = malloc(1 << 20);

	e.match = "maybe";
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "maybe"));
	e.match = NULL;
	e.factors = "kana,ssn";
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
	e.factors = NULL;
	e.faq = "7,,13";
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
	e.faq = NULL;
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	e.note = big;
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "limit"));
	free(big);
	e.note = "ctrl \x1b[2J and bad \xff bytes";
	assert_int_equal(inq_append(f->l, &e, &err), INQ_WRITTEN);
	verify_ok(f->log, 1);
}

static void test_tamper(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct inq_verify v;
	struct err err;

	for (int i = 0; i < 4; i++)
		assert_int_equal(add(f->l, &e, "n"), INQ_WRITTEN);
	exec_sql(f->log, "UPDATE inquiry SET note = 'changed' WHERE seq = 2");
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "row 2"));
	exec_sql(f->log, "UPDATE inquiry SET note = 'n' WHERE seq = 2");
	verify_ok(f->log, 4);
	exec_sql(f->log, "DELETE FROM inquiry WHERE seq = 3");
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "row 3 is missing"));
}

static void test_tamper_tail(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct inq_verify v;
	struct err err;

	for (int i = 0; i < 3; i++)
		assert_int_equal(add(f->l, &e, "n"), INQ_WRITTEN);
	exec_sql(f->log, "DELETE FROM inquiry WHERE seq = 3");
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "chain ends at row 3"));
}

/* The log's directory is missing: spooled; once it exists, written once. */
static void test_spool_and_flush(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { 0 };
	struct inq_log *l;
	struct inq_entry e1, e2;
	struct err err;
	char dir[160], path[200];

	snprintf(dir, sizeof dir, "%s/later", f->dir);
	snprintf(path, sizeof path, "%s/log.db", dir);
	cfg.path = path;
	cfg.spool_dir = f->spool;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	assert_int_equal(add(l, &e1, "first"), INQ_SPOOLED);
	assert_int_equal(inq_pending(l), 1);
	if (inq_append(l, &e1, &err) != INQ_SPOOLED)   /* a retry: still one entry */
		fail_msg("retry: %s", err.msg);
	assert_non_null(strstr(err.msg, "directory does not exist"));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(add(l, &e2, "second"), INQ_WRITTEN);
	assert_int_equal(inq_pending(l), 0);
	assert_int_equal(rows_with(path, e1.uuid), 1);
	assert_int_equal(rows_with(path, e2.uuid), 1);
	/* the flushed entry comes first: the spool keeps the order of saving */
	assert_int_equal(count_sql(path, "SELECT count(*) FROM inquiry WHERE seq = 1 AND note = 'first'"), 1);
	verify_ok(path, 2);
	inq_close(l);
}

/* Write-ahead: spooled before the log is touched, flushed at once. */
static void test_write_ahead(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { .spool_dir = f->spool, .write_ahead = true };
	struct inq_log *l;
	struct inq_entry e1, e2;
	struct err err;
	char dir[160], path[200];

	snprintf(dir, sizeof dir, "%s/wa", f->dir);
	snprintf(path, sizeof path, "%s/log.db", dir);
	cfg.path = path;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	assert_int_equal(add(l, &e1, "ahead"), INQ_SPOOLED);
	assert_int_equal(inq_pending(l), 1);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(add(l, &e2, "ahead 2"), INQ_WRITTEN);
	assert_int_equal(inq_pending(l), 0);
	assert_int_equal(rows_with(path, e1.uuid), 1);
	assert_int_equal(rows_with(path, e2.uuid), 1);
	assert_int_equal(inq_append(l, &e2, &err), INQ_WRITTEN);  /* a retry */
	assert_int_equal(rows_with(path, e2.uuid), 1);
	verify_ok(path, 2);
	inq_close(l);
}

/* Lookup events go through the write-ahead spool like calls: their operator
 * column stands elsewhere, and the flush must not take them for forgeries. */
static void test_write_ahead_lookup(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { .spool_dir = f->spool, .write_ahead = true };
	struct inq_event ev = { .verdict = "partial", .snapshot_id = "snap" };
	struct inq_log *l;
	struct err err;
	char path[200], rejected[300];
	struct stat st;

	snprintf(path, sizeof path, "%s/wal.db", f->dir);
	cfg.path = path;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	if (inq_event_append(l, &ev, &err) != INQ_WRITTEN)
		fail_msg("lookup event: %s", err.msg);
	assert_int_equal(inq_pending(l), 0);
	assert_int_equal(count_sql(path, "SELECT count(*) FROM lookup WHERE verdict = 'partial'"), 1);
	snprintf(rejected, sizeof rejected, "%s", inq_spool_path(l));
	inq_close(l);
	/* nothing was set aside as rejected next to the spool */
	{
		char *slash = strrchr(rejected, '/');
		DIR *d;
		struct dirent *de;
		assert_non_null(slash);
		*slash = '\0';
		d = opendir(rejected);
		assert_non_null(d);
		while ((de = readdir(d))) {
			char full[600];
			snprintf(full, sizeof full, "%s/%s", rejected, de->d_name);
			if (strncmp(de->d_name, "rejected", 8) == 0 && stat(full, &st) == 0 &&
			    st.st_size > 0)
				fail_msg("rejected file %s", full);
		}
		closedir(d);
	}
}

/* A crash after the flush's COMMIT but before the spool was emptied. */
static void test_flush_crash_window(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct err err;
	char saved[4096];
	size_t n;
	FILE *fp;

	assert_int_equal(add(f->l, &e, "warm"), INQ_WRITTEN);
	exec_sql(f->log, "PRAGMA user_version = 99");  /* a newer program's log: spooled */
	assert_int_equal(add(f->l, &e, "x"), INQ_SPOOLED);
	exec_sql(f->log, "PRAGMA user_version = " INQ_SCHEMA_VERSION_STR);
	fp = fopen(inq_spool_path(f->l), "r");
	assert_non_null(fp);
	n = fread(saved, 1, sizeof saved, fp);
	fclose(fp);
	assert_int_equal(inq_flush(f->l, &err), 0);
	assert_int_equal(rows_with(f->log, e.uuid), 1);
	fp = fopen(inq_spool_path(f->l), "w");
	assert_int_equal(fwrite(saved, 1, n, fp), n);
	fclose(fp);
	assert_int_equal(inq_pending(f->l), 1);
	assert_int_equal(inq_flush(f->l, &err), 0);
	assert_int_equal(rows_with(f->log, e.uuid), 1);
	assert_int_equal(inq_pending(f->l), 0);
	verify_ok(f->log, 2);
}

/* The spool held by another process of the same account (stopped with
 * Ctrl-Z in mid-save): the error says so in words, and nothing is lost
 * once it lets go. */
static void test_spool_locked(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	struct err err;
	int fd;

	assert_int_equal(add(f->l, &e, "warm"), INQ_WRITTEN);
	exec_sql(f->log, "PRAGMA user_version = 99");  /* spooled: a newer program's log */
	assert_int_equal(add(f->l, &e, "kept"), INQ_SPOOLED);
	exec_sql(f->log, "PRAGMA user_version = " INQ_SCHEMA_VERSION_STR);
	fd = open(inq_spool_path(f->l), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	e = (struct inq_entry){ .disposition = "other", .note = "while locked" };
	assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "another madoguchi of this account keeps it locked"));
	close(fd);
	assert_int_equal(inq_flush(f->l, &err), 0);
	verify_ok(f->log, 2);
}

/* Torn lines and other users' names never reach the log, nor block it. */
static void test_spool_bad_lines(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;
	FILE *fp;

	mkdir(f->spool, 0700);
	fp = fopen(inq_spool_path(f->l), "w");
	fputs("{\"table\":\"inquiry\",\"uuid\":\"0b5e2c1a-1111-4222-8333-444455556666\","
	      "\"started_at\":\"2026-01-01T00:00:00.000Z\",\"ended_at\":\"2026-01-01T00:00:00.000Z\","
	      "\"operator\":\"someone-else\",\"host\":\"h\",\"disposition\":\"other\","
	      "\"escalate\":\"0\",\"state\":\"saved\"}\n{\"table\":\"inqu", fp);
	fclose(fp);
	assert_int_equal(add(f->l, &e, "after"), INQ_WRITTEN);
	assert_int_equal(inq_pending(f->l), 0);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry"), 1);
	verify_ok(f->log, 1);
}

/* Locked past the timeout: spooled, then written with the next append. */
static void test_busy(void **state)
{
	struct fx *f = *state;
	struct inq_entry e1, e2;
	sqlite3 *db;

	assert_int_equal(add(f->l, &e1, "warm"), INQ_WRITTEN);
	assert_int_equal(sqlite3_open(f->log, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(add(f->l, &e1, "blocked"), INQ_SPOOLED);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(add(f->l, &e2, "free"), INQ_WRITTEN);
	assert_int_equal(rows_with(f->log, e1.uuid), 1);
	verify_ok(f->log, 3);
}

/* A writer stuck while it holds the writers' queue (LOG-lock) is waited
 * for only up to the timeout: the entry is spooled with the reason, and
 * written once when the queue moves again. */
static void test_queue_busy(void **state)
{
	struct fx *f = *state;
	struct inq_entry e1, e2;
	struct err err;
	char lock[160];
	int fd;

	assert_int_equal(add(f->l, &e1, "warm"), INQ_WRITTEN);
	snprintf(lock, sizeof lock, "%s-lock", f->log);
	fd = open(lock, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	e1 = (struct inq_entry){ .disposition = "other", .note = "queued" };
	assert_int_equal(inq_append(f->l, &e1, &err), INQ_SPOOLED);
	assert_non_null(strstr(err.msg, "stayed locked by other writers"));
	assert_int_equal(inq_pending(f->l), 1);
	close(fd);
	assert_int_equal(add(f->l, &e2, "moving"), INQ_WRITTEN);
	assert_int_equal(inq_pending(f->l), 0);
	assert_int_equal(rows_with(f->log, e1.uuid), 1);
	verify_ok(f->log, 3);
}

/* The queue file is shared by the desk's group like the log (0660 under
 * any umask); one that cannot serve (here a FIFO, which a plain open would
 * hang on) leaves the waiting to SQLite's busy handler, and appends go on. */
static void test_queue_file(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { .spool_dir = f->spool, .busy_ms = 300 };
	struct inq_log *l;
	struct inq_entry e;
	struct err err;
	struct stat st;
	char path[160], lock[170];
	mode_t old = umask(077);

	assert_int_equal(add(f->l, &e, "first"), INQ_WRITTEN);
	umask(old);
	snprintf(lock, sizeof lock, "%s-lock", f->log);
	assert_int_equal(stat(lock, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);

	snprintf(path, sizeof path, "%s/fifo.db", f->dir);
	snprintf(lock, sizeof lock, "%s-lock", path);
	assert_int_equal(mkfifo(lock, 0660), 0);
	cfg.path = path;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	assert_int_equal(add(l, &e, "no queue"), INQ_WRITTEN);
	assert_int_equal(add(l, &e, "still none"), INQ_WRITTEN);
	inq_close(l);
	verify_ok(path, 2);
}

static void test_events(void **state)
{
	struct fx *f = *state;
	struct inq_event ev = { .verdict = "partial" };
	struct inq_verify v;
	struct err err;

	assert_int_equal(inq_event_append(f->l, &ev, &err), INQ_WRITTEN);
	assert_int_equal(inq_event_append(f->l, &ev, &err), INQ_ALREADY);
	ev = (struct inq_event){ .verdict = "secret" };
	assert_int_equal(inq_event_append(f->l, &ev, &err), INQ_ERROR);
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_true(v.ok);
	assert_int_equal(v.lookups, 1);
	assert_int_equal(v.calls, 0);
}

/* The file under an open log turns out older (an older log put back in
 * its place): the next append migrates it, not "upgrade madoguchi". */
static void test_older_under_open_log(void **state)
{
	struct fx *f = *state;
	struct inq_entry e;

	assert_int_equal(add(f->l, &e, "first"), INQ_WRITTEN);
	exec_sql(f->log, "DROP TABLE access; PRAGMA user_version = 1");
	assert_int_equal(add(f->l, &e, "second"), INQ_WRITTEN);
	assert_int_equal(count_sql(f->log, "PRAGMA user_version"), INQ_SCHEMA_VERSION);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM access"), 0);
	verify_ok(f->log, 2);
}

/* Attempts to read the log: chained like the rest, vocabulary checked. */
static void test_access(void **state)
{
	struct fx *f = *state;
	struct inq_access a = { .action = "log export", .outcome = "refused" };
	struct inq_verify v;
	struct err err;

	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_WRITTEN);
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_ALREADY);
	a = (struct inq_access){ .action = "review", .outcome = "allowed" };
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_WRITTEN);
	a = (struct inq_access){ .action = "log delete", .outcome = "allowed" };
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "log delete"));
	a = (struct inq_access){ .action = "review", .outcome = "maybe" };
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "outcome 'maybe'"));
	a = (struct inq_access){ .uuid = "NOT-A-UUID", .action = "review", .outcome = "allowed" };
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "uuid 'NOT-A-UUID'"));
	a = (struct inq_access){ .at = "yesterday", .action = "review", .outcome = "allowed" };
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "times must look like"));
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_true(v.ok);
	assert_int_equal(v.access, 2);
	assert_int_equal(v.calls, 0);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM access WHERE outcome = 'refused'"
				   " AND action = 'log export'"), 1);
	/* An edited record is caught like an edited call. */
	exec_sql(f->log, "UPDATE access SET outcome = 'allowed' WHERE seq = 1");
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "access row 1"));
}

static int count_access(const struct inq_row *row, void *ctx)
{
	(void)row;
	(*(long *)ctx)++;
	return 0;
}

/* A log last written by a program of schema 1 has no access table: it
 * reads and verifies as before, and the next write adds the table.  Once
 * the schema says 2, a dropped access table is an error, not "no rows". */
static void test_schema_v1(void **state)
{
	struct fx *f = *state;
	struct inq_access a = { .action = "log stats", .outcome = "refused" };
	struct inq_entry e;
	struct inq_verify v;
	struct err err;
	long n = 0;

	assert_int_equal(add(f->l, &e, "old"), INQ_WRITTEN);
	inq_close(f->l);
	f->l = NULL;
	exec_sql(f->log, "DROP TABLE access; PRAGMA user_version = 1");
	assert_int_equal(inq_verify_log(f->log, &v, &err), 0);
	assert_true(v.ok);
	assert_int_equal(v.calls, 1);
	assert_int_equal(inq_each(f->log, INQ_ACCESS, &(struct inq_filter){ 0 }, count_access, &n, &err), 0);
	assert_int_equal(n, 0);
	{
		struct inq_config cfg = { .path = f->log, .spool_dir = f->spool, .busy_ms = 300 };
		assert_int_equal(inq_open(&cfg, &f->l, &err), 0);
	}
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_WRITTEN);
	assert_int_equal(count_sql(f->log, "PRAGMA user_version"), INQ_SCHEMA_VERSION);
	verify_ok(f->log, 1);
	assert_int_equal(inq_each(f->log, INQ_ACCESS, &(struct inq_filter){ 0 }, count_access, &n, &err), 0);
	assert_int_equal(n, 1);
	exec_sql(f->log, "DROP TABLE access");
	assert_int_equal(inq_verify_log(f->log, &v, &err), -1);
	assert_non_null(strstr(err.msg, "access"));
}

static void test_merge(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { 0 };
	struct inq_log *other;
	struct inq_entry e;
	struct inq_event ev = { .verdict = "none" };
	struct err err;
	char path[160];
	long added;

	snprintf(path, sizeof path, "%s/other.db", f->dir);
	cfg.path = path;
	cfg.spool_dir = f->spool;
	assert_int_equal(inq_open(&cfg, &other, &err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(add(other, &e, "there"), INQ_WRITTEN);
	assert_int_equal(inq_event_append(other, &ev, &err), INQ_WRITTEN);
	assert_int_equal(add(f->l, &e, "here"), INQ_WRITTEN);
	assert_int_equal(inq_merge(f->l, path, &added, &err), 0);
	assert_int_equal(added, 4);
	assert_int_equal(inq_merge(f->l, path, &added, &err), 0);
	assert_int_equal(added, 0);
	verify_ok(f->log, 4);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE origin_hash IS NOT NULL"), 3);
	/* a log that does not verify is not merged */
	exec_sql(path, "UPDATE inquiry SET note = 'x' WHERE seq = 1");
	assert_int_equal(inq_merge(f->l, path, &added, &err), 1);
	assert_non_null(strstr(err.msg, "does not verify"));
	inq_close(other);
}

/* For every N: fail the Nth write or sync of one append.  The log stays
 * consistent, and after the next append (which flushes the spool) the
 * entry is there exactly once. */
static void test_fault_every_write(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { 0 };
	struct inq_log *l;
	struct err err;
	char path[160];
	int fired = 0, spooled = 0;
	long n;

	assert_int_equal(faultvfs_register(), SQLITE_OK);
	snprintf(path, sizeof path, "%s/fault.db", f->dir);
	cfg.path = path;
	cfg.spool_dir = f->spool;
	cfg.vfs = "faultvfs";
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	for (n = 1; n < 200; n++) {
		struct inq_entry e, after;
		enum inq_status st;

		assert_int_equal(add(l, &after, "before"), INQ_WRITTEN);
		faultvfs_arm(n);
		st = add(l, &e, "faulted");
		fired = faultvfs_fired();
		faultvfs_disarm();
		assert_true(st == INQ_WRITTEN || st == INQ_SPOOLED);
		spooled += st == INQ_SPOOLED;
		assert_int_equal(add(l, &after, "after"), INQ_WRITTEN);
		assert_int_equal(inq_pending(l), 0);
		assert_int_equal(rows_with(path, e.uuid), 1);
		assert_int_equal(count_sql(path, "SELECT count(*) FROM pragma_integrity_check "
					   "WHERE integrity_check <> 'ok'"), 0);
		if (!fired)
			break;
		assert_true(n < 199);   /* the loop must reach an append without a fault */
	}
	assert_false(fired);
	/* Some faults must have hit the append itself, or this proves nothing. */
	assert_true(spooled > 0);
	print_message("# %ld writes and syncs in one append; %d faults spooled the entry\n", n - 1, spooled);
	verify_ok(path, count_sql(path, "SELECT count(*) FROM inquiry"));
	inq_close(l);
}

/* For every N: fail the Nth write or sync while an append first flushes a
 * spooled entry.  Both entries end up in the log exactly once. */
static void test_fault_during_flush(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { 0 };
	struct inq_log *l;
	struct err err;
	char path[160];
	int fired = 1;
	long n;

	assert_int_equal(faultvfs_register(), SQLITE_OK);
	snprintf(path, sizeof path, "%s/fault2.db", f->dir);
	cfg.path = path;
	cfg.spool_dir = f->spool;
	cfg.vfs = "faultvfs";
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	for (n = 1; n < 300 && fired; n++) {
		struct inq_entry spooled, e, after;

		assert_int_equal(add(l, &after, "before"), INQ_WRITTEN);
		exec_sql(path, "PRAGMA user_version = 99");
		assert_int_equal(add(l, &spooled, "spooled"), INQ_SPOOLED);
		exec_sql(path, "PRAGMA user_version = " INQ_SCHEMA_VERSION_STR);
		faultvfs_arm(n);
		assert_true(add(l, &e, "during the flush") != INQ_ERROR);
		fired = faultvfs_fired();
		faultvfs_disarm();
		assert_int_equal(add(l, &after, "after"), INQ_WRITTEN);
		assert_int_equal(inq_pending(l), 0);
		assert_int_equal(rows_with(path, spooled.uuid), 1);
		assert_int_equal(rows_with(path, e.uuid), 1);
		assert_int_equal(count_sql(path, "SELECT count(*) FROM pragma_integrity_check "
					   "WHERE integrity_check <> 'ok'"), 0);
	}
	assert_false(fired);
	verify_ok(path, count_sql(path, "SELECT count(*) FROM inquiry"));
	print_message("# %ld writes and syncs in a flush and an append\n", n - 2);
	inq_close(l);
}

/* Neither the log nor the spool can be written: INQ_ERROR says both. */
static void test_nowhere(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { 0 };
	struct inq_log *l;
	struct inq_entry e;
	struct err err;
	char path[160], spool[160];
	FILE *fp;

	snprintf(path, sizeof path, "%s/missing/log.db", f->dir);
	snprintf(spool, sizeof spool, "%s/spool-is-a-file", f->dir);
	fp = fopen(spool, "w");
	fclose(fp);
	cfg.path = path;
	cfg.spool_dir = spool;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	memset(&e, 0, sizeof e);
	e.disposition = "other";
	assert_int_equal(inq_append(l, &e, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "NOT saved"));
	assert_non_null(strstr(err.msg, "directory does not exist"));
	inq_close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spool_and_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_ahead_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_crash_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spool_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spool_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_under_open_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_every_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_during_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nowhere, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
