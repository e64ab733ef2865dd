/*
 * cli_faq — `madoguchi faq list|show|search`: the FAQ for scripts and tests,
 * through the same src/faq code the screen uses, opened by src/app.
 */
#ifndef MADOGUCHI_CLI_FAQ_H
#define MADOGUCHI_CLI_FAQ_H

#include "cli.h"

int cli_faq_main(struct cli *c, int argc, char **argv);

#endif
