/* Key decoding (ui/input) and the key table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "input.h"
#include "keymap.h"

/* Feeds bytes (and ncurses codes) and collects every key, as the screen
 * would after a timeout (final). */
static int decode(const int *in, size_t n, int *keys, size_t max)
{
	struct input st = { .n = 0 };
	size_t k = 0;
	int key;

	for (size_t i = 0; i < n; i++) {
		input_push(&st, in[i]);
		while (k < max && input_take(&st, false, &key))
			keys[k++] = key;
	}
	while (k < max && input_take(&st, true, &key))
		keys[k++] = key;
	return (int)k;
}

#define DECODE(...) do { \
	static const int in_[] = { __VA_ARGS__ }; \
	nkeys = decode(in_, sizeof in_ / sizeof in_[0], keys, 16); \
} while (0)

static int keys[16], nkeys;

static void test_ascii_and_utf8(void **state)
{
	(void)state;
	DECODE('/', 0xe3, 0x82, 0xab, 0xf0, 0x9f, 0x98, 0x80);   /* / カ 😀 */
	assert_int_equal(nkeys, 3);
	assert_int_equal(keys[0], '/');
	assert_int_equal(keys[1], 0x30ab);
	assert_int_equal(keys[2], 0x1f600);
}

static void test_invalid_bytes_lose_nothing(void **state)
{
	(void)state;
	/* Latin-1 or Shift_JIS bytes, then a search typed normally. */
	DECODE(0xff, 0xfe, '/', 0xe3, 0x82, 0xab, 'a');
	assert_int_equal(nkeys, 3);
	assert_int_equal(keys[0], '/');
	assert_int_equal(keys[1], 0x30ab);
	assert_int_equal(keys[2], 'a');
}

static void test_truncated_sequence_resyncs(void **state)
{
	(void)state;
	/* カ cut after two bytes, then x: the x survives. */
	DECODE(0xe3, 0x82, 'x', 0x83, 'y');
	assert_int_equal(nkeys, 2);
	assert_int_equal(keys[0], 'x');
	assert_int_equal(keys[1], 'y');
	/* A start byte right after another start byte. */
	DECODE(0xe3, 0xe3, 0x82, 0xab);
	assert_int_equal(nkeys, 1);
	assert_int_equal(keys[0], 0x30ab);
	/* Cut off by the end of input. */
	DECODE('a', 0xe3, 0x82);
	assert_int_equal(nkeys, 1);
	assert_int_equal(keys[0], 'a');
}

static void test_overlong_and_surrogates_rejected(void **state)
{
	(void)state;
	DECODE(0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 'z');
	assert_int_equal(nkeys, 1);
	assert_int_equal(keys[0], 'z');
}

static void test_escape_sequences(void **state)
{
	(void)state;
	/* PuTTY/Tera Term F1 and F10, xterm F1, the Linux console's F1. */
	DECODE(0x1b, '[', '1', '1', '~', 0x1b, '[', '2', '1', '~', 0x1b, 'O', 'P', 0x1b, '[', '[', 'A');
	assert_int_equal(nkeys, 4);
	assert_int_equal(keys[0], INPUT_FN(KEY_F(1)));
	assert_int_equal(keys[1], INPUT_FN(KEY_F(10)));
	assert_int_equal(keys[2], INPUT_FN(KEY_F(1)));
	assert_int_equal(keys[3], INPUT_FN(KEY_F(1)));
	DECODE(0x1b, '[', 'A', 0x1b, 'O', 'B', 0x1b, '[', '5', '~', 0x1b, '[', '6', ';', '2', '~',
	       0x1b, '[', '1', '~', 0x1b, '[', '4', '~', 0x1b, 'O', 'M', 0x1b, 'O', 'q');
	assert_int_equal(nkeys, 8);
	assert_int_equal(keys[0], INPUT_FN(KEY_UP));
	assert_int_equal(keys[1], INPUT_FN(KEY_DOWN));
	assert_int_equal(keys[2], INPUT_FN(KEY_PPAGE));
	assert_int_equal(keys[3], INPUT_FN(KEY_NPAGE));
	assert_int_equal(keys[4], INPUT_FN(KEY_HOME));
	assert_int_equal(keys[5], INPUT_FN(KEY_END));
	assert_int_equal(keys[6], INPUT_ENTER);
	assert_int_equal(keys[7], '1');          /* application keypad */
}

