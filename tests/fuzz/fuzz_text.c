/*
 * libFuzzer target for src/text: display, wrap, fit and fold on arbitrary
 * bytes.  The first byte chooses the wrap width; every invariant the
 * screens rely on is checked with abort().
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "text_display.h"
#include "text_fold.h"
#include "text_utf8.h"
#include "text_width.h"
#include "text_wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_display(const char *d, enum text_ambi ambi)
{
	size_t n = strlen(d);

	check(text_valid_utf8(d, n, NULL));
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, (const uint8_t *)d + i, n - i);

		check(len > 0);
		check(uc >= 0x20 && !(uc >= 0x7F && uc < 0xA0));
		check(!(uc >= 0x202A && uc <= 0x202E) && !(uc >= 0x2066 && uc <= 0x2069));
		check(uc != 0x200E && uc != 0x200F && uc != 0x061C);
		if (ambi == TEXT_AMBI_DOUBLE)
			check(!text_is_ambiguous(uc));
		i += (size_t)len;
	}
}

static void check_wrap(const char *s, size_t n, int cols, int strict)
{
	struct text_line *l;
	size_t count = text_wrap(s, n, cols, &l), end = 0;

	check(count != (size_t)-1);
	for (size_t k = 0; k < count; k++) {
		check(l[k].off >= end);
		check(l[k].off + l[k].len <= n);
		if (strict) {
			for (size_t j = end; j < l[k].off; j++)
				check(s[j] == ' ' || s[j] == '\n');
			check(text_width(s + l[k].off, l[k].len) == l[k].width);
			check(l[k].width <= cols ||
			      text_grapheme_len(s + l[k].off, l[k].len) == l[k].len);
		}
		end = l[k].off + l[k].len;
	}
	if (strict)
		for (size_t j = end; j < n; j++)
			check(s[j] == ' ' || s[j] == '\n');
	free(l);
}

static void check_fold(const char *s, size_t n)
{
	struct text_fold f;
	size_t len;
	char *key;

	check(text_fold(s, n, &f) == 0);
	check(f.map[f.n] == n);
	check(strlen(f.s) <= f.n);
	for (size_t i = 0; i < f.n; i++) {
		check(f.map[i] < n);
		check(i == 0 || f.map[i] >= f.map[i - 1]);
	}
	check(text_valid_utf8(f.s, f.n, NULL));
	key = text_fold_key(s, n, &len);
	check(key && len == f.n && memcmp(key, f.s, len) == 0);
	free(key);
	text_fold_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *s = (const char *)data + 1;
	size_t n;
	int cols, w;

	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = 1;
	}
	if (size == 0)
		return 0;
	cols = 1 + data[0] % 80;
	n = size - 1;

	for (int ambi = 0; ambi < 2; ambi++) {
		char *d = text_display(s, n, (enum text_ambi)ambi);

		check(d != NULL);
		check_display(d, (enum text_ambi)ambi);
		check_wrap(d, strlen(d), cols, 1);
		check(text_fit(d, strlen(d), cols, &w) <= strlen(d));
		check(w <= cols);
		free(d);
	}
	/* Raw bytes with newlines and controls: no promise but safety. */
	check_wrap(s, n, cols, 0);
	check(text_width(s, n) >= 0);
	check_fold(s, n);
	return 0;
}
