/*
 * cli_ident — `madoguchi normalize KIND VALUE`: the canonical form of one
 * identifier (src/ident), for scripts, tests and the operator's checks.
 */
#ifndef MADOGUCHI_CLI_IDENT_H
#define MADOGUCHI_CLI_IDENT_H

#include "cli.h"

/* argv[0] is "normalize".  Prints the canonical form on stdout and returns
 * CLI_OK (a warning goes to stderr); CLI_USAGE with one line on stderr
 * when the value cannot be read or the kind is unknown. */
int cli_ident_main(struct cli *c, int argc, char **argv);

#endif
