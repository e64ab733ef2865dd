/* The CSV reader: every quoting form, line ends, BOM, encodings, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct rec {
	long line;
	size_t n;
	char f[8][64];
};

/* Parses s (UTF-8) into at most 8 records; returns how many, or -1 with err. */
static int parse(const char *s, size_t len, struct rec *out, struct err *err)
{
	struct csv_text t;
	struct csv c;
	int n = 0, rc;

	if (csv_decode("t.csv", s, len, CSV_UTF8, &t, err))
		return -1;
	csv_init(&c, t.data, t.len);
	while ((rc = csv_next(&c, err)) == 1 && n < 8) {
		out[n].line = c.rec_line;
		out[n].n = c.nfield;
		for (size_t i = 0; i < c.nfield && i < 8; i++)
			snprintf(out[n].f[i], sizeof out[n].f[i], "%s", c.field[i]);
		n++;
	}
	csv_free(&c);
	csv_text_free(&t);
	return rc < 0 ? -1 : n;
}

static void plain_and_quoted(void **state)
{
	const char s[] = "a,b,c\n1,\"two\",\"th,ree\"\n\"say \"\"hi\"\"\",,\"\"\n";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), 3);
	assert_int_equal(r[1].n, 3);
	assert_string_equal(r[1].f[1], "two");
	assert_string_equal(r[1].f[2], "th,ree");
	assert_string_equal(r[2].f[0], "say \"hi\"");
	assert_string_equal(r[2].f[1], "");
	assert_string_equal(r[2].f[2], "");
}

static void embedded_newlines_and_lines(void **state)
{
	const char s[] = "h1,h2\r\n\"line\r\nbreak\",x\r\n\"a\nb\nc\",y\r\nlast,z";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), 4);
	assert_int_equal(r[0].line, 1);
	assert_int_equal(r[1].line, 2);
	assert_string_equal(r[1].f[0], "line\r\nbreak");
	assert_int_equal(r[2].line, 4);
	assert_string_equal(r[2].f[0], "a\nb\nc");
	assert_int_equal(r[3].line, 7);
	assert_string_equal(r[3].f[0], "last");
}

static void last_record_without_newline(void **state)
{
	const char s[] = "h1,h2\nlast,z";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), 2);
	assert_int_equal(r[1].line, 2);
	assert_string_equal(r[1].f[1], "z");
}

static void bom_is_dropped(void **state)
{
	const char s[] = "\xEF\xBB\xBFref,name\nR1,\xE5\xB1\xB1\n";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), 2);
	assert_string_equal(r[0].f[0], "ref");
}

static void unterminated_quote(void **state)
{
	const char s[] = "a,b\n1,2\n\"open,3\n4,5\n";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), -1);
	assert_non_null(strstr(err.msg, "line 3"));
	assert_non_null(strstr(err.msg, "never closed"));
}

static void text_after_quote(void **state)
{
	const char s[] = "a,b\n\"x\"y,2\n";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), -1);
	assert_non_null(strstr(err.msg, "line 2"));
}

static void quote_inside_unquoted(void **state)
{
	const char s[] = "a,b\n1,2\nx\"y,2\n";
	struct rec r[8];
	struct err err = { "" };

	(void)state;
	assert_int_equal(parse(s, strlen(s), r, &err), -1);
	assert_non_null(strstr(err.msg, "line 3"));
}

static void invalid_utf8_names_line(void **state)
{
	const char s[] = "a,b\n1,2\n3,\xFF\xFE\n";
	struct csv_text t;
	struct err err = { "" };

	(void)state;
	assert_int_equal(csv_decode("t.csv", s, strlen(s), CSV_UTF8, &t, &err), -1);
	assert_non_null(strstr(err.msg, "t.csv:3:"));
	assert_non_null(strstr(err.msg, "cp932"));
}

/* A UTF-16 file (either byte order) is named as such, whatever encoding
 * was asked for: suggesting the other one would only fail again. */
