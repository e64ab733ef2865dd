/*
 * cli — the command line: global options, subcommands, exit statuses.
 *
 * cli_main() takes the options that choose files (--faq, --snapshot, --key,
 * --log, --config, …) wherever they stand, before or after the subcommand,
 * resolves the settings (src/conf), sets up the locale and messages, and
 * runs the subcommand.  The screens are passed in by ui/main.c as function
 * pointers, so the core never links curses.
 *
 * Exit statuses: 0 success, 1 a negative answer (no match, verify failed),
 * 2 a usage or input error (one line on stderr), 3 an internal failure.
 */
#ifndef MADOGUCHI_CLI_H
#define MADOGUCHI_CLI_H

#include "conf.h"

struct cli;

struct cli_screens {
	int (*operator_screen)(struct cli *c);   /* `madoguchi` alone */
	int (*review_screen)(struct cli *c);     /* `madoguchi review` */
};

struct cli {
	const char *prog;                    /* "madoguchi" */
	struct conf conf;
	const struct cli_screens *screens;
};

enum { CLI_OK = 0, CLI_NO = 1, CLI_USAGE = 2, CLI_FAIL = 3 };

int cli_main(int argc, char **argv, const struct cli_screens *screens);

/* Prints "madoguchi: MESSAGE" on stderr and returns status. */
int cli_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A subcommand's "--name VALUE" or "--name=VALUE" at argv[*i] (name with
 * its dashes): returns the value (a pointer into argv) and leaves *i on
 * the last word used.  NULL when argv[*i] is another word; NULL with
 * *missing set when it is name and no value follows.  The caller says the
 * error, so each subcommand keeps its own wording. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name, bool *missing);

/* A display-safe path of a data file: DATA_DIR/name in *buf. */
const char *cli_data_path(const struct cli *c, const char *name, char *buf, size_t size);

#endif
