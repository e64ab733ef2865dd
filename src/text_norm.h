/*
 * text_norm — one reading of what people type: NFKC with a short path for
 * kana, kanji and full-width forms, the one list of dash-like characters,
 * ASCII and full-width digits, and the spacing voicing marks as combining
 * ones.  ident, jdate, lookup, logview and text_fold read typed text
 * through these, so a caller's ｶﾞ, カ゛ and ガ, or ０３ and 03, are the same
 * everywhere.
 *
 * Ownership: inputs are borrowed; text_nfkc's result is the caller's buf
 * or malloc'd memory that belongs to the caller (see there).
 */
#ifndef MADOGUCHI_TEXT_NORM_H
#define MADOGUCHI_TEXT_NORM_H

#include <stddef.h>
#include <stdbool.h>

/* NFKC of valid UTF-8 s[0..n), with u8_normalize's contract: the result
 * goes into buf when it fits (*len holds buf's size on entry, the result's
 * length on return), else into malloc'd memory (free it when it is not
 * buf); NULL when memory runs out.  What a caller types (ASCII, kana,
 * half-width katakana, full-width digits and letters, kanji) takes a short
 * path about five times faster than u8_normalize; anything else, or a
 * string the short path is not sure of, goes to u8_normalize itself.  The
 * unit tests hold the two equal over every BMP code point and pair. */
char *text_nfkc(const char *s, size_t n, char *buf, size_t *len);

/* True for the dash-like characters people type in a name's long vowel or
 * between the digits of a date, phone number or postal code: - ~ ‐ ‑ ‒ – —
 * ― − ─ ━ ⸺ ⸻ 〜 ー and the full- and half-width － ～ ｰ.  ident, jdate
 * and text_fold all use this one list (see text_norm.c for why not
 * Unicode's Dash property). */
bool text_is_dash(unsigned int uc);

/* The digit uc stands for, '0'..'9', for ASCII and full-width digits
 * (an IME in full-width mode types ０..９); -1 for anything else. */
int text_digit(unsigned int uc);

/* The spacing voicing marks ゛ ゜ (U+309B/C, what an IME gives for a mark
 * typed alone) as the combining ones U+3099/A, which NFKC composes with
 * the kana before them, so ｶﾞ, カ゛ and ガ agree; any other uc as is.
 * ident and text_fold both map with it before NFKC, whose own mapping of
 * ゛ is a space plus the mark. */
unsigned int text_mark_combining(unsigned int uc);

#endif
