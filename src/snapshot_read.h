/*
 * snapshot_read — the snapshot as lookups read it.
 *
 * snapshot_open() opens a snapshot file read-only (immutable=1: it never
 * changes under a reader; a new import is renamed over it), checks its
 * header against its size (a copy cut short), its schema version, the
 * identifier rules it was imported under and the key check value, and
 * keeps its prepared statements and one read transaction until
 * snapshot_close().  Lookups (src/lookup) use snapshot_find() and
 * snapshot_person(); snapshot_check() reads the whole file against its
 * content digest.
 *
 * Ownership: struct snapshot is opaque and owned by the caller of
 * snapshot_open(); the info it returns lives as long as it does.  One
 * thread at a time uses a struct snapshot (its connection has no mutex).
 * The key is copied in and wiped on close.
 */
#ifndef MADOGUCHI_SNAPSHOT_READ_H
#define MADOGUCHI_SNAPSHOT_READ_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "snapshot.h"

struct snapshot;

/* Opens path for reading and checks it against key (key_name is only used
 * in messages).  0, or -1 with one line in err. */
int snapshot_open(const char *path, const uint8_t key[SNAPSHOT_KEY_BYTES], const char *key_name,
		  struct snapshot **out, struct err *err);
void snapshot_close(struct snapshot *s);
const struct snapshot_info *snapshot_get_info(const struct snapshot *s);

/* The SHA-256 (hex) of the CSV that the snapshot file path was imported
 * from, as recorded in it; no key or schema check, so it also reads a
 * snapshot of an older schema.  0, or -1 when path is no snapshot. */
int snapshot_source(const char *path, char sha[65]);

/* Full check: SQLite's quick_check and the stored content digest.  Reads
 * the whole file, so it is not done by snapshot_open().  0 or -1. */
int snapshot_check(struct snapshot *s, struct err *err);

/* Person ids, ascending; v grows as needed and is the caller's to free. */
struct snapshot_ids {
	long long *v;
	size_t n, cap;
};

/* The persons whose digest of (kind, canon) is stored, into out (one
 * probe, whatever their number).  0, or -1 with err. */
int snapshot_find(struct snapshot *s, enum ident_kind kind, const char *canon,
		  struct snapshot_ids *out, struct err *err);

/* The stored record of one person.  0, or -1 with err. */
int snapshot_person(struct snapshot *s, long long id, struct snapshot_person *p, struct err *err);

#endif
