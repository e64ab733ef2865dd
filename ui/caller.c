/*
 * The caller form with live feedback, the verdict panel, the wrap-up and
 * the call's life (start on the first key, save, interrupted).  Reading
 * the fields and the lookup are src/call, the flow `madoguchi lookup`
 * runs too.
 */
#include "caller.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "answer.h"
#include "app.h"
#include "file.h"
#include "i18n.h"
#include "input.h"
#include "panel.h"
#include "search.h"
#include "stamp.h"
#include "text_fold.h"
#include "text_width.h"
#include "textarea.h"
#include "verdict.h"
#include "wrapup.h"

#define LABEL_W 14
#define FIELD_W 26
/* Columns kept beside a field widened for its text, for what was read. */
#define FEEDBACK_MIN 16

/* A message cut to its buffer (the bottom and status lines show one line
 * anyway; text_display copes with a character cut in two). */
static void __attribute__((format(printf, 3, 4))) msg_set(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

static long mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec;
}

static void reset(struct ui *u)
{
	struct ui_call *c = &u->call;

	for (int i = 0; i < CALL_NFIELDS; i++)
		field_clear(&c->f[i]);
	field_clear(&c->note);
	c->cur = CALL_KANA;
	c->started = c->looked = c->stale = c->wrap = c->escalate = c->fresh = false;
	c->uuid[0] = c->started_at[0] = '\0';
	u->shown.n = 0;
	c->disp = -1;
	c->witem = WRAP_DISP;
	c->note_top = c->v_top = 0;
	memset(&c->v, 0, sizeof c->v);
}

/* The clock starts with the first key of a new call; the lookup events of
 * the call name its UUID before the call itself is saved.  Entries opened
 * before it belong to no call. */
static void start(struct ui *u)
{
	struct ui_call *c = &u->call;

	if (c->started)
		return;
	c->started = true;
	c->t0 = mono_s();
	stamp_uuid(c->uuid);
	stamp_now(c->started_at);
	u->shown.n = 0;
}

long caller_elapsed(const struct ui *u)
{
	return u->call.started ? mono_s() - u->call.t0 : 0;
}

bool caller_unsaved(const struct ui *u)
{
	return u->call.started;
}

/* A log set that is not there yet is said at once, as `log stats` says
 * it (the account's own log is made at its first save): a mistyped path
 * must not pass unseen until the first save goes to the
 * spool.  In this process (no gate) a missing directory is said too, and
 * stays on the status line: no save can make the log then. */
static void say_log_state(struct ui *u, const struct proto_hello *h)
{
	char dir[1024];

	if (h->log_exists || !h->log_path[0] || !h->log_set)
		return;
	if (!h->gate && file_dir_of(h->log_path, dir, sizeof dir) == 0 && access(dir, F_OK) != 0) {
		u->log_missing = true;
		msg_set(u->msg, sizeof u->msg, _("%s: no log there, and its directory does not exist: "
						 "calls are kept in the spool (check --log)"), h->log_path);
	} else
		msg_set(u->msg, sizeof u->msg, _("%s: no log there yet; the first call saved makes it "
						 "(check --log)"), h->log_path);
}

/* The desk, greeted: who the operator is, the snapshot, the log.  Each
 * entry is spooled before the log (APP_LOG_SCREEN): a screen killed at
 * any moment of a save, even by SIGKILL, loses nothing. */
static void open_desk(struct ui *u)
{
	struct proto_hello h;
	struct err err = { "" };

	if (desk_open(u->conf, APP_LOG_SCREEN, &u->desk, &h, &err)) {
		u->desk = NULL;
		msg_set(u->snap_msg, sizeof u->snap_msg, "%s", err.msg);
		msg_set(u->log_msg, sizeof u->log_msg, "%s", err.msg);
		return;
	}
	u->snap_ok = h.snapshot_ok;
	if (h.snapshot_ok)
		msg_set(u->snap_msg, sizeof u->snap_msg, "%.8s %.10s", h.snapshot_id, h.snapshot_date);
	else
		msg_set(u->snap_msg, sizeof u->snap_msg, "%s", h.snapshot_msg);
	msg_set(u->log_msg, sizeof u->log_msg, "%s", h.log_msg);
	msg_set(u->win_msg, sizeof u->win_msg, "%s", h.windows_msg);
	if (h.operator_name[0])
		msg_set(u->operator_name, sizeof u->operator_name, "%s", h.operator_name);
	say_log_state(u, &h);
}

