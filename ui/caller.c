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
#include "answer.h"
#include "app.h"
#include "i18n.h"
#include "input.h"
#include "search.h"
#include "stamp.h"
#include "text_width.h"
#include "text_wrap.h"

#define LABEL_W 14
#define FIELD_W 26

static const char *const labels[CALL_NFIELDS] = {
	N_("Reading"), N_("Name"), N_("Birth date"), N_("Phone"), N_("E-mail"),
	N_("Postal code"), N_("Card date"), N_("Reg. date"),
};

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
	c->started = c->looked = c->stale = c->wrap = c->escalate = false;
	c->uuid[0] = c->started_at[0] = '\0';
	u->shown.n = 0;
	c->disp = -1;
	c->witem = WRAP_DISP;
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
	switch (desk_lookup(u->desk, &q, &c->v, &err)) {
	case 1:
		msg_set(u->msg, sizeof u->msg, _("%s cannot be read: %s"), _(labels[c->v.field]), c->v.why);
		c->cur = c->v.field;
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

struct pen {
	WINDOW *w;
	int y, x, cols, rows;
	enum text_ambi ambi;
	bool cut;                   /* a line did not fit the pane */
};

/* One paragraph, wrapped to the pane; returns false when the pane is full. */
static bool say(struct pen *p, attr_t a, const char *s)
{
	char *d = text_display(s, strlen(s), p->ambi);
	struct text_line *lines = NULL;
	size_t n;

	if (!d)
		return false;
	n = text_wrap(d, strlen(d), p->cols - p->x, &lines);
	wattrset(p->w, a);
	for (size_t i = 0; i < n; i++, p->y++) {
		if (p->y >= p->rows) {
			p->cut = true;
			break;
		}
		mvwaddnstr(p->w, p->y, p->x, d + lines[i].off, (int)lines[i].len);
	}
	wattrset(p->w, A_NORMAL);
	free(lines);
	free(d);
	return p->y < p->rows;
}

static void say_kinds(struct pen *p, const char *lead, unsigned kinds)
{
	char buf[512];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%s", lead);

	for (int k = 0; k < IDENT_NKINDS && n < sizeof buf; k++)
		if (kinds & (1u << k))
			n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", _(labels[k]));
	say(p, A_NORMAL, buf);
}

/* Ambiguous: what picks one of them (the list shows nothing of theirs).
 * With the postal code and the last 4 digits given, only another
 * supporting item can. */
static void say_tiebreak(struct pen *p, unsigned ask, unsigned given)
{
	const unsigned postal = 1u << IDENT_POSTAL, phone = 1u << IDENT_PHONE;
	unsigned other = IDENT_SUPPORT_KINDS & ~given;

	if ((ask & postal) && (ask & phone))
		say(p, A_NORMAL, _("Ask for the postal code or the last 4 digits of the phone (the "
				   "phone field takes them alone), type it in its field and look up again."));
	else if (ask & postal)
		say(p, A_NORMAL, _("Ask for the postal code, type it in its field and look up again."));
	else if (ask & phone)
		say(p, A_NORMAL, _("Ask for the last 4 digits of the phone (the phone field takes them "
				   "alone) and look up again."));
	else if (other)
		say_kinds(p, _("The postal code and the last 4 digits do not tell them apart. Ask for:"), other);
	else
		say(p, A_NORMAL, _("What was given does not tell them apart: escalate the call."));
}

static const char *item_label(int i)
{
	static const char *const names[SNAPSHOT_NITEMS] = {
		N_("name"), N_("reading"), N_("birth date"), N_("gender"), N_("postal code"),
		N_("address"), N_("e-mail"), N_("phone"), N_("card"),
	};

	return _(names[i]);
}

static void say_verified(struct pen *p, const struct lookup_result *r, attr_t hl)
{
	char buf[1024];
	size_t n;

	snprintf(buf, sizeof buf, _("VERIFIED: the caller is in the affected list. Case reference %s."),
		 *r->person.ref ? r->person.ref : "-");
	say(p, hl, buf);
	if (r->person.card_records)
		snprintf(buf, sizeof buf, _("Card: exposed (%ld records)."), r->person.card_records);
	else
		snprintf(buf, sizeof buf, "%s", _("Card: not exposed."));
	say(p, A_NORMAL, buf);
	n = (size_t)snprintf(buf, sizeof buf, "%s", r->person.userinfo ? _("User data: exposed:") :
			     _("User data: not exposed."));
	for (int i = 0; i < SNAPSHOT_NITEMS && r->person.userinfo && n < sizeof buf; i++)
		if (r->exposed_items & (1u << i) && (1u << i) != SNAPSHOT_ITEM_CARD)
			n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", item_label(i));
	say(p, A_NORMAL, buf);
	if (*r->person.notified_on)
		snprintf(buf, sizeof buf, _("Notice sent on %s."), r->person.notified_on);
	else
		snprintf(buf, sizeof buf, "%s", _("No notice has been sent yet."));
	say(p, A_NORMAL, buf);
}

static void say_verdict(struct ui *u, struct pen *p)
{
	const struct call_verdict *v = &u->call.v;
	const struct lookup_result *r = &v->res;
	char buf[1024];
	size_t n;

	snprintf(buf, sizeof buf, _("Verdict (snapshot %.8s of %s):"), v->snapshot_id, v->snapshot_date);
	say(p, u->a_title, buf);
	switch (r->match) {
	case LOOKUP_VERIFIED:
		say_verified(p, r, u->a_hl);
		break;
	case LOOKUP_AMBIGUOUS:
		say(p, u->a_hl, _("AMBIGUOUS: several people in the list match. Nothing can be told "
				  "until one of them is picked."));
		say_tiebreak(p, r->ask, v->given);
		break;
	case LOOKUP_PARTIAL:
		say(p, u->a_hl, _("PARTIAL: not enough to confirm. Nothing can be told yet."));
		say_kinds(p, _("Ask for:"), r->ask);
		break;
	case LOOKUP_NONE:
		say(p, u->a_hl, _("NONE: not found in the affected list with these details."));
		/* A date inside a window says it below, with what to do. */
		if (r->window[WINDOW_CARD] != WINDOW_INSIDE && r->window[WINDOW_USERINFO] != WINDOW_INSIDE)
			say(p, A_NORMAL, _("That alone does not mean the caller is not affected."));
		if (r->ask)
			say(p, A_NORMAL, _("Only a surname? Ask for the whole reading or name and look up again."));
		break;
	}
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const char *a = window_advice((enum window_kind)k, r->window[k], r->match == LOOKUP_VERIFIED);

		if (!a)
			continue;
		say(p, r->window[k] == WINDOW_INSIDE ? A_BOLD : A_NORMAL, _(a));
		if (r->window[k] == WINDOW_INSIDE && *v->win[k].note)
			say(p, A_NORMAL, v->win[k].note);
	}
	if (r->nfaq == 0)
		return;
	n = (size_t)snprintf(buf, sizeof buf, "%s", _("FAQ:"));
	for (size_t i = 0; i < r->nfaq && i < 4 && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, " [F%zu] Q%d", i + 5, r->faq[i]);
	say(p, A_NORMAL, buf);
}

