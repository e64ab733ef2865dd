/*
 * inq_check — what a record of the inquiry log may hold, checked before
 * anything is written: vocabularies (match levels, states, verdicts, the
 * reads of the log), identifier kinds, FAQ numbers, disposition codes'
 * shape, lengths, control characters.  The log's CHECK constraints say
 * the same for what a spool line brings back.
 *
 * Ownership: nothing is kept.
 */
#ifndef MADOGUCHI_INQ_CHECK_H
#define MADOGUCHI_INQ_CHECK_H

#include <stdbool.h>
#include "err.h"
#include "inq_store.h"

/* 0, or -1 with err naming the field and what it may be. */
int inq_entry_check(const struct inq_entry *e, struct err *err);
int inq_event_check(const struct inq_event *ev, struct err *err);
int inq_access_check(const struct inq_access *a, struct err *err);

/* ---- for the other inq_ files ---- */

/* A UUID as the log stores them: lower-case. */
bool inq_is_uuid(const char *s);
/* A disposition code: 1-32 of a-z, 0-9, _. */
bool inq_code_ok(const char *s);

#endif
