/*
 * faq_search — finding the answer a caller asks about, at every keystroke.
 *
 * Search folds the query with text_fold() (the texts were folded when they
 * were loaded), expands spelling variants from the synonym table
 * (faq_syn), ANDs the words of the query, ranks matches in the question
 * above matches in the keywords and those above matches in the answer,
 * and returns the matched spans as byte ranges of the original question
 * and answer.  The folded texts of all entries are packed into one index
 * (struct faq_index) when the FAQ is loaded, so 10,000 entries stay
 * searchable at every keystroke.
 *
 * Ownership: the FAQ searched is borrowed.  Hits returned belong to the
 * caller (faq_hits_free()); the index belongs to its struct faq
 * (faq_free() releases it).
 */
#ifndef MADOGUCHI_FAQ_SEARCH_H
#define MADOGUCHI_FAQ_SEARCH_H

#include <stddef.h>
#include "faq.h"

struct faq_span {
	size_t off, len;         /* bytes in the original string */
};

struct faq_hit {
	size_t index;            /* into f->e */
	int score;               /* higher is better */
	struct faq_span *q, *a;  /* spans in question / answer */
	size_t nq, na;
};

/* Matches of query (words separated by ASCII or ideographic spaces, all must
 * match), best first; equal scores in entry order.  An empty query (or one
 * whose words fold to nothing) matches every entry in order, without spans.
 * A word matches where it, or a spelling variant from the synonym table,
 * occurs in the folded question, keywords or answer.  Spans are sorted,
 * never overlap, and cover whole characters of the original text.
 * Returns the number of hits and a malloc'd array in *hits (NULL when there
 * are none; the spans live in the same block), or (size_t)-1 when memory
 * runs out. */
size_t faq_search(const struct faq *f, const char *query, struct faq_hit **hits);

/* faq_search for a query still being typed: a kana at its very end may yet
 * get its voicing mark (ｼ before ﾞ, a kana-keyboard's two keys), so it
 * also matches its voiced and semi-voiced forms (し: し and じ; は: は,
 * ば and ぱ).  The list then does not jump to other entries between the
 * two keys. */
size_t faq_search_typing(const struct faq *f, const char *query, struct faq_hit **hits);
void faq_hits_free(struct faq_hit *hits, size_t n);

/* The folded texts of f's entries packed for search, for faq_load; NULL
 * when memory runs out. */
struct faq_index *faq_search_index_build(const struct faq *f);
void faq_search_index_free(struct faq_index *x);

#endif