int caller_init(struct ui *u)
{
	struct err err = { "" };

	for (int i = 0; i < CALL_NFIELDS; i++)
		if (field_init(&u->call.f[i], 0))
			return -1;
	if (field_init(&u->call.note, INQ_NOTE_MAX))
		return -1;
	/* The note is stored as typed or pasted (shown sanitised; a pasted
	 * line break, CR from the terminal, as LF).  The form
	 * fields are not stored, only looked up: they keep field's cleaning,
	 * so a copied line's newline does not make a name invalid. */
	u->call.note.raw = true;
	reset(u);
	u->lang_en = i18n_english(conf_get(u->conf, CONF_LANG));
	open_desk(u);
	/* The labels of the codes to choose from; the desk checks the one
	 * chosen. */
	if (app_disps(u->conf, &u->disps, &err)) {
		memset(&u->disps, 0, sizeof u->disps);
		msg_set(u->disp_msg, sizeof u->disp_msg, "%s", err.msg);
	}
	return 0;
}

void caller_free(struct ui *u)
{
	for (int i = 0; i < CALL_NFIELDS; i++)
		field_free(&u->call.f[i]);
	field_free(&u->call.note);
	desk_close(u->desk);
	u->desk = NULL;
	inq_disps_free(&u->disps);
}

/* ---- the lookup -------------------------------------------------------- */

static void say_logged(struct ui *u, const struct call_verdict *v)
{
	if (v->logged == CALL_SPOOLED)
		msg_set(u->msg, sizeof u->msg, "%s", _("lookup event kept in the spool, written to the log later"));
	else if (v->logged == CALL_LOG_FAILED)
		msg_set(u->msg, sizeof u->msg, _("the lookup event is NOT logged: %s"), v->log_why);
}

static bool typed(const struct ui *u)
{
	for (int i = 0; i < CALL_NFIELDS; i++)
		if (u->call.f[i].len > 0)
			return true;
	return false;
}

static int run_lookup(struct ui *u)
{
	struct ui_call *c = &u->call;
	struct call_request q = { .call_uuid = "" };
	struct err err = { "" };

	if (!u->snap_ok) {
		msg_set(u->msg, sizeof u->msg, _("lookup is disabled: %s"), u->snap_msg);
		return UI_BOTTOM;
	}
	/* Nothing typed: no call has begun, and a lookup would log one and
	 * a "partial" for nobody. */
	if (!typed(u)) {
		msg_set(u->msg, sizeof u->msg, "%s", _("type the caller's details first (Tab: next field)"));
		return UI_BOTTOM;
	}
	start(u);
	memcpy(q.call_uuid, c->uuid, sizeof q.call_uuid);
	for (int i = 0; i < CALL_NFIELDS; i++)
		if (c->f[i].len)
			call_request_set(&q, (enum call_field)i, c->f[i].buf, c->f[i].len);
	/* Whatever the outcome, an earlier verdict must not stay up as if it
	 * answered what is typed now. */
	c->looked = false;
	c->v_top = 0;
	switch (desk_lookup(u->desk, &q, &c->v, &err)) {
	case 1:
		msg_set(u->msg, sizeof u->msg, _("%s cannot be read: %s"), verdict_field_label(c->v.field),
			c->v.why);
		c->cur = c->v.field;
		c->fresh = false;
		return UI_LIST | UI_BOTTOM;
	case -1:
		msg_set(u->msg, sizeof u->msg, "%s", err.msg);
		return UI_LIST | UI_BOTTOM;
	}
	c->looked = true;
	c->stale = false;
	say_logged(u, &c->v);
	return UI_LIST | UI_BOTTOM | UI_STATUS;
}

/* ---- drawing ------------------------------------------------------------ */

/* What the program read in a field ("→ 1975-03-01", "x why"); false for
 * an empty field.  A reading is shown as the hiragana it was read as,
 * small kana and spaces kept (さいとー しょーこ), not as the form it is
 * matched in, which writes them otherwise (さいとうしようこ) and would
 * look misread. */
