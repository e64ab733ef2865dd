/*
 * cli_review — the supervisor's side of the inquiry log on the command
 * line: `madoguchi log stats` (the review screen's figures as plain text)
 * and the access check of `log stats` and `log export` (src/access).
 */
#ifndef MADOGUCHI_CLI_REVIEW_H
#define MADOGUCHI_CLI_REVIEW_H

#include "cli.h"
#include "logview_stats.h"

/* 0 when the current user may read the log (access_read_log: the attempt
 * is recorded); else prints the one line of refusal and returns CLI_USAGE
 * (2). */
int cli_review_allowed(const struct cli *c, const char *what);

/* Prints the figures of s and l as `log stats` does. */
void cli_review_print(FILE *out, const struct logview_stats *s, const struct logview_lookups *l);

/* `madoguchi log stats [--since D] [--until D] [--operator U]`; argv[0] is
 * "stats". */
int cli_review_stats(struct cli *c, int argc, char **argv);

#endif
