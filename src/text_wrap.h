/*
 * text_wrap — Japanese text broken into lines of a given width.
 *
 * text_wrap() breaks at u8_possible_linebreaks opportunities (which follow
 * the Japanese kinsoku rules), fills greedily by text_width, and forces a
 * break at a grapheme boundary when one segment is wider than the line.
 * Hard newlines in the input end a line (text_wrap is the one function of
 * the text_* modules that takes LF).  The line-start/line-end rules are
 * enforced on top of libunistring: no line starts with 、。，．」』）ー・
 * or a small kana, none ends with 「『（ — except inside a forced break
 * where no other cut exists.
 *
 * Ownership: the input is borrowed; the array of lines returned is
 * malloc'd and belongs to the caller (free()).  Lines point into the input
 * by offset, so they stay valid as long as the caller keeps the text.
 */
#ifndef MADOGUCHI_TEXT_WRAP_H
#define MADOGUCHI_TEXT_WRAP_H

#include <stddef.h>

struct text_line {
	size_t off;   /* byte offset of the line in the wrapped text */
	size_t len;   /* bytes, without the trailing spaces or newline */
	int width;    /* columns, ≤ the wrap width (see below for cols 1) */
};

/* Wraps s[0..n) (display-safe apart from '\n') to `cols` ≥ 1 columns
 * (smaller counts as 1).  Returns the number of lines and stores a malloc'd
 * array in *lines (caller frees); returns (size_t)-1 when memory runs out.
 * An empty text has 0 lines; "a\n" is one line, "a\n\n" two, an empty
 * paragraph or one of only spaces is one empty line.  Spaces at a break
 * belong to no line; a continuation line never starts with a space, the
 * first line of a paragraph keeps its indentation (unless that alone is
 * wider than the line).  The only line wider than cols: a single cluster
 * wider than the whole line (a wide character with cols 1) stands alone. */
size_t text_wrap(const char *s, size_t n, int cols, struct text_line **lines);

#endif
