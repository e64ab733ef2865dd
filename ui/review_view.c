/* The review screen's text: charts, lookup use, one call, the help. */
#include "review_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "buf.h"
#include "draw.h"
#include "faq_spell.h"
#include "i18n.h"
#include "ident.h"
#include "logview_stats.h"
#include "text_fold.h"
#include "text_width.h"
#include "text_wrap.h"
#include "verdict.h"

/* One build: where it reads, the lines it makes, where an error goes. */
struct out {
	const struct rv_source *s;
	struct rv_text *t;
	char *msg;
	size_t size;
};

/* s cut to cols columns (whole characters) and padded with spaces. */
static void cell_add(struct buf *b, const char *s, int cols, enum text_ambi ambi)
{
	char *d = text_display(s, strlen(s), ambi);
	const char *mark;
	int w = 0;
	size_t fit;

	if (!d)
		return;
	fit = draw_fit(d, strlen(d), cols, ambi, &w, &mark);
	buf_printf(b, "%.*s%s%*s", (int)fit, d, mark ? mark : "", cols - w, "");
	free(d);
}

static void bar_add(struct buf *b, long n, long max, int cols)
{
	int len = max > 0 ? (int)((n * cols + max - 1) / max) : 0;

	for (int i = 0; i < len && i < cols; i++)
		buf_printf(b, "#");
}

/* The line built in b joins the text, which takes its storage: b is left
 * empty for the next line. */
static int push(struct out *o, struct buf *b, bool mark)
{
	struct rv_text *t = o->t;
	struct rv_line *l = b->oom ? NULL : realloc(t->l, (t->n + 1) * sizeof *l);
	char *s = b->p ? b->p : strdup("");

	*b = (struct buf){ 0 };
	if (l)
		t->l = l;
	if (!l || !s) {
		free(s);
		return -1;
	}
	l[t->n].s = s;
	l[t->n].mark = mark;
	t->n++;
	return 0;
}

static int line(struct out *o, bool mark, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int line(struct out *o, bool mark, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return push(o, &b, mark);
}

static void wrapped_at(struct out *o, bool mark, const char *lead, const char *text, int cols);

/* A log time as the local "11-27 16:35" of the tables. */
static const char *short_time(const char *iso, char *buf, size_t size)
{
	time_t t = logview_time(iso);
	struct tm tm;

	snprintf(buf, size, "?");
	if (t != (time_t)-1 && localtime_r(&t, &tm))
		strftime(buf, size, "%m-%d %H:%M", &tm);
	return buf;
}

void review_view_free(struct rv_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->l[i].s);
	free(t->l);
	t->l = NULL;
	t->n = 0;
}

/* The reason a view could not be made, whole, in the caller's msg. */
static int fail(struct out *o, const char *why)
{
	snprintf(o->msg, o->size, "%s", why);
	return -1;
}

int review_view_width(const char *s, enum text_ambi ambi)
{
	char *d = text_display(s, strlen(s), ambi);
	int w = d ? text_width(d, strlen(d)) : text_width(s, strlen(s));

	free(d);
	return w;
}

const char *review_view_match(const char *m)
{
	if (!m || !*m || strcmp(m, "-") == 0)
		return "-";
	/* TRANSLATORS: the match levels are the words of the operator's
	 * verdicts ("VERIFIED: ...", "AMBIGUOUS: ..."): spelled the same, or
	 * the supervisor reads the shorter one as cut. */
	if (strcmp(m, "verified") == 0)
		return _("verified");
	if (strcmp(m, "ambiguous") == 0)
		return _("ambiguous");
	if (strcmp(m, "partial") == 0)
		return _("partial");
	if (strcmp(m, "none") == 0)
		return _("none");
	return m;
}

const char *review_view_level(const char *m, char *buf, size_t size)
{
	int level = verdict_level(m);

	if (level < 0)
		return review_view_match(m);
	snprintf(buf, size, "%s %s", verdict_look((enum lookup_match)level, false).mark,
		 review_view_match(m));
	return buf;
}

