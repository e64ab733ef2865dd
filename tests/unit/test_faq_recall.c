/*
 * The FAQ search against what callers say: tests/data/faq-queries.tsv
 * (the part the search was tuned on) and faq-queries-heldout.tsv (the
 * part it never was), query TAB the entries that answer it.  Reports
 * recall@1 (the first hit is one of those entries) of each part; fails
 * when the two together are under 95 %, or when any query finds nothing.
 * Run from the top of the tree (tests/run.sh does).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faq.h"
#include "faq_reading.h"
#include "faq_search.h"

#define GOAL 0.95

struct tally {
	size_t right, total, empty;
};

/* Whether num is in the comma-separated list. */
static bool listed(const char *list, int num)
{
	for (const char *p = list; *p;) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			return false;
		if (v == num)
			return true;
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

static void run_file(const struct faq *f, const char *path, struct tally *t)
{
	FILE *in = fopen(path, "r");
	char line[1024];

	if (!in)
		fail_msg("%s: cannot open", path);
	while (fgets(line, sizeof line, in)) {
		char *tab = strchr(line, '\t');
		struct faq_hit *h;
		size_t n;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!tab)
			fail_msg("%s: no tab in \"%s\"", path, line);
		*tab = '\0';
		n = faq_search(f, line, &h);
		assert_true(n != (size_t)-1);
		t->total++;
		if (n == 0) {
			t->empty++;
			print_message("nothing found: %s (want %s)\n", line, tab + 1);
		} else if (listed(tab + 1, f->e[h[0].index].num)) {
			t->right++;
		} else {
			print_message("first is %d: %s (want %s)\n", f->e[h[0].index].num, line, tab + 1);
		}
		faq_hits_free(h, n);
	}
	fclose(in);
}

static void test_recall(void **state)
{
	struct faq *f = NULL;
	struct err err = { "" };
	struct tally tuned = { 0 }, held = { 0 };
	double all;

	(void)state;
	if (faq_load("faq", "data/synonyms.tsv", &f, &err))
		fail_msg("%s", err.msg);
	run_file(f, "tests/data/faq-queries.tsv", &tuned);
	run_file(f, "tests/data/faq-queries-heldout.tsv", &held);
	if (faq_reading_missing(f))
		print_message("without readings: %s\n", faq_reading_missing(f));
	print_message("recall@1: tuned %zu/%zu (%.1f %%), held out %zu/%zu (%.1f %%)\n",
		      tuned.right, tuned.total, 100.0 * (double)tuned.right / (double)tuned.total,
		      held.right, held.total, 100.0 * (double)held.right / (double)held.total);
	all = (double)(tuned.right + held.right) / (double)(tuned.total + held.total);
	assert_true(tuned.total >= 150 && held.total >= 50);
	assert_int_equal(tuned.empty + held.empty, 0);
	if (all < GOAL)
		fail_msg("recall@1 %.1f %% is under %.0f %%", 100.0 * all, 100.0 * GOAL);
	faq_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recall),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
