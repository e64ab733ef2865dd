#include "draw.h"
#include "text_width.h"

#include <stdlib.h>
#include <string.h>

static bool inside(size_t a, size_t b, size_t base, const struct faq_span *sp, size_t nsp)
{
	for (size_t i = 0; i < nsp; i++)
		if (sp[i].off < base + b && sp[i].off + sp[i].len > base + a)
			return true;
	return false;
}

static int add_range(struct draw_text *dt, size_t off, size_t len)
{
	struct draw_range *r;

	if (len == 0)
		return 0;
	if (dt->nhl && dt->hl[dt->nhl - 1].off + dt->hl[dt->nhl - 1].len == off) {
		dt->hl[dt->nhl - 1].len += len;
		return 0;
	}
	r = realloc(dt->hl, (dt->nhl + 1) * sizeof *r);
	if (!r)
		return -1;
	dt->hl = r;
	dt->hl[dt->nhl++] = (struct draw_range){ off, len };
	return 0;
}

/* Appends the display copy of s[a..b) to dt. */
static int append(struct draw_text *dt, const char *s, size_t a, size_t b,
		  enum text_ambi ambi, bool hl)
{
	char *d = text_display(s + a, b - a, ambi), *grown;
	size_t dn;

	if (!d)
		return -1;
	dn = strlen(d);
	grown = realloc(dt->s, dt->n + dn + 1);
	if (!grown) {
		free(d);
		return -1;
	}
	dt->s = grown;
	memcpy(dt->s + dt->n, d, dn + 1);
	free(d);
	if (hl && add_range(dt, dt->n, dn))
		return -1;
	dt->n += dn;
	return 0;
}

/* The next span boundary after position a (relative to the piece). */
static size_t next_cut(size_t a, size_t n, size_t base, const struct faq_span *sp, size_t nsp)
{
	size_t cut = n;

	for (size_t i = 0; i < nsp; i++) {
		size_t lo = sp[i].off, hi = sp[i].off + sp[i].len;

		if (lo > base + a && lo - base < cut)
			cut = lo - base;
		if (hi > base + a && hi - base < cut)
			cut = hi - base;
	}
	return cut;
}

int draw_text_make(struct draw_text *dt, const char *s, size_t n, size_t base,
		   const struct faq_span *spans, size_t nspans, enum text_ambi ambi)
{
	size_t a = 0;

	memset(dt, 0, sizeof *dt);
	dt->s = calloc(1, 1);
	if (!dt->s)
		return -1;
	/* Displayed piece by piece between span boundaries: text_display
	 * replaces characters one by one, so the pieces join up exactly and
	 * each boundary's place in the copy is known. */
	do {
		size_t b = next_cut(a, n, base, spans, nspans);

		if (append(dt, s, a, b, ambi, inside(a, b, base, spans, nspans))) {
			draw_text_free(dt);
			return -1;
		}
		a = b;
	} while (a < n);
	return 0;
}

void draw_text_free(struct draw_text *dt)
{
	free(dt->s);
	free(dt->hl);
	memset(dt, 0, sizeof *dt);
}

void draw_text_part(WINDOW *w, const struct draw_text *dt, size_t off, size_t len,
		    attr_t base, attr_t hl)
{
	size_t end = off + len, pos = off;

	for (size_t i = 0; i < dt->nhl && pos < end; i++) {
		size_t lo = dt->hl[i].off, hi = lo + dt->hl[i].len;

		if (hi <= pos)
			continue;
		if (lo >= end)
			break;
		if (lo > pos) {
			wattrset(w, base);
			waddnstr(w, dt->s + pos, (int)(lo - pos));
			pos = lo;
		}
		wattrset(w, base | hl);
		waddnstr(w, dt->s + pos, (int)((hi < end ? hi : end) - pos));
		pos = hi < end ? hi : end;
	}
	if (pos < end) {
		wattrset(w, base);
		waddnstr(w, dt->s + pos, (int)(end - pos));
	}
	wattrset(w, base);
}

size_t draw_fit(const char *s, size_t n, int cols, enum text_ambi ambi, int *width, const char **mark)
{
	/* U+2026 is East Asian Ambiguous: never sent to a terminal drawing
	 * those wide (text_display would spell it "...", too long a mark). */
	const char *m = ambi == TEXT_AMBI_DOUBLE ? ".." : "…";
	int mw = ambi == TEXT_AMBI_DOUBLE ? 2 : 1;
	bool cut;
	size_t fit = text_fit_cut(s, n, cols, mw, width, &cut);

	*mark = cut ? m : NULL;
	if (cut)
		*width += mw;
	return fit;
}

int draw_str_cut(WINDOW *w, int y, int x, const char *s, int cols, enum text_ambi ambi, bool *cut)
{
	char *d;
	const char *mark = NULL;
	size_t fit;
	int width = 0;

	bool lost = cols <= 0 && *s;

	if (cols > 0 && (d = text_display(s, strlen(s), ambi))) {
		size_t n = strlen(d);

		fit = draw_fit(d, n, cols, ambi, &width, &mark);
		mvwaddnstr(w, y, x, d, (int)fit);
		if (mark)
			waddstr(w, mark);
		/* Cut even where no mark fits (1 column, ".." for a mark): a
		 * mark of no width always fits. */
		text_fit_cut(d, n, cols, 0, NULL, &lost);
		free(d);
	}
	if (cut)
		*cut = lost;
	return width;
}

int draw_str(WINDOW *w, int y, int x, const char *s, int cols, enum text_ambi ambi)
{
	return draw_str_cut(w, y, x, s, cols, ambi, NULL);
}

bool draw_too_wide(const char *s, int cols, enum text_ambi ambi)
{
	char *d = text_display(s, strlen(s), ambi);
	bool wide;

	if (!d)
		return false;
	wide = text_width(d, strlen(d)) > cols;
	free(d);
	return wide;
}

/* Grouped by hand: the C locale's %'ld groups nothing, and the desk
 * runs under C.UTF-8. */
const char *draw_grouped(long n, char *buf, size_t size)
{
	char digits[32];
	size_t len = (size_t)snprintf(digits, sizeof digits, "%ld", n), o = 0;

	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0 && digits[i - 1] != '-')
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
