/*
 * cli_review — the supervisor's side of the inquiry log on the command
 * line: `madoguchi log stats` (the review screen's figures as plain text)
 * and the access check shared with the review screen and `log export`.
 */
#ifndef MADOGUCHI_CLI_REVIEW_H
#define MADOGUCHI_CLI_REVIEW_H

#include "cli.h"
#include "logview_stats.h"

/* 0 when the current user may read the log; else prints the one line of
 * refusal (recorded, see src/access) and returns CLI_USAGE (2). */
int cli_review_allowed(const struct cli *c, const char *what);

/* The log's path from the settings, or NULL (buf holds it). */
const char *cli_review_log_path(const struct cli *c, char *buf, size_t size);

/* Prints the figures of s and l as `log stats` does. */
void cli_review_print(FILE *out, const struct logview_stats *s, const struct logview_lookups *l);

/* `madoguchi log stats [--since D] [--until D] [--operator U]`; argv[0] is
 * "stats". */
int cli_review_stats(struct cli *c, int argc, char **argv);

#endif
