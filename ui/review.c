/* The review screen: checks, the table, filters, keys, the main loop. */
#include "review.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "app.h"
#include "draw.h"
#include "file.h"
#include "i18n.h"
#include "input.h"
#include "jdate.h"
#include "review_draw.h"
#include "review_keys.h"
#include "text_utf8.h"
#include "text_wrap.h"
#include "text_width.h"
#include "paths.h"
#include "tty.h"

#define TICK_MS 500

static const char *const match_names[] = { "verified", "ambiguous", "partial", "none", "-" };
#define NMATCH 5

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void filters_apply(struct review *r)
{
	r->f.operator = r->oper[0] ? r->oper : NULL;
	r->f.text = r->needle;
	r->f.disposition = r->disp_i >= 0 ? r->disps.d[r->disp_i].code : NULL;
	r->f.match = r->match_i >= 0 ? match_names[r->match_i] : NULL;
	if (!r->typed)
		logview_set_range(&r->f, r->range, time(NULL));
}

/* Loads the page from the anchor (or the newest row), keeping the cursor
 * on the row it was on when that row is still there. */
static void load(struct review *r)
{
	char uuid[LOGVIEW_UUID_LEN + 1] = "";
	struct logview_row *rows;
	struct err err = { "" };
	bool complete;
	long n, h = review_draw_rows();

	if (r->sel >= 0 && r->sel < r->nrows)
		memcpy(uuid, r->rows[r->sel].uuid, sizeof uuid);
	filters_apply(r);
	n = desk_page(r->desk, &r->f, r->at_top ? NULL : &r->anchor, LOGVIEW_OLDER, true,
			 h + 1, &rows, &complete, &err);
	if (n < 0) {
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
		return;
	}
	free(r->rows);
	r->rows = rows;
	r->nrows = n;
	if (!complete && n <= h && !r->msg[0])
		snprintf(r->msg, sizeof r->msg, _("The note search stopped after %d calls; "
						  "narrow the dates to search further"), LOGVIEW_SCAN_MAX);
	for (long i = 0; uuid[0] && i < n; i++) {
		if (strcmp(rows[i].uuid, uuid) != 0)
			continue;
		if (i < h) {
			r->sel = i;
			return;
		}
		/* New rows pushed it off the screen: follow it. */
		r->at_top = false;
		r->anchor = rows[i - h + 1].key;
		r->offset += i - h + 1;
		r->sel = h - 1;
		load(r);
		return;
	}
	if (r->sel >= (n < h ? n : h))
		r->sel = (n < h ? n : h) - 1;
	if (r->sel < 0)
		r->sel = 0;
}

static void reset_page(struct review *r)
{
	r->at_top = true;
	r->offset = 0;
	r->sel = 0;
	r->nrows = 0;
	load(r);
}

/* The calls of the filter, for the position shown beside the filters.
 * A call that came in while the page is down the table moved it down. */
static void count(struct review *r)
{
	struct logview_stats st;
	struct err err = { "" };
	long was = r->total;

	if (desk_stats(r->desk, &r->f, &st, &err)) {
		r->total = -1;
		return;
	}
	r->total = st.calls;
	logview_stats_free(&st);
	if (!r->at_top && was >= 0 && r->total > was)
		r->offset += r->total - was;
}

/* Moves the page k rows towards the newest: the new anchor, or the top
 * (which follows new calls) when fewer than k + 1 newer rows exist.
 * False when there was nothing newer. */
static bool newer(struct review *r, long k)
{
	struct logview_row *rows;
	struct err err = { "" };
	bool complete;
	long n;

	if (r->at_top || r->nrows == 0)
		return false;
	n = desk_page(r->desk, &r->f, &r->rows[0].key, LOGVIEW_NEWER, false, k + 1, &rows,
			 &complete, &err);
	if (n > k) {
		r->anchor = rows[1].key;     /* newest first: rows[1] is k away */
		r->offset = r->offset > k ? r->offset - k : 0;
	} else {
		r->at_top = true;
		r->offset = 0;
	}
	free(rows);
	return n > 0;
}

