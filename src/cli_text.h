/*
 * cli_text — what the command line prints of the log, made safe for a
 * terminal as the screens make it (src/text_display): no ESC or other
 * control character, no bidi control, no invalid UTF-8 reaches the
 * terminal; each becomes "?".  Operator names, dispositions, UUIDs and
 * hashes read from a log file (or another host's, in `log merge`) are
 * whatever whoever wrote the file put there.
 *
 * Ownership: the strings passed are borrowed; nothing is kept.
 */
#ifndef MADOGUCHI_CLI_TEXT_H
#define MADOGUCHI_CLI_TEXT_H

#include <stdio.h>

/* s made safe, written to out ("" for NULL). */
void cli_text_put(FILE *out, const char *s);

/* cli_error() with the message made safe: for messages that quote the
 * log's values or a user's argument. */
int cli_text_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same as a warning ("madoguchi: warning: …") that does not stop
 * the command. */
void cli_text_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
