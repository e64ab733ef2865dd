/* The review screen's text views: charts, lookup use, one call; export. */
#include "review.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli_review.h"
#include "draw.h"
#include "i18n.h"
#include "text_width.h"
#include "text_wrap.h"

struct sb {
	char s[2048];
	size_t n;
};

static void sb_add(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->n >= sizeof b->s - 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->n += (size_t)k < sizeof b->s - b->n ? (size_t)k : sizeof b->s - 1 - b->n;
}

/* s cut to cols columns (whole characters) and padded with spaces. */
static void sb_cell(struct sb *b, const char *s, int cols, enum text_ambi ambi)
{
	char *d = text_display(s, strlen(s), ambi);
	const char *mark;
	int w = 0;
	size_t fit;

	if (!d)
		return;
	fit = draw_fit(d, strlen(d), cols, ambi, &w, &mark);
	sb_add(b, "%.*s%s%*s", (int)fit, d, mark ? mark : "", cols - w, "");
	free(d);
}

static void sb_bar(struct sb *b, long n, long max, int cols)
{
	int len = max > 0 ? (int)((n * cols + max - 1) / max) : 0;

	for (int i = 0; i < len && i < cols; i++)
		sb_add(b, "#");
}

static int push(struct review *r, const struct sb *b, bool mark)
{
	struct rv_line *l = realloc(r->lines, (r->nlines + 1) * sizeof *l);

	if (!l)
		return -1;
	r->lines = l;
	l[r->nlines].s = strdup(b->s);
	l[r->nlines].mark = mark;
	if (!l[r->nlines].s)
		return -1;
	r->nlines++;
	return 0;
}

static int line(struct review *r, bool mark, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int line(struct review *r, bool mark, const char *fmt, ...)
{
	struct sb b = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b.s, sizeof b.s, fmt, ap);
	va_end(ap);
	return push(r, &b, mark);
}

static void wrapped_at(struct review *r, bool mark, const char *lead, const char *text, int cols);

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

void review_lines_free(struct review *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i].s);
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
}

/* How a chart shows its keys: dispositions and match levels by label. */
typedef const char *chart_label(const struct review *r, const char *key);

static const char *disp_key(const struct review *r, const char *key)
{
	return review_disp_label(r, key);
}

static const char *match_key(const struct review *r, const char *key)
{
	(void)r;
	return review_match_label(key);
}

static int widest(const struct review *r, const struct logview_count *c, size_t n, int cap,
		  chart_label *label)
{
	int w = 4;

	for (size_t i = 0; i < n; i++) {
		const char *s = label(r, c[i].key);
		int k = text_width(s, strlen(s));
		if (k > w)
			w = k;
	}
	return w < cap ? w : cap;
}

static long most(const struct logview_count *c, size_t n)
{
	return n ? c[0].n : 0;     /* sorted, most first */
}

static const char *faq_title(const struct review *r, const char *num)
{
	const struct faq_entry *e = r->faq ? faq_find(r->faq, atoi(num)) : NULL;

	return e ? e->question : "";
}

static void counts_chart(struct review *r, const char *title, const struct logview_count *c,
			 size_t n, int cols, chart_label *label)
{
	bool faq = !label;
	int kw = faq ? 0 : widest(r, c, n, 16, label), bw = cols - kw - 10;
	long max = most(c, n);

	line(r, false, "%s", title);
	if (!n)
		line(r, false, "  %s", _("(none)"));
	for (size_t i = 0; i < n && (!faq || i < 10); i++) {
		struct sb b = { .n = 0 };

		sb_add(&b, "  ");
		sb_cell(&b, faq ? "" : label(r, c[i].key), kw, r->ambi);
		if (faq) {
			sb_add(&b, "Q%-3s %5ld  ", c[i].key, c[i].n);
			sb_cell(&b, faq_title(r, c[i].key), cols - 16 > 0 ? cols - 16 : 1, r->ambi);
		} else {
			sb_add(&b, " %5ld ", c[i].n);
			sb_bar(&b, c[i].n, max, bw > 1 ? bw : 1);
		}
		push(r, &b, false);
	}
	line(r, false, "%s", "");
}

static void hours_chart(struct review *r, const struct logview_stats *s, int cols)
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
	line(r, false, "%s", _("Calls per hour"));
	for (int h = from; h <= to; h++) {
		struct sb b = { .n = 0 };

		sb_add(&b, "  %02d %5ld ", h, s->per_hour[h]);
		sb_bar(&b, s->per_hour[h], max, bw > 1 ? bw : 1);
		push(r, &b, false);
	}
	line(r, false, "%s", "");
}

