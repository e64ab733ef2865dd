/* The review's lookups view shows the lookups refused at the lookup limit,
 * per operator, marked, and draws no control character a log holds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inq_store.h"
#include "logview.h"
#include "review_view.h"

static void no_syslog(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static void lookup(struct inq_log *log, const char *verdict)
{
	struct inq_event ev = { .verdict = verdict };
	struct err err;

	if (inq_event_append(log, &ev, &err) != INQ_WRITTEN)
		fail_msg("event: %s", err.msg);
}

/* A line starting with lead, holding has, drawn marked. */
static bool marked_line(const struct rv_text *t, const char *lead, const char *has)
{
	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->l[i].s, lead, strlen(lead)) == 0)
			return t->l[i].mark && strstr(t->l[i].s, has);
	return false;
}

static void test_refused_shown(void **state)
{
	char dir[] = "/tmp/test_ui_review_lookups.XXXXXX", log[128], spool[128], cmd[160], msg[256];
	struct inq_config cfg = { .on_head = no_syslog };
	struct logview_filter flt = { .since = "" };
	struct rv_source src = { .f = &flt, .ambi = TEXT_AMBI_SINGLE };
	struct rv_text t = { NULL, 0 };
	struct inq_log *inq;
	struct conf conf;
	struct err err;
	sqlite3 *db;

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	assert_non_null(mkdtemp(dir));
	snprintf(log, sizeof log, "%s/log.db", dir);
	snprintf(spool, sizeof spool, "%s/spool", dir);
	cfg.path = log;
	cfg.spool_dir = spool;
	assert_int_equal(inq_open(&cfg, &inq, &err), 0);
	lookup(inq, "none");
	for (int i = 0; i < 3; i++)
		lookup(inq, "refused");
	inq_close(inq);
	/* Names as whoever wrote the file put them. */
	assert_int_equal(sqlite3_open(log, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE lookup SET operator = 'carol' || char(27) || '[2J'"
				      " WHERE verdict = 'refused'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* Read as the screen reads it: through the desk. */
	assert_int_equal(conf_init(&conf, &err), 0);
	snprintf(cmd, sizeof cmd, "--log=%s", log);
	assert_int_equal(conf_take_option(&conf, cmd, NULL, &err), 1);
	snprintf(cmd, sizeof cmd, "--spool-dir=%s", spool);
	assert_int_equal(conf_take_option(&conf, cmd, NULL, &err), 1);
	assert_int_equal(conf_take_option(&conf, "--supervisor-group=", NULL, &err), 1);
	assert_int_equal(desk_open(&conf, APP_LOG_COMMAND, &src.desk, NULL, &err), 0);
	assert_int_equal(desk_read(src.desk, "review", &err), 0);
	assert_int_equal(review_view_build(&src, RV_LOOKUPS, "", 100, &t, msg, sizeof msg), 0);
	assert_true(marked_line(&t, "Lookups refused at the lookup limit: 3", ""));
	assert_true(marked_line(&t, "! carol?[2J", " 3"));
	for (size_t i = 0; i < t.n; i++)
		assert_null(strchr(t.l[i].s, '\033'));
	review_view_free(&t);
	desk_close(src.desk);
	conf_free(&conf);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_shown),
	};

	setenv("MADOGUCHI_LANG", "en", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