static bool feedback(struct ui *u, enum call_field i, char *buf, size_t size)
{
	const struct field *f = &u->call.f[i];
	struct call_reading r;
	enum call_read st = call_read(i, f->buf, f->len, &r);
	char *readable = NULL;
	const char *shown = r.canon;

	if (st == CALL_EMPTY)
		return false;
	if (st == CALL_UNREADABLE) {
		snprintf(buf, size, "x %s", r.msg);
		return true;
	}
	if (i == CALL_KANA && (readable = text_fold_key(f->buf, f->len, NULL)))
		shown = readable;
	if (r.msg[0])
		snprintf(buf, size, "→ %s (%s)", shown, r.msg);
	else
		snprintf(buf, size, "→ %s", shown);
	free(readable);
	return true;
}

/* A field is as wide as FIELD_W, or as its text when that is wider (a
 * phone in full-width digits) and the row has room for it whole with what
 * was read beside it; a longer text scrolls in FIELD_W. */
/* The fields' width: FIELD_W, or as wide as the longest value needs (a
 * phone in full-width digits stands whole) while FEEDBACK_MIN columns
 * are left beside it.  One width for all, so that what was read stands in
 * one column beside them. */
static int field_w(const struct ui *u)
{
	int room = u->g.list_w - LABEL_W - 2;
	int w = room < FIELD_W ? room : FIELD_W, widest = w;

	for (int i = 0; i < CALL_NFIELDS; i++) {
		const struct field *f = &u->call.f[i];
		int need = f->gc[f->ngc].col[u->ambi == TEXT_AMBI_DOUBLE] + 1;

		if (need > widest && need <= room - FEEDBACK_MIN)
			widest = need;
	}
	return widest;
}

static void draw_field(struct ui *u, enum call_field i, bool focused)
{
	struct ui_call *c = &u->call;

	/* A field entered holding text shows it selected: typing replaces it. */
	wattrset(u->list, c->fresh && c->cur == i && !c->wrap ? A_REVERSE : A_UNDERLINE);
	field_draw(u->list, 1 + (int)i, LABEL_W + 1, field_w(u), &c->f[i], focused, u->ambi);
	wattrset(u->list, A_NORMAL);
}

/* The fields, each with what was read in it beside it.  When that does
 * not fit beside the focused field (a date read in an ended era explains
 * itself at length), the whole of it goes into *full, to be said below. */
static void draw_fields(struct ui *u, int *y, char *full, size_t size)
{
	struct ui_call *c = &u->call;
	char note[128], buf[600];

	full[0] = '\0';
	for (int i = 0; i < CALL_NFIELDS && *y < u->g.list_h; i++, (*y)++) {
		bool focus = c->cur == (enum call_field)i, cut;
		int fw = field_w(u), x = LABEL_W + fw + 2, cols = u->g.list_w - x - 1;

		wattrset(u->list, focus ? A_BOLD : A_NORMAL);
		draw_str(u->list, *y, 1, verdict_field_label((enum call_field)i), LABEL_W - 1, u->ambi);
		draw_field(u, (enum call_field)i, false);
		if (field_note(&c->f[i], note, sizeof note)) {
			draw_str(u->list, *y, x, note, cols, u->ambi);
			continue;
		}
		if (!feedback(u, (enum call_field)i, buf, sizeof buf))
			continue;
		draw_str_cut(u->list, *y, x, buf, cols, u->ambi, &cut);
		if (cut && focus)
			snprintf(full, size, "%s %s", verdict_field_label((enum call_field)i), buf);
	}
}

/* Said where the verdict stood, on the form and in the wrap-up. */
static const char *const stale_msg = N_("The details changed: the verdict was cleared. "
					 "Enter looks up again.");
static const char *const stale_wrap_msg = N_("The details changed: the verdict was cleared. "
					      "F2, then Enter, looks up again; a save now has no verdict.");

/* A message on the bottom line wider than it (a spooled save names the
 * log, the reason and the spool file) is also said whole below the form,
 * wrapped, so its end can be read. */
