#include "csv.h"
#include "i18n.h"

#include <errno.h>
#include <iconv.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

int csv_encoding_parse(const char *s)
{
	if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		return CSV_UTF8;
	if (!strcasecmp(s, "cp932") || !strcasecmp(s, "sjis") || !strcasecmp(s, "shift_jis") ||
	    !strcasecmp(s, "windows-31j"))
		return CSV_CP932;
	return -1;
}

static long line_of(const char *start, const char *pos)
{
	long line = 1;

	for (const char *p = start; p < pos; p++)
		if (*p == '\n')
			line++;
	return line;
}

/* CP932 never uses 0x0A as a trail byte, so counting newlines in the
 * undecoded input gives the right line. */
static int from_cp932(const char *name, const char *in, size_t n, struct csv_text *t, struct err *err)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	char *ip = (char *)(uintptr_t)in, *op;
	size_t il = n, ol = 3 * n + 1;

	if (cd == (iconv_t)-1)
		return err_set(err, _("%s: this system cannot convert CP932 (iconv: %s)"), name, strerror(errno));
	t->data = malloc(ol);
	if (!t->data) {
		iconv_close(cd);
		return err_set(err, _("%s: out of memory"), name);
	}
	op = t->data;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		int e = errno;

		iconv_close(cd);
		free(t->data);
		t->data = NULL;
		if (e == EILSEQ || e == EINVAL)
			return err_set(err, _("%s:%ld: bytes that are not CP932 (0x%02X); "
				       "is the file in another encoding? try --encoding utf-8"),
				       name, line_of(in, ip), (unsigned char)*ip);
		return err_set(err, _("%s: cannot convert from CP932: %s"), name, strerror(e));
	}
	iconv_close(cd);
	t->len = (size_t)(op - t->data);
	t->data[t->len] = '\0';
	return 0;
}

static int from_utf8(const char *name, const char *in, size_t n, struct csv_text *t, struct err *err)
{
	const uint8_t *bad;

	if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		in += 3;
		n -= 3;
	}
	bad = u8_check((const uint8_t *)in, n);
	if (bad)
		return err_set(err, _("%s:%ld: bytes that are not UTF-8 (0x%02X); "
			       "for a file saved by Excel try --encoding cp932"),
			       name, line_of(in, (const char *)bad), *bad);
	t->data = malloc(n + 1);
	if (!t->data)
		return err_set(err, _("%s: out of memory"), name);
	if (n)
		memcpy(t->data, in, n);
	t->data[n] = '\0';
	t->len = n;
	return 0;
}

/* Excel's "Unicode text" and some exports are UTF-16: neither decoder
 * reads it, and advising the other encoding would fail too. */
static bool utf16_bom(const char *in, size_t n)
{
	return n >= 2 && (memcmp(in, "\xFF\xFE", 2) == 0 || memcmp(in, "\xFE\xFF", 2) == 0);
}

int csv_decode(const char *name, const char *in, size_t n, enum csv_encoding enc,
	       struct csv_text *t, struct err *err)
{
	memset(t, 0, sizeof *t);
	crypto_hash_sha256(t->sha256, (const unsigned char *)in, n);
	if (utf16_bom(in, n))
		return err_set(err, _("%s: the file is UTF-16, which import does not read; save it as "
			       "UTF-8 (Excel: \"CSV UTF-8\") or CP932 (Excel: \"CSV\") and import that"),
			       name);
	if (enc == CSV_CP932)
		return from_cp932(name, in, n, t, err);
	return from_utf8(name, in, n, t, err);
}

int csv_load(const char *path, enum csv_encoding enc, struct csv_text *t, struct err *err)
{
	FILE *f = fopen(path, "rb");
	struct buf raw = { 0 };
	char chunk[1 << 16];
	size_t got;
	int rc;

	memset(t, 0, sizeof *t);
	if (!f)
		return err_set(err, "%s: %s", path, strerror(errno));
	buf_add(&raw, "", 0);                 /* an empty file is bytes too, not NULL */
	while (!raw.oom && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&raw, chunk, got);
	if (raw.oom)
		rc = err_set(err, _("%s: out of memory"), path);
	else if (ferror(f))
		rc = err_set(err, _("%s: cannot read: %s"), path, strerror(errno));
	else
		rc = 0;
	fclose(f);
	if (rc == 0)
		rc = csv_decode(path, raw.p, raw.n, enc, t, err);
	buf_free(&raw);
	return rc;
}

void csv_text_free(struct csv_text *t)
{
	free(t->data);
	t->data = NULL;
	t->len = 0;
}

void csv_init(struct csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof *c);
	c->p = data;
	c->end = data + len;
	c->line = 1;
}

void csv_free(struct csv *c)
{
	buf_free(&c->buf);
	free(c->off);
	free(c->field);
	free(c->flen);
	memset(c, 0, sizeof *c);
}

static int put(struct csv *c, char ch)
{
	return buf_add(&c->buf, &ch, 1);
}

static int start_field(struct csv *c)
{
	if (c->nfield == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		size_t *o = realloc(c->off, cap * sizeof *o);

		if (!o)
			return -1;
		c->off = o;
		o = realloc(c->flen, cap * sizeof *o);
		if (!o)
			return -1;
		c->flen = o;
		char **f = realloc(c->field, cap * sizeof *f);
		if (!f)
			return -1;
		c->field = f;
		c->cap = cap;
	}
	c->off[c->nfield++] = c->buf.n;
	return 0;
}

static int end_field(struct csv *c)
{
	size_t i = c->nfield - 1;

	c->flen[i] = c->buf.n - c->off[i];
	return put(c, '\0');
}

/* A line ends with LF or CRLF; a lone CR is kept as data. */
static int at_eol(const struct csv *c)
{
	return *c->p == '\n' || (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

static void skip_eol(struct csv *c)
{
	if (*c->p == '\r')
		c->p++;
	c->p++;
	c->line++;
}

static int quoted(struct csv *c, struct err *err)
{
	long open_line = c->line;

	c->p++;
	for (;;) {
		if (c->p >= c->end)
			return err_set(err, _("line %ld: a quoted field is never closed (a \" is missing)"), open_line);
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				if (put(c, '"'))
					return err_set(err, _("out of memory"));
				c->p += 2;
				continue;
			}
			c->p++;
			break;
		}
		if (*c->p == '\n')
			c->line++;
		if (put(c, *c->p++))
			return err_set(err, _("out of memory"));
	}
	if (c->p < c->end && *c->p != ',' && !at_eol(c))
		return err_set(err, _("line %ld: text after a closing quote; write \"\" for a quote inside a quoted field"),
			       c->line);
	return 0;
}

int csv_next(struct csv *c, struct err *err)
{
	c->nfield = 0;
	buf_clear(&c->buf);
	if (c->p >= c->end)
		return 0;
	c->rec_line = c->line;
	for (;;) {
		if (start_field(c))
			return err_set(err, _("out of memory"));
		if (c->p < c->end && *c->p == '"') {
			if (quoted(c, err))
				return -1;
		} else {
			while (c->p < c->end && *c->p != ',' && !at_eol(c)) {
				if (*c->p == '"')
					return err_set(err, _("line %ld: a quote inside an unquoted field; "
						       "quote the whole field and double the quote"), c->line);
				if (put(c, *c->p++))
					return err_set(err, _("out of memory"));
			}
		}
		if (end_field(c))
			return err_set(err, _("out of memory"));
		if (c->p >= c->end)
			break;
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		skip_eol(c);
		break;
	}
	for (size_t i = 0; i < c->nfield; i++)
		c->field[i] = c->buf.p + c->off[i];
	return 1;
}
