/*
 * text_fold — the search key of a text, with the way back to the original.
 *
 * text_fold() makes the search key of a text (NFKC after mapping U+309B/C
 * to combining marks, so ｶﾞ, カ゛ and ガ agree; full case folding, ß → ss;
 * katakana → hiragana; dashes after kana → ー; 々, ゝ/ゞ and ヽ/ヾ
 * expanded) and keeps a map from every folded byte back to the original
 * byte offset of the character (with its combining or voicing marks) that
 * produced it, so matches can be highlighted.  faq and logview search
 * folded texts with folded queries.
 *
 * Ownership: inputs are borrowed.  A struct text_fold owns its s and map
 * (text_fold_free()); text_fold_key's string belongs to the caller
 * (free()).
 */
#ifndef MADOGUCHI_TEXT_FOLD_H
#define MADOGUCHI_TEXT_FOLD_H

#include <stddef.h>

struct text_fold {
	char *s;      /* folded text, NUL-terminated */
	size_t n;     /* its length in bytes */
	size_t *map;  /* n+1 entries: map[i] = offset in the original of the
	                 character that produced folded byte i; map[n] = length
	                 of the original */
};

/* Folds s[0..n) for search into *out.  Returns 0, or -1 when memory runs out
 * (out is then empty).  Invalid UTF-8 bytes are dropped.  A match on folded
 * bytes [i, j) is the original [map[i], map[j]) when i and j are character
 * boundaries of the folded text.  O(n). */
int text_fold(const char *s, size_t n, struct text_fold *out);
void text_fold_free(struct text_fold *f);

/* The same folded text without the map (8 bytes less per byte, for keys
 * kept in memory); its length goes to *len if len is not NULL.  NULL when
 * memory runs out. */
char *text_fold_key(const char *s, size_t n, size_t *len);

#endif
