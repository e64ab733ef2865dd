/*
 * faq — the hotline's answers: loading faq/NN.txt and searching them.
 *
 * faq_load() reads every NN.txt of a directory (the format is in README.md,
 * "The FAQ files", the one description of it), validates it (names and
 * numbering against the directory's COUNT file, UTF-8, no control
 * characters, the header lines, the size) and either returns all entries or
 * none: a half-loaded FAQ is never shown.
 * Search folds the query and the texts with text_fold(), expands spelling
 * variants from data/synonyms.tsv, ANDs the words of the query, ranks
 * matches in the question above matches in the answer, and returns the
 * matched spans as byte ranges of the original question and answer.
 *
 * Ownership: struct faq owns all its strings; faq_free() releases them.
 * Hits returned by faq_search() belong to the caller (faq_hits_free()).
 */
#ifndef MADOGUCHI_FAQ_H
#define MADOGUCHI_FAQ_H

#include <stddef.h>
#include "err.h"
#include "text_fold.h"

struct faq_entry {
	int num;                 /* from the file name: 01.txt → 1 */
	char *path;              /* the file it came from */
	char *question;          /* one line, as written */
	char *answer;            /* paragraphs separated by '\n' */
	char *keywords;          /* space-separated search words, may be "" */
	struct text_fold fq, fa, fk;  /* folded question, answer, keywords */
};

struct faq_syn;              /* spelling-variant groups (opaque) */
struct faq_index;            /* the folded texts packed for search (opaque) */

struct faq {
	struct faq_entry *e;     /* sorted by num, numbered 1..n */
	size_t n;
	struct faq_syn *syn;     /* may be NULL: no synonyms */
	struct faq_index *index; /* may be NULL: search reads e[i].fq etc. */
};

/* Loads dir/NN.txt and the synonym table (NULL: none).  0 on success; -1 with
 * err naming the file and line otherwise, and *out untouched. */
int faq_load(const char *dir, const char *synonyms, struct faq **out, struct err *err);
void faq_free(struct faq *f);

/* The entry numbered num, or NULL. */
const struct faq_entry *faq_find(const struct faq *f, int num);

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

/* The parsers behind faq_load, on bytes instead of files, for the loader
 * tests and the fuzzers.  `path` only names the text in messages.
 * faq_parse_entry fills *e (num, a copy of path, the texts and their
 * folds); on error *e is left empty.  faq_parse_synonyms returns a table
 * to free with faq_syn_free. */
int faq_parse_entry(const char *path, int num, const char *buf, size_t len,
		    struct faq_entry *e, struct err *err);
void faq_entry_free(struct faq_entry *e);
int faq_parse_synonyms(const char *path, const char *buf, size_t len,
		       struct faq_syn **out, struct err *err);
void faq_syn_free(struct faq_syn *syn);

#endif
