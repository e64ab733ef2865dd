#include "field.h"
#include "i18n.h"
#include "text_width.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

/* Control keys by name: ^A is 1 and so on. */
enum {
	CTL_A = 1, CTL_B = 2, CTL_D = 4, CTL_E = 5, CTL_F = 6, CTL_H = 8,
	CTL_K = 11, CTL_U = 21, CTL_W = 23, ASCII_DEL = 0x7f,
};

/* What field_insert does with a code point. */
enum fate { KEEP, BREAK, DROP };

/* Word classes for Ctrl-W.  INHERIT (ー, ゛, ゜) joins the class of the
 * characters next to it. */
enum wclass { W_SPACE, W_INHERIT, W_KANJI, W_HIRAGANA, W_KATAKANA, W_OTHER };

/* The array p of *cap elements of `size` bytes, grown to hold `need`;
 * NULL (p untouched) when memory runs out. */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (p && need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return NULL;
		n *= 2;
	}
	q = realloc(p, n * size);
	if (q)
		*cap = n;
	return q;
}

/* Room for a text of len bytes in both the buffer and the index (a cluster
 * is at least one byte). */
static int reserve(struct field *f, size_t len)
{
	char *b = grow(f->buf, &f->cap, len + 1, 1);
	struct field_gc *g;

	if (!b)
		return -1;
	f->buf = b;
	g = grow(f->gc, &f->gccap, len + 1, sizeof *g);
	if (!g)
		return -1;
	f->gc = g;
	return 0;
}

static int col(const struct field *f, size_t i, enum text_ambi ambi)
{
	return f->gc[i].col[ambi == TEXT_AMBI_DOUBLE];
}

/*
 * Columns of one cluster as it will be drawn: after text_display, which in
 * double mode may spell an ambiguous character wider (… as ...).
 */
static void widths(const char *s, size_t n, int w[2])
{
	for (int a = 0; a < 2; a++) {
		char *d;

		if (n == 1 && (unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x7f) {
			w[a] = text_width(s, n);
			continue;
		}
		d = text_display(s, n, (enum text_ambi)a);
		w[a] = d ? text_width(d, strlen(d)) : text_width(s, n);
		free(d);
	}
}

static enum fate fate(ucs4_t uc);

/* Whether s[0..n) starts with an invalid byte or a control character (a
 * raw field's one-byte or one-code-point characters); *l its length. */
static bool raw_unit(const char *s, size_t n, size_t *l)
{
	ucs4_t uc;
	int k = u8_mbtoucr(&uc, (const uint8_t *)s, n);

	*l = 1;
	if (k < 0)
		return true;
	*l = (size_t)k;
	return fate(uc) != KEEP;
}

/* Length of the character at s: a grapheme cluster, except that in a raw
 * field an invalid byte or a control character stands alone and ends the
 * cluster before it (no combining mark can join it to a letter). */
static size_t unit_len(bool raw, const char *s, size_t n)
{
	size_t g = text_grapheme_len(s, n), l;

	if (!raw)
		return g;
	if (raw_unit(s, n, &l))
		return l;
	for (size_t i = l; i < g; i += l)
		if (raw_unit(s + i, n - i, &l))
			return i;
	return g;
}

/* Rebuilds the cluster index; gc must already hold len + 1 entries. */
static void reindex(struct field *f)
{
	size_t off = 0, i = 0;
	int c[2] = { 0, 0 };

	while (off < f->len) {
		size_t g = unit_len(f->raw, f->buf + off, f->len - off);
		int w[2];

		f->gc[i].off = off;
		f->gc[i].col[0] = c[0];
		f->gc[i].col[1] = c[1];
		widths(f->buf + off, g, w);
		c[0] += w[0];
		c[1] += w[1];
		off += g;
		i++;
	}
	f->gc[i].off = f->len;
	f->gc[i].col[0] = c[0];
	f->gc[i].col[1] = c[1];
	f->ngc = i;
}

/*
 * The cluster at byte `off`; when off falls inside a cluster (text merged
 * with its neighbour, as カ + ゙), the one after it or the one holding it.
 */
static size_t find(const struct field *f, size_t off, bool after)
{
	size_t lo = 0, hi = f->ngc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->gc[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (f->gc[lo].off == off || after)
		return lo;
	return lo - 1;
}

/* Replaces the bytes [a, b) of the text by ins[0..m) and reindexes. */
static int splice(struct field *f, size_t a, size_t b, const char *ins, size_t m)
{
	size_t len = f->len - (b - a) + m;

	if (reserve(f, len))
		return -1;
	memmove(f->buf + a + m, f->buf + b, f->len - b + 1);
	if (m)
		memcpy(f->buf + a, ins, m);
	f->len = len;
	reindex(f);
	return 0;
}

static enum fate fate(ucs4_t uc)
{
	if (uc == '\t' || uc == '\n' || uc == '\v' || uc == '\f' || uc == '\r' ||
	    uc == 0x85 || uc == 0x2028 || uc == 0x2029)
		return BREAK;
	if (uc < 0x20 || (uc >= 0x7f && uc < 0xa0))
		return DROP;
	/* Bidi controls would let a paste reorder what the operator reads. */
	if (uc == 0x61c || uc == 0x200e || uc == 0x200f || uc == 0xfeff ||
	    (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069))
		return DROP;
	return KEEP;
}

/* Copies the insertable part of s[0..n) to out, which has room for n
 * bytes (a run of breaks shrinks to one space; raw: all but NUL bytes,
 * a CR or CR LF as LF).  Returns its length. */
static size_t clean(bool raw, const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;
	bool gap = false;

	if (raw) {
		/* Tera Term, PuTTY and tmux paste a line break as CR; kept,
		 * it reads as '?' in the review and as a bare CR in Excel. */
		for (i = 0; i < n; i++) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;
			if (s[i])
				out[o++] = s[i] == '\r' ? '\n' : s[i];
		}
		return o;
	}
	while (i < n) {
		ucs4_t uc;
		int l = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);
		enum fate k;

		if (l < 0) {
			i++;
			continue;
		}
		k = fate(uc);
		if (k == BREAK) {
			gap = true;
		} else if (k == KEEP) {
			if (gap)
				out[o++] = ' ';
			gap = false;
			memcpy(out + o, s + i, (size_t)l);
			o += (size_t)l;
		}
		i += (size_t)l;
	}
	return o;
}

