/* The desk through its in-process gate: the same requests, codec and
 * checks the setgid helper answers on a jump host.  A lookup is answered
 * with its event recorded, refused past lookup_limit, a save checked; the
 * supervisors' reads need a READ first; the gate answers anything a
 * process could send with an error, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "desk.h"
#include "gate.h"
#include "inq_read.h"
#include "snapshot_import.h"
#include "snapshot_key.h"

static char dir[256];
static struct conf conf;
static const uint8_t key[SNAPSHOT_KEY_BYTES] = { 7, 7, 7 };

static const char csv[] =
	"ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
	"registered_on,card_exposed,userinfo_exposed,notified_on\n"
	"R-1,志布志 太郎,しぶし たろう,1975-03-01,男,899-7192,志布志町,taro@example.jp,"
	"099-472-1111,2019-06-30,1,1,2022-06-10\n";

static void path(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void set(const char *opt, const char *name)
{
	char arg[600], p[512];
	struct err err;

	path(p, sizeof p, name);
	snprintf(arg, sizeof arg, "--%s=%s", opt, name[0] == '=' ? name + 1 : p);
	assert_int_equal(conf_take_option(&conf, arg, NULL, &err), 1);
}

static void no_report(void *ctx, const char *msg)
{
	(void)ctx;
	fail_msg("import: %s", msg);
}

static int setup(void **state)
{
	struct csv_text t;
	struct err err = { "" };
	char db[512], k[512];

	(void)state;
	snprintf(dir, sizeof dir, "%s/test_desk.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	path(db, sizeof db, "snapshot.db");
	path(k, sizeof k, "snapshot.key");
	if (csv_decode("t.csv", csv, strlen(csv), CSV_UTF8, &t, &err) ||
	    snapshot_import("t.csv", &t, db, key, NULL, no_report, NULL, NULL, &err) ||
	    snapshot_key_write(k, key, &err))
		return -1;
	csv_text_free(&t);
	if (conf_init(&conf, &err))
		return -1;
	set("snapshot", "snapshot.db");
	set("key", "snapshot.key");
	set("log", "inquiry.db");
	set("spool-dir", "spool");
	set("supervisor-group", "=");
	set("lookup-limit", "=off");
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	conf_free(&conf);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct desk *open_desk(struct proto_hello *h)
{
	struct desk *d;
	struct err err = { "" };

	if (desk_open(&conf, APP_LOG_COMMAND, &d, h, &err))
		fail_msg("desk_open: %s", err.msg);
	return d;
}

static void request(struct call_request *q, const char *kana, const char *birth)
{
	memset(q, 0, sizeof *q);
	if (kana)
		call_request_set(q, CALL_KANA, kana, strlen(kana));
	if (birth)
		call_request_set(q, CALL_BIRTH, birth, strlen(birth));
}

static int count_rows(const struct inq_row *r, void *ctx)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static long rows_of(enum inq_table t)
{
	char log[512];
	struct err err;
	long n = 0;

	path(log, sizeof log, "inquiry.db");
	if (!inq_is_log(log))
		return 0;
	assert_int_equal(inq_each(log, t, NULL, count_rows, &n, &err), 0);
	return n;
}

static void hello_and_lookup(void **state)
{
	struct proto_hello h;
	struct call_request q;
	struct call_verdict v;
	struct err err = { "" };
	struct desk *d = open_desk(&h);

	(void)state;
	assert_int_equal(desk_transport(d), DESK_IN_PROCESS);
	assert_true(h.snapshot_ok);
	assert_string_not_equal(h.operator_name, "");
	assert_non_null(strstr(h.log_path, "inquiry.db"));
	assert_false(h.gate);

	request(&q, "しぶし たろう", "昭和50年3月1日");
	assert_int_equal(desk_lookup(d, &q, &v, &err), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_string_equal(v.res.person.ref, "R-1");
	assert_int_equal(v.logged, CALL_LOGGED);
	assert_int_equal(rows_of(INQ_LOOKUPS), 1);

	/* A field that cannot be read: which, and why; nothing recorded. */
	request(&q, "しぶし たろう", "昭和99年1月1日");
	assert_int_equal(desk_lookup(d, &q, &v, &err), 1);
	assert_int_equal(v.field, CALL_BIRTH);
	assert_string_not_equal(v.why, "");
	assert_int_equal(rows_of(INQ_LOOKUPS), 1);
	desk_close(d);
}

static void limit_refuses(void **state)
{
	struct call_request q;
	struct call_verdict v;
	struct err err = { "" };
	struct desk *d;
	long before = rows_of(INQ_LOOKUPS);

	(void)state;
	set("lookup-limit", "=1/10m");
	d = open_desk(NULL);
	request(&q, "しぶし たろう", "1975-03-01");
	/* One lookup made by the test before: the limit is reached now. */
	assert_true(before >= 1);
	assert_int_equal(desk_lookup(d, &q, &v, &err), -1);
	assert_int_equal(desk_exit(d), APP_USAGE);
	assert_non_null(strstr(err.msg, "limit"));
	desk_close(d);
	set("lookup-limit", "=off");
}

