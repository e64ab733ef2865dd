#include "export.h"
#include "buf.h"
#include "i18n.h"
#include "json.h"
#include "logview_day.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#define BOM "\xef\xbb\xbf"         /* what Excel needs to read UTF-8 */
#define FFFD "\xef\xbf\xbd"

struct export {
	enum export_fmt fmt;
	iconv_t cd;                /* to CP932, or (iconv_t)-1 */
	FILE *out;
	const char *cols[EXPORT_MAX_COLS];
	int ncols;
	const char *const *names;  /* the row layout map[] was made for */
	int map[EXPORT_MAX_COLS];  /* each column's place in the row, -1: none */
	struct buf b;
	long rows;
};

int export_columns(enum inq_table t, const char **names)
{
	int n, got = 0;
	const char *const *data = inq_columns(t, &n);

	names[got++] = "seq";
	for (int i = 0; i < n && got < EXPORT_MAX_COLS; i++)
		if (strcmp(data[i], "origin_hash") != 0)
			names[got++] = data[i];
	return got;
}

int export_open(enum export_fmt fmt, enum inq_table t, FILE *out, struct export **xp,
		struct err *err)
{
	struct export *x = calloc(1, sizeof *x);

	*xp = NULL;
	if (!x)
		return err_set(err, _("out of memory"));
	x->fmt = fmt;
	x->out = out;
	x->cd = (iconv_t)-1;
	x->ncols = export_columns(t, x->cols);
	if (fmt == EXPORT_CSV_CP932 && (x->cd = iconv_open("CP932", "UTF-8")) == (iconv_t)-1) {
		free(x);
		return err_set(err, _("this system has no CP932 converter"));
	}
	*xp = x;
	return 0;
}

void export_free(struct export *x)
{
	if (!x)
		return;
	if (x->cd != (iconv_t)-1)
		iconv_close(x->cd);
	buf_free(&x->b);
	free(x);
}

/* ------------------------------------------------------------------ */
/* CSV */

static bool is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || uc == 0x2028 || uc == 0x2029;
}

/* A time column: at, started_at, ended_at. */
static bool time_col(const char *name)
{
	size_t n = strlen(name);

	return n >= 2 && strcmp(name + n - 2, "at") == 0 && (n == 2 || name[n - 3] == '_');
}

/* Cells Excel would read as a formula get a leading apostrophe. */
static bool formula_like(const char *v)
{
	return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
}

/* s[0..n) as CSV text: quotes doubled; TAB, CR and LF kept (the field is
 * quoted); other controls and bytes that are not UTF-8 as U+FFFD. */
static void csv_text(struct buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (len < 0) {
			buf_str(b, FFFD);
			len = 1;
		} else if (uc == '"') {
			buf_str(b, "\"\"");
		} else if (is_control(uc) && uc != '\t' && uc != '\n' && uc != '\r') {
			buf_str(b, FFFD);
		} else {
			buf_add(b, p, (size_t)len);
		}
		p += len;
	}
}

static void csv_cell(struct buf *b, const char *v, size_t n)
{
	if (!strpbrk(v, ",\"\r\n") && !formula_like(v)) {
		csv_text(b, v, n);
		return;
	}
	buf_str(b, formula_like(v) ? "\"'" : "\"");
	csv_text(b, v, n);
	buf_str(b, "\"");
}

static void csv_header(struct export *x)
{
	for (int j = 0; j < x->ncols; j++) {
		buf_str(&x->b, j ? "," : "");
		buf_str(&x->b, x->cols[j]);
	}
	/* started_at → started_local; at → at_local */
	for (int j = 0; j < x->ncols; j++) {
		const char *name = x->cols[j];

		if (!time_col(name))
			continue;
		buf_str(&x->b, ",");
		buf_add(&x->b, name, strcmp(name, "at") == 0 ? 2 : strlen(name) - 3);
		buf_str(&x->b, "_local");
	}
	buf_str(&x->b, "\r\n");
}

static const char *value(const struct export *x, const struct inq_row *r, int j, size_t *n)
{
	int i = x->map[j];

	*n = i >= 0 && r->values[i] ? (size_t)r->lens[i] : 0;
	return i >= 0 ? r->values[i] : NULL;
}

static void csv_row(struct export *x, const struct inq_row *r)
{
	char local[LOGVIEW_LOCAL_LEN + 1];
	size_t n;

	for (int j = 0; j < x->ncols; j++) {
		const char *v = value(x, r, j, &n);

		buf_str(&x->b, j ? "," : "");
		if (v)
			csv_cell(&x->b, v, n);
	}
	for (int j = 0; j < x->ncols; j++) {
		if (!time_col(x->cols[j]))
			continue;
		logview_local_text(value(x, r, j, &n), local);
		buf_str(&x->b, ",");
		buf_str(&x->b, local);
	}
	buf_str(&x->b, "\r\n");
}