const char *review_view_state(const char *s)
{
	if (s && strcmp(s, "saved") == 0)
		return _("saved");
	if (s && strcmp(s, "interrupted") == 0)
		return _("interrupted");
	return s;
}

const char *review_view_disp(const struct rv_source *s, const char *code)
{
	const struct inq_disp *d = code ? inq_disps_find(s->disps, code) : NULL;

	if (!d)
		return code;
	return inq_disp_label(d, s->lang_en);
}

/* The kinds are src/ident's names (ident_kind_parse); the words are the
 * call screen's form labels (the same msgids). */
const char *review_view_factors(const char *factors, char *buf, size_t size)
{
	static const char *const labels[IDENT_NKINDS] = {
		[IDENT_KANA] = N_("Reading"), [IDENT_NAME] = N_("Name"), [IDENT_DATE] = N_("Birth date"),
		[IDENT_PHONE] = N_("Phone"), [IDENT_EMAIL] = N_("E-mail"), [IDENT_POSTAL] = N_("Postal code"),
	};
	size_t n = 0;

	if (!factors || !*factors)
		return NULL;
	buf[0] = '\0';
	for (const char *p = factors; *p && n < size;) {
		size_t k = strcspn(p, ",");
		char name[16];
		int kind;

		snprintf(name, sizeof name, "%.*s", (int)(k < sizeof name ? k : sizeof name - 1), p);
		kind = k < sizeof name ? ident_kind_parse(name) : -1;
		n += (size_t)snprintf(buf + n, size - n, "%s%.*s", n ? ", " : "",
				      kind >= 0 ? (int)strlen(_(labels[kind])) : (int)k,
				      kind >= 0 ? _(labels[kind]) : p);
		p += k + (p[k] == ',');
	}
	return buf;
}

/* How a chart shows its keys: dispositions and match levels by label. */
typedef const char *chart_label(const struct rv_source *s, const char *key, char *buf, size_t size);

static const char *disp_key(const struct rv_source *s, const char *key, char *buf, size_t size)
{
	(void)buf;
	(void)size;
	return review_view_disp(s, key);
}

static const char *match_key(const struct rv_source *s, const char *key, char *buf, size_t size)
{
	(void)s;
	return review_view_level(key, buf, size);
}

static int widest(const struct rv_source *s, const struct logview_count *c, size_t n, int cap,
		  chart_label *label)
{
	int w = 4;

	for (size_t i = 0; i < n; i++) {
		char buf[128];
		const char *l = label(s, c[i].key, buf, sizeof buf);
		int k = review_view_width(l, s->ambi);

		if (k > w)
			w = k;
	}
	return w < cap ? w : cap;
}

/* The charts' label column: as wide as the labels, up to a third of the
 * width (never below 16, where the bars still have room at 60 columns). */
static int label_cap(int cols)
{
	return cols / 3 > 16 ? cols / 3 : 16;
}

static long most(const struct logview_count *c, size_t n)
{
	return n ? c[0].n : 0;     /* sorted, most first */
}

static const char *faq_title(const struct rv_source *s, const char *num)
{
	const struct faq_entry *e = s->faq ? faq_find(s->faq, atoi(num)) : NULL;

	return e ? e->question : "";
}

static void counts_chart(struct out *o, const char *title, const struct logview_count *c,
			 size_t n, int cols, chart_label *label)
{
	bool faq = !label;
	int kw = faq ? 0 : widest(o->s, c, n, label_cap(cols), label), bw = cols - kw - 10;
	long max = most(c, n);

	line(o, false, "%s", title);
	if (!n)
		line(o, false, "  %s", _("(none)"));
	for (size_t i = 0; i < n && (!faq || i < 10); i++) {
		struct buf b = { 0 };
		char buf[128];

		buf_printf(&b, "  ");
		cell_add(&b, faq ? "" : label(o->s, c[i].key, buf, sizeof buf), kw, o->s->ambi);
		if (faq) {
			buf_printf(&b, "Q%-3s %5ld  ", c[i].key, c[i].n);
			cell_add(&b, faq_title(o->s, c[i].key), cols - 16 > 0 ? cols - 16 : 1, o->s->ambi);
		} else {
			buf_printf(&b, " %5ld ", c[i].n);
			bar_add(&b, c[i].n, max, bw > 1 ? bw : 1);
		}
		push(o, &b, false);
	}
	line(o, false, "%s", "");
}