static void save_is_checked(void **state)
{
	struct inq_entry e = { .uuid = "" };
	struct err err = { "" };
	struct desk *d = open_desk(NULL);
	char uuid[INQ_UUID_LEN + 1];

	(void)state;
	e.disposition = "status";
	e.note = "折り返し希望";
	assert_int_equal(desk_save(d, &e, &err), INQ_WRITTEN);
	assert_true(stamp_is_uuid(e.uuid));
	memcpy(uuid, e.uuid, sizeof uuid);
	/* The same UUID again: there already, nothing added. */
	assert_int_equal(desk_save(d, &e, &err), INQ_ALREADY);
	assert_string_equal(e.uuid, uuid);
	assert_int_equal(rows_of(INQ_CALLS), 1);

	e = (struct inq_entry){ .uuid = "" };
	e.disposition = "no_such_code";
	assert_int_equal(desk_save(d, &e, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "no_such_code"));
	assert_int_equal(desk_exit(d), APP_USAGE);
	assert_int_equal(rows_of(INQ_CALLS), 1);
	assert_int_equal(desk_pending(d), 0);
	desk_close(d);
}

static void reads_need_read_first(void **state)
{
	struct logview_filter f = { .since = "", .until = "" };
	struct logview_row *rows = NULL;
	struct logview_stats s;
	struct logview_lookups l;
	struct logview_detail det;
	struct proto_export x = { .source = PROTO_EXPORT_VIEW, .fmt = EXPORT_CSV };
	struct inq_verify ver;
	struct err err = { "" };
	struct desk *d = open_desk(NULL);
	bool complete;
	long n;
	char buf[4096] = "";
	FILE *out;

	(void)state;
	assert_int_equal(desk_page(d, &f, NULL, LOGVIEW_OLDER, true, 10, &rows, &complete, &err), -1);
	assert_non_null(strstr(err.msg, "read the log first"));
	assert_int_equal(desk_read(d, "no such read", &err), -1);
	assert_int_equal(desk_read(d, "review", &err), 0);

	n = desk_page(d, &f, NULL, LOGVIEW_OLDER, true, 10, &rows, &complete, &err);
	assert_int_equal(n, 1);
	assert_true(complete);
	assert_string_equal(rows[0].disposition, "status");
	assert_int_equal(desk_detail(d, rows[0].uuid, &det, &err), 1);
	assert_string_equal(logview_detail_get(&det, "note"), "折り返し希望");
	logview_detail_free(&det);
	free(rows);
	assert_int_equal(desk_detail(d, "00000000-0000-4000-8000-000000000000", &det, &err), 0);
	logview_detail_free(&det);

	assert_int_equal(desk_stats(d, &f, &s, &err), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.ndisp, 1);
	assert_string_equal(s.disp[0].key, "status");
	logview_stats_free(&s);
	assert_int_equal(desk_lookups(d, &f, &l, &err), 0);
	assert_true(l.total >= 1);
	logview_lookups_free(&l);

	out = fmemopen(buf, sizeof buf - 1, "w");
	assert_non_null(out);
	n = desk_export(d, &x, out, &err);
	if (n != 1)
		fail_msg("export: %ld %s", n, err.msg);
	fclose(out);
	assert_memory_equal(buf, "\xef\xbb\xbf" "seq,uuid", 11);
	assert_non_null(strstr(buf, "折り返し希望"));
	x.source = PROTO_EXPORT_CHAIN;
	x.table = INQ_LOOKUPS;
	x.fmt = EXPORT_JSONL;
	memset(buf, 0, sizeof buf);
	out = fmemopen(buf, sizeof buf - 1, "w");
	assert_true(desk_export(d, &x, out, &err) >= 1);
	fclose(out);
	assert_non_null(strstr(buf, "\"verdict\":\"verified\""));

	assert_int_equal(desk_verify(d, NULL, NULL, &ver, &err), 0);
	assert_true(ver.ok);
	assert_int_equal(ver.calls, 1);
	/* The reads were recorded only under a supervisor_group: none here. */
	desk_close(d);
}

static int collect(void *ctx, const struct wire_out *w)
{
	(*(int *)ctx)++;
	(void)w;
	return 0;
}

/* What any process could send: every one answered, none crashes. */
static void gate_answers_garbage(void **state)
{
	static const uint8_t bad[][12] = {
		{ 'M', 'G', 1, 99 },                         /* an unknown request */
		{ 'M', 'G', 1, PROTO_LOOKUP, 77, 0, 0, 0, 0 },  /* an unknown tag */
		{ 'M', 'G', 1, PROTO_SAVE, 1, 0, 0, 0, 200 },   /* a field past the end */
		{ 'M', 'G', 1, PROTO_PAGE },                 /* a read before READ */
		{ 'M', 'G', 1, PROTO_READ, 1, 0, 0, 0, 1, 0xff },  /* not UTF-8 */
	};
	static const size_t len[] = { 4, 9, 9, 4, 10 };
	struct gate *g;
	struct err err;
	int frames = 0;

	(void)state;
	assert_int_equal(gate_new(&conf, GATE_IN_PROCESS, APP_LOG_COMMAND, &g, &err), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		frames = 0;
		gate_handle(g, bad[i], len[i], collect, &frames);
		assert_int_equal(frames, 1);
	}
	gate_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hello_and_lookup),
		cmocka_unit_test(limit_refuses),
		cmocka_unit_test(save_is_checked),
		cmocka_unit_test(reads_need_read_first),
		cmocka_unit_test(gate_answers_garbage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
