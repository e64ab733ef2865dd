/* Unit tests of ui/textarea: the note on several rows, wrapped by the
 * project's rules, paragraphs at line breaks, the cursor's row and column,
 * Up and Down by rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "field.h"
#include "textarea.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
	struct field *f = malloc(sizeof *f);

	if (!f || field_init(f, 10000))
		return -1;
	f->raw = true;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	field_free(*state);
	free(*state);
	return 0;
}

/* The text of row i. */
static char *row_text(const struct field *f, const struct textarea *t, size_t i)
{
	size_t a = f->gc[t->r[i].from].off, b = f->gc[t->r[i].to].off;
	char *s = malloc(b - a + 1);

	assert_non_null(s);
	memcpy(s, f->buf + a, b - a);
	s[b - a] = '\0';
	return s;
}

static void assert_row(const struct field *f, const struct textarea *t, size_t i, const char *want)
{
	char *s = row_text(f, t, i);

	assert_string_equal(s, want);
	free(s);
}

static void test_empty(void **state)
{
	struct field *f = *state;
	struct textarea t;

	assert_int_equal(textarea_layout(f, 10, TEXT_AMBI_SINGLE, &t), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.r[0].from, 0);
	assert_int_equal(t.r[0].to, 0);
	assert_int_equal(textarea_row_of(&t, 0), 0);
	assert_int_equal(textarea_col(f, &t, 0, TEXT_AMBI_SINGLE), 0);
	textarea_free(&t);
	assert_int_equal(textarea_rows(f, 10, TEXT_AMBI_SINGLE), 1);
	assert_false(textarea_move(f, 1, 10, TEXT_AMBI_SINGLE));
	assert_false(textarea_move(f, -1, 10, TEXT_AMBI_SINGLE));
}

/* Japanese text wraps by columns; no row starts with 、 or 。 */
static void test_japanese_wrap(void **state)
{
	struct field *f = *state;
	struct textarea t;

	assert_int_equal(field_set(f, "あいうえおか、きくけこ。"), 0);
	assert_int_equal(textarea_layout(f, 12, TEXT_AMBI_SINGLE, &t), 0);
	assert_int_equal(t.n, 3);
	/* あいうえおか fills 12 columns, but 、 may not start a row, nor 。 */
	assert_row(f, &t, 0, "あいうえお");
	assert_row(f, &t, 1, "か、きくけ");
	assert_row(f, &t, 2, "こ。");
	textarea_free(&t);
	/* Every row fits, at any width. */
	for (int cols = 2; cols < 30; cols++) {
		assert_int_equal(textarea_layout(f, cols, TEXT_AMBI_SINGLE, &t), 0);
		for (size_t i = 0; i < t.n; i++)
			assert_true(f->gc[t.r[i].to].col[0] - f->gc[t.r[i].from].col[0] <= cols);
		assert_int_equal(t.r[t.n - 1].to, field_chars(f));
		textarea_free(&t);
	}
}

/* メール is one word: not cut between ー and ル by a row end. */
static void test_words_and_spaces(void **state)
{
	struct field *f = *state;
	struct textarea t;

	assert_int_equal(field_set(f, "call back tomorrow morning"), 0);
	assert_int_equal(textarea_layout(f, 10, TEXT_AMBI_SINGLE, &t), 0);
	assert_int_equal(t.n, 3);
	assert_row(f, &t, 0, "call back");
	assert_row(f, &t, 1, "tomorrow");
	assert_row(f, &t, 2, "morning");
	/* The space the wrap left out belongs to the row before. */
	assert_int_equal(textarea_row_of(&t, 9), 0);
	assert_int_equal(textarea_row_of(&t, 10), 1);
	textarea_free(&t);
}

/* Line breaks (kept from a paste) make paragraphs; an empty one is a row. */
static void test_paragraphs(void **state)
{
	struct field *f = *state;
	struct textarea t;

	assert_int_equal(field_set(f, "ab\n\ncd\n"), 0);
	assert_int_equal(textarea_layout(f, 10, TEXT_AMBI_SINGLE, &t), 0);
	assert_int_equal(t.n, 4);
	assert_row(f, &t, 0, "ab");
	assert_row(f, &t, 1, "");
	assert_row(f, &t, 2, "cd");
	assert_row(f, &t, 3, "");
	assert_int_equal(textarea_row_of(&t, 2), 0);    /* before the first break */
	assert_int_equal(textarea_row_of(&t, 3), 1);
	assert_int_equal(textarea_row_of(&t, 7), 3);    /* after the last break */
	assert_int_equal(textarea_col(f, &t, 2, TEXT_AMBI_SINGLE), 2);
	assert_int_equal(textarea_col(f, &t, 7, TEXT_AMBI_SINGLE), 0);
	textarea_free(&t);
}

/* Up and Down keep the column as near as the row allows, by whole
 * characters (a kanji is 2 columns). */
static void test_up_down(void **state)
{
	struct field *f = *state;

	assert_int_equal(field_set(f, "abcdefgh漢字かなabcd"), 0);
	/* Rows of 8: abcdefgh / 漢字かな / abcd; the cursor at the end. */
	assert_int_equal(textarea_rows(f, 8, TEXT_AMBI_SINGLE), 3);
	assert_int_equal(f->cur, 16);
	assert_true(textarea_move(f, -1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 10);                   /* column 4: before か */
	assert_true(textarea_move(f, -1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 4);                    /* column 4: e */
	assert_false(textarea_move(f, -1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 4);
	f->cur = 3;                                     /* column 3 */
	assert_true(textarea_move(f, 1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 9);                    /* 字 starts at column 2 */
	assert_true(textarea_move(f, 1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 14);                   /* column 2: c */
	assert_false(textarea_move(f, 1, 8, TEXT_AMBI_SINGLE));
	/* From the end of a long row to a wrapped one above: the cursor stays
	 * on that row (its last character), not at the start of the next. */
	assert_int_equal(field_set(f, "abcdefghijklmnop"), 0);
	assert_true(textarea_move(f, -1, 8, TEXT_AMBI_SINGLE));
	assert_int_equal(f->cur, 7);
}

/* Control characters a paste kept are one column ("?") each. */
static void test_controls(void **state)
{
	struct field *f = *state;
	struct textarea t;

	assert_int_equal(field_set(f, "a\tb\033c"), 0);
	assert_int_equal(field_chars(f), 5);
	assert_int_equal(textarea_layout(f, 3, TEXT_AMBI_SINGLE, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.r[0].from, 0);
	assert_int_equal(t.r[1].to, 5);
	for (size_t i = 0; i < t.n; i++)
		assert_true(f->gc[t.r[i].to].col[0] - f->gc[t.r[i].from].col[0] <= 3);
	textarea_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_japanese_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_and_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paragraphs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_up_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_controls, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
