/* The review screen's drawing: the status and filter lines, the table
 * with columns sized to the width, the text views, the bottom line. */
#include "review_draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "draw.h"
#include "i18n.h"
#include "review_keys.h"
#include "text_wrap.h"

struct rv_source review_source(const struct review *r)
{
	return (struct rv_source){
		.desk = r->desk, .f = &r->f, .note = r->text, .faq = r->faq, .disps = &r->disps, .lang_en = r->lang_en,
		.desk_hours = conf_get(r->conf, CONF_DESK_HOURS), .keys = review_keys_map(),
		.ambi = r->ambi,
	};
}

/* Rows of the table on screen: status, filters, header above; bottom. */
int review_draw_rows(void)
{
	return LINES - 4 > 1 ? LINES - 4 : 1;
}

bool review_draw_too_small(void)
{
	return COLS < RV_MIN_COLS || LINES < RV_MIN_ROWS;
}

static void put(int y, int x, const char *s, int cols, struct review *r)
{
	int w = draw_str(stdscr, y, x, s, cols, r->ambi);

	for (; w < cols; w++)
		addch(' ');
}

/* A column of the table: its text cut to cols - 1 columns, then a space,
 * so that wide text never runs into the next column. */
static void cell(int y, int *x, const char *s, int cols, struct review *r)
{
	if (*x + cols > COLS)
		cols = COLS - *x;
	if (cols <= 0)
		return;
	if (cols > 1)
		put(y, *x, s, cols - 1, r);
	mvaddch(y, *x + cols - 1, ' ');
	*x += cols;
}

/* text from row y, wrapped to the screen, three rows at most, bold. */
static void wrapped(int y, const char *text, struct review *r)
{
	char *d = text_display(text, strlen(text), r->ambi);
	struct text_line *tl = NULL;
	size_t n = d ? text_wrap(d, strlen(d), COLS, &tl) : 0;

	attrset(A_BOLD);
	for (size_t i = 0; n != (size_t)-1 && i < n && i < 3; i++)
		mvaddnstr(y + (int)i, 0, d + tl[i].off, (int)tl[i].len);
	attrset(A_NORMAL);
	free(tl);
	free(d);
}

/* The table's columns: time, operator, match, disposition, duration,
 * marks, note. */
enum { C_TIME, C_OPER, C_MATCH, C_DISP, C_DUR, C_MARK, C_NOTE, C_N };

/* A label's columns as cell() will draw it. */
static int width_of(const struct review *r, const char *s)
{
	return review_view_width(s, r->ambi);
}

/* Each column as wide as its widest label (the codes' labels, whichever
 * rows are on screen) and a space; the note has the rest, at least
 * NOTE_MIN: below that the disposition, the match and the operator give
 * up columns, in that order, cut with a mark. */
#define NOTE_MIN 20
static void columns(const struct review *r, int w[C_N])
{
	static const int least[C_N] = { 12, 6, 6, 8, 7, 3, 0 };
	char buf[128];
	int total = 0;

	w[C_TIME] = 12;
	w[C_DUR] = 7;
	w[C_MARK] = 3;
	w[C_OPER] = width_of(r, _("operator")) + 1;
	for (long i = 0; i < r->nrows; i++) {
		int k = width_of(r, r->rows[i].operator) + 1;

		w[C_OPER] = k > w[C_OPER] ? k : w[C_OPER];
	}
	if (w[C_OPER] > 17)
		w[C_OPER] = 17;
	w[C_MATCH] = width_of(r, _("match")) + 1;
	for (int l = 0; l < 4; l++) {
		static const char *const names[] = { "none", "partial", "ambiguous", "verified" };
		int k = width_of(r, review_view_level(names[l], buf, sizeof buf)) + 1;

		w[C_MATCH] = k > w[C_MATCH] ? k : w[C_MATCH];
	}
	w[C_DISP] = width_of(r, _("disposition")) + 1;
	for (size_t i = 0; i < r->disps.n; i++) {
		int k = width_of(r, inq_disp_label(&r->disps.d[i], r->lang_en)) + 1;

		w[C_DISP] = k > w[C_DISP] ? k : w[C_DISP];
	}
	for (int c = 0; c < C_NOTE; c++)
		total += w[c];
	for (int c = C_DISP; c >= C_OPER && COLS - total < NOTE_MIN; c--) {
		int give = w[c] - least[c] < NOTE_MIN - (COLS - total) ? w[c] - least[c] : NOTE_MIN - (COLS - total);

		if (give > 0) {
			w[c] -= give;
			total -= give;
		}
	}
	w[C_NOTE] = COLS - total;
}

