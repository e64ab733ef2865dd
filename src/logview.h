/*
 * logview — the inquiry log as a supervisor reads it: pages of calls with
 * combinable filters, one call in detail, and the export of a filtered
 * view.  The figures of a range are src/logview_stats; the days a
 * supervisor types and the log's times in local time, src/logview_day.
 *
 * The log is opened read-only (SQLITE_OPEN_READONLY, busy timeout first,
 * PRAGMA query_only).  Every query runs to completion and its statement is
 * finalized before the function returns, so no read transaction stays open
 * while a screen waits for a key (an open reader stops the writers'
 * checkpoints).  Pages are keyset queries on (started_at, seq), newest
 * first, using the log's indexes; the whole log is never loaded.  The note
 * text filter is folded like the FAQ search (text_fold on both sides),
 * which SQL cannot do: candidates are read in batches and filtered in C,
 * at most LOGVIEW_SCAN_MAX rows per call.
 *
 * Times in the log are UTC; days, hours and desk hours are local time.
 *
 * Ownership: struct logview is opaque (logview_open/logview_close).  The
 * filter's strings are the caller's.  Rows (free()) and details
 * (logview_detail_free) are filled by logview.
 */
#ifndef MADOGUCHI_LOGVIEW_H
#define MADOGUCHI_LOGVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "err.h"

#define LOGVIEW_TIME_LEN 24        /* 2026-11-27T03:15:54.123Z */
#define LOGVIEW_UUID_LEN 36
#define LOGVIEW_NOTE_HEAD 240      /* bytes of the note kept per row */
#define LOGVIEW_SCAN_MAX 10000     /* rows read per call for the note filter */

struct logview;

struct logview_filter {
	char since[LOGVIEW_TIME_LEN + 1];   /* UTC, inclusive; "" none */
	char until[LOGVIEW_TIME_LEN + 1];   /* UTC, exclusive; "" none */
	const char *operator;               /* NULL or "": any */
	const char *disposition;
	const char *match;                  /* a level, or "-" for none recorded */
	bool escalated;                     /* escalated calls only */
	const char *text;                   /* in the note, folded; NULL or "": any;
	                                       words (spaces) all there, each
	                                       as one of its spellings a|b */
};

/* The key of a row in the newest-first order. */
struct logview_key {
	char started_at[LOGVIEW_TIME_LEN + 1];
	long long seq;
};

struct logview_row {
	struct logview_key key;
	char uuid[LOGVIEW_UUID_LEN + 1];
	char ended_at[LOGVIEW_TIME_LEN + 1];
	char operator[64];
	char match[16];                     /* "" when none recorded */
	char disposition[32];
	char state[16];
	bool escalate;
	long duration_ms;                   /* ended_at - started_at */
	char note[LOGVIEW_NOTE_HEAD + 1];   /* the start of the note, whole characters */
};

/* Opens path read-only.  A log that does not exist yet is empty, not an
 * error.  0, or -1 with err naming the file. */
int logview_open(const char *path, struct logview **out, struct err *err);
void logview_close(struct logview *lv);

/* ---- pages ---- */

enum logview_dir { LOGVIEW_OLDER, LOGVIEW_NEWER };

/* Up to max rows matching f, newest first.  from: NULL starts at the
 * newest row; else the rows strictly older (LOGVIEW_OLDER) or strictly
 * newer (LOGVIEW_NEWER, still returned newest first) than *from;
 * inclusive makes *from itself count too.  *rows is malloc'd (free());
 * *complete says whether the end was reached (false also when the note
 * filter stopped after LOGVIEW_SCAN_MAX rows).  Returns the number of rows,
 * or -1 with err. */
long logview_page(struct logview *lv, const struct logview_filter *f,
		  const struct logview_key *from, enum logview_dir dir, bool inclusive,
		  long max, struct logview_row **rows, bool *complete, struct err *err);

/* ---- one call in full ---- */

#define LOGVIEW_NFIELDS 16
struct logview_detail {
	int n;
	const char *names[LOGVIEW_NFIELDS];
	char *values[LOGVIEW_NFIELDS];      /* NULL for none */
};

/* The call with this uuid.  1 found, 0 not found, -1 with err. */
int logview_detail(struct logview *lv, const char *uuid, struct logview_detail *d,
		   struct err *err);
void logview_detail_free(struct logview_detail *d);
const char *logview_detail_get(const struct logview_detail *d, const char *name);
/* The name of a call's field i (0 … LOGVIEW_NFIELDS-1), as details hold
 * them (static); NULL past the last. */
const char *logview_detail_name(int i);

/* ---- export ---- */

enum logview_fmt { LOGVIEW_CSV, LOGVIEW_JSONL };

/* Writes every call matching f (newest first, as the screen shows them) to
 * out through src/export: CSV (UTF-8 with a BOM, or CP932 when cp932) or
 * JSON Lines (always UTF-8), the columns and bytes of `log export`.
 * Returns the rows written, or -1 with err (nothing written when it
 * failed before the first row). */
long logview_export(struct logview *lv, const struct logview_filter *f, enum logview_fmt fmt,
		    bool cp932, FILE *out, struct err *err);

#endif
