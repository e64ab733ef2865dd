#include "text_wrap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>
#include <unistr.h>

#include "text_width.h"

/* Japanese line-start rule (kinsoku): characters that never begin a line:
 * 、。，．・：；？！ー‐゠–〜～ヽヾゝゞ々〻」』）］｝〕〉》】〙〗, the small
 * kana (ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ…ㇿ) and their
 * half-width forms (｣､｡ｰｧ…ｯ).  Sorted for bsearch. */
static const uint16_t no_start_set[] = {
	0x2010, 0x2013, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D,
	0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301C, 0x303B, 0x3041,
	0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
	0x308E, 0x3095, 0x3096, 0x309D, 0x309E, 0x30A0, 0x30A1, 0x30A3,
	0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE,
	0x30F5, 0x30F6, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0x31F0, 0x31F1,
	0x31F2, 0x31F3, 0x31F4, 0x31F5, 0x31F6, 0x31F7, 0x31F8, 0x31F9,
	0x31FA, 0x31FB, 0x31FC, 0x31FD, 0x31FE, 0x31FF, 0xFF01, 0xFF09,
	0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E,
	0xFF61, 0xFF63, 0xFF64, 0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B,
	0xFF6C, 0xFF6D, 0xFF6E, 0xFF6F, 0xFF70,
};

static bool no_start(ucs4_t uc)
{
	size_t lo = 0, hi = sizeof no_start_set / sizeof no_start_set[0];

	if (uc < 0x80)
		return uc && strchr(",.)]}:;!?", (int)uc);
	if (uc < 0x2010 || uc > 0xFF70)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc < no_start_set[mid])
			hi = mid;
		else if (uc > no_start_set[mid])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Line-end rule: characters that never end a line. */
static bool no_end(ucs4_t uc)
{
	switch (uc) {
	case '(': case '[': case '{':
	case 0x300C: case 0x300E: case 0xFF08: case 0xFF3B: case 0xFF5B:
	case 0x3014: case 0x3008: case 0x300A: case 0x3010: case 0x3018:
	case 0x3016: case 0xFF62:
		return true;
	}
	return false;
}

struct wrap {
	const char *s;
	size_t n;
	char *brk;
	int cols;
	struct text_line *lines;
	size_t count, cap;
	bool oom;
};

static void wrap_emit(struct wrap *w, size_t off, size_t len, int width)
{
	if (w->oom)
		return;
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct text_line *l = realloc(w->lines, cap * sizeof *l);

		if (!l) {
			w->oom = true;
			return;
		}
		w->lines = l;
		w->cap = cap;
	}
	w->lines[w->count++] = (struct text_line){ off, len, width };
}

static ucs4_t cp_at(const struct wrap *w, size_t i)
{
	ucs4_t uc;

	if (i >= w->n || u8_mbtoucr(&uc, (const uint8_t *)w->s + i, w->n - i) <= 0)
		return 0xFFFD;
	return uc;
}

static ucs4_t cp_before(const struct wrap *w, size_t i)
{
	const uint8_t *start = (const uint8_t *)w->s;
	ucs4_t uc;

	if (i == 0 || !u8_prev(&uc, start + i, start))
		return 0xFFFD;
	return uc;
}

static bool kinsoku_ok(const struct wrap *w, size_t i)
{
	return !no_start(cp_at(w, i)) && !no_end(cp_before(w, i));
}

static bool can_break(const struct wrap *w, size_t i)
{
	return w->brk[i] != UC_BREAK_PROHIBITED && w->brk[i] != UC_BREAK_UNDEFINED &&
	       kinsoku_ok(w, i);
}

/* The end of s[a..e) without its trailing spaces. */
static size_t trim_end(const char *s, size_t a, size_t e)
{
	while (e > a && s[e - 1] == ' ')
		e--;
	return e;
}

/* A space that is a cluster of its own (not the base of a combining mark). */
static bool is_space(const char *s, size_t n)
{
	return s[0] == ' ' && text_grapheme_len(s, n) == 1;
}

