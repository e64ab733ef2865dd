/* logview: paging, each filter, figures, lookup use, desk hours, export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inq_store.h"
#include "logview.h"
#include "logview_day.h"
#include "logview_stats.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NCALLS 30

struct fx {
	char dir[64];
	char log[128];
	char uuid[NCALLS][INQ_UUID_LEN + 1];
	struct logview *lv;
};

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* UTC time of minute m after 2026-11-26T15:00Z (00:00 on the 27th in JST). */
static void at(char out[INQ_TIME_LEN + 1], int minutes, int seconds)
{
	time_t t = 1795705200 + minutes * 60 + seconds;   /* 2026-11-26T15:00:00Z */
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, INQ_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* Call i: every 40 minutes from 00:00 JST, lasting 60 + 10 i seconds. */
static void add_call(struct fx *f, struct inq_log *log, int i)
{
	static const char *const matches[] = { "verified", "none", NULL };
	struct inq_entry e = { .disposition = i % 2 ? "other" : "status" };
	char note[128];
	struct err err;

	at(e.started_at, 40 * i, 0);
	at(e.ended_at, 40 * i, 60 + 10 * i);
	e.match = matches[i % 3];
	e.escalate = i % 5 == 0;
	e.faq = i % 2 ? "7" : "7,13";
	snprintf(note, sizeof note, i % 3 == 0 ? "カードの件 %d" : "note %d, \"quoted\"\nline", i);
	e.note = note;
	assert_int_equal(inq_append(log, &e, &err), INQ_WRITTEN);
	memcpy(f->uuid[i], e.uuid, sizeof e.uuid);
}

static void add_lookup(struct inq_log *log, int minute, const char *verdict, const char *call)
{
	struct inq_event ev = { .verdict = verdict, .call_uuid = call };
	struct err err;

	at(ev.at, minute, 0);
	assert_int_equal(inq_event_append(log, &ev, &err), INQ_WRITTEN);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct inq_config cfg = { 0 };
	struct inq_log *log;
	struct err err;
	char spool[128], sql[512];

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "JST-9", 1);
	tzset();
	snprintf(f->dir, sizeof f->dir, "/tmp/test_logview.XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->log, sizeof f->log, "%s/log.db", f->dir);
	snprintf(spool, sizeof spool, "%s/spool", f->dir);
	cfg.path = f->log;
	cfg.spool_dir = spool;
	if (inq_open(&cfg, &log, &err))
		return -1;
	for (int i = 0; i < NCALLS; i++)
		add_call(f, log, i);
	/* bob: 12 lookups and one call; one verified lookup in no call; one
	 * at 08:00 JST, before the desk opens. */
	for (int i = 0; i < 12; i++)
		add_lookup(log, 600 + i, "none", NULL);
	add_lookup(log, 610, "verified", NULL);
	add_lookup(log, 480, "verified", f->uuid[12]);
	add_lookup(log, 620, "verified", f->uuid[15]);
	inq_close(log);
	/* The operator comes from the OS; the test gives some rows to bob. */
	snprintf(sql, sizeof sql, "UPDATE inquiry SET operator = 'bob' WHERE uuid = '%s';"
		 "UPDATE lookup SET operator = 'bob' WHERE at >= '2026-11-27T01:00'"
		 " AND at < '2026-11-27T01:15';", f->uuid[15]);
	exec_sql(f->log, sql);
	if (logview_open(f->log, &f->lv, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	logview_close(f->lv);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static long page(struct fx *f, const struct logview_filter *flt, struct logview_row **rows)
{
	struct err err;
	bool complete;

	return logview_page(f->lv, flt, NULL, LOGVIEW_OLDER, false, 100, rows, &complete, &err);
}

static void test_paging(void **state)
{
	struct fx *f = *state;
	struct logview_filter flt = { .since = "" };
	struct logview_row *a, *b, *c;
	struct err err;
	bool complete;
	long n;

	n = logview_page(f->lv, &flt, NULL, LOGVIEW_OLDER, false, 10, &a, &complete, &err);
	assert_int_equal(n, 10);
	assert_false(complete);
	assert_string_equal(a[0].uuid, f->uuid[29]);   /* newest first */
	assert_string_equal(a[9].uuid, f->uuid[20]);
	assert_int_equal(a[0].duration_ms, (60 + 290) * 1000);
	n = logview_page(f->lv, &flt, &a[9].key, LOGVIEW_OLDER, false, 10, &b, &complete, &err);
	assert_int_equal(n, 10);
	assert_string_equal(b[0].uuid, f->uuid[19]);
	n = logview_page(f->lv, &flt, &b[0].key, LOGVIEW_NEWER, false, 3, &c, &complete, &err);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].uuid, f->uuid[22]);   /* still newest first */
	assert_string_equal(c[2].uuid, f->uuid[20]);
	free(c);
	n = logview_page(f->lv, &flt, &b[9].key, LOGVIEW_OLDER, true, 20, &c, &complete, &err);
	assert_int_equal(n, 11);
	assert_true(complete);
	assert_string_equal(c[0].uuid, f->uuid[10]);
	free(a);
	free(b);
	free(c);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct logview_filter flt = { .operator = "bob" };
	struct logview_row *rows;
	struct err err;
	long n;

	n = page(f, &flt, &rows);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].uuid, f->uuid[15]);
	free(rows);
	flt = (struct logview_filter){ .disposition = "other" };
	assert_int_equal(page(f, &flt, &rows), 15);
	free(rows);
	flt = (struct logview_filter){ .match = "verified" };
	assert_int_equal(page(f, &flt, &rows), 10);
	free(rows);
	flt = (struct logview_filter){ .match = "-" };
	assert_int_equal(page(f, &flt, &rows), 10);
	assert_string_equal(rows[0].match, "");
	free(rows);
	flt = (struct logview_filter){ .escalated = true, .disposition = "status" };
	assert_int_equal(page(f, &flt, &rows), 3);       /* 0, 10, 20 */
	free(rows);
	/* Half-width katakana finds the full-width note: folded both sides. */
	flt = (struct logview_filter){ .text = "ｶｰﾄﾞ" };
	assert_int_equal(page(f, &flt, &rows), 10);
	assert_string_equal(rows[0].uuid, f->uuid[27]);
	free(rows);
	flt = (struct logview_filter){ .text = "QUOTED", .match = "none" };
	assert_int_equal(page(f, &flt, &rows), 10);
	free(rows);
	/* Words are AND, in any order, split by either space. */
	flt = (struct logview_filter){ .text = " LINE\u3000quoted ", .match = "none" };
	assert_int_equal(page(f, &flt, &rows), 10);
	free(rows);
	flt = (struct logview_filter){ .text = "quoted カード" };
	assert_int_equal(page(f, &flt, &rows), 0);
	free(rows);
	/* 27 November JST holds calls 0..35 → all 30 (40 min apart from
	 * 00:00, the last at 19:20); the 28th none; an era date works. */
	assert_int_equal(logview_set_dates(&flt, "R8.11.27", NULL, &err), 0);
	flt.text = NULL;
	flt.match = NULL;
	assert_string_equal(flt.since, "2026-11-26T15:00:00.000Z");
	assert_int_equal(page(f, &flt, &rows), 30);
	free(rows);
	assert_int_equal(logview_set_dates(&flt, "2026-11-27 ", "2026/11/27", &err), 0);
	assert_string_equal(flt.until, "2026-11-27T15:00:00.000Z");
	assert_int_equal(logview_set_dates(&flt, "2026-11-28", NULL, &err), 0);
	assert_int_equal(page(f, &flt, &rows), 0);
	free(rows);
	assert_int_equal(logview_set_dates(&flt, "2026-11-28", "2026-11-27", &err), -1);
	assert_non_null(strstr(err.msg, "before the start"));
	assert_int_equal(logview_set_dates(&flt, "yesterday-ish", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "yesterday-ish"));
}

