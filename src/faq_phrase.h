/*
 * faq_phrase — the phrase table, data/phrases.tsv: what callers say, put
 * into the words the FAQ uses.  Each line is a pattern and, after a tab,
 * the words it stands for: "止め<TAB>カード停止 停止" makes カード 止めたい
 * a search for カード and (カード停止 or 停止).  A pattern is one or more
 * pieces separated by spaces, all of which must occur in the query in
 * any order ("なぜ|どうして 遅れ": a question shape); a piece lists its
 * spellings separated by '|'.  Unlike a synonym (faq_syn), which is a
 * spelling of the same word both ways, a phrase goes one way, from the
 * caller's words to the FAQ's.  A pattern standing for "-" lists what
 * callers add that is no word to look for (って, けど): faq_vocab knows
 * them as particles, so a query is cut around them.
 *
 * Ownership: a struct faq_phrases owns its strings (faq_phrases_free()).
 */
#ifndef MADOGUCHI_FAQ_PHRASE_H
#define MADOGUCHI_FAQ_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

struct faq_phrase_str {
	char *s;                 /* folded, never empty */
	size_t len;
};

struct faq_phrase {
	size_t piece, npieces;   /* into pieces */
	size_t word, nwords;     /* into words: what the pattern stands for */
	bool filler;             /* "-": words callers add that mean nothing
	                            here (って, けど), cut off but not looked for */
};

struct faq_phrase_piece {
	size_t alt, nalts;       /* into alts: the piece's spellings */
};

struct faq_phrases {
	struct faq_phrase *p;
	size_t n;
	struct faq_phrase_piece *pieces;
	size_t npieces;
	struct faq_phrase_str *alts, *words;
	size_t nalts, nwords;
};

/* Reads and parses the table in path (at most 1 MiB).  0 with the table
 * in *out, or -1 with err naming the file and line. */
int faq_phrases_load(const char *path, struct faq_phrases **out, struct err *err);

/* The parser behind faq_phrases_load, on bytes. */
int faq_parse_phrases(const char *path, const char *buf, size_t len,
		      struct faq_phrases **out, struct err *err);
void faq_phrases_free(struct faq_phrases *t);

/* Whether phrase i of t occurs (never for a filler) in the folded query q[0..n): every piece
 * in one of its spellings, outside what earlier phrases took.  When it
 * does, the bytes of its pieces in q become spaces (the phrase takes
 * them) and it returns 1; otherwise q is unchanged and it returns 0. */
int faq_phrase_take(const struct faq_phrases *t, size_t i, char *q, size_t n);

#endif
