/*
 * draw — putting text into a pane: display-safe, cut by columns, with the
 * search matches highlighted.
 *
 * struct draw_text is a display-safe copy of a piece of stored text (via
 * text_display, so controls and, with ambiwidth double, ambiguous
 * characters are replaced) together with the highlighted byte ranges
 * translated to the copy.  Every string a screen shows goes through it, so
 * nothing reaches the terminal unsanitised or wider than its pane.
 *
 * Ownership: draw_text_make copies what it needs; draw_text_free releases.
 */
#ifndef MADOGUCHI_UI_DRAW_H
#define MADOGUCHI_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "faq_search.h"
#include "text_display.h"

struct draw_range {
	size_t off, len;
};

struct draw_text {
	char *s;                 /* display-safe, NUL-terminated */
	size_t n;
	struct draw_range *hl;   /* highlighted ranges of s, in order */
	size_t nhl;
};

/* The display copy of s[0..n); spans (offsets relative to base, so spans
 * of a whole answer can be given for one of its paragraphs) are clipped to
 * the piece.  0, or -1 when memory runs out. */
int draw_text_make(struct draw_text *dt, const char *s, size_t n, size_t base,
		   const struct faq_span *spans, size_t nspans, enum text_ambi ambi);
void draw_text_free(struct draw_text *dt);

/* Draws dt->s[off..off+len) at the cursor of w with attribute base, the
 * highlighted parts with base|hl.  The caller has fitted len to the pane. */
void draw_text_part(WINDOW *w, const struct draw_text *dt, size_t off, size_t len,
		    attr_t base, attr_t hl);

/* The bytes of display-safe s[0..n) to draw in cols columns.  When the
 * text is cut, *mark gets the mark to draw after them ("…", or ".." when
 * the terminal draws ambiguous characters wide), else NULL; *width gets
 * the columns of both. */
size_t draw_fit(const char *s, size_t n, int cols, enum text_ambi ambi, int *width, const char **mark);

/* Draws s (any bytes) at y,x in cols columns, cut with a mark when it does
 * not fit; returns the columns used. */
int draw_str(WINDOW *w, int y, int x, const char *s, int cols, enum text_ambi ambi);

/* draw_str, telling in *cut whether s was cut. */
int draw_str_cut(WINDOW *w, int y, int x, const char *s, int cols, enum text_ambi ambi, bool *cut);

/* Whether s (any bytes), displayed, is wider than cols. */
bool draw_too_wide(const char *s, int cols, enum text_ambi ambi);

/* n with its thousands grouped (2,800), in buf; buf is returned. */
const char *draw_grouped(long n, char *buf, size_t size);

#endif