/* What the program read in a field ("→ 1975-03-01", "x why"); false for
 * an empty field. */
static bool feedback(struct ui *u, enum call_field i, char *buf, size_t size)
{
	const struct field *f = &u->call.f[i];
	struct call_reading r;
	enum call_read st = call_read(i, f->buf, f->len, &r);

	if (st == CALL_EMPTY)
		return false;
	if (st == CALL_UNREADABLE)
		snprintf(buf, size, "x %s", r.msg);
	else if (r.msg[0])
		snprintf(buf, size, "→ %s (%s)", r.canon, r.msg);
	else
		snprintf(buf, size, "→ %s", r.canon);
	return true;
}

static int field_w(const struct ui *u)
{
	int w = u->g.list_w - LABEL_W - 2;

	return w < FIELD_W ? w : FIELD_W;
}

/* The fields, each with what was read in it beside it.  When that does
 * not fit beside the focused field (a date read in an ended era explains
 * itself at length), the whole of it goes into *full, to be said below. */
static void draw_fields(struct ui *u, int *y, char *full, size_t size)
{
	struct ui_call *c = &u->call;
	int w = u->g.list_w, fw = field_w(u), cols = w - LABEL_W - fw - 3;
	char note[128], buf[600];

	full[0] = '\0';
	for (int i = 0; i < CALL_NFIELDS && *y < u->g.list_h; i++, (*y)++) {
		bool focus = !c->wrap && c->cur == (enum call_field)i, cut;

		wattrset(u->list, focus ? A_BOLD : A_NORMAL);
		draw_str(u->list, *y, 1, _(labels[i]), LABEL_W - 1, u->ambi);
		wattrset(u->list, A_UNDERLINE);
		field_draw(u->list, *y, LABEL_W + 1, fw, &c->f[i], false, u->ambi);
		wattrset(u->list, A_NORMAL);
		if (field_note(&c->f[i], note, sizeof note)) {
			draw_str(u->list, *y, LABEL_W + fw + 2, note, cols, u->ambi);
			continue;
		}
		if (!feedback(u, (enum call_field)i, buf, sizeof buf))
			continue;
		draw_str_cut(u->list, *y, LABEL_W + fw + 2, buf, cols, u->ambi, &cut);
		if (cut && focus)
			snprintf(full, size, "%s %s", _(labels[i]), buf);
	}
}