static void utf16_is_named(void **state)
{
	const char le[] = "\xFF\xFEr\0e\0f\0\n\0", be[] = "\xFE\xFF\0r\0e\0f\0\n";
	struct csv_text t;
	struct err err = { "" };

	(void)state;
	for (int enc = CSV_UTF8; enc <= CSV_CP932; enc++) {
		assert_int_equal(csv_decode("u.csv", le, sizeof le - 1, (enum csv_encoding)enc, &t, &err), -1);
		assert_non_null(strstr(err.msg, "u.csv: the file is UTF-16"));
		assert_non_null(strstr(err.msg, "save it as UTF-8"));
		assert_null(strstr(err.msg, "--encoding"));
		err.msg[0] = '\0';
		assert_int_equal(csv_decode("u.csv", be, sizeof be - 1, (enum csv_encoding)enc, &t, &err), -1);
		assert_non_null(strstr(err.msg, "u.csv: the file is UTF-16"));
	}
}

static size_t to_cp932(const char *in, char *out, size_t size)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	char *ip = (char *)in, *op = out;
	size_t il = strlen(in), ol = size;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	return size - ol;
}

static void cp932_decodes(void **state)
{
	const char utf8[] = "ref,name,kana\r\nR1,\"髙橋\r\n一郎\",ﾀｶﾊｼ\r\nR2,表示,ソ\r\n";
	char raw[256];
	size_t n = to_cp932(utf8, raw, sizeof raw);
	struct csv_text t;
	struct err err = { "" };

	(void)state;
	assert_int_equal(csv_decode("x.csv", raw, n, CSV_CP932, &t, &err), 0);
	assert_string_equal(t.data, utf8);
	csv_text_free(&t);
}

static void cp932_bad_bytes_name_line(void **state)
{
	const char raw[] = "a,b\r\n1,2\r\n3,\x82\r\n";
	struct csv_text t;
	struct err err = { "" };

	(void)state;
	assert_int_equal(csv_decode("x.csv", raw, sizeof raw - 1, CSV_CP932, &t, &err), -1);
	assert_non_null(strstr(err.msg, "x.csv:3:"));
}

static void sha256_is_of_the_raw_bytes(void **state)
{
	struct csv_text t;
	struct err err = { "" };
	/* SHA-256("abc") */
	static const unsigned char want[4] = { 0xba, 0x78, 0x16, 0xbf };

	(void)state;
	assert_int_equal(csv_decode("x.csv", "abc", 3, CSV_UTF8, &t, &err), 0);
	assert_memory_equal(t.sha256, want, 4);
	csv_text_free(&t);
}

static void nul_in_field_is_kept_with_length(void **state)
{
	const char s[] = "a,b\n1\0x,2\n";
	struct csv_text t;
	struct csv c;
	struct err err = { "" };

	(void)state;
	assert_int_equal(csv_decode("x.csv", s, sizeof s - 1, CSV_UTF8, &t, &err), 0);
	csv_init(&c, t.data, t.len);
	assert_int_equal(csv_next(&c, &err), 1);
	assert_int_equal(csv_next(&c, &err), 1);
	assert_int_equal(c.flen[0], 3);
	assert_int_equal(csv_next(&c, &err), 0);
	csv_free(&c);
	csv_text_free(&t);
}

static void encoding_names(void **state)
{
	(void)state;
	assert_int_equal(csv_encoding_parse("utf-8"), CSV_UTF8);
	assert_int_equal(csv_encoding_parse("CP932"), CSV_CP932);
	assert_int_equal(csv_encoding_parse("latin1"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted),
		cmocka_unit_test(embedded_newlines_and_lines),
		cmocka_unit_test(last_record_without_newline),
		cmocka_unit_test(bom_is_dropped),
		cmocka_unit_test(unterminated_quote),
		cmocka_unit_test(text_after_quote),
		cmocka_unit_test(quote_inside_unquoted),
		cmocka_unit_test(invalid_utf8_names_line),
		cmocka_unit_test(utf16_is_named),
		cmocka_unit_test(cp932_decodes),
		cmocka_unit_test(cp932_bad_bytes_name_line),
		cmocka_unit_test(sha256_is_of_the_raw_bytes),
		cmocka_unit_test(nul_in_field_is_kept_with_length),
		cmocka_unit_test(encoding_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
