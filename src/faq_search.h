/*
 * faq_search — finding the answer a caller asks about, at every keystroke.
 *
 * The query is parsed by faq_query (folded, phrases taken, words with
 * their spelling variants); a word that occurs nowhere whole is cut into
 * the FAQ's words.  Each term is looked for in the folded question,
 * keywords and answer, a term without kanji in their reading texts
 * (faq_reading, made at the first search).  The entries that match the
 * most of the query are returned (every word when some entry has them
 * all), ranked: a match in the question above one in the keywords, above
 * one in the answer, each term weighted by how few entries it is in; the
 * matched spans are byte ranges of the original question and answer.
 * The texts of all entries are packed into one index (struct faq_index)
 * when the FAQ is loaded, so 10,000 entries stay searchable at every
 * keystroke.
 *
 * Ownership: the FAQ searched is borrowed (its readings are made in place
 * by the first search).  Hits returned belong to the caller
 * (faq_hits_free()); the index belongs to its struct faq (faq_free()
 * releases it).
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

/* Matches of query (words separated by ASCII or ideographic spaces; the
 * entries matching the most of them), best first; equal scores in entry
 * order.  An empty query (or one whose words fold to nothing or are only
 * particles) matches every entry in order, without spans; a word nothing
 * of which the FAQ knows matches none.  A word matches where it, a
 * spelling variant from the synonym table, or (typed in kana) its reading
 * occurs in the question, keywords or answer.  Spans are sorted, never
 * overlap, and cover whole characters of the original text (the whole
 * word, for a match on a reading).
 * Returns the number of hits and a malloc'd array in *hits (NULL when there
 * are none; the spans live in the same block), or (size_t)-1 when memory
 * runs out. */
size_t faq_search(const struct faq *f, const char *query, struct faq_hit **hits);

/* faq_search for a query still being typed: a kana at its very end may yet
 * get its voicing mark (ｼ before ﾞ, a kana-keyboard's two keys), so it
 * also matches its voiced and semi-voiced forms (し: し and じ; は: は,
 * ば and ぱ), and a last word that begins a word of the FAQ matches it
 * (じょうほ, じょうほう).  The list then does not jump to other entries
 * between two keys. */
size_t faq_search_typing(const struct faq *f, const char *query, struct faq_hit **hits);
void faq_hits_free(struct faq_hit *hits, size_t n);

/* The folded texts of f's entries packed for search, for faq_load; NULL
 * when memory runs out. */
struct faq_index *faq_search_index_build(const struct faq *f);

/* Packs f's texts again into f->index, in place (the readings came in).
 * 0, or -1 when memory runs out (the index is then unchanged). */
int faq_search_index_rebuild(const struct faq *f);
void faq_search_index_free(struct faq_index *x);

#endif
