/*
 * ui — the operator screen's shared state.
 *
 * One struct ui holds everything the screen shows (the only global state of
 * the program lives in it, owned by ui_operator_main).  Each pane is a small
 * module with its own header (list.h, answer.h, search.h, caller.h; the
 * frame is screen.h, the main loop operator.h), with X_draw (paint its
 * window) and X_key (handle an action or key and return UI_* flags saying
 * what needs redrawing, like htop's Panel); the main loop collects the
 * flags of a batch of keys and redraws only the dirty panes, then calls
 * doupdate() once.  Calls go one way: operator → screen, caller, search,
 * list, answer; screen → caller, list, answer; caller → search, answer;
 * search → list, answer.  A pane never calls one that calls it: the
 * answers opened during a call are kept here (shown), where the caller
 * reads them.
 *
 * This header declares no function: it is the state every pane reads.
 *
 * Ownership: ui owns its windows, hits and the answer's layout; the FAQ
 * and the settings are borrowed.
 */
#ifndef MADOGUCHI_UI_UI_H
#define MADOGUCHI_UI_UI_H

#include <curses.h>
#include <stdbool.h>
#include "call.h"
#include "conf.h"
#include "desk.h"
#include "draw.h"
#include "faq.h"
#include "faq_search.h"
#include "field.h"
#include "inq_disp.h"
#include "inq_spool.h"
#include "inq_store.h"
#include "keymap.h"
#include "text_display.h"
#include "window.h"

enum ui_flag {
	UI_LIST = 1, UI_ANSWER = 2, UI_STATUS = 4, UI_BOTTOM = 8,
	UI_ALL = 15,
	UI_LAYOUT = 16,         /* pane sizes may change */
	UI_REBUILD = 32,        /* the answer's text or spans changed */
	UI_QUIT = 64,
	UI_HANDLED = 128,       /* the key was used, nothing to redraw */
};

enum ui_focus { FOCUS_LIST, FOCUS_ANSWER };
enum ui_mode { MODE_NORMAL, MODE_SEARCH, MODE_JUMP, MODE_CONFIRM, MODE_HELP };
/* What the screen shows: the FAQ (list and answer) or the caller form
 * (beside the answer on a wide terminal). */
enum ui_view { VIEW_FAQ, VIEW_FORM };
/* The question on the bottom line in MODE_CONFIRM. */
enum ui_confirm {
	CONFIRM_QUIT, CONFIRM_QUIT_CALL, CONFIRM_NEW_CALL, CONFIRM_QUIT_LOSE,
	CONFIRM_QUIT_PENDING,   /* entries wait in the spool: quit anyway? */
	CONFIRM_SAVE,           /* Enter in the note: save the call? */
	CONFIRM_SAVE_STALE,     /* the verdict was cleared: save without one? */
};

/* The smallest screen that is drawn; below, a plain message. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
/* From this width the panes stand side by side. */
#define UI_WIDE_COLS 100
/* From this width the caller form and the answer stand side by side. */
#define UI_CALL_WIDE_COLS 140

enum wrap_item { WRAP_DISP, WRAP_ESCALATE, WRAP_NOTE, WRAP_NITEMS };

/* One call (ui/caller): from the first key typed into the form to its
 * save.  The form's fields are src/call's (enum call_field). */
struct ui_call {
	struct field f[CALL_NFIELDS];
	enum call_field cur;        /* the focused field */
	bool fresh;                 /* it was entered holding text, which
	                               shows selected: typing replaces it */
	bool started;               /* a key was typed: the clock runs */
	bool looked;                /* a lookup was run: v is the verdict of
	                               the fields as they stand */
	bool stale;                 /* a field was edited after a lookup: its
	                               verdict was dropped, Enter looks again */
	char uuid[STAMP_UUID_LEN + 1];
	char started_at[STAMP_TIME_LEN + 1];
	long t0;                    /* monotonic seconds at the start */
	struct call_verdict v;      /* the last lookup's (src/call) */
	/* the wrap-up (F3) */
	bool wrap;
	enum wrap_item witem;
	long disp;                  /* index into disps, -1: not chosen */
	bool escalate;
	struct field note;
	int note_y, note_x;         /* the note's place, as last drawn */
	int note_w, note_rows;
	size_t note_top;            /* its first row in view */
	size_t v_top;               /* the verdict's first row in view */
	bool v_cut;                 /* as last drawn, rows of it are below */
};

struct ui_line {
	size_t para;            /* index into ui_answer.paras */
	size_t off, len;
	attr_t attr;
};

struct ui_answer {
	struct draw_text *paras;
	size_t npara;
	struct ui_line *lines;
	size_t nlines;
	size_t top;             /* first line shown */
	long at;                /* the line n or N went to last, or -1 */
};

struct ui_geom {
	int rows, cols;
	int list_y, list_x, list_h, list_w;
	int ans_y, ans_x, ans_h, ans_w;
	int sep_y, sep_x;       /* separator line or column */
	bool wide, too_small;
	bool form, form_side;   /* the list window holds the caller form; the
	                           answer stands beside it */
};

#define UI_MAX_SHOWN 32

/* The FAQ entries whose answer was opened (answer_opened), each once: the
 * call saves them; its start empties the list. */
struct ui_shown {
	int num[UI_MAX_SHOWN];
	size_t n;
};

struct ui {
	const struct conf *conf;
	const struct faq *faq;
	enum text_ambi ambi;
	char operator_name[64];

	enum ui_view view;
	enum ui_confirm confirm;
	struct ui_call call;
	/* The desk's data (src/desk): lookups and saves go through it; NULL
	 * when it could not be opened (log_msg and snap_msg say why). */
	struct desk *desk;
	bool snap_ok;               /* false: lookup disabled, snap_msg says why */
	char snap_msg[1024];        /* else "ID DATE" of the snapshot */
	char log_msg[1024];         /* why the log cannot be written, or "" */
	bool log_missing;           /* the log's directory is not there (the
	                               status line says so until a save) */
	struct inq_disps disps;
	char disp_msg[512];         /* why dispositions.tsv could not be read */
	char win_msg[1024];         /* why windows.tsv could not be read, or "" */
	bool lang_en;
	long elapsed;               /* the call's seconds shown on the status line */

	struct ui_geom g;
	WINDOW *status, *list, *sep, *answer, *bottom;

	enum ui_focus focus;
	enum ui_mode mode;
	struct field query;     /* the search being typed or kept */
	char jump[24];          /* digits typed for a jump */
	char msg[2048];         /* one message on the bottom line (said whole
	                           below the form when wider) */
	const char *paste;      /* with an INPUT_PASTE key: its bytes (the */
	size_t paste_len;       /* input's buffer, valid for that key only) */
	bool paste_cut;         /* and whether the terminal sent more */
	bool paste_unended;     /* or no end marker came: ended by time */
	bool burst;             /* the key came with more at once (an IME's
	                           commit): text, never a choice */
	size_t help_top;        /* first row of the help shown */

	struct faq_hit *hits;   /* the list as shown: all entries, or matches */
	size_t nhits, sel, top;
	struct ui_answer ans;
	struct ui_shown shown;

	attr_t a_status, a_sel, a_hl, a_title;
	bool colour;            /* colours are on (tty_colours) */
	long refused_keys;      /* keys not taken while too small */
	int minute;             /* the clock shown, to redraw it each minute */
};

#endif
