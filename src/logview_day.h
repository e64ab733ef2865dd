/*
 * logview_day — the days and times of the log as a supervisor sees them:
 * the log keeps UTC, people say local days.  The ranges of the review's
 * keys (today, yesterday, this week), the days a supervisor types (every
 * form `normalize date` reads, 今日/昨日, a month and day such as 11/27),
 * and a log time as local time, for the exports' *_local columns and the
 * figures' hours.
 *
 * Ownership: the caller's buffers and filter.
 */
#ifndef MADOGUCHI_LOGVIEW_DAY_H
#define MADOGUCHI_LOGVIEW_DAY_H

#include <time.h>
#include "err.h"
#include "logview.h"

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

/* A log time in milliseconds since the epoch; -1 when NULL or malformed. */
long long logview_ms(const char *iso);

/* The local hour of day (0-23) of a log time; -1 when malformed. */
int logview_local_hour(const char *iso);

/* A log time as local "YYYY-MM-DD HH:MM:SS", the form Excel reads as a
 * date and time, for the CSV exports' *_local columns (the log keeps
 * UTC); "" when iso is NULL or malformed. */
#define LOGVIEW_LOCAL_LEN 19
void logview_local_text(const char *iso, char out[LOGVIEW_LOCAL_LEN + 1]);

#endif