static void hours_chart(struct out *o, const struct logview_stats *s, int cols)
{
	long max = 0;
	int bw = cols - 12;

	for (int h = 0; h < 24; h++)
		max = s->per_hour[h] > max ? s->per_hour[h] : max;
	/* The desk's day (08-18) and any hour with calls outside it. */
	int from = 8, to = 18;

	for (int h = 0; h < 24; h++) {
		if (s->per_hour[h] && h < from)
			from = h;
		if (s->per_hour[h] && h > to)
			to = h;
	}
	line(o, false, "%s", _("Calls per hour"));
	for (int h = from; h <= to; h++) {
		struct buf b = { 0 };

		buf_printf(&b, "  %02d %5ld ", h, s->per_hour[h]);
		bar_add(&b, s->per_hour[h], max, bw > 1 ? bw : 1);
		push(o, &b, false);
	}
	line(o, false, "%s", "");
}

static int build_charts(struct out *o, int cols)
{
	struct logview_stats s;
	struct err err = { "" };
	char msg[512], nc[32], ne[32];
	int dw;

	if (desk_stats(o->s->desk, o->s->f, &s, &err))
		return fail(o, err.msg);
	/* The calls waiting are calls of the range: their dispositions are
	 * among those counted. */
	dw = widest(o->s, s.disp, s.ndisp, label_cap(cols), disp_key);
	line(o, false, _("Calls: %s   escalated: %s"), draw_grouped(s.calls, nc, sizeof nc),
	     draw_grouped(s.escalated, ne, sizeof ne));
	line(o, false, "%s", "");
	hours_chart(o, &s, cols);
	counts_chart(o, _("Dispositions"), s.disp, s.ndisp, cols, disp_key);
	counts_chart(o, _("Match levels"), s.match, s.nmatch, cols, match_key);
	line(o, false, "%s", _("Operators: calls, median handle time"));
	for (size_t i = 0; i < s.noper; i++) {
		struct buf b = { 0 };
		long sec = (s.oper[i].median_ms + 500) / 1000;

		buf_printf(&b, "  ");
		cell_add(&b, s.oper[i].key, 16, o->s->ambi);
		buf_printf(&b, " %5ld  %ld:%02ld", s.oper[i].n, sec / 60, sec % 60);
		push(o, &b, false);
	}
	line(o, false, "%s", "");
	counts_chart(o, _("FAQ entries read most"), s.faq, s.nfaq, cols, NULL);
	snprintf(msg, sizeof msg, _("Escalations waiting: %ld (every escalated call; the log records no resolution)"),
		 s.escalated);
	wrapped_at(o, false, "", msg, cols > 1 ? cols : 1);
	for (size_t i = 0; i < s.nwaiting; i++) {
		struct buf b = { 0 };
		char when[32];

		buf_printf(&b, "  %s  ", short_time(s.waiting[i].started_at, when, sizeof when));
		cell_add(&b, s.waiting[i].operator, 12, o->s->ambi);
		buf_printf(&b, " ");
		cell_add(&b, review_view_disp(o->s, s.waiting[i].disposition), dw, o->s->ambi);
		push(o, &b, true);
	}
	logview_stats_free(&s);
	return 0;
}

static void wrapped(struct out *o, const char *text, int cols);

