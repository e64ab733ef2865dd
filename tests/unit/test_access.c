/* access: who may read the log, by supervisor_group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum access_verdict check(const char *group, struct err *err)
{
	struct conf c;
	enum access_verdict v;

	unsetenv("MADOGUCHI_SUPERVISOR_GROUP");
	assert_int_equal(conf_init(&c, err), 0);
	if (group)
		assert_int_equal(conf_take_option(&c, "--supervisor-group", group, err), 2);
	v = access_check(&c, "review", err);
	conf_free(&c);
	return v;
}

static void test_no_group_is_open(void **state)
{
	struct err err = { "" };

	(void)state;
	assert_int_equal(check(NULL, &err), ACCESS_OK);
}

static void test_primary_group(void **state)
{
	struct group *gr = getgrgid(getgid());
	struct err err = { "" };
	char name[256];

	(void)state;
	if (!gr)
		skip();
	snprintf(name, sizeof name, "%s", gr->gr_name);
	assert_int_equal(check(name, &err), ACCESS_OK);
}

static void test_unknown_group(void **state)
{
	struct err err = { "" };

	(void)state;
	assert_int_equal(check("no-such-group-madoguchi", &err), ACCESS_ERROR);
	assert_non_null(strstr(err.msg, "supervisor_group 'no-such-group-madoguchi' is not a group"));
}

/* A group this process is not in: "nogroup" on Debian, unless we are. */
static void test_refused(void **state)
{
	struct group *gr = getgrnam("nogroup");
	gid_t groups[256];
	int n = getgroups(256, groups);
	struct err err = { "" };

	(void)state;
	if (!gr || gr->gr_gid == getgid() || gr->gr_gid == getegid())
		skip();
	for (int i = 0; i < n; i++)
		if (groups[i] == gr->gr_gid)
			skip();
	assert_int_equal(check("nogroup", &err), ACCESS_REFUSED);
	assert_string_equal(err.msg, "review is for members of group nogroup; ask your supervisor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_group_is_open),
		cmocka_unit_test(test_primary_group),
		cmocka_unit_test(test_unknown_group),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
