/*
 * review_view — the text of the supervisor's screen: the charts, the use
 * of the lookup, one call in detail and the help as lines of text; the
 * labels, in the desk's language, of the codes the log stores; the
 * filters as one line.  It reads the log through src/logview and knows
 * nothing of keys, prompts or windows: ui/review owns the loop, calls
 * these and draws the lines.
 *
 * Ownership: struct rv_source is borrowed (the review's); struct rv_text
 * owns its lines (review_view_free).  An error goes to the caller's msg.
 */
#ifndef MADOGUCHI_UI_REVIEW_VIEW_H
#define MADOGUCHI_UI_REVIEW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include "desk.h"
#include "faq.h"
#include "inq_disp.h"
#include "keymap.h"
#include "logview.h"
#include "logview_day.h"
#include "text_display.h"

enum rv_view { RV_TABLE, RV_CHARTS, RV_LOOKUPS, RV_DETAIL, RV_HELP };

struct rv_line {
	char *s;
	bool mark;              /* drawn bold: an unusual figure */
};

struct rv_text {
	struct rv_line *l;
	size_t n;
};

/* What the views are made of; every pointer borrowed. */
struct rv_source {
	struct desk *desk;              /* the log is read through the desk */
	const struct logview_filter *f;
	const char *note;               /* the note filter as typed, or NULL */
	const struct faq *faq;          /* NULL: FAQ numbers without their questions */
	const struct inq_disps *disps;
	bool lang_en;                   /* dispositions' English labels */
	const char *desk_hours;         /* "08:30-17:15", NULL or "": none */
	const struct keymap *keys;      /* the screen's, for the help */
	enum text_ambi ambi;
};

/* The lines of view v (none for the table) cols wide, in *t (replacing
 * what it held); uuid is the detail's call.  -1 with the reason in msg
 * when the log cannot be read or the call is not there. */
int review_view_build(const struct rv_source *s, enum rv_view v, const char *uuid, int cols,
		      struct rv_text *t, char *msg, size_t size);
void review_view_free(struct rv_text *t);

/* The columns s (any bytes) takes once drawn: displayed as the screen
 * draws it (text_display), so a column sized with it is never cut by
 * what the display spells wider. */
int review_view_width(const char *s, enum text_ambi ambi);

/* Labels in the desk's language for the codes the log stores (match
 * levels, states, dispositions, the kinds of detail used); a code this
 * program does not know is shown as stored.  The factors label goes into
 * buf. */
const char *review_view_match(const char *m);
const char *review_view_state(const char *s);
/* The match level with the mark of the operator's verdict ("[=] verified"),
 * in buf; "-" for none recorded. */
const char *review_view_level(const char *m, char *buf, size_t size);
const char *review_view_disp(const struct rv_source *s, const char *code);
const char *review_view_factors(const char *factors, char *buf, size_t size);

/* The note filter for logview of what was typed: folded as the FAQ
 * search folds (text_fold), each word followed by its spellings from the
 * FAQ's synonym table ("漏洩|漏えい|流出"), so that /漏洩 finds the notes
 * written 漏えい; faq NULL: no spellings.  *out is malloc'd (NULL for
 * nothing typed).  0, or -1 when memory runs out. */
int review_view_needle(const struct faq *faq, const char *typed, char **out);

/* The filters of view v as one line: typed is the date range as typed
 * (NULL: range names it).  In buf. */
void review_view_filters(const struct rv_source *s, enum rv_view v, const char *typed,
			 enum logview_range range, char *buf, size_t size);

#endif
