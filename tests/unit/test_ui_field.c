/* Unit tests of ui/field: editing by grapheme cluster, the paste limit,
 * control characters, horizontal scrolling and drawing (into a curses
 * screen on /dev/null, read back cell by cell). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "field.h"
#include "text_display.h"
#include "text_utf8.h"
#include "text_width.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CHANGED (FIELD_CONSUMED | FIELD_CHANGED)

static int setup(void **state)
{
	struct field *f = malloc(sizeof *f);

	if (!f || field_init(f, 0))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	field_free(*state);
	free(*state);
	return 0;
}

static int ins(struct field *f, const char *s)
{
	return field_insert(f, s, strlen(s));
}

/* Byte offset of the cursor: it must always sit on a cluster boundary. */
static size_t cur_off(const struct field *f)
{
	return f->gc[f->cur].off;
}

static void keys(struct field *f, int key, int times)
{
	while (times-- > 0)
		field_key(f, key);
}

static void test_ascii(void **state)
{
	struct field *f = *state;

	assert_string_equal(field_text(f), "");
	assert_int_equal(ins(f, "abc"), CHANGED);
	assert_string_equal(field_text(f), "abc");
	assert_int_equal(field_chars(f), 3);
	assert_int_equal(f->cur, 3);
	assert_int_equal(field_key(f, 'd'), CHANGED);
	assert_string_equal(field_text(f), "abcd");
	assert_int_equal(f->gc[f->ngc].col[0], 4);
}

static void test_kana_kanji(void **state)
{
	struct field *f = *state;

	/* An IME commit: several characters in one batch. */
	assert_int_equal(ins(f, "やまだ太郎"), CHANGED);
	assert_int_equal(field_chars(f), 5);
	assert_int_equal(f->cur, 5);
	assert_int_equal(f->gc[5].col[0], 10);
	assert_int_equal(f->gc[5].col[1], 10);
	field_key(f, KEY_LEFT);
	field_key(f, KEY_LEFT);
	assert_int_equal(cur_off(f), strlen("やまだ"));
	assert_int_equal(ins(f, "・"), CHANGED);
	assert_string_equal(field_text(f), "やまだ・太郎");
	assert_int_equal(cur_off(f), strlen("やまだ・"));
}

static void test_halfwidth_kana(void **state)
{
	struct field *f = *state;

	/* ﾀﾞ: the half-width voiced mark extends the cluster before it. */
	ins(f, "ﾔﾏﾀﾞ");
	assert_int_equal(field_chars(f), 3);
	assert_int_equal(f->gc[3].col[0], text_width("ﾔﾏﾀﾞ", strlen("ﾔﾏﾀﾞ")));
	field_key(f, KEY_LEFT);
	assert_int_equal(cur_off(f), strlen("ﾔﾏ"));
	field_key(f, KEY_BACKSPACE);
	assert_string_equal(field_text(f), "ﾔﾀﾞ");
	field_key(f, KEY_DC);
	assert_string_equal(field_text(f), "ﾔ");
}

/* Clusters in s, as src/text sees them (libunistring before 1.1 does not
 * join ZWJ sequences or flag pairs; the field follows text either way). */
static size_t clusters(const char *s)
{
	size_t n = strlen(s), k = 0;

	for (size_t off = 0; off < n; k++)
		off += text_grapheme_len(s + off, n - off);
	return k;
}

static void test_emoji(void **state)
{
	struct field *f = *state;
	const char *family = "👨\u200d👩\u200d👧";
	size_t nf = clusters(family);

	ins(f, "😀");
	assert_int_equal(field_chars(f), 1);
	assert_int_equal(f->gc[1].col[0], 2);
	ins(f, family);
	ins(f, "🇯🇵");
	assert_int_equal(field_chars(f), 1 + nf + clusters("🇯🇵"));
	keys(f, KEY_LEFT, (int)clusters("🇯🇵"));
	assert_int_equal(cur_off(f), strlen("😀") + strlen(family));
	keys(f, KEY_BACKSPACE, (int)nf);
	assert_string_equal(field_text(f), "😀🇯🇵");
	assert_int_equal(f->cur, 1);
	field_key(f, KEY_HOME);
	field_key(f, KEY_DC);
	assert_string_equal(field_text(f), "🇯🇵");
}

