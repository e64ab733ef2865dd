#include "json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistr.h>

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