/* Where one line of s[pos..b) ends, by greedy filling. */
struct fill {
	size_t stop;      /* the cluster that did not fit, or b */
	size_t end;       /* the end of the last non-space cluster that fit */
	int width;        /* the width of s[pos..end) */
	size_t bp;        /* the last break opportunity, 0 if none */
	size_t bp_end;    /* s[pos..bp_end) is the line when breaking there */
	int bp_width;
	size_t starts[3]; /* starts of the last three non-space clusters */
	int nstarts;
};

static void fill_line(const struct wrap *w, size_t pos, size_t b, struct fill *f)
{
	const char *s = w->s;
	size_t i = pos;
	int width = 0;

	memset(f, 0, sizeof *f);
	f->end = pos;
	while (i < b) {
		size_t g = text_grapheme_len(s + i, b - i);
		int cw = text_cluster_width(s + i, g);

		if (i > pos && f->end > pos && can_break(w, i)) {
			f->bp = i;
			f->bp_end = f->end;
			f->bp_width = f->width;
		}
		if (g == 1 && s[i] == ' ') {
			/* Spaces may hang past the edge: a break drops them. */
			width += cw;
			i += g;
			continue;
		}
		if (width + cw > w->cols)
			break;
		width += cw;
		f->width = width;
		f->starts[f->nstarts++ % 3] = i;
		i += g;
		f->end = i;
	}
	f->stop = i;
}

/* A segment wider than the line is cut before the cluster that did not
 * fit, or a cluster or two earlier when that keeps 、。」 off the start of
 * the next line or 「 off the end of this one. */
static size_t forced_cut(const struct wrap *w, size_t pos, const struct fill *f)
{
	size_t cut = f->stop;

	for (int k = 1; k < 3 && k < f->nstarts && !kinsoku_ok(w, cut); k++) {
		size_t prev = f->starts[(f->nstarts - k) % 3];

		if (prev <= pos)
			break;
		cut = prev;
	}
	return kinsoku_ok(w, cut) ? cut : f->stop;
}

/* Wraps one paragraph s[a..b) (no newline inside). */
static void wrap_para(struct wrap *w, size_t a, size_t b)
{
	const char *s = w->s;
	size_t pos = a, cut, e, g;
	bool first = true;
	struct fill f;

	while (!w->oom) {
		if (!first)
			while (pos < b && is_space(s + pos, b - pos))
				pos++;
		if (pos >= b) {
			if (first)
				wrap_emit(w, a, 0, 0);
			return;
		}
		first = false;
		fill_line(w, pos, b, &f);
		if (f.stop >= b) {
			wrap_emit(w, pos, f.end - pos, f.width);
			return;
		}
		if (f.bp > pos) {
			wrap_emit(w, pos, f.bp_end - pos, f.bp_width);
			pos = f.bp;
		} else if (f.end == pos && f.stop > pos) {
			/* Only indentation wider than the line came before
			 * the first character: drop it. */
			pos = f.stop;
		} else if (f.end == pos) {
			/* One cluster wider than the whole line (a wide
			 * character at cols 1) stands alone. */
			g = text_grapheme_len(s + pos, b - pos);
			wrap_emit(w, pos, g, text_cluster_width(s + pos, g));
			pos += g;
		} else {
			cut = forced_cut(w, pos, &f);
			e = trim_end(s, pos, cut);
			wrap_emit(w, pos, e - pos, text_width(s + pos, e - pos));
			pos = cut;
		}
	}
}

size_t text_wrap(const char *s, size_t n, int cols, struct text_line **lines)
{
	struct wrap w = { .s = s, .n = n, .cols = cols > 0 ? cols : 1 };
	size_t a = 0;

	*lines = NULL;
	if (n == 0)
		return 0;
	w.brk = malloc(n);
	if (!w.brk)
		return (size_t)-1;
	while (a < n && !w.oom) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t b = nl ? (size_t)(nl - s) : n;

		if (b > a)
			u8_possible_linebreaks((const uint8_t *)s + a, b - a, "UTF-8", w.brk + a);
		wrap_para(&w, a, b);
		a = b + 1;
	}
	free(w.brk);
	if (w.oom) {
		free(w.lines);
		return (size_t)-1;
	}
	*lines = w.lines;
	return w.count;
}