static void test_combining(void **state)
{
	struct field *f = *state;

	/* ガ written as カ + U+3099, arriving in two batches (an IME may send
	 * the mark alone): it joins the カ, and the cursor ends after both. */
	ins(f, "カ");
	ins(f, "\u3099");
	assert_string_equal(field_text(f), "カ\u3099");
	assert_int_equal(field_chars(f), 1);
	assert_int_equal(f->cur, 1);
	ins(f, "e\u0301");
	assert_int_equal(field_chars(f), 2);
	assert_int_equal(field_key(f, KEY_BACKSPACE), CHANGED);
	assert_string_equal(field_text(f), "カ\u3099");
	assert_int_equal(field_key(f, KEY_BACKSPACE), CHANGED);
	assert_string_equal(field_text(f), "");
	assert_int_equal(field_key(f, KEY_BACKSPACE), FIELD_CONSUMED);
}

/* Deleting what stood between two halves of a cluster joins them (Hangul
 * jamo ᄀ + ᅡ): the cursor stays on a boundary, before the joined one. */
static void test_join_on_delete(void **state)
{
	struct field *f = *state;

	ins(f, "\u1100a\u1161");
	assert_int_equal(field_chars(f), 3);
	keys(f, KEY_LEFT, 1);
	assert_int_equal(field_key(f, KEY_BACKSPACE), CHANGED);
	assert_string_equal(field_text(f), "\u1100\u1161");
	assert_int_equal(field_chars(f), 1);
	assert_int_equal(f->cur, 0);
}

static void test_giant_cluster(void **state)
{
	struct field *f = *state;
	char s[1 + 2000];

	s[0] = 'a';
	for (int i = 0; i < 1000; i++)
		memcpy(s + 1 + 2 * i, "\xcc\x81", 2);  /* U+0301 */
	assert_int_equal(field_insert(f, s, sizeof s), CHANGED);
	assert_int_equal(field_chars(f), 1);
	assert_true(f->len <= FIELD_GC_MAX);
	assert_true(f->len >= FIELD_GC_MAX - 1);
	assert_true(text_valid_utf8(f->buf, f->len, NULL));
	assert_int_equal(field_cut(f), 0);
}

static void test_movement(void **state)
{
	struct field *f = *state;
	static const size_t offs[] = { 0, 1, 4, 8, 9 };  /* a あ 😀 b */

	ins(f, "aあ😀b");
	for (int i = 4; i >= 0; i--) {
		assert_int_equal(cur_off(f), offs[i]);
		field_key(f, KEY_LEFT);
	}
	assert_int_equal(field_key(f, KEY_LEFT), FIELD_CONSUMED);
	assert_int_equal(f->cur, 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(cur_off(f), offs[i]);
		field_key(f, i % 2 ? KEY_RIGHT : 6 /* ^F */);
	}
	assert_int_equal(f->cur, 4);
	field_key(f, 1);  /* ^A */
	assert_int_equal(f->cur, 0);
	field_key(f, 5);  /* ^E */
	assert_int_equal(f->cur, 4);
	field_key(f, KEY_HOME);
	field_key(f, KEY_RIGHT);
	field_key(f, KEY_RIGHT);
	assert_int_equal(ins(f, "|"), CHANGED);
	assert_string_equal(field_text(f), "aあ|😀b");
	field_key(f, KEY_END);
	assert_int_equal(cur_off(f), strlen("aあ|😀b"));
	field_key(f, 2);  /* ^B */
	assert_int_equal(cur_off(f), strlen("aあ|😀"));
}

static void test_backspace_delete(void **state)
{
	struct field *f = *state;

	ins(f, "漢字かな");
	assert_int_equal(field_key(f, KEY_BACKSPACE), CHANGED);
	assert_string_equal(field_text(f), "漢字か");
	assert_int_equal(field_key(f, 0x7f), CHANGED);
	assert_string_equal(field_text(f), "漢字");
	assert_int_equal(field_key(f, 8), CHANGED);  /* ^H */
	assert_string_equal(field_text(f), "漢");
	ins(f, "字かな");
	field_key(f, KEY_HOME);
	assert_int_equal(field_key(f, KEY_DC), CHANGED);
	assert_string_equal(field_text(f), "字かな");
	assert_int_equal(field_key(f, 4), CHANGED);  /* ^D */
	assert_string_equal(field_text(f), "かな");
	assert_int_equal(f->cur, 0);
	field_key(f, KEY_END);
	assert_int_equal(field_key(f, KEY_DC), FIELD_CONSUMED);
	assert_string_equal(field_text(f), "かな");
}

