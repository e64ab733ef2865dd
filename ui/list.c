#include "list.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

/* Keeps the selection inside the window. */
static void scroll_to_sel(struct ui *u)
{
	size_t h = u->g.list_h > 0 ? (size_t)u->g.list_h : 1;

	if (u->sel < u->top)
		u->top = u->sel;
	else if (u->sel >= u->top + h)
		u->top = u->sel - h + 1;
	if (u->nhits <= h)
		u->top = 0;
}

static void draw_row(struct ui *u, int y, const struct faq_hit *h, bool selected)
{
	const struct faq_entry *e = &u->faq->e[h->index];
	struct draw_text dt;
	attr_t base = A_NORMAL;
	char num[16];
	int w = u->g.list_w, used;
	size_t fit;

	if (selected)
		base = u->focus == FOCUS_LIST ? u->a_sel : A_BOLD | A_UNDERLINE;
	wattrset(u->list, base);
	wmove(u->list, y, 0);
	snprintf(num, sizeof num, "%2d ", e->num);
	used = draw_str(u->list, y, 0, num, w, u->ambi);
	if (draw_text_make(&dt, e->question, strlen(e->question), 0, h->q, h->nq, u->ambi) == 0) {
		int qw = 0;
		const char *mark;

		fit = draw_fit(dt.s, dt.n, w - used, u->ambi, &qw, &mark);
		draw_text_part(u->list, &dt, 0, fit, base, u->a_hl);
		if (mark)
			waddstr(u->list, mark);
		used += qw;
		draw_text_free(&dt);
	}
	/* The selection bar spans the pane; spaces are always 1 column. */
	wattrset(u->list, base);
	for (; used < w; used++)
		waddch(u->list, ' ');
	wattrset(u->list, A_NORMAL);
}

void list_draw(struct ui *u)
{
	werase(u->list);
	scroll_to_sel(u);
	for (int y = 0; y < u->g.list_h; y++) {
		size_t i = u->top + (size_t)y;

		if (i >= u->nhits)
			break;
		draw_row(u, y, &u->hits[i], i == u->sel);
	}
	if (u->nhits == 0)
		draw_str(u->list, 0, 1, _("no entry matches"), u->g.list_w - 1, u->ambi);
}

int list_select(struct ui *u, size_t i)
{
	if (u->nhits == 0 || i >= u->nhits)
		return 0;
	if (i == u->sel)
		return UI_HANDLED;
	u->sel = i;
	u->ans.top = 0;
	return UI_LIST | UI_ANSWER | UI_REBUILD;
}

int list_key(struct ui *u, enum keymap_action act)
{
	switch (act) {
	case ACT_UP:
		return u->sel > 0 ? list_select(u, u->sel - 1) : UI_HANDLED;
	case ACT_DOWN:
		return list_select(u, u->sel + 1) | UI_HANDLED;
	case ACT_HOME:
		return list_select(u, 0) | UI_HANDLED;
	case ACT_END:
		return u->nhits ? list_select(u, u->nhits - 1) : UI_HANDLED;
	default:
		return 0;
	}
}