static int build_lookups(struct out *o, int cols)
{
	/* The hour grid is 24 cells of 3 columns: at 80 columns the names
	 * give up what the hours need. */
	int namew = cols - 73 < 12 ? (cols - 73 > 4 ? cols - 73 : 4) : 12;
	const char *hours = o->s->desk_hours;
	struct logview_lookups l;
	struct err err = { "" };
	struct buf b = { 0 };

	if (desk_lookups(o->s->desk, o->s->f, &l, &err))
		return fail(o, err.msg);
	line(o, false, _("Lookups: %ld   desk hours: %s"), l.total, hours && *hours ? hours : "-");
	wrapped(o, _("! marks the unusual: many more lookups than calls, verified lookups "
		     "outside any saved call, lookups outside desk hours"), cols - 2 > 1 ? cols - 2 : 1);
	line(o, false, "%s", "");
	cell_add(&b, _("operator"), 14, o->s->ambi);
	buf_printf(&b, " ");
	cell_add(&b, _("lookups"), 8, o->s->ambi);
	cell_add(&b, _("calls"), 7, o->s->ambi);
	cell_add(&b, _("verified/no call"), 17, o->s->ambi);
	cell_add(&b, _("off hours"), 10, o->s->ambi);
	push(o, &b, false);
	for (size_t i = 0; i < l.nop; i++) {
		const struct logview_luse *u = &l.op[i];
		bool odd = u->many || u->verified_unsaved || (l.have_hours && u->outside_hours);

		buf_clear(&b);
		buf_printf(&b, "%c ", odd ? '!' : ' ');
		cell_add(&b, u->operator, 12, o->s->ambi);
		buf_printf(&b, " %7ld%c%6ld %16ld%c", u->lookups, u->many ? '!' : ' ', u->calls,
		       u->verified_unsaved, u->verified_unsaved ? '!' : ' ');
		if (l.have_hours)
			buf_printf(&b, "%9ld%c", u->outside_hours, u->outside_hours ? '!' : ' ');
		else
			buf_printf(&b, "%9s ", "-");
		push(o, &b, odd);
	}
	line(o, false, "%s", "");
	line(o, false, "%s", _("Lookups per operator and hour"));
	buf_clear(&b);
	cell_add(&b, "", namew, o->s->ambi);
	for (int h = 0; h < 24; h++)
		buf_printf(&b, "%3d", h);
	push(o, &b, false);
	for (size_t i = 0; i < l.nop; i++) {
		buf_clear(&b);
		cell_add(&b, l.op[i].operator, namew, o->s->ambi);
		for (int h = 0; h < 24; h++) {
			long n = l.op[i].per_hour[h];

			if (n == 0)
				buf_printf(&b, "  .");
			else
				buf_printf(&b, "%3ld", n > 99 ? 99 : n);
		}
		push(o, &b, false);
	}
	line(o, false, "%s", "");
	line(o, l.refused_total > 0, _("Refused attempts to read the log: %ld"), l.refused_total);
	for (size_t i = 0; i < l.nrefused; i++) {
		char when[32];

		buf_clear(&b);
		buf_printf(&b, "! %s  ", short_time(l.refused[i].at, when, sizeof when));
		cell_add(&b, l.refused[i].operator, 12, o->s->ambi);
		buf_printf(&b, " %s", l.refused[i].action);
		push(o, &b, true);
	}
	/* Lookups the gate refused at the lookup limit: who kept trying. */
	line(o, false, "%s", "");
	line(o, l.refused_lookups > 0, _("Lookups refused at the lookup limit: %ld"), l.refused_lookups);
	for (size_t i = 0; i < l.nop; i++) {
		if (!l.op[i].refused)
			continue;
		buf_clear(&b);
		buf_printf(&b, "! ");
		cell_add(&b, l.op[i].operator, 12, o->s->ambi);
		buf_printf(&b, " %7ld", l.op[i].refused);
		push(o, &b, true);
	}
	logview_lookups_free(&l);
	return 0;
}

/* The note, paragraph by paragraph, displayed and wrapped. */
/* text wrapped to cols, each line after lead ("" or an indent); marked
 * lines carry the ! of the unusual. */
static void wrapped_at(struct out *o, bool mark, const char *lead, const char *text, int cols)
{
	const char *p = text;

	while (p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *d = text_display(p, n, o->s->ambi);
		struct text_line *tl = NULL;
		size_t k;

		if (!d)
			return;
		k = text_wrap(d, strlen(d), cols, &tl);
		if (k == 0)
			line(o, mark, "%s", lead);
		for (size_t i = 0; k != (size_t)-1 && i < k; i++)
			line(o, mark, "%s%.*s", lead, (int)tl[i].len, d + tl[i].off);
		free(tl);
		free(d);
		p = nl ? nl + 1 : NULL;
	}
}