static bool msg_too_wide(const struct ui *u)
{
	return u->msg[0] && draw_too_wide(u->msg, u->g.cols - 1, u->ambi);
}

/* What a save records, in words: the disposition, escalation, the note's
 * length ("Complaint, escalated, a note of 289 characters"), for the
 * question before a save and the message after it. */
static void summary(const struct ui *u, char *buf, size_t size)
{
	const struct inq_disp *d = u->call.disp >= 0 && (size_t)u->call.disp < u->disps.n ?
				   &u->disps.d[u->call.disp] : NULL;
	size_t n = (size_t)snprintf(buf, size, "%s", d ? inq_disp_label(d, u->lang_en) : "-");
	size_t chars = field_chars(&u->call.note);

	if (u->call.escalate && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", _(", "), _("escalated"));
	if (chars && n < size) {
		n += (size_t)snprintf(buf + n, size - n, "%s", _(", "));
		if (n < size)
			snprintf(buf + n, size - n,
				 ngettext("a note of %zu character", "a note of %zu characters", chars), chars);
	}
}

/* What stands below the form or the wrap-up: a message said whole, the
 * verdict (or why there is none), the windows file's trouble. */
static void body(struct ui *u, struct panel *p)
{
	struct ui_call *c = &u->call;
	char buf[1200];

	if (c->wrap && field_note(&c->note, buf, sizeof buf))
		panel_say(p, A_BOLD, buf);
	/* Before a save is made, what it records, in words. */
	if (c->wrap && u->mode == MODE_CONFIRM &&
	    (u->confirm == CONFIRM_SAVE || u->confirm == CONFIRM_SAVE_STALE)) {
		char what[512];

		summary(u, what, sizeof what);
		snprintf(buf, sizeof buf, _("To be saved: %s."), what);
		panel_say(p, A_BOLD, buf);
		if (u->confirm == CONFIRM_SAVE_STALE)
			panel_say(p, A_BOLD, _("It has no verdict: the details changed after the lookup "
					       "(F2, then Enter, looks up again)."));
		panel_blank(p);
	}
	if (msg_too_wide(u)) {
		panel_say(p, A_BOLD, u->msg);
		panel_blank(p);
	}
	if (!u->snap_ok && !c->wrap) {
		snprintf(buf, sizeof buf, _("lookup is disabled: %s"), u->snap_msg);
		panel_say(p, A_BOLD, buf);
	} else if (c->looked && u->snap_ok) {
		verdict_panel(p, &c->v, u->colour, u->a_title);
	} else if (c->stale) {
		panel_say(p, A_BOLD, c->wrap ? _(stale_wrap_msg) : _(stale_msg));
	} else if (!c->wrap) {
		panel_say(p, A_NORMAL, _("Enter: look up   Tab/Up/Down: field   F3: wrap-up   F1: FAQ"));
	}
	if (u->win_msg[0] && !c->wrap)
		panel_say(p, A_NORMAL, u->win_msg);
}

/* The panel from row y to the pane's end.  What does not fit must not be
 * missed (the verdict's last lines are its advice and FAQ keys): the last
 * row says so, and PgDn / PgUp scroll. */
static void draw_body(struct ui *u, int y, const struct panel *p)
{
	struct ui_call *c = &u->call;
	int rows = u->g.list_h - y;
	bool below;

	c->v_cut = rows > 0 && p->n > (size_t)rows;
	if (!c->v_cut) {
		c->v_top = 0;
		panel_draw(p, u->list, y, 1, rows, &c->v_top);
		return;
	}
	below = panel_draw(p, u->list, y, 1, rows - 1, &c->v_top);
	wattrset(u->list, A_REVERSE);
	draw_str(u->list, u->g.list_h - 1, 1,
		 below ? _("(more below: PgDn, or make the terminal taller)") : _("(more above: PgUp)"),
		 u->g.list_w - 2, u->ambi);
	wattrset(u->list, A_NORMAL);
}

/* The wrap-up: its rows on top, the note given what the verdict leaves
 * (the verdict first: the disposition and the note are chosen from it).
 * On a terminal too short for the grid and VERDICT_MIN rows of the
 * verdict, the grid gives way to one row: the verdict must never vanish. */
#define VERDICT_MIN 3
static void draw_wrapup(struct ui *u, const struct panel *p)
{
	bool compact = u->g.list_h - wrapup_rows(u, 1, false) < VERDICT_MIN + 1;
	int fixed = wrapup_rows(u, 1, compact) - 1, want = wrapup_note_rows(u);
	int room = u->g.list_h - fixed - 1 - (int)p->n;
	int rows = want < 3 ? 3 : want;

	if (rows > room)
		rows = room;
	if (rows < 1)
		rows = 1;
	wrapup_draw(u, 0, rows, compact);
	draw_body(u, fixed + rows + 1, p);
}

void caller_draw(struct ui *u)
{
	struct ui_call *c = &u->call;
	struct panel p;
	char full[700];
	int y = 1;

	werase(u->list);
	panel_init(&p, u->g.list_w - 2, u->ambi);
	if (c->wrap) {
		body(u, &p);
		draw_wrapup(u, &p);
		if (c->witem == WRAP_NOTE)
			wrapup_cursor(u);
		panel_free(&p);
		return;
	}
	wattrset(u->list, u->a_title);
	draw_str(u->list, 0, 1, _("Caller"), u->g.list_w - 2, u->ambi);
	wattrset(u->list, A_NORMAL);
	draw_fields(u, &y, full, sizeof full);
	y++;
	if (full[0]) {
		panel_say(&p, A_NORMAL, full);
		panel_blank(&p);
	}
	body(u, &p);
	draw_body(u, y, &p);
	panel_free(&p);
	/* The focused field last: the window's cursor stays on it. */
	if (1 + (int)c->cur < u->g.list_h)
		draw_field(u, c->cur, true);
}

bool caller_takes_newline(const struct ui *u)
{
	return u->view == VIEW_FORM && u->mode == MODE_NORMAL && u->call.wrap && u->call.witem == WRAP_NOTE;
}

bool caller_cursor_shown(const struct ui *u)
{
	return !u->call.wrap || u->call.witem == WRAP_NOTE;
}

/* ---- keys -------------------------------------------------------------- */

static int field_code(int key)
{
	if (INPUT_IS_FN(key))
		return key & ~INPUT_FN(0);
	return key < 0x20 || key == 0x7f ? key : 0;
}

/* A key that deletes a character: on a selected field, the whole text. */
static bool deletes(int code)
{
	return code == KEY_BACKSPACE || code == 0x7f || code == INPUT_CTRL('H') || code == KEY_DC ||
	       code == INPUT_CTRL('D');
}

/* The first key on a field entered holding text: typing (or a paste)
 * replaces the text, a deleting key empties it, any other key leaves it
 * and does what it does. */
static int unselect(struct ui *u, struct field *f, int key)
{
	int code = key == INPUT_PASTE ? 0 : field_code(key);

	u->call.fresh = false;
	if (code && !deletes(code))
		return 0;
	if (f->len == 0)
		return 0;
	field_clear(f);
	return FIELD_CHANGED | (code ? FIELD_CONSUMED : 0);
}

/* Text and editing keys into a field; returns UI flags. */
static int edit(struct ui *u, struct field *f, int key)
{
	int r = 0;

	if (u->call.fresh && f != &u->call.note)
		r = unselect(u, f, key);
	if (r & FIELD_CONSUMED)
		;
	else if (key == INPUT_PASTE)
		r |= u->paste ? field_insert(f, u->paste, u->paste_len) : FIELD_CONSUMED;
	else if (field_code(key))
		r |= field_key(f, field_code(key));
	else
		r |= field_insert_cp(f, (unsigned int)key);
	if (r < 0) {
		msg_set(u->msg, sizeof u->msg, "%s", _("out of memory"));
		return UI_BOTTOM;
	}
	if (key == INPUT_PASTE && u->paste_unended) {
		msg_set(u->msg, sizeof u->msg, "%s", _("a paste never ended (its end mark did not "
			"come): what came is taken as pasted; check it"));
		r |= FIELD_CONSUMED;
	} else if (key == INPUT_PASTE && u->paste_cut) {
		msg_set(u->msg, sizeof u->msg, _("the paste was over %d KiB: only its start was taken"),
			INPUT_PASTE_MAX / 1024);
		r |= FIELD_CONSUMED;
	}
	if (r & FIELD_CHANGED)
		start(u);
	/* A verdict answers the details it was given: once one of them
	 * changes, showing or saving it would disclose (and log) another
	 * person's status.  It goes at once; Enter looks up again. */
	if ((r & FIELD_CHANGED) && f != &u->call.note && u->call.looked) {
		u->call.looked = false;
		u->call.stale = true;
	}
	return r ? UI_LIST | UI_STATUS | (key == INPUT_PASTE ? UI_BOTTOM : 0) : UI_HANDLED;
}

/* PgUp / PgDn: the verdict when it does not fit, else the answer beside
 * the form. */
static int verdict_scroll(struct ui *u, int key)
{
	struct ui_call *c = &u->call;
	size_t page = u->g.list_h > 6 ? (size_t)u->g.list_h / 2 : 1;

	if (c->v_cut) {
		if (key == INPUT_FN(KEY_NPAGE))
			c->v_top += page;
		else
			c->v_top = c->v_top > page ? c->v_top - page : 0;
		return UI_LIST;
	}
	if (u->g.form_side)
		return answer_key(u, key == INPUT_FN(KEY_PPAGE) ? ACT_PGUP : ACT_PGDN);
	return UI_HANDLED;
}

static int save_now(struct ui *u)
{
	return caller_save(u, "saved") ? UI_LIST | UI_BOTTOM : UI_ALL | UI_LAYOUT;
}

/* Enter: a save from the note is asked first (Enter also ends an IME's
 * conversion: a note half typed must not go out with it); elsewhere the
 * note is in view and the save is at once. */
static int wrap_enter(struct ui *u)
{
	struct ui_call *c = &u->call;

	if (c->disp < 0) {
		msg_set(u->msg, sizeof u->msg, _("choose a disposition (1-%zu or Up/Down) before saving"),
			u->disps.n);
		c->witem = WRAP_DISP;
		return UI_LIST | UI_BOTTOM;
	}
	/* The verdict went when a detail changed: a save now records none,
	 * which the operator must mean (y), not fall into (Enter). */
	if (c->stale) {
		u->mode = MODE_CONFIRM;
		u->confirm = CONFIRM_SAVE_STALE;
		return UI_LIST | UI_BOTTOM;
	}
	if (c->witem != WRAP_NOTE)
		return save_now(u);
	u->mode = MODE_CONFIRM;
	u->confirm = CONFIRM_SAVE;
	return UI_LIST | UI_BOTTOM;
}

/* The disposition by ↑↓ (never wrapping round: from none, ↓ takes the
 * first) or by its number. */
static int disp_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;
	long nd = (long)u->disps.n;
	int d = keymap_digit(key) >= 0 ? keymap_digit(key) - '0' : -1;

	if (d >= 0) {
		if (d < 1 || d > nd) {
			msg_set(u->msg, sizeof u->msg, _("there is no disposition %d: choose 1-%zu"), d, u->disps.n);
			return UI_BOTTOM;
		}
		c->disp = d - 1;
		return UI_LIST;
	}
	if (key == INPUT_FN(KEY_DOWN) || key == INPUT_FN(KEY_RIGHT)) {
		if (c->disp + 1 < nd)
			c->disp++;
		return UI_LIST;
	}
	if (c->disp < 0) {
		msg_set(u->msg, sizeof u->msg, _("Down or 1-%zu chooses the disposition"), u->disps.n);
		return UI_BOTTOM;
	}
	if (c->disp > 0)
		c->disp--;
	return UI_LIST;
}

