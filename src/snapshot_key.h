/*
 * snapshot_key — the key file of a snapshot.
 *
 * The key holds 32 random bytes as 64 hex digits and a newline.  It is
 * created with mode 0600 and never over an existing file or through a
 * link; a key that others can read or write is refused, as ssh refuses
 * such a private key.  Group read is allowed, because a jump host may
 * share one key among a group.  Whoever holds the key can test guesses
 * against the snapshot, so it is read into caller memory that the caller
 * wipes (sodium_memzero) when done.
 *
 * Ownership: the key buffers are the caller's.
 */
#ifndef MADOGUCHI_SNAPSHOT_KEY_H
#define MADOGUCHI_SNAPSHOT_KEY_H

#include <stdbool.h>
#include <stdint.h>
#include "err.h"
#include "snapshot.h"

/* Reads the key in path.  When it does not exist and create is set, makes
 * a new random one (mode 0600, never overwriting) and sets *created.
 * 0, or -1 with err naming the file and what to do. */
int snapshot_key_load(const char *path, bool create, uint8_t key[SNAPSHOT_KEY_BYTES],
		      bool *created, struct err *err);

/* For an import: reads the key in path as snapshot_key_load() does, or,
 * when path does not exist, makes a new random key in memory only and sets
 * *is_new; the import then writes it with snapshot_key_write() once the
 * snapshot is about to be renamed into place. */
int snapshot_key_prepare(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], bool *is_new,
			 struct err *err);

/* Writes key to a new file at path (mode 0600, synced), never over an
 * existing file or through a link.  0, or -1 with err. */
int snapshot_key_write(const char *path, const uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err);

#endif