static void test_ranges(void **state)
{
	struct logview_filter flt;
	time_t now = 1795705200 + 13 * 3600;   /* Friday 2026-11-27 13:00 JST */

	(void)state;
	logview_set_range(&flt, LOGVIEW_TODAY, now);
	assert_string_equal(flt.since, "2026-11-26T15:00:00.000Z");
	assert_string_equal(flt.until, "2026-11-27T15:00:00.000Z");
	logview_set_range(&flt, LOGVIEW_YESTERDAY, now);
	assert_string_equal(flt.since, "2026-11-25T15:00:00.000Z");
	logview_set_range(&flt, LOGVIEW_WEEK, now);           /* Monday the 23rd */
	assert_string_equal(flt.since, "2026-11-22T15:00:00.000Z");
	assert_string_equal(flt.until, "2026-11-29T15:00:00.000Z");
	logview_set_range(&flt, LOGVIEW_ALL, now);
	assert_string_equal(flt.since, "");
}

static long find(const struct logview_count *c, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].key, key) == 0)
			return c[i].n;
	return -1;
}

static void test_stats(void **state)
{
	struct fx *f = *state;
	struct logview_filter flt = { .since = "" };
	struct logview_stats s;
	struct err err;
	long per = 0;

	assert_int_equal(logview_stats(f->lv, &flt, &s, &err), 0);
	assert_int_equal(s.calls, 30);
	for (int h = 0; h < 24; h++)
		per += s.per_hour[h];
	assert_int_equal(per, 30);
	/* 00:00, 00:40 in hour 0; 01:20 in hour 1; 02:00, 02:40 in hour 2. */
	assert_int_equal(s.per_hour[0], 2);
	assert_int_equal(s.per_hour[1], 1);
	assert_int_equal(s.per_hour[2], 2);
	assert_int_equal(find(s.disp, s.ndisp, "status"), 15);
	assert_int_equal(find(s.match, s.nmatch, "-"), 10);
	assert_int_equal(find(s.faq, s.nfaq, "7"), 30);
	assert_string_equal(s.faq[0].key, "7");          /* most read first */
	assert_int_equal(find(s.faq, s.nfaq, "13"), 15);
	assert_int_equal(find(s.oper, s.noper, "bob"), 1);
	for (size_t i = 0; i < s.noper; i++) {
		if (strcmp(s.oper[i].key, "bob") == 0)
			assert_int_equal(s.oper[i].median_ms, 210000);
		else   /* 29 calls without 15: the median is call 14's, 200 s */
			assert_int_equal(s.oper[i].median_ms, 200000);
	}
	assert_int_equal(s.escalated, 6);
	assert_int_equal(s.nwaiting, 6);
	assert_string_equal(s.waiting[0].uuid, f->uuid[25]);
	logview_stats_free(&s);
	flt.escalated = true;
	flt.operator = "nobody";
	assert_int_equal(logview_stats(f->lv, &flt, &s, &err), 0);
	assert_int_equal(s.calls, 0);
	logview_stats_free(&s);
}

