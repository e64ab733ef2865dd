/* The wrap-up's rows above the verdict: keys, dispositions, escalation, note. */
#include "wrapup.h"

#include <stdio.h>
#include <string.h>
#include "i18n.h"
#include "panel.h"
#include "text_width.h"
#include "textarea.h"

#define MAX_COLS 8

/* The labels of the three items, for the width of their column. */
static const char *const item_labels[WRAP_NITEMS] = { N_("Disposition"), N_("Escalate"), N_("Note") };

/* Where the values start: after the widest label and two spaces. */
static int value_x(void)
{
	int w = 0;

	for (int i = 0; i < WRAP_NITEMS; i++) {
		const char *l = _(item_labels[i]);
		int k = text_width(l, strlen(l));

		w = k > w ? k : w;
	}
	return 1 + w + 2;
}

static int value_w(const struct ui *u)
{
	int w = u->g.list_w - value_x() - 1;

	return w > 1 ? w : 1;
}

/* "3 Reissue-fee claim": the disposition's number and label. */
static void cell_text(const struct ui *u, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "%zu %s", i + 1, inq_disp_label(&u->disps.d[i], u->lang_en));
}

static int cell_width(const struct ui *u, size_t i)
{
	char buf[256];

	cell_text(u, i, buf, sizeof buf);
	return text_width(buf, strlen(buf));
}

/* The grid: as many columns as fit (row by row, in the codes' order), each
 * as wide as its widest cell; every cell has a mark column before it and
 * a space after.  The number of columns; their widths in w. */
static int grid(const struct ui *u, int w[MAX_COLS])
{
	int room = value_w(u);

	for (int k = MAX_COLS; k > 1; k--) {
		int total = 0;

		for (int j = 0; j < k; j++) {
			w[j] = 0;
			for (size_t i = (size_t)j; i < u->disps.n; i += (size_t)k) {
				int cw = cell_width(u, i);

				w[j] = cw > w[j] ? cw : w[j];
			}
			total += w[j] + (j ? 2 : 1);
		}
		if ((size_t)k <= u->disps.n && total <= room)
			return k;
	}
	w[0] = room - 1;
	return 1;
}

static int grid_rows(const struct ui *u, bool compact)
{
	int w[MAX_COLS], k;

	if (u->disps.n == 0 || compact)
		return 1;
	k = grid(u, w);
	return (int)((u->disps.n + (size_t)k - 1) / (size_t)k);
}

/* The keys of the item in focus: Space is named only where it escalates. */
static void header(const struct ui *u, struct panel *p)
{
	char buf[512];

	if (u->call.witem == WRAP_NOTE)
		snprintf(buf, sizeof buf, "%s", _("Wrap-up: type the note  Alt-Enter new line  Tab disposition  Enter save"));
	else
		snprintf(buf, sizeof buf, _("Wrap-up: 1-%zu or Up/Down disposition  Space escalate  Tab next"),
			 u->disps.n);
	panel_say(p, u->a_title, buf);
}

static int header_rows(const struct ui *u)
{
	struct panel p;
	int n;

	panel_init(&p, u->g.list_w - 2, u->ambi);
	header(u, &p);
	n = (int)p.n;
	panel_free(&p);
	return n;
}

int wrapup_rows(const struct ui *u, int note_rows, bool compact)
{
	return header_rows(u) + grid_rows(u, compact) + 1 + (note_rows > 0 ? note_rows : 1);
}

int wrapup_note_rows(const struct ui *u)
{
	return (int)textarea_rows(&u->call.note, value_w(u), u->ambi);
}

static void label(struct ui *u, int y, enum wrap_item it)
{
	wattrset(u->list, u->call.witem == it ? A_BOLD : A_NORMAL);
	draw_str(u->list, y, 1, _(item_labels[it]), value_x() - 3, u->ambi);
	wattrset(u->list, A_NORMAL);
}

/* One row for a terminal too short for the grid and the verdict: the
 * disposition chosen and how to choose. */
static void draw_compact(struct ui *u, int y)
{
	char buf[384], cell[256] = "-";

	if (u->call.disp >= 0)
		cell_text(u, (size_t)u->call.disp, cell, sizeof cell);
	snprintf(buf, sizeof buf, _("%s  (1-%zu or Up/Down)"), cell, u->disps.n);
	draw_str(u->list, y, value_x(), buf, value_w(u), u->ambi);
}