/* Keys on the disposition and escalation rows; 0 when the key is not
 * theirs (text: it goes into the note). */
static int item_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;
	int yes = keymap_yes(key);

	/* A character that came with others at once is the start of an
	 * IME's committed text (「３回目の電話」): it all goes into the note,
	 * and its first digit or space must not choose or escalate. */
	if (u->burst && !field_code(key))
		return 0;
	if (keymap_digit(key) >= 0 || (c->witem == WRAP_DISP && (key == INPUT_FN(KEY_UP) ||
		key == INPUT_FN(KEY_DOWN) || key == INPUT_FN(KEY_LEFT) || key == INPUT_FN(KEY_RIGHT))))
		return disp_key(u, key);
	if (key == ' ') {
		c->escalate = !c->escalate;
		return UI_LIST;
	}
	if (c->witem == WRAP_ESCALATE && (yes >= 0 || key == 'x')) {
		c->escalate = yes != 0;
		return UI_LIST;
	}
	if (c->witem == WRAP_ESCALATE && (key == INPUT_FN(KEY_UP) || key == INPUT_FN(KEY_DOWN))) {
		c->witem = key == INPUT_FN(KEY_UP) ? WRAP_DISP : WRAP_NOTE;
		return UI_LIST;
	}
	return 0;
}