static void test_lookups(void **state)
{
	struct fx *f = *state;
	struct logview_filter flt = { .since = "" };
	struct logview_lookups l;
	struct err err;

	assert_int_equal(logview_lookups(f->lv, &flt, "08:30-17:15", &l, &err), 0);
	assert_int_equal(l.total, 15);
	assert_int_equal(l.nop, 2);
	assert_string_equal(l.op[0].operator, "bob");
	assert_int_equal(l.op[0].lookups, 13);
	assert_int_equal(l.op[0].calls, 1);
	assert_true(l.op[0].many);
	assert_int_equal(l.op[0].verified_unsaved, 1);
	assert_int_equal(l.op[0].outside_hours, 0);
	assert_int_equal(l.op[0].per_hour[10], 13);
	/* The other operator: 2 lookups in calls, one at 08:00. */
	assert_int_equal(l.op[1].lookups, 2);
	assert_false(l.op[1].many);
	assert_int_equal(l.op[1].verified_unsaved, 0);
	assert_int_equal(l.op[1].outside_hours, 1);
	assert_true(l.have_hours);
	logview_lookups_free(&l);
	assert_int_equal(logview_lookups(f->lv, &flt, NULL, &l, &err), 0);
	assert_false(l.have_hours);
	assert_int_equal(l.op[1].outside_hours, 0);
	logview_lookups_free(&l);
	assert_int_equal(logview_lookups(f->lv, &flt, "8:30-17:15", &l, &err), -1);
	assert_non_null(strstr(err.msg, "HH:MM-HH:MM"));
}

static void test_desk_hours(void **state)
{
	int a, b;
	struct err err;

	(void)state;
	assert_int_equal(logview_desk_hours("08:30-17:15", &a, &b, &err), 0);
	assert_int_equal(a, 510);
	assert_int_equal(b, 1035);
	assert_int_equal(logview_desk_hours("00:00-24:00", &a, &b, &err), 0);
	assert_int_equal(logview_desk_hours("17:15-08:30", &a, &b, &err), -1);
	assert_non_null(strstr(err.msg, "closing"));
	assert_int_equal(logview_desk_hours("08:60-17:00", &a, &b, &err), -1);
	assert_int_equal(logview_desk_hours("08:30-17:15x", &a, &b, &err), -1);
	assert_int_equal(logview_desk_hours("", &a, &b, &err), -1);
}

