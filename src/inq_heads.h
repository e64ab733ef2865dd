/*
 * inq_heads — the chain heads that leave the log.  After every committed
 * write (a call, a lookup event, a read of the log, a merge, a flush of
 * the spool, a purge) the last position and hash of each chain it touched
 * go to syslog, facility authpriv, ident "madoguchi" with the PID:
 *
 *   madoguchi[PID]: head TABLE:SEQ:HASH at 2026-11-27T03:15:54.123Z
 *
 * Whoever can rewrite the file (root, a restored backup) can recompute
 * every hash of it, but not what the system log kept: `log verify
 * --head`/`--syslog` checks the file against these lines (src/inq_chain),
 * and a log shorter than a head it once had is cut.  Only a durable write
 * is announced: after COMMIT and the WAL sync.
 *
 * Ownership: the heads marked are the log's (struct inq_log); a line's
 * text is the caller's.
 */
#ifndef MADOGUCHI_INQ_HEADS_H
#define MADOGUCHI_INQ_HEADS_H

#include "err.h"
#include "inq_chain.h"
#include "inq_read.h"

/* The head a syslog line announces, as journalctl or /var/log/auth.log
 * show them (anything before "madoguchi[PID]: head "): 1 with *h; 0 when
 * the line is no head of ours; -1 with err for a head line that cannot
 * be read. */
int inq_head_of_line(const char *line, struct inq_head *h, struct err *err);

/* ---- for the other inq_ files ---- */

struct inq_log;

/* t's head is now seq, hash: said after the next COMMIT. */
void inq_heads_mark(struct inq_log *log, enum inq_table t, long long seq, const char *hash);
/* Forgets what was marked (a write rolled back). */
void inq_heads_clear(struct inq_log *log);
/* Says every head marked (to syslog, or to the log's on_head for tests)
 * and forgets them. */
void inq_heads_announce(struct inq_log *log);

#endif
