/*
 * inquiry — the shared inquiry log: one row per call, one event per lookup.
 *
 * The log is one SQLite file in WAL mode written by every operator's process
 * (durable as synchronous=FULL: each append's WAL sync is done right after
 * its COMMIT, outside the write lock, so concurrent appends share a disk
 * flush; a busy handler installed before any statement, each
 * append in its own BEGIN IMMEDIATE, no statement or transaction left open
 * between calls).  Each table is a hash chain: a row's hash is BLAKE2b-256
 * over the previous row's hash and the row's canonical bytes (see
 * inquiry.c, "Canonical bytes"), so `log verify` finds an edited, inserted
 * or deleted row.  Appends are idempotent by UUID.
 *
 * Nothing is lost: when the log cannot be written (locked past the timeout,
 * disk full, read-only, missing directory, not a database, a newer schema),
 * the entry goes to a per-user spool file (mode 0600, one JSON line per
 * entry) and inq_append() says INQ_SPOOLED; the spool is flushed, each entry
 * once, on open and before the next append that reaches the log.
 *
 * inq_open() ignores SIGXFSZ for the whole process, so that a file-size
 * limit (RLIMIT_FSIZE) becomes an I/O error the log spools around instead
 * of a killed process.
 *
 * Ownership: struct inq_log is opaque, made by inq_open(), freed by
 * inq_close().  Entries are the caller's; their string pointers are only
 * read during the call.  Rows passed to an inq_each_fn live until it
 * returns.
 */
#ifndef MADOGUCHI_INQUIRY_H
#define MADOGUCHI_INQUIRY_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

#define INQ_SCHEMA_VERSION 2
#define INQ_UUID_LEN 36
#define INQ_TIME_LEN 24            /* 2026-11-27T03:15:54.123Z */
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

/* Checks an entry's fields (vocabularies, lengths).  0, or -1 with err
 * naming the field. */
int inq_entry_check(const struct inq_entry *e, struct err *err);

int inq_event_check(const struct inq_event *ev, struct err *err);
int inq_access_check(const struct inq_access *a, struct err *err);

/* Appends a call / a lookup event (filling uuid and times when empty).
 * On INQ_SPOOLED err holds a one-line message for the operator. */
enum inq_status inq_append(struct inq_log *log, struct inq_entry *e, struct err *err);
enum inq_status inq_event_append(struct inq_log *log, struct inq_event *ev, struct err *err);
enum inq_status inq_access_append(struct inq_log *log, struct inq_access *a, struct err *err);

/* Writes the spooled entries to the log, each once.  Returns how many are
 * still pending (0 when all went in), or -1 with err. */
long inq_flush(struct inq_log *log, struct err *err);

/* Entries waiting in the spool (for the status line); -1 if unreadable. */
long inq_pending(const struct inq_log *log);

/* ---- disposition codes (data/dispositions.tsv: code TAB ja TAB en) ---- */

struct inq_disp {
	char *code, *label_ja, *label_en;
};

struct inq_disps {
	size_t n;
	struct inq_disp *d;
};

/* Loads the table; '#' lines and blank lines are skipped.  0, or -1 with
 * err naming file:line.  inq_disps_free() releases it. */
int inq_disps_load(const char *path, struct inq_disps *out, struct err *err);
void inq_disps_free(struct inq_disps *ds);
const struct inq_disp *inq_disps_find(const struct inq_disps *ds, const char *code);
/* d's label in the desk's language (see i18n_english). */
const char *inq_disp_label(const struct inq_disp *d, bool english);

/* ---- reading: export, verify, merge (read-only connections) ---- */

struct sqlite3;

/* A read-only connection to the log at path, for src/logview, opened as
 * export and verify open theirs: tried again while another process holds
 * the log for its last close, and refused with one line (err, naming
 * path) when the file is missing, unreadable, not a log, on a network
 * file system or of a newer schema.  *version gets the schema version
 * (0: created, nothing written yet).  The caller owns the connection
 * (sqlite3_close_v2). */
struct sqlite3 *inq_open_ro(const char *path, int *version, struct err *err);

enum inq_table { INQ_CALLS, INQ_LOOKUPS, INQ_ACCESS };

/* A row as stored: names[i] / values[i] (NULL for SQL NULL), lens[i] bytes. */
struct inq_row {
	int n;
	const char *const *names;
	const char *const *values;
	const int *lens;
};

struct inq_filter {
	const char *since;        /* UTC ISO timestamp, inclusive, or NULL */
	const char *until;        /* UTC ISO timestamp, exclusive, or NULL */
	const char *operator;     /* or NULL */
};

typedef int (*inq_each_fn)(const struct inq_row *row, void *ctx);

/* Calls fn for each row of table in chain order; stops when fn returns
 * non-zero.  0, or -1 with err (path names the log). */
int inq_each(const char *path, enum inq_table t, const struct inq_filter *f,
	     inq_each_fn fn, void *ctx, struct err *err);

struct inq_verify {
	long calls, lookups, access;  /* rows checked */
	bool ok;
	char problem[512];        /* the first problem when !ok */
};

/* True when path is an inquiry log this program can read (its tables are
 * there); false for a missing file, an empty one, another database. */
bool inq_is_log(const char *path);

/* Checks both chains.  0 with *v filled (v->ok false names the first bad
 * row), or -1 with err when the log cannot be read. */
int inq_verify_log(const char *path, struct inq_verify *v, struct err *err);

/* Appends the rows of other that this log lacks (by UUID), in other's chain
 * order, keeping other's hash as origin_hash.  other must verify.  0 with
 * *added; 1 with err when other does not verify (a finding, as with
 * inq_verify_log); -1 with err when other cannot be read (or is not a
 * log); -2 with err when this log cannot be written. */
int inq_merge(struct inq_log *log, const char *other, long *added, struct err *err);

#endif
