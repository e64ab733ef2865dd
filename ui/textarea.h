/*
 * textarea — a field (ui/field) shown on several rows: the call's note.
 * Each paragraph (a line break in the text) is wrapped by the project's
 * rules (text_wrap: no row starts with 、 or a small kana, a word of
 * Latin letters is not cut), the rows around the cursor are in view, and
 * Up and Down move the cursor a row, keeping its column as near as the
 * row allows.  The field keeps the text and the cursor, which moves by
 * whole characters; the rows are its characters' ranges.
 *
 * The layout is made anew from the field and the width for each use
 * (a note holds at most 10,000 characters: one linear pass).
 *
 * Ownership: struct textarea owns its rows (textarea_free); the field is
 * the caller's.
 */
#ifndef MADOGUCHI_UI_TEXTAREA_H
#define MADOGUCHI_UI_TEXTAREA_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "field.h"
#include "text_display.h"

struct textarea_row {
	size_t from, to;        /* the field's characters [from, to) */
};

struct textarea {
	struct textarea_row *r; /* at least one row, in the text's order */
	size_t n;
};

/* The rows of f's text in cols columns.  0, or -1 when memory runs out. */
int textarea_layout(const struct field *f, int cols, enum text_ambi ambi, struct textarea *t);
void textarea_free(struct textarea *t);

/* The row the cursor (a character index, 0..field_chars) stands on. */
size_t textarea_row_of(const struct textarea *t, size_t cur);

/* The cursor's column in its row. */
int textarea_col(const struct field *f, const struct textarea *t, size_t cur, enum text_ambi ambi);

/* Moves f's cursor dir rows (-1 up, 1 down).  False, the cursor left
 * where it was, on the first or last row (or when memory runs out). */
bool textarea_move(struct field *f, int dir, int cols, enum text_ambi ambi);

/* The number of rows f's text takes in cols columns (1 for none). */
size_t textarea_rows(const struct field *f, int cols, enum text_ambi ambi);

/* Draws rows [*top, *top + rows) of f at y, x of w, cols wide, *top moved
 * so that the cursor's row is in view; with focused, the window's cursor
 * is left on the field's. */
void textarea_draw(WINDOW *w, int y, int x, int rows, int cols, const struct field *f,
		   bool focused, enum text_ambi ambi, size_t *top);

#endif