static void test_kill(void **state)
{
	struct field *f = *state;

	ins(f, "山田 太郎");
	keys(f, KEY_LEFT, 2);
	assert_int_equal(field_key(f, 11), CHANGED);  /* ^K */
	assert_string_equal(field_text(f), "山田 ");
	assert_int_equal(field_key(f, 11), FIELD_CONSUMED);
	field_key(f, KEY_LEFT);
	assert_int_equal(field_key(f, 21), CHANGED);  /* ^U */
	assert_string_equal(field_text(f), " ");
	assert_int_equal(f->cur, 0);
	assert_int_equal(field_key(f, 21), FIELD_CONSUMED);
}

/* Text after each Ctrl-W from the end of `s`, "" at last. */
static void check_words(struct field *f, const char *s, const char *const *after)
{
	field_set(f, s);
	for (; *after; after++) {
		assert_int_equal(field_key(f, 23), CHANGED);
		assert_string_equal(field_text(f), *after);
	}
	assert_int_equal(field_key(f, 23), FIELD_CONSUMED);
}

static void test_ctrl_w(void **state)
{
	struct field *f = *state;

	check_words(f, "hello  world ", (const char *const[]){ "hello  ", "", NULL });
	check_words(f, "山田たろうタロウ", (const char *const[]){ "山田たろう", "山田", "", NULL });
	check_words(f, "東京都\u3000渋谷区", (const char *const[]){ "東京都\u3000", "", NULL });
	/* ー goes with its neighbour: スーパー is one word, and so is らーめん. */
	check_words(f, "らーめんスーパー", (const char *const[]){ "らーめん", "", NULL });
	check_words(f, "田中taro@example.jp", (const char *const[]){ "田中", "", NULL });
	check_words(f, "ガス会社", (const char *const[]){ "ガス", "", NULL });
	check_words(f, "佐々木さん", (const char *const[]){ "佐々木", "", NULL });
	check_words(f, "ｻﾄｳﾗｰﾒﾝ店", (const char *const[]){ "ｻﾄｳﾗｰﾒﾝ", "", NULL });
	/* カ + U+3099 is a katakana cluster. */
	check_words(f, "漢カ\u3099キ", (const char *const[]){ "漢", "", NULL });

	/* In the middle: only the word before the cursor goes. */
	field_set(f, "山田 太郎");
	keys(f, KEY_LEFT, 3);
	assert_int_equal(field_key(f, 23), CHANGED);
	assert_string_equal(field_text(f), " 太郎");
	assert_int_equal(f->cur, 0);
}

/* A paste of about 1 MB: cut at the limit, with the note, in one pass. */
static void test_paste_limit(void **state)
{
	struct field *f = *state;
	size_t n = 1 << 20, i;
	char *big = malloc(n), note[128];

	assert_non_null(big);
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "あ", 3);
	memset(big + i, '\n', n - i);
	field_free(f);
	assert_int_equal(field_init(f, 10), 0);
	ins(f, "前");
	assert_null(field_note(f, note, sizeof note));
	assert_int_equal(field_insert(f, big, n), CHANGED);
	assert_int_equal(field_chars(f), 10);
	assert_string_equal(field_text(f), "前あああああああああ");
	assert_int_equal(field_cut(f), 10);
	assert_non_null(field_note(f, note, sizeof note));
	assert_non_null(strstr(note, "10"));

	/* Full: typing changes nothing, the note stays until an edit. */
	assert_int_equal(field_key(f, 'x'), FIELD_CONSUMED);
	assert_int_equal(field_chars(f), 10);
	field_key(f, KEY_LEFT);
	assert_int_equal(field_cut(f), 10);
	field_key(f, KEY_BACKSPACE);
	assert_int_equal(field_cut(f), 0);
	assert_int_equal(ins(f, "xyz"), CHANGED);
	assert_string_equal(field_text(f), "前あああああああxあ");
	assert_int_equal(f->cur, 9);
	assert_int_equal(field_cut(f), 10);

	/* The default limit, and a paste of only line breaks. */
	field_free(f);
	assert_int_equal(field_init(f, 0), 0);
	assert_int_equal(field_insert(f, big, n), CHANGED);
	assert_int_equal(field_chars(f), FIELD_MAX_DEFAULT);
	assert_int_equal(field_cut(f), FIELD_MAX_DEFAULT);
	field_clear(f);
	assert_int_equal(field_cut(f), 0);
	memset(big, '\n', n);
	assert_int_equal(field_insert(f, big, n), FIELD_CONSUMED);
	assert_string_equal(field_text(f), "");
	assert_int_equal(field_cut(f), 0);
	free(big);
}

