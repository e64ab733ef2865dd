/*
 * cli_faq — `madoguchi faq list|show|search`: the FAQ for scripts and tests,
 * through the same src/faq code the screen uses.
 */
#ifndef MADOGUCHI_CLI_FAQ_H
#define MADOGUCHI_CLI_FAQ_H

#include "cli.h"
#include "faq.h"

int cli_faq_main(struct cli *c, int argc, char **argv);

/* Loads the FAQ chosen by the settings (faq_dir, data_dir/synonyms.tsv).
 * 0, or -1 with err. */
int cli_faq_load(const struct cli *c, struct faq **out, struct err *err);

#endif
