/*
 * caller — the call on the operator screen: the caller form with live
 * feedback (call_read), the verdict panel, the wrap-up (disposition,
 * escalation, note) and the call's life: the clock from its first key, the
 * lookups (src/call), the save, interrupted on a signal or a confirmed
 * quit.
 *
 * u->call and the snapshot, log, dispositions and windows of struct ui
 * belong to it: caller_init() opens them from the settings (src/app),
 * caller_free() closes them.
 */
#ifndef MADOGUCHI_UI_CALLER_H
#define MADOGUCHI_UI_CALLER_H

#include "ui.h"

/* 0, or -1 when out of memory; what cannot be opened is said on screen. */
int caller_init(struct ui *u);
void caller_free(struct ui *u);
void caller_draw(struct ui *u);
int caller_key(struct ui *u, int key);
/* F2 / F3 / F4 / F5-F8 */
int caller_show_form(struct ui *u);
int caller_wrapup(struct ui *u);
int caller_new(struct ui *u);
int caller_suggest(struct ui *u, size_t i);
/* The focused item takes text: the terminal cursor is shown on it. */
bool caller_cursor_shown(const struct ui *u);

/* The note is being typed: Alt-Enter is a line break there, not Enter. */
bool caller_takes_newline(const struct ui *u);
/* A call was started and not saved. */
bool caller_unsaved(const struct ui *u);
/* Saves the call in the log as state ("saved", "interrupted"); the
 * outcome goes to u->msg (what was saved with it).  0 when it is in the
 * log or the spool. */
int caller_save(struct ui *u, const char *state);
/* The save asked for by Enter in the note, confirmed: UI flags. */
int caller_save_confirmed(struct ui *u);
/* Seconds since the call started (0 when none), for the status line. */
long caller_elapsed(const struct ui *u);

#endif
