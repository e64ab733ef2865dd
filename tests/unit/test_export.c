/* export: one writer for `log export` and the review's `x` — the same rows
 * give the same bytes through both, the BOM rule, CP932, the formula
 * guard, control characters, invalid UTF-8, the *_local columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "export.h"
#include "inq_read.h"
#include "inq_store.h"
#include "logview.h"

#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOM "\xef\xbb\xbf"
#define FFFD "\xef\xbf\xbd"
#define CALLS_HEADER "seq,uuid,started_at,ended_at,operator,host,snapshot_id,match,ref," \
	"factors,faq,disposition,escalate,note,state,started_local,ended_local\r\n"

/* Notes that test the quoting and the guards, one call each. */
static const char *const notes[] = {
	"plain",
	"=SUM(A1)",
	"+81 99 472 1111",
	"-1",
	"@home",
	"a, \"quoted\"\r\nsecond line",
	"esc \x1b[2J bell \a tab\there del \x7f c1 \xc2\x85 ls \xe2\x80\xa8 end",
	"bad \xff\xfe bytes",
	"住所変更の件　①②　😀",
};
#define NNOTES (sizeof notes / sizeof notes[0])

struct fx {
	char dir[64];
	char log[128];
};

/* Call i starts at 2026-11-27T00:00Z minus i hours: the chain's order
 * (seq ascending) is the review's (newest first), so both exports list
 * the rows in the same order. */
static void add_call(struct inq_log *log, int i, const char *note)
{
	struct inq_entry e = { .disposition = "other", .note = note, .escalate = i == 1 };
	time_t t = 1795737600 - (time_t)i * 3600;      /* 2026-11-27T00:00:00Z */
	struct tm tm;
	struct err err;

	gmtime_r(&t, &tm);
	strftime(e.started_at, sizeof e.started_at, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	t += 90;
	gmtime_r(&t, &tm);
	strftime(e.ended_at, sizeof e.ended_at, "%Y-%m-%dT%H:%M:%S.250Z", &tm);
	e.match = i % 2 ? "verified" : NULL;
	e.faq = "7,13";
	assert_int_equal(inq_append(log, &e, &err), INQ_WRITTEN);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct inq_config cfg = { 0 };
	struct inq_event ev = { .verdict = "none" };
	struct inq_log *log;
	struct err err;
	char spool[128];

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/test_export.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->log, sizeof f->log, "%s/log.db", f->dir);
	snprintf(spool, sizeof spool, "%s/spool", f->dir);
	cfg = (struct inq_config){ .path = f->log, .spool_dir = spool };
	if (inq_open(&cfg, &log, &err))
		return -1;
	for (size_t i = 0; i < NNOTES; i++)
		add_call(log, (int)i, notes[i]);
	snprintf(ev.at, sizeof ev.at, "2026-11-26T23:30:00.000Z");
	if (inq_event_append(log, &ev, &err) != INQ_WRITTEN)
		return -1;
	inq_close(log);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- the two callers ---- */

struct each {
	struct export *x;
	struct err err;
};

static int each_row(const struct inq_row *r, void *ctx)
{
	struct each *e = ctx;

	return export_row(e->x, r, &e->err);
}

/* What `log export` writes: table t in chain order through src/export,
 * as src/cli_log does.  *rows gets the count; the bytes are malloc'd. */
static char *log_export(const char *path, enum inq_table t, enum export_fmt fmt,
			const struct inq_filter *flt, long *rows, size_t *len)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	struct each e;
	struct err err;

	assert_non_null(out);
	assert_int_equal(export_open(fmt, t, out, &e.x, &err), 0);
	*rows = -1;
	if (inq_each(path, t, flt, each_row, &e, &err) == 0)
		*rows = export_finish(e.x, &err);
	export_free(e.x);
	fclose(out);
	return buf;
}

/* What the review's `x` writes: every call, newest first. */
static char *review_export(const char *path, enum logview_fmt fmt, bool cp932, long *rows,
			   size_t *len)
{
	struct logview_filter flt = { .since = "" };
	struct logview *lv;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	struct err err;

	assert_non_null(out);
	assert_int_equal(logview_open(path, &lv, &err), 0);
	*rows = logview_export(lv, &flt, fmt, cp932, out, &err);
	logview_close(lv);
	fclose(out);
	return buf;
}

