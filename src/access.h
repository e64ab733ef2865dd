/*
 * access — who may read the inquiry log (review, log stats, log export).
 *
 * Notes can hold personal data, so reading the log is for the members of
 * the Unix group named by the setting supervisor_group (supplementary
 * groups from getgroups() and the primary group both count).  With no
 * supervisor_group set (the demo) the current user may read.  A refusal
 * is recorded with syslog (LOG_AUTHPRIV, "madoguchi") naming the user and
 * what was tried; cli_review_allowed() also records every attempt in the
 * inquiry log's access table.
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

#endif