static int build_charts(struct review *r, int cols)
{
	struct logview_stats s;
	struct err err = { "" };
	char msg[512];

	if (logview_stats(r->lv, &r->f, &s, &err)) {
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
		return -1;
	}
	line(r, false, _("Calls: %ld   escalated: %ld"), s.calls, s.escalated);
	line(r, false, "%s", "");
	hours_chart(r, &s, cols);
	counts_chart(r, _("Dispositions"), s.disp, s.ndisp, cols, disp_key);
	counts_chart(r, _("Match levels"), s.match, s.nmatch, cols, match_key);
	line(r, false, "%s", _("Operators: calls, median handle time"));
	for (size_t i = 0; i < s.noper; i++) {
		struct sb b = { .n = 0 };
		long sec = (s.oper[i].median_ms + 500) / 1000;

		sb_add(&b, "  ");
		sb_cell(&b, s.oper[i].key, 16, r->ambi);
		sb_add(&b, " %5ld  %ld:%02ld", s.oper[i].n, sec / 60, sec % 60);
		push(r, &b, false);
	}
	line(r, false, "%s", "");
	counts_chart(r, _("FAQ entries read most"), s.faq, s.nfaq, cols, NULL);
	snprintf(msg, sizeof msg, _("Escalations waiting: %ld (every escalated call; the log records no resolution)"),
		 s.escalated);
	wrapped_at(r, false, "", msg, cols > 1 ? cols : 1);
	for (size_t i = 0; i < s.nwaiting; i++) {
		struct sb b = { .n = 0 };
		char when[32];

		sb_add(&b, "  %s  ", short_time(s.waiting[i].started_at, when, sizeof when));
		sb_cell(&b, s.waiting[i].operator, 12, r->ambi);
		sb_add(&b, " ");
		sb_cell(&b, review_disp_label(r, s.waiting[i].disposition), 16, r->ambi);
		push(r, &b, true);
	}
	logview_stats_free(&s);
	return 0;
}

static void wrapped(struct review *r, const char *text, int cols);

static int build_lookups(struct review *r, int cols)
{
	/* The hour grid is 24 cells of 3 columns: at 80 columns the names
	 * give up what the hours need. */
	int namew = cols - 73 < 12 ? (cols - 73 > 4 ? cols - 73 : 4) : 12;
	const char *hours = conf_get(&r->cli->conf, CONF_DESK_HOURS);
	struct logview_lookups l;
	struct err err = { "" };
	struct sb b = { .n = 0 };

	if (logview_lookups(r->lv, &r->f, hours, &l, &err)) {
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
		return -1;
	}
	line(r, false, _("Lookups: %ld   desk hours: %s"), l.total, hours && *hours ? hours : "-");
	wrapped(r, _("! marks the unusual: many more lookups than calls, verified lookups "
		     "outside any saved call, lookups outside desk hours"), cols - 2 > 1 ? cols - 2 : 1);
	line(r, false, "%s", "");
	sb_cell(&b, _("operator"), 14, r->ambi);
	sb_add(&b, " ");
	sb_cell(&b, _("lookups"), 8, r->ambi);
	sb_cell(&b, _("calls"), 7, r->ambi);
	sb_cell(&b, _("verified/no call"), 17, r->ambi);
	sb_cell(&b, _("off hours"), 10, r->ambi);
	push(r, &b, false);
	for (size_t i = 0; i < l.nop; i++) {
		const struct logview_luse *u = &l.op[i];
		bool odd = u->many || u->verified_unsaved || (l.have_hours && u->outside_hours);

		b.n = 0;
		sb_add(&b, "%c ", odd ? '!' : ' ');
		sb_cell(&b, u->operator, 12, r->ambi);
		sb_add(&b, " %7ld%c%6ld %16ld%c", u->lookups, u->many ? '!' : ' ', u->calls,
		       u->verified_unsaved, u->verified_unsaved ? '!' : ' ');
		if (l.have_hours)
			sb_add(&b, "%9ld%c", u->outside_hours, u->outside_hours ? '!' : ' ');
		else
			sb_add(&b, "%9s ", "-");
		push(r, &b, odd);
	}
	line(r, false, "%s", "");
	line(r, false, "%s", _("Lookups per operator and hour"));
	b.n = 0;
	sb_cell(&b, "", namew, r->ambi);
	for (int h = 0; h < 24; h++)
		sb_add(&b, "%3d", h);
	push(r, &b, false);
	for (size_t i = 0; i < l.nop; i++) {
		b.n = 0;
		sb_cell(&b, l.op[i].operator, namew, r->ambi);
		for (int h = 0; h < 24; h++) {
			long n = l.op[i].per_hour[h];

			if (n == 0)
				sb_add(&b, "  .");
			else
				sb_add(&b, "%3ld", n > 99 ? 99 : n);
		}
		push(r, &b, false);
	}
	line(r, false, "%s", "");
	line(r, l.refused_total > 0, _("Refused attempts to read the log: %ld"), l.refused_total);
	for (size_t i = 0; i < l.nrefused; i++) {
		char when[32];

		b.n = 0;
		sb_add(&b, "! %s  ", short_time(l.refused[i].at, when, sizeof when));
		sb_cell(&b, l.refused[i].operator, 12, r->ambi);
		sb_add(&b, " %s", l.refused[i].action);
		push(r, &b, true);
	}
	logview_lookups_free(&l);
	return 0;
}

