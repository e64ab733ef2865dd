/*
 * reading — the words of Japanese texts with their readings, from MeCab
 * (the IPA dictionary, mecab-ipadic-utf8), so that a caller's hiragana
 * finds the kanji of the FAQ: ふせいりよう finds 不正利用.
 *
 * MeCab runs in a child process, forked for one call and gone after it.
 * Its dictionary is a 50 MB file mapped into memory, of which each text
 * touches about a megabyte, and libmecab brings libstdc++ with it: in the
 * operator's process these pages would stay (dlclose does not unload the
 * library), taking the screen from 5 to more than 20 MB.  The child
 * dlopen()s libmecab, so the program neither links it nor needs it to run:
 * without MeCab or its dictionary, reading_analyse fails and the FAQ is
 * searched without readings.
 *
 * Ownership: the texts are borrowed; the words returned belong to the
 * caller (reading_words_free()).
 */
#ifndef MADOGUCHI_READING_H
#define MADOGUCHI_READING_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

/* What a word is for search. */
enum reading_class {
	READING_CONTENT,   /* a word a caller would search for: 漏えい, 確認, わたし */
	READING_AFFIX,     /* a prefix or suffix: 再, 者, 様, 件 */
	READING_FUNCTION,  /* particles, auxiliaries, light verbs: が, です, する */
	READING_SYMBOL     /* punctuation and symbols: 。 、 ① */
};

struct reading_word {
	uint32_t text;     /* index of the text it is in */
	uint32_t off, len; /* bytes of that text */
	uint8_t cls;       /* enum reading_class */
	char *reading;     /* katakana, as the dictionary gives it; "" when none */
	char *base;        /* the dictionary form when it differs (分け → 分ける), else "" */
};

/* The words of texts[0..n) (NUL-terminated), in order: each text is cut
 * at line ends and MeCab reads each line.  0 with *words and *nwords set
 * (the spaces between words are not words); -1 with err saying why there
 * are none (libmecab or its UTF-8 dictionary missing, the process
 * failing). */
int reading_analyse(const char *const *texts, size_t n, struct reading_word **words,
		    size_t *nwords, struct err *err);
void reading_words_free(struct reading_word *w, size_t n);

#endif
