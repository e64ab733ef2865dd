/*
 * text — UTF-8 text for screens and search, Japanese first.
 *
 * Width: one function, text_width(), used everywhere.  It sums the C
 * library's wcwidth() over the code points (controls and other negative
 * widths count 0), because ncurses counts columns exactly that way and
 * libunistring's uc_width disagrees with it on ~90 code points.  Cutting
 * (text_fit, text_wrap) happens only between grapheme clusters
 * (u8_grapheme_next).  An emoji ZWJ sequence is one cluster but counts the
 * sum of its emoji (6 for a family of three): that is what ncurses, Tera
 * Term and PuTTY draw.  Needs a UTF-8 LC_CTYPE (the CLI sets one).
 *
 * Display: text_display() turns any bytes into a string that is safe to
 * draw: C0 (tab, CR, LF, BS too), DEL, C1, bidi controls (U+061C,
 * U+200E/F, U+202A–202E, U+2066–2069), U+2028/9, code points wcwidth cannot
 * draw, and each invalid byte become "?" (U+FFFD is not used: it is itself
 * East Asian Ambiguous).  LF is replaced too: callers that keep paragraphs
 * split the raw text at '\n' first and display, then wrap, each paragraph
 * (wrapping raw text would count a TAB 0 columns and its "?" 1).  A zero-width character at the very start gets a space as its
 * base (ncurses would attach it to the cell before).  With TEXT_AMBI_DOUBLE
 * every East Asian Ambiguous character is replaced by an unambiguous
 * spelling (① → (1), ○ → 〇, … → ..., ※ → ＊, box drawing → - | +,
 * é → e, α → alpha, else "?"), so the terminal and ncurses never disagree.
 *
 * Wrapping: text_wrap() breaks at u8_possible_linebreaks opportunities
 * (which follow the Japanese kinsoku rules), fills greedily by text_width,
 * and forces a break at a grapheme boundary when one segment is wider than
 * the line.  Hard newlines in the input end a line (text_wrap is the one
 * function that takes LF).  The line-start/line-end rules are enforced on
 * top of libunistring: no line starts with 、。，．」』）ー・ or a small
 * kana, none ends with 「『（ — except inside a forced break where no other
 * cut exists.
 *
 * Folding: text_fold() makes the search key of a text (NFKC after mapping
 * U+309B/C to combining marks, so ｶﾞ, カ゛ and ガ agree; full case folding,
 * ß → ss; katakana → hiragana; dashes after kana → ー; 々, ゝ/ゞ and ヽ/ヾ
 * expanded) and keeps a map from every folded byte back to the original
 * byte offset of the character (with its combining or voicing marks) that
 * produced it, so matches can be highlighted.
 *
 * Ownership: inputs are borrowed; every returned pointer is malloc'd and
 * belongs to the caller (free with free() or the matching *_free()).
 * Functions returning a pointer return NULL only when memory runs out.
 */
#ifndef MADOGUCHI_TEXT_H
#define MADOGUCHI_TEXT_H

#include <stddef.h>
#include <stdbool.h>

enum text_ambi {
	TEXT_AMBI_SINGLE = 0, /* the terminal draws ambiguous characters 1 column wide */
	TEXT_AMBI_DOUBLE = 1, /* it draws them 2 wide: never send one */
};

/* Display width in columns of s[0..n), as ncurses will draw it (after
 * text_display, so no control characters are expected: any left count 0). */
int text_width(const char *s, size_t n);

/* Length in bytes of the grapheme cluster starting at s (n > 0 → ≥ 1). */
size_t text_grapheme_len(const char *s, size_t n);

/* True when the code point is East Asian Ambiguous (UAX #11 class A, from
 * Debian's unicode-data at build time), leaving out the combining marks of
 * class A (U+0300…, variation selectors): every terminal draws those with
 * zero width.  Exactly the code points text_display(…DOUBLE) never emits. */
bool text_is_ambiguous(unsigned int uc);

/* A NUL-terminated display-safe copy of s[0..n): see above. */
char *text_display(const char *s, size_t n, enum text_ambi ambi);

/* The longest prefix of s[0..n) (whole grapheme clusters) that fits in
 * `cols` columns; its width goes to *width if width is not NULL. */
size_t text_fit(const char *s, size_t n, int cols, int *width);

/* text_fit for a text that may be cut: when s[0..n) does not fit in cols
 * (trailing spaces aside), the prefix left leaves markw columns for a mark
 * saying so ("…"), and *cut is set.  *cut stays false when even the mark
 * does not fit; width as for text_fit, without the mark. */
size_t text_fit_cut(const char *s, size_t n, int cols, int markw, int *width, bool *cut);

struct text_line {
	size_t off;   /* byte offset of the line in the wrapped text */
	size_t len;   /* bytes, without the trailing spaces or newline */
	int width;    /* columns, ≤ the wrap width (see below for cols 1) */
};

/* Wraps s[0..n) (display-safe apart from '\n') to `cols` ≥ 1 columns
 * (smaller counts as 1).  Returns the number of lines and stores a malloc'd
 * array in *lines (caller frees); returns (size_t)-1 when memory runs out.
 * An empty text has 0 lines; "a\n" is one line, "a\n\n" two, an empty
 * paragraph or one of only spaces is one empty line.  Spaces at a break
 * belong to no line; a continuation line never starts with a space, the
 * first line of a paragraph keeps its indentation (unless that alone is
 * wider than the line).  The only line wider than cols: a single cluster
 * wider than the whole line (a wide character with cols 1) stands alone. */
size_t text_wrap(const char *s, size_t n, int cols, struct text_line **lines);

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
 * and text_fold all use this one list (see text.c for why not Unicode's
 * Dash property). */
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

/* Copies s[0..n) into dst (size ≥ 1 bytes, NUL-terminated), cut before a
 * UTF-8 character that would not fit whole. */
void text_copy_cut(char *dst, size_t size, const char *s, size_t n);

/* True when s[0..n) is valid UTF-8; on failure *bad gets the offset of the
 * first invalid byte (if bad is not NULL). */
bool text_valid_utf8(const char *s, size_t n, size_t *bad);

/* What a typed identifier may not contain: text_check_typed() returns
 * TEXT_TYPED_OK, or the first fault with its 0-based byte offset in *at
 * and (for a control character) the code point in *uc.  Control here means
 * C0, DEL, C1, U+2028/9 and format characters (bidi controls, the BOM,
 * zero-width spaces): invisible in a form, fatal in a match.  *ascii is set
 * when every byte is ASCII, so callers can skip normalisation. */
enum text_typed { TEXT_TYPED_OK, TEXT_TYPED_BAD_UTF8, TEXT_TYPED_CONTROL };
enum text_typed text_check_typed(const char *s, size_t n, size_t *at, unsigned int *uc, bool *ascii);

#endif
