#include "answer.h"
#include "i18n.h"
#include "text_wrap.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

void answer_free(struct ui_answer *a)
{
	for (size_t i = 0; i < a->npara; i++)
		draw_text_free(&a->paras[i]);
	free(a->paras);
	free(a->lines);
	a->paras = NULL;
	a->lines = NULL;
	a->npara = a->nlines = 0;
}

static int add_para(struct ui_answer *a, const char *s, size_t n, size_t base,
		    const struct faq_span *sp, size_t nsp, enum text_ambi ambi)
{
	struct draw_text *p = realloc(a->paras, (a->npara + 1) * sizeof *p);

	if (!p)
		return -1;
	a->paras = p;
	if (draw_text_make(&a->paras[a->npara], s, n, base, sp, nsp, ambi))
		return -1;
	a->npara++;
	return 0;
}

/* Wraps paragraph i to cols and appends its lines (an empty paragraph is
 * one empty line). */
static int add_lines(struct ui_answer *a, size_t i, int cols, attr_t attr)
{
	struct text_line *tl = NULL;
	size_t n = text_wrap(a->paras[i].s, a->paras[i].n, cols, &tl);
	struct ui_line *grown;

	if (n == (size_t)-1)
		return -1;
	grown = realloc(a->lines, (a->nlines + (n ? n : 1)) * sizeof *grown);
	if (!grown) {
		free(tl);
		return -1;
	}
	a->lines = grown;
	if (n == 0)
		a->lines[a->nlines++] = (struct ui_line){ i, 0, 0, attr };
	for (size_t k = 0; k < n; k++)
		a->lines[a->nlines++] = (struct ui_line){ i, tl[k].off, tl[k].len, attr };
	free(tl);
	return 0;
}

/* The question (bold), a blank line, and each paragraph of the answer.
 * Paragraphs are displayed one by one: text_display turns a newline into
 * a visible mark, and the answer's newlines are paragraph breaks. */
int answer_build(struct ui *u)
{
	struct ui_answer *a = &u->ans;
	const struct faq_hit *h;
	const struct faq_entry *e;
	const char *s;
	int cols = u->g.ans_w > 1 ? u->g.ans_w - 1 : 1;   /* one column margin */

	answer_free(a);
	a->at = -1;
	if (u->nhits == 0)
		return 0;
	h = &u->hits[u->sel];
	e = &u->faq->e[h->index];
	if (add_para(a, e->question, strlen(e->question), 0, h->q, h->nq, u->ambi) ||
	    add_lines(a, 0, cols, u->a_title) ||
	    add_para(a, "", 0, 0, NULL, 0, u->ambi) || add_lines(a, 1, cols, A_NORMAL))
		return -1;
	s = e->answer;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (add_para(a, s, len, (size_t)(s - e->answer), h->a, h->na, u->ambi) ||
		    add_lines(a, a->npara - 1, cols, A_NORMAL))
			return -1;
		if (!nl)
			break;
		s = nl + 1;
	}
	answer_clamp(u);
	return 0;
}

static size_t max_top(const struct ui *u)
{
	size_t h = u->g.ans_h > 0 ? (size_t)u->g.ans_h : 1;

	return u->ans.nlines > h ? u->ans.nlines - h : 0;
}

/* The pane grows when the list shrinks (Enter) or the terminal does: a
 * top that was right for the smaller pane would then leave the end of the
 * pane empty and hide the question, and the next PgDn, clamped from
 * there, would jump back up. */
void answer_clamp(struct ui *u)
{
	if (u->ans.top > max_top(u))
		u->ans.top = max_top(u);
}

void answer_draw(struct ui *u)
{
	struct ui_answer *a = &u->ans;

	answer_clamp(u);
	werase(u->answer);
	for (int y = 0; y < u->g.ans_h; y++) {
		size_t i = a->top + (size_t)y;

		if (i >= a->nlines)
			break;
		wmove(u->answer, y, 1);
		draw_text_part(u->answer, &a->paras[a->lines[i].para], a->lines[i].off,
			       a->lines[i].len, a->lines[i].attr, u->a_hl);
	}
}

static int scroll_to(struct ui *u, long top)
{
	size_t t;

	if (top < 0)
		top = 0;
	t = (size_t)top > max_top(u) ? max_top(u) : (size_t)top;
	u->ans.at = -1;
	if (t == u->ans.top)
		return UI_HANDLED;
	u->ans.top = t;
	return UI_ANSWER | UI_BOTTOM;
}

int answer_key(struct ui *u, enum keymap_action act)
{
	long page = u->g.ans_h > 2 ? u->g.ans_h - 1 : 1;
	long top;

	answer_clamp(u);
	top = (long)u->ans.top;

	switch (act) {
	case ACT_UP: return scroll_to(u, top - 1);
	case ACT_DOWN: return scroll_to(u, top + 1);
	case ACT_PGUP: return scroll_to(u, top - page);
	case ACT_PGDN: return scroll_to(u, top + page);
	case ACT_HOME: return scroll_to(u, 0);
	case ACT_END: return scroll_to(u, (long)max_top(u));
	default: return 0;
	}
}

static bool has_match(const struct ui_answer *a, size_t i)
{
	const struct ui_line *l = &a->lines[i];
	const struct draw_text *p = &a->paras[l->para];

	for (size_t k = 0; k < p->nhl; k++)
		if (p->hl[k].off < l->off + l->len && p->hl[k].off + p->hl[k].len > l->off)
			return true;
	return false;
}

int answer_match(struct ui *u, int dir)
{
	struct ui_answer *a = &u->ans;
	long i = a->at >= 0 ? a->at : (long)a->top - (dir > 0 ? 1 : 0);

	if (!field_chars(&u->query)) {
		snprintf(u->msg, sizeof u->msg, "%s", _("n and N go to the matches of a search: / searches first"));
		return UI_BOTTOM;
	}
	for (i += dir; i >= 0 && i < (long)a->nlines; i += dir) {
		if (!has_match(a, (size_t)i))
			continue;
		a->at = i;
		a->top = (size_t)i;
		answer_clamp(u);
		u->focus = FOCUS_ANSWER;
		return UI_ALL | UI_LAYOUT;
	}
	snprintf(u->msg, sizeof u->msg, "%s", dir > 0 ? _("no more matches below in this answer")
						   : _("no more matches above in this answer"));
	return UI_BOTTOM;
}

void answer_opened(struct ui *u, int num)
{
	for (size_t i = 0; i < u->shown.n; i++)
		if (u->shown.num[i] == num)
			return;
	if (u->shown.n < UI_MAX_SHOWN)
		u->shown.num[u->shown.n++] = num;
}