static void test_escape_alone_and_alt(void **state)
{
	struct input st = { .n = 0 };
	int key = 0;

	(void)state;
	input_push(&st, 0x1b);
	assert_false(input_take(&st, false, &key));     /* wait for more */
	assert_true(input_take(&st, true, &key));       /* timed out: Esc */
	assert_int_equal(key, INPUT_ESC);
	DECODE(0x1b, 'x');
	assert_int_equal(nkeys, 2);
	assert_int_equal(keys[0], INPUT_ESC);
	assert_int_equal(keys[1], 'x');
	/* Alt-1 … Alt-4 are the call keys F1-F4; Alt-5 is Esc and 5. */
	DECODE(0x1b, '2', 0x1b, '1', 0x1b, '4', 0x1b, '5');
	assert_int_equal(nkeys, 5);
	assert_int_equal(keys[0], INPUT_FN(KEY_F(2)));
	assert_int_equal(keys[1], INPUT_FN(KEY_F(1)));
	assert_int_equal(keys[2], INPUT_FN(KEY_F(4)));
	assert_int_equal(keys[3], INPUT_ESC);
	assert_int_equal(keys[4], '5');
}

static void test_unknown_sequence_swallowed(void **state)
{
	(void)state;
	/* A late cursor-position reply must not type "[12;3R". */
	DECODE(0x1b, '[', '1', '2', ';', '3', 'R', 'a', 0x1b, '[', '9', '9', '~', 'b');
	assert_int_equal(nkeys, 2);
	assert_int_equal(keys[0], 'a');
	assert_int_equal(keys[1], 'b');
}

static void test_backspace_enter_and_curses_keys(void **state)
{
	(void)state;
	DECODE(0x7f, 0x08, KEY_BACKSPACE, '\r', '\n', KEY_ENTER, KEY_DOWN, KEY_RESIZE, 0x03);
	assert_int_equal(nkeys, 9);
	assert_int_equal(keys[0], INPUT_BS);
	assert_int_equal(keys[1], INPUT_BS);
	assert_int_equal(keys[2], INPUT_BS);
	assert_int_equal(keys[3], INPUT_ENTER);
	assert_int_equal(keys[4], INPUT_ENTER);
	assert_int_equal(keys[5], INPUT_ENTER);
	assert_int_equal(keys[6], INPUT_FN(KEY_DOWN));
	assert_int_equal(keys[7], INPUT_FN(KEY_RESIZE));
	assert_int_equal(keys[8], INPUT_CTRL('C'));
}

static void test_flood_without_key(void **state)
{
	struct input st = { .n = 0 };
	int key;

	(void)state;
	/* An endless CSI parameter list must not wedge the decoder. */
	input_push(&st, 0x1b);
	input_push(&st, '[');
	for (int i = 0; i < 100; i++) {
		input_push(&st, '1');
		while (input_take(&st, false, &key))
			;
	}
	input_push(&st, 'q');
	while (input_take(&st, true, &key) && key != 'q')
		;
	assert_int_equal(key, 'q');
}

static void push_str(struct input *st, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		input_push(st, (unsigned char)s[i]);
}

/* Bracketed paste: the bytes between the markers are data, not keys. */
static void test_paste(void **state)
{
	static const char body[] = "a\x1b[31m\r\x08\t\xff\xfe\xe2\x80\xae\x1b[201x\x1b[20";
	struct input st = { .n = 0 };
	const char *p;
	size_t n;
	bool cut;
	int key;

	(void)state;
	push_str(&st, "x\x1b[200~", 7);
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, 'x');
	assert_false(input_take(&st, false, &key));
	assert_true(st.pasting);
	/* fed byte by byte, taking after each, as input_get does */
	for (size_t i = 0; i < sizeof body - 1; i++) {
		input_push(&st, (unsigned char)body[i]);
		assert_false(input_take(&st, false, &key));
	}
	/* a half end marker at a timeout is data */
	assert_false(input_take(&st, true, &key));
	push_str(&st, "\x1b[201", 5);
	assert_false(input_take(&st, false, &key));
	push_str(&st, "~y", 2);
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, INPUT_PASTE);
	p = input_paste(&st, &n, &cut);
	assert_int_equal(n, sizeof body - 1);
	assert_memory_equal(p, body, n);
	assert_false(cut);
	/* typed keys again after it */
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, 'y');
	/* an empty paste */
	push_str(&st, "\x1b[200~\x1b[201~", 12);
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, INPUT_PASTE);
	p = input_paste(&st, &n, &cut);
	assert_int_equal(n, 0);
	assert_string_equal(p, "");
	input_free(&st);
}

