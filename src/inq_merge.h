/*
 * inq_merge — `log merge OTHER.db`: the rows of another log (another
 * host's, a copy) that this one lacks, by UUID, appended in OTHER's chain
 * order and re-chained here, each keeping the hash it had there as
 * origin_hash.  Repeating a merge adds nothing; OTHER must verify first,
 * in the same read transaction as the copy.
 *
 * Ownership: nothing is kept.
 */
#ifndef MADOGUCHI_INQ_MERGE_H
#define MADOGUCHI_INQ_MERGE_H

#include "err.h"
#include "inq_store.h"

/* 0 with *added; 1 with err when other does not verify (a finding, as
 * with inq_verify_log); -1 with err when other cannot be read (or is not
 * a log); -2 with err when this log cannot be written. */
int inq_merge(struct inq_log *log, const char *other, long *added, struct err *err);

#endif
