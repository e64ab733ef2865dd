/*
 * cli — the command line: global options, subcommands, exit statuses.
 *
 * cli_main() takes the options that choose files (--faq, --snapshot, --key,
 * --log, --config, …) wherever they stand, before or after the subcommand,
 * resolves the settings (src/conf), sets up the locale and messages, and
 * runs the subcommand.  The screens are passed in by ui/main.c as function
 * pointers, so the core never links curses; they get the settings only,
 * and return an exit status with the one line to print in err.
 *
 * Exit statuses: 0 success, 1 a negative answer (no match, verify failed),
 * 2 a usage or input error (one line on stderr), 3 an internal failure.
 */
#ifndef MADOGUCHI_CLI_H
#define MADOGUCHI_CLI_H

#include "app.h"
#include "conf.h"

/* A screen: an exit status (enum app_exit); err holds the line to print
 * when it is not 0 ("" prints nothing). */
typedef int (*cli_screen_fn)(const struct conf *conf, struct err *err);

struct cli_screens {
	cli_screen_fn operator_screen;   /* `madoguchi` alone */
	cli_screen_fn review_screen;     /* `madoguchi review` */
};

struct cli {
	const char *prog;                    /* "madoguchi" */
	struct conf conf;
	const struct cli_screens *screens;
};

/* The exit statuses (src/app). */
enum { CLI_OK = APP_OK, CLI_NO = APP_NO, CLI_USAGE = APP_USAGE, CLI_FAIL = APP_FAIL };

int cli_main(int argc, char **argv, const struct cli_screens *screens);

/* Prints "madoguchi: MESSAGE" on stderr and returns status. */
int cli_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A subcommand's "--name VALUE" or "--name=VALUE" at argv[*i] (name with
 * its dashes): returns the value (a pointer into argv) and leaves *i on
 * the last word used.  NULL when argv[*i] is another word; NULL with
 * *missing set when it is name and no value follows.  The caller says the
 * error, so each subcommand keeps its own wording. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name, bool *missing);

/* DATA_DIR/name in *buf: app_data_path() of the settings. */
const char *cli_data_path(const struct cli *c, const char *name, char *buf, size_t size);

#endif