/* Code point by code point, as a key decoder delivers a paste: once the
 * field is full, each further one is refused without reindexing. */
static void test_insert_cp(void **state)
{
	struct field *f = *state;

	assert_int_equal(field_insert_cp(f, 0x30ab), CHANGED);   /* カ */
	assert_int_equal(field_insert_cp(f, 0x3099), CHANGED);   /* ゙ */
	assert_int_equal(field_chars(f), 1);
	assert_int_equal(f->cur, 1);
	assert_int_equal(field_insert_cp(f, 0x1b), FIELD_CONSUMED);
	assert_int_equal(field_insert_cp(f, 0xd800), 0);
	assert_int_equal(field_insert_cp(f, 0x110000), 0);
	assert_string_equal(field_text(f), "カ\u3099");
	for (int i = 0; i < (1 << 20) / 3; i++)
		assert_true(field_insert_cp(f, i % 2 ? 0x3042 : 'a') > 0);
	assert_int_equal(field_chars(f), FIELD_MAX_DEFAULT);
	assert_int_equal(field_cut(f), FIELD_MAX_DEFAULT);
}

static void test_controls(void **state)
{
	struct field *f = *state;

	ins(f, "a\tb\r\nc\x1b[31md\x7f\xc2\x85" "e\xc2\x9b" "f\xe2\x80\xae" "g\xff\xc3" "h\n");
	assert_string_equal(field_text(f), "a b c[31md efgh");
	field_clear(f);
	ins(f, "山田\n太郎\r\n");
	assert_string_equal(field_text(f), "山田 太郎");
	field_clear(f);
	assert_int_equal(ins(f, "\x1b\x07\x01"), FIELD_CONSUMED);
	assert_string_equal(field_text(f), "");
	/* Control keys that are not the field's are not inserted either. */
	assert_int_equal(field_key(f, '\t'), 0);
	assert_int_equal(field_key(f, '\n'), 0);
	assert_int_equal(field_key(f, 0x1b), 0);
	assert_int_equal(field_key(f, KEY_UP), 0);
	assert_int_equal(field_key(f, KEY_F(1)), 0);
	assert_int_equal(field_key(f, 0xe9), 0);
	assert_string_equal(field_text(f), "");
}

/* A raw field (the call's note) keeps what was typed or pasted, but for
 * a line break, which terminals paste as CR: CR LF and CR become LF.
 * Every control and invalid byte is one 1-column character. */
static void test_raw_keeps(void **state)
{
	struct field *f = *state;
	static const char in[] = "a\tb\r\nc\x1b[31md\x7f\x08\xc2\x85" "e\xc2\x9b"
				 "f\xe2\x80\xae" "g\xff\xfe\xc3" "h\n";

	f->raw = true;
	assert_int_equal(ins(f, in), CHANGED);
	assert_string_equal(field_text(f), "a\tb\nc\x1b[31md\x7f\x08\xc2\x85" "e\xc2\x9b"
			    "f\xe2\x80\xae" "g\xff\xfe\xc3" "h\n");
	/* a TAB b LF c ESC [ 3 1 m d DEL BS NEL e CSI f RLO g FF FE C3 h LF */
	assert_int_equal(field_chars(f), 24);
	assert_int_equal(f->gc[f->ngc].col[0], 24);
	assert_int_equal(f->gc[f->ngc].col[1], 24);
	for (size_t i = 0; i < f->ngc; i++)
		assert_int_equal(f->gc[i].col[0], (int)i);
	/* NUL bytes alone are dropped: a C string cannot hold them. */
	field_clear(f);
	assert_int_equal(field_insert(f, "x\0y", 3), CHANGED);
	assert_string_equal(field_text(f), "xy");
	/* A lone CR is a line break too; LF LF are two characters; a
	 * combining mark never joins a control. */
	field_set(f, "\r\n\n\x1b\xcc\x81" "e\xcc\x81\r");
	assert_int_equal(field_chars(f), 6);
	assert_string_equal(field_text(f), "\n\n\x1b\xcc\x81" "e\xcc\x81\n");
	/* Typed keys still edit: control keys are not text. */
	field_clear(f);
	assert_int_equal(field_key(f, '\t'), 0);
	assert_int_equal(field_key(f, 0x1b), 0);
	assert_string_equal(field_text(f), "");
}

