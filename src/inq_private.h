/*
 * inq_private — struct inq_log, the writer's state, shared by the inq_
 * files that write the log (inq_store opens and closes it, inq_conn keeps
 * its connection and queue, inq_spool its spool, inq_merge writes through
 * it).  Callers see it only as the opaque struct of src/inq_store.h; no
 * file outside src/inq_*.c includes this one.
 *
 * Ownership: made by inq_open(), freed by inq_close(); every pointer in it
 * is its own.
 */
#ifndef MADOGUCHI_INQ_PRIVATE_H
#define MADOGUCHI_INQ_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>

struct inq_log {
	char *path;
	char *spool;
	char *rejected;            /* spool lines that can never be written */
	char operator[64];
	char host[256];
	int busy_ms;
	bool write_ahead;
	char *vfs;
	sqlite3 *db;               /* open between calls, never inside a transaction */
	int queue_fd;              /* LOG-lock, the writers' queue; -1 when unusable */
	bool queued;               /* this process holds the queue */
	int setup_rc;              /* SQLite's code when connection set-up failed */
	struct timespec deadline;  /* of the operation under way */
	bool timed;                /* an operation has started the deadline */
	struct timespec busy_start;
};

#endif
