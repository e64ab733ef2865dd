/* The operator screen: checks, set-up, the main loop and the teardown. */
#include "operator.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "answer.h"
#include "app.h"
#include "caller.h"
#include "i18n.h"
#include "input.h"
#include "list.h"
#include "paths.h"
#include "screen.h"
#include "search.h"
#include "tty.h"

/* How long the loop sleeps at most: the clock, signals and a vanished
 * terminal are noticed this often. */
#define TICK_MS 1000

static int checks(const struct conf *c, enum text_ambi *ambi, struct err *err)
{
	return tty_start(conf_get(c, CONF_AMBIWIDTH), ambi, err) ? APP_USAGE : APP_OK;
}

static void colours(struct ui *u)
{
	u->a_status = A_REVERSE;
	u->a_sel = A_REVERSE;
	u->a_hl = A_BOLD | A_UNDERLINE;
	u->a_title = A_BOLD;
	u->colour = tty_colours(conf_get(u->conf, CONF_COLOR));
	if (!u->colour)
		return;
	u->a_status = COLOR_PAIR(1) | A_BOLD;
	u->a_hl |= COLOR_PAIR(2);
}

/* Ctrl-Z arrives as a key in raw mode: stop as the shell expects, and
 * repaint everything when continued. */
static void suspend(void)
{
	struct sigaction dfl, old;

	tty_paste_mode(false);
	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	kill(0, SIGTSTP);       /* the whole job, as the terminal would */
	sigaction(SIGTSTP, &old, NULL);
	clearok(curscr, TRUE);
	tty_paste_mode(true);
}

static int quit(struct ui *u);

/* A key the FAQ has no use for is never lost silently: text that is not
 * ASCII (kana from the IME, typed for the caller form or a question)
 * starts a search with it; anything else is named as no key here. */
static int other_key(struct ui *u, int key)
{
	char name[32];

	if (key == INPUT_PASTE || (!INPUT_IS_FN(key) && key >= 0x80)) {
		u->mode = MODE_SEARCH;
		u->focus = FOCUS_LIST;
		return search_key(u, key) | UI_ALL | UI_LAYOUT;
	}
	snprintf(u->msg, sizeof u->msg, _("%s is no key of the FAQ: ? lists them%s"),
		 keymap_key_name(key, name, sizeof name),
		 u->call.started ? _("; F2 goes back to the call") : "");
	return UI_BOTTOM;
}

static int normal_key(struct ui *u, int key, enum keymap_action act)
{
	switch (act) {
	case ACT_QUIT:
		return quit(u);
	case ACT_HELP:
		u->mode = MODE_HELP;
		u->help_top = 0;
		return UI_ALL;
	case ACT_SEARCH:
		u->mode = MODE_SEARCH;
		u->focus = FOCUS_LIST;
		return UI_ALL | UI_LAYOUT;
	case ACT_JUMP:
		u->mode = MODE_JUMP;
		u->jump[0] = '\0';
		return jump_key(u, key);
	case ACT_CLEAR:
		if (field_chars(&u->query)) {
			field_clear(&u->query);
			return search_run(u);
		}
		u->focus = FOCUS_LIST;
		return UI_ALL | UI_LAYOUT;
	case ACT_FOCUS:
		u->focus = u->focus == FOCUS_LIST ? FOCUS_ANSWER : FOCUS_LIST;
		return UI_ALL | UI_LAYOUT;
	case ACT_OPEN:
		u->focus = FOCUS_ANSWER;
		if (u->nhits)
			answer_opened(u, u->faq->e[u->hits[u->sel].index].num);
		return UI_ALL | UI_LAYOUT;
	case ACT_UP: case ACT_DOWN: case ACT_HOME: case ACT_END:
		return u->focus == FOCUS_LIST ? list_key(u, act) : answer_key(u, act);
	case ACT_PGUP: case ACT_PGDN:
		return answer_key(u, act);
	case ACT_NEXT_MATCH: case ACT_PREV_MATCH:
		return answer_match(u, act == ACT_NEXT_MATCH ? 1 : -1);
	case ACT_NONE:
		return other_key(u, key);
	default:
		return UI_HANDLED;
	}
}

/* Quitting, or starting a new call, with a call not saved asks first; a
 * yes logs it as interrupted, so an unsaved call never vanishes. */
static int ask(struct ui *u, enum ui_confirm what)
{
	u->mode = MODE_CONFIRM;
	u->confirm = what;
	return UI_BOTTOM;
}

/* Entries in the spool are not in the log yet: quitting is asked, so
 * that nobody leaves believing every call is in the log. */
