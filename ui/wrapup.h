/*
 * wrapup — the rows of a call's wrap-up above its verdict: the keys, the
 * dispositions all in view (numbered, in as many columns as the width
 * takes, the chosen one marked), escalation, and the note on as many rows
 * as it is given (ui/textarea).  Laid out compactly, so that at 80x24 the
 * verdict below stays whole while the disposition is chosen.  The keys
 * are ui/caller's, which owns the call.
 *
 * Ownership: nothing; it draws u->call into u->list.
 */
#ifndef MADOGUCHI_UI_WRAPUP_H
#define MADOGUCHI_UI_WRAPUP_H

#include "ui.h"

/* The rows the block takes with the note on note_rows rows; compact: the
 * dispositions on one row (the chosen one), for a terminal too short to
 * show the grid and the verdict. */
int wrapup_rows(const struct ui *u, int note_rows, bool compact);

/* The rows the whole note takes at its width. */
int wrapup_note_rows(const struct ui *u);

/* Draws the block from row y with the note on note_rows rows; the
 * note's place is kept in u->call for the cursor (wrapup_cursor). */
void wrapup_draw(struct ui *u, int y, int note_rows, bool compact);

/* Leaves the window's cursor in the note (the last thing drawn). */
void wrapup_cursor(struct ui *u);

#endif
