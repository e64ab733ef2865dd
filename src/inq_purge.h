/*
 * inq_purge — `log purge --before DAY`: the retention purge of the notes.
 *
 * A call's note can hold what a caller said about themselves; a desk
 * keeps it as long as its rules say, then erases it.  The chain commits to
 * a note through its salted hash (src/inq_chain: v2 rows), so erasing the
 * note and its salt (note and note_salt set to NULL) leaves every hash
 * true: `log verify` still passes and counts the notes purged.  Calls
 * written before schema 3 (v1 rows) commit to the note itself: theirs
 * cannot be erased without breaking the chain, and are left, counted.
 *
 * One write transaction with SQLite's secure_delete on (the text is
 * overwritten, not only unlinked), then a checkpoint that empties the
 * write-ahead log, where older copies of the pages would otherwise stay.
 * Only the log's owner can do it: on a desk host root (the office),
 * in-process; the file's modes keep everyone else out.
 *
 * Ownership: nothing is kept.
 */
#ifndef MADOGUCHI_INQ_PURGE_H
#define MADOGUCHI_INQ_PURGE_H

#include <stdbool.h>
#include "err.h"
#include "inq_store.h"

struct inq_purged {
	long purged;              /* notes erased now */
	long kept;                /* notes of older (v1) calls before the day, left */
	bool wal_emptied;         /* the checkpoint emptied the write-ahead log */
};

/* Erases the notes (and salts) of the calls that started before before
 * (a UTC log time, as logview_day gives).  0 with *p, or -1 with err. */
int inq_purge(struct inq_log *log, const char *before, struct inq_purged *p, struct err *err);

#endif
