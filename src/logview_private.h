/*
 * logview_private — what the logview files share and callers do not see:
 * struct logview (the read-only connection and the note filter's memo)
 * and the query pieces every reader of the calls builds on (the filter's
 * conditions, bound texts, the folded note filter).  Included only by
 * src/logview*.c.
 *
 * Ownership: struct logview is made by logview_open() and freed by
 * logview_close(); a query's bound strings are the caller's and must
 * outlive its statement.
 */
#ifndef MADOGUCHI_LOGVIEW_PRIVATE_H
#define MADOGUCHI_LOGVIEW_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "logview.h"

struct logview_memo;

struct logview {
	char *path;
	sqlite3 *db;              /* NULL: the log does not exist yet (empty) */
	int version;              /* the log's schema version */
	struct logview_memo *memo;  /* made on the first note search */
};

/* A query being built: SQL text and the texts bound to its ?s in order,
 * then seq when keyset. */
struct logview_query {
	char sql[1024];
	const char *bind[8];
	int nbind;
	long long seq;
	bool keyset;
};

/* Appends " AND cond", binding value (when not NULL) to its '?'. */
void logview_cond(struct logview_query *q, const char *cond, const char *value);
/* f's range on timecol and its operator. */
void logview_where(struct logview_query *q, const struct logview_filter *f, const char *timecol);
/* Every condition of f on the inquiry table but the note's. */
void logview_where_calls(struct logview_query *q, const struct logview_filter *f);
/* The statement, bound; NULL with err. */
sqlite3_stmt *logview_prepare(struct logview *lv, const struct logview_query *q, struct err *err);
/* err = "PATH: SQLite's message"; -1. */
int logview_db_err(struct logview *lv, struct err *err);

/* A column's text into dst ("" for NULL). */
void logview_copy(char *dst, size_t size, const unsigned char *src);

/* *needle = f's note text folded (malloc'd), or NULL when f has none.
 * 0, or -1 with err. */
int logview_needle(const struct logview_filter *f, char **needle, struct err *err);
/* Whether the note, folded, holds every word of needle. */
bool logview_note_has(const char *note, size_t n, const char *needle);

#endif
