/*
 * gate — the side of the desk that holds the snapshot, its key and the
 * inquiry log, answering one request at a time (doc/gate.md).
 *
 * On a jump host it runs in madoguchi-gate, a small set-user-ID helper that
 * alone may open the desk's files (the plocate/utempter pattern); for a
 * user's own files (the demo, the tests, a laptop) it runs inside the
 * program itself (src/desk picks).  Either way the same code decides: the
 * caller is the process's real uid (never a name in a request); a lookup
 * is refused past lookup_limit, and its event is recorded (the log, or the
 * spool) before the verdict is answered, else no verdict is given; reads
 * of the log are for supervisor_group (and root), each recorded in the
 * log's access table first; appends go through the checks of src/inquiry.
 *
 * Ownership: the gate borrows the settings (they must outlive it) and
 * owns what it opens (snapshot, log, windows, dispositions, the log's
 * reader).  Answers are handed to the send function one frame at a time;
 * the frame is the gate's and only valid during the call.
 */
#ifndef MADOGUCHI_GATE_H
#define MADOGUCHI_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "app.h"
#include "conf.h"
#include "err.h"
#include "wire.h"

struct gate;

/* Where the gate runs: in the program (the settings are the user's own)
 * or in the set-user-ID helper (the settings are the root-owned file's). */
enum gate_mode { GATE_IN_PROCESS, GATE_HELPER };

/* A gate over the settings c.  use says how the log is written (a screen
 * spools each entry first).  0, or -1 with err (out of memory). */
int gate_new(const struct conf *c, enum gate_mode mode, enum app_log_use use, struct gate **out,
	     struct err *err);
void gate_free(struct gate *g);

/* Sends one answer frame; 0, or -1 when it cannot (the program is gone). */
typedef int gate_send_fn(void *ctx, const struct wire_out *w);

/* Answers the request body[0..n) (a frame without its length): one or
 * more frames through send (an error is an answer too).  0, or -1 when
 * sending failed or the request was not even a frame: the connection is
 * then to be closed. */
int gate_handle(struct gate *g, const uint8_t *body, size_t n, gate_send_fn *send, void *ctx);

#define GATE_LIMITS_MAX 4

#endif
