/*
 * review_draw — how the review screen looks: the status line, the filters
 * with the cursor's place among the calls (12/2,800), the table with its
 * columns sized to the width (labels whole when they fit, cut with …
 * below), the text views (charts, lookups, detail, help) and the bottom
 * line with its prompt.  ui/review owns the state and the loop and calls
 * review_draw() once a change is made; nothing here changes the state but
 * the text views' top row, kept within their lines.
 *
 * Ownership: nothing is kept; struct review is ui/review's.
 */
#ifndef MADOGUCHI_UI_REVIEW_DRAW_H
#define MADOGUCHI_UI_REVIEW_DRAW_H

#include <stdbool.h>
#include "review.h"

/* The table's rows on screen: below the status, filter and header lines,
 * above the bottom line. */
int review_draw_rows(void);

/* The terminal is below RV_MIN_COLS x RV_MIN_ROWS. */
bool review_draw_too_small(void);

/* What the text views and the labels read, from the screen's state
 * (pointers into r): the review builds its views with it too. */
struct rv_source review_source(const struct review *r);

/* The whole screen, then refresh(). */
void review_draw(struct review *r);

#endif
