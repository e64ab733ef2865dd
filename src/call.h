/*
 * call — one lookup of a caller, the one way it is done: the operator
 * screen, `madoguchi lookup` and the tests all come here.
 *
 *   the fields as typed
 *     ─► canonical forms (src/ident; the phone field's last 4 digits
 *        by lookup_phone_last4)
 *     ─► the lookup (src/lookup), where the last 4 digits only break a tie
 *     ─► the date windows (src/window)
 *     ─► the lookup event (src/inquiry: who, when, the verdict, the
 *        snapshot, the call; never a value typed)
 *     ─► the verdict.
 *
 * The request and the verdict are plain data (arrays, no pointers), so
 * that they can cross a pipe to a process that holds the snapshot, the
 * key and the log for a caller who may not read them; call_lookup()
 * records the event before it returns the verdict.  call_read() is the
 * reading of one field, for a screen's live feedback as the operator
 * types.
 *
 * Ownership: the caller owns the request, the verdict and the desk; the
 * desk's snapshot, windows and log are borrowed for the call.
 */
#ifndef MADOGUCHI_CALL_H
#define MADOGUCHI_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "ident.h"
#include "inq_store.h"
#include "lookup.h"
#include "snapshot_read.h"
#include "stamp.h"
#include "window.h"

/* The fields of a call: the six identifiers of src/ident (same order and
 * values as enum ident_kind) and the two dates the windows are checked
 * against. */
enum call_field {
	CALL_KANA, CALL_NAME, CALL_BIRTH, CALL_PHONE, CALL_EMAIL, CALL_POSTAL,
	CALL_CARD_DATE, CALL_REG_DATE,
	CALL_NFIELDS
};

/* The longest text a field holds: what src/ident reads at most. */
#define CALL_TEXT_MAX IDENT_MAX_INPUT

/* One field as typed.  len over CALL_TEXT_MAX: too long to read (s is then
 * empty).  given with len 0: a value was given and it is empty (the
 * command line's --kana ''), which cannot be read; a field left empty (the
 * screen's) is not given. */
struct call_text {
	bool given;
	size_t len;
	char s[CALL_TEXT_MAX + 1];
};

struct call_request {
	char call_uuid[STAMP_UUID_LEN + 1];   /* the call the lookup belongs
	                                         to; "" for none */
	struct call_text field[CALL_NFIELDS];
};

/* Sets field f of q to s[0..n) (any bytes), given. */
void call_request_set(struct call_request *q, enum call_field f, const char *s, size_t n);

/* What was read in a field. */
enum call_read {
	CALL_EMPTY,          /* nothing typed: not given */
	CALL_READ,           /* canon holds the canonical form; msg a warning or "" */
	CALL_LAST4,          /* the phone field holds the last 4 digits of a
	                        phone (canon): they tell apart several people
	                        who verified, never verify anyone; msg says so */
	CALL_UNREADABLE,     /* msg says why, in words to read out */
};

struct call_reading {
	enum call_read st;
	char canon[IDENT_MAX];
	char msg[256];
};

/* Reads field f from s[0..n), as typed (n 0: CALL_EMPTY).  Returns r->st. */
enum call_read call_read(enum call_field f, const char *s, size_t n, struct call_reading *r);

/* Reads every field of q: the first one that cannot be read (r says why),
 * or -1 when all can.  call_lookup() does it first; a command line may do
 * it before it opens anything. */
int call_check(const struct call_request *q, struct call_reading *r);

/* What a lookup works with.  snap is needed; windows NULL: no windows (a
 * date given is outside every one); log NULL: the event is not recorded
 * (the command line without a log set). */
struct call_desk {
	struct snapshot *snap;
	const struct window_set *windows;
	struct inq_log *log;
};

/* Whether the lookup event is in the log. */
enum call_logged {
	CALL_NOT_LOGGED,     /* the desk has no log */
	CALL_LOGGED,         /* written (or there already) */
	CALL_SPOOLED,        /* kept in the spool, written later: log_why says
	                        why and where */
	CALL_LOG_FAILED,     /* written nowhere: log_why says why */
};

/* A window a date fell inside, copied from the windows. */
#define CALL_NOTE_MAX 512
struct call_window {
	char from[11], to[11];          /* YYYY-MM-DD; "" when not inside */
	char note[CALL_NOTE_MAX];       /* "" when none; a longer note is cut
	                                   at a character */
};

struct call_verdict {
	/* The lookup's result with the windows classified.  window_hit[] is
	 * always NULL (it would point into the desk): win[] holds them. */
	struct lookup_result res;
	struct call_window win[WINDOW_NKINDS];
	char snapshot_id[33];
	char snapshot_date[11];         /* YYYY-MM-DD: the snapshot's creation */
	unsigned given;                 /* 1 << ident_kind of the identifiers
	                                   read (the last 4 digits not counted) */
	char factors[64];               /* their names, as the log keeps them:
	                                   "kana,birth" ("" for none) */
	enum call_logged logged;
	char log_why[sizeof ((struct err *)0)->msg];
	/* call_lookup() returned 1: the field that cannot be read and why. */
	enum call_field field;
	char why[256];
};

/* Runs the lookup of q on d.  0: v holds the verdict and v->logged says
 * how its event went; 1: a field cannot be read (v->field, v->why), no
 * lookup was made and nothing was recorded; -1: err says why (a damaged
 * snapshot, a call UUID that is not one). */
int call_lookup(const struct call_desk *d, const struct call_request *q, struct call_verdict *v,
		struct err *err);

#endif
