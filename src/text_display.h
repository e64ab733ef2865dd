/*
 * text_display — any bytes made safe to draw on the terminal.
 *
 * text_display() turns any bytes into a string that is safe to draw: C0
 * (tab, CR, LF, BS too), DEL, C1, bidi controls (U+061C, U+200E/F,
 * U+202A–202E, U+2066–2069), U+2028/9, code points wcwidth cannot draw,
 * and each invalid byte become "?" (U+FFFD is not used: it is itself East
 * Asian Ambiguous).  LF is replaced too: callers that keep paragraphs split
 * the raw text at '\n' first and display, then wrap, each paragraph
 * (wrapping raw text would count a TAB 0 columns and its "?" 1).  A
 * zero-width character at the very start gets a space as its base (ncurses
 * would attach it to the cell before).  With TEXT_AMBI_DOUBLE every East
 * Asian Ambiguous character (text_is_ambiguous, in text_width.h) is
 * replaced by an unambiguous spelling (① → (1), ○ → 〇, … → ..., ※ → ＊,
 * box drawing → - | +, é → e, α → alpha, else "?"), so the terminal and
 * ncurses never disagree.
 *
 * Ownership: the input is borrowed; the string returned is malloc'd and
 * belongs to the caller (free()).
 */
#ifndef MADOGUCHI_TEXT_DISPLAY_H
#define MADOGUCHI_TEXT_DISPLAY_H

#include <stddef.h>

enum text_ambi {
	TEXT_AMBI_SINGLE = 0, /* the terminal draws ambiguous characters 1 column wide */
	TEXT_AMBI_DOUBLE = 1, /* it draws them 2 wide: never send one */
};

/* A NUL-terminated display-safe copy of s[0..n): see above.  NULL only
 * when memory runs out. */
char *text_display(const char *s, size_t n, enum text_ambi ambi);

#endif