static void test_paste_limit(void **state)
{
	struct input st = { .n = 0 };
	const char *p;
	size_t n;
	bool cut;
	int key;

	(void)state;
	push_str(&st, "\x1b[200~", 6);
	assert_false(input_take(&st, false, &key));
	for (size_t i = 0; i < INPUT_PASTE_MAX + 1000; i++) {
		input_push(&st, 'a' + (int)(i % 26));
		assert_false(input_take(&st, false, &key));
	}
	push_str(&st, "\x1b[201~\x1b[A", 9);
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, INPUT_PASTE);
	p = input_paste(&st, &n, &cut);
	assert_true(cut);
	assert_int_equal(n, INPUT_PASTE_MAX);
	assert_int_equal(p[n - 1], 'a' + (int)((n - 1) % 26));
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, INPUT_FN(KEY_UP));
	input_free(&st);
	assert_null(st.paste);
}

/* A start marker whose end never comes ends by time: after a silence, or
 * after too long in all; the keys after it are keys again. */
static void test_paste_without_end(void **state)
{
	struct input st = { .n = 0 };
	const char *p;
	size_t n;
	bool cut;
	int key;

	(void)state;
	push_str(&st, "\x1b[200~ab\x1b[20", 11);
	assert_false(input_take(&st, false, &key));
	assert_true(st.pasting);
	assert_false(input_paste_tick(&st, 1000, true, &key));
	assert_false(input_paste_tick(&st, 1000 + INPUT_PASTE_IDLE_MS - 1, false, &key));
	assert_true(input_paste_tick(&st, 1000 + INPUT_PASTE_IDLE_MS, false, &key));
	assert_int_equal(key, INPUT_PASTE);
	assert_false(st.pasting);
	assert_true(st.paste_unended);
	p = input_paste(&st, &n, &cut);
	assert_true(cut);
	/* the half end marker that waited is part of what came */
	assert_int_equal(n, 5);
	assert_memory_equal(p, "ab\x1b[20", 5);
	/* F10 works again */
	push_str(&st, "\x1b[21~", 5);
	assert_true(input_take(&st, false, &key));
	assert_int_equal(key, INPUT_FN(KEY_F(10)));

	/* Bytes that keep coming still end at the total time. */
	push_str(&st, "\x1b[200~", 6);
	assert_false(input_take(&st, false, &key));
	for (long t = 0; t < INPUT_PASTE_AGE_MS; t += 100) {
		input_push(&st, 'x');
		assert_false(input_take(&st, false, &key));
		assert_false(input_paste_tick(&st, 5000 + t, true, &key));
	}
	assert_true(input_paste_tick(&st, 5000 + INPUT_PASTE_AGE_MS, true, &key));
	assert_int_equal(key, INPUT_PASTE);
	/* a finished paste is not ended again */
	assert_false(input_paste_tick(&st, 999999, false, &key));
	input_free(&st);
}

static void test_keymap(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(keymap_action('q'), ACT_QUIT);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(10))), ACT_QUIT);
	assert_int_equal(keymap_action('7'), ACT_JUMP);
	assert_int_equal(keymap_action('/'), ACT_SEARCH);
	assert_int_equal(keymap_action(INPUT_CTRL('C')), ACT_INTERRUPT);
	assert_int_equal(keymap_action('x'), ACT_NONE);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(1))), ACT_FAQ_VIEW);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(2))), ACT_FORM);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(3))), ACT_WRAPUP);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(4))), ACT_NEW_CALL);
	assert_int_equal(keymap_action(INPUT_FN(KEY_F(7))), ACT_SUGGEST);
	/* Keys shared with the FAQ keep their FAQ meaning in the table. */
	assert_int_equal(keymap_action('\t'), ACT_FOCUS);
	assert_int_equal(keymap_action(INPUT_ENTER), ACT_OPEN);
	assert_int_equal(keymap_action(' '), ACT_PGDN);
	assert_string_equal(keymap_key_name(INPUT_FN(KEY_F(10)), buf, sizeof buf), "F10");
	assert_string_equal(keymap_key_name(INPUT_CTRL('C'), buf, sizeof buf), "Ctrl-C");
	assert_string_equal(keymap_key_name(INPUT_FN(KEY_NPAGE), buf, sizeof buf), "PgDn");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_and_utf8),
		cmocka_unit_test(test_invalid_bytes_lose_nothing),
		cmocka_unit_test(test_truncated_sequence_resyncs),
		cmocka_unit_test(test_overlong_and_surrogates_rejected),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_escape_alone_and_alt),
		cmocka_unit_test(test_unknown_sequence_swallowed),
		cmocka_unit_test(test_backspace_enter_and_curses_keys),
		cmocka_unit_test(test_flood_without_key),
		cmocka_unit_test(test_paste),
		cmocka_unit_test(test_paste_limit),
		cmocka_unit_test(test_paste_without_end),
		cmocka_unit_test(test_keymap),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
