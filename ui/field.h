/*
 * field — the one-line text input of the screens (caller form, search line).
 *
 * The text is kept as typed, in UTF-8, with an index entry per grapheme
 * cluster (byte offset and column offset), so the cursor moves, deletes and
 * scrolls by whole characters: a kanji, an emoji, カ followed by a combining
 * ゙, never a byte.  The index is rebuilt after every edit: fields are short
 * (max_chars caps them) and an over-long paste is cut before it is indexed,
 * so a 1 MB paste costs one linear pass.
 *
 * Two kinds: a plain field (the search line, the caller form: text that is
 * looked up, never stored) cleans what comes in; a raw field (the call's
 * note, which the log keeps "as typed") keeps every byte but NUL, and only
 * the drawing is sanitised.
 *
 * Editing (field_insert, field_key, field_set) never touches the terminal,
 * so it is unit tested without one; field_view computes the part of the
 * text shown in a given width and field_draw draws it with ncurses.
 *
 * Ownership: struct field is the caller's; field_init/field_free manage the
 * buffers inside it.  Text handed in is copied.  field_text() points into
 * the field and stays valid until its next edit.
 */
#ifndef MADOGUCHI_FIELD_H
#define MADOGUCHI_FIELD_H

#include "text_display.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

/* Used when field_init is given max_chars 0: longer than any name, address
 * or e-mail a caller dictates, short enough to index on every key. */
#define FIELD_MAX_DEFAULT 256

/* One grapheme cluster of the text. */
struct field_gc {
	size_t off;  /* byte offset in buf */
	int col[2];  /* column where it starts, indexed by enum text_ambi: an
	                ambiguous character may be drawn wider in double mode */
};

struct field {
	char *buf;            /* len bytes and a NUL */
	size_t len, cap;
	struct field_gc *gc;  /* ngc + 1 entries: gc[ngc] is the end of the
	                         text (off = len, col = total width) */
	size_t ngc, gccap;
	size_t cur;           /* cursor: the cluster it stands before, 0..ngc */
	size_t max_chars;     /* grapheme clusters the text may hold */
	size_t cut;           /* nonzero: the last insertion was cut because
	                         the text reached this many characters */
	bool raw;             /* keep text as typed: see field_insert; set
	                         after field_init, before any text */
};

/* What field_key and field_insert did, as bit flags; -1 means memory ran
 * out (the text is then unchanged). */
enum {
	FIELD_CONSUMED = 1,  /* the key was the field's: the screen ignores it */
	FIELD_CHANGED = 2,   /* the text changed: rerun the live feedback */
};

/* An empty field holding at most max_chars characters (0: the default).
 * Returns 0, or -1 when memory runs out. */
int field_init(struct field *f, size_t max_chars);
void field_free(struct field *f);

/*
 * Inserts already-decoded text at the cursor and moves the cursor after it:
 * a typed character, an IME commit of several characters, a paste.
 * Control characters are never inserted: a run of line breaks or tabs
 * becomes one space (a paste of "山田\n太郎" reads "山田 太郎"), except at
 * the end of the batch, where it is dropped (a copied line carries its
 * newline); other C0/C1 controls, DEL, bidi controls and invalid UTF-8 bytes
 * are dropped.  Text beyond max_chars is cut at a character boundary and
 * field_cut() then tells the screen so.  A single character longer than
 * FIELD_GC_MAX bytes (a pile of combining marks) keeps only its first
 * FIELD_GC_MAX bytes.
 *
 * A raw field (f->raw, for text that is stored, like the call's note)
 * keeps everything but NUL bytes (a C string cannot hold them): every
 * control character (C0 with TAB, CR, LF, BS, ESC; DEL; C1; bidi controls;
 * U+2028/9) and every invalid UTF-8 byte is its own character, one column
 * wide, drawn as "?" by text_display; the cursor steps over it and
 * Backspace deletes it like any other character.  field_text() gives the
 * bytes as they came.
 */
#define FIELD_GC_MAX 64
int field_insert(struct field *f, const char *utf8, size_t n);

/* field_insert of one code point, for key decoders that yield code points
 * (a combining mark joins the character before the cursor).  Returns as
 * field_insert; 0 for a value that is not a code point. */
int field_insert_cp(struct field *f, unsigned int cp);

/*
 * Handles an editing key (ncurses KEY_* codes or control characters):
 *   Left/Right, Ctrl-B/Ctrl-F    one character
 *   Home/End, Ctrl-A/Ctrl-E      start / end
 *   Backspace (KEY_BACKSPACE, DEL, Ctrl-H)  deletes the character before
 *   Delete (KEY_DC), Ctrl-D      deletes the character under the cursor
 *   Ctrl-U / Ctrl-K              deletes to the start / to the end
 *   Ctrl-W                       deletes the word before the cursor
 *   printable ASCII              inserted (other text: field_insert)
 * A word for Ctrl-W: the spaces before the cursor, then the run before them
 * of one class: kanji, hiragana or katakana (ー and the iteration marks go
 * with their neighbour), or anything else that is not a space (Latin
 * letters, digits, punctuation, so "taro@example.jp" is one word, as in a
 * shell).  Japanese has no spaces between words; a change of script is
 * the best cheap guess at a boundary: 山田たろう → 山田.
 * Returns FIELD_* flags (0: not a field key) or -1 when memory runs out.
 */
int field_key(struct field *f, int key);

/* The text, NUL-terminated. */
const char *field_text(const struct field *f);

/* Number of characters (grapheme clusters) in the text. */
size_t field_chars(const struct field *f);

/* Empties the field and forgets a cut. */
void field_clear(struct field *f);

/* Replaces the text (filtered, or kept when raw, and cut as field_insert does); the cursor
 * goes to the end.  Returns 0, or -1 when memory runs out. */
int field_set(struct field *f, const char *text);

/* When the last insertion was cut: the limit it was cut at (0: it was not).
 * Any later change of the text, field_clear and field_set forget it. */
size_t field_cut(const struct field *f);

/* The note for the screen ("pasted text cut at N characters", translated)
 * written into buf, or NULL when there is nothing to say. */
const char *field_note(const struct field *f, char *buf, size_t size);

/* The part of the text shown in `cols` columns. */
struct field_view {
	size_t start, end;  /* bytes of the text shown: [start, end) */
	int text_col;       /* column where that text starts (1 after '<') */
	int cursor_col;     /* column of the cursor, always < cols */
	bool left;          /* text hidden on the left: '<' in column 0 */
	bool right;         /* text hidden on the right: '>' in column cols-1 */
};

/*
 * Chooses the part to show so that the cursor, and the whole character
 * under it, are visible.  The view starts at 0 while the cursor fits, and
 * otherwise keeps the cursor at the right edge.  It starts and ends on
 * character boundaries, so a double-width character is never split; the
 * markers are plain ASCII, one column wide whatever the terminal's
 * ambiguous width.  Below 4 columns there are no markers.
 */
void field_view(const struct field *f, int cols, enum text_ambi ambi,
		struct field_view *v);

/*
 * Draws the field into w at (y, x), exactly `cols` columns, with the
 * window's current attributes (the screen sets them to mark the field);
 * the text goes through text_display, so nothing a paste brought can reach
 * the terminal raw.  When focused, leaves the window's cursor on the
 * field's cursor.
 */
void field_draw(WINDOW *w, int y, int x, int cols, const struct field *f,
		bool focused, enum text_ambi ambi);

#endif
