/*
 * snapshot_import — the investigation's affected list (a CSV already
 * decoded by src/csv) validated and merged into persons, then written by
 * snapshot_write.
 *
 * Every row is checked (its columns, every identifier through src/ident,
 * the flags and dates); every bad row is reported as "line N: column:
 * what is wrong" and then nothing is written.  Rows of one person are
 * merged: by their ref, or, for a row without one, by sharing a name
 * factor and a supporting factor with exactly one person (two candidates
 * are reported, not guessed).  Only keyed digests of the identifiers are
 * kept past the row that held them.
 *
 * Ownership: text, key and the callback context are the caller's; the
 * report callback's message lives until it returns.
 */
#ifndef MADOGUCHI_SNAPSHOT_IMPORT_H
#define MADOGUCHI_SNAPSHOT_IMPORT_H

#include <stdint.h>
#include "csv.h"
#include "err.h"
#include "snapshot.h"
#include "snapshot_write.h"

/* Called once per bad row: "line N: column: what is wrong". */
typedef void snapshot_report_fn(void *ctx, const char *msg);

/* Imports text into out.  On bad rows calls report for each and returns
 * -1 with err saying how many bad rows; nothing is written.  name is the
 * source file's name for messages.  new_key, when not NULL, is where key
 * is to be saved (mode 0600, never over an existing file): only just
 * before the snapshot is renamed into place, so a failed or interrupted
 * import leaves no key behind. */
int snapshot_import(const char *name, const struct csv_text *text, const char *out,
		    const uint8_t key[SNAPSHOT_KEY_BYTES], const char *new_key,
		    snapshot_report_fn *report, void *ctx, struct snapshot_summary *sum,
		    struct err *err);

/* Validates and merges without writing anything (the fuzz target). */
int snapshot_import_check(const char *name, const struct csv_text *text,
			  const uint8_t key[SNAPSHOT_KEY_BYTES], snapshot_report_fn *report,
			  void *ctx, struct snapshot_summary *sum, struct err *err);

#endif
