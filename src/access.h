/*
 * access — who may read the inquiry log (review, log stats, log export).
 *
 * Notes can hold personal data, so reading the log is for the members of
 * the Unix group named by the setting supervisor_group (supplementary
 * groups from getgroups() and the primary group both count).  With no
 * supervisor_group set (the demo) the current user may read.  A refusal
 * is recorded with syslog (LOG_AUTHPRIV, "madoguchi") naming the user and
 * what was tried; access_read_log() also records every attempt in the
 * inquiry log's access table, where supervisors see it beside the calls.
 *
 * Ownership: nothing is kept; the caller owns every buffer.
 */
#ifndef MADOGUCHI_ACCESS_H
#define MADOGUCHI_ACCESS_H

#include "conf.h"
#include "err.h"

enum access_verdict {
	ACCESS_ERROR = -1,    /* the group does not exist: err says so */
	ACCESS_OK = 0,
	ACCESS_REFUSED = 1,   /* err holds the one line for the user */
};

/* May the current user read the log?  what names the attempt for the
 * record ("review", "log stats", …).  A refusal is recorded before
 * returning. */
enum access_verdict access_check(const struct conf *c, const char *what, struct err *err);

/* access_check(), and the attempt recorded in the log's access table
 * (allowed or refused): what every reader of the log (review, log stats,
 * log export) asks before it opens the log.  Under no supervisor_group
 * nothing is recorded (anyone may read, there is nothing to watch), nor
 * into a file that is not already an inquiry log (a mistyped path must
 * not become one).  A log busy for 2 s gets the record through the spool.
 * Nothing is printed: the refusal in err, or what was asked for, is what
 * the user came for. */
enum access_verdict access_read_log(const struct conf *c, const char *what, struct err *err);

#endif