static void draw_row(struct review *r, const struct rv_source *src, int y,
		     const struct logview_row *row, const int w[C_N])
{
	char when[32] = "?", dur[32], mark[4], note[sizeof row->note], match[128];
	time_t t = logview_time(row->key.started_at);
	struct tm tm;
	int x = 0;

	memcpy(note, row->note, sizeof note);
	if (t != (time_t)-1 && localtime_r(&t, &tm))
		strftime(when, sizeof when, "%m-%d %H:%M", &tm);
	snprintf(dur, sizeof dur, "%ld:%02ld", row->duration_ms / 60000, row->duration_ms / 1000 % 60);
	cell(y, &x, when, w[C_TIME], r);
	cell(y, &x, row->operator, w[C_OPER], r);
	cell(y, &x, review_view_level(row->match, match, sizeof match), w[C_MATCH], r);
	cell(y, &x, review_view_disp(src, row->disposition), w[C_DISP], r);
	cell(y, &x, dur, w[C_DUR], r);
	/* ! escalated, ~ interrupted: an escalated call cut off shows both. */
	snprintf(mark, sizeof mark, "%s%s", row->escalate ? "!" : "",
		 strcmp(row->state, "interrupted") == 0 ? "~" : "");
	cell(y, &x, mark, w[C_MARK], r);
	/* One line: the note's line ends become spaces, not "?". */
	for (char *p = note; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	cell(y, &x, note, w[C_NOTE], r);
}

static void draw_table(struct review *r)
{
	struct rv_source src = review_source(r);
	long h = review_draw_rows();
	int x = 0, w[C_N];

	columns(r, w);
	attrset(r->a_head);
	cell(2, &x, _("time"), w[C_TIME], r);
	cell(2, &x, _("operator"), w[C_OPER], r);
	cell(2, &x, _("match"), w[C_MATCH], r);
	cell(2, &x, _("disposition"), w[C_DISP], r);
	cell(2, &x, _("dur."), w[C_DUR], r);
	cell(2, &x, "!", w[C_MARK], r);
	cell(2, &x, _("note"), w[C_NOTE], r);
	attrset(A_NORMAL);
	if (r->nrows == 0 && r->nolog[0])
		wrapped(3, r->nolog, r);
	else if (r->nrows == 0)
		put(3, 0, _("No calls match the filters."), COLS, r);
	for (long i = 0; i < h && i < r->nrows; i++) {
		attrset(i == r->sel ? r->a_sel : A_NORMAL);
		draw_row(r, &src, 3 + (int)i, &r->rows[i], w);
	}
	attrset(A_NORMAL);
}

static void draw_lines(struct review *r)
{
	int h = LINES - 3;

	if (r->lines.n > 0 && r->top >= r->lines.n)
		r->top = r->lines.n - 1;
	for (int i = 0; i < h && r->top + (size_t)i < r->lines.n; i++) {
		const struct rv_line *l = &r->lines.l[r->top + (size_t)i];

		attrset(l->mark ? A_BOLD : A_NORMAL);
		put(2 + i, 0, l->s, COLS, r);
	}
	attrset(A_NORMAL);
}

static const char *prompt_label(const struct review *r)
{
	switch (r->prompt) {
	case RP_DATES: return _("Dates (FROM or FROM~TO): ");
	case RP_OPERATOR: return _("Operator (empty: any): ");
	case RP_TEXT: return _("Text in notes (empty: any): ");
	case RP_PATH: return _("Export to: ");
	case RP_FORMAT: return _("Format: c CSV for Excel (UTF-8)  s CSV CP932  j JSON Lines  Esc cancel");
	case RP_NONE: break;
	}
	return "";
}

/* A message while a prompt stays open (a date that cannot be read): above
 * the prompt, wrapped, at most three lines. */
static void draw_prompt_msg(struct review *r, int y)
{
	char *d = text_display(r->msg, strlen(r->msg), r->ambi);
	struct text_line *tl = NULL;
	size_t n = d ? text_wrap(d, strlen(d), COLS, &tl) : 0;

	if (n == (size_t)-1)
		n = 0;
	if (n > 3)
		n = 3;
	attrset(A_BOLD);
	for (size_t i = 0; i < n && y - (int)(n - i) >= 3; i++) {
		move(y - (int)(n - i), 0);
		clrtoeol();
		addnstr(d + tl[i].off, (int)tl[i].len);
	}
	attrset(A_NORMAL);
	free(tl);
	free(d);
}

/* The prompt's text from column x in cols columns; text it opened with
 * and not yet touched is shown selected (reverse video, as far as the
 * text goes), as the caller form shows a filled field. */
static void prompt_field(struct review *r, int y, int x, int cols)
{
	const struct field *f = &r->input;
	int need = f->gc[f->ngc].col[r->ambi == TEXT_AMBI_DOUBLE] + 1;

	if (!r->fresh || f->len == 0) {
		field_draw(stdscr, y, x, cols, f, true, r->ambi);
		return;
	}
	/* The rest of the line first: field_draw leaves the cursor. */
	put(y, x, "", cols, r);
	attrset(A_REVERSE);
	field_draw(stdscr, y, x, need < cols ? need : cols, f, true, r->ambi);
	attrset(A_NORMAL);
}

/* The bottom line leaves its last column alone: ncurses writes the
 * screen's last cell with an insert that a wider terminal (a tmux pane
 * around it) would show one column further, as the operator screen's
 * bottom line does. */
static void draw_bottom(struct review *r)
{
	int y = LINES - 1, w, cols = COLS - 1;

	attrset(A_NORMAL);
	if (r->prompt != RP_NONE) {
		const char *label = prompt_label(r);

		if (r->msg[0])
			draw_prompt_msg(r, y);
		w = draw_str(stdscr, y, 0, label, cols, r->ambi);
		if (r->prompt == RP_FORMAT) {
			put(y, w, "", cols - w, r);
			return;
		}
		prompt_field(r, y, w, cols - w);
		return;
	}
	if (r->msg[0]) {
		attrset(A_BOLD);
		put(y, 0, r->msg, cols, r);
		attrset(A_NORMAL);
		return;
	}
	put(y, 0, _(review_keys_bar(r->view)), cols, r);
}

/* "12/2,800": where the cursor is among the calls of the filter, in
 * buf; the columns it takes with a space before it (0: none shown). */
static int position(const struct review *r, char *buf, size_t size)
{
	char at[32], of[32];

	if (r->view != RV_TABLE || r->nrows == 0)
		return 0;
	snprintf(buf, size, "%s/%s", draw_grouped(r->offset + r->sel + 1, at, sizeof at),
		 r->total >= 0 ? draw_grouped(r->total, of, sizeof of) : "?");
	return (int)strlen(buf) + 1;
}

void review_draw(struct review *r)
{
	static const char *const views[] = { N_("calls"), N_("charts"), N_("lookups"), N_("detail"),
					     N_("help") };
	char status[256], hhmm[8], label[600], pos[64];
	time_t t = time(NULL);
	int pw;
	struct rv_source src = review_source(r);
	struct tm tm;

	erase();
	if (review_draw_too_small()) {
		put(0, 0, _("The terminal is too small for the review (60x10 at least); q quits"), COLS, r);
		refresh();
		return;
	}
	localtime_r(&t, &tm);
	strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
	snprintf(status, sizeof status, "madoguchi review  [%s]  %s  %s", _(views[r->view]), r->user, hhmm);
	attrset(r->a_status);
	put(0, 0, status, COLS, r);
	attrset(A_NORMAL);
	review_view_filters(&src, r->view, r->typed ? r->typed_label : NULL, r->range, label,
			    sizeof label);
	pw = position(r, pos, sizeof pos);
	put(1, 0, label, COLS - pw, r);
	if (pw)
		put(1, COLS - pw + 1, pos, pw - 1, r);
	if (r->view == RV_TABLE)
		draw_table(r);
	else
		draw_lines(r);
	draw_bottom(r);
	curs_set(r->prompt != RP_NONE && r->prompt != RP_FORMAT ? 1 : 0);
	refresh();
}