/* The note, paragraph by paragraph, displayed and wrapped. */
/* text wrapped to cols, each line after lead ("" or an indent); marked
 * lines carry the ! of the unusual. */
static void wrapped_at(struct review *r, bool mark, const char *lead, const char *text, int cols)
{
	const char *p = text;

	while (p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *d = text_display(p, n, r->ambi);
		struct text_line *tl = NULL;
		size_t k;

		if (!d)
			return;
		k = text_wrap(d, strlen(d), cols, &tl);
		if (k == 0)
			line(r, mark, "%s", lead);
		for (size_t i = 0; k != (size_t)-1 && i < k; i++)
			line(r, mark, "%s%.*s", lead, (int)tl[i].len, d + tl[i].off);
		free(tl);
		free(d);
		p = nl ? nl + 1 : NULL;
	}
}

static void wrapped(struct review *r, const char *text, int cols)
{
	wrapped_at(r, false, "  ", text, cols);
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

static int build_detail(struct review *r, int cols)
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
	int found = logview_detail(r->lv, r->detail_uuid, &d, &err);

	if (found <= 0) {
		snprintf(r->msg, sizeof r->msg, "%s", found < 0 ? err.msg : _("That call is not in the log."));
		return -1;
	}
	state = logview_detail_get(&d, "state");
	if (state && strcmp(state, "interrupted") == 0)
		wrapped_at(r, true, "", _("INTERRUPTED: this call was saved before its wrap-up (a new call or quit "
					  "confirmed, or the session ended)"), cols > 1 ? cols : 1);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = logview_detail_get(&d, fields[i].name);
		struct sb b = { .n = 0 };

		char local[64], factors[256];

		if (strcmp(fields[i].name, "state") == 0)
			v = review_state_label(v);
		if (strcmp(fields[i].name, "match") == 0)
			v = review_match_label(v);
		if (strcmp(fields[i].name, "disposition") == 0)
			v = review_disp_label(r, v);
		if (strcmp(fields[i].name, "factors") == 0)
			v = review_factors_label(v, factors, sizeof factors);
		if (strcmp(fields[i].name, "escalate") == 0)
			v = v && strcmp(v, "1") == 0 ? _("yes") : _("no");
		if (v && (strcmp(fields[i].name, "started_at") == 0 || strcmp(fields[i].name, "ended_at") == 0))
			v = local_time(v, local, sizeof local);
		sb_cell(&b, _(fields[i].label), 22, r->ambi);
		sb_add(&b, " ");
		sb_cell(&b, v ? v : "-", cols - 24 > 1 ? cols - 24 : 1, r->ambi);
		push(r, &b, false);
	}
	faq = logview_detail_get(&d, "faq");
	line(r, false, "%s", _("FAQ entries shown:"));
	if (!faq || !*faq)
		line(r, false, "  %s", _("(none)"));
	for (const char *p = faq; p && *p;) {
		size_t n = strcspn(p, ",");
		char num[16];
		struct sb b = { .n = 0 };

		snprintf(num, sizeof num, "%.*s", (int)(n < 15 ? n : 15), p);
		sb_add(&b, "  Q%-3s ", num);
		sb_cell(&b, faq_title(r, num), cols - 8 > 1 ? cols - 8 : 1, r->ambi);
		push(r, &b, false);
		p += n + (p[n] == ',');
	}
	note = logview_detail_get(&d, "note");
	line(r, false, "%s", _("Note:"));
	wrapped(r, note ? note : "", cols - 2 > 1 ? cols - 2 : 1);
	logview_detail_free(&d);
	return 0;
}

