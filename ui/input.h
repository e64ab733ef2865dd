/*
 * input — keystrokes from the terminal's bytes, decoded by the program.
 *
 * ncurses' get_wch() drops a long run of keystrokes after one invalid byte,
 * so the screens read single bytes with wgetch() (keypad on, for the keys
 * terminfo knows) and decode here: UTF-8 with resynchronisation (an invalid
 * or truncated sequence is dropped and decoding resumes at the next byte,
 * so no following keystroke is lost), and the escape sequences Tera Term
 * and PuTTY send that terminfo may not know (ESC [ 11 ~, ESC O P, ESC [ [ A,
 * application keypad).  DEL and ^H both mean Backspace; CR, LF and keypad
 * Enter all mean Enter.
 *
 * Bracketed paste (the screen turns it on with ESC [ ? 2004 h): the bytes
 * between ESC [ 2 0 0 ~ and ESC [ 2 0 1 ~ are never keys, not even an ESC
 * among them; they come as one INPUT_PASTE key, and input_paste() gives
 * them raw (at most INPUT_PASTE_MAX bytes: the rest is discarded up to the
 * end marker, and the paste says it was cut).  A start marker whose end
 * never comes (a stray ESC [ 2 0 0 ~ typed or sent by accident) must not
 * swallow every later key, quit included: a paste also ends after
 * INPUT_PASTE_IDLE_MS without a byte or INPUT_PASTE_AGE_MS in all, and
 * says it was not ended by its marker.  Terminals without the mode never
 * send the markers, and a paste arrives as typed keys.
 *
 * A key is one int: a Unicode code point, or INPUT_FN(ncurses KEY_ code).
 * struct input is the caller's, zero-initialised ({ .n = 0 }); it owns the
 * paste buffer, which input_free releases.
 */
#ifndef MADOGUCHI_UI_INPUT_H
#define MADOGUCHI_UI_INPUT_H

#include <stdbool.h>
#include <curses.h>

#define INPUT_FN(k)    (0x200000 | (k))
#define INPUT_IS_FN(k) (((k) & 0x200000) != 0)
#define INPUT_ENTER    INPUT_FN(KEY_ENTER)
#define INPUT_BS       INPUT_FN(KEY_BACKSPACE)
#define INPUT_ESC      0x1b
#define INPUT_CTRL(c)  ((c) & 0x1f)
/* Not an ncurses KEY_ code (those stop at KEY_MAX, 0777). */
#define INPUT_PASTE    INPUT_FN(0x10000)
/* Alt-Enter (ESC and CR or LF at once): a line break in the note, where
 * Enter saves; Enter anywhere else. */
#define INPUT_NEWLINE  INPUT_FN(0x10001)

/* A paste larger than this is cut: a note holds far less anyway. */
#define INPUT_PASTE_MAX (1024 * 1024)
/* A paste streams without pauses; one that stops this long, or lasts
 * this long in all, without its end marker is ended here. */
#define INPUT_PASTE_IDLE_MS 1000
#define INPUT_PASTE_AGE_MS 30000

/* How long the rest of an escape or UTF-8 sequence may take to arrive. */
#define INPUT_SEQ_MS 50

struct input {
	int buf[32];    /* bytes (0-255) and ncurses KEY_ codes (>= KEY_MIN) */
	int n;
	int errors;     /* input errors in a row, for input_get */
	bool pasting;   /* inside a bracketed paste */
	bool paste_cut; /* the last paste was longer than INPUT_PASTE_MAX */
	bool paste_unended; /* the last paste was ended by time, not its marker */
	long paste_start, paste_last;  /* ms: the paste began, its last byte came */
	char *paste;    /* the last paste's bytes and a NUL (malloc'd) */
	size_t paste_len, paste_cap;
};

/* Frees the paste buffer; the struct can be used again. */
void input_free(struct input *in);

/* The bytes of the paste just delivered as INPUT_PASTE (n of them; they
 * may hold NUL bytes and anything else), valid until the next
 * input_take; *cut when it was longer than INPUT_PASTE_MAX. */
const char *input_paste(const struct input *in, size_t *n, bool *cut);

/* More text is already there, after the key just taken: it came with
 * others at once (an IME's committed text, a paste the terminal did not
 * bracket), not typed alone.  A function key or an escape sequence next
 * is not text: keys sent in a row ("1", then F2) stay keys.  Reads ahead
 * at most one key from w, which ungetch() gives back. */
bool input_waiting(const struct input *in, WINDOW *w);

/* Inside a paste, notes the time (monotonic ms) a byte came (byte) or
 * that time passed; true with *key = INPUT_PASTE when the paste has run
 * past its idle or total time without its end marker: it ends, as cut
 * and unended, and later bytes are keys again.  input_get calls it. */
bool input_paste_tick(struct input *in, long now_ms, bool byte, int *key);

/* Appends one wgetch() result (a byte or a KEY_ code). */
void input_push(struct input *in, int c);

/* Decodes one key from the front of the buffer into *key.  Returns true
 * when a key was decoded; false when the buffer is empty or holds only the
 * start of a sequence.  With `final` (no more bytes came in time), a lone
 * ESC is the Esc key and an unfinished UTF-8 sequence is dropped; inside a
 * paste, what might have been the start of the end marker is data. */
bool input_take(struct input *in, bool final, int *key);

enum input_status { INPUT_KEY, INPUT_NONE, INPUT_GONE };

/* Waits up to timeout_ms (0: only what is already there) for a key from
 * w.  INPUT_NONE on a timeout or an interrupting signal; INPUT_GONE when
 * the terminal has gone away (hang-up, EOF, or input errors in a row). */
enum input_status input_get(struct input *in, WINDOW *w, int timeout_ms, int *key);

#endif
