#include "textarea.h"

#include <stdlib.h>
#include <string.h>
#include "text_width.h"
#include "text_wrap.h"

static int col(const struct field *f, size_t i, enum text_ambi ambi)
{
	return f->gc[i].col[ambi == TEXT_AMBI_DOUBLE];
}

/* A line break of the (raw) text: a character of its own. */
static bool is_break(const struct field *f, size_t i)
{
	return f->gc[i + 1].off - f->gc[i].off == 1 && f->buf[f->gc[i].off] == '\n';
}

static int push(struct textarea *t, size_t from, size_t to)
{
	struct textarea_row *r = realloc(t->r, (t->n + 1) * sizeof *r);

	if (!r)
		return -1;
	t->r = r;
	r[t->n++] = (struct textarea_row){ from, to };
	return 0;
}

/* The last of the n offsets (ascending) at or before pos. */
static size_t at_or_before(const size_t *off, size_t n, size_t pos)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (off[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The characters [a, b) of one paragraph, displayed character by
 * character (so that each one's place in the display copy is known) and
 * wrapped. */
static int paragraph(const struct field *f, size_t a, size_t b, int cols, enum text_ambi ambi,
		     struct textarea *t)
{
	size_t *off = malloc((b - a + 1) * sizeof *off), n = 0, k;
	char *d = NULL;
	struct text_line *l = NULL;
	int rc = -1;

	if (!off)
		return -1;
	for (size_t i = a; i < b; i++) {
		char *one = text_display(f->buf + f->gc[i].off, f->gc[i + 1].off - f->gc[i].off, ambi);
		size_t m = one ? strlen(one) : 0;
		char *grown = one ? realloc(d, n + m + 1) : NULL;

		if (!grown) {
			free(one);
			goto out;
		}
		d = grown;
		memcpy(d + n, one, m + 1);
		free(one);
		off[i - a] = n;
		n += m;
	}
	off[b - a] = n;
	if ((k = text_wrap(d, n, cols, &l)) == (size_t)-1)
		goto out;
	rc = k ? 0 : push(t, a, a);
	for (size_t i = 0; i < k && rc == 0; i++) {
		size_t from = at_or_before(off, b - a + 1, l[i].off);
		size_t to = at_or_before(off, b - a + 1, l[i].off + l[i].len);

		/* A character cut by a forced break goes with the row it
		 * starts in. */
		if (off[to] < l[i].off + l[i].len)
			to++;
		rc = push(t, a + from, a + (to > from ? to : from));
	}
out:
	free(l);
	free(d);
	free(off);
	return rc;
}

int textarea_layout(const struct field *f, int cols, enum text_ambi ambi, struct textarea *t)
{
	size_t start = 0;

	t->r = NULL;
	t->n = 0;
	if (cols < 1)
		cols = 1;
	for (size_t i = 0; i <= f->ngc; i++) {
		if (i < f->ngc && !is_break(f, i))
			continue;
		if (paragraph(f, start, i, cols, ambi, t)) {
			textarea_free(t);
			return -1;
		}
		start = i + 1;
	}
	return 0;
}

void textarea_free(struct textarea *t)
{
	free(t->r);
	t->r = NULL;
	t->n = 0;
}

size_t textarea_row_of(const struct textarea *t, size_t cur)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->r[mid].from <= cur)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* A cursor past its row's end (on a space the wrap left out) stands at
 * the end of the row. */
int textarea_col(const struct field *f, const struct textarea *t, size_t cur, enum text_ambi ambi)
{
	const struct textarea_row *r = &t->r[textarea_row_of(t, cur)];

	return col(f, cur < r->to ? cur : r->to, ambi) - col(f, r->from, ambi);
}

bool textarea_move(struct field *f, int dir, int cols, enum text_ambi ambi)
{
	struct textarea t;
	size_t row, k;
	int want;

	if (textarea_layout(f, cols, ambi, &t))
		return false;
	row = textarea_row_of(&t, f->cur);
	if ((dir < 0 && row == 0) || (dir > 0 && row + 1 >= t.n)) {
		textarea_free(&t);
		return false;
	}
	want = textarea_col(f, &t, f->cur, ambi);
	row = dir < 0 ? row - 1 : row + 1;
	for (k = t.r[row].from; k < t.r[row].to && col(f, k + 1, ambi) - col(f, t.r[row].from, ambi) <= want; k++)
		;
	/* The end of a row the next one continues is the start of that one:
	 * the cursor stays on this row's last character instead. */
	if (k == t.r[row].to && k > t.r[row].from && row + 1 < t.n && t.r[row + 1].from == k)
		k--;
	f->cur = k;
	textarea_free(&t);
	return true;
}

size_t textarea_rows(const struct field *f, int cols, enum text_ambi ambi)
{
	struct textarea t;
	size_t n;

	if (textarea_layout(f, cols, ambi, &t))
		return 1;
	n = t.n;
	textarea_free(&t);
	return n;
}

void textarea_draw(WINDOW *w, int y, int x, int rows, int cols, const struct field *f,
		   bool focused, enum text_ambi ambi, size_t *top)
{
	struct textarea t;
	size_t cr;
	int c;

	if (rows <= 0 || cols <= 0 || textarea_layout(f, cols, ambi, &t))
		return;
	cr = textarea_row_of(&t, f->cur);
	if (*top > cr)
		*top = cr;
	if (cr >= *top + (size_t)rows)
		*top = cr - (size_t)rows + 1;
	if (*top + (size_t)rows > t.n)
		*top = t.n > (size_t)rows ? t.n - (size_t)rows : 0;
	for (int i = 0; i < rows; i++) {
		size_t ri = *top + (size_t)i;
		char *d;

		wmove(w, y + i, x);
		for (int k = 0; k < cols; k++)
			waddch(w, ' ');
		if (ri >= t.n)
			continue;
		d = text_display(f->buf + f->gc[t.r[ri].from].off,
				 f->gc[t.r[ri].to].off - f->gc[t.r[ri].from].off, ambi);
		if (!d)
			continue;
		d[text_fit(d, strlen(d), cols, NULL)] = '\0';
		mvwaddstr(w, y + i, x, d);
		free(d);
	}
	c = textarea_col(f, &t, f->cur, ambi);
	if (focused)
		wmove(w, y + (int)(cr - *top), x + (c < cols ? c : cols - 1));
	textarea_free(&t);
}
