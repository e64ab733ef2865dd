#include "text_utf8.h"

#include <stdint.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

void text_copy_cut(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool text_valid_utf8(const char *s, size_t n, size_t *bad)
{
	const uint8_t *p = u8_check((const uint8_t *)s, n);

	if (!p)
		return true;
	if (bad)
		*bad = (size_t)(p - (const uint8_t *)s);
	return false;
}

enum text_typed text_check_typed(const char *s, size_t n, size_t *at, unsigned int *uc, bool *ascii)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	size_t i = 0;

	*ascii = true;
	if (bad) {
		*at = (size_t)(bad - (const uint8_t *)s);
		return TEXT_TYPED_BAD_UTF8;
	}
	while (i < n) {
		ucs4_t c;
		int len = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

		if (c >= 0x80)
			*ascii = false;
		if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029 ||
		    (c >= 0xA0 && uc_is_general_category(c, UC_CATEGORY_Cf))) {
			*at = i;
			*uc = (unsigned int)c;
			return TEXT_TYPED_CONTROL;
		}
		i += (size_t)len;
	}
	return TEXT_TYPED_OK;
}

