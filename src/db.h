/*
 * db — what an SQLite failure means to the person who has to fix it.
 *
 * SQLite's own messages ("disk I/O error", "attempt to write a readonly
 * database") name the symptom; the log and the snapshot both say the
 * cause an office can act on (the disk is full, the file-size limit, a
 * read-only file), then SQLite's words in brackets.
 *
 * Ownership: nothing is kept; strings returned are static (translated).
 */
#ifndef MADOGUCHI_DB_H
#define MADOGUCHI_DB_H

#include "err.h"

struct sqlite3;

/* The cause of an SQLite result code, in words. */
const char *db_why(int rc);

/* For an I/O error on the database at path: the disk full, or the
 * process's file-size limit reached (SQLite's errno is not the failed
 * write's, so they are looked at directly); NULL when neither. */
const char *db_why_io(const char *path);

/* err = "WHAT: CAUSE (SQLite's message)" for the last error of db; -1. */
int db_fail(struct sqlite3 *db, const char *what, struct err *err);

#endif
