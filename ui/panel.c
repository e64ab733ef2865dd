#include "panel.h"

#include <stdlib.h>
#include <string.h>
#include "text_wrap.h"

void panel_init(struct panel *p, int cols, enum text_ambi ambi)
{
	memset(p, 0, sizeof *p);
	p->cols = cols > 1 ? cols : 1;
	p->ambi = ambi;
}

void panel_free(struct panel *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->r[i].s);
	free(p->r);
	p->r = NULL;
	p->n = 0;
}

static bool add(struct panel *p, const char *s, size_t n, attr_t a, size_t lead, attr_t lead_a)
{
	struct panel_row *r = realloc(p->r, (p->n + 1) * sizeof *r);

	if (!r || !(r[p->n].s = malloc(n + 1))) {
		if (r)
			p->r = r;
		p->oom = true;
		return false;
	}
	p->r = r;
	memcpy(r[p->n].s, s, n);
	r[p->n].s[n] = '\0';
	r[p->n].a = a;
	r[p->n].lead = lead < n ? lead : n;
	r[p->n].lead_a = lead_a;
	p->n++;
	return true;
}

void panel_blank(struct panel *p)
{
	add(p, "", 0, A_NORMAL, 0, A_NORMAL);
}

/* One paragraph (no line break); its first lead bytes in lead_a. */
static void para(struct panel *p, const char *d, size_t n, size_t lead, attr_t lead_a, attr_t a)
{
	struct text_line *l = NULL;
	size_t k = text_wrap(d, n, p->cols, &l);

	if (k == (size_t)-1) {
		p->oom = true;
		return;
	}
	if (k == 0)
		panel_blank(p);
	for (size_t i = 0; i < k; i++) {
		size_t in = l[i].off < lead ? lead - l[i].off : 0;

		add(p, d + l[i].off, l[i].len, a, in, lead_a);
	}
	free(l);
}

void panel_say_lead(struct panel *p, attr_t lead_a, const char *lead, attr_t a, const char *text)
{
	const char *s = text;
	size_t nl = 0;
	char *dl = NULL;

	if (lead && *lead) {
		if (!(dl = text_display(lead, strlen(lead), p->ambi))) {
			p->oom = true;
			return;
		}
		nl = strlen(dl);
	}
	/* Paragraph by paragraph: text_display shows a line break as "?". */
	do {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *d = text_display(s, n, p->ambi), *both = NULL;
		size_t dn = d ? strlen(d) : 0;

		if (d && dl && (both = malloc(nl + 1 + dn + 1))) {
			memcpy(both, dl, nl);
			both[nl] = ' ';
			memcpy(both + nl + 1, d, dn + 1);
			para(p, both, nl + 1 + dn, nl, lead_a, a);
		} else if (d && !dl) {
			para(p, d, dn, 0, lead_a, a);
		} else {
			p->oom = true;
		}
		free(both);
		free(d);
		free(dl);
		dl = NULL;
		s = e ? e + 1 : NULL;
	} while (s);
}

void panel_say(struct panel *p, attr_t a, const char *text)
{
	panel_say_lead(p, A_NORMAL, NULL, a, text);
}

bool panel_draw(const struct panel *p, WINDOW *w, int y, int x, int rows, size_t *top)
{
	size_t end;

	if (rows <= 0)
		return p->n > 0;
	if (*top + (size_t)rows > p->n)
		*top = p->n > (size_t)rows ? p->n - (size_t)rows : 0;
	end = *top + (size_t)rows < p->n ? *top + (size_t)rows : p->n;
	for (size_t i = *top; i < end; i++, y++) {
		const struct panel_row *r = &p->r[i];

		wattrset(w, r->lead_a);
		mvwaddnstr(w, y, x, r->s, (int)r->lead);
		wattrset(w, r->a);
		waddstr(w, r->s + r->lead);
	}
	wattrset(w, A_NORMAL);
	return end < p->n;
}
