/*
 * stamp — the one random UUID and the one time stamp of the log.
 *
 * Every record of the inquiry log (a call, a lookup event, a read of the
 * log) is named by a version 4 UUID and timed in UTC with milliseconds,
 * the form SQLite compares as text in time order.  The screen names a
 * call before it is saved (its lookup events point at it), so it makes
 * them with the same functions the log does.
 *
 * Ownership: the caller's buffers.
 */
#ifndef MADOGUCHI_STAMP_H
#define MADOGUCHI_STAMP_H

#include <time.h>

#define STAMP_UUID_LEN 36          /* 8-4-4-4-12 hex digits */
#define STAMP_TIME_LEN 24          /* 2026-11-27T03:15:54.123Z */

/* A random (version 4, RFC 4122 variant) UUID, lower-case. */
void stamp_uuid(char out[STAMP_UUID_LEN + 1]);

/* Now, in UTC: 2026-11-27T03:15:54.123Z. */
void stamp_now(char out[STAMP_TIME_LEN + 1]);

/* The second t in the same form, milliseconds .000: a bound to compare
 * the log's times with (a day's start, a limit's window). */
void stamp_at(time_t t, char out[STAMP_TIME_LEN + 1]);

/* Whether s is a UUID as stamp_uuid writes them (any version, either case). */
int stamp_is_uuid(const char *s);

#endif
