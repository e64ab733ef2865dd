/*
 * ui — the operator screen's shared state and its panes.
 *
 * One struct ui holds everything the screen shows (the only global state of
 * the program lives in it, owned by ui_operator_main).  Each pane is a small
 * module with X_draw (paint its window) and X_key (handle an action or key
 * and return UI_* flags saying what needs redrawing, like htop's Panel);
 * the main loop collects the flags of a batch of keys and redraws only the
 * dirty panes, then calls doupdate() once.
 *
 * Ownership: ui owns its windows, hits and the answer's layout; the FAQ
 * and the cli settings are borrowed.
 */
#ifndef MADOGUCHI_UI_UI_H
#define MADOGUCHI_UI_UI_H

#include <curses.h>
#include <stdbool.h>
#include "cli.h"
#include "draw.h"
#include "faq.h"
#include "field.h"
#include "keymap.h"
#include "text.h"

enum ui_flag {
	UI_LIST = 1, UI_ANSWER = 2, UI_STATUS = 4, UI_BOTTOM = 8,
	UI_ALL = 15,
	UI_LAYOUT = 16,         /* pane sizes may change */
	UI_REBUILD = 32,        /* the answer's text or spans changed */
	UI_QUIT = 64,
	UI_HANDLED = 128,       /* the key was used, nothing to redraw */
};

enum ui_focus { FOCUS_LIST, FOCUS_ANSWER };
enum ui_mode { MODE_NORMAL, MODE_SEARCH, MODE_JUMP, MODE_CONFIRM, MODE_HELP };

/* The smallest screen that is drawn; below, a plain message. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
/* From this width the panes stand side by side. */
#define UI_WIDE_COLS 100

struct ui_line {
	size_t para;            /* index into ui_answer.paras */
	size_t off, len;
	attr_t attr;
};

struct ui_answer {
	struct draw_text *paras;
	size_t npara;
	struct ui_line *lines;
	size_t nlines;
	size_t top;             /* first line shown */
};

struct ui_geom {
	int rows, cols;
	int list_y, list_x, list_h, list_w;
	int ans_y, ans_x, ans_h, ans_w;
	int sep_y, sep_x;       /* separator line or column */
	bool wide, too_small;
};

struct ui {
	struct cli *cli;
	const struct faq *faq;
	enum text_ambi ambi;
	char operator_name[64];

	struct ui_geom g;
	WINDOW *status, *list, *sep, *answer, *bottom;

	enum ui_focus focus;
	enum ui_mode mode;
	struct field query;     /* the search being typed or kept */
	char jump[8];           /* digits typed for a jump */
	char msg[256];          /* one message on the bottom line */
	size_t help_top;        /* first key table entry shown in the help */

	struct faq_hit *hits;   /* the list as shown: all entries, or matches */
	size_t nhits, sel, top;
	struct ui_answer ans;

	attr_t a_status, a_sel, a_hl, a_title;
	int minute;             /* the clock shown, to redraw it each minute */
};

/* list.c: the question list */
void list_draw(struct ui *u);
int list_key(struct ui *u, enum keymap_action act);
int list_select(struct ui *u, size_t i);

/* answer.c: the selected answer, wrapped */
int answer_build(struct ui *u);
void answer_draw(struct ui *u);
int answer_key(struct ui *u, enum keymap_action act);
void answer_free(struct ui_answer *a);

/* search.c: the incremental search and the number jump */
int search_run(struct ui *u);
int search_key(struct ui *u, int key);
int jump_key(struct ui *u, int key);

/* The operator screen: `madoguchi` with no subcommand. */
int ui_operator_main(struct cli *c);

#endif
