/*
 * export — the one writer of the log's rows for people and programs:
 * `log export` (rows in chain order) and the review's `x` (the calls of
 * the screen's filter, newest first) both write through it, so the same
 * table gives the same columns and the same bytes.
 *
 * Columns: seq and the table's data columns in the log's order, without
 * origin_hash (the chain's own columns, origin_hash, prev_hash and hash,
 * are left out: `log verify` checks the chain).
 *
 * CSV (for Excel): RFC 4180 (a field with a comma, quote or line break is
 * quoted, quotes doubled), CRLF after each record, a header line, a cell
 * Excel would read as a formula (= + - @) starting with ', control
 * characters other than TAB, CR and LF as U+FFFD; each time column (at,
 * *_at), kept in UTC, is repeated at the row's end in local time as Excel
 * reads a date (started_local, ended_local, at_local).  UTF-8 with a BOM,
 * or CP932 without one (what CP932 lacks becomes '?').
 * JSON Lines: one object per row, always UTF-8, seq a number, escalate a
 * boolean, every other value a string (src/json: controls escaped).
 * Bytes of the log that are not UTF-8 are exported as U+FFFD.
 *
 * One rule for the start: the BOM and the header go out with the first
 * row, or when an export without rows finishes; an export that fails
 * before its first row has written nothing.
 *
 * Ownership: struct export is opaque (export_open/export_free); out is the
 * caller's and stays open.  Rows are only read during export_row().
 */
#ifndef MADOGUCHI_EXPORT_H
#define MADOGUCHI_EXPORT_H

#include <stdio.h>
#include "err.h"
#include "inq_read.h"

#define EXPORT_MAX_COLS 17

enum export_fmt {
	EXPORT_JSONL,
	EXPORT_CSV,               /* UTF-8 with a BOM */
	EXPORT_CSV_CP932,
};

struct export;

/* The columns an export of table t has, into names (at least
 * EXPORT_MAX_COLS); returns how many.  The names are static. */
int export_columns(enum inq_table t, const char **names);

/* An export of table t to out.  0, or -1 with err (no CP932 converter,
 * out of memory). */
int export_open(enum export_fmt fmt, enum inq_table t, FILE *out, struct export **x,
		struct err *err);

/* Writes one row, whose columns are found by name (a row may hold more;
 * one that lacks a column exports it as NULL).  0, or -1 with err. */
int export_row(struct export *x, const struct inq_row *r, struct err *err);

/* Finishes: the BOM and header of an export without rows, then flushes
 * out.  The number of rows written, or -1 with err. */
long export_finish(struct export *x, struct err *err);

void export_free(struct export *x);

/* The rows of table t of the log at path matching f, in chain order, to
 * out: `log export`, here or in the gate.  The rows written, or -1 with
 * err (the log cannot be read; out cannot be written). */
long export_log(const char *path, enum inq_table t, const struct inq_filter *f,
		enum export_fmt fmt, FILE *out, struct err *err);

#endif