static void table_move(struct review *r, enum review_keys_act act)
{
	long h = review_draw_rows(), shown = r->nrows < h ? r->nrows : h;

	if (act == RK_DOWN) {
		if (r->sel + 1 < shown) {
			r->sel++;
		} else if (r->nrows > h) {
			r->at_top = false;
			r->anchor = r->rows[1].key;
			r->offset++;
			r->sel = h - 1;
			r->nrows = 0;
			load(r);
		}
	} else if (act == RK_UP) {
		if (r->sel > 0) {
			r->sel--;
		} else if (newer(r, 1)) {
			r->nrows = 0;
			load(r);
			r->sel = 0;
		}
	} else if (act == RK_PGDN) {
		if (r->nrows > h) {
			r->at_top = false;
			r->anchor = r->rows[h].key;
			r->offset += h;
			r->nrows = 0;
			load(r);
		} else {
			r->sel = shown - 1 > 0 ? shown - 1 : 0;
		}
	} else if (act == RK_PGUP) {
		if (newer(r, h)) {
			r->nrows = 0;
			load(r);
		} else {
			r->sel = 0;
			load(r);
		}
	} else if (act == RK_HOME) {
		reset_page(r);
	} else if (act == RK_END) {
		/* The oldest page, reached a page at a time: each step is one
		 * keyset query (an index seek), and there is no oldest-first
		 * page to ask for. */
		for (long i = 0; i < 1000000 && r->nrows > h && !r->msg[0]; i++) {
			r->at_top = false;
			r->anchor = r->rows[h].key;
			r->offset += h;
			r->nrows = 0;
			load(r);
		}
		shown = r->nrows < h ? r->nrows : h;
		r->sel = shown > 0 ? shown - 1 : 0;
	}
}

/* ------------------------------------------------------------------ */
/* Keys */

/* The lines of the current view (none for the table); -1 when they
 * cannot be made (r->msg says why). */
static int build(struct review *r)
{
	struct rv_source src = review_source(r);

	return review_view_build(&src, r->view, r->detail_uuid, COLS, &r->lines, r->msg, sizeof r->msg);
}

static void rebuild(struct review *r)
{
	if (r->view == RV_TABLE)
		load(r);
	else
		build(r);
}

static void filters_changed(struct review *r)
{
	r->msg[0] = '\0';
	if (r->view == RV_DETAIL)
		r->view = RV_TABLE;
	r->top = 0;
	filters_apply(r);
	reset_page(r);
	count(r);
	if (r->view != RV_TABLE)
		build(r);
}

/* A prompt opened with a value (the range, operator or text in force, the
 * export's default path) shows it selected, as the caller form does a
 * filled field: the first character typed replaces it. */
static void ask(struct review *r, enum rv_prompt p, const char *initial)
{
	r->prompt = p;
	field_set(&r->input, initial ? initial : "");
	r->fresh = r->input.len > 0;
}

/* "FROM", "FROM~TO" (also 〜, ～ — what MS-IME gives for から —, .., or a
 * space between); -1 when a date
 * cannot be read (r->msg says why). */
static int dates_typed(struct review *r, const char *s)
{
	static const char *const seps[] = { "\xe3\x80\x9c", "\xef\xbd\x9e", "~", "..", " " };
	char from[JDATE_MAX_INPUT], to[JDATE_MAX_INPUT] = "";
	struct err err = { "" };
	struct logview_filter f = r->f;
	const char *sep = NULL;
	size_t seplen = 0;

	for (size_t i = 0; i < sizeof seps / sizeof seps[0] && !sep; i++)
		if ((sep = strstr(s, seps[i])))
			seplen = strlen(seps[i]);
	if (!*s) {
		r->typed = false;
		r->range = LOGVIEW_TODAY;
		filters_changed(r);
		return 0;
	}
	snprintf(from, sizeof from, "%.*s", sep ? (int)(sep - s) : (int)strlen(s), s);
	if (sep)
		snprintf(to, sizeof to, "%s", sep + seplen);
	if (logview_set_dates(&f, from, sep ? to : from, &err)) {
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
		return -1;
	}
	r->f = f;
	r->typed = true;
	text_copy_cut(r->typed_label, sizeof r->typed_label, s, strlen(s));
	filters_changed(r);
	r->msg[0] = '\0';
	return 0;
}

