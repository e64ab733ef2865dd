/*
 * verdict — a lookup's verdict as the operator reads it, and the look of
 * each match level.
 *
 * verdict_panel() lays the verdict out as paragraphs of a panel (what to
 * say, what to ask, the windows' advice, the FAQ keys); the form and the
 * wrap-up draw it.  Each level opens with its badge: a mark and the
 * level's word in an attribute of its own (reverse video, a colour when
 * colours are on), so that the four are told apart without colour and
 * never look like the search's highlight (bold, underlined).  The review
 * shows the same marks beside the match levels of its calls
 * (verdict_look, verdict_level).
 *
 * Ownership: nothing is kept; the panel is the caller's.
 */
#ifndef MADOGUCHI_UI_VERDICT_H
#define MADOGUCHI_UI_VERDICT_H

#include <curses.h>
#include <stdbool.h>
#include "call.h"
#include "panel.h"

struct verdict_look {
	const char *mark;       /* "[=]" verified, "[?]" ambiguous, "[+]" partial, "[-]" none */
	attr_t a;
};

/* The look of level (enum lookup_match); colour: colours are on (the
 * pairs tty_colours sets). */
struct verdict_look verdict_look(enum lookup_match level, bool colour);

/* The level a log's match column names ("verified" …), or -1. */
int verdict_level(const char *name);

/* The form's label of a caller's detail (translated). */
const char *verdict_field_label(enum call_field f);

/* The verdict v as the panel's paragraphs; title is the attribute of its
 * first row. */
void verdict_panel(struct panel *p, const struct call_verdict *v, bool colour, attr_t title);

#endif