static void test_raw_edit(void **state)
{
	struct field *f = *state;

	f->raw = true;
	ins(f, "山\x1b\xff\r田");
	assert_int_equal(field_chars(f), 5);
	/* 山 is 2 columns, then three 1-column units, 田 2 more */
	assert_int_equal(f->gc[1].col[0], 2);
	assert_int_equal(f->gc[4].col[0], 5);
	assert_int_equal(f->gc[5].col[0], 7);
	field_key(f, KEY_LEFT);
	field_key(f, KEY_LEFT);
	assert_int_equal(cur_off(f), 5);        /* before the CR, stored as LF */
	field_key(f, KEY_BACKSPACE);            /* the 0xff byte */
	assert_string_equal(field_text(f), "山\x1b\n田");
	field_key(f, KEY_BACKSPACE);            /* the ESC */
	assert_string_equal(field_text(f), "山\n田");
	field_key(f, KEY_DC);                   /* the line break */
	assert_string_equal(field_text(f), "山田");
	/* The limit counts the units. */
	field_free(f);
	assert_int_equal(field_init(f, 3), 0);
	f->raw = true;
	ins(f, "\x01\x02\xff\x03\x04");
	assert_int_equal(field_chars(f), 3);
	assert_int_equal(field_cut(f), 3);
	assert_string_equal(field_text(f), "\x01\x02\xff");
}

/* The view of a raw field never holds a control byte once displayed. */
static void test_raw_view(void **state)
{
	struct field *f = *state;
	struct field_view v;

	f->raw = true;
	ins(f, "ab\x1b[31mc\rd\x08\x7f\xc2\x9b\xe2\x80\xae\xff\t\n");
	for (int cols = 1; cols < 20; cols++) {
		field_key(f, KEY_HOME);
		for (size_t i = 0; i <= f->ngc; i++) {
			char *d;

			field_view(f, cols, TEXT_AMBI_SINGLE, &v);
			assert_true(v.cursor_col < cols);
			d = text_display(f->buf + v.start, v.end - v.start, TEXT_AMBI_SINGLE);
			assert_non_null(d);
			for (const unsigned char *p = (const unsigned char *)d; *p; p++)
				assert_true(*p >= 0x20 && *p != 0x7f);
			assert_null(strstr(d, "\xc2\x9b"));
			assert_null(strstr(d, "\xe2\x80\xae"));
			free(d);
			field_key(f, KEY_RIGHT);
		}
	}
}

static void test_set_clear(void **state)
{
	struct field *f = *state;

	assert_int_equal(field_set(f, "090-1234-5678"), 0);
	assert_string_equal(field_text(f), "090-1234-5678");
	assert_int_equal(f->cur, 13);
	assert_int_equal(field_set(f, "ｶﾅ\tｶﾅ"), 0);
	assert_string_equal(field_text(f), "ｶﾅ ｶﾅ");
	field_clear(f);
	assert_string_equal(field_text(f), "");
	assert_int_equal(field_chars(f), 0);
	assert_int_equal(f->cur, 0);
}

/* Columns of text[a..b) as drawn. */
static int shown_width(const char *s, size_t a, size_t b, enum text_ambi ambi)
{
	char *d = text_display(s + a, b - a, ambi);
	int w;

	assert_non_null(d);
	w = text_width(d, strlen(d));
	free(d);
	return w;
}

static bool on_boundary(const struct field *f, size_t off)
{
	for (size_t i = 0; i <= f->ngc; i++)
		if (f->gc[i].off == off)
			return true;
	return false;
}