static void default_path(const struct review *r, char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	char stamp[32];

	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
	snprintf(buf, size, "./madoguchi-export-%s.%s", stamp,
		 r->fmt == LOGVIEW_JSONL ? "jsonl" : "csv");
}

/* Writes the current filter's calls to path; the outcome in r->msg. */
static void export_calls(struct review *r, const char *path)
{
	struct proto_export x = { .source = PROTO_EXPORT_VIEW };
	struct err err = { "" };
	FILE *out;
	long n;
	int fd;

	/* Notes hold personal data: only the supervisor may read the file,
	 * and an existing file (or a link) is never written through. */
	fd = file_create(path, 0600);
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
	x.view = r->f;
	x.fmt = r->fmt == LOGVIEW_JSONL ? EXPORT_JSONL : r->cp932 ? EXPORT_CSV_CP932 : EXPORT_CSV;
	n = desk_export(r->desk, &x, out, &err);
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

static int operator_typed(struct review *r, const char *text);

/* The note filter as logview looks for it: folded, with the FAQ's
 * spellings of each word. */
static void set_needle(struct review *r)
{
	free(r->needle);
	if (review_view_needle(r->faq, r->text, &r->needle))
		snprintf(r->msg, sizeof r->msg, "%s", _("out of memory"));
}

static void prompt_done(struct review *r)
{
	char text[PATH_MAX];
	enum rv_prompt p = r->prompt;

	snprintf(text, sizeof text, "%s", field_text(&r->input));
	r->prompt = RP_NONE;
	switch (p) {
	case RP_DATES:
		/* The prompt stays, with what was typed, to be corrected. */
		if (dates_typed(r, text))
			r->prompt = RP_DATES;
		return;
	case RP_OPERATOR:
		/* The prompt stays, with what was typed, until it names one. */
		if (operator_typed(r, text))
			r->prompt = RP_OPERATOR;
		return;
	case RP_TEXT:
		text_copy_cut(r->text, sizeof r->text, text, strlen(text));
		set_needle(r);
		filters_changed(r);
		return;
	case RP_PATH:
		if (text[0])
			export_calls(r, text);
		return;
	case RP_FORMAT:
	case RP_NONE:
		return;
	}
}

static void format_key(struct review *r, int key)
{
	char path[PATH_MAX];

	r->prompt = RP_NONE;
	if (key != 'c' && key != 's' && key != 'j' && key != INPUT_ENTER)
		return;
	r->fmt = key == 'j' ? LOGVIEW_JSONL : LOGVIEW_CSV;
	r->cp932 = key == 's';
	default_path(r, path, sizeof path);
	ask(r, RP_PATH, path);
}

/* An editing key that deletes a character: on the selected text, all of it. */
static bool deletes(int key)
{
	return key == KEY_BACKSPACE || key == 0x7f || key == INPUT_CTRL('h') || key == KEY_DC ||
	       key == INPUT_CTRL('d');
}

static void prompt_key(struct review *r, int key)
{
	if (r->prompt == RP_FORMAT) {
		format_key(r, key);
		return;
	}
	if (key == INPUT_ESC || key == INPUT_CTRL('g')) {
		r->prompt = RP_NONE;
		r->msg[0] = '\0';
		return;
	}
	if (key == INPUT_ENTER) {
		prompt_done(r);
		return;
	}
	/* ncurses KEY_ codes and control characters edit; text is inserted
	 * as code points (an IME sends several at once). */
	if (INPUT_IS_FN(key))
		key &= ~INPUT_FN(0);
	else if (key >= 0x20 && key != 0x7f) {
		if (r->fresh)
			field_clear(&r->input);
		r->fresh = false;
		if (field_insert_cp(&r->input, (unsigned int)key) < 0)
			snprintf(r->msg, sizeof r->msg, "%s", _("out of memory"));
		return;
	}
	if (r->fresh && deletes(key))
		field_clear(&r->input);
	else
		field_key(&r->input, key);
	r->fresh = false;
}

static void cycle_date(struct review *r)
{
	if (r->typed) {
		r->typed = false;
		r->range = LOGVIEW_TODAY;
	} else if (r->range == LOGVIEW_TODAY) {
		r->range = LOGVIEW_YESTERDAY;
	} else if (r->range == LOGVIEW_YESTERDAY) {
		r->range = LOGVIEW_WEEK;
	} else if (r->range == LOGVIEW_WEEK) {
		r->range = LOGVIEW_ALL;
	} else {
		ask(r, RP_DATES, NULL);
		return;
	}
	filters_changed(r);
}

/* The operators of the calls in the current range and other filters
 * (whoever the operator filter names), most calls first; NULL with
 * r->msg when they cannot be read.  Free with logview_stats_free. */
static bool operators(struct review *r, struct logview_stats *s)
{
	struct logview_filter f = r->f;
	struct err err = { "" };

	f.operator = NULL;
	if (desk_stats(r->desk, &f, s, &err) == 0)
		return true;
	snprintf(r->msg, sizeof r->msg, "%s", err.msg);
	return false;
}

/* Above the prompt: the operators to choose from. */
static void operators_list(struct review *r)
{
	struct logview_stats s;
	size_t n;

	if (!operators(r, &s))
		return;
	n = (size_t)snprintf(r->msg, sizeof r->msg, "%s", s.noper ? _("Operators:") : _("No calls in these dates."));
	for (size_t i = 0; i < s.noper && n < sizeof r->msg; i++)
		n += (size_t)snprintf(r->msg + n, sizeof r->msg - n, " %s", s.oper[i].key);
	logview_stats_free(&s);
}

/* The operator typed: empty for any; else the one listed whose name it
 * is, or starts, whatever the case.  -1 (r->msg says why, with the
 * names) when it names none or several. */
static int operator_typed(struct review *r, const char *text)
{
	struct logview_stats s;
	size_t n = strlen(text), hits = 0, at = 0;

	r->msg[0] = '\0';
	if (!*text) {
		r->oper[0] = '\0';
		filters_changed(r);
		return 0;
	}
	if (!operators(r, &s))
		return -1;
	for (size_t i = 0; i < s.noper; i++) {
		if (strcmp(s.oper[i].key, text) == 0) {
			hits = 1;
			at = i;
			break;
		}
		if (strncasecmp(s.oper[i].key, text, n) == 0 && hits++ == 0)
			at = i;
	}
	if (hits == 1)
		text_copy_cut(r->oper, sizeof r->oper, s.oper[at].key, strlen(s.oper[at].key));
	logview_stats_free(&s);
	if (hits == 1) {
		filters_changed(r);
		return 0;
	}
	operators_list(r);
	{
		char list[sizeof r->msg];

		snprintf(list, sizeof list, "%s", r->msg);
		snprintf(r->msg, sizeof r->msg, hits ? _("'%s' starts several names; type more. %s")
			 : _("No operator '%s' in these calls. %s"), text, list);
	}
	return -1;
}

/* The filter keys, the same in every view of calls. */
static void filter_key(struct review *r, enum review_keys_act act)
{
	switch (act) {
	case RK_DATE:
		cycle_date(r);
		return;
	case RK_DATES:
		ask(r, RP_DATES, r->typed ? r->typed_label : NULL);
		return;
	case RK_OPERATOR:
		ask(r, RP_OPERATOR, r->oper);
		operators_list(r);
		return;
	case RK_TEXT:
		ask(r, RP_TEXT, r->text);
		return;
	case RK_DISP:
		r->disp_i = r->disp_i + 1 < (int)r->disps.n ? r->disp_i + 1 : -1;
		break;
	case RK_MATCH:
		r->match_i = r->match_i + 1 < NMATCH ? r->match_i + 1 : -1;
		break;
	case RK_ESCALATED:
		r->f.escalated = !r->f.escalated;
		break;
	case RK_CLEAR:
		r->oper[0] = r->text[0] = '\0';
		set_needle(r);
		r->disp_i = r->match_i = -1;
		r->f.escalated = false;
		r->typed = false;
		r->range = LOGVIEW_TODAY;
		break;
	default:
		return;
	}
	filters_changed(r);
}

static void export_key(struct review *r)
{
	/* The export writes calls; the lookups' figures are not rows. */
	if (r->view == RV_LOOKUPS)
		snprintf(r->msg, sizeof r->msg, "%s",
			 _("x exports calls: t back to the table (lookups: madoguchi log export --lookups)"));
	else
		r->prompt = RP_FORMAT;
}

static void lines_move(struct review *r, enum review_keys_act act)
{
	size_t page = (size_t)(LINES - 3 > 1 ? LINES - 3 : 1), n = r->lines.n;

	if (act == RK_DOWN && r->top + 1 < n)
		r->top++;
	else if (act == RK_UP && r->top > 0)
		r->top--;
	else if (act == RK_PGDN)
		r->top = r->top + page < n ? r->top + page : r->top;
	else if (act == RK_PGUP)
		r->top = r->top > page ? r->top - page : 0;
	else if (act == RK_HOME)
		r->top = 0;
	else if (act == RK_END)
		r->top = n > page ? n - page : 0;
}

/* calls → charts → lookups → calls; dir -1 the other way. */
static void next_view(struct review *r, int dir)
{
	static const enum rv_view order[] = { RV_TABLE, RV_CHARTS, RV_LOOKUPS };
	int i = r->view == RV_CHARTS ? 1 : r->view == RV_LOOKUPS ? 2 : 0;

	r->view = order[(i + 3 + dir) % 3];
	r->top = 0;
	rebuild(r);
}

static void help_open(struct review *r)
{
	r->back = r->view;
	r->view = RV_HELP;
	r->top = 0;
	build(r);
}

static void detail_open(struct review *r)
{
	if (r->nrows == 0)
		return;
	memcpy(r->detail_uuid, r->rows[r->sel].uuid, sizeof r->detail_uuid);
	r->view = RV_DETAIL;
	r->top = 0;
	if (build(r))
		r->view = RV_TABLE;
}

/* From the help, the view it was opened in; from the others, the table. */
static void back(struct review *r)
{
	if (r->view == RV_HELP) {
		r->view = r->back;
		r->top = 0;
		rebuild(r);
		return;
	}
	r->view = RV_TABLE;
	load(r);
}

/* An action of the current view (review_keys_action gives none that does
 * not work there).  Returns true when the screen should end. */
static bool act_on(struct review *r, enum review_keys_act act)
{
	switch (act) {
	case RK_QUIT:
		return true;
	case RK_CLOSE:
		if (r->view != RV_DETAIL && r->view != RV_HELP)
			return true;
		back(r);
		break;
	case RK_BACK:
		back(r);
		break;
	case RK_HELP:
		if (r->view == RV_HELP)
			back(r);
		else
			help_open(r);
		break;
	case RK_UP: case RK_DOWN: case RK_PGUP: case RK_PGDN: case RK_HOME: case RK_END:
		if (r->view == RV_TABLE)
			table_move(r, act);
		else
			lines_move(r, act);
		break;
	case RK_DETAIL:
		detail_open(r);
		break;
	case RK_NEXT_VIEW:
	case RK_PREV_VIEW:
		next_view(r, act == RK_NEXT_VIEW ? 1 : -1);
		break;
	case RK_DATE: case RK_DATES: case RK_OPERATOR: case RK_DISP: case RK_MATCH: case RK_ESCALATED:
	case RK_TEXT: case RK_CLEAR:
		filter_key(r, act);
		break;
	case RK_EXPORT:
		export_key(r);
		break;
	case RK_REDRAW:
	case RK_NONE:
	case RK_NACTS:
		break;
	}
	return false;
}

/* A key: looked up in the review's table for the current view.  Returns
 * true when the screen should end. */
static bool key_in(struct review *r, int key)
{
	enum review_keys_act act = review_keys_action(r->view, key);

	if (key == INPUT_FN(KEY_RESIZE)) {
		clearok(curscr, TRUE);  /* as the operator screen: see there */
		rebuild(r);
		return false;
	}
	/* Quit and redraw work in a prompt too, and on a screen too small,
	 * where q alone of the others works. */
	if (act == RK_QUIT)
		return true;
	if (act == RK_REDRAW) {
		clearok(curscr, TRUE);
		return false;
	}
	if (review_draw_too_small())
		return act == RK_CLOSE;
	if (r->prompt != RP_NONE) {
		prompt_key(r, key);
		return false;
	}
	r->msg[0] = '\0';
	return act_on(r, act);
}

/* ------------------------------------------------------------------ */
/* Set-up and the loop */

static void refresh_view(struct review *r)
{
	char first[LOGVIEW_UUID_LEN + 1] = "";

	if (r->nrows > 0)
		memcpy(first, r->rows[0].uuid, sizeof first);
	/* The date words follow the clock: "today" moves at midnight.  The
	 * count is today's to follow; a longer range's is counted when the
	 * filter is set, and again when new calls show at the top. */
	if (r->view == RV_TABLE) {
		load(r);
		if ((!r->typed && r->range == LOGVIEW_TODAY) ||
		    (r->nrows > 0 && strcmp(first, r->rows[0].uuid) != 0))
			count(r);
	} else if (r->view != RV_DETAIL && r->view != RV_HELP && r->prompt == RP_NONE && !r->typed &&
		 r->range == LOGVIEW_TODAY)
		/* Figures of a long range are a scan of it: they are redrawn
		 * on a key, not every 2 seconds; only today's change. */
		build(r);
}

/* A paste goes into the prompt open (its value selected is replaced, as
 * by typed text); with none open, or the export's one-key question, it is
 * refused with a word rather than dropped. */
static void paste_in(struct review *r, const struct input *in)
{
	size_t n;
	bool cut;
	const char *p = input_paste(in, &n, &cut);

	if (r->prompt == RP_NONE || r->prompt == RP_FORMAT) {
		snprintf(r->msg, sizeof r->msg, "%s",
			 _("a paste goes into a filter: open one first (/ note, o operator, D dates)"));
		return;
	}
	if (!p)
		return;
	if (r->fresh)
		field_clear(&r->input);
	r->fresh = false;
	if (field_insert(&r->input, p, n) < 0)
		snprintf(r->msg, sizeof r->msg, "%s", _("out of memory"));
	else if (in->paste_unended)
		snprintf(r->msg, sizeof r->msg, "%s", _("a paste never ended (its end mark did not "
			"come): what came is taken as pasted; check it"));
	else if (cut)
		snprintf(r->msg, sizeof r->msg, _("the paste was over %d KiB: only its start was taken"),
			 INPUT_PASTE_MAX / 1024);
}

static int loop(struct review *r)
{
	struct input in = { .n = 0 };
	long last = ms_now();
	bool dirty = true;

	for (;;) {
		enum input_status st;
		int key;

		if (tty_signalled())
			return APP_OK;
		st = input_get(&in, stdscr, dirty ? 0 : TICK_MS, &key);
		if (st == INPUT_GONE)
			return APP_OK;
		if (st == INPUT_NONE) {
			if (ms_now() - last >= RV_REFRESH_MS) {
				refresh_view(r);
				last = ms_now();
				dirty = true;
			}
			if (dirty)
				review_draw(r);
			dirty = false;
			continue;
		}
		if (key == INPUT_PASTE && !review_draw_too_small())
			paste_in(r, &in);
		else if (key_in(r, key))
			return APP_OK;
		dirty = true;
	}
}

static void review_lines_free(struct review *r)
{
	review_view_free(&r->lines);
}

static void colours(struct review *r)
{
	r->a_status = A_REVERSE;
	r->a_sel = A_REVERSE;
	r->a_head = A_BOLD | A_UNDERLINE;
	if (tty_colours(conf_get(r->conf, CONF_COLOR)))
		r->a_status = COLOR_PAIR(1) | A_BOLD;
}

static int run(struct review *r, struct err *err)
{
	SCREEN *scr = tty_screen_begin(err);
	int status;

	if (!scr)
		return APP_USAGE;
	colours(r);
	reset_page(r);
	count(r);
	/* Bracketed paste, as the operator screen: pasted text comes as one
	 * paste, never as keys that act (a q in it would quit). */
	tty_paste_mode(true);
	status = loop(r);
	tty_paste_mode(false);
	endwin();
	delscreen(scr);
	return status;
}

static int checks(const struct conf *c, enum text_ambi *ambi, struct err *err)
{
	return tty_start(conf_get(c, CONF_AMBIWIDTH), ambi, err) ? APP_USAGE : APP_OK;
}

static int setup(struct review *r, const struct conf *c, struct err *err)
{
	struct err ignored;

	r->conf = c;
	r->lang_en = i18n_english(conf_get(c, CONF_LANG));
	r->disp_i = r->match_i = -1;
	r->total = -1;
	r->range = LOGVIEW_TODAY;
	paths_user(r->user, sizeof r->user);
	if (app_disps(c, &r->disps, err)) {
		err_prefix(err, "review");
		return APP_USAGE;
	}
	/* Without the FAQ the numbers are shown without their questions. */
	if (app_faq(c, &r->faq, &ignored))
		r->faq = NULL;
	if (field_init(&r->input, 0)) {
		err_set(err, "%s", _("out of memory"));
		return APP_FAIL;
	}
	return APP_OK;
}

int ui_review_main(const struct conf *conf, struct err *err)
{
	struct proto_hello h;
	struct review r;
	int status;

	memset(&r, 0, sizeof r);
	tty_signals_install();
	/* The read is asked for (and recorded) before the screen starts: a
	 * refusal is one line on the terminal, not a screen. */
	if (desk_open(conf, APP_LOG_RECORD, &r.desk, &h, err))
		return APP_USAGE;
	/* A mistyped --log must not pass for a day without calls: said as
	 * `log stats` says it. */
	if (!h.log_exists && h.log_path[0])
		snprintf(r.nolog, sizeof r.nolog, _("%s: no log there yet, so there are no calls to show "
						    "(check --log)"), h.log_path);
	if (desk_read(r.desk, "review", err)) {
		status = desk_exit(r.desk);
		desk_close(r.desk);
		return status;
	}
	if ((status = checks(conf, &r.ambi, err)) == APP_OK && (status = setup(&r, conf, err)) == APP_OK)
		status = run(&r, err);
	review_lines_free(&r);
	free(r.rows);
	free(r.needle);
	field_free(&r.input);
	if (r.faq)
		faq_free(r.faq);
	inq_disps_free(&r.disps);
	desk_close(r.desk);
	return status;
}
