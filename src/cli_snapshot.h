/*
 * cli_snapshot — the snapshot's subcommands: import, demo, snapshot info,
 * lookup.  The snapshot and its key come from the global options --snapshot
 * and --key (or MADOGUCHI_SNAPSHOT, MADOGUCHI_KEY, the config file).
 */
#ifndef MADOGUCHI_CLI_SNAPSHOT_H
#define MADOGUCHI_CLI_SNAPSHOT_H

#include "cli.h"
#include "err.h"

struct snapshot;

/* Opens the snapshot the settings name (--snapshot, --key).  0, or -1 with
 * one line in err saying what to do.  The screen uses it too. */
int cli_snapshot_open(const struct cli *c, struct snapshot **s, struct err *err);

int cli_import_main(struct cli *c, int argc, char **argv);
int cli_demo_main(struct cli *c, int argc, char **argv);
int cli_snapshot_main(struct cli *c, int argc, char **argv);
int cli_lookup_main(struct cli *c, int argc, char **argv);

#endif
