/* The growable byte buffer: appends of bytes, strings and printf output,
 * growth, the final '\0', clearing, and out of memory being sticky. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void starts_empty(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_null(b.p);
	assert_int_equal(buf_add(&b, "", 0), 0);
	assert_non_null(b.p);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.p, "");
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.cap, 0);
	buf_free(&b);                        /* twice is harmless */
}

static void bytes_and_strings(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_int_equal(buf_add(&b, "ab\0cd", 5), 0);
	assert_int_equal(buf_str(&b, "窓口"), 0);
	assert_int_equal(b.n, 5 + strlen("窓口"));
	assert_memory_equal(b.p, "ab\0cd窓口", b.n + 1);   /* with the final '\0' */
	assert_false(b.oom);
	buf_free(&b);
}

static void printf_short_and_long(void **state)
{
	struct buf b = { 0 };
	char big[5000];

	(void)state;
	assert_int_equal(buf_printf(&b, "%s=%d,", "seq", 42), 0);
	assert_string_equal(b.p, "seq=42,");
	/* Longer than the room left: formatted again after growing. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(buf_printf(&b, "[%s]\\u%04x", big, 0x1bu), 0);
	assert_int_equal(b.n, 7 + 1 + 4999 + 1 + 6);
	assert_memory_equal(b.p, "seq=42,[x", 9);
	assert_string_equal(b.p + b.n - 8, "x]\\u001b");
	assert_int_equal(strlen(b.p), b.n);
	/* Exactly filling the room there is. */
	buf_free(&b);
	assert_int_equal(buf_str(&b, "a"), 0);
	while (b.n + 2 < b.cap)
		buf_str(&b, "a");
	assert_int_equal(buf_printf(&b, "%s", "bc"), 0);
	assert_int_equal(strlen(b.p), b.n);
	assert_string_equal(b.p + b.n - 3, "abc");
	buf_free(&b);
}

static void grows_a_byte_at_a_time(void **state)
{
	struct buf b = { 0 };
	size_t grew = 0, cap = 0;

	(void)state;
	for (size_t i = 0; i < 1000000; i++) {
		char c = (char)('a' + i % 26);
		assert_int_equal(buf_add(&b, &c, 1), 0);
		if (b.cap != cap) {
			cap = b.cap;
			grew++;
		}
	}
	assert_int_equal(b.n, 1000000);
	assert_true(b.cap > b.n);
	assert_true(grew <= 20);             /* doubling, not a step per byte */
	for (size_t i = 0; i < b.n; i++)
		if (b.p[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %c", i, b.p[i]);
	assert_int_equal(b.p[b.n], '\0');
	buf_free(&b);
}

static void clear_keeps_the_storage(void **state)
{
	struct buf b = { 0 };
	char *p;
	size_t cap;

	(void)state;
	buf_clear(&b);                       /* nothing yet: nothing to do */
	assert_null(b.p);
	buf_str(&b, "first row");
	p = b.p;
	cap = b.cap;
	buf_clear(&b);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.p, "");
	buf_str(&b, "row");
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.p, "row");
	buf_free(&b);
}

/* Out of memory without exhausting memory: a size that cannot be added
 * to what is held fails the same way realloc failing does. */
static void out_of_memory_is_sticky(void **state)
{
	struct buf b = { 0 };

	(void)state;
	buf_str(&b, "kept");
	assert_int_equal(buf_add(&b, "x", SIZE_MAX - 2), -1);
	assert_true(b.oom);
	assert_int_equal(b.n, 4);
	assert_string_equal(b.p, "kept");
	assert_int_equal(buf_str(&b, " more"), -1);
	assert_int_equal(buf_printf(&b, "%d", 1), -1);
	assert_int_equal(buf_add(&b, "", 0), -1);
	assert_string_equal(b.p, "kept");
	buf_clear(&b);
	assert_true(b.oom);                  /* the caller decides, not clear */
	assert_int_equal(buf_str(&b, "x"), -1);
	buf_free(&b);
	assert_false(b.oom);
	assert_int_equal(buf_str(&b, "again"), 0);
	assert_string_equal(b.p, "again");
	buf_free(&b);
}

/* A caller may take the bytes and free them itself. */
static void the_caller_may_take_p(void **state)
{
	struct buf b = { 0 };
	char *s;

	(void)state;
	buf_printf(&b, "%05d", 7);
	s = b.p;
	b = (struct buf){ 0 };
	assert_string_equal(s, "00007");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts_empty),
		cmocka_unit_test(bytes_and_strings),
		cmocka_unit_test(printf_short_and_long),
		cmocka_unit_test(grows_a_byte_at_a_time),
		cmocka_unit_test(clear_keeps_the_storage),
		cmocka_unit_test(out_of_memory_is_sticky),
		cmocka_unit_test(the_caller_may_take_p),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
