/*
 * bench_review — a large inquiry log for the review's figures, and the
 * time of the review's queries on it.
 *
 *   bench_review gen LOG N DAYS   N calls over the last DAYS local days
 *                                 (desk hours, 50 operators), the chain
 *                                 hashed by src/inq_chain, so that
 *                                 `log verify` passes; one transaction.
 *   bench_review query LOG ROWS   the table's page (ROWS rows) for today,
 *                                 then with each filter: "NAME ms" lines
 *                                 (median of 5 runs).
 *
 * The first row goes in through the inquiry API, which creates the
 * schema; the rest are inserted here, in one transaction, each hashed by
 * inq_chain_hash (the canonical bytes of src/inq_chain.h).
 */
#include "inq_chain.h"
#include "inq_store.h"
#include "logview.h"
#include "logview_day.h"
#include "stamp.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCOLS 15

static void iso(time_t t, int ms, char out[INQ_TIME_LEN + 1])
{
	struct tm tm;
	char b[32];

	gmtime_r(&t, &tm);
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, INQ_TIME_LEN + 1, "%.19s.%03dZ", b, ms % 1000);
}

static int die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_review: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	return 1;
}

static int gen(const char *path, long n, int days)
{
	static const char *const disp[] = { "status", "card_misuse", "reissue_fee", "notice_missing",
					    "contact_change", "complaint", "press", "other" };
	static const char *const match[] = { "verified", "ambiguous", "partial", "none", NULL };
	struct inq_config cfg = { .path = path, .spool_dir = "/tmp" };
	struct inq_entry e = { .disposition = "status", .note = "first" };
	char uuid[37], start[25], end[25], op[16], note[128], hex[INQ_HASH_HEX + 1];
	char salt[INQ_SALT_HEX + 1], note_hash[INQ_HASH_HEX + 1];
	char prevhex[INQ_HASH_HEX + 1];
	const char *f[NCOLS];
	struct inq_log *log;
	struct err err;
	sqlite3 *db;
	sqlite3_stmt *st, *q;
	time_t day0 = time(NULL) - (time_t)days * 86400;
	struct tm tm;
	int64_t seq;

	if (inq_open(&cfg, &log, &err) || inq_append(log, &e, &err) != INQ_WRITTEN) {
		fprintf(stderr, "bench_review: %s\n", err.msg);
		return 1;
	}
	inq_close(log);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return die(db, path);
	sqlite3_busy_timeout(db, 30000);
	if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM chain WHERE name = 'inquiry'", -1, &q, NULL) ||
	    sqlite3_step(q) != SQLITE_ROW)
		return die(db, "chain");
	seq = sqlite3_column_int64(q, 0);
	snprintf(prevhex, sizeof prevhex, "%s", (const char *)sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	/* A rollback journal for the bulk insert: a WAL would hold every new
	 * page twice.  The log goes back to WAL at the end. */
	if (sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF;"
			 " PRAGMA cache_size=-65536; BEGIN", NULL, NULL, NULL))
		return die(db, "begin");
	if (sqlite3_prepare_v2(db, "INSERT INTO inquiry (seq, uuid, started_at, ended_at, operator,"
			       " host, snapshot_id, match, ref, factors, faq, disposition, escalate,"
			       " note, state, origin_hash, prev_hash, hash, note_salt, note_hash) VALUES"
			       " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
			       " ?17, ?18, ?19, ?20)",
			       -1, &st, NULL))
		return die(db, "insert");
	localtime_r(&day0, &tm);
	srand(42);
	for (long i = 1; i < n; i++) {
		/* Spread evenly over the days, inside 08:30-17:15 local. */
		long d = (long)((double)i / n * days);
		struct tm t = tm;
		time_t s;

		t.tm_mday += (int)d + 1;
		t.tm_hour = 8;
		t.tm_min = 30;
		t.tm_sec = (int)(((i * 7919L) % (long)(n / days + 1)) * (525L * 60) / (n / days + 1));
		t.tm_isdst = -1;
		s = mktime(&t);
		if (s > time(NULL) - 60)
			s = time(NULL) - 60 - (i % 3600);
		stamp_uuid(uuid);
		iso(s, (int)(i % 1000), start);
		iso(s + 60 + rand() % 600, (int)(i % 1000), end);
		snprintf(op, sizeof op, "op%02ld", i % 50);
		snprintf(note, sizeof note, "%s %ld", i % 7 ? "折り返し希望、確認済み" : "カードの件で再連絡", i);
		f[0] = uuid; f[1] = start; f[2] = end; f[3] = op; f[4] = "desk1";
		f[5] = "snap-bench"; f[6] = match[i % 5]; f[7] = NULL; f[8] = "kana,date";
		f[9] = i % 3 ? "7" : "7,13"; f[10] = disp[i % 8]; f[11] = i % 20 ? "0" : "1";
		f[12] = note_hash; f[13] = "saved"; f[14] = NULL;
		/* The chain commits to the note through its salted hash. */
		inq_note_salt(salt);
		inq_note_hash(salt, INQ_SALT_HEX, note, strlen(note), note_hash);
		seq++;
		if (inq_chain_hash(INQ_CALLS, seq, prevhex, f, hex))
			return die(db, "hash");
		f[12] = note;
		sqlite3_bind_int64(st, 1, seq);
		for (int k = 0; k < NCOLS; k++)
			if (k == 11)
				sqlite3_bind_int(st, 13, f[k][0] == '1');
			else
				sqlite3_bind_text(st, k + 2, f[k], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 17, prevhex, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 18, hex, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 19, salt, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 20, note_hash, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return die(db, "insert row");
		sqlite3_reset(st);
		memcpy(prevhex, hex, sizeof hex);
	}
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "UPDATE chain SET seq = ?1, hash = ?2 WHERE name = 'inquiry'", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return die(db, "chain update");
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT; PRAGMA journal_mode=WAL", NULL, NULL, NULL))
		return die(db, "commit");
	sqlite3_close(db);
	return 0;
}

