/*
 * inq_merge — `log merge OTHER.db`: the rows of another log (another
 * host's, a copy) that this one lacks, by UUID, appended in OTHER's chain
 * order and re-chained here, each keeping the hash it had there as
 * origin_hash.  Repeating a merge adds nothing; OTHER must verify first,
 * in the same read transaction as the copy, and every row it adds must
 * pass the checks an append makes (src/inq_check: a UUID, times, the
 * vocabularies, a disposition of data/dispositions.tsv, no control
 * characters in names); OTHER's log tables must be plain tables
 * (src/inq_read).  One bad row and nothing is merged.
 *
 * Ownership: nothing is kept.
 */
#ifndef MADOGUCHI_INQ_MERGE_H
#define MADOGUCHI_INQ_MERGE_H

#include "err.h"
#include "inq_store.h"

struct inq_disps;

/* 0 with *added; 1 with err when other does not verify or holds a row
 * that fails the checks (a finding, as with inq_verify_log; err names
 * other's table and position); -1 with err when other cannot be read (or
 * is not a log); -2 with err when this log cannot be written.  disps: the
 * disposition codes a call may have (NULL: their shape only). */
int inq_merge(struct inq_log *log, const char *other, const struct inq_disps *disps, long *added,
	      struct err *err);

#endif