/* The view's promises, for every cursor position and width. */
static void check_views(struct field *f, const char *text)
{
	field_set(f, text);
	for (int a = 0; a < 2; a++) {
		enum text_ambi ambi = (enum text_ambi)a;
		int total = shown_width(f->buf, 0, f->len, ambi);

		assert_int_equal(f->gc[f->ngc].col[a], total);
		for (size_t cur = 0; cur <= f->ngc; cur++) {
			f->cur = cur;
			for (int cols = 1; cols <= 20; cols++) {
				struct field_view v;
				bool marks = cols >= 4;
				int room, w, need;

				field_view(f, cols, ambi, &v);
				assert_true(on_boundary(f, v.start));
				assert_true(on_boundary(f, v.end));
				assert_true(v.start <= cur_off(f));
				assert_int_equal(v.left, marks && v.start > 0);
				assert_int_equal(v.right, marks && v.end < f->len);
				assert_int_equal(v.text_col, v.left);
				room = cols - v.left - v.right;
				w = shown_width(f->buf, v.start, v.end, ambi);
				assert_true(w <= room);
				/* The cluster under the cursor is shown whole when
				 * it can be, or the cursor is at the end with a cell
				 * of its own. */
				need = cur < f->ngc ? f->gc[cur + 1].col[a] - f->gc[cur].col[a] : 1;
				if (need <= cols - (marks ? 2 : 0)) {
					if (cur < f->ngc)
						assert_true(f->gc[cur + 1].off <= v.end);
					else if (marks)
						assert_int_equal(v.end, f->len);
				}
				assert_int_equal(v.cursor_col, v.text_col +
						 shown_width(f->buf, v.start, cur_off(f), ambi));
				assert_true(v.cursor_col < cols - v.right);
				if (total < cols) {
					assert_false(v.left);
					assert_false(v.right);
				}
			}
		}
	}
}

static void test_view_invariants(void **state)
{
	struct field *f = *state;

	check_views(f, "");
	check_views(f, "abc");
	check_views(f, "あいうえおかきくけこさしすせそ");
	check_views(f, "aあbいcうdえeおfかgき");
	check_views(f, "山田 太郎 taro.yamada@example.jp 090-1234-5678");
	check_views(f, "ｶ\u3099ﾞﾔﾏﾀﾞ😀👨\u200d👩\u200d👧🇯🇵漢字");
	check_views(f, "…①○※αβ…①○※αβ…①○※⑳⑳⑳");
}

static void view(struct field *f, int cols, struct field_view *v)
{
	field_view(f, cols, TEXT_AMBI_SINGLE, v);
}

static void test_view_cases(void **state)
{
	struct field *f = *state;
	struct field_view v;

	field_set(f, "あいうえおかきくけこ");
	view(f, 5, &v);    /* <こ_  */
	assert_true(v.left);
	assert_false(v.right);
	assert_int_equal(v.start, strlen("あいうえおかきくけ"));
	assert_int_equal(v.cursor_col, 3);
	field_key(f, KEY_HOME);
	view(f, 5, &v);    /* あい> */
	assert_false(v.left);
	assert_true(v.right);
	assert_int_equal(v.start, 0);
	assert_int_equal(v.end, strlen("あい"));
	assert_int_equal(v.cursor_col, 0);
	keys(f, KEY_RIGHT, 5);
	view(f, 5, &v);    /* <か > */
	assert_true(v.left && v.right);
	assert_int_equal(v.start, strlen("あいうえお"));
	assert_int_equal(v.end, strlen("あいうえおか"));
	assert_int_equal(v.cursor_col, 1);
	view(f, 20, &v);   /* everything, and the cursor, fit in 20 */
	assert_false(v.left || v.right);
	field_key(f, KEY_END);
	view(f, 20, &v);   /* but the cursor's cell after it does not */
	assert_true(v.left);
	assert_int_equal(v.cursor_col, 19);
	view(f, 21, &v);
	assert_false(v.left || v.right);
	assert_int_equal(v.cursor_col, 20);

	/* Odd columns: never half a wide character at the left edge. */
	field_set(f, "aあいう");
	view(f, 5, &v);    /* <う_ : a column is lost, nothing is split */
	assert_int_equal(v.start, strlen("aあい"));
	assert_int_equal(v.cursor_col, 3);

	/* Tiny widths: no markers, the cursor still inside. */
	field_set(f, "あいう");
	for (int cols = 1; cols < 4; cols++) {
		for (size_t cur = 0; cur <= 3; cur++) {
			f->cur = cur;
			view(f, cols, &v);
			assert_false(v.left || v.right);
			assert_true(v.cursor_col < cols);
			assert_true(v.start <= cur_off(f));
		}
	}
	view(f, 0, &v);
	assert_int_equal(v.start, 0);
	assert_int_equal(v.end, 0);
}

