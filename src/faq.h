/*
 * faq — the hotline's answers: loading faq/NN.txt.
 *
 * faq_load() reads every NN.txt of a directory (the format is in README.md,
 * "The FAQ files", the one description of it), validates it (names and
 * numbering against the directory's COUNT file, UTF-8, no control
 * characters, the header lines, the size) and either returns all entries or
 * none: a half-loaded FAQ is never shown.  It also loads the synonym table
 * (faq_syn) and packs the folded texts for search (faq_search, which also
 * holds what a search returns).
 *
 * Ownership: struct faq owns all its entries, their strings and folds, the
 * synonym table and the index; faq_free() releases them.
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

struct faq_syn;              /* spelling-variant groups (faq_syn.h) */
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

/* The parser behind faq_load for one entry, on bytes instead of a file,
 * for the loader tests and the fuzzers.  `path` only names the text in
 * messages.  It fills *e (num, a copy of path, the texts and their folds);
 * on error *e is left empty.  The synonym table's parser is
 * faq_parse_synonyms (faq_syn.h). */
int faq_parse_entry(const char *path, int num, const char *buf, size_t len,
		    struct faq_entry *e, struct err *err);
void faq_entry_free(struct faq_entry *e);

#endif