/* Said where the verdict stood, on the form and in the wrap-up. */
static const char *const stale_msg = N_("The details changed: the verdict was cleared. "
					 "Enter looks up again.");

static void draw_wrapup(struct ui *u, struct pen *p)
{
	struct ui_call *c = &u->call;
	char buf[1024], note[128];
	const struct inq_disp *d = c->disp >= 0 ? &u->disps.d[c->disp] : NULL;
	int fw = u->g.list_w - LABEL_W - 2;

	say(p, u->a_title, _("Wrap-up: Up/Down disposition, Tab next, Space escalate, Enter save, F2 back"));
	snprintf(buf, sizeof buf, "%s %s", c->witem == WRAP_DISP ? ">" : " ",
		 d ? inq_disp_label(d, u->lang_en) :
		 u->disps.n ? _("(choose with Up/Down)") : u->disp_msg);
	wattrset(p->w, c->witem == WRAP_DISP ? A_BOLD : A_NORMAL);
	draw_str(p->w, p->y, 1, _("Disposition"), LABEL_W - 1, u->ambi);
	draw_str(p->w, p->y++, LABEL_W + 1, buf, fw, u->ambi);
	wattrset(p->w, c->witem == WRAP_ESCALATE ? A_BOLD : A_NORMAL);
	draw_str(p->w, p->y, 1, _("Escalate"), LABEL_W - 1, u->ambi);
	snprintf(buf, sizeof buf, "%s [%s]", c->witem == WRAP_ESCALATE ? ">" : " ", c->escalate ? "x" : " ");
	draw_str(p->w, p->y++, LABEL_W + 1, buf, fw, u->ambi);
	wattrset(p->w, c->witem == WRAP_NOTE ? A_BOLD : A_NORMAL);
	draw_str(p->w, p->y, 1, _("Note"), LABEL_W - 1, u->ambi);
	wattrset(p->w, A_UNDERLINE);
	c->note_y = p->y;
	if (p->y < p->rows)
		field_draw(p->w, p->y, LABEL_W + 1, fw, &c->note, false, u->ambi);
	wattrset(p->w, A_NORMAL);
	p->y++;
	if (field_note(&c->note, note, sizeof note))
		say(p, A_BOLD, note);
	/* The verdict stays in sight: the disposition and the note are
	 * chosen from it. */
	if (c->looked && u->snap_ok) {
		p->y++;
		say_verdict(u, p);
	} else if (c->stale) {
		p->y++;
		say(p, A_BOLD, _(stale_msg));
	}
}