/* A line break into the note (Alt-Enter): kept as typed, as a pasted one. */
static int edit_newline(struct ui *u)
{
	int r = field_insert(&u->call.note, "\n", 1);

	if (r < 0) {
		msg_set(u->msg, sizeof u->msg, "%s", _("out of memory"));
		return UI_BOTTOM;
	}
	start(u);
	return UI_LIST | UI_STATUS;
}

static int wrap_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;
	int r;

	/* Esc does not leave the wrap-up: a pasted escape sequence starts
	 * with it.  F2 goes back to the form. */
	if (key == INPUT_ESC)
		return UI_HANDLED;
	if (key == INPUT_ENTER)
		return wrap_enter(u);
	if (key == '\t' || key == INPUT_FN(KEY_BTAB)) {
		c->witem = (enum wrap_item)((c->witem + (key == '\t' ? 1 : WRAP_NITEMS - 1)) % WRAP_NITEMS);
		return UI_LIST;
	}
	if (key == INPUT_FN(KEY_PPAGE) || key == INPUT_FN(KEY_NPAGE))
		return verdict_scroll(u, key);
	if (key == INPUT_PASTE && c->witem != WRAP_NOTE) {
		msg_set(u->msg, sizeof u->msg, "%s", _("a paste goes into the note: Tab to it and paste again"));
		return UI_BOTTOM;
	}
	if (c->witem != WRAP_NOTE) {
		if ((r = item_key(u, key)) != 0)
			return r;
		/* Text typed on the rows above is the note's start, not lost. */
		if (field_code(key) || key == INPUT_PASTE)
			return UI_HANDLED;
		c->witem = WRAP_NOTE;
	}
	if (key == INPUT_NEWLINE)
		return edit_newline(u);
	/* Up held to read back a long note stops at its first row: going on
	 * to the rows above would change the disposition on the next Up. */
	if ((key == INPUT_FN(KEY_UP) || key == INPUT_FN(KEY_DOWN))) {
		if (!textarea_move(&c->note, key == INPUT_FN(KEY_UP) ? -1 : 1, c->note_w, u->ambi) &&
		    key == INPUT_FN(KEY_UP)) {
			msg_set(u->msg, sizeof u->msg, "%s",
				_("the note's first line: Shift-Tab goes to the escalation and disposition"));
			return UI_LIST | UI_BOTTOM;
		}
		return UI_LIST;
	}
	return edit(u, &c->note, key);
}

