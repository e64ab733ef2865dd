/* The review's key table (ui/review_keys, on ui/keymap's mechanism): every
 * action has keys and a help line, no key is bound twice, a key does its
 * action exactly in the views its entry names, each view's key bar names
 * keys that work there, and the help view is made from the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "keymap.h"
#include "review_keys.h"
#include "text_width.h"
#include "review_view.h"

#define NVIEWS (RV_HELP + 1)

static const struct keymap_entry *entry_of(int act)
{
	const struct keymap *m = review_keys_map();

	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].act == act)
			return &m->e[i];
	return NULL;
}

static void test_every_action_has_keys_and_a_help_line(void **state)
{
	const struct keymap *m = review_keys_map();
	bool seen[RK_NACTS] = { false };

	(void)state;
	assert_true(m->n > 0);
	assert_non_null(m->e[0].help);
	for (size_t i = 0; i < m->n; i++) {
		const struct keymap_entry *e = &m->e[i];

		assert_true(e->act > RK_NONE && e->act < RK_NACTS);
		assert_false(seen[e->act]);             /* one entry per action */
		seen[e->act] = true;
		assert_int_not_equal(e->keys[0], 0);
		assert_int_not_equal(e->where, 0);
		assert_int_equal(e->where & ~((1u << NVIEWS) - 1), 0);
		for (size_t k = 1; k < 4; k++)          /* 0 ends the keys */
			assert_true(e->keys[k - 1] || !e->keys[k]);
		if (e->help) {
			assert_true(e->help[0] != '\0');
			continue;
		}
		/* On the help line above, which must be true of it too: the
		 * same views. */
		assert_true(i > 0);
		assert_int_equal(e->where, m->e[i - 1].where);
	}
	for (int a = RK_NONE + 1; a < RK_NACTS; a++)
		assert_true(seen[a]);
}

static void test_no_key_bound_twice(void **state)
{
	const struct keymap *m = review_keys_map();

	(void)state;
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < 4 && m->e[i].keys[k]; k++)
			for (size_t j = i; j < m->n; j++)
				for (size_t l = j == i ? k + 1 : 0; l < 4 && m->e[j].keys[l]; l++)
					assert_int_not_equal(m->e[i].keys[k], m->e[j].keys[l]);
}

/* A key does its action in the views of its entry, nothing elsewhere. */
static void test_keys_work_where_the_table_says(void **state)
{
	const struct keymap *m = review_keys_map();

	(void)state;
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < 4 && m->e[i].keys[k]; k++)
			for (int v = 0; v < NVIEWS; v++)
				assert_int_equal(review_keys_action((enum rv_view)v, m->e[i].keys[k]),
						 m->e[i].where & RK_VIEW(v) ? m->e[i].act : RK_NONE);
}

/* The keys as the review has always had them. */
static void test_the_review_keys(void **state)
{
	(void)state;
	for (int v = 0; v < NVIEWS; v++) {
		assert_int_equal(review_keys_action((enum rv_view)v, 'q'), RK_CLOSE);
		assert_int_equal(review_keys_action((enum rv_view)v, INPUT_FN(KEY_F(10))), RK_QUIT);
		assert_int_equal(review_keys_action((enum rv_view)v, INPUT_CTRL('C')), RK_QUIT);
		assert_int_equal(review_keys_action((enum rv_view)v, INPUT_CTRL('L')), RK_REDRAW);
		assert_int_equal(review_keys_action((enum rv_view)v, '?'), RK_HELP);
		assert_int_equal(review_keys_action((enum rv_view)v, INPUT_FN(KEY_F(1))), RK_HELP);
		assert_int_equal(review_keys_action((enum rv_view)v, ' '), RK_PGDN);
		assert_int_equal(review_keys_action((enum rv_view)v, 'G'), RK_END);
		/* The operator's b (page up) is not the review's. */
		assert_int_equal(review_keys_action((enum rv_view)v, 'b'), RK_NONE);
	}
	assert_int_equal(review_keys_action(RV_TABLE, INPUT_ENTER), RK_DETAIL);
	assert_int_equal(review_keys_action(RV_CHARTS, INPUT_ENTER), RK_NONE);
	assert_int_equal(review_keys_action(RV_TABLE, INPUT_ESC), RK_NONE);
	assert_int_equal(review_keys_action(RV_DETAIL, INPUT_ESC), RK_BACK);
	assert_int_equal(review_keys_action(RV_HELP, INPUT_BS), RK_BACK);
	assert_int_equal(review_keys_action(RV_DETAIL, INPUT_FN(KEY_LEFT)), RK_BACK);
	assert_int_equal(review_keys_action(RV_LOOKUPS, '\t'), RK_NEXT_VIEW);
	assert_int_equal(review_keys_action(RV_DETAIL, 't'), RK_NONE);
	assert_int_equal(review_keys_action(RV_LOOKUPS, 'x'), RK_EXPORT);
	assert_int_equal(review_keys_action(RV_HELP, 'd'), RK_NONE);
	assert_int_equal(review_keys_action(RV_CHARTS, '/'), RK_TEXT);
}

/* The words of a bar, a word with a / inside split at it ("Up/Down",
 * "t/Tab"; "/" alone is the key). */
static size_t bar_words(const char *text, char words[][16], size_t max)
{
	size_t n = 0;

	for (const char *p = text; *p && n < max;) {
		size_t len = strcspn(p, " ");
		const char *slash = len > 1 ? memchr(p, '/', len) : NULL;
		size_t first = slash ? (size_t)(slash - p) : len;

		if (len && len < 16) {
			snprintf(words[n++], 16, "%.*s", (int)first, p);
			if (slash && n < max)
				snprintf(words[n++], 16, "%.*s", (int)(len - first - 1), slash + 1);
		}
		p += len + (p[len] == ' ');
	}
	return n;
}

