/*
 * faq_vocab — the words the FAQ knows, folded: each word of the entries
 * (as written, its reading, its dictionary form, from reading_analyse),
 * every spelling of the synonym table and every piece of the phrase
 * table, each with its class (enum reading_class).  faq_query cuts a
 * caller's sentence typed without spaces (身に覚えのない請求,
 * わたしのじょうほうは) into these words, longest first, and drops the
 * particles.
 *
 * Ownership: a struct faq_vocab owns its strings (faq_vocab_free()).
 */
#ifndef MADOGUCHI_FAQ_VOCAB_H
#define MADOGUCHI_FAQ_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct faq_vocab_word {
	char *s;          /* folded, never empty */
	size_t len;
	uint8_t cls;      /* enum reading_class: the most meaningful one seen,
	                     unless the phrase table said filler */
};

struct faq_vocab {
	struct faq_vocab_word *w;   /* sorted by bytes after faq_vocab_finish */
	size_t n, cap;
	size_t longest;             /* bytes of the longest word */
	bool oom;                   /* an add failed: the vocabulary is partial */
};

/* The class of a word the phrase table says is no word to look for (って,
 * どう): a function word, whatever else the same string is. */
#define FAQ_VOCAB_FILLER 0xFF

/* Adds s[0..n), folded with text_fold, as a word of class cls. */
void faq_vocab_add(struct faq_vocab *v, const char *s, size_t n, uint8_t cls);
/* Adds the already folded s[0..n). */
void faq_vocab_add_folded(struct faq_vocab *v, const char *s, size_t n, uint8_t cls);
/* Sorts the words and merges the duplicates; call once after the adds. */
void faq_vocab_finish(struct faq_vocab *v);

/* The longest word that the folded s[0..n) starts with: its length in
 * bytes (0 when none) and class. */
size_t faq_vocab_prefix(const struct faq_vocab *v, const char *s, size_t n, uint8_t *cls);

/* True when the folded s[0..n) is the start of some word (じょうほ of
 * じょうほう): a word still being typed. */
bool faq_vocab_starts(const struct faq_vocab *v, const char *s, size_t n);

void faq_vocab_free(struct faq_vocab *v);

#endif
