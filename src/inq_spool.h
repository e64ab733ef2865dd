/*
 * inq_spool — the per-user spool of the inquiry log: where an entry goes
 * when the log cannot be written, so that nothing is lost.
 *
 * One file per user and log (spool-USER-HASH.jsonl, HASH of the log's
 * absolute path, mode 0600), one JSON object per line:
 * {"table":"inquiry","uuid":"…",…}; a missing key is NULL.  A value that
 * is not valid UTF-8 (a note "as typed") is written in hex under
 * NAME_hex, so the spool keeps its exact bytes.  Appends and flushes hold
 * flock() on the file: one user's processes take turns, and a flush
 * empties it only after its COMMIT, so a crash in between makes the next
 * flush insert nothing twice (UUIDs).  Lines that can never be written
 * (torn by a crash, another user's name, failing a CHECK) move to
 * rejected-USER-HASH.jsonl for a person to look at.
 *
 * Ownership: the spool's paths are the log's (struct inq_log).
 */
#ifndef MADOGUCHI_INQ_SPOOL_H
#define MADOGUCHI_INQ_SPOOL_H

#include "err.h"
#include "inq_store.h"

/* Writes the spooled entries to the log, each once.  Returns how many are
 * still pending (0 when all went in), or -1 with err. */
long inq_flush(struct inq_log *log, struct err *err);

/* Entries waiting in the spool (for the status line); -1 if unreadable. */
long inq_pending(const struct inq_log *log);

/* ---- for the other inq_ files ---- */

struct inq_rec;

/* Sets log->spool and log->rejected in dir for log->path and operator.
 * 0, or -1 with err. */
int inq_spool_paths(struct inq_log *log, const char *dir, struct err *err);

/* Appends r to the spool, synced.  0, or -1 with err naming the spool. */
int inq_spool_write(struct inq_log *log, const struct inq_rec *r, struct err *err);

/* inq_flush inside the caller's operation (its deadline and umask). */
long inq_spool_flush(struct inq_log *log, struct err *err);

#endif
