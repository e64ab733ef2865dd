/*
 * cli_snapshot — the snapshot's subcommands: import, demo, snapshot info,
 * lookup.  The snapshot and its key come from the global options --snapshot
 * and --key (or MADOGUCHI_SNAPSHOT, MADOGUCHI_KEY, the config file), opened
 * by src/app; the lookup is src/call's, the flow the screen runs.
 */
#ifndef MADOGUCHI_CLI_SNAPSHOT_H
#define MADOGUCHI_CLI_SNAPSHOT_H

#include "cli.h"

int cli_import_main(struct cli *c, int argc, char **argv);
int cli_demo_main(struct cli *c, int argc, char **argv);
int cli_snapshot_main(struct cli *c, int argc, char **argv);
int cli_lookup_main(struct cli *c, int argc, char **argv);

#endif
