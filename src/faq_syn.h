/*
 * faq_syn — the synonym table: groups of spellings callers use for the
 * same thing (漏洩, 漏えい, 流出), read from data/synonyms.tsv, one group
 * a line, spellings separated by tabs or spaces, each kept folded
 * (text_fold) so faq_search can put one in place of another in a folded
 * query.
 *
 * Ownership: a struct faq_syn owns its members' strings and its arrays;
 * faq_syn_free() releases them.  faq_search reads the table and never
 * changes it.
 */
#ifndef MADOGUCHI_FAQ_SYN_H
#define MADOGUCHI_FAQ_SYN_H

#include <stddef.h>
#include "err.h"

struct faq_syn_member {
	char *s;          /* folded spelling, never empty */
	size_t len;
	size_t group;     /* index in g */
};

struct faq_syn_group {
	size_t first, n;  /* members [first, first+n), at least two */
};

struct faq_syn {
	struct faq_syn_member *m;
	size_t nm;
	struct faq_syn_group *g;
	size_t ng;
};

/* Reads and parses the table in the file path (at most 1 MiB).  0 with the
 * table in *out, or -1 with err naming the file and line. */
int faq_syn_load(const char *path, struct faq_syn **out, struct err *err);

/* The parser behind faq_syn_load, on bytes instead of a file, for the
 * tests and the fuzzer; `path` only names the text in messages. */
int faq_parse_synonyms(const char *path, const char *buf, size_t len,
		       struct faq_syn **out, struct err *err);
void faq_syn_free(struct faq_syn *syn);

#endif
