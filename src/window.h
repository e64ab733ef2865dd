/*
 * window — the date windows of the breach (data/windows.tsv).
 *
 * "Not in the list" is not "not affected": a caller who donated by card, or
 * registered, on a day inside a window may have been exposed even when the
 * affected list does not name them.  The windows are data, not code, so the
 * office can set them for the next incident; window_load() checks every
 * line and names file:line of the first mistake.
 *
 * Lines: kind<TAB>from<TAB>to<TAB>FAQ entries[<TAB>note], kind "card" or
 * "userinfo", dates YYYY-MM-DD (inclusive), FAQ entries "7,13"; '#' lines
 * and blank lines are skipped.
 *
 * Ownership: struct window_set owns its windows; window_set_free() frees
 * them.  Pointers window_classify() returns live as long as the set.
 */
#ifndef MADOGUCHI_WINDOW_H
#define MADOGUCHI_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

enum window_kind { WINDOW_CARD, WINDOW_USERINFO, WINDOW_NKINDS };

#define WINDOW_MAX_FAQ 4

struct window {
	enum window_kind kind;
	char from[11], to[11];     /* YYYY-MM-DD, inclusive */
	int faq[WINDOW_MAX_FAQ];
	size_t nfaq;
	char *note;                /* "" when none */
};

struct window_set {
	struct window *w;
	size_t n;
};

/* The verdict for one date: not given, outside every window of its kind,
 * or inside one (which). */
enum window_state { WINDOW_NOT_GIVEN, WINDOW_OUTSIDE, WINDOW_INSIDE };

/* Reads path.  0, or -1 with err naming file:line and what is wrong. */
int window_load(const char *path, struct window_set *out, struct err *err);

/* Parses text (the file's content; name is for messages).  As window_load. */
int window_parse(const char *name, const char *text, size_t n, struct window_set *out,
		 struct err *err);

void window_set_free(struct window_set *s);

/* Where the canonical date (YYYY-MM-DD) stands among the windows of kind;
 * NULL or "" is WINDOW_NOT_GIVEN.  *hit gets the window when inside (else
 * NULL); hit may be NULL. */
enum window_state window_classify(const struct window_set *s, enum window_kind kind,
				  const char *date, const struct window **hit);

/* Whom the lookup found, as far as the advice goes: the caller is in the
 * list (verified); not identified yet (ambiguous, partial: they may well
 * be listed, so nothing may be said about the list either way); not found
 * with the details given (none: "not in the list" must not sound like
 * "not affected"). */
enum window_found {
	WINDOW_NOT_FOUND,       /* none: nobody matched */
	WINDOW_LISTED,          /* verified, and the list holds that kind of
	                           data of theirs */
	WINDOW_LISTED_OTHER,    /* verified, the list holds none of that kind
	                           (card data of a caller whose user data
	                           alone leaked) */
	WINDOW_UNCONFIRMED      /* ambiguous, partial: the list must not be
	                           spoken of yet */
};

/* What the operator tells the caller about a date in kind's windows, as
 * an untranslated message id (the screens and lookup's text translate it,
 * its JSON keeps it as is); NULL when the date was not given. */
const char *window_advice(enum window_kind kind, enum window_state st, enum window_found found);

/* "card", "userinfo"; "inside", "outside", NULL for not given. */
const char *window_kind_name(enum window_kind k);
const char *window_state_name(enum window_state st);

#endif
