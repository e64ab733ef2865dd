#include "faq_scan.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

size_t faq_scan_anchor(const char *s, size_t n, const size_t *freq)
{
	size_t best = 0, rarest = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool last = i + 1 == n || ((unsigned char)s[i + 1] & 0xc0) != 0x80;
		size_t r;

		if (freq)
			r = freq[c];
		else
			r = c < 0x80 ? (c == ' ' ? 3 : 0) : c >= 0xc0 ? 4 : last ? 1 : 2;
		if (r < rarest) {
			rarest = r;
			best = i;
		}
	}
	return best;
}

const char *faq_scan_find(const char *from, const char *end, const char *needle, size_t n,
			  size_t k)
{
	const char *p, *limit;

	if (n == 0 || (size_t)(end - from) < n)
		return NULL;
	limit = end - (n - 1 - k);
	for (p = from + k; p < limit; p++) {
		p = memchr(p, needle[k], (size_t)(limit - p));
		if (!p)
			return NULL;
		if (p[n - 1 - k] == needle[n - 1] && memcmp(p - k, needle, n) == 0)
			return p - k;
	}
	return NULL;
}

int faq_scan_contains(const char *s, size_t n, const char *t, size_t m)
{
	return m <= n && faq_scan_find(s, s + n, t, m, faq_scan_anchor(t, m, NULL)) != NULL;
}
