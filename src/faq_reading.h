/*
 * faq_reading — each entry's texts as they are read aloud, for a caller's
 * kana: the question, keywords and answer folded with every kanji word
 * replaced by its reading (不正利用 → ふせいりよう), with a map back to
 * the original bytes, so a match on a reading highlights the kanji it
 * came from; and the words of the entries for faq_vocab.
 *
 * MeCab reads the entries in its own process (reading) at the first
 * search: nothing of it delays the first screen, and what never searches
 * (the review screen, faq list) never runs it.  Without MeCab the FAQ is
 * still searched for everything written in kana or kanji as typed.
 *
 * Ownership: a struct faq_readings belongs to its struct faq
 * (faq_reading_free()); the reading texts to their entries, the words to
 * the FAQ's vocabulary.
 */
#ifndef MADOGUCHI_FAQ_READING_H
#define MADOGUCHI_FAQ_READING_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "faq.h"

/* Readies f->readings for faq_reading_ensure (the texts to read).  0, or
 * -1 with err when memory runs out. */
int faq_reading_init(struct faq *f, struct err *err);

/* Makes the readings of f, the first time only, and puts them in place:
 * each entry's rq, rk and ra, the entries' words in f->vocab, the index
 * packed again.  The FAQ is const to its readers; what changes is reached
 * through its pointers, as a cache is.  0, or -1 when memory runs out
 * (no readings is no error: see faq_reading_missing). */
int faq_reading_ensure(const struct faq *f);

/* Why the entries have no readings (MeCab or its dictionary missing),
 * after making them; NULL when they have. */
const char *faq_reading_missing(const struct faq *f);

void faq_reading_free(struct faq_readings *r);

/* True when s[0..n) holds a character whose reading a reading text shows
 * instead (a kanji, 々, ヶ): such a word is looked for in the folded text,
 * any other in the reading text. */
bool faq_reading_kanji(const char *s, size_t n);

/* Adds each keyword of the folded keywords k (separated by spaces) to v,
 * whole: the words callers say, so that a query is cut at them (どんな情報
 * is one word there). */
struct faq_vocab;
struct text_fold;
void faq_reading_keywords(struct faq_vocab *v, const struct text_fold *k);

#endif