/* One row of w as UTF-8, a wide character once for its two cells. */
static void row(WINDOW *w, int y, int x, int cols, char *out, size_t size)
{
	size_t o = 0;

	for (int c = x; c < x + cols;) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1] = { 0 };
		attr_t attr;
		short pair;
		char mb[MB_LEN_MAX];
		size_t l;
		int cw;

		assert_int_equal(mvwin_wch(w, y, c, &cc), OK);
		getcchar(&cc, wc, &attr, &pair, NULL);
		l = wcrtomb(mb, wc[0], &(mbstate_t){ 0 });
		assert_true(l != (size_t)-1 && o + l < size);
		memcpy(out + o, mb, l);
		o += l;
		cw = wcwidth(wc[0]);
		c += cw > 1 ? cw : 1;
	}
	out[o] = '\0';
}

static void test_draw(void **state)
{
	struct field *f = *state;
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	WINDOW *w;
	char got[256];

	assert_non_null(out);
	assert_non_null(in);
	scr = newterm("xterm", out, in);
	assert_non_null(scr);
	w = newwin(3, 30, 0, 0);
	assert_non_null(w);

	mvwaddstr(w, 1, 0, "##########");
	field_set(f, "あいうえおかきくけこ");
	field_draw(w, 1, 2, 5, f, true, TEXT_AMBI_SINGLE);
	assert_int_equal(getcurx(w), 2 + 3);
	assert_int_equal(getcury(w), 1);
	row(w, 1, 0, 10, got, sizeof got);
	assert_string_equal(got, "##<こ  ###");

	field_key(f, KEY_HOME);
	keys(f, KEY_RIGHT, 5);
	field_draw(w, 1, 2, 5, f, true, TEXT_AMBI_SINGLE);
	assert_int_equal(getcurx(w), 3);
	row(w, 1, 0, 10, got, sizeof got);
	assert_string_equal(got, "##<か >###");

	/* Not focused: the window's cursor is left alone. */
	wmove(w, 0, 0);
	field_set(f, "abc");
	field_draw(w, 1, 2, 5, f, false, TEXT_AMBI_SINGLE);
	assert_int_equal(getcurx(w), 0);
	assert_int_equal(getcury(w), 0);
	row(w, 1, 0, 10, got, sizeof got);
	assert_string_equal(got, "##abc  ###");

	/* What a paste brought is drawn sanitised, within the columns. */
	field_set(f, "x\xe2\x80\xae" "y…z");
	field_draw(w, 1, 2, 8, f, true, TEXT_AMBI_DOUBLE);
	row(w, 1, 0, 10, got, sizeof got);
	assert_null(strstr(got, "\xe2\x80\xae"));
	assert_null(strstr(got, "…"));
	assert_int_equal(strncmp(got, "##xy", 4), 0);

	/* A raw field: each control a "?" in its own cell. */
	f->raw = true;
	field_set(f, "a\x1b[31mb\rc\xff");
	field_draw(w, 1, 2, 12, f, true, TEXT_AMBI_SINGLE);
	row(w, 1, 0, 14, got, sizeof got);
	assert_string_equal(got, "##a?[31mb?c?  ");
	assert_int_equal(getcurx(w), 2 + 11);
	f->raw = false;

	/* Clipped to the window. */
	field_set(f, "0123456789");
	field_draw(w, 2, 25, 10, f, true, TEXT_AMBI_SINGLE);
	assert_int_equal(getcurx(w), 29);
	row(w, 2, 25, 5, got, sizeof got);
	assert_string_equal(got, "<789 ");

	delwin(w);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ascii, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kana_kanji, setup, teardown),
		cmocka_unit_test_setup_teardown(test_halfwidth_kana, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emoji, setup, teardown),
		cmocka_unit_test_setup_teardown(test_combining, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_on_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_giant_cluster, setup, teardown),
		cmocka_unit_test_setup_teardown(test_movement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backspace_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctrl_w, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_cp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_keeps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_invariants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draw, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
