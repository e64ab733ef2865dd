#include "text_width.h"

#include <stdint.h>
#include <wchar.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>

#include "text_ambi.h"

static bool is_regional(const uint8_t *s, size_t n)
{
	ucs4_t uc;

	return u8_mbtoucr(&uc, s, n) == 4 && uc >= 0x1F1E6 && uc <= 0x1F1FF;
}

size_t text_grapheme_len(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	const uint8_t *next;

	if (n == 0)
		return 0;
	/* The common case, an ASCII character not followed by a combining
	 * sequence, without the cost of the full cluster rules. */
	if (p[0] < 0x80 && (n == 1 || (p[1] < 0x80 && !(p[0] == '\r' && p[1] == '\n'))))
		return 1;
	next = u8_grapheme_next(p, p + n);
	if (!next || next <= p)
		return 1;
	/* libunistring 1.0 lacks rules GB12/13 (a flag is two regional
	 * indicators) and GB11 (an emoji ZWJ sequence is one cluster). */
	if (next == p + 4 && next < p + n && is_regional(p, 4) &&
	    is_regional(next, (size_t)(p + n - next)))
		next = u8_grapheme_next(next, p + n);
	while (next < p + n) {
		ucs4_t last, following;

		if (!u8_prev(&last, next, p) || last != 0x200D ||
		    u8_mbtoucr(&following, next, (size_t)(p + n - next)) <= 0 ||
		    !uc_is_property_extended_pictographic(following))
			break;
		next = u8_grapheme_next(next, p + n);
	}
	return (size_t)(next - p);
}

int text_cluster_width(const char *s, size_t n)
{
	int w = 0;

	if (n == 1)
		return (unsigned char)s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i), cw;

		if (len <= 0) {
			/* An invalid byte: text_display would draw "?". */
			w += 1;
			i += 1;
			continue;
		}
		/* Controls and other negative widths count 0. */
		cw = wcwidth((wchar_t)uc);
		w += cw > 0 ? cw : 0;
		i += (size_t)len;
	}
	return w;
}

int text_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n;) {
		size_t g = text_grapheme_len(s + i, n - i);

		w += text_cluster_width(s + i, g);
		i += g;
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int cols, int *width)
{
	size_t i = 0;
	int w = 0;

	while (i < n) {
		size_t g = text_grapheme_len(s + i, n - i);
		int cw = text_cluster_width(s + i, g);

		if (w + cw > cols)
			break;
		w += cw;
		i += g;
	}
	if (width)
		*width = w;
	return i;
}

size_t text_fit_cut(const char *s, size_t n, int cols, int markw, int *width, bool *cut)
{
	size_t fit = text_fit(s, n, cols, width), rest = fit;

	*cut = false;
	while (rest < n && s[rest] == ' ')
		rest++;
	if (rest == n || cols < markw)
		return fit;
	*cut = true;
	return text_fit(s, n, cols - markw, width);
}

bool text_is_ambiguous(unsigned int uc)
{
	size_t lo = 0, hi = sizeof text_ambi_ranges / sizeof text_ambi_ranges[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc < text_ambi_ranges[mid].lo) {
			hi = mid;
		} else if (uc > text_ambi_ranges[mid].hi) {
			lo = mid + 1;
		} else {
			/* Combining marks (U+0300 accents, variation selectors)
			 * are class A too, but every terminal draws them with
			 * zero width, so they cannot shift the screen. */
			return !uc_is_general_category(uc, UC_CATEGORY_Mn) &&
			       !uc_is_general_category(uc, UC_CATEGORY_Me);
		}
	}
	return false;
}
