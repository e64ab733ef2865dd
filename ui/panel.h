/*
 * panel — paragraphs laid out as the rows of a pane: each one made
 * display-safe (text_display) and wrapped by the project's rules
 * (text_wrap), each row with its attribute, the start of a paragraph
 * optionally in another (a verdict's badge).  The rows are made first
 * and drawn after, so that a screen knows how many there are before it
 * lays out the rest (the wrap-up gives the verdict the rows it needs)
 * and can scroll them.
 *
 * Ownership: struct panel owns its rows (panel_free).  Out of memory
 * drops the rows that could not be made; oom says so.
 */
#ifndef MADOGUCHI_UI_PANEL_H
#define MADOGUCHI_UI_PANEL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "text_display.h"

struct panel_row {
	char *s;                /* display-safe, NUL-terminated */
	attr_t a;
	size_t lead;            /* bytes of s drawn with lead_a */
	attr_t lead_a;
};

struct panel {
	struct panel_row *r;
	size_t n;
	int cols;
	enum text_ambi ambi;
	bool oom;
};

void panel_init(struct panel *p, int cols, enum text_ambi ambi);
void panel_free(struct panel *p);

/* Appends text (any bytes; its line breaks end rows) wrapped to the
 * panel's width, every row with attribute a. */
void panel_say(struct panel *p, attr_t a, const char *text);

/* As panel_say, the paragraph starting with lead (a badge) drawn with
 * lead_a, a space between them. */
void panel_say_lead(struct panel *p, attr_t lead_a, const char *lead, attr_t a, const char *text);

/* An empty row. */
void panel_blank(struct panel *p);

/* Draws rows [*top, *top + rows) at y, x of w, *top first brought into
 * range (the last row at the bottom at most).  True when rows are left
 * below. */
bool panel_draw(const struct panel *p, WINDOW *w, int y, int x, int rows, size_t *top);

#endif