static void same_bytes(const char *path, enum export_fmt fmt, enum logview_fmt lfmt, bool cp932)
{
	size_t n1, n2;
	long r1, r2;
	char *a = log_export(path, INQ_CALLS, fmt, NULL, &r1, &n1);
	char *b = review_export(path, lfmt, cp932, &r2, &n2);

	assert_int_equal(r1, (long)NNOTES);
	assert_int_equal(r2, (long)NNOTES);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
}

static void test_same_bytes(void **state)
{
	struct fx *f = *state;

	same_bytes(f->log, EXPORT_CSV, LOGVIEW_CSV, false);
	same_bytes(f->log, EXPORT_CSV_CP932, LOGVIEW_CSV, true);
	same_bytes(f->log, EXPORT_JSONL, LOGVIEW_JSONL, false);
}

/* ---- the start of an export ---- */

static void test_bom_rule(void **state)
{
	struct fx *f = *state;
	struct inq_filter none = { .operator = "nobody-here" };
	struct logview_filter lnone = { .since = "", .operator = "nobody-here" };
	struct logview *lv;
	struct err err;
	char path[160], *buf;
	size_t len;
	long rows;
	FILE *out;

	/* With rows: the BOM and the header come first. */
	buf = log_export(f->log, INQ_CALLS, EXPORT_CSV, NULL, &rows, &len);
	assert_true(len > 3 && memcmp(buf, BOM CALLS_HEADER, strlen(BOM CALLS_HEADER)) == 0);
	free(buf);
	/* Without rows: the BOM and the header alone, through both callers. */
	buf = log_export(f->log, INQ_CALLS, EXPORT_CSV, &none, &rows, &len);
	assert_int_equal(rows, 0);
	assert_int_equal(len, strlen(BOM CALLS_HEADER));
	assert_memory_equal(buf, BOM CALLS_HEADER, len);
	free(buf);
	out = open_memstream(&buf, &len);
	assert_int_equal(logview_open(f->log, &lv, &err), 0);
	assert_int_equal(logview_export(lv, &lnone, LOGVIEW_CSV, false, out, &err), 0);
	logview_close(lv);
	fclose(out);
	assert_int_equal(len, strlen(BOM CALLS_HEADER));
	assert_memory_equal(buf, BOM CALLS_HEADER, len);
	free(buf);
	/* CP932: the header, no BOM.  JSON Lines: nothing at all. */
	buf = log_export(f->log, INQ_CALLS, EXPORT_CSV_CP932, &none, &rows, &len);
	assert_int_equal(len, strlen(CALLS_HEADER));
	assert_memory_equal(buf, CALLS_HEADER, len);
	free(buf);
	buf = log_export(f->log, INQ_CALLS, EXPORT_JSONL, &none, &rows, &len);
	assert_int_equal(len, 0);
	free(buf);
	/* A failing export writes nothing: not even the BOM. */
	snprintf(path, sizeof path, "%s/none.db", f->dir);
	buf = log_export(path, INQ_CALLS, EXPORT_CSV, NULL, &rows, &len);
	assert_int_equal(rows, -1);
	assert_int_equal(len, 0);
	free(buf);
}

/* ---- the cells ---- */

/* Export one call row holding note through src/export directly. */
static char *one_row(enum export_fmt fmt, const char *note, size_t *len)
{
	static const char *const names[] = { "seq", "uuid", "started_at", "note", "escalate" };
	const char *values[] = { "7", "00000000-0000-4000-8000-000000000007",
				 "2026-11-27T00:00:00.000Z", note, "1" };
	int lens[] = { 1, 36, 24, (int)strlen(note), 1 };
	struct inq_row r = { 5, names, values, lens };
	struct export *x;
	struct err err;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);

	assert_int_equal(export_open(fmt, INQ_CALLS, out, &x, &err), 0);
	assert_int_equal(export_row(x, &r, &err), 0);
	assert_int_equal(export_finish(x, &err), 1);
	export_free(x);
	fclose(out);
	return buf;
}

static void test_formula_guard(void **state)
{
	static const char *const cases[][2] = {
		{ "=SUM(A1)", ",\"'=SUM(A1)\"," },
		{ "+81 99", ",\"'+81 99\"," },
		{ "-1", ",\"'-1\"," },
		{ "@home", ",\"'@home\"," },
		{ "=HYPERLINK(\"x\"),1", ",\"'=HYPERLINK(\"\"x\"\"),1\"," },
		{ "a=b", ",a=b," },
	};
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *buf = one_row(EXPORT_CSV, cases[i][0], &len);

		assert_non_null(strstr(buf, cases[i][1]));
		free(buf);
		/* JSON is for programs: the value as it is. */
		buf = one_row(EXPORT_JSONL, cases[i][0], &len);
		assert_null(strstr(buf, "\"'"));
		free(buf);
	}
}

