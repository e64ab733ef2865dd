/*
 * lookup — "is this caller among the affected?", with two-factor verification.
 *
 * lookup_run() takes the caller's identifiers in canonical form (src/ident),
 * finds the persons each one matches in the snapshot, and decides:
 *   verified   one person matches a name factor (kana or name) and one of
 *              birth date, phone, e-mail: only then is the status disclosed;
 *   ambiguous  several persons do (the postal code, when given, breaks the
 *              tie first): their phone hints tell them apart;
 *   partial    not enough to verify: say what to ask next, disclose nothing;
 *   none       a name factor and a supporting factor were given and nothing
 *              matched: the caller is not in the list with the details
 *              given, which alone does not mean not affected (a reading
 *              cut to the surname finds no one: ask then asks for the
 *              whole reading).
 * The last 4 digits of a phone (the snapshot keeps them as each person's
 * hint) only tell apart several persons who each verified; they never
 * verify anyone and never change a "none" or a "partial".
 * Anti-enumeration: until the caller has given both a name factor and a
 * supporting factor the answer is "partial" whatever the snapshot holds, so
 * one factor alone never tells whether anyone is in the list.  With both
 * given, "partial" means the name matched someone but no supporting item
 * of theirs did; a supporting item alone never turns "none" into "partial".
 *
 * Ownership: the caller owns the query strings and the result.
 */
#ifndef MADOGUCHI_LOOKUP_H
#define MADOGUCHI_LOOKUP_H

#include <stddef.h>
#include "err.h"
#include "ident.h"
#include "snapshot_read.h"
#include "window.h"

enum lookup_match { LOOKUP_NONE, LOOKUP_PARTIAL, LOOKUP_AMBIGUOUS, LOOKUP_VERIFIED };

#define LOOKUP_MAX_HINTS 8
#define LOOKUP_MAX_FAQ 6

struct lookup_query {
	const char *canon[IDENT_NKINDS];   /* canonical forms; NULL when not given */
	const char *phone_last4;   /* "0001" (lookup_phone_last4), or NULL */
};

struct lookup_result {
	enum lookup_match match;
	unsigned factors;          /* 1 << ident_kind that matched (verified, ambiguous) */
	unsigned ask;              /* 1 << ident_kind to ask for next (partial;
	                              ambiguous: phone and postal code; none:
	                              the whole reading or name, when the one
	                              given looks like a surname only) */
	struct snapshot_person person;     /* verified only; zero otherwise */
	unsigned exposed_items;    /* enum snapshot_item bits (verified only) */
	char hints[LOOKUP_MAX_HINTS][5];   /* ambiguous: phone hints ("" if none) */
	size_t nhints;
	int faq[LOOKUP_MAX_FAQ];   /* FAQ entries to read to the caller */
	size_t nfaq;
	/* lookup_windows(): where the dates the caller remembers fall */
	enum window_state window[WINDOW_NKINDS];
	const struct window *window_hit[WINDOW_NKINDS];  /* inside: which one */
};

/* 0 with r filled, or -1 with err (a damaged snapshot). */
int lookup_run(struct snapshot *s, const struct lookup_query *q, struct lookup_result *r,
	       struct err *err);

/* Classifies the dates the caller remembers (canonical, NULL or "" when not
 * given: the card donation date, the registration or donation date) in the
 * windows and adds the FAQ entries of the windows they fall in.  Call after
 * lookup_run(). */
void lookup_windows(struct lookup_result *r, const struct window_set *ws, const char *card_date,
		    const char *reg_date);

/* Adds an FAQ entry to read to the caller (a date window's, say), once;
 * ignored when the list is full. */
void lookup_suggest(struct lookup_result *r, int faq);

/* Whether in[0..n) is the last 4 digits of a phone: four digits
 * (half- or full-width), spaces and dashes (text_is_dash) allowed around them ("0001",
 * "-0001", "０００１").  0 with out set to the 4 ASCII digits, or -1. */
int lookup_phone_last4(const char *in, size_t n, char out[5]);

/* "verified", "ambiguous", "partial", "none". */
const char *lookup_match_name(enum lookup_match m);

#endif
