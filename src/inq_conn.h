/*
 * inq_conn — the writer's connection to the inquiry log, for the inq_
 * files only: made on first use and kept between calls (never inside a
 * transaction), its busy handler, the writers' queue, its cache of
 * prepared statements, and the write transaction from BEGIN IMMEDIATE to
 * the WAL sync after COMMIT.
 *
 * One deadline per operation (an append with the flush before it, a
 * flush, a merge): the queue, the busy handler and the retries of the
 * connection's set-up all wait against it, so INQ_BUSY_MS is how long an
 * append can wait in all.  inq_deadline_begin() starts one unless one
 * runs already and says whether it did; inq_deadline_end() ends it if so.
 *
 * Ownership: the connection and the queue's descriptor are the log's
 * (struct inq_log, src/inq_private.h), closed by inq_disconnect().
 * Cached statements belong to the connection: reset after use, never
 * finalized by the user.
 */
#ifndef MADOGUCHI_INQ_CONN_H
#define MADOGUCHI_INQ_CONN_H

#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>
#include "err.h"
#include "inq_private.h"

bool inq_deadline_begin(struct inq_log *log);
void inq_deadline_end(struct inq_log *log, bool mine);

/* Milliseconds since t0 (CLOCK_MONOTONIC). */
long inq_ms_since(const struct timespec *t0);
/* A nap of 1-3 ms between two tries of a connection's set-up. */
void inq_setup_nap(void);

/* flock(LOCK_EX) on fd that gives up after ms (errno EWOULDBLOCK).
 * 0 or -1. */
int inq_lock_within(int fd, int ms);

/* Opens the connection unless it is open: makes the file (0660), refuses
 * a network file system and another program's database, WAL, migrations.
 * 0, or -1 with err. */
int inq_connect(struct inq_log *log, struct err *err);
/* Closes the connection and leaves the queue. */
void inq_disconnect(struct inq_log *log);

/* The queue, BEGIN IMMEDIATE, then a look at the schema under the lock.
 * 0, or -1 with err (the connection closed). */
int inq_begin_write(struct inq_log *log, struct err *err);
/* COMMIT, the queue handed on, then the WAL sync that makes it durable.
 * SQLite's result code. */
int inq_commit(struct inq_log *log);
/* A write transaction that failed: err says why (from db), rolled back,
 * the connection closed.  -1. */
int inq_abort(struct inq_log *log, struct err *err);

/* err = the cause of db's last error in words (src/db) and SQLite's
 * message; when log is given, its set-up code is kept and its connection
 * closed.  -1. */
int inq_db_fail(struct inq_log *log, sqlite3 *db, struct err *err);

/* The statement cache: sql prepared once per connection and found again
 * by its text; inq_unprep() leaves it ready for the next use and passes
 * rc on; inq_step_done() steps one without result rows. */
int inq_prep(sqlite3 *db, const char *sql, sqlite3_stmt **st);
int inq_unprep(sqlite3_stmt *st, int rc);
int inq_step_done(sqlite3_stmt *st);

#endif