/* A message on the bottom line wider than it (a spooled save names the
 * log, the reason and the spool file) is also said whole below the form,
 * wrapped, so its end can be read. */
static bool msg_too_wide(const struct ui *u)
{
	char *d;
	bool wide;

	if (!u->msg[0])
		return false;
	d = text_display(u->msg, strlen(u->msg), u->ambi);
	if (!d)
		return false;
	wide = text_width(d, strlen(d)) > u->g.cols - 1;
	free(d);
	return wide;
}

static void say_cut(struct ui *u)
{
	int y = u->g.list_h - 1;

	wmove(u->list, y, 0);
	wclrtoeol(u->list);
	wattrset(u->list, A_REVERSE);
	draw_str(u->list, y, 1, _("(more below: make the terminal taller)"), u->g.list_w - 2, u->ambi);
	wattrset(u->list, A_NORMAL);
}

void caller_draw(struct ui *u)
{
	struct ui_call *c = &u->call;
	struct pen p = { u->list, 0, 1, u->g.list_w - 1, u->g.list_h, u->ambi, false };
	char buf[700];

	werase(u->list);
	wattrset(u->list, u->a_title);
	draw_str(u->list, 0, 1, _("Caller"), u->g.list_w - 2, u->ambi);
	wattrset(u->list, A_NORMAL);
	p.y = 1;
	draw_fields(u, &p.y, buf, sizeof buf);
	p.y++;
	if (buf[0]) {
		say(&p, A_NORMAL, buf);
		p.y++;
	}
	if (msg_too_wide(u)) {
		say(&p, A_BOLD, u->msg);
		p.y++;
	}
	if (c->wrap) {
		draw_wrapup(u, &p);
	} else if (!u->snap_ok) {
		snprintf(buf, sizeof buf, _("lookup is disabled: %s"), u->snap_msg);
		say(&p, A_BOLD, buf);
	} else if (c->looked) {
		say_verdict(u, &p);
	} else if (c->stale) {
		say(&p, A_BOLD, _(stale_msg));
	} else {
		say(&p, A_NORMAL, _("Enter: look up   Tab/Up/Down: field   F3: wrap-up   F1: FAQ"));
	}
	if (u->win_msg[0] && !c->wrap)
		say(&p, A_NORMAL, u->win_msg);
	/* What did not fit must not be missed: the verdict's last lines are
	 * its advice and FAQ keys.  The last row says so instead. */
	if (p.cut)
		say_cut(u);
	/* The focused field last: the window's cursor stays on it. */
	wattrset(u->list, A_UNDERLINE);
	if (c->wrap && c->witem == WRAP_NOTE && c->note_y < u->g.list_h)
		field_draw(u->list, c->note_y, LABEL_W + 1, u->g.list_w - LABEL_W - 2, &c->note, true, u->ambi);
	else if (!c->wrap && 1 + (int)c->cur < u->g.list_h)
		field_draw(u->list, 1 + (int)c->cur, LABEL_W + 1, field_w(u), &c->f[c->cur], true, u->ambi);
	wattrset(u->list, A_NORMAL);
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

/* Text and editing keys into a field; returns UI flags. */
static int edit(struct ui *u, struct field *f, int key)
{
	int r;

	if (key == INPUT_PASTE)
		r = u->paste ? field_insert(f, u->paste, u->paste_len) : FIELD_CONSUMED;
	else if (field_code(key))
		r = field_key(f, field_code(key));
	else
		r = field_insert_cp(f, (unsigned int)key);
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

static int wrap_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;
	long nd = (long)u->disps.n;

	/* Esc does not leave the wrap-up: a pasted escape sequence starts
	 * with it.  F2 goes back to the form. */
	if (key == INPUT_ESC)
		return UI_HANDLED;
	if (key == INPUT_ENTER)
		return caller_save(u, "saved") ? UI_LIST | UI_BOTTOM : UI_ALL | UI_LAYOUT;
	if (key == '\t' || key == INPUT_FN(KEY_BTAB)) {
		c->witem = (enum wrap_item)((c->witem + (key == '\t' ? 1 : WRAP_NITEMS - 1)) % WRAP_NITEMS);
		return UI_LIST;
	}
	if (key == INPUT_PASTE && c->witem != WRAP_NOTE) {
		msg_set(u->msg, sizeof u->msg, "%s", _("a paste goes into the note: Tab to it and paste again"));
		return UI_BOTTOM;
	}
	switch (c->witem) {
	case WRAP_DISP:
		if (nd && key == INPUT_FN(KEY_DOWN))
			c->disp = (c->disp + 1) % nd;
		else if (nd && key == INPUT_FN(KEY_UP))
			c->disp = c->disp <= 0 ? nd - 1 : c->disp - 1;
		else
			return UI_HANDLED;
		return UI_LIST;
	case WRAP_ESCALATE:
		if (key != ' ' && key != 'x' && key != 'y' && key != 'n')
			return UI_HANDLED;
		c->escalate = key == 'n' ? false : key == ' ' ? !c->escalate : true;
		return UI_LIST;
	case WRAP_NOTE:
	default:
		return edit(u, &c->note, key);
	}
}

int caller_key(struct ui *u, int key)
{
	struct ui_call *c = &u->call;

	if (c->wrap)
		return wrap_key(u, key);
	if (key == INPUT_ENTER)
		return run_lookup(u);
	if (key == '\t' || key == INPUT_FN(KEY_DOWN)) {
		c->cur = (enum call_field)((c->cur + 1) % CALL_NFIELDS);
		return UI_LIST;
	}
	if (key == INPUT_FN(KEY_BTAB) || key == INPUT_FN(KEY_UP)) {
		c->cur = (enum call_field)((c->cur + CALL_NFIELDS - 1) % CALL_NFIELDS);
		return UI_LIST;
	}
	if (key == INPUT_FN(KEY_PPAGE) || key == INPUT_FN(KEY_NPAGE))
		return u->g.form_side ? answer_key(u, key == INPUT_FN(KEY_PPAGE) ? ACT_PGUP : ACT_PGDN) : UI_HANDLED;
	if (key == INPUT_ESC)
		return UI_HANDLED;
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

/* ---- saving ------------------------------------------------------------ */

int caller_save(struct ui *u, const char *state)
{
	struct ui_call *c = &u->call;
	bool saved = strcmp(state, "saved") == 0;
	const struct inq_disp *d = c->disp >= 0 && (size_t)c->disp < u->disps.n ? &u->disps.d[c->disp] : NULL;
	const struct call_verdict *v = c->looked ? &c->v : NULL;
	char faq[UI_MAX_SHOWN * 6] = "";
	struct inq_entry e = { .uuid = "" };
	struct err err = { "" };
	size_t n = 0;

	if (saved && !d) {
		msg_set(u->msg, sizeof u->msg, "%s", _("choose a disposition (Up/Down) before saving"));
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
	switch (desk_save(u->desk, &e, &err)) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		if (strcmp(state, "interrupted") == 0)
			msg_set(u->msg, sizeof u->msg, _("call saved in the log as interrupted (%.8s)"),
				e.uuid);
		else
			msg_set(u->msg, sizeof u->msg, _("call saved in the log (%.8s)"), e.uuid);
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