static double ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void timed(const char *name, const char *path, const struct logview_filter *f, long rows)
{
	double t[5];

	for (int i = 0; i < 5; i++) {
		struct logview *lv;
		struct logview_row *r;
		struct err err;
		bool complete;
		double t0 = ms_now();

		if (logview_open(path, &lv, &err)) {
			fprintf(stderr, "bench_review: %s\n", err.msg);
			return;
		}
		if (logview_page(lv, f, NULL, LOGVIEW_OLDER, true, rows, &r, &complete, &err) < 0)
			fprintf(stderr, "bench_review: %s\n", err.msg);
		free(r);
		logview_close(lv);
		t[i] = ms_now() - t0;
	}
	qsort(t, 5, sizeof t[0], cmp);
	printf("%s %.1f\n", name, t[2]);
}

static int query(const char *path, long rows)
{
	struct logview_filter f = { .since = "" };

	logview_set_range(&f, LOGVIEW_TODAY, time(NULL));
	timed("today", path, &f, rows);
	f.escalated = true;
	timed("escalated", path, &f, rows);
	f.escalated = false;
	f.operator = "op07";
	timed("operator", path, &f, rows);
	f.operator = NULL;
	f.disposition = "press";
	timed("disposition", path, &f, rows);
	f.disposition = NULL;
	f.match = "partial";
	timed("match", path, &f, rows);
	f.match = NULL;
	f.text = "ｶｰﾄﾞ";
	timed("note", path, &f, rows);
	f.text = NULL;
	logview_set_range(&f, LOGVIEW_WEEK, time(NULL));
	f.operator = "op07";
	f.escalated = true;
	timed("week+op+esc", path, &f, rows);
	f = (struct logview_filter){ .since = "" };
	timed("all", path, &f, rows);
	f.text = "ｶｰﾄﾞ";
	timed("all_note", path, &f, rows);
	/* A note nobody wrote: the bounded scan (LOGVIEW_SCAN_MAX rows). */
	f.text = "該当しない語";
	timed("note_no_match", path, &f, rows);
	return 0;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	if (argc == 5 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "query") == 0)
		return query(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: bench_review gen LOG N DAYS | query LOG ROWS\n");
	return 2;
}
