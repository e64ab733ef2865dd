/*
 * screen — the frame around the panes: the layout for the terminal's size
 * (side by side when wide, stacked when narrow, a plain message when too
 * small), the status line (operator, snapshot state, clock), the bottom
 * line (key hints, the search being typed, questions and messages), the
 * help generated from the key table, and the dirty-flag redraw that ends
 * in one doupdate().
 *
 * The windows belong to struct ui; screen_free() deletes them.
 */
#ifndef MADOGUCHI_UI_SCREEN_H
#define MADOGUCHI_UI_SCREEN_H

#include "ui.h"

/* Redraws what flags (UI_*) say is dirty and updates the terminal once. */
void screen_redraw(struct ui *u, int flags);

/* The clock's minute changed since it was drawn. */
bool screen_clock_stale(const struct ui *u);

void screen_free(struct ui *u);

/* How many rows PgUp and PgDn scroll the help. */
size_t screen_help_page(const struct ui *u);

#endif
