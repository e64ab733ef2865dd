#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "answer.h"
#include "caller.h"
#include "i18n.h"
#include "input.h"
#include "list.h"
#include "text_width.h"
#include "text_wrap.h"

static int minute_now(char *hhmm, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	if (hhmm)
		strftime(hhmm, size, "%H:%M", &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

bool screen_clock_stale(const struct ui *u)
{
	return minute_now(NULL, 0) != u->minute || caller_elapsed(u) != u->elapsed;
}

/* The side-by-side list is as wide as its longest question needs (number
 * included), as far as the answer keeps a third of the screen, 40 columns
 * at least; never narrower than two fifths. */
static int side_list_w(const struct ui *u, int cols)
{
	int want = 0, answer = cols / 3 > 40 ? cols / 3 : 40, w;

	for (size_t i = 0; i < u->faq->n; i++) {
		const char *q = u->faq->e[i].question;
		int k = text_width(q, strlen(q)) + 4;

		want = k > want ? k : want;
	}
	w = want < cols - answer ? want : cols - answer;
	return w > cols * 2 / 5 ? w : cols * 2 / 5;
}

static struct ui_geom geometry(const struct ui *u)
{
	struct ui_geom g = { .rows = LINES, .cols = COLS };
	int h = g.rows - 2, lh;

	g.too_small = g.cols < UI_MIN_COLS || g.rows < UI_MIN_ROWS;
	if (g.too_small)
		return g;
	if (u->view == VIEW_FORM) {
		/* The list window holds the form; beside it the answer when
		 * there is room, else the form has the screen (the answer's
		 * window keeps a size but is not drawn). */
		g.form = true;
		g.form_side = g.wide = g.cols >= UI_CALL_WIDE_COLS;
		g.list_y = g.ans_y = g.sep_y = 1;
		g.list_h = g.ans_h = h;
		g.list_w = g.wide ? g.cols / 2 : g.cols;
		g.sep_x = g.wide ? g.list_w : 0;
		g.ans_x = g.wide ? g.list_w + 1 : 0;
		g.ans_w = g.cols - g.ans_x;
		return g;
	}
	g.wide = g.cols >= UI_WIDE_COLS;
	if (g.wide) {
		g.list_w = side_list_w(u, g.cols);
		g.list_y = g.ans_y = g.sep_y = 1;
		g.list_h = g.ans_h = h;
		g.sep_x = g.list_w;
		g.ans_x = g.list_w + 1;
		g.ans_w = g.cols - g.ans_x;
		return g;
	}
	/* Stacked: the list as tall as it needs while choosing, a few rows
	 * while reading, so the answer gets the screen.  While a query is
	 * typed the list keeps the height of the whole FAQ: the answer
	 * below stays in place instead of moving at every key (which both
	 * jumps under the operator's eyes and redraws it whole). */
	if (u->focus == FOCUS_ANSWER && u->mode != MODE_SEARCH)
		lh = (int)(u->nhits < 3 ? u->nhits : 3);
	else if (u->mode == MODE_SEARCH)
		lh = (int)u->faq->n < h - 6 ? (int)u->faq->n : h - 6;
	else
		lh = (int)u->nhits < h - 6 ? (int)u->nhits : h - 6;
	if (lh < 1)
		lh = 1;
	g.list_y = 1;
	g.list_w = g.ans_w = g.cols;
	g.list_h = lh;
	g.sep_y = 1 + lh;
	g.ans_y = g.sep_y + 1;
	g.ans_h = h - lh - 1;
	return g;
}

static void del(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

void screen_free(struct ui *u)
{
	del(&u->status);
	del(&u->list);
	del(&u->sep);
	del(&u->answer);
	del(&u->bottom);
}

/* Field by field: padding bytes of a returned struct are not comparable. */
static bool geom_equal(const struct ui_geom *a, const struct ui_geom *b)
{
	return a->rows == b->rows && a->cols == b->cols &&
	       a->list_y == b->list_y && a->list_x == b->list_x &&
	       a->list_h == b->list_h && a->list_w == b->list_w &&
	       a->ans_y == b->ans_y && a->ans_x == b->ans_x &&
	       a->ans_h == b->ans_h && a->ans_w == b->ans_w &&
	       a->sep_y == b->sep_y && a->sep_x == b->sep_x &&
	       a->wide == b->wide && a->too_small == b->too_small &&
	       a->form == b->form && a->form_side == b->form_side;
}

/* New windows when the geometry changed; returns the flags that follow. */
static int layout(struct ui *u)
{
	struct ui_geom g = geometry(u);
	int flags = UI_ALL;

	if (u->status && geom_equal(&g, &u->g))
		return 0;
	/* Keys refused while it was too small: said once it is not. */
	if (u->g.too_small && !g.too_small && u->refused_keys) {
		snprintf(u->msg, sizeof u->msg, ngettext("%ld key typed on a terminal smaller than %dx%d was "
							 "not taken", "%ld keys typed on a terminal smaller than "
							 "%dx%d were not taken", (unsigned long)u->refused_keys),
			 u->refused_keys, UI_MIN_COLS, UI_MIN_ROWS);
		u->refused_keys = 0;
	}
	if (g.ans_w != u->g.ans_w)
		flags |= UI_REBUILD;
	screen_free(u);
	u->g = g;
	/* What the old windows left on the screen must go (a shrinking
	 * list, the help, the "too small" message). */
	werase(stdscr);
	wnoutrefresh(stdscr);
	if (g.too_small) {
		u->status = newwin(g.rows, g.cols, 0, 0);
		return flags;
	}
	u->status = newwin(1, g.cols, 0, 0);
	u->bottom = newwin(1, g.cols, g.rows - 1, 0);
	u->list = newwin(g.list_h, g.list_w, g.list_y, g.list_x);
	u->answer = newwin(g.ans_h, g.ans_w, g.ans_y, g.ans_x);
	u->sep = g.wide ? newwin(g.list_h, 1, g.sep_y, g.sep_x) : newwin(1, g.cols, g.sep_y, 0);
	if (!u->status || !u->bottom || !u->list || !u->answer || !u->sep) {
		screen_free(u);
		u->g.too_small = true;
		u->status = newwin(g.rows, g.cols, 0, 0);
		return flags;
	}
	wbkgdset(u->status, ' ' | u->a_status);
	return flags;
}

static void draw_too_small(struct ui *u)
{
	char need[64];

	if (!u->status)
		return;
	werase(u->status);
	snprintf(need, sizeof need, _("at least %dx%d is needed"), UI_MIN_COLS, UI_MIN_ROWS);
	draw_str(u->status, 0, 0, _("terminal too small"), u->g.cols, u->ambi);
	if (u->g.rows > 1)
		draw_str(u->status, 1, 0, need, u->g.cols, u->ambi);
	/* Keys are not taken unseen: each one is refused, in words. */
	if (u->g.rows > 2 && u->refused_keys) {
		snprintf(need, sizeof need, ngettext("%ld key not taken (q quits)", "%ld keys not taken (q quits)",
						     (unsigned long)u->refused_keys), u->refused_keys);
		draw_str(u->status, 2, 0, need, u->g.cols, u->ambi);
	}
	wnoutrefresh(u->status);
}

static void draw_status(struct ui *u)
{
	char line[1400], clock[16], call[64] = "", pending[64] = "", snap[1200], id[64];
	long el = caller_elapsed(u), np = u->desk ? desk_pending(u->desk) : 0;
	const char *title = u->view == VIEW_FAQ ? _("madoguchi FAQ desk")
			    : u->call.wrap ? _("madoguchi wrap-up") : _("madoguchi caller form");
	int w = u->g.cols;

	u->minute = minute_now(clock, sizeof clock);
	u->elapsed = el;
	werase(u->status);
	if (u->call.started)
		snprintf(call, sizeof call, "  %s %02ld:%02ld", _("call"), el / 60, el % 60);
	if (np > 0)
		snprintf(pending, sizeof pending, "  %s: %ld", _("spooled"), np);
	else if (u->log_missing)
		snprintf(pending, sizeof pending, "  %s", _("log missing"));
	if (u->snap_ok)
		snprintf(snap, sizeof snap, "%s %s", _("snapshot"), u->snap_msg);
	else if (conf_get(u->conf, CONF_SNAPSHOT))
		snprintf(snap, sizeof snap, "%s: %s", _("snapshot error"), u->snap_msg);
	else
		snprintf(snap, sizeof snap, "%s", _("no snapshot"));
	/* The title names the screen; short of room, the snapshot's date
	 * goes first, then the operator, and the title last. */
	snprintf(id, sizeof id, "%s %.8s", _("snapshot"), u->snap_msg);
	snprintf(line, sizeof line, " %s  %s: %s%s%s  %s", title, _("operator"), u->operator_name, call,
		 pending, snap);
	if (u->snap_ok && text_width(line, strlen(line)) > w - 7)
		snprintf(line, sizeof line, " %s  %s: %s%s%s  %s", title, _("operator"), u->operator_name,
			 call, pending, id);
	if (text_width(line, strlen(line)) > w - 7)
		snprintf(line, sizeof line, " %s%s%s  %s", title, call, pending, u->snap_ok ? id : snap);
	if (text_width(line, strlen(line)) > w - 7)
		snprintf(line, sizeof line, " %s: %s%s%s  %s", _("operator"), u->operator_name, call,
			 pending, snap);
	draw_str(u->status, 0, 0, line, w - 7, u->ambi);
	draw_str(u->status, 0, w - 6, clock, 5, u->ambi);
}

static void draw_sep(struct ui *u)
{
	bool ascii = u->ambi == TEXT_AMBI_DOUBLE;

	werase(u->sep);
	if (u->g.wide) {
		mvwvline(u->sep, 0, 0, ascii ? '|' : ACS_VLINE, u->g.list_h);
		return;
	}
	mvwhline(u->sep, 0, 0, ascii ? '-' : ACS_HLINE, u->g.cols);
	if (u->nhits) {
		char label[64];

		snprintf(label, sizeof label, " %s %d ", _("answer"), u->faq->e[u->hits[u->sel].index].num);
		wattrset(u->sep, u->focus == FOCUS_ANSWER ? A_BOLD : A_NORMAL);
		draw_str(u->sep, 0, 2, label, u->g.cols - 4, u->ambi);
		wattrset(u->sep, A_NORMAL);
	}
}

/* The text typed so far, its end kept in view, and the cursor after it. */
static void draw_input(struct ui *u, const char *prompt, const char *text, const char *right)
{
	char *d = text_display(text, strlen(text), u->ambi);
	size_t off = 0, n = d ? strlen(d) : 0;
	int room, x, shown = 0, rw = right ? text_width(right, strlen(right)) : 0;

	x = draw_str(u->bottom, 0, 0, prompt, u->g.cols - 1, u->ambi);
	room = u->g.cols - x - rw - 2;
	if (d && room > 0) {
		while (off < n && text_width(d + off, n - off) > room)
			off += text_grapheme_len(d + off, n - off);
		shown = text_width(d + off, n - off);
		mvwaddnstr(u->bottom, 0, x, d + off, (int)(n - off));
	}
	free(d);
	if (right && u->g.cols - rw - 1 > x + shown)
		draw_str(u->bottom, 0, u->g.cols - rw - 1, right, rw, u->ambi);
	wmove(u->bottom, 0, x + shown);
}

/* "/" and the query being typed (the field scrolls and places the
 * cursor), the number of matches on the right. */
static void draw_search(struct ui *u, const char *count)
{
	int cw = text_width(count, strlen(count));
	int cols = u->g.cols - 1 - (cw + 2 < u->g.cols / 2 ? cw + 2 : 0);

	if (cols < u->g.cols - 1)
		draw_str(u->bottom, 0, cols + 1, count, cw, u->ambi);
	mvwaddch(u->bottom, 0, 0, '/');
	field_draw(u->bottom, 0, 1, cols - 1, &u->query, true, u->ambi);
}

/* The question asked, a refused answer's word at its right. */
static void draw_question(struct ui *u)
{
	char q[512];
	long np = u->desk ? desk_pending(u->desk) : 0;

	switch (u->confirm) {
	case CONFIRM_QUIT_CALL:
		snprintf(q, sizeof q, "%s", _("the call is not saved: log it as interrupted and quit? (y/n) "));
		break;
	case CONFIRM_QUIT_LOSE:
		snprintf(q, sizeof q, "%s", _("the call could NOT be saved: quit anyway and lose it? (y/n) "));
		break;
	case CONFIRM_NEW_CALL:
		snprintf(q, sizeof q, "%s",
			 _("the call is not saved: log it as interrupted and start a new one? (y/n) "));
		break;
	case CONFIRM_QUIT_PENDING:
		snprintf(q, sizeof q, ngettext("%ld entry waits in the spool, not in the log yet: quit? (y/n) ",
					       "%ld entries wait in the spool, not in the log yet: quit? (y/n) ",
					       (unsigned long)np), np);
		break;
	case CONFIRM_SAVE:
		snprintf(q, sizeof q, "%s", _("save the call with the note above? (Enter/y: save, n: back) "));
		break;
	case CONFIRM_SAVE_STALE:
		snprintf(q, sizeof q, "%s", _("save it without a verdict? (y: save, n: back) "));
		break;
	case CONFIRM_QUIT:
	default:
		snprintf(q, sizeof q, "%s", _("quit? (y/n) "));
		break;
	}
	/* A refused answer: its word first, then the question again. */
	if (u->msg[0]) {
		char both[sizeof q + sizeof u->msg + 2];

		snprintf(both, sizeof both, "%s  %s", u->msg, q);
		draw_input(u, both, "", NULL);
		return;
	}
	draw_input(u, q, "", NULL);
}

static void draw_bottom(struct ui *u)
{
	char buf[sizeof u->msg], count[64];

	werase(u->bottom);
	snprintf(count, sizeof count, _("%zu of %zu"), u->nhits, u->faq->n);
	switch (u->mode) {
	case MODE_SEARCH:
		draw_search(u, count);
		return;
	case MODE_JUMP:
		/* A number past the last entry: said instead of the prompt. */
		if (u->msg[0]) {
			draw_str(u->bottom, 0, 0, u->msg, u->g.cols - 1, u->ambi);
			return;
		}
		snprintf(buf, sizeof buf, "%s: ", _("entry number (Enter to jump)"));
		draw_input(u, buf, u->jump, NULL);
		return;
	case MODE_CONFIRM:
		draw_question(u);
		return;
	case MODE_HELP:
		draw_str(u->bottom, 0, 0, _("Up/Down/PgUp/PgDn scroll, others return"), u->g.cols - 1,
			 u->ambi);
		return;
	case MODE_NORMAL:
		break;
	}
	/* The keys of what is on screen: the form, its wrap-up, or the FAQ
	 * opened in the middle of a call (F2 goes back to it). */
	if (u->msg[0])
		snprintf(buf, sizeof buf, "%s", u->msg);
	else if (u->view == VIEW_FORM && u->call.wrap)
		snprintf(buf, sizeof buf, "%s", _("Enter save  F2 back to the form  F4 new call  F10 quit"));
	else if (u->view == VIEW_FORM)
		snprintf(buf, sizeof buf, "%s", _("Enter look up  F1 FAQ  F3 wrap-up  F4 new call  F10 quit"));
	/* The FAQ's keys: quit and help first, so that a narrow screen, which
	 * cuts the line at its end, still shows them. */
	else if (u->call.started && !field_chars(&u->query))
		snprintf(buf, sizeof buf, "%s", _("F10 quit  F2 back to the call  ? help  / search  Enter open"));
	else if (field_chars(&u->query))
		snprintf(buf, sizeof buf, _("q/F10 quit  ? help  search: %s (%s)  Esc clear  / edit  F2 call"),
			 field_text(&u->query), count);
	else
		snprintf(buf, sizeof buf, "%s", _("q/F10 quit  ? help  F2 call  / search  Enter open  Tab switch"));
	draw_str(u->bottom, 0, 0, buf, u->g.cols - 1, u->ambi);
}

/* One entry of the help, laid out for the screen's width. */
struct help_entry {
	char names[96];          /* its keys, "Up k" */
	bool own_row;            /* names wider than the key column: above */
	bool none;               /* no help line: its keys are on the one above */
	struct draw_text d;      /* the description, display-safe */
	struct text_line *l;     /* and wrapped into the description column */
	size_t nl;
};

/* The keys of the help line at entry i: its own and those of the entries
 * after it that have none of their own (n N). */
static void help_names(const struct keymap_entry *t, size_t n, size_t i, char *names, size_t size)
{
	struct keymap m = { t, n };

	if (t[i].act == ACT_JUMP) {
		snprintf(names, size, "0-9 Enter");
		return;
	}
	keymap_names(&m, i, names, size);
}

static void help_free(struct help_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		draw_text_free(&e[i].d);
		free(e[i].l);
	}
	free(e);
}

/* The key column is as wide as its widest entry, at most a quarter of the
 * screen; an entry with wider keys has them on a row of their own, the
 * description below.  Every description is wrapped, whole, into the rest
 * of the row.  Returns the entries (NULL when memory runs out), the
 * column of the descriptions in *desc_x and the number of rows in *rows. */
static struct help_entry *help_layout(const struct ui *u, size_t *n, int *desc_x, size_t *rows)
{
	const struct keymap_entry *t = keymap_table(n);
	struct help_entry *e = calloc(*n, sizeof *e);
	int cap = u->g.cols / 4, keyw = 0, descw;

	if (!e)
		return NULL;
	for (size_t i = 0; i < *n; i++) {
		int w;

		if ((e[i].none = !t[i].help))
			continue;
		help_names(t, *n, i, e[i].names, sizeof e[i].names);
		w = text_width(e[i].names, strlen(e[i].names));
		if (w <= cap && w > keyw)
			keyw = w;
	}
	*desc_x = 2 + keyw + 2;
	descw = u->g.cols - *desc_x - 1;
	*rows = 0;
	for (size_t i = 0; i < *n; i++) {
		const char *h = e[i].none ? "" : _(t[i].help);

		if (e[i].none)
			continue;
		e[i].own_row = text_width(e[i].names, strlen(e[i].names)) > keyw;
		if (draw_text_make(&e[i].d, h, strlen(h), 0, NULL, 0, u->ambi) ||
		    (e[i].nl = text_wrap(e[i].d.s, e[i].d.n, descw, &e[i].l)) == (size_t)-1) {
			e[i].l = NULL;  /* the rest are still zeroed by calloc */
			help_free(e, *n);
			return NULL;
		}
		*rows += (e[i].own_row ? 1 : 0) + (e[i].nl ? e[i].nl : 1);
	}
	return e;
}

/* The help, generated from the key table; scrolls by rows when the screen
 * is shorter than it (u->help_top is the first row shown). */
static void draw_help(struct ui *u)
{
	size_t n, rows, row = 0;
	int h = u->g.rows - 2, y = 1, desc_x, rw;
	char range[64];
	struct help_entry *e = help_layout(u, &n, &desc_x, &rows);
	WINDOW *w = e ? newwin(h, u->g.cols, 1, 0) : NULL;

	if (!w) {
		help_free(e, n);
		return;
	}
	if (u->help_top + (size_t)(h - 1) > rows)
		u->help_top = rows > (size_t)(h - 1) ? rows - (size_t)(h - 1) : 0;
	/* Which rows are shown, of how many: that there is more to scroll. */
	snprintf(range, sizeof range, "%zu-%zu/%zu", u->help_top + 1,
		 rows < u->help_top + (size_t)(h - 1) ? rows : u->help_top + (size_t)(h - 1), rows);
	rw = (int)strlen(range);
	wattrset(w, A_BOLD);
	draw_str(w, 0, 1, _("Keys"), u->g.cols - rw - 4, u->ambi);
	wattrset(w, A_NORMAL);
	mvwaddstr(w, 0, u->g.cols - rw - 1, range);
	for (size_t i = 0; i < n && y < h; i++) {
		if (e[i].none)
			continue;
		if (e[i].own_row && row++ >= u->help_top)
			draw_str(w, y++, 2, e[i].names, u->g.cols - 3, u->ambi);
		for (size_t k = 0; k < (e[i].nl ? e[i].nl : 1) && y < h; k++, row++) {
			if (row < u->help_top)
				continue;
			if (k == 0 && !e[i].own_row)
				draw_str(w, y, 2, e[i].names, desc_x - 4, u->ambi);
			if (k < e[i].nl) {
				wmove(w, y, desc_x);
				draw_text_part(w, &e[i].d, e[i].l[k].off, e[i].l[k].len, A_NORMAL, 0);
			}
			y++;
		}
	}
	wnoutrefresh(w);
	delwin(w);
	help_free(e, n);
}

/* A message wider than the bottom line (a save kept in the spool names
 * the log, the reason and the spool file) is said whole over the last
 * rows of the answer, wrapped, until the next key. */
static void draw_msg_whole(struct ui *u)
{
	char *d = text_display(u->msg, strlen(u->msg), u->ambi);
	struct text_line *l = NULL;
	size_t n = d ? text_wrap(d, strlen(d), u->g.ans_w - 2, &l) : 0;
	int y;

	if (n == (size_t)-1)
		n = 0;
	if (n > (size_t)u->g.ans_h)
		n = (size_t)u->g.ans_h;
	y = u->g.ans_h - (int)n;
	wattrset(u->answer, A_BOLD);
	for (size_t i = 0; i < n; i++, y++) {
		wmove(u->answer, y, 0);
		wclrtoeol(u->answer);
		mvwaddnstr(u->answer, y, 1, d + l[i].off, (int)l[i].len);
	}
	wattrset(u->answer, A_NORMAL);
	free(l);
	free(d);
}

/* Rows the help scrolls by for PgUp / PgDn. */
size_t screen_help_page(const struct ui *u)
{
	return u->g.rows > 5 ? (size_t)(u->g.rows - 4) : 1;
}

void screen_redraw(struct ui *u, int flags)
{
	flags |= layout(u);
	if ((flags & UI_REBUILD) && !u->g.too_small)
		answer_build(u);
	if (!u->g.too_small)
		answer_clamp(u);
	if (!(flags & UI_ALL))
		return;
	if (u->g.too_small) {
		/* No clock is shown, but it counts as drawn: the loop would
		 * otherwise find it stale again and again. */
		u->minute = minute_now(NULL, 0);
		curs_set(0);
		draw_too_small(u);
		doupdate();
		return;
	}
	if (flags & UI_STATUS) {
		draw_status(u);
		wnoutrefresh(u->status);
	}
	if (u->mode == MODE_HELP) {
		if (flags & (UI_LIST | UI_ANSWER))
			draw_help(u);
	} else if (u->g.form) {
		if (flags & UI_LIST) {
			caller_draw(u);
			wnoutrefresh(u->list);
		}
		if (u->g.form_side && (flags & (UI_ANSWER | UI_LIST))) {
			draw_sep(u);
			answer_draw(u);
			wnoutrefresh(u->sep);
			wnoutrefresh(u->answer);
		}
	} else {
		bool wide = (u->mode == MODE_NORMAL || u->mode == MODE_JUMP) && u->msg[0] &&
			    draw_too_wide(u->msg, u->g.cols - 1, u->ambi);

		if (flags & UI_LIST) {
			list_draw(u);
			draw_sep(u);
			wnoutrefresh(u->list);
			wnoutrefresh(u->sep);
		}
		if (flags & (UI_ANSWER | UI_LIST) || wide) {
			answer_draw(u);
			if (wide)
				draw_msg_whole(u);
			wnoutrefresh(u->answer);
		}
	}
	/* The bottom line last: the cursor stays where it leaves it. */
	draw_bottom(u);
	curs_set(u->mode == MODE_SEARCH || u->mode == MODE_JUMP ||
		 (u->g.form && u->mode == MODE_NORMAL && caller_cursor_shown(u)) ? 1 : 0);
	wnoutrefresh(u->bottom);
	/* In the form the cursor belongs to the focused field: the window
	 * refreshed last places it. */
	if (u->g.form && u->mode == MODE_NORMAL)
		wnoutrefresh(u->list);
	doupdate();
}
