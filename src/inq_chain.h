/*
 * inq_chain — the inquiry log's hash chains: a row's canonical bytes and
 * hash, a row put at the end of its chain, and `log verify`, which
 * recomputes every chain and checks each chain's recorded head, so a row
 * edited, inserted or deleted afterwards (or cut off the end) is named.
 *
 * hash = BLAKE2b-256 (unkeyed) over
 *   prev       32 raw bytes: the previous row's hash (all zero for row 1)
 *   tag        u32 length (big-endian) + bytes: "madoguchi.inquiry.v1",
 *              "madoguchi.lookup.v1" or "madoguchi.access.v1"
 *   seq        u64 big-endian: the row's chain position (1, 2, …)
 *   each data column in the table's order (inq_columns()):
 *              0x00 for NULL, or 0x01 + u32 length (big-endian) + the bytes
 *              exactly as stored (escalate as "0" or "1").
 * Every field carries its length, so no two rows share their bytes.
 *
 * Ownership: the caller's struct inq_verify.
 */
#ifndef MADOGUCHI_INQ_CHAIN_H
#define MADOGUCHI_INQ_CHAIN_H

#include <stdbool.h>
#include "err.h"
#include "inq_read.h"

#define INQ_HASH_HEX 64            /* a row's hash in hex */

struct inq_verify {
	long calls, lookups, access;  /* rows checked */
	bool ok;
	char problem[512];        /* the first problem when !ok */
};

/* Checks every chain.  0 with *v filled (v->ok false names the first bad
 * row), or -1 with err when the log cannot be read. */
int inq_verify_log(const char *path, struct inq_verify *v, struct err *err);

/* The hash of a row of table t at chain position seq after the row whose
 * hash is prev_hex (64 zeros for the first): values are its data columns
 * in inq_columns() order, NULL for NULL.  What inq_chain_put stores, for
 * a tool that writes a log in bulk (tests/bench).  0, or -1 when prev_hex
 * is not a hash. */
int inq_chain_hash(enum inq_table t, long long seq, const char *prev_hex,
		   const char *const *values, char out[INQ_HASH_HEX + 1]);

/* ---- for the other inq_ files ---- */

struct sqlite3;
struct inq_rec;

/* Puts r at the end of its chain, inside the caller's IMMEDIATE
 * transaction on a writer's connection (src/inq_conn).  1: its UUID is
 * there already; 0: appended; -1: failed, *rc SQLite's code. */
int inq_chain_put(struct sqlite3 *db, const struct inq_rec *r, int *rc);

/* Every chain and its head, inside the caller's read transaction.
 * SQLite's result code; v->ok false names the first bad row. */
int inq_verify_db(struct sqlite3 *db, struct inq_verify *v);

#endif
