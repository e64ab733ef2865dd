/*
 * logview — the inquiry log as a supervisor reads it: pages of calls with
 * combinable filters, one call in detail, the figures of a date range
 * (calls per hour, dispositions, match levels, operators' counts and median
 * handle times, FAQ entries read most, escalations), the use of the lookup
 * with the unusual marked, and the export of a filtered view.
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
 * filter's strings are the caller's.  Rows, details and stats are filled
 * by logview and freed with their *_free function.
 */
#ifndef MADOGUCHI_LOGVIEW_H
#define MADOGUCHI_LOGVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
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
	const char *text;                   /* in the note, folded; NULL or "": any */
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

/* ---- dates ---- */

enum logview_range { LOGVIEW_ALL, LOGVIEW_TODAY, LOGVIEW_YESTERDAY, LOGVIEW_WEEK };

/* Sets f->since/until to the local day(s) of r as seen at now (a week
 * starts on Monday).  LOGVIEW_ALL clears them. */
void logview_set_range(struct logview_filter *f, enum logview_range r, time_t now);

/* The start of the day s names, plus add days, as a log time (UTC ISO):
 * any form `normalize date` reads, 今日/本日/today and 昨日/yesterday
 * (by now), or a month and day of now's year (11/27, 11月27日, full-width
 * too).  0, or -1 with err saying what is wrong (without s). */
int logview_day(const char *s, int add, time_t now, char out[LOGVIEW_TIME_LEN + 1],
		struct err *err);

/* Sets the range from typed dates (logview_day's forms; either may be
 * NULL or ""): since's day start to the end of until's day.  0, or -1
 * with err naming the date. */
int logview_set_dates(struct logview_filter *f, const char *since, const char *until,
		      struct err *err);

/* A log time (UTC ISO) as local time_t; -1 when malformed. */
time_t logview_time(const char *iso);

/* A log time as local "YYYY-MM-DD HH:MM:SS", the form Excel reads as a
 * date and time, for the CSV exports' *_local columns (the log keeps
 * UTC); "" when iso is NULL or malformed. */
#define LOGVIEW_LOCAL_LEN 19
void logview_local_text(const char *iso, char out[LOGVIEW_LOCAL_LEN + 1]);

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

/* ---- figures ---- */

struct logview_count {
	char *key;
	long n;
	long median_ms;                     /* operators only */
};

struct logview_waiting {
	char started_at[LOGVIEW_TIME_LEN + 1];
	char uuid[LOGVIEW_UUID_LEN + 1];
	char operator[64];
	char disposition[32];
};

struct logview_stats {
	long calls;
	long per_hour[24];                  /* by local hour of day */
	struct logview_count *disp, *match, *oper, *faq;
	size_t ndisp, nmatch, noper, nfaq;  /* sorted: most first, then by key */
	/* Escalated calls in the range: the log records no resolution, so
	 * every escalated call counts as waiting (newest first, at most 100). */
	struct logview_waiting *waiting;
	size_t nwaiting;
	long escalated;
};

/* The figures of the calls matching f.  0, or -1 with err. */
int logview_stats(struct logview *lv, const struct logview_filter *f,
		  struct logview_stats *s, struct err *err);
void logview_stats_free(struct logview_stats *s);

/* ---- use of the lookup ---- */

#define LOGVIEW_RATIO 3             /* lookups > RATIO × calls … */
#define LOGVIEW_RATIO_MIN 10        /* … and at least this many: unusual */

struct logview_luse {
	char operator[64];
	long lookups, calls;
	long per_hour[24];
	long verified_unsaved;              /* verified, in no saved call */
	long outside_hours;                 /* outside desk_hours */
	bool many;                          /* lookups > RATIO × calls, ≥ RATIO_MIN */
};

#define LOGVIEW_REFUSED_MAX 100
/* A refused attempt to read the log (review, log stats, log export). */
struct logview_refusal {
	char at[LOGVIEW_TIME_LEN + 1];
	char operator[64];
	char action[16];
};
struct logview_lookups {
	struct logview_luse *op;            /* by operator name */
	size_t nop;
	long total;
	bool have_hours;
	/* Refused attempts in the range, newest first (at most
	 * LOGVIEW_REFUSED_MAX kept; refused_total counts them all). */
	struct logview_refusal *refused;
	size_t nrefused;
	long refused_total;
};

/* Parses desk hours "HH:MM-HH:MM" into minutes of the day.  0, or -1 with
 * err saying the format. */
int logview_desk_hours(const char *s, int *from_min, int *to_min, struct err *err);

/* Lookups in f's date range (and f's operator), per operator.  desk_hours
 * may be NULL (no marks for hours).  0, or -1 with err. */
int logview_lookups(struct logview *lv, const struct logview_filter *f,
		    const char *desk_hours, struct logview_lookups *l, struct err *err);
void logview_lookups_free(struct logview_lookups *l);

/* ---- export ---- */

enum logview_fmt { LOGVIEW_CSV, LOGVIEW_JSONL };

/* Writes every call matching f (newest first, as the screen shows them) to
 * out: CSV (RFC 4180, CRLF; with a BOM in UTF-8, or in CP932 when cp932)
 * or JSON Lines, the columns of `log export`.  Returns the rows written, or
 * -1 with err. */
long logview_export(struct logview *lv, const struct logview_filter *f, enum logview_fmt fmt,
		    bool cp932, FILE *out, struct err *err);

#endif
