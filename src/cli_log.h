/*
 * cli_log — `madoguchi log add | lookup | export | verify | merge`: the
 * inquiry log (src/inq_*) for scripts, walk-in and e-mail inquiries and
 * tests.
 *
 * `log add` prints the new entry's UUID.  When the log cannot be written the
 * entry is spooled: the UUID is still printed, one warning line goes to
 * stderr, and the exit status is 0, because the entry is safe and will be
 * written with the next save.  Nothing is saved anywhere: exit 3.
 */
#ifndef MADOGUCHI_CLI_LOG_H
#define MADOGUCHI_CLI_LOG_H

#include "cli.h"

int cli_log_main(struct cli *c, int argc, char **argv);

#endif
