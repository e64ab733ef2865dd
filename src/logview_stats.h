/*
 * logview_stats — the figures a supervisor reads off the log: the calls of
 * a range (per local hour, dispositions, match levels, operators' counts
 * and median handle times, the FAQ entries read most, escalations
 * waiting), the use of the lookup per operator with the unusual marked,
 * the refused attempts to read the log, and the desk hours they are
 * measured against.
 *
 * Every query runs to completion on the review's read-only connection
 * (src/logview) and leaves no statement open.
 *
 * Ownership: stats and lookups are filled by these functions and freed
 * with their *_free function.
 */
#ifndef MADOGUCHI_LOGVIEW_STATS_H
#define MADOGUCHI_LOGVIEW_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "logview.h"

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

#endif