/* ------------------------------------------------------------------ */
/* JSON Lines */

static void json_row(struct export *x, const struct inq_row *r)
{
	size_t n;

	for (int j = 0; j < x->ncols; j++) {
		const char *v = value(x, r, j, &n), *name = x->cols[j];

		buf_str(&x->b, j ? ",\"" : "{\"");
		buf_str(&x->b, name);
		buf_str(&x->b, "\":");
		if (!v)
			buf_str(&x->b, "null");
		else if (strcmp(name, "seq") == 0)
			buf_add(&x->b, v, n);
		else if (strcmp(name, "escalate") == 0)
			buf_str(&x->b, strcmp(v, "0") ? "true" : "false");
		else
			json_str(&x->b, v, n);
	}
	buf_str(&x->b, "}\n");
}

/* ------------------------------------------------------------------ */
/* Writing */

/* The buffer to out, through the CP932 converter when there is one; what
 * CP932 cannot hold becomes '?'. */
static int emit(struct export *x, struct err *err)
{
	char obuf[4096], *in = x->b.p;
	size_t left = x->b.n;

	while (x->cd != (iconv_t)-1 && left > 0) {
		char *o = obuf;
		size_t room = sizeof obuf;
		size_t r = iconv(x->cd, &in, &left, &o, &room);

		fwrite(obuf, 1, (size_t)(o - obuf), x->out);
		if (r == (size_t)-1 && errno == EILSEQ) {
			int len = u8_mblen((const uint8_t *)in, left);

			len = len > 0 ? len : 1;
			fputc('?', x->out);
			in += len;
			left -= (size_t)len;
		} else if (r == (size_t)-1 && errno != E2BIG) {
			return err_set(err, _("cannot convert to CP932"));
		}
	}
	if (x->cd == (iconv_t)-1)
		fwrite(x->b.p, 1, x->b.n, x->out);
	return ferror(x->out) ? err_set(err, _("cannot write the export")) : 0;
}

/* The BOM and the header, before the first row (or instead of one). */
static void start(struct export *x)
{
	if (x->rows > 0 || x->fmt == EXPORT_JSONL)
		return;
	if (x->fmt == EXPORT_CSV)
		buf_str(&x->b, BOM);
	csv_header(x);
}

/* Where each column is in rows laid out as r (found by name). */
static void map_row(struct export *x, const struct inq_row *r)
{
	for (int j = 0; j < x->ncols; j++) {
		x->map[j] = -1;
		for (int i = 0; i < r->n && x->map[j] < 0; i++)
			if (strcmp(r->names[i], x->cols[j]) == 0)
				x->map[j] = i;
	}
	x->names = r->names;
}

int export_row(struct export *x, const struct inq_row *r, struct err *err)
{
	if (r->names != x->names)
		map_row(x, r);
	buf_clear(&x->b);
	start(x);
	if (x->fmt == EXPORT_JSONL)
		json_row(x, r);
	else
		csv_row(x, r);
	if (x->b.oom)
		return err_set(err, _("out of memory"));
	if (emit(x, err))
		return -1;
	x->rows++;
	return 0;
}

long export_finish(struct export *x, struct err *err)
{
	buf_clear(&x->b);
	start(x);
	if (x->b.oom)
		return err_set(err, _("out of memory"));
	if (x->b.n && emit(x, err))
		return -1;
	if (fflush(x->out) != 0)
		return err_set(err, _("cannot write the export"));
	return x->rows;
}

/* The rows to the exporter; the first failure stops inq_each and is kept. */
struct exporting {
	struct export *x;
	struct err err;
	bool failed;
};

static int export_one(const struct inq_row *r, void *ctx)
{
	struct exporting *e = ctx;

	e->failed = export_row(e->x, r, &e->err) != 0;
	return e->failed;
}

long export_log(const char *path, enum inq_table t, const struct inq_filter *f,
		enum export_fmt fmt, FILE *out, struct err *err)
{
	struct exporting e = { .failed = false };
	long rows = -1;

	if (export_open(fmt, t, out, &e.x, err))
		return -1;
	if (inq_each(path, t, f, export_one, &e, err) == 0) {
		if (!e.failed)
			rows = export_finish(e.x, &e.err);
		if (rows < 0)
			*err = e.err;
	}
	export_free(e.x);
	return rows;
}