/*
 * Keeps the first `room` characters of s[0..n) (valid UTF-8, or any bytes
 * when raw), each cut to FIELD_GC_MAX bytes, compacting in place.  Stops at
 * the limit, so a long paste costs only what is kept.  *more: characters
 * were left out.
 */
static size_t keep_first(bool raw, char *s, size_t n, size_t room, bool *more)
{
	size_t r = 0, w = 0, k = 0;

	*more = false;
	while (r < n) {
		size_t g, take;

		if (k == room) {
			*more = true;
			break;
		}
		g = unit_len(raw, s + r, n - r);
		take = g;
		if (take > FIELD_GC_MAX) {
			take = FIELD_GC_MAX;
			while (take > 0 && ((unsigned char)s[r + take] & 0xc0) == 0x80)
				take--;
		}
		memmove(s + w, s + r, take);
		w += take;
		r += g;
		k++;
	}
	return w;
}

int field_init(struct field *f, size_t max_chars)
{
	memset(f, 0, sizeof *f);
	f->max_chars = max_chars ? max_chars : FIELD_MAX_DEFAULT;
	if (reserve(f, 0)) {
		field_free(f);
		return -1;
	}
	field_clear(f);
	return 0;
}

void field_free(struct field *f)
{
	free(f->buf);
	free(f->gc);
	memset(f, 0, sizeof *f);
}