static void draw_grid(struct ui *u, int y, bool compact)
{
	int w[MAX_COLS], k = grid(u, w), x0 = value_x();
	char buf[256];

	label(u, y, WRAP_DISP);
	if (u->disps.n == 0) {
		draw_str(u->list, y, x0, u->disp_msg, value_w(u), u->ambi);
		return;
	}
	if (compact) {
		draw_compact(u, y);
		return;
	}
	for (size_t i = 0; i < u->disps.n; i++) {
		int row = (int)(i / (size_t)k), colno = (int)(i % (size_t)k), x = x0;
		bool chosen = u->call.disp == (long)i;

		for (int j = 0; j < colno; j++)
			x += w[j] + 2;
		cell_text(u, i, buf, sizeof buf);
		if (chosen)
			mvwaddch(u->list, y + row, x, '>');
		wattrset(u->list, chosen ? A_REVERSE : A_NORMAL);
		draw_str(u->list, y + row, x + 1, buf, w[colno], u->ambi);
		wattrset(u->list, A_NORMAL);
	}
}

/* Rows of the note out of view, said under its label: the save's
 * question speaks of "the note above", which must not pass for all of
 * it when its start or end is scrolled away. */
static void hidden_marks(struct ui *u, int y)
{
	struct ui_call *c = &u->call;
	size_t n = textarea_rows(&c->note, c->note_w, u->ambi), shown = (size_t)c->note_rows;
	size_t above = c->note_top, below = n > above + shown ? n - above - shown : 0;
	int lw = value_x() - 2, ya = y + 2, yb = y + c->note_rows - 1;
	char buf[64];

	/* One row (a short terminal): beside the label, all that is hidden. */
	if (c->note_rows < 2) {
		if (above + below) {
			snprintf(buf, sizeof buf, "%s +%zu", _(item_labels[WRAP_NOTE]), above + below);
			draw_str(u->list, y, 1, buf, lw, u->ambi);
		}
		return;
	}
	if (c->note_rows < 3) {
		ya = y + 1;
		yb = y + 1;
	}
	if (above) {
		snprintf(buf, sizeof buf, _("%zu above"), above);
		draw_str(u->list, ya, 1, buf, lw, u->ambi);
	}
	if (below && (yb != ya || !above)) {
		snprintf(buf, sizeof buf, _("%zu below"), below);
		draw_str(u->list, yb, 1, buf, lw, u->ambi);
	}
}

void wrapup_draw(struct ui *u, int y, int note_rows, bool compact)
{
	struct ui_call *c = &u->call;
	struct panel p;
	char buf[64];
	int x = value_x();

	panel_init(&p, u->g.list_w - 2, u->ambi);
	header(u, &p);
	panel_draw(&p, u->list, y, 1, (int)p.n, &(size_t){ 0 });
	y += (int)p.n;
	panel_free(&p);
	draw_grid(u, y, compact);
	y += grid_rows(u, compact);
	label(u, y, WRAP_ESCALATE);
	snprintf(buf, sizeof buf, "%s [%s]", c->witem == WRAP_ESCALATE ? ">" : " ", c->escalate ? "x" : " ");
	draw_str(u->list, y++, x, buf, value_w(u), u->ambi);
	label(u, y, WRAP_NOTE);
	/* How long the note is, under its label, once it takes rows. */
	if (note_rows > 1 && field_chars(&c->note)) {
		snprintf(buf, sizeof buf, _("%zu chars"), field_chars(&c->note));
		draw_str(u->list, y + 1, 1, buf, x - 2, u->ambi);
	}
	c->note_y = y;
	c->note_x = x;
	c->note_w = value_w(u);
	c->note_rows = note_rows > 0 ? note_rows : 1;
	wattrset(u->list, A_UNDERLINE);
	textarea_draw(u->list, y, x, c->note_rows, c->note_w, &c->note, false, u->ambi, &c->note_top);
	wattrset(u->list, A_NORMAL);
	hidden_marks(u, y);
}

void wrapup_cursor(struct ui *u)
{
	struct ui_call *c = &u->call;

	wattrset(u->list, A_UNDERLINE);
	textarea_draw(u->list, c->note_y, c->note_x, c->note_rows, c->note_w, &c->note, true, u->ambi,
		      &c->note_top);
	wattrset(u->list, A_NORMAL);
}
