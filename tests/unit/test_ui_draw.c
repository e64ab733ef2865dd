/* ui/draw: display copies keep the search highlights on the right text,
 * also when ambiwidth double or sanitising changes the length. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "draw.h"

/* A cut text ends with "…", or ".." where ambiguous characters are drawn
 * wide (U+2026 is one of them); a text that fits gets no mark. */
static void test_fit_marks(void **state)
{
	const char *mark = "x";
	int w = 0;

	(void)state;
	assert_int_equal(draw_fit("漏えい", 9, 6, TEXT_AMBI_SINGLE, &w, &mark), 9);
	assert_null(mark);
	assert_int_equal(draw_fit("漏えい", 9, 5, TEXT_AMBI_SINGLE, &w, &mark), 6);
	assert_string_equal(mark, "…");
	assert_int_equal(w, 5);
	assert_int_equal(draw_fit("漏えい", 9, 5, TEXT_AMBI_DOUBLE, &w, &mark), 3);
	assert_string_equal(mark, "..");
	assert_int_equal(w, 4);
}

static void test_plain_spans(void **state)
{
	const char *s = "クレジットカード情報";
	struct faq_span sp[] = { { 15, 9 } };           /* カード */
	struct draw_text dt;

	(void)state;
	assert_int_equal(draw_text_make(&dt, s, strlen(s), 0, sp, 1, TEXT_AMBI_SINGLE), 0);
	assert_string_equal(dt.s, s);
	assert_int_equal(dt.nhl, 1);
	assert_int_equal(dt.hl[0].off, 15);
	assert_int_equal(dt.hl[0].len, 9);
	draw_text_free(&dt);
}

static void test_spans_follow_substitution(void **state)
{
	const char *s = "①カード";
	struct faq_span sp[] = { { 3, 9 } };
	struct draw_text dt;

	(void)state;
	assert_int_equal(draw_text_make(&dt, s, strlen(s), 0, sp, 1, TEXT_AMBI_DOUBLE), 0);
	assert_null(strstr(dt.s, "①"));
	assert_int_equal(dt.nhl, 1);
	assert_int_equal(dt.hl[0].len, 9);
	assert_memory_equal(dt.s + dt.hl[0].off, "カード", 9);
	draw_text_free(&dt);
}

static void test_spans_of_a_paragraph(void **state)
{
	/* The second paragraph of "ab\nカード!": spans are given for the
	 * whole answer, the piece starts at base 3. */
	const char *answer = "ab\nカード!";
	struct faq_span sp[] = { { 0, 1 }, { 3, 9 } };
	struct draw_text dt;

	(void)state;
	assert_int_equal(draw_text_make(&dt, answer + 3, strlen(answer + 3), 3, sp, 2, TEXT_AMBI_SINGLE), 0);
	assert_int_equal(dt.nhl, 1);
	assert_int_equal(dt.hl[0].off, 0);
	assert_int_equal(dt.hl[0].len, 9);
	draw_text_free(&dt);
}

static void test_controls_are_made_safe(void **state)
{
	const char *s = "a\x1b[2Jb\rc";
	struct faq_span sp[] = { { 5, 1 } };            /* b */
	struct draw_text dt;

	(void)state;
	assert_int_equal(draw_text_make(&dt, s, strlen(s), 0, sp, 1, TEXT_AMBI_SINGLE), 0);
	assert_null(strchr(dt.s, '\x1b'));
	assert_null(strchr(dt.s, '\r'));
	assert_int_equal(dt.nhl, 1);
	assert_int_equal(dt.s[dt.hl[0].off], 'b');
	draw_text_free(&dt);
}

static void test_overlapping_spans_merge(void **state)
{
	const char *s = "abcdef";
	struct faq_span sp[] = { { 1, 3 }, { 2, 3 } };
	struct draw_text dt;

	(void)state;
	assert_int_equal(draw_text_make(&dt, s, strlen(s), 0, sp, 2, TEXT_AMBI_SINGLE), 0);
	assert_int_equal(dt.nhl, 1);
	assert_int_equal(dt.hl[0].off, 1);
	assert_int_equal(dt.hl[0].len, 4);
	draw_text_free(&dt);
}

/* Counts are grouped as the review's position is: the charts' too. */
static void test_grouped(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(draw_grouped(2800, buf, sizeof buf), "2,800");
	assert_string_equal(draw_grouped(999, buf, sizeof buf), "999");
	assert_string_equal(draw_grouped(0, buf, sizeof buf), "0");
	assert_string_equal(draw_grouped(1234567, buf, sizeof buf), "1,234,567");
	assert_string_equal(draw_grouped(-100000, buf, sizeof buf), "-100,000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_spans),
		cmocka_unit_test(test_fit_marks),
		cmocka_unit_test(test_spans_follow_substitution),
		cmocka_unit_test(test_spans_of_a_paragraph),
		cmocka_unit_test(test_controls_are_made_safe),
		cmocka_unit_test(test_overlapping_spans_merge),
		cmocka_unit_test(test_grouped),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