/* Focus on field i; holding text it is selected, the cursor at its end. */
static int focus(struct ui *u, int i)
{
	struct ui_call *c = &u->call;

	c->cur = (enum call_field)i;
	c->f[i].cur = field_chars(&c->f[i]);
	c->fresh = c->f[i].len > 0;
	return UI_LIST;
}

int caller_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;

	if (c->wrap)
		return wrap_key(u, key);
	if (key == INPUT_ENTER)
		return run_lookup(u);
	/* Tab goes round; the arrows stop at the first and last field. */
	if (key == '\t' || key == INPUT_FN(KEY_BTAB))
		return focus(u, ((int)c->cur + (key == '\t' ? 1 : CALL_NFIELDS - 1)) % CALL_NFIELDS);
	if (key == INPUT_FN(KEY_DOWN))
		return (int)c->cur + 1 < CALL_NFIELDS ? focus(u, (int)c->cur + 1) : UI_HANDLED;
	if (key == INPUT_FN(KEY_UP))
		return c->cur > 0 ? focus(u, (int)c->cur - 1) : UI_HANDLED;
	if (key == INPUT_FN(KEY_PPAGE) || key == INPUT_FN(KEY_NPAGE))
		return verdict_scroll(u, key);
	if (key == INPUT_ESC) {
		if (!c->fresh)
			return UI_HANDLED;
		c->fresh = false;
		return UI_LIST;
	}
	return edit(u, &c->f[c->cur], key);
}