static void wrapped(struct out *o, const char *text, int cols)
{
	wrapped_at(o, false, "  ", text, cols);
}

/* "2026-11-27 13:02:32 (2026-11-27T04:02:32.391Z)": local first. */
static const char *local_time(const char *iso, char *buf, size_t size)
{
	time_t t = logview_time(iso);
	struct tm tm;
	char when[32];

	if (t == (time_t)-1 || !localtime_r(&t, &tm))
		return iso;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, size, "%s (%s)", when, iso);
	return buf;
}

static int build_detail(struct out *o, const char *uuid, int cols)
{
	static const struct { const char *name, *label; } fields[] = {
		{ "started_at", N_("Started") }, { "ended_at", N_("Ended") },
		{ "operator", N_("Operator") }, { "host", N_("Host") },
		{ "state", N_("State") }, { "match", N_("Match level") },
		{ "ref", N_("Case reference") }, { "factors", N_("Factors used") },
		{ "disposition", N_("Disposition") }, { "escalate", N_("Escalate") },
		{ "snapshot_id", N_("Snapshot") }, { "uuid", N_("UUID") },
		{ "seq", N_("Position in the log") }, { "origin_hash", N_("Merged from (hash)") },
	};
	struct logview_detail d;
	struct err err = { "" };
	const char *faq, *note, *state;
	int found = desk_detail(o->s->desk, uuid, &d, &err);

	if (found <= 0)
		return fail(o, found < 0 ? err.msg : _("That call is not in the log."));
	state = logview_detail_get(&d, "state");
	if (state && strcmp(state, "interrupted") == 0)
		wrapped_at(o, true, "", _("INTERRUPTED: this call was saved before its wrap-up (a new call or quit "
					  "confirmed, or the session ended)"), cols > 1 ? cols : 1);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = logview_detail_get(&d, fields[i].name);
		struct buf b = { 0 };

		char local[64], factors[256], level[128];

		if (strcmp(fields[i].name, "state") == 0)
			v = review_view_state(v);
		if (strcmp(fields[i].name, "match") == 0)
			v = review_view_level(v, level, sizeof level);
		if (strcmp(fields[i].name, "disposition") == 0)
			v = review_view_disp(o->s, v);
		if (strcmp(fields[i].name, "factors") == 0)
			v = review_view_factors(v, factors, sizeof factors);
		if (strcmp(fields[i].name, "escalate") == 0)
			v = v && strcmp(v, "1") == 0 ? _("yes") : _("no");
		if (v && (strcmp(fields[i].name, "started_at") == 0 || strcmp(fields[i].name, "ended_at") == 0))
			v = local_time(v, local, sizeof local);
		cell_add(&b, _(fields[i].label), 22, o->s->ambi);
		buf_printf(&b, " ");
		cell_add(&b, v ? v : "-", cols - 24 > 1 ? cols - 24 : 1, o->s->ambi);
		push(o, &b, false);
	}
	faq = logview_detail_get(&d, "faq");
	line(o, false, "%s", _("FAQ entries shown:"));
	if (!faq || !*faq)
		line(o, false, "  %s", _("(none)"));
	for (const char *p = faq; p && *p;) {
		size_t n = strcspn(p, ",");
		char num[16];
		struct buf b = { 0 };

		snprintf(num, sizeof num, "%.*s", (int)(n < 15 ? n : 15), p);
		buf_printf(&b, "  Q%-3s ", num);
		cell_add(&b, faq_title(o->s, num), cols - 8 > 1 ? cols - 8 : 1, o->s->ambi);
		push(o, &b, false);
		p += n + (p[n] == ',');
	}
	note = logview_detail_get(&d, "note");
	line(o, false, "%s", _("Note:"));
	wrapped(o, note ? note : "", cols - 2 > 1 ? cols - 2 : 1);
	logview_detail_free(&d);
	return 0;
}

/* The help, from the screen's key table: each help line's keys in a
 * column (on a row of their own when wider), its text wrapped beside. */
