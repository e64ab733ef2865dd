/*
 * snapshot_write — the merged persons of an import built into a snapshot
 * file and renamed into place.
 *
 * The file is built in memory (persons, the digest index in buckets, the
 * meta table with the content digest and the key check value), checked,
 * written beside its destination with VACUUM INTO, synced, and renamed
 * over it: operators still running keep the old file, and a failed or
 * interrupted write leaves neither a half file nor (for a new key) a key.
 *
 * Ownership: everything passed in is the caller's and only read.
 */
#ifndef MADOGUCHI_SNAPSHOT_WRITE_H
#define MADOGUCHI_SNAPSHOT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "snapshot.h"

/* One person as the import merged them from the list's rows. */
struct snapshot_merged {
	uint8_t d[IDENT_NKINDS][SNAPSHOT_DIGEST_BYTES];
	unsigned present;            /* 1 << ident_kind with a digest in d */
	long src[IDENT_NKINDS];      /* the line each identifier came from (messages) */
	long first_line;             /* the person's first row (messages) */
	const char *ref;             /* NULL: none */
	unsigned items;              /* enum snapshot_item bits */
	bool ui;
	long card_records;
	char reg[11], notified[11], hint[5];
};

/* What an import counted: rows read and what the persons hold. */
struct snapshot_summary {
	long rows, persons, card_records, card_persons, userinfo_persons;
};

/* Before any work: out and new_key (NULL: none) can be written where
 * they are named (their directories exist and are writable; out is no
 * directory, device or pipe).  0, or -1 with err naming the option. */
int snapshot_write_check(const char *out, const char *new_key, struct err *err);

/* Builds the snapshot of p[0..n) and writes it to out; new_key, when not
 * NULL, is where key is saved (0600, never over an existing file) just
 * before the rename.  source_sha256 is the CSV's, recorded in the file.
 * 0, or -1 with err; on failure nothing is left behind. */
int snapshot_write(const struct snapshot_merged *p, size_t n, const struct snapshot_summary *sum,
		   const uint8_t source_sha256[32], const uint8_t key[SNAPSHOT_KEY_BYTES],
		   const char *out, const char *new_key, struct err *err);

#endif
