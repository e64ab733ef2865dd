/*
 * inq_read — reading the inquiry log: the one read-only connection (the
 * review screen's, `log export`'s, `log verify`'s, a merge source's), the
 * rows of a table in chain order, and whether a file is a log at all.
 *
 * Every reader refuses with one line naming the path a file that is
 * missing, unreadable, a directory, on a network file system, another
 * program's database (tables but no `inquiry`) or of a newer schema, and
 * tries again while another process holds the log for its last close.
 *
 * Ownership: inq_open_ro's connection is the caller's (sqlite3_close_v2).
 * Rows passed to an inq_each_fn live until it returns.  The column names
 * of inq_columns() are static.
 */
#ifndef MADOGUCHI_INQ_READ_H
#define MADOGUCHI_INQ_READ_H

#include <stdbool.h>
#include "err.h"

#define INQ_SCHEMA_VERSION 2       /* the schema this program reads and writes */

struct sqlite3;

/* The log's three hash chains. */
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

/* A read-only connection to the log at path, for src/logview, opened as
 * export and verify open theirs, refused as said above (err naming path).
 * *version gets the schema version (0: created, nothing written yet). */
struct sqlite3 *inq_open_ro(const char *path, int *version, struct err *err);

/* Calls fn for each row of table t in chain order (columns: seq, the data
 * columns of inq_columns(), prev_hash, hash); stops when fn returns
 * non-zero.  0, or -1 with err (path names the log).  A log whose schema
 * has no such table yet has no rows. */
int inq_each(const char *path, enum inq_table t, const struct inq_filter *f,
	     inq_each_fn fn, void *ctx, struct err *err);

/* True when path is an inquiry log this program can read (its tables are
 * there); false for a missing file, an empty one, another database. */
bool inq_is_log(const char *path);

/* The data columns of table t in canonical order (*n of them; the last
 * is origin_hash). */
const char *const *inq_columns(enum inq_table t, int *n);

/* ---- for the other inq_ files ---- */

struct sqlite3_stmt;
struct inq_tdesc;
struct inq_rec;

/* inq_open_ro without the version. */
struct sqlite3 *inq_ro_open(const char *path, struct err *err);

/* The rows of t matching f (NULL: all) in chain order: seq, the data
 * columns, prev_hash, hash.  NULL when it cannot be prepared. */
struct sqlite3_stmt *inq_select(struct sqlite3 *db, const struct inq_tdesc *t,
				const struct inq_filter *f);

/* A record from a row of inq_select() (pointers into the statement). */
void inq_rec_of_row(struct sqlite3_stmt *st, const struct inq_tdesc *t, struct inq_rec *r);

/* The network file system path is on ("NFS", "SMB" …), or NULL. */
const char *inq_network_fs(const char *path);
bool inq_is_dir(const char *path);
/* What to say when a directory is named as the log. */
const char *inq_dir_given(void);

#endif
