/*
 * inq_chain — the inquiry log's hash chains: a row's canonical bytes and
 * hash, a row put at the end of its chain, and `log verify`, which
 * recomputes every chain, checks each chain's recorded head, and checks
 * the heads syslog kept (src/inq_heads), so a row edited, inserted,
 * deleted or reordered afterwards (or cut off the end, or the whole file
 * rewritten) is named.
 *
 * hash = BLAKE2b-256 (unkeyed) over
 *   prev       32 raw bytes: the previous row's hash (all zero for row 1)
 *   tag        u32 length (big-endian) + bytes: "madoguchi.inquiry.v1",
 *              "madoguchi.lookup.v1" or "madoguchi.access.v1"; a call
 *              written from schema 3 on: "madoguchi.inquiry.v2"
 *   seq        u64 big-endian: the row's chain position (1, 2, …)
 *   each data column in the table's order (inq_columns()):
 *              0x00 for NULL, or 0x01 + u32 length (big-endian) + the bytes
 *              exactly as stored (escalate as "0" or "1").
 * Every field carries its length, so no two rows share their bytes.
 *
 * v2 (calls from schema 3 on) differs in one field: in the note's place
 * stands note_hash = BLAKE2b-256 (unkeyed) over the 16 raw bytes of
 * note_salt (stored as 32 hex digits, random for each call) followed by
 * the note's bytes, as 64 hex digits (NULL when the call has no note).
 * The chain commits to the note through it, so `log purge` can erase the
 * note and its salt and every hash still holds; without the salt a short
 * note cannot be found again by guessing it against note_hash.  Which
 * rows are v2 is kept per chain (the chain table's v2_from, see
 * src/inq_schema.c).
 *
 * Ownership: the caller's struct inq_verify.
 */
#ifndef MADOGUCHI_INQ_CHAIN_H
#define MADOGUCHI_INQ_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "inq_read.h"

#define INQ_HASH_HEX 64            /* a row's hash in hex */
#define INQ_SALT_HEX 32            /* a note's salt in hex (16 bytes) */

struct inq_verify {
	long calls, lookups, access;  /* rows checked */
	bool ok;
	char problem[512];        /* the first problem when !ok */
	long purged;              /* calls whose note was purged (log purge) */
	char purged_rows[1024];   /* their positions, "1-40, 45", cut with ", …" */
	long heads;               /* heads checked against the log */
	long long head_last[INQ_ACCESS + 1];  /* the highest position a head named, per table */
};

/* A chain's head as syslog keeps it: TABLE:SEQ:HASH. */
struct inq_head {
	enum inq_table t;
	long long seq;
	char hash[INQ_HASH_HEX + 1];
};

/* The head written s[0..n) ("inquiry:120:3f…", 64 hex digits).  0, or -1
 * with err saying the form. */
int inq_head_parse(const char *s, size_t n, struct inq_head *h, struct err *err);

/* A source of heads: the next one in *h.  1: one; 0: no more; -1: err
 * says why (a file that cannot be read). */
typedef int (*inq_head_next)(void *ctx, struct inq_head *h, struct err *err);

/* Checks every chain.  0 with *v filled (v->ok false names the first bad
 * row), or -1 with err when the log cannot be read. */
int inq_verify_log(const char *path, struct inq_verify *v, struct err *err);

/* inq_verify_log, then each head next gives (NULL: none): its row must
 * be there with that hash.  A log shorter than a head is cut ("inquiry is
 * cut: …"), even an empty file.  One read transaction for all of it. */
int inq_verify_log_heads(const char *path, inq_head_next next, void *ctx,
			 struct inq_verify *v, struct err *err);

/* The same with n heads as text (TABLE:SEQ:HASH each), for the gate's
 * VERIFY.  -1 with err also when a head cannot be read. */
int inq_verify_heads(const char *path, const char *const *heads, size_t n,
		     struct inq_verify *v, struct err *err);

/* The hash this program stores for a new row of table t at chain position
 * seq after the row whose hash is prev_hex (64 zeros for the first):
 * values are its data columns in inq_columns() order, NULL for NULL, as
 * the chain commits to them: for a call, its note_hash in the note's
 * place (inq_note_hash).  For a tool that writes a log in bulk
 * (tests/bench).  0, or -1 when prev_hex is not a hash. */
int inq_chain_hash(enum inq_table t, long long seq, const char *prev_hex,
		   const char *const *values, char out[INQ_HASH_HEX + 1]);

/* A new random salt, and the salted hash of a note (see above).
 * inq_note_hash: 0, or -1 when salt is not 32 lower-case hex digits. */
void inq_note_salt(char out[INQ_SALT_HEX + 1]);
int inq_note_hash(const char *salt, size_t salt_n, const char *note, size_t n,
		  char out[INQ_HASH_HEX + 1]);

/* ---- for the other inq_ files ---- */

struct sqlite3;
struct inq_rec;
struct inq_log;

/* Puts r at the end of its chain, inside the caller's IMMEDIATE
 * transaction on the log's writer connection (src/inq_conn); a call gets
 * its note's salt (r's, else a new one) and note_hash; the new head is
 * marked for syslog (src/inq_heads) after COMMIT.  1: its UUID is there
 * already; 0: appended; -1: failed, *rc SQLite's code (SQLITE_CONSTRAINT
 * for a row that can never go in). */
int inq_chain_put(struct inq_log *log, const struct inq_rec *r, int *rc);

/* Every chain and its head, inside the caller's read transaction.
 * SQLite's result code; v->ok false names the first bad row. */
int inq_verify_db(struct sqlite3 *db, struct inq_verify *v);

#endif
