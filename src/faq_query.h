/*
 * faq_query — what a caller's words are looked for as.  The query is
 * folded (text_fold), the phrase table takes the expressions it knows
 * (止めたい → カード停止 停止), and what is left is split into words at
 * spaces.  A word is first looked for whole, with its spelling variants
 * (faq_syn); a word that occurs nowhere is cut into the FAQ's words
 * (faq_vocab) with the particles left out, so 身に覚えのない請求 is looked
 * for as 身, 覚え and 請求.  Each term lists the strings that find it: its
 * spellings, and while a query is typed, the voiced forms of a last kana.
 * A term without kanji is looked for in the entries' reading texts
 * (faq_reading), so かーど and ふせいりよう find カード and 不正利用.
 *
 * Ownership: a struct faq_query owns its words, terms and strings
 * (faq_query_free()); the FAQ it reads is borrowed.
 */
#ifndef MADOGUCHI_FAQ_QUERY_H
#define MADOGUCHI_FAQ_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include "faq.h"

/* Variants of one term: enough for every group of a sensible table,
 * small enough that a pathological table cannot slow a keystroke down. */
#define FAQ_QUERY_VARIANTS 32

struct faq_term {
	char *v[FAQ_QUERY_VARIANTS];     /* v[0] is the term itself, folded */
	size_t len[FAQ_QUERY_VARIANTS];
	size_t anchor[FAQ_QUERY_VARIANTS];
	bool read[FAQ_QUERY_VARIANTS];   /* looked for in the reading texts */
	size_t nv;
};

enum faq_word_kind {
	FAQ_WORD_WHOLE,     /* one term: the word as typed */
	FAQ_WORD_PARTS,     /* the FAQ's words it was cut into (or a phrase's) */
	FAQ_WORD_DROPPED,   /* only particles and the like: not looked for */
	FAQ_WORD_UNKNOWN    /* nothing in it is known to the FAQ */
};

struct faq_word {
	char *s;            /* the word folded */
	size_t n;
	bool last;          /* the query's last word and not followed by a space */
	bool phrase;        /* a phrase's words: matched by any one */
	bool rest;          /* what a phrase left of a word it took part of:
	                       never UNKNOWN, the phrase said what it means */
	enum faq_word_kind kind;
	struct faq_term *t; /* any of them matches the word */
	size_t nt;
	enum faq_word_kind cut;  /* after faq_query_split: what it is cut into */
	struct faq_term *part;   /* the parts, for faq_query_use_parts */
	size_t npart;
};

struct faq_query {
	struct faq_word *w; /* every word that is not dropped must match */
	size_t nw;
	bool typing;        /* the last word may be unfinished */
};

/* Parses query for f: the phrases' words, then every word as one term.
 * freq (the byte counts of the folded texts, then of the read ones: 512
 * counts; or NULL) chooses each string's anchor for faq_scan_find.  0, or -1 when memory runs out (out
 * is then empty). */
int faq_query_parse(const struct faq *f, const char *query, bool typing, const size_t *freq,
		    struct faq_query *out);

/* Cuts word i into the FAQ's words: cut becomes PARTS, DROPPED (only
 * particles and the like: the word is then dropped) or UNKNOWN, and part
 * holds the parts.  0, or -1 when memory runs out. */
int faq_query_split(const struct faq *f, struct faq_query *q, size_t i, const size_t *freq);

/* Word i, which occurs nowhere whole, is looked for as its parts: kind
 * becomes cut. */
void faq_query_use_parts(struct faq_query *q, size_t i);

void faq_query_free(struct faq_query *q);

#endif
