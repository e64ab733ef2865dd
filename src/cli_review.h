/*
 * cli_review — the supervisor's side of the inquiry log on the command
 * line: `madoguchi log stats`, the review screen's figures as plain text,
 * read through the desk (src/desk), which checks and records the read.
 */
#ifndef MADOGUCHI_CLI_REVIEW_H
#define MADOGUCHI_CLI_REVIEW_H

#include "cli.h"
#include "logview_stats.h"

/* Prints the figures of s and l as `log stats` does. */
void cli_review_print(FILE *out, const struct logview_stats *s, const struct logview_lookups *l);

/* `madoguchi log stats [--since D] [--until D] [--operator U]`; argv[0] is
 * "stats". */
int cli_review_stats(struct cli *c, int argc, char **argv);

#endif
