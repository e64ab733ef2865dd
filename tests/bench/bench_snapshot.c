/*
 * bench_snapshot — lookup time in one process, against the same number of
 * indexed probes on a plaintext table.
 *
 * usage: bench_snapshot SNAPSHOT KEY CSV PLAIN_DB [QUERIES]
 * Takes up to QUERIES (default 20000) rows of CSV that have a reading, a
 * birth date and a phone, spread over the file, and times
 *   lookup_run() with those three factors (3 digest probes + the person), and
 *   3 probes of a plaintext (value, person) index + the person row, in
 *   PLAIN_DB, built here from the same CSV and opened like the snapshot.
 * Prints "name value" lines: open_us, first_lookup_us, lookup_us_median,
 * lookup_us_p99, plain_us_median, plain_us_p99, queries, verified.
 */
#include "csv.h"
#include "lookup.h"
#include "snapshot_import.h"
#include "snapshot_key.h"
#include "snapshot_read.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct q {
	char c[3][IDENT_MAX];   /* kana, date, phone */
};

static const enum ident_kind kinds[3] = { IDENT_KANA, IDENT_DATE, IDENT_PHONE };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void stats(const char *name, double *t, size_t n)
{
	qsort(t, n, sizeof *t, cmp_d);
	printf("%s_median %.1f\n%s_p99 %.1f\n", name, t[n / 2], name, t[(size_t)(n * 0.99)]);
}

static int col(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->nfield; i++)
		if (strcmp(c->field[i], name) == 0)
			return (int)i;
	return -1;
}

/* Reads the CSV once: every row with all three factors goes into the
 * plaintext table; every step-th of them becomes a query. */
static size_t load(const char *path, const char *plain, struct q *qs, size_t want)
{
	struct csv_text t;
	struct csv c;
	struct err err;
	int ci[3];
	size_t n = 0, rows = 0;
	long long person = 0;
	sqlite3 *db;
	sqlite3_stmt *ins, *pins;

	if (csv_load(path, CSV_UTF8, &t, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		exit(2);
	}
	unlink(plain);
	sqlite3_open(plain, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
		     "CREATE TABLE plain(v TEXT NOT NULL, person INTEGER NOT NULL);"
		     "CREATE TABLE person(id INTEGER PRIMARY KEY, ref TEXT, items INTEGER, userinfo INTEGER,"
		     " card_records INTEGER, registered_on TEXT, notified_on TEXT, phone_hint TEXT);", 0, 0, 0);
	sqlite3_prepare_v2(db, "INSERT INTO plain VALUES(?1, ?2)", -1, &ins, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO person VALUES(?1, 'SB-000000', 255, 1, 0, '2021-01-01', '', '1234')",
			   -1, &pins, NULL);
	csv_init(&c, t.data, t.len);
	csv_next(&c, &err);
	ci[0] = col(&c, "kana");
	ci[1] = col(&c, "birth_date");
	ci[2] = col(&c, "phone");
	while (csv_next(&c, &err) == 1) {
		struct q one;
		int ok = 1;

		for (int k = 0; k < 3 && ok; k++) {
			struct ident_result r;

			ok = ci[k] >= 0 && c.flen[ci[k]] &&
			     ident_canon(kinds[k], c.field[ci[k]], c.flen[ci[k]], &r) == 0;
			if (ok)
				snprintf(one.c[k], IDENT_MAX, "%s", r.canon);
		}
		if (!ok)
			continue;
		person++;
		sqlite3_bind_int64(pins, 1, person);
		sqlite3_step(pins);
		sqlite3_reset(pins);
		for (int k = 0; k < 3; k++) {
			char v[IDENT_MAX + 8];

			snprintf(v, sizeof v, "%d:%s", k, one.c[k]);
			sqlite3_bind_text(ins, 1, v, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(ins, 2, person);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
		/* A deterministic spread: keep one row in 7 until full. */
		if (rows++ % 7 == 0 && n < want)
			qs[n++] = one;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(pins);
	sqlite3_exec(db, "CREATE INDEX plain_v ON plain(v, person); COMMIT;", 0, 0, 0);
	sqlite3_close(db);
	csv_free(&c);
	csv_text_free(&t);
	return n;
}

static double plain_probe(sqlite3_stmt *find, sqlite3_stmt *get, const struct q *q)
{
	double t0 = now_us();
	long long first = 0;

	for (int k = 0; k < 3; k++) {
		char v[IDENT_MAX + 8];

		snprintf(v, sizeof v, "%d:%s", k, q->c[k]);
		sqlite3_bind_text(find, 1, v, -1, SQLITE_STATIC);
		while (sqlite3_step(find) == SQLITE_ROW)
			if (!first)
				first = sqlite3_column_int64(find, 0);
		sqlite3_reset(find);
	}
	sqlite3_bind_int64(get, 1, first);
	while (sqlite3_step(get) == SQLITE_ROW)
		;
	sqlite3_reset(get);
	return now_us() - t0;
}

int main(int argc, char **argv)
{
	size_t want = argc > 5 ? (size_t)atol(argv[5]) : 20000, n, verified = 0;
	struct q *qs;
	double *t, t0;
	uint8_t key[SNAPSHOT_KEY_BYTES];
	struct snapshot *s;
	struct lookup_result r;
	struct err err;
	sqlite3 *db;
	sqlite3_stmt *find, *get;
	char uri[4200];

	if (argc < 5) {
		fprintf(stderr, "usage: bench_snapshot SNAPSHOT KEY CSV PLAIN_DB [QUERIES]\n");
		return 2;
	}
	qs = calloc(want, sizeof *qs);
	t = calloc(want, sizeof *t);
	n = load(argv[3], argv[4], qs, want);
	if (n == 0 || snapshot_key_load(argv[2], false, key, NULL, &err)) {
		fprintf(stderr, "no queries or no key: %s\n", err.msg);
		return 2;
	}
	t0 = now_us();
	if (snapshot_open(argv[1], key, argv[2], &s, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	printf("open_us %.1f\n", now_us() - t0);
	for (size_t i = 0; i < n; i++) {
		struct lookup_query lq = { { NULL }, NULL };

		for (int k = 0; k < 3; k++)
			lq.canon[kinds[k]] = qs[i].c[k];
		t0 = now_us();
		lookup_run(s, &lq, &r, &err);
		t[i] = now_us() - t0;
		if (i == 0)
			printf("first_lookup_us %.1f\n", t[0]);
		verified += r.match == LOOKUP_VERIFIED;
	}
	stats("lookup_us", t, n);
	snapshot_close(s);

	snprintf(uri, sizeof uri, "file:%s?immutable=1", argv[4]);
	sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	sqlite3_prepare_v3(db, "SELECT person FROM plain WHERE v = ?1", -1, SQLITE_PREPARE_PERSISTENT, &find, NULL);
	sqlite3_prepare_v3(db, "SELECT ref, items, userinfo, card_records, registered_on, notified_on,"
			   " phone_hint FROM person WHERE id = ?1", -1, SQLITE_PREPARE_PERSISTENT, &get, NULL);
	for (size_t i = 0; i < n; i++)
		t[i] = plain_probe(find, get, &qs[i]);
	stats("plain_us", t, n);
	sqlite3_finalize(find);
	sqlite3_finalize(get);
	sqlite3_close(db);
	printf("queries %zu\nverified %zu\n", n, verified);
	free(qs);
	free(t);
	return 0;
}
