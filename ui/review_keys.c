#include "review_keys.h"

#include "i18n.h"
#include "input.h"

/* Where an action works: everywhere; the views of calls the filters
 * apply to; the views of text read down to the end. */
#define ALL (RK_VIEW(RV_TABLE) | RK_VIEW(RV_CHARTS) | RK_VIEW(RV_LOOKUPS) | RK_VIEW(RV_DETAIL) | \
	     RK_VIEW(RV_HELP))
#define CALLS (RK_VIEW(RV_TABLE) | RK_VIEW(RV_CHARTS) | RK_VIEW(RV_LOOKUPS))
#define TEXTS (RK_VIEW(RV_DETAIL) | RK_VIEW(RV_HELP))
/* Every view but the table: back goes from them. */
#define BACKS (RK_VIEW(RV_CHARTS) | RK_VIEW(RV_LOOKUPS) | TEXTS)

static const struct keymap_entry table[] = {
	{ RK_CLOSE, { 'q' }, N_("quit (q in the detail or this help: back)"), ALL },
	{ RK_QUIT, { INPUT_FN(KEY_F(10)), INPUT_CTRL('C') }, N_("quit"), ALL },
	{ RK_BACK, { INPUT_ESC, INPUT_FN(KEY_LEFT), INPUT_BS },
	  N_("back: from the detail, the charts or the lookups to the table, from this help to the "
	     "view before"), BACKS },
	{ RK_UP, { INPUT_FN(KEY_UP), 'k' }, N_("move in the table, scroll the other views"), ALL },
	{ RK_DOWN, { INPUT_FN(KEY_DOWN), 'j' }, NULL, ALL },
	{ RK_PGUP, { INPUT_FN(KEY_PPAGE) }, N_("a page up or down, the newest or the end"), ALL },
	{ RK_PGDN, { INPUT_FN(KEY_NPAGE), ' ' }, NULL, ALL },
	{ RK_HOME, { INPUT_FN(KEY_HOME), 'g' }, NULL, ALL },
	{ RK_END, { INPUT_FN(KEY_END), 'G' }, NULL, ALL },
	{ RK_DETAIL, { INPUT_ENTER }, N_("the selected call in detail"), RK_VIEW(RV_TABLE) },
	{ RK_NEXT_VIEW, { 't', '\t' }, N_("next view: calls, charts, lookups"), CALLS },
	{ RK_PREV_VIEW, { INPUT_FN(KEY_BTAB) }, N_("the view before"), CALLS },
	{ RK_DATE, { 'd' }, N_("date: today, yesterday, this week, all, then a typed range"), CALLS },
	{ RK_DATES, { 'D' }, N_("a typed range at once (2026-11-01~2026-11-27, 11/27, 今日, R8.11.1)"),
	  CALLS },
	{ RK_OPERATOR, { 'o' }, N_("operator: the start of a name, any case, from those listed; "
				   "empty for all"), CALLS },
	{ RK_DISP, { 'p' }, N_("disposition: each in turn, then all"), CALLS },
	{ RK_MATCH, { 'm' }, N_("match level: each in turn, then all"), CALLS },
	{ RK_ESCALATED, { 'e' }, N_("escalated calls only, or all"), CALLS },
	{ RK_TEXT, { '/' }, N_("text in the notes; several words must all be there"), CALLS },
	{ RK_CLEAR, { 'c' }, N_("clear every filter"), CALLS },
	{ RK_EXPORT, { 'x' }, N_("export the calls of the view: CSV, CSV in CP932, JSON Lines"), CALLS },
	{ RK_REDRAW, { INPUT_CTRL('L') }, N_("redraw the screen"), ALL },
	{ RK_HELP, { '?', INPUT_FN(KEY_F(1)) }, N_("this help"), ALL },
};

static const struct keymap review_map = { table, sizeof table / sizeof table[0] };

/* Quitting, help, exporting and the views first: on a narrow terminal a
 * bar is cut at the right, where the filter keys are (the filter line
 * above the table names the filters too). */
static const struct review_keys_bar bars[] = {
	{ RK_VIEW(RV_TABLE),
	  N_("q quit  ? help  x export  Enter detail  t charts  d/D date  o operator  p disp.  "
	     "m match  e esc.  / note  c clear"),
	  { RK_CLOSE, RK_HELP, RK_EXPORT, RK_DETAIL, RK_NEXT_VIEW, RK_DATE, RK_DATES, RK_OPERATOR,
	    RK_DISP, RK_MATCH, RK_ESCALATED, RK_TEXT, RK_CLEAR } },
	{ TEXTS, N_("Up/Down scroll  Esc/q back  F10 quit"),
	  { RK_UP, RK_DOWN, RK_BACK, RK_CLOSE, RK_QUIT } },
	{ RK_VIEW(RV_CHARTS) | RK_VIEW(RV_LOOKUPS),
	  N_("q quit  Esc table  x export  t/Tab next view  Up/Down scroll  d D o p m e / c filters"),
	  { RK_CLOSE, RK_BACK, RK_EXPORT, RK_NEXT_VIEW, RK_UP, RK_DOWN, RK_DATE, RK_DATES, RK_OPERATOR,
	    RK_DISP, RK_MATCH, RK_ESCALATED, RK_TEXT, RK_CLEAR } },
};

const struct keymap *review_keys_map(void)
{
	return &review_map;
}

enum review_keys_act review_keys_action(enum rv_view v, int key)
{
	const struct keymap_entry *e = keymap_find(&review_map, key);

	return e && (e->where & RK_VIEW(v)) ? (enum review_keys_act)e->act : RK_NONE;
}

const char *review_keys_bar(enum rv_view v)
{
	for (size_t i = 0; i < sizeof bars / sizeof bars[0]; i++)
		if (bars[i].views & RK_VIEW(v))
			return bars[i].text;
	return "";
}

const struct review_keys_bar *review_keys_bars(size_t *n)
{
	*n = sizeof bars / sizeof bars[0];
	return bars;
}