int field_insert(struct field *f, const char *s, size_t n)
{
	size_t at = f->gc[f->cur].off, room, m;
	char *t;
	bool more;

	if (n == 0)
		return FIELD_CONSUMED;
	t = malloc(n);
	if (!t)
		return -1;
	m = clean(f->raw, s, n, t);
	room = f->ngc < f->max_chars ? f->max_chars - f->ngc : 0;
	m = keep_first(f->raw, t, m, room, &more);
	if (m && splice(f, at, at, t, m)) {
		free(t);
		return -1;
	}
	free(t);
	if (more)
		f->cut = f->max_chars;
	if (!m)
		return FIELD_CONSUMED;
	if (!more)
		f->cut = 0;
	f->cur = find(f, at + m, true);
	/* Clusters counted one by one can pair up differently once joined
	 * (regional indicators); the limit holds all the same. */
	if (f->ngc > f->max_chars) {
		f->len = f->gc[f->max_chars].off;
		f->buf[f->len] = '\0';
		f->ngc = f->max_chars;
		if (f->cur > f->ngc)
			f->cur = f->ngc;
		f->cut = f->max_chars;
	}
	return FIELD_CONSUMED | FIELD_CHANGED;
}

int field_insert_cp(struct field *f, unsigned int cp)
{
	uint8_t b[6];
	int n = u8_uctomb(b, (ucs4_t)cp, (int)sizeof b);

	if (n <= 0)
		return 0;
	return field_insert(f, (const char *)b, (size_t)n);
}

/* Deletes clusters [from, to) and leaves the cursor where they were. */
static int drop_gcs(struct field *f, size_t from, size_t to)
{
	size_t a = f->gc[from].off;

	if (from >= to)
		return FIELD_CONSUMED;
	/* Shrinking: the buffers are large enough, so this cannot fail. */
	if (splice(f, a, f->gc[to].off, NULL, 0))
		return -1;
	f->cur = find(f, a, false);
	f->cut = 0;
	return FIELD_CONSUMED | FIELD_CHANGED;
}

static enum wclass wclass(const struct field *f, size_t i)
{
	const uc_script_t *sc;
	ucs4_t uc;

	u8_mbtouc(&uc, (const uint8_t *)f->buf + f->gc[i].off,
		  f->gc[i + 1].off - f->gc[i].off);
	if (uc == ' ' || uc == 0x3000)
		return W_SPACE;
	if (uc == 0x30fc || uc == 0xff70 || uc == 0x309b || uc == 0x309c)
		return W_INHERIT;
	sc = uc_script(uc);
	if (!sc)
		return W_OTHER;
	if (!strcmp(sc->name, "Han"))
		return W_KANJI;
	if (!strcmp(sc->name, "Hiragana"))
		return W_HIRAGANA;
	if (!strcmp(sc->name, "Katakana"))
		return W_KATAKANA;
	return W_OTHER;
}

/* Where Ctrl-W stops: see field_key in field.h. */
static size_t word_start(const struct field *f)
{
	size_t i = f->cur;
	enum wclass cls = W_INHERIT;

	while (i > 0 && wclass(f, i - 1) == W_SPACE)
		i--;
	while (i > 0) {
		enum wclass k = wclass(f, i - 1);

		if (k == W_SPACE)
			break;
		if (k != W_INHERIT) {
			if (cls == W_INHERIT)
				cls = k;
			else if (k != cls)
				break;
		}
		i--;
	}
	return i;
}

int field_key(struct field *f, int key)
{
	char c;

	switch (key) {
	case KEY_LEFT:
	case CTL_B:
		if (f->cur > 0)
			f->cur--;
		return FIELD_CONSUMED;
	case KEY_RIGHT:
	case CTL_F:
		if (f->cur < f->ngc)
			f->cur++;
		return FIELD_CONSUMED;
	case KEY_HOME:
	case CTL_A:
		f->cur = 0;
		return FIELD_CONSUMED;
	case KEY_END:
	case CTL_E:
		f->cur = f->ngc;
		return FIELD_CONSUMED;
	case KEY_BACKSPACE:
	case ASCII_DEL:
	case CTL_H:
		return f->cur ? drop_gcs(f, f->cur - 1, f->cur) : FIELD_CONSUMED;
	case KEY_DC:
	case CTL_D:
		return f->cur < f->ngc ? drop_gcs(f, f->cur, f->cur + 1) : FIELD_CONSUMED;
	case CTL_U:
		return drop_gcs(f, 0, f->cur);
	case CTL_K:
		return drop_gcs(f, f->cur, f->ngc);
	case CTL_W:
		return drop_gcs(f, word_start(f), f->cur);
	default:
		break;
	}
	if (key < 0x20 || key >= 0x7f)
		return 0;
	c = (char)key;
	return field_insert(f, &c, 1);
}

