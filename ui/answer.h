/*
 * answer — the answer pane: the selected entry's question and answer,
 * wrapped to the pane, with the search's matches highlighted; and the
 * record of the answers opened (u->shown), which a call saves.
 *
 * u->ans (the paragraphs and lines) belongs to the pane: answer_free()
 * releases it.
 */
#ifndef MADOGUCHI_UI_ANSWER_H
#define MADOGUCHI_UI_ANSWER_H

#include "ui.h"

int answer_build(struct ui *u);
void answer_draw(struct ui *u);
/* Keeps the answer's first line shown within what the pane can scroll to. */
void answer_clamp(struct ui *u);
int answer_key(struct ui *u, enum keymap_action act);
void answer_free(struct ui_answer *a);
/* n / N: the answer scrolled to the next (dir 1) or previous (-1) line
 * holding a match of the search; a message when there is none. */
int answer_match(struct ui *u, int dir);
/* Records that the answer of entry num was opened (Enter, a jump, F5-F8),
 * once. */
void answer_opened(struct ui *u, int num);

#endif