static void test_detail(void **state)
{
	struct fx *f = *state;
	struct logview_detail d;
	struct err err;

	assert_int_equal(logview_detail(f->lv, f->uuid[4], &d, &err), 1);
	assert_string_equal(logview_detail_get(&d, "faq"), "7,13");
	assert_string_equal(logview_detail_get(&d, "state"), "saved");
	assert_string_equal(logview_detail_get(&d, "note"), "note 4, \"quoted\"\nline");
	assert_null(logview_detail_get(&d, "ref"));
	logview_detail_free(&d);
	assert_int_equal(logview_detail(f->lv, "00000000-0000-4000-8000-000000000000", &d, &err), 0);
}

static void test_export_csv(void **state)
{
	struct fx *f = *state;
	struct logview_filter flt = { .match = "none", .disposition = "status" };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct err err;

	/* Calls 4, 10, 16, 22, 28: none and status. */
	assert_int_equal(logview_export(f->lv, &flt, LOGVIEW_CSV, false, out, &err), 5);
	fclose(out);
	assert_memory_equal(buf, "\xef\xbb\xbfseq,uuid,", 12);
	assert_non_null(strstr(buf, "\r\n"));
	/* Call 28 ran 18:40:00-18:45:40 JST: the *_local columns say so. */
	assert_non_null(strstr(buf, ",\"note 28, \"\"quoted\"\"\nline\",saved,"
				    "2026-11-27 18:40:00,2026-11-27 18:45:40\r\n"));
	assert_null(strstr(buf, "\r\n\r\n"));
	free(buf);
	out = open_memstream(&buf, &len);
	flt = (struct logview_filter){ .text = "カード", .escalated = true };
	assert_int_equal(logview_export(f->lv, &flt, LOGVIEW_JSONL, false, out, &err), 2);
	fclose(out);
	assert_non_null(strstr(buf, "\"note\":\"カードの件 15\""));
	assert_non_null(strstr(buf, "\"escalate\":true"));
	free(buf);
}

static void test_missing_log(void **state)
{
	struct fx *f = *state;
	struct logview *lv;
	struct logview_row *rows;
	struct logview_filter flt = { .since = "" };
	struct err err;
	char path[160];
	bool complete;

	snprintf(path, sizeof path, "%s/none.db", f->dir);
	assert_int_equal(logview_open(path, &lv, &err), 0);
	assert_int_equal(logview_page(lv, &flt, NULL, LOGVIEW_OLDER, false, 5, &rows, &complete, &err), 0);
	logview_close(lv);
	assert_int_equal(access(path, F_OK), -1);    /* read-only: nothing created */
}

/* The days a supervisor types, against a fixed now: 2026-11-27 12:00 JST. */
static void test_typed_days(void **state)
{
	static const char *const today[] = { "今日", "本日", "today", "11/27", "11-27",
					     "11月27日", "１１／２７", "R8.11.27", NULL };
	time_t now = 1795748400;     /* 2026-11-27T03:00:00Z */
	char out[LOGVIEW_TIME_LEN + 1], long_s[400];
	struct err err = { "" };

	(void)state;
	for (int i = 0; today[i]; i++) {
		assert_int_equal(logview_day(today[i], 0, now, out, &err), 0);
		assert_string_equal(out, "2026-11-26T15:00:00.000Z");
	}
	assert_int_equal(logview_day("今日", 1, now, out, &err), 0);
	assert_string_equal(out, "2026-11-27T15:00:00.000Z");
	assert_int_equal(logview_day("昨日", 0, now, out, &err), 0);
	assert_string_equal(out, "2026-11-25T15:00:00.000Z");
	assert_int_equal(logview_day("1/5", 0, now, out, &err), 0);     /* this year's */
	assert_string_equal(out, "2026-01-04T15:00:00.000Z");
	assert_int_equal(logview_day("2/30", 0, now, out, &err), -1);
	assert_non_null(strstr(err.msg, "30"));
	assert_int_equal(logview_day("13/1", 0, now, out, &err), -1);
	assert_int_equal(logview_day("11/27x", 0, now, out, &err), -1);
	/* Longer than any day word: NFKC's result is not in the stack buffer. */
	memset(long_s, 'x', sizeof long_s - 1);
	long_s[sizeof long_s - 1] = '\0';
	assert_int_equal(logview_day(long_s, 0, now, out, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_desk_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_days, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
