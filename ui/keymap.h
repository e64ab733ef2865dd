/*
 * keymap — the screens' key tables: each action, its keys and its help
 * line.  A screen's key handling and its `?` help both read its table, so
 * the help can never disagree with the keys.  One mechanism, one table per
 * screen: the operator's is here (keymap_table, keymap_action), the
 * review's in ui/review_keys.
 *
 * Help texts are gettext message ids (translate with _() when drawing).
 * Everything here is static.
 */
#ifndef MADOGUCHI_UI_KEYMAP_H
#define MADOGUCHI_UI_KEYMAP_H

#include <stddef.h>

enum keymap_action {
	ACT_NONE, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_FOCUS, ACT_OPEN, ACT_SEARCH, ACT_CLEAR, ACT_JUMP, ACT_HELP,
	ACT_ERASE, ACT_KILL, ACT_REDRAW, ACT_SUSPEND, ACT_INTERRUPT, ACT_QUIT,
	ACT_FAQ_VIEW, ACT_FORM, ACT_WRAPUP, ACT_NEW_CALL, ACT_SUGGEST,
	ACT_NEXT_MATCH, ACT_PREV_MATCH,
	/* help lines only: keys of the caller form and the wrap-up, handled
	 * there (the same keys mean other things in the FAQ) */
	ACT_FORM_MOVE, ACT_FORM_LOOKUP, ACT_FORM_EDIT, ACT_WRAP_KEYS, ACT_WRAP_NEWLINE,
};

struct keymap_entry {
	int act;                /* the screen's action: enum keymap_action here */
	int keys[4];            /* input.h keys; 0 ends the list */
	const char *help;       /* msgid; NULL: its keys are on the help line
				 * of the entry before (Up, then Down) */
	unsigned where;         /* bits of the screen's views it works in;
				 * 0: the screen's code decides (the operator's) */
};

/* A screen's table: its entries in the order of the help. */
struct keymap {
	const struct keymap_entry *e;
	size_t n;
};

/* The first entry of m that key is bound to, or NULL. */
const struct keymap_entry *keymap_find(const struct keymap *m, int key);

/* The names of the keys of the help line that starts at m->e[i] ("PgUp
 * PgDn Space"): its own keys and those of the entries after it that have
 * no help line of their own.  In buf. */
const char *keymap_names(const struct keymap *m, size_t i, char *buf, size_t size);

/* The operator's table and its length. */
const struct keymap_entry *keymap_table(size_t *n);

/* The operator's action bound to key, or ACT_NONE. */
enum keymap_action keymap_action(int key);

/* The digit key stands for ('0'..'9'), or -1: an IME in its full-width
 * mode gives ０..９ (U+FF10..U+FF19) for the same keys. */
int keymap_digit(int key);

/* An answer to a y/n question: 1 yes (y, Y, or ｙ Ｙ from an IME in its
 * full-width mode), 0 no (n, N, ｎ, Ｎ), -1 neither. */
int keymap_yes(int key);

/* A short printable name of key ("Down", "PgDn", "Ctrl-C", "F10", "q")
 * in buf. */
const char *keymap_key_name(int key, char *buf, size_t size);

#endif