static void test_controls(void **state)
{
	const char *note = "esc \x1b[2J tab\there cr\rlf\n c1 \xc2\x85 ls \xe2\x80\xa8 bad \xff end";
	size_t len;
	char *buf;

	(void)state;
	buf = one_row(EXPORT_CSV, note, &len);
	/* CSV: TAB, CR and LF stay inside the quoted field; ESC, C1, U+2028
	 * and the invalid byte become U+FFFD. */
	assert_non_null(strstr(buf, ",\"esc " FFFD "[2J tab\there cr\rlf\n c1 " FFFD " ls " FFFD
				    " bad " FFFD " end\","));
	assert_null(strchr(buf, '\x1b'));
	free(buf);
	buf = one_row(EXPORT_JSONL, note, &len);
	assert_non_null(strstr(buf, "\"note\":\"esc \\u001b[2J tab\\u0009here cr\\u000dlf\\u000a"
				    " c1 \\u0085 ls \\u2028 bad " FFFD " end\""));
	assert_non_null(strstr(buf, "{\"seq\":7,"));
	assert_non_null(strstr(buf, "\"escalate\":true"));
	/* Columns the row does not hold are null. */
	assert_non_null(strstr(buf, "\"ended_at\":null"));
	assert_null(strstr(buf, "origin_hash"));
	assert_true(len > 0 && buf[len - 1] == '\n' && !memchr(buf, '\n', len - 1));
	free(buf);
}

static void test_local_times(void **state)
{
	size_t len;
	char *buf;

	(void)state;
	/* TZ=JST-9: 00:00 UTC is 09:00 local; an unknown end stays empty. */
	buf = one_row(EXPORT_CSV, "x", &len);
	assert_non_null(strstr(buf, ",2026-11-27 09:00:00,\r\n"));
	free(buf);
}

static void test_cp932(void **state)
{
	struct fx *f = *state;
	size_t len, ulen, left, room;
	long rows;
	char *sjis = log_export(f->log, INQ_CALLS, EXPORT_CSV_CP932, NULL, &rows, &len);
	char *utf8 = log_export(f->log, INQ_CALLS, EXPORT_CSV, NULL, &rows, &ulen);
	char back[16384], *in = sjis, *o = back;
	iconv_t cd = iconv_open("UTF-8", "CP932");

	assert_true(cd != (iconv_t)-1);
	assert_true(len > 0 && memcmp(sjis, BOM, 3) != 0);
	left = len;
	room = sizeof back - 1;
	assert_int_not_equal(iconv(cd, &in, &left, &o, &room), (size_t)-1);
	iconv_close(cd);
	*o = '\0';
	/* Japanese survives; what CP932 lacks (the emoji, U+FFFD) is '?'. */
	assert_non_null(strstr(back, "住所変更の件　①②　?"));
	assert_non_null(strstr(back, "bad ?? bytes"));
	assert_null(strstr(back, "😀"));
	/* Otherwise the same file as the UTF-8 one without its BOM. */
	assert_memory_equal(back, utf8 + 3, strlen("seq,uuid,started_at"));
	free(sjis);
	free(utf8);
}

static void test_lookup_columns(void **state)
{
	struct fx *f = *state;
	const char *header = BOM "seq,uuid,at,operator,host,snapshot_id,verdict,call_uuid,at_local\r\n";
	const char *names[EXPORT_MAX_COLS];
	size_t len;
	long rows;
	char *buf = log_export(f->log, INQ_LOOKUPS, EXPORT_CSV, NULL, &rows, &len);

	assert_int_equal(rows, 1);
	assert_memory_equal(buf, header, strlen(header));
	assert_non_null(strstr(buf, ",none,,2026-11-27 08:30:00\r\n"));
	free(buf);
	assert_int_equal(export_columns(INQ_ACCESS, names), 7);
	assert_string_equal(names[6], "outcome");
	assert_int_equal(export_columns(INQ_CALLS, names), 15);
	assert_string_equal(names[0], "seq");
	assert_string_equal(names[14], "state");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_rule, setup, teardown),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_local_times),
		cmocka_unit_test_setup_teardown(test_cp932, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_columns, setup, teardown),
	};

	/* Local time is Japan's: the *_local columns say 09:00 for 00:00Z. */
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "JST-9", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
