/*
 * inq_store — writing the shared inquiry log: one row per call, one per
 * lookup, one per read of the log under a supervisor_group.
 *
 * The log is one SQLite file in WAL mode written by every operator's
 * process (src/inq_conn: a busy handler installed before any statement,
 * the writers' queue, each append in its own BEGIN IMMEDIATE, durable as
 * synchronous=FULL by a WAL sync right after COMMIT; no statement or
 * transaction left open between calls).  Each table is a hash chain
 * (src/inq_chain).  Appends are idempotent by UUID.
 *
 * Nothing is lost: when the log cannot be written (locked past the timeout,
 * disk full, read-only, missing directory, not a database, a newer schema),
 * the entry goes to a per-user spool file (src/inq_spool) and the append
 * says INQ_SPOOLED; the spool is flushed, each entry once, on open and
 * before the next append that reaches the log.
 *
 * inq_open() ignores SIGXFSZ for the whole process, so that a file-size
 * limit (RLIMIT_FSIZE) becomes an I/O error the log spools around instead
 * of a killed process.
 *
 * Ownership: struct inq_log is opaque, made by inq_open(), freed by
 * inq_close().  Entries are the caller's; their string pointers are only
 * read during the call.
 */
#ifndef MADOGUCHI_INQ_STORE_H
#define MADOGUCHI_INQ_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "stamp.h"

#define INQ_UUID_LEN STAMP_UUID_LEN
#define INQ_TIME_LEN STAMP_TIME_LEN /* 2026-11-27T03:15:54.123Z */
#define INQ_NOTE_MAX 10000         /* characters */
#define INQ_BUSY_MS 30000          /* how long an append waits for the lock */

struct inq_log;

struct inq_config {
	const char *path;          /* the log; NULL: inq_default_path() */
	const char *spool_dir;     /* NULL: $XDG_STATE_HOME/madoguchi or ~/.local/state/madoguchi */
	int busy_ms;               /* 0: INQ_BUSY_MS */
	const char *vfs;           /* SQLite VFS name, NULL: default (tests inject faults) */
	/* Spool every entry first (one more fsync), then flush: a process
	 * killed at any moment of a save loses nothing; for the screen. */
	bool write_ahead;
	/* Where the chain heads go after each write instead of syslog
	 * (src/inq_heads): tests, which must not write to the host's log.
	 * NULL: syslog. */
	void (*on_head)(void *ctx, const char *line);
	void *on_head_ctx;
};

/* One call.  NULL means "not known"; operator and host come from the OS. */
struct inq_entry {
	char uuid[INQ_UUID_LEN + 1];       /* "": a new random v4 UUID is set */
	char started_at[INQ_TIME_LEN + 1]; /* "": now */
	char ended_at[INQ_TIME_LEN + 1];   /* "": now */
	const char *snapshot_id;
	const char *match;        /* verified, ambiguous, partial, none, or NULL */
	const char *ref;          /* the case reference when verified */
	const char *factors;      /* kinds only: "kana,birth" */
	const char *faq;          /* FAQ entries shown: "7,13" */
	const char *disposition;  /* a code of data/dispositions.tsv (checked by the caller) */
	bool escalate;
	const char *note;         /* as typed, at most INQ_NOTE_MAX characters */
	const char *state;        /* saved or interrupted; NULL: saved */
};

/* One lookup: who looked, when, the verdict; never the values typed. */
struct inq_event {
	char uuid[INQ_UUID_LEN + 1];
	char at[INQ_TIME_LEN + 1];
	const char *snapshot_id;
	const char *verdict;      /* verified, ambiguous, partial, none */
	const char *call_uuid;    /* the call it belongs to, or NULL */
};

/* One attempt to read the log under a supervisor_group: who, when, what
 * (review, log stats, log export), allowed or refused. */
struct inq_access {
	char uuid[INQ_UUID_LEN + 1];
	char at[INQ_TIME_LEN + 1];
	const char *action;
	const char *outcome;      /* allowed, refused */
};

enum inq_status {
	INQ_ERROR = -1,           /* not saved anywhere: err says why */
	INQ_WRITTEN = 0,          /* in the log now */
	INQ_ALREADY = 1,          /* this UUID was in the log already: success */
	INQ_SPOOLED = 2,          /* kept in the spool; err says why and where */
};

/* Default log path: $XDG_STATE_HOME/madoguchi/inquiry.db, else
 * ~/.local/state/madoguchi/inquiry.db.  buf gets the path; NULL if none. */
const char *inq_default_path(char *buf, size_t size);
/* Default spool directory: the directory of inq_default_path(). */
const char *inq_default_spool_dir(char *buf, size_t size);

/* Prepares the log (nothing is created until something is written) and
 * flushes the spool when the log can be reached; a log that cannot be
 * reached is not an error here (the next append spools).  0, or -1 with
 * err (out of memory, no home directory for the spool). */
int inq_open(const struct inq_config *cfg, struct inq_log **out, struct err *err);
void inq_close(struct inq_log *log);

const char *inq_path(const struct inq_log *log);
const char *inq_spool_path(const struct inq_log *log);
const char *inq_operator(const struct inq_log *log);

/* Appends a call / a lookup event / a read of the log (filling uuid and
 * times when empty), after checking it (src/inq_check).  On INQ_SPOOLED
 * err holds a one-line message for the operator. */
enum inq_status inq_append(struct inq_log *log, struct inq_entry *e, struct err *err);
enum inq_status inq_event_append(struct inq_log *log, struct inq_event *ev, struct err *err);

/* How many lookups this log's operator made since (a UTC log time): the
 * lookup events in the log that were not refused, plus every entry still
 * waiting in the operator's spool (which cannot be told apart cheaply, and
 * must not escape a limit).  A log that cannot be read counts as empty
 * then: the spool still counts.  0 with *n, or -1 with err. */
int inq_count_lookups(struct inq_log *log, const char *since, long *n, struct err *err);
enum inq_status inq_access_append(struct inq_log *log, struct inq_access *a, struct err *err);

#endif
