/*
 * tty — the terminal before and around curses: the checks that must pass
 * before the screen starts (each failure one clear line for the caller to
 * print), the East Asian Ambiguous width probe, and the signals that end
 * the screen (SIGHUP, SIGTERM, SIGINT only set a flag; the main loop sees
 * it, restores the terminal and exits).
 *
 * The checks run before newterm() (terminfo only, no screen) or in signal
 * context; tty_screen_begin() and tty_colours() then start curses the one
 * way every screen wants it.  err is the caller's.
 */
#ifndef MADOGUCHI_UI_TTY_H
#define MADOGUCHI_UI_TTY_H

#include <curses.h>
#include <stdbool.h>
#include "err.h"
#include "text_display.h"

/* The user's locale (LC_ALL, LC_CTYPE, LANG, as the C library resolves
 * them) is UTF-8; cli_main may have switched LC_CTYPE to C.UTF-8 for the
 * command line, which is no proof that the terminal speaks UTF-8. */
int tty_check_locale(struct err *err);

/* Standard input and output are terminals. */
int tty_check_streams(struct err *err);

/* TERM is set, known to terminfo, and can address the cursor. */
int tty_check_term(struct err *err);

/* Prints ① at the start of the line, asks for the cursor position
 * (ESC [ 6 n) and waits up to timeout_ms: column 3 means the terminal draws
 * ambiguous characters two columns wide.  No answer: single.  Erases what
 * it printed. */
/* How long the ambiwidth probe waits for the terminal's answer. */
#define TTY_PROBE_MS 300
enum text_ambi tty_probe_ambiwidth(int timeout_ms);

/* Every screen's start: the stream, locale and TERM checks, then the
 * ambiguous width from the setting ("single", "double", else the probe).
 * 0, or -1 with err. */
int tty_start(const char *ambiwidth, enum text_ambi *ambi, struct err *err);

/* Starts curses on standard input and output as every screen wants it:
 * raw (Ctrl-C and Ctrl-Z arrive as keys, for the screen to ask or stop
 * cleanly), no echo, no newline translation, keypad and 8-bit input, an
 * ESC delay of half the input module's sequence wait, no cursor.  NULL,
 * with err, when TERM's entry cannot start a screen.  The caller ends it
 * (endwin, delscreen). */
SCREEN *tty_screen_begin(struct err *err);

/* The colour pair of a match level (enum lookup_match, 0-3): a verdict's
 * badge (ui/verdict). */
#define TTY_PAIR_LEVEL(m) (3 + (m))

/* Sets up colour pairs 1 (status line: white on blue), 2 (highlight:
 * red on the default background) and TTY_PAIR_LEVEL's (the verdicts'
 * badges: white on blue for none, black on cyan for partial, black on
 * yellow for ambiguous, white on red for verified) when the "color" setting allows
 * ("always"; "auto" unless NO_COLOR is set and not empty; "never") and
 * the terminal has colours.  True when they are set: colours only add to
 * attributes that already work in monochrome. */
bool tty_colours(const char *setting);

/* Turns the terminal's bracketed paste mode on or off (ESC [ ? 2004 h/l),
 * written straight to standard output: call it after curses has flushed.
 * Terminals without the mode ignore it. */
void tty_paste_mode(bool on);

/* Installs the handlers (a signal already ignored, as under nohup, stays
 * ignored); tty_signalled() is the signal number seen (0 if
 * none). */
void tty_signals_install(void);
int tty_signalled(void);

#endif