static int build_help(struct out *o, int cols)
{
	const struct keymap *m = o->s->keys;
	int kw = 20, dw = cols - kw - 2 > 10 ? cols - kw - 2 : 10;

	wrapped_at(o, false, "", _("Keys of the review (! marks an escalated call, ~ one cut off)"),
		   cols > 1 ? cols : 1);
	line(o, false, "%s", "");
	for (size_t i = 0; i < m->n; i++) {
		const char *what = m->e[i].help ? _(m->e[i].help) : NULL;
		struct text_line *tl = NULL;
		char names[96], *d;
		size_t k, j = 0;

		if (!what)
			continue;       /* its keys are on the line above */
		if (!(d = text_display(what, strlen(what), o->s->ambi)))
			return fail(o, _("out of memory"));
		keymap_names(m, i, names, sizeof names);
		if (text_width(names, strlen(names)) > kw - 2) {
			line(o, false, "  %s", names);
			names[0] = '\0';
		}
		k = text_wrap(d, strlen(d), dw, &tl);
		for (; k != (size_t)-1 && j < k; j++)
			line(o, false, "  %-*s%.*s", kw, j ? "" : names, (int)tl[j].len, d + tl[j].off);
		free(tl);
		free(d);
	}
	return 0;
}

int review_view_build(const struct rv_source *s, enum rv_view v, const char *uuid, int cols,
		      struct rv_text *t, char *msg, size_t size)
{
	struct out o = { s, t, msg, size };

	review_view_free(t);
	switch (v) {
	case RV_CHARTS:
		return build_charts(&o, cols);
	case RV_LOOKUPS:
		return build_lookups(&o, cols);
	case RV_DETAIL:
		return build_detail(&o, uuid, cols);
	case RV_HELP:
		return build_help(&o, cols);
	case RV_TABLE:
		break;
	}
	return 0;
}

static int add_spelling(void *ctx, char *s, size_t n)
{
	struct buf *b = ctx;
	int rc = buf_str(b, "|") || buf_add(b, s, n) ? -1 : 0;

	free(s);
	return rc;
}

int review_view_needle(const struct faq *faq, const char *typed, char **out)
{
	size_t n, i = 0;
	char *k = text_fold_key(typed, strlen(typed), &n);
	struct buf b = { 0 };

	*out = NULL;
	if (!k)
		return -1;
	while (i < n) {
		size_t j = i;

		while (j < n && k[j] != ' ')
			j++;
		if (j > i && (buf_str(&b, b.n ? " " : "") || buf_add(&b, k + i, j - i) ||
			      faq_spell_each(faq ? faq->syn : NULL, k + i, j - i, add_spelling, &b)))
			break;
		i = j + 1;
	}
	free(k);
	if (b.oom) {
		buf_free(&b);
		return -1;
	}
	*out = b.p;
	return 0;
}

void review_view_filters(const struct rv_source *s, enum rv_view v, const char *typed,
			 enum logview_range range, char *buf, size_t size)
{
	const struct logview_filter *f = s->f;
	const char *date = typed ? typed
		: range == LOGVIEW_TODAY ? _("today")
		: range == LOGVIEW_YESTERDAY ? _("yesterday")
		: range == LOGVIEW_WEEK ? _("this week") : _("all");
	const char *oper = f->operator ? f->operator : "*";

	/* Lookups are counted by date and operator only: the call filters
	 * shown there would claim what the figures do not do. */
	if (v == RV_LOOKUPS) {
		snprintf(buf, size, "%s:%s  %s:%s  (%s)", _("Date"), date,
			 _("Operator"), oper, _("the other filters are for calls"));
		return;
	}
	snprintf(buf, size, "%s:%s  %s:%s  %s:%s  %s:%s  %s:%s  %s:%s", _("Date"), date,
		 _("Operator"), oper,
		 _("Disp"), f->disposition ? review_view_disp(s, f->disposition) : "*",
		 _("Match"), f->match ? review_view_match(f->match) : "*",
		 _("Esc"), f->escalated ? _("only") : "*",
		 _("Note"), s->note && *s->note ? s->note : "*");
}
