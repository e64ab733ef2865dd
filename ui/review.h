/*
 * review — the supervisor's screen (`madoguchi review`): the inquiry log
 * as a table that refreshes while open, filters shown and edited on
 * screen, one call in detail, the figures as ASCII bar charts, the use of
 * the lookup with the unusual marked, and the export of the current view.
 *
 * Everything is read through src/logview (read-only, no transaction kept
 * while waiting for a key).  The table holds one page: the rows on screen
 * and one more, found by keyset queries from an anchor row.
 *
 * This module owns the loop: keys (looked up in ui/review_keys' table),
 * prompts, the table's page, drawing.  The other views are lines of text
 * made by ui/review_view, which knows nothing of this loop.
 *
 * Ownership: struct review (ui_review_main's) owns the page, the text of
 * the other views, the FAQ and the logview; the settings are borrowed.
 */
#ifndef MADOGUCHI_UI_REVIEW_H
#define MADOGUCHI_UI_REVIEW_H

#include <curses.h>
#include <stdbool.h>
#include "conf.h"
#include "err.h"
#include "faq.h"
#include "field.h"
#include "inq_disp.h"
#include "logview.h"
#include "logview_day.h"
#include "desk.h"
#include "logview_stats.h"
#include "review_view.h"
#include "text_display.h"

enum rv_prompt { RP_NONE, RP_DATES, RP_OPERATOR, RP_TEXT, RP_FORMAT, RP_PATH };

#define RV_MIN_COLS 60
#define RV_MIN_ROWS 10
#define RV_REFRESH_MS 2000

struct review {
	const struct conf *conf;
	struct desk *desk;
	struct faq *faq;        /* NULL when the FAQ cannot be read */
	struct inq_disps disps; /* the codes `p` cycles through */
	enum text_ambi ambi;
	bool lang_en;           /* dispositions' English labels */
	char user[64];

	/* filters */
	struct logview_filter f;
	enum logview_range range;
	bool typed;             /* the range was typed */
	char typed_label[160];
	char oper[64], text[256];
	char *needle;           /* text as logview looks for it (review_view_needle) */
	int disp_i, match_i;    /* -1: any */

	/* the table's page */
	struct logview_row *rows;
	long nrows;             /* loaded: up to the visible rows + 1 */
	bool at_top;            /* showing the newest rows (follows new ones) */
	struct logview_key anchor;
	long sel;
	long offset;            /* rows of the filter newer than the page's first */
	long total;             /* calls of the filter, -1 unknown */

	/* charts, lookups, detail, help: lines of text */
	enum rv_view view;
	enum rv_view back;      /* the view the help returns to */
	struct rv_text lines;
	size_t top;
	char detail_uuid[LOGVIEW_UUID_LEN + 1];

	enum rv_prompt prompt;
	struct field input;
	bool fresh;             /* the prompt's text is as it opened, selected:
	                           typing replaces it (review.c, ask) */
	enum logview_fmt fmt;
	bool cp932;
	char msg[1024];         /* an err message fits whole */
	char nolog[1200];       /* the log is not there: said where calls would be */
	attr_t a_status, a_sel, a_head;
};


/* The review screen: `madoguchi review`.  An exit status (enum app_exit),
 * with the line to print in err. */
int ui_review_main(const struct conf *conf, struct err *err);

#endif
