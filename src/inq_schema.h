/*
 * inq_schema — what the inquiry log's tables are, for the inq_ files only:
 * each table described once (its SQL name, the domain tag of its hash, its
 * time column, its data columns in canonical order), the migrations that
 * bring a log to INQ_SCHEMA_VERSION, and the checks every connection
 * makes before it reads or writes (PRAGMA user_version; a database that
 * is somebody else's).
 *
 * Not for callers outside src/inq_*.c: they see the columns through
 * inq_columns() (src/inq_read).
 *
 * Ownership: the descriptions are static; a record's field pointers are
 * its maker's (a caller's entry, a statement's row, a parsed spool line).
 */
#ifndef MADOGUCHI_INQ_SCHEMA_H
#define MADOGUCHI_INQ_SCHEMA_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "inq_read.h"

#define INQ_MAX_COLS 16
#define INQ_NTABLES 3

/* One table.  seq (the chain position), prev_hash and hash are not data
 * columns. */
struct inq_tdesc {
	const char *name;
	const char *tag;           /* the domain tag of its hash */
	const char *timecol;
	const char *const *cols;   /* data columns, canonical order */
	int ncols;
	int opcol;                 /* position of "operator" in cols */
	int since;                 /* the schema version that made the table */
};

extern const struct inq_tdesc inq_tables[INQ_NTABLES];

/* Column positions used by name. */
enum { INQ_C_UUID = 0 };

struct inq_field {
	const char *p;             /* NULL: SQL NULL */
	size_t n;
};

/* A row of a table as its data columns. */
struct inq_rec {
	const struct inq_tdesc *t;
	struct inq_field f[INQ_MAX_COLS];
};

/* A field of s (NULL stays NULL). */
struct inq_field inq_fstr(const char *s);

/* The one integer sql answers, in *v (left alone on failure).  SQLite's
 * result code. */
int inq_int_query(sqlite3 *db, const char *sql, int *v);
int inq_user_version(sqlite3 *db, int *v);

/* Runs the migrations from version *v up to INQ_SCHEMA_VERSION and sets
 * user_version, inside the caller's write transaction; *v ends at the
 * version reached.  SQLite's result code. */
int inq_schema_upgrade(sqlite3 *db, int *v);

/* *foreign = the database holds tables but no inquiry table (somebody
 * else's file); left alone when the schema cannot be read. */
int inq_foreign_db(sqlite3 *db, bool *foreign);

/* The one-line refusals of a foreign database and of a newer schema;
 * both return -1. */
int inq_foreign_err(struct err *err);
int inq_newer_err(int v, struct err *err);

/* True when the log has its tables (an empty file has none yet). */
bool inq_has_schema(sqlite3 *db);
/* True when the log's schema version has table t. */
bool inq_has_table(sqlite3 *db, const struct inq_tdesc *t);

#endif