static bool pending(struct ui *u)
{
	return u->desk && desk_pending(u->desk) > 0;
}

static int confirmed(struct ui *u)
{
	enum ui_confirm what = u->confirm;

	u->mode = MODE_NORMAL;
	if (what == CONFIRM_SAVE || what == CONFIRM_SAVE_STALE)
		return caller_save_confirmed(u);
	if (what == CONFIRM_QUIT || what == CONFIRM_QUIT_LOSE || what == CONFIRM_QUIT_PENDING)
		return UI_QUIT;
	/* Not saved anywhere (the message says why): quitting now loses the
	 * call, so that is asked in so many words. */
	if (caller_save(u, "interrupted"))
		return what == CONFIRM_QUIT_CALL ? ask(u, CONFIRM_QUIT_LOSE) | UI_ALL : UI_ALL;
	if (what == CONFIRM_NEW_CALL)
		return caller_new(u);
	return pending(u) ? ask(u, CONFIRM_QUIT_PENDING) | UI_ALL : UI_QUIT;
}

static int quit(struct ui *u)
{
	if (caller_unsaved(u))
		return ask(u, CONFIRM_QUIT_CALL);
	return pending(u) ? ask(u, CONFIRM_QUIT_PENDING) : UI_QUIT;
}

/* A y/n question: y (or ｙ) answers yes, n or Esc no, and Enter yes to
 * the save; any other key is refused with a word, the question stays. */
static int answer(struct ui *u, int key)
{
	int yes = keymap_yes(key);

	if (yes == 1 || (key == INPUT_ENTER && u->confirm == CONFIRM_SAVE))
		return confirmed(u);
	if (yes == 0 || key == INPUT_ESC) {
		u->mode = MODE_NORMAL;
		return UI_ALL;
	}
	snprintf(u->msg, sizeof u->msg, "%s", u->confirm == CONFIRM_SAVE ? _("Enter or y saves, n goes back")
									  : _("answer y or n"));
	return UI_BOTTOM;
}

/* The call keys work in every mode but the questions. */
static int fn_keys(struct ui *u, enum keymap_action act, int key)
{
	switch (act) {
	case ACT_FAQ_VIEW:
		if (u->view == VIEW_FAQ)
			return 0;       /* in the FAQ: the help */
		u->view = VIEW_FAQ;
		u->mode = MODE_NORMAL;
		return UI_ALL | UI_LAYOUT;
	case ACT_FORM:
		return caller_show_form(u);
	case ACT_WRAPUP:
		return caller_wrapup(u);
	case ACT_NEW_CALL:
		return caller_unsaved(u) ? ask(u, CONFIRM_NEW_CALL) : caller_new(u);
	case ACT_SUGGEST:
		return caller_suggest(u, (size_t)((key & ~INPUT_FN(0)) - KEY_F(5)));
	default:
		return 0;
	}
}

static int dispatch(struct ui *u, int key)
{
	enum keymap_action act;
	int flags = 0, r;

	/* Alt-Enter breaks a line in the note; anywhere else it is Enter. */
	if (key == INPUT_NEWLINE && !caller_takes_newline(u))
		key = INPUT_ENTER;
	act = keymap_action(key);
	/* A resize repaints from a cleared screen: Tera Term and PuTTY
	 * reflow or keep old text on resize, which ncurses does not know. */
	if (key == INPUT_FN(KEY_RESIZE)) {
		clearok(curscr, TRUE);
		return UI_ALL | UI_LAYOUT;
	}
	/* A message may also stand, said whole, in a pane. */
	if (u->msg[0]) {
		u->msg[0] = '\0';
		flags = UI_ALL;
	}
	if (key == INPUT_FN(KEY_F(10)) && u->mode != MODE_CONFIRM)
		return flags | quit(u);
	/* Too small to ask anything: only the quit keys work; the others
	 * are refused, and the screen says so. */
	if (u->g.too_small) {
		if (key == 'q' || key == INPUT_FN(KEY_F(10)))
			return flags | quit(u);
		u->refused_keys++;
		return UI_ALL;
	}
	if (act == ACT_INTERRUPT && u->mode != MODE_CONFIRM)
		return flags | ask(u, caller_unsaved(u) ? CONFIRM_QUIT_CALL
					: pending(u) ? CONFIRM_QUIT_PENDING : CONFIRM_QUIT);
	if (u->mode != MODE_CONFIRM && (r = fn_keys(u, act, key)) != 0)
		return flags | r;
	if (act == ACT_FAQ_VIEW && u->mode == MODE_NORMAL) {
		u->mode = MODE_HELP;
		u->help_top = 0;
		return UI_ALL;
	}
	if (act == ACT_REDRAW) {
		clearok(curscr, TRUE);
		return UI_ALL;
	}
	if (act == ACT_SUSPEND) {
		suspend();
		return UI_ALL | UI_LAYOUT;
	}
	switch (u->mode) {
	case MODE_HELP:
		/* Rows of the help; its drawing keeps help_top in range. */
		if (act == ACT_DOWN || act == ACT_PGDN) {
			u->help_top += act == ACT_DOWN ? 1 : screen_help_page(u);
			return UI_ALL;
		}
		if (act == ACT_UP || act == ACT_PGUP) {
			size_t by = act == ACT_UP ? 1 : screen_help_page(u);

			u->help_top = u->help_top > by ? u->help_top - by : 0;
			return UI_ALL;
		}
		u->mode = MODE_NORMAL;
		return UI_ALL;
	case MODE_CONFIRM:
		return flags | answer(u, key);
	case MODE_SEARCH:
		return flags | search_key(u, key);
	case MODE_JUMP:
		r = jump_key(u, key);
		if (r)
			return flags | r;
		flags |= UI_BOTTOM;
		break;
	case MODE_NORMAL:
		break;
	}
	if (u->view == VIEW_FORM && !u->g.too_small)
		return flags | caller_key(u, key);
	return flags | normal_key(u, key, act);
}