/* The review's keys, for the help (the key bar has room for a few). */
static int build_help(struct review *r, int cols)
{
	static const struct { const char *keys, *what; } keys[] = {
		{ "q F10", N_("quit (q in the detail or this help: back)") },
		{ "Up Down j k", N_("move in the table, scroll the other views") },
		{ "PgUp PgDn Home End", N_("a page up or down, the newest or the end") },
		{ "Enter", N_("the selected call in detail") },
		{ "t Tab", N_("next view: calls, charts, lookups") },
		{ "d", N_("date: today, yesterday, this week, all, then a typed range "
			  "(2026-11-01~2026-11-27, 11/27, 今日, R8.11.1)") },
		{ "o", N_("operator (typed; empty for all)") },
		{ "p", N_("disposition: each in turn, then all") },
		{ "m", N_("match level: each in turn, then all") },
		{ "e", N_("escalated calls only, or all") },
		{ "/", N_("text in the notes; several words must all be there") },
		{ "c", N_("clear every filter") },
		{ "x", N_("export the calls of the view: CSV, CSV in CP932, JSON Lines") },
		{ "Ctrl-L", N_("redraw the screen") },
		{ "? F1", N_("this help") },
	};
	int kw = 20, dw = cols - kw - 2 > 10 ? cols - kw - 2 : 10;

	line(r, false, "%s", _("Keys of the review (! marks an escalated call, ~ one cut off)"));
	line(r, false, "%s", "");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *what = _(keys[i].what);
		char *d = text_display(what, strlen(what), r->ambi);
		struct text_line *tl = NULL;
		size_t k;

		if (!d)
			return -1;
		k = text_wrap(d, strlen(d), dw, &tl);
		for (size_t j = 0; k != (size_t)-1 && j < k; j++)
			line(r, false, "  %-*s%.*s", kw, j ? "" : keys[i].keys, (int)tl[j].len, d + tl[j].off);
		free(tl);
		free(d);
	}
	return 0;
}

int review_build(struct review *r, int cols)
{
	review_lines_free(r);
	switch (r->view) {
	case RV_CHARTS:
		return build_charts(r, cols);
	case RV_LOOKUPS:
		return build_lookups(r, cols);
	case RV_DETAIL:
		return build_detail(r, cols);
	case RV_HELP:
		return build_help(r, cols);
	case RV_TABLE:
		break;
	}
	return 0;
}

void review_filter_label(const struct review *r, char *buf, size_t size)
{
	const char *date = r->typed ? r->typed_label
		: r->range == LOGVIEW_TODAY ? _("today")
		: r->range == LOGVIEW_YESTERDAY ? _("yesterday")
		: r->range == LOGVIEW_WEEK ? _("this week") : _("all");

	/* Lookups are counted by date and operator only: the call filters
	 * shown there would claim what the figures do not do. */
	if (r->view == RV_LOOKUPS) {
		snprintf(buf, size, "%s:%s  %s:%s  (%s)", _("Date"), date,
			 _("Operator"), r->oper[0] ? r->oper : "*", _("the other filters are for calls"));
		return;
	}
	snprintf(buf, size, "%s:%s  %s:%s  %s:%s  %s:%s  %s:%s  %s:%s", _("Date"), date,
		 _("Operator"), r->oper[0] ? r->oper : "*",
		 _("Disp"), r->f.disposition ? review_disp_label(r, r->f.disposition) : "*",
		 _("Match"), r->f.match ? review_match_label(r->f.match) : "*",
		 _("Esc"), r->f.escalated ? _("only") : "*",
		 _("Note"), r->text[0] ? r->text : "*");
}

void review_export(struct review *r, const char *path)
{
	struct err err = { "" };
	FILE *out;
	long n;
	int fd;

	/* Notes hold personal data: only the supervisor may read the file,
	 * and an existing file is never overwritten. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			snprintf(r->msg, sizeof r->msg, _("%s exists; give another name"), path);
		else
			snprintf(r->msg, sizeof r->msg, _("cannot write %s: %s"), path, strerror(errno));
		return;
	}
	out = fdopen(fd, "wb");
	if (!out) {
		close(fd);
		snprintf(r->msg, sizeof r->msg, _("cannot write %s: %s"), path, strerror(errno));
		return;
	}
	n = logview_export(r->lv, &r->f, r->fmt, r->cp932, out, &err);
	if (fclose(out) != 0 && n >= 0) {
		n = -1;
		snprintf(err.msg, sizeof err.msg, "%s", strerror(errno));
	}
	if (n < 0) {
		unlink(path);
		snprintf(r->msg, sizeof r->msg, _("cannot write %s: %s"), path, err.msg);
		return;
	}
	snprintf(r->msg, sizeof r->msg, _("Exported %ld calls to %s"), n, path);
}
