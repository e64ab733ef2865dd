/*
 * bench_log — appends per second and append latency of the inquiry log with
 * W concurrent writer processes, through src/inq_store (chain, idempotency,
 * BEGIN IMMEDIATE, synchronous=FULL) or as a plain SQLite loop doing the
 * same inserts into the same table and indexes with the same settings and
 * SQLite's own busy timeout (the baseline).
 *
 * usage: bench_log DIR WRITERS APPENDS_EACH inq|plain
 * prints: "MODE WRITERS appends_per_s P50_MS P99_MS MAX_MS ERRORS"
 */
#include "inq_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char note[] = "折り返し電話を希望。カードの明細を確認するよう案内した。";

static int plain_open(const char *path, sqlite3 **db)
{
	if (sqlite3_open(path, db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(*db, INQ_BUSY_MS);
	/* The log's table and indexes, without the chain. */
	return sqlite3_exec(*db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			    "CREATE TABLE IF NOT EXISTS inquiry (seq INTEGER PRIMARY KEY,"
			    " uuid TEXT NOT NULL UNIQUE, started_at TEXT, ended_at TEXT, operator TEXT,"
			    " host TEXT, match TEXT, disposition TEXT, escalate INTEGER, note TEXT, state TEXT);"
			    "CREATE INDEX IF NOT EXISTS i1 ON inquiry(started_at);"
			    "CREATE INDEX IF NOT EXISTS i2 ON inquiry(operator, started_at);"
			    "CREATE INDEX IF NOT EXISTS i3 ON inquiry(disposition, started_at);"
			    "CREATE INDEX IF NOT EXISTS i4 ON inquiry(match, started_at);"
			    "CREATE INDEX IF NOT EXISTS i5 ON inquiry(started_at) WHERE escalate = 1",
			    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int plain_append(sqlite3 *db, int w, int i)
{
	char sql[512];

	snprintf(sql, sizeof sql,
		 "BEGIN IMMEDIATE; INSERT INTO inquiry (uuid, started_at, ended_at, operator, host,"
		 " disposition, escalate, note, state) VALUES (lower(hex(randomblob(16))) || '-%d-%d',"
		 " strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ'), strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ'),"
		 " 'bench', 'host', 'status', 0, '%s', 'saved'); COMMIT", w, i, note);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* One writer: waits for the start, appends n times, keeps its latencies
 * in lat[0..n) (shared with the parent); -1 marks a failed append. */
static void writer(const char *path, int w, int n, int plain, int start_fd, double *lat)
{
	struct inq_config cfg = { .path = path };
	struct inq_log *log = NULL;
	sqlite3 *db = NULL;
	struct err err;
	char c, spool[4200];

	snprintf(spool, sizeof spool, "%s.spool", path);
	cfg.spool_dir = spool;
	if (plain ? plain_open(path, &db) : inq_open(&cfg, &log, &err))
		_exit(2);
	if (read(start_fd, &c, 1) < 0)
		_exit(2);
	for (int i = 0; i < n; i++) {
		struct inq_entry e = { .disposition = "status", .note = note };
		double t0 = now_ms();
		int ok = plain ? plain_append(db, w, i) == 0 : inq_append(log, &e, &err) == INQ_WRITTEN;
		lat[i] = ok ? now_ms() - t0 : -1;
	}
	if (plain)
		sqlite3_close(db);
	else
		inq_close(log);
	_exit(0);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int start[2], writers, n, plain;
	char path[4096], spool[4200];
	double *lat, t0, t1;
	size_t total, errors = 0;
	struct inq_config cfg = { .path = path, .spool_dir = spool };
	struct inq_log *log;
	struct inq_entry e = { .disposition = "status" };
	struct err err;

	if (argc != 5) {
		fprintf(stderr, "usage: bench_log DIR WRITERS APPENDS_EACH inq|plain\n");
		return 2;
	}
	writers = atoi(argv[2]);
	n = atoi(argv[3]);
	plain = strcmp(argv[4], "plain") == 0;
	snprintf(path, sizeof path, "%s/%s-%d.db", argv[1], argv[4], writers);
	unlink(path);
	snprintf(spool, sizeof spool, "%s.spool", path);
	total = (size_t)writers * (size_t)n;
	lat = mmap(NULL, total * sizeof *lat, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (writers < 1 || n < 1 || lat == MAP_FAILED || pipe(start))
		return 3;
	for (size_t i = 0; i < total; i++)
		lat[i] = -1;
	/* The schema first, so that no writer measures its creation. */
	if (plain) {
		sqlite3 *db;
		if (plain_open(path, &db))
			return 3;
		sqlite3_close(db);
	} else {
		if (inq_open(&cfg, &log, &err) || inq_append(log, &e, &err) != INQ_WRITTEN)
			return 3;
		inq_close(log);
	}
	for (int w = 0; w < writers; w++) {
		if (fork() == 0) {
			close(start[1]);
			writer(path, w, n, plain, start[0], lat + (size_t)w * (size_t)n);
		}
	}
	close(start[0]);
	usleep(200000);
	t0 = now_ms();
	close(start[1]);               /* every writer's read() returns: go */
	while (wait(NULL) > 0)
		;
	t1 = now_ms();
	qsort(lat, total, sizeof *lat, cmp);
	while (errors < total && lat[errors] < 0)
		errors++;
	if (errors == total) {
		printf("%s %d 0 n/a n/a n/a %zu\n", argv[4], writers, errors);
		return 1;
	}
	printf("%s %d %.0f %.1f %.1f %.1f %zu\n", argv[4], writers, total / ((t1 - t0) / 1e3),
	       lat[errors + (total - errors) / 2], lat[errors + (size_t)((double)(total - errors) * 0.99)],
	       lat[total - 1], errors);
	return errors ? 1 : 0;
}