static int loop(struct ui *u, struct input *in)
{
	int flags = UI_ALL | UI_LAYOUT | UI_REBUILD;

	for (;;) {
		enum input_status st;
		int key;

		/* SIGHUP, SIGTERM: a call in progress is logged as
		 * interrupted with what is known, then the screen ends. */
		if (tty_signalled()) {
			if (caller_unsaved(u))
				caller_save(u, "interrupted");
			return APP_OK;
		}
		if (screen_clock_stale(u))
			flags |= UI_STATUS;
		/* Keys already waiting (a paste, an IME's burst) are all taken
		 * before the screen is drawn once for them. */
		st = input_get(in, stdscr, flags ? 0 : TICK_MS, &key);
		if (st == INPUT_GONE) {
			if (caller_unsaved(u))
				caller_save(u, "interrupted");
			return APP_OK;
		}
		if (st == INPUT_NONE) {
			if (flags)
				screen_redraw(u, flags);
			flags = 0;
			continue;
		}
		if (key == INPUT_PASTE) {
			u->paste = input_paste(in, &u->paste_len, &u->paste_cut);
			u->paste_unended = in->paste_unended;
		}
		u->burst = input_waiting(in, stdscr);
		flags |= dispatch(u, key);
		u->paste = NULL;
		if (flags & UI_QUIT)
			return APP_OK;
	}
}

static int run(struct ui *u, struct err *err)
{
	struct input in = { .n = 0 };
	SCREEN *scr;
	int status;

	if (!(scr = tty_screen_begin(err)))
		return APP_USAGE;
	colours(u);
	/* stdscr is never drawn on: wgetch(stdscr) must not repaint it over
	 * the panes, so it is refreshed once, empty. */
	refresh();
	tty_paste_mode(true);
	search_run(u);
	status = loop(u, &in);
	input_free(&in);
	tty_paste_mode(false);
	screen_free(u);
	answer_free(&u->ans);
	faq_hits_free(u->hits, u->nhits);
	endwin();
	delscreen(scr);
	return status;
}

static int out_of_memory(struct err *err)
{
	err_set(err, "%s", _("out of memory"));
	return APP_FAIL;
}

int ui_operator_main(const struct conf *conf, struct err *err)
{
	struct ui u;
	struct faq *faq = NULL;
	int status;

	memset(&u, 0, sizeof u);
	u.conf = conf;
	/* Before the probe, which puts the terminal in raw mode for a moment:
	 * a SIGTERM then interrupts its wait instead of leaving it so. */
	tty_signals_install();
	if ((status = checks(conf, &u.ambi, err)) != APP_OK)
		return status;
	if (app_faq(conf, &faq, err))
		return APP_USAGE;
	u.faq = faq;
	if (field_init(&u.query, 0)) {
		faq_free(faq);
		return out_of_memory(err);
	}
	paths_user(u.operator_name, sizeof u.operator_name);
	if (caller_init(&u)) {
		caller_free(&u);
		field_free(&u.query);
		faq_free(faq);
		return out_of_memory(err);
	}
	status = run(&u, err);
	caller_free(&u);
	field_free(&u.query);
	faq_free(faq);
	return status;
}
