/* src/window: parsing data/windows.tsv and classifying dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "window.h"

static const char good[] =
	"# comment\n"
	"\n"
	"card\t2021-03-12\t2021-12-29\t7,13\n"
	"userinfo\t2019-06-28\t2019-07-05\t14\r\n"
	"userinfo\t2021-03-11\t2021-12-24\t14\tsee the notice of 2022-06\n";

static void parse(const char *text, struct window_set *ws)
{
	struct err err = { "" };

	assert_int_equal(window_parse("w.tsv", text, strlen(text), ws, &err), 0);
}

static void parses_the_windows(void **state)
{
	struct window_set ws;

	(void)state;
	parse(good, &ws);
	assert_int_equal(ws.n, 3);
	assert_int_equal(ws.w[0].kind, WINDOW_CARD);
	assert_string_equal(ws.w[0].from, "2021-03-12");
	assert_string_equal(ws.w[0].to, "2021-12-29");
	assert_int_equal(ws.w[0].nfaq, 2);
	assert_int_equal(ws.w[0].faq[1], 13);
	assert_string_equal(ws.w[1].to, "2019-07-05");
	assert_string_equal(ws.w[1].note, "");
	assert_string_equal(ws.w[2].note, "see the notice of 2022-06");
	window_set_free(&ws);
}

static void classifies_inclusive_edges(void **state)
{
	struct window_set ws;
	const struct window *hit;

	(void)state;
	parse(good, &ws);
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2021-03-12", &hit), WINDOW_INSIDE);
	assert_ptr_equal(hit, &ws.w[0]);
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2021-12-29", NULL), WINDOW_INSIDE);
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2021-03-11", &hit), WINDOW_OUTSIDE);
	assert_null(hit);
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2021-12-30", NULL), WINDOW_OUTSIDE);
	/* The card window says nothing of user data and the other way round. */
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2019-07-01", NULL), WINDOW_OUTSIDE);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "2019-07-01", &hit), WINDOW_INSIDE);
	assert_ptr_equal(hit, &ws.w[1]);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "2021-12-24", &hit), WINDOW_INSIDE);
	assert_ptr_equal(hit, &ws.w[2]);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "2020-01-01", NULL), WINDOW_OUTSIDE);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, NULL, NULL), WINDOW_NOT_GIVEN);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "", NULL), WINDOW_NOT_GIVEN);
	window_set_free(&ws);
}

/* text must fail with a message starting with want. */
static void bad(const char *text, const char *want)
{
	struct window_set ws = { NULL, 0 };
	struct err err = { "" };

	assert_int_equal(window_parse("w.tsv", text, strlen(text), &ws, &err), -1);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("got '%s', want '%s...'", err.msg, want);
	assert_null(ws.w);
}

static void names_file_and_line(void **state)
{
	(void)state;
	bad("# x\ncard\t2021-03-12\t2021-12-29\n", "w.tsv:2: expected kind");
	bad("cards\t2021-03-12\t2021-12-29\t7\n", "w.tsv:1: kind 'cards'");
	bad("card\t2021-3-12\t2021-12-29\t7\n", "w.tsv:1: from '2021-3-12'");
	bad("card\t2021-03-12\t2021-02-30\t7\n", "w.tsv:1: to '2021-02-30'");
	bad("card\t2021-12-29\t2021-03-12\t7\n", "w.tsv:1: from 2021-12-29 is after");
	bad("card\t2021-03-12\t2021-12-29\t7,,13\n", "w.tsv:1: FAQ entries '7,,13'");
	bad("card\t2021-03-12\t2021-12-29\t\n", "w.tsv:1: FAQ entries ''");
	bad("card\t2021-03-12\t2021-12-29\t1,2,3,4,5\n", "w.tsv:1: FAQ entries");
	bad("card\t2021-03-12\t2021-12-29\t7\tnote\textra\n", "w.tsv:1: expected");
	bad("\n\n\nuserinfo\tR3.3.11\t2021-12-24\t14\n", "w.tsv:4: from 'R3.3.11'");
}

static void nul_is_not_text(void **state)
{
	struct window_set ws = { NULL, 0 };
	struct err err = { "" };

	(void)state;
	assert_int_equal(window_parse("w.tsv", "card\0", 5, &ws, &err), -1);
	assert_non_null(strstr(err.msg, "NUL"));
}

static void the_shipped_file_loads(void **state)
{
	struct window_set ws;
	struct err err = { "" };

	(void)state;
	if (window_load("data/windows.tsv", &ws, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(window_classify(&ws, WINDOW_CARD, "2021-05-01", NULL), WINDOW_INSIDE);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "2019-06-28", NULL), WINDOW_INSIDE);
	assert_int_equal(window_classify(&ws, WINDOW_USERINFO, "2019-07-06", NULL), WINDOW_OUTSIDE);
	window_set_free(&ws);
	assert_int_equal(window_load("no/such/windows.tsv", &ws, &err), -1);
	assert_non_null(strstr(err.msg, "no/such/windows.tsv"));
}

static void advice_says_not_in_list_is_not_unaffected(void **state)
{
	(void)state;
	assert_null(window_advice(WINDOW_CARD, WINDOW_NOT_GIVEN, WINDOW_NOT_FOUND));
	assert_non_null(strstr(window_advice(WINDOW_CARD, WINDOW_INSIDE, WINDOW_NOT_FOUND), "does not mean not affected"));
	assert_non_null(strstr(window_advice(WINDOW_CARD, WINDOW_INSIDE, WINDOW_NOT_FOUND), "Q7"));
	assert_null(strstr(window_advice(WINDOW_CARD, WINDOW_INSIDE, WINDOW_LISTED), "does not mean"));
	assert_non_null(strstr(window_advice(WINDOW_USERINFO, WINDOW_INSIDE, WINDOW_NOT_FOUND), "does not mean not affected"));
	assert_non_null(strstr(window_advice(WINDOW_USERINFO, WINDOW_OUTSIDE, WINDOW_NOT_FOUND), "outside"));
	assert_string_equal(window_state_name(WINDOW_INSIDE), "inside");
	assert_null(window_state_name(WINDOW_NOT_GIVEN));
}

/* Ambiguous and partial: the caller may be listed; the advice says what
 * to tell, never "not in the list" (issue 13). */
static void advice_for_a_caller_not_identified_yet(void **state)
{
	(void)state;
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const char *a = window_advice((enum window_kind)k, WINDOW_INSIDE, WINDOW_UNCONFIRMED);

		assert_non_null(a);
		assert_null(strstr(a, "Not in the list"));
		assert_null(strstr(a, "not affected"));
		assert_non_null(strstr(a, "not identified yet"));
		assert_non_null(strstr(a, k == WINDOW_CARD ? "(Q7)" : "(Q14)"));
		assert_non_null(strstr(window_advice((enum window_kind)k, WINDOW_OUTSIDE, WINDOW_UNCONFIRMED),
				       "outside"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_the_windows),
		cmocka_unit_test(classifies_inclusive_edges),
		cmocka_unit_test(names_file_and_line),
		cmocka_unit_test(nul_is_not_text),
		cmocka_unit_test(the_shipped_file_loads),
		cmocka_unit_test(advice_says_not_in_list_is_not_unaffected),
		cmocka_unit_test(advice_for_a_caller_not_identified_yet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
