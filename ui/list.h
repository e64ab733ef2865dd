/*
 * list — the question list pane: the FAQ entries shown (all, or a
 * search's matches, best first) with the selection.
 *
 * Reads and moves u->hits / u->sel; owns nothing.
 */
#ifndef MADOGUCHI_UI_LIST_H
#define MADOGUCHI_UI_LIST_H

#include "ui.h"

void list_draw(struct ui *u);
int list_key(struct ui *u, enum keymap_action act);
/* Selects hit i; its answer is rebuilt. */
int list_select(struct ui *u, size_t i);

#endif
