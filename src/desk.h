/*
 * desk — what the screens and the command line ask of the desk's data:
 * lookups, saved calls, lookup events, and the supervisors' reads of the
 * log.  Nothing else in the program opens the snapshot, its key or the log.
 *
 * Two transports, one code path.  Every request is encoded (src/proto)
 * and answered by src/gate: on a jump host by the set-user-ID helper
 * madoguchi-gate, which alone may open the desk's files, over a socket
 * pair; for a user's own files (the demo, the tests, a laptop) by a gate
 * inside this process.  The helper is used when this is an installed
 * build whose gate is installed, the system configuration exists, and the
 * caller is not root (root reads the files directly, with the system
 * configuration).  On the helper's side the settings are only the
 * root-owned file's: a security setting given here (--log, MADOGUCHI_LOG,
 * a --config file's snapshot …) is refused by desk_open with one line, so
 * that nobody believes it applies.
 *
 * No daemon: the helper is started with the desk and ends with it (EOF).
 * A helper that dies is started again once for the next request.
 *
 * Ownership: struct desk is opaque (desk_open/desk_close).  Results are
 * the caller's, freed with the logview_*_free functions; the settings are
 * borrowed and must outlive the desk.
 */
#ifndef MADOGUCHI_DESK_H
#define MADOGUCHI_DESK_H

#include <stdbool.h>
#include <stdio.h>
#include "app.h"
#include "call.h"
#include "conf.h"
#include "err.h"
#include "inq_read.h"
#include "inq_chain.h"
#include "inq_store.h"
#include "logview.h"
#include "proto.h"

struct desk;

/* How the program reaches the desk's data. */
enum desk_transport { DESK_IN_PROCESS, DESK_GATE };

/* Opens the desk the settings c name (use: how saves are written; a
 * screen spools each first).  Says hello: *info (may be NULL) gets who
 * the operator is, the snapshot and the log as the gate sees them.
 * 0, or -1 with err (a refused setting, a gate that cannot start). */
int desk_open(const struct conf *c, enum app_log_use use, struct desk **out,
	      struct proto_hello *info, struct err *err);
void desk_close(struct desk *d);
enum desk_transport desk_transport(const struct desk *d);

/* Whether desk_open would use the set-user-ID gate (an installed build, its
 * gate there, the system configuration, not root): then the desk's files
 * are the gate's, and what only their owner does (merge, purge) is
 * root's. */
bool desk_uses_gate(void);

/* The outcome of a request that the gate refused or could not do: what
 * the exit status becomes (APP_USAGE for refusals and limits, APP_FAIL
 * otherwise). */
enum app_exit desk_exit(const struct desk *d);

/* A lookup, as call_lookup(): 0 with the verdict (its event recorded),
 * 1 when a field cannot be read (v->field, v->why), -1 with err (no
 * snapshot, the limit reached, the event could not be recorded: no
 * verdict then). */
int desk_lookup(struct desk *d, const struct call_request *q, struct call_verdict *v,
		struct err *err);

/* A call saved / a lookup event recorded (`log lookup`), as inq_append:
 * e->uuid gets the record's UUID; on INQ_SPOOLED err says why and where. */
enum inq_status desk_save(struct desk *d, struct inq_entry *e, struct err *err);
enum inq_status desk_event(struct desk *d, struct inq_event *ev, struct err *err);

/* Entries waiting in the spool; -1 when unknown. */
long desk_pending(struct desk *d);

/* ---- the supervisors' reads: desk_read first, recorded allowed or
 * refused; the rest need it allowed on this desk ---- */

/* what: "review", "log stats", "log export", "log verify".  0, or -1
 * with err (refused: desk_exit says APP_USAGE). */
int desk_read(struct desk *d, const char *what, struct err *err);

long desk_page(struct desk *d, const struct logview_filter *f, const struct logview_key *from,
	       enum logview_dir dir, bool inclusive, long max, struct logview_row **rows,
	       bool *complete, struct err *err);
int desk_detail(struct desk *d, const char *uuid, struct logview_detail *out, struct err *err);
int desk_stats(struct desk *d, const struct logview_filter *f, struct logview_stats *s,
	       struct err *err);
/* Desk hours are the gate's setting. */
int desk_lookups(struct desk *d, const struct logview_filter *f, struct logview_lookups *l,
		 struct err *err);
/* Writes the export to out; the rows written, or -1 with err. */
long desk_export(struct desk *d, const struct proto_export *x, FILE *out, struct err *err);
/* The chains checked, and each head next gives (NULL: none: they are
 * sent to the gate in batches, then checked as of one moment). */
int desk_verify(struct desk *d, inq_head_next next, void *ctx, struct inq_verify *v,
		struct err *err);

#endif