const char *field_text(const struct field *f)
{
	return f->buf;
}

size_t field_chars(const struct field *f)
{
	return f->ngc;
}

void field_clear(struct field *f)
{
	f->len = 0;
	f->buf[0] = '\0';
	f->ngc = 0;
	f->gc[0].off = 0;
	f->gc[0].col[0] = 0;
	f->gc[0].col[1] = 0;
	f->cur = 0;
	f->cut = 0;
}

int field_set(struct field *f, const char *text)
{
	field_clear(f);
	return field_insert(f, text, strlen(text)) < 0 ? -1 : 0;
}

size_t field_cut(const struct field *f)
{
	return f->cut;
}

const char *field_note(const struct field *f, char *buf, size_t size)
{
	if (!f->cut || !size)
		return NULL;
	snprintf(buf, size, _("text cut at %zu characters, the limit of this field"),
		 f->cut);
	return buf;
}

/* The first cluster starting at or after column c. */
static size_t at_col(const struct field *f, int c, enum text_ambi ambi)
{
	size_t lo = 0, hi = f->ngc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (col(f, mid, ambi) < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void field_view(const struct field *f, int cols, enum text_ambi ambi,
		struct field_view *v)
{
	int total = col(f, f->ngc, ambi), c = col(f, f->cur, ambi);
	int need = f->cur < f->ngc ? col(f, f->cur + 1, ambi) - c : 1;
	bool marks = cols >= 4;
	int room = cols;
	size_t s = 0, e;

	memset(v, 0, sizeof *v);
	if (cols <= 0)
		return;
	if (need < 1)
		need = 1;
	if (c + need <= cols && total <= cols) {
		s = 0;
	} else if (marks && c + need <= cols - 1) {
		room = cols - 1;
	} else {
		/* Scrolled: as much as fits before the cursor; the far end is
		 * the text's end, or the cursor's cell after it. */
		int far = total > c + need ? total : c + need;

		room = marks ? cols - 1 : cols;
		s = at_col(f, c + need - room, ambi);
		if (marks && far - col(f, s, ambi) > room) {
			room = cols - 2;
			s = at_col(f, c + need - room, ambi);
		}
		if (s > f->cur)
			s = f->cur;
	}
	/* The last cluster boundary within room columns of s. */
	e = at_col(f, col(f, s, ambi) + room + 1, ambi);
	if (e > s && col(f, e, ambi) - col(f, s, ambi) > room)
		e--;
	v->left = marks && s > 0;
	v->right = marks && e < f->ngc;
	v->text_col = v->left ? 1 : 0;
	v->start = f->gc[s].off;
	v->end = f->gc[e].off;
	v->cursor_col = v->text_col + c - col(f, s, ambi);
}

void field_draw(WINDOW *w, int y, int x, int cols, const struct field *f,
		bool focused, enum text_ambi ambi)
{
	struct field_view v;
	int y0, x0;
	char *d;

	getyx(w, y0, x0);
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	if (cols <= 0)
		return;
	field_view(f, cols, ambi, &v);
	wmove(w, y, x);
	for (int i = 0; i < cols; i++)
		waddch(w, ' ');
	if (v.left)
		mvwaddch(w, y, x, '<');
	d = text_display(f->buf + v.start, v.end - v.start, ambi);
	if (d) {
		int room = cols - v.text_col - (v.right ? 1 : 0);

		/* The index measured the same spelling; fitting again makes
		 * sure nothing spills over the marker or the edge. */
		d[text_fit(d, strlen(d), room, NULL)] = '\0';
		mvwaddstr(w, y, x + v.text_col, d);
		free(d);
	}
	if (v.right)
		mvwaddch(w, y, x + cols - 1, '>');
	/* Unfocused fields leave the cursor be, so the order in which a
	 * screen draws its fields does not matter. */
	if (focused)
		wmove(w, y, x + v.cursor_col);
	else
		wmove(w, y0, x0);
}
