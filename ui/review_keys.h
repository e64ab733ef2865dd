/*
 * review_keys — the key table of the supervisor's screen (ui/keymap's
 * mechanism, the review's table): each action, its keys, its help line and
 * the views it works in; and the key bar of each view.  ui/review
 * dispatches by looking a key up here, and its help view (ui/review_view)
 * is drawn from the same table, so the help cannot disagree with the keys.
 *
 * A view's key bar is one message, translated whole (the Japanese bar is
 * laid out otherwise than the English one, to keep its first keys in 80
 * columns); the table says which actions each bar names, and the unit
 * test holds every bar's text to them.
 *
 * Everything here is static.
 */
#ifndef MADOGUCHI_UI_REVIEW_KEYS_H
#define MADOGUCHI_UI_REVIEW_KEYS_H

#include <stddef.h>
#include "keymap.h"
#include "review_view.h"

enum review_keys_act {
	RK_NONE, RK_CLOSE, RK_QUIT, RK_BACK, RK_UP, RK_DOWN, RK_PGUP, RK_PGDN, RK_HOME, RK_END,
	RK_DETAIL, RK_NEXT_VIEW, RK_PREV_VIEW, RK_DATE, RK_DATES, RK_OPERATOR, RK_DISP, RK_MATCH,
	RK_ESCALATED,
	RK_TEXT, RK_CLEAR, RK_EXPORT, RK_REDRAW, RK_HELP,
	RK_NACTS                /* the number of actions */
};

/* The bit of view v in a table entry's `where` and a bar's `views`. */
#define RK_VIEW(v) (1u << (v))

struct review_keys_bar {
	unsigned views;         /* RK_VIEW bits: the views it is shown in */
	const char *text;       /* msgid */
	int acts[16];           /* the actions it names; RK_NONE ends */
};

/* The table, in the order of the help. */
const struct keymap *review_keys_map(void);

/* The action key is bound to in view v; RK_NONE when none works there. */
enum review_keys_act review_keys_action(enum rv_view v, int key);

/* The key bar of view v (a msgid). */
const char *review_keys_bar(enum rv_view v);

/* Every bar and their number. */
const struct review_keys_bar *review_keys_bars(size_t *n);

#endif
