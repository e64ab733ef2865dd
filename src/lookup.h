/*
 * lookup — "is this caller among the affected?", with two-factor verification.
 *
 * lookup_run() takes the caller's identifiers in canonical form (src/ident)
 * and looks up every pair of a name factor given (kana, name) and a
 * supporting factor given (birth date, phone, e-mail): the snapshot
 * stores nothing of one identifier alone (src/snapshot.h).  It decides:
 *   verified   one person matches at least one pair: only then is the
 *              status disclosed.  Several do: the one matching strictly
 *              more pairs than every other is the caller; failing that,
 *              the one whose tie-break tags match strictly more of the
 *              postal code and the phone's last 4 digits given;
 *   ambiguous  several match as many pairs and the tags do not tell them
 *              apart: ask for the postal code or the last 4 digits of the
 *              phone (nothing of theirs is shown);
 *   partial    a name factor or a supporting factor is missing: say what
 *              to ask, look nothing up, disclose nothing;
 *   none       both were given and no pair matched: the caller is not in
 *              the list with the details given, which alone does not mean
 *              not affected (a reading cut to the surname finds no one:
 *              ask then asks for the whole reading).
 * The postal code and the last 4 digits of a phone only tell apart
 * persons who each matched a pair; they never verify anyone and never
 * change a "none" or a "partial".
 * Anti-enumeration: until the caller has given both a name factor and a
 * supporting factor the answer is "partial" whatever the snapshot holds,
 * so one factor alone never tells whether anyone is in the list; with
 * both, a name that matches someone whose supporting items differ answers
 * "none", as a name that matches nobody does.
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

#define LOOKUP_MAX_FAQ 6

struct lookup_query {
	const char *canon[IDENT_NKINDS];   /* canonical forms; NULL when not given */
	const char *phone_last4;   /* "0001" (lookup_phone_last4): a tie-breaker
	                              as canon[IDENT_POSTAL] is; or NULL */
};

struct lookup_result {
	enum lookup_match match;
	unsigned factors;          /* 1 << ident_kind that matched (verified: the
	                              person's pairs, and the postal code when its
	                              tag matched; ambiguous: the same, of every
	                              person tied) */
	unsigned ask;              /* 1 << ident_kind to ask for next (partial:
	                              the missing kind; ambiguous: the postal
	                              code and the phone, for its last 4 digits,
	                              those not given yet: none when both were
	                              given; none: the whole reading or name,
	                              when the one given looks like a surname
	                              only) */
	struct snapshot_person person;     /* verified only, without its tags;
	                                      zero otherwise */
	unsigned exposed_items;    /* enum snapshot_item bits (verified only) */
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

/* The advice for the date of kind in r (window_advice, untranslated), as
 * the verdict allows it: the list is spoken of only to a verified caller,
 * and then as it stands for that kind of data; NULL: no date given. */
const char *lookup_advice(const struct lookup_result *r, enum window_kind kind);

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