int caller_show_form(struct ui *u)
{
	u->call.wrap = false;
	u->view = VIEW_FORM;
	u->mode = MODE_NORMAL;
	return UI_ALL | UI_LAYOUT;
}

int caller_wrapup(struct ui *u)
{
	int flags = caller_show_form(u);

	start(u);
	u->call.wrap = true;
	u->call.witem = WRAP_DISP;
	u->call.v_top = 0;
	return flags | UI_STATUS;
}

int caller_new(struct ui *u)
{
	reset(u);
	return caller_show_form(u) | UI_STATUS;
}

int caller_suggest(struct ui *u, size_t i)
{
	const struct lookup_result *r = &u->call.v.res;
	int flags;

	if (!u->call.looked || i >= r->nfaq)
		return UI_HANDLED;
	if (!u->g.form_side) {
		u->view = VIEW_FAQ;
		u->mode = MODE_NORMAL;
	}
	flags = search_open(u, r->faq[i]);
	u->focus = FOCUS_ANSWER;
	return flags | UI_ALL | UI_LAYOUT;
}

int caller_save_confirmed(struct ui *u)
{
	return save_now(u);
}

/* ---- saving ------------------------------------------------------------ */

int caller_save(struct ui *u, const char *state)
{
	struct ui_call *c = &u->call;
	bool saved = strcmp(state, "saved") == 0;
	const struct inq_disp *d = c->disp >= 0 && (size_t)c->disp < u->disps.n ? &u->disps.d[c->disp] : NULL;
	const struct call_verdict *v = c->looked ? &c->v : NULL;
	char faq[UI_MAX_SHOWN * 6] = "", what[512];
	struct inq_entry e = { .uuid = "" };
	struct err err = { "" };
	size_t n = 0;

	if (saved && !d) {
		msg_set(u->msg, sizeof u->msg, _("choose a disposition (1-%zu or Up/Down) before saving"),
			u->disps.n);
		return -1;
	}
	if (!u->desk) {
		msg_set(u->msg, sizeof u->msg, _("the call is NOT saved: %s"), u->log_msg);
		return -1;
	}
	for (size_t i = 0; i < u->shown.n; i++)
		n += (size_t)snprintf(faq + n, sizeof faq - n, "%s%d", i ? "," : "", u->shown.num[i]);
	memcpy(e.uuid, c->uuid, sizeof e.uuid);
	memcpy(e.started_at, c->started_at, sizeof e.started_at);
	e.snapshot_id = v ? v->snapshot_id : NULL;
	e.match = v ? lookup_match_name(v->res.match) : NULL;
	e.ref = v && v->res.match == LOOKUP_VERIFIED && *v->res.person.ref ? v->res.person.ref : NULL;
	e.factors = v && v->factors[0] ? v->factors : NULL;
	e.faq = n ? faq : NULL;
	/* An interrupted call may not have reached the wrap-up. */
	e.disposition = d ? d->code : "other";
	e.escalate = c->escalate;
	e.note = field_chars(&c->note) ? field_text(&c->note) : NULL;
	e.state = state;
	summary(u, what, sizeof what);
	switch (desk_save(u->desk, &e, &err)) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		u->log_missing = false;
		if (!saved)
			msg_set(u->msg, sizeof u->msg, _("call saved in the log as interrupted (%.8s)"),
				e.uuid);
		else
			msg_set(u->msg, sizeof u->msg, _("call saved in the log (%.8s): %s"), e.uuid, what);
		break;
	case INQ_SPOOLED:
		msg_set(u->msg, sizeof u->msg, _("call kept in the spool, written to the log later: %s"),
			 err.msg);
		break;
	case INQ_ERROR:
		msg_set(u->msg, sizeof u->msg, _("the call is NOT saved: %s"), err.msg);
		return -1;
	}
	reset(u);
	return 0;
}
