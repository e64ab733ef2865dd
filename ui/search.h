/*
 * search — the incremental search (faq_search_typing at every key,
 * faq_search once Enter keeps the query) and the jump to an entry by its
 * number.
 *
 * Edits u->query and replaces u->hits; the list and answer panes show them.
 */
#ifndef MADOGUCHI_UI_SEARCH_H
#define MADOGUCHI_UI_SEARCH_H

#include "ui.h"

int search_run(struct ui *u);
int search_key(struct ui *u, int key);
int jump_key(struct ui *u, int key);
/* Opens entry num in the answer (clearing a search that hides it). */
int search_open(struct ui *u, int num);

#endif
