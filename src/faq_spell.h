/*
 * faq_spell — the spellings of a word by the synonym table (faq_syn):
 * for each spelling of a group found inside the word, the word with it
 * replaced by each other spelling of the group (漏洩 gives 漏えい and
 * 流出, 漏洩件数 gives 漏えい件数).  The one expansion of the synonyms:
 * the FAQ search's terms (faq_query) and the review's note filter both
 * look for a word as these spellings.
 *
 * Ownership: the table and the word are borrowed; each spelling is
 * malloc'd and handed to the callback, which takes it.
 */
#ifndef MADOGUCHI_FAQ_SPELL_H
#define MADOGUCHI_FAQ_SPELL_H

#include <stddef.h>
#include "faq_syn.h"

/* Calls each(ctx, s, len) for every other spelling of the folded
 * word[0..n) (none when syn is NULL); s is NUL-terminated.  0, or -1
 * when memory runs out or each returns -1. */
int faq_spell_each(const struct faq_syn *syn, const char *word, size_t n,
		   int (*each)(void *ctx, char *s, size_t len), void *ctx);

#endif