/* The action a bar word names (a key name of the table), or RK_NONE. */
static int word_action(const char *word)
{
	const struct keymap *m = review_keys_map();
	char name[32];

	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < 4 && m->e[i].keys[k]; k++)
			if (strcmp(keymap_key_name(m->e[i].keys[k], name, sizeof name), word) == 0)
				return m->e[i].act;
	return RK_NONE;
}

static bool bar_names(const struct review_keys_bar *b, int act)
{
	for (size_t i = 0; i < sizeof b->acts / sizeof b->acts[0] && b->acts[i]; i++)
		if (b->acts[i] == act)
			return true;
	return false;
}

/* Each view has one bar; every action a bar names works in its views and
 * has a key named in its text, and every key its text names is one of
 * those actions'. */
static void test_bars_name_keys_that_work(void **state)
{
	size_t nbars;
	const struct review_keys_bar *bars = review_keys_bars(&nbars);
	char words[64][16];

	(void)state;
	for (int v = 0; v < NVIEWS; v++) {
		int shown = 0;

		for (size_t i = 0; i < nbars; i++)
			shown += (bars[i].views & RK_VIEW(v)) != 0;
		assert_int_equal(shown, 1);
		assert_true(review_keys_bar((enum rv_view)v)[0] != '\0');
	}
	for (size_t i = 0; i < nbars; i++) {
		const struct review_keys_bar *b = &bars[i];
		size_t nw = bar_words(b->text, words, 64);

		for (size_t a = 0; a < sizeof b->acts / sizeof b->acts[0] && b->acts[a]; a++) {
			const struct keymap_entry *e = entry_of(b->acts[a]);
			bool named = false;

			assert_non_null(e);
			if (!e)
				return;
			assert_int_equal(e->where & b->views, b->views);
			for (size_t w = 0; w < nw; w++)
				named |= word_action(words[w]) == e->act;
			if (!named)
				fail_msg("the bar \"%s\" names no key of action %d", b->text, e->act);
		}
		for (size_t w = 0; w < nw; w++) {
			int act = word_action(words[w]);

			if (act != RK_NONE && !bar_names(b, act))
				fail_msg("the bar \"%s\" names %s, not in its list", b->text, words[w]);
		}
	}
}

static void test_help_names(void **state)
{
	const struct keymap *m = review_keys_map();
	char buf[96];

	(void)state;
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_CLOSE) - m->e), buf, sizeof buf), "q");
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_QUIT) - m->e), buf, sizeof buf),
			    "F10 Ctrl-C");
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_BACK) - m->e), buf, sizeof buf),
			    "Esc Left BS");
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_UP) - m->e), buf, sizeof buf),
			    "Up k Down j");
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_PGUP) - m->e), buf, sizeof buf),
			    "PgUp PgDn Space Home g End G");
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_HELP) - m->e), buf, sizeof buf), "? F1");
	/* Cut to the buffer, still a string. */
	assert_string_equal(keymap_names(m, (size_t)(entry_of(RK_PGUP) - m->e), buf, 8), "PgUp Pg");
}

/* The text of lines, spaces left out (a wrap drops the one it breaks at). */
static char *joined(const struct rv_text *t)
{
	size_t n = 0;
	char *s = NULL;

	for (size_t i = 0; i < t->n; i++)
		n += strlen(t->l[i].s);
	s = malloc(n + 1);
	assert_non_null(s);
	n = 0;
	for (size_t i = 0; i < t->n; i++)
		for (const char *p = t->l[i].s; *p; p++)
			if (*p != ' ')
				s[n++] = *p;
	s[n] = '\0';
	return s;
}

static bool starts_a_line(const struct rv_text *t, const char *names)
{
	size_t n = strlen(names);

	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->l[i].s, "  ", 2) == 0 && strncmp(t->l[i].s + 2, names, n) == 0 &&
		    (t->l[i].s[2 + n] == ' ' || t->l[i].s[2 + n] == '\0'))
			return true;
	return false;
}

/* The help view holds each help line of the table whole, after its keys,
 * at any width. */
static void test_help_view_from_the_table(void **state)
{
	const struct keymap *m = review_keys_map();
	struct rv_source src = { .keys = m, .ambi = TEXT_AMBI_SINGLE };
	struct rv_text t = { NULL, 0 };
	char msg[64] = "", names[96], want[512];
	static const int widths[] = { 100, 80, 60 };

	(void)state;
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		char *all;

		assert_int_equal(review_view_build(&src, RV_HELP, "", widths[w], &t, msg, sizeof msg), 0);
		all = joined(&t);
		for (size_t i = 0; i < m->n; i++) {
			size_t n = 0;

			if (!m->e[i].help)
				continue;
			keymap_names(m, i, names, sizeof names);
			assert_true(starts_a_line(&t, names));
			for (const char *p = m->e[i].help; *p; p++)
				if (*p != ' ')
					want[n++] = *p;
			want[n] = '\0';
			if (!strstr(all, want))
				fail_msg("at %d columns the help lacks \"%s\"", widths[w], m->e[i].help);
		}
		for (size_t i = 0; i < t.n; i++)
			assert_true(text_width(t.l[i].s, strlen(t.l[i].s)) <= widths[w]);
		free(all);
	}
	review_view_free(&t);
	assert_null(t.l);
	assert_int_equal(t.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_has_keys_and_a_help_line),
		cmocka_unit_test(test_no_key_bound_twice),
		cmocka_unit_test(test_keys_work_where_the_table_says),
		cmocka_unit_test(test_the_review_keys),
		cmocka_unit_test(test_bars_name_keys_that_work),
		cmocka_unit_test(test_help_names),
		cmocka_unit_test(test_help_view_from_the_table),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
