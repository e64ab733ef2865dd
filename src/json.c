#include "json.h"

#include <stdbool.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sqlite3.h>
#include <unistr.h>
#include "i18n.h"

/* Controls that must not reach a terminal or split a line: C0, DEL, C1,
 * and the two Unicode line separators JavaScript reads as newlines. */
static bool is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || uc == 0x2028 || uc == 0x2029;
}

void json_str(struct buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	buf_add(b, "\"", 1);
	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (len < 0) {
			buf_add(b, "\xef\xbf\xbd", 3);
			p++;
			continue;
		}
		if (uc == '"' || uc == '\\') {
			char esc[2] = { '\\', (char)uc };

			buf_add(b, esc, 2);
		} else if (is_control(uc)) {
			buf_printf(b, "\\u%04x", (unsigned)uc);
		} else {
			buf_add(b, p, (size_t)len);
		}
		p += len;
	}
	buf_add(b, "\"", 1);
}

void json_str_or_null(struct buf *b, const char *s)
{
	if (s)
		json_str(b, s, strlen(s));
	else
		buf_str(b, "null");
}

int json_object_each(const char *text, size_t n, json_each_fn fn, void *ctx, struct err *err)
{
	static const char sql[] = "SELECT key, value, type FROM json_each(?1)"
		" WHERE json_type(?1) = 'object'";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *type;
	int rc = -1, step;

	if (n > INT_MAX || sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT json_type(?1)", -1, &st, NULL) != SQLITE_OK) {
		err_set(err, "%s", _("out of memory"));
		goto out;
	}
	/* One object, not an array, a string or something that is not JSON. */
	sqlite3_bind_text(st, 1, text, (int)n, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || !(type = (const char *)sqlite3_column_text(st, 0)) ||
	    strcmp(type, "object") != 0) {
		err_set(err, "%s", _("not a JSON object: give one object, like {\"kana\":\"…\"}"));
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		st = NULL;
		err_set(err, "%s", _("out of memory"));
		goto out;
	}
	sqlite3_bind_text(st, 1, text, (int)n, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *vtype = (const char *)sqlite3_column_text(st, 2);

		if (!vtype || strcmp(vtype, "text") != 0) {
			err_set(err, _("\"%s\": its value must be a string"),
				(const char *)sqlite3_column_text(st, 0));
			goto out;
		}
		if ((rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
			     (const char *)sqlite3_column_text(st, 1))) != 0)
			goto out;
		rc = -1;
	}
	if (step != SQLITE_DONE)
		err_set(err, "%s", _("not JSON: give one object, like {\"kana\":\"…\"}"));
	else
		rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
