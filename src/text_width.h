/*
 * text_width — how many columns UTF-8 text takes on the terminal, and
 * where to cut it so it fits.
 *
 * One function, text_width(), is used everywhere.  It sums the C library's
 * wcwidth() over the code points (controls and other negative widths count
 * 0), because ncurses counts columns exactly that way and libunistring's
 * uc_width disagrees with it on ~90 code points.  Cutting (text_fit, and
 * text_wrap in text_wrap.h) happens only between grapheme clusters
 * (u8_grapheme_next).  An emoji ZWJ sequence is one cluster but counts the
 * sum of its emoji (6 for a family of three): that is what ncurses, Tera
 * Term and PuTTY draw.  Needs a UTF-8 LC_CTYPE (the CLI sets one).
 *
 * Ownership: every input is borrowed; nothing is allocated.
 */
#ifndef MADOGUCHI_TEXT_WIDTH_H
#define MADOGUCHI_TEXT_WIDTH_H

#include <stddef.h>
#include <stdbool.h>

/* Display width in columns of s[0..n), as ncurses will draw it (after
 * text_display, so no control characters are expected: any left count 0). */
int text_width(const char *s, size_t n);

/* Length in bytes of the grapheme cluster starting at s (n > 0 → ≥ 1). */
size_t text_grapheme_len(const char *s, size_t n);

/* The width of the one grapheme cluster s[0..n) (n as text_grapheme_len
 * gave it): text_width without looking for the cluster's end again.  An
 * invalid byte counts 1, as the "?" text_display draws for it. */
int text_cluster_width(const char *s, size_t n);

/* True when the code point is East Asian Ambiguous (UAX #11 class A, from
 * Debian's unicode-data at build time), leaving out the combining marks of
 * class A (U+0300…, variation selectors): every terminal draws those with
 * zero width.  Exactly the code points text_display(…DOUBLE) never emits. */
bool text_is_ambiguous(unsigned int uc);

/* The longest prefix of s[0..n) (whole grapheme clusters) that fits in
 * `cols` columns; its width goes to *width if width is not NULL. */
size_t text_fit(const char *s, size_t n, int cols, int *width);

/* text_fit for a text that may be cut: when s[0..n) does not fit in cols
 * (trailing spaces aside), the prefix left leaves markw columns for a mark
 * saying so ("…"), and *cut is set.  *cut stays false when even the mark
 * does not fit; width as for text_fit, without the mark. */
size_t text_fit_cut(const char *s, size_t n, int cols, int markw, int *width, bool *cut);

#endif
