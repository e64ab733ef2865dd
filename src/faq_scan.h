/*
 * faq_scan — finding folded bytes fast in Japanese UTF-8.  Every character
 * of kana starts with the same lead byte (E3) and kana share their second
 * byte, so a plain memmem() crawls on such text: the search looks for the
 * needle's rarest byte with memchr() instead, and compares around it.
 * faq_search scans the entries with it; faq_phrase and faq_query look for
 * words in a query.
 *
 * Ownership: nothing is kept or allocated.
 */
#ifndef MADOGUCHI_FAQ_SCAN_H
#define MADOGUCHI_FAQ_SCAN_H

#include <stddef.h>

/* The offset of the byte of s[0..n) rarest in the texts searched: freq
 * holds the byte counts of those texts, or is NULL for a guess that suits
 * Japanese text. */
size_t faq_scan_anchor(const char *s, size_t n, const size_t *freq);

/* The first occurrence of needle[0..n) in [from, end), or NULL; k is the
 * needle's faq_scan_anchor. */
const char *faq_scan_find(const char *from, const char *end, const char *needle, size_t n,
			  size_t k);

/* True when t[0..m) occurs in s[0..n). */
int faq_scan_contains(const char *s, size_t n, const char *t, size_t m);

#endif
