/*
 * snapshot — the affected list as a file that holds no readable personal data.
 *
 * snapshot_import() reads the investigation's CSV (src/csv), reduces every
 * identifier with src/ident, merges the rows of one person, and writes a
 * SQLite file that stores, per person, keyed BLAKE2b digests of the
 * canonical identifiers (16 bytes each, domain-separated by kind), the
 * exposure flags and counts, which items were registered, the registration
 * and notice dates, the case reference and the phone's last 4 digits.
 * Nothing else: no name, reading, birth date, phone, e-mail, postal code or
 * address.  A failed import writes nothing; a good one is checked, written
 * to a temporary file with VACUUM INTO and renamed into place.
 *
 * snapshot_open() opens such a file read-only (immutable=1), checks its
 * schema version and the key check value, and keeps its prepared statements
 * and one read transaction until snapshot_close().  Lookups (src/lookup) use snapshot_find() and
 * snapshot_person().
 *
 * The key file holds 64 hex digits (32 bytes).  It is created with mode
 * 0600; a key that others can read or write is refused, as ssh refuses such
 * a private key.  Group read is allowed, because the jump host (issue 7)
 * shares one key among the operators' group.
 *
 * Ownership: struct snapshot is opaque and owned by the caller of
 * snapshot_open(); the info it returns lives as long as it does.  One
 * thread at a time uses a struct snapshot (its connection has no mutex).
 */
#ifndef MADOGUCHI_SNAPSHOT_H
#define MADOGUCHI_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csv.h"
#include "err.h"
#include "ident.h"

#define SNAPSHOT_SCHEMA 2
#define SNAPSHOT_KEY_BYTES 32
#define SNAPSHOT_DIGEST_BYTES 16

/* Items a person registered; stored as a bit mask. */
enum snapshot_item {
	SNAPSHOT_ITEM_NAME = 1 << 0, SNAPSHOT_ITEM_KANA = 1 << 1,
	SNAPSHOT_ITEM_BIRTH = 1 << 2, SNAPSHOT_ITEM_GENDER = 1 << 3,
	SNAPSHOT_ITEM_POSTAL = 1 << 4, SNAPSHOT_ITEM_ADDRESS = 1 << 5,
	SNAPSHOT_ITEM_EMAIL = 1 << 6, SNAPSHOT_ITEM_PHONE = 1 << 7,
	SNAPSHOT_ITEM_CARD = 1 << 8,
	SNAPSHOT_NITEMS = 9
};

/* "name", "kana", "birth_date", "gender", "postal_code", "address", "email",
 * "phone", "card" for bit number i. */
const char *snapshot_item_name(int i);

/* The CSV column of an identifier kind: "kana", "name", "birth_date", … */
const char *snapshot_column(enum ident_kind k);

/* Reads the key in path.  When it does not exist and create is set, makes
 * a new random one (mode 0600, never overwriting) and sets *created.
 * 0, or -1 with err naming the file and what to do. */
int snapshot_key_load(const char *path, bool create, uint8_t key[SNAPSHOT_KEY_BYTES],
		      bool *created, struct err *err);

/* For an import: reads the key in path as snapshot_key_load() does, or,
 * when path does not exist, makes a new random key in memory only and sets
 * *is_new; snapshot_import() then writes it to path once the snapshot is
 * about to be written.  0, or -1 with err. */
int snapshot_key_prepare(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], bool *is_new,
			 struct err *err);

/* digest = BLAKE2b-128 keyed, over "KIND\0CANON". */
void snapshot_digest(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
		     const char *canon, uint8_t out[SNAPSHOT_DIGEST_BYTES]);

struct snapshot_summary {
	long rows, persons, card_records, card_persons, userinfo_persons;
};

/* Called once per bad row: "line N: column: what is wrong". */
typedef void snapshot_report_fn(void *ctx, const char *msg);

/* Imports text (already decoded by csv_load) into out.  On bad rows calls
 * report for each and returns -1 with err saying how many bad rows;
 * nothing is written.  name is the source file's name for messages.
 * new_key, when not NULL, is where key is to be saved (mode 0600, never
 * over an existing file): only just before the snapshot is renamed into
 * place, so a failed or interrupted import leaves no key behind. */
int snapshot_import(const char *name, const struct csv_text *text, const char *out,
		    const uint8_t key[SNAPSHOT_KEY_BYTES], const char *new_key,
		    snapshot_report_fn *report, void *ctx, struct snapshot_summary *sum,
		    struct err *err);

/* Validates and merges without writing anything (the fuzz target). */
int snapshot_import_check(const char *name, const struct csv_text *text,
			  const uint8_t key[SNAPSHOT_KEY_BYTES], snapshot_report_fn *report,
			  void *ctx, struct snapshot_summary *sum, struct err *err);

struct snapshot_info {
	int schema;
	char id[33];
	char created[32];
	char source_sha256[65];
	char ident_rules[IDENT_RULES_LEN + 1];  /* ident_rules_id() at import */
	long rows, persons, userinfo_exposed, card_records, card_persons;
};

struct snapshot_person {
	long long id;
	char ref[65];
	unsigned items;          /* enum snapshot_item bits */
	bool userinfo;
	long card_records;
	char registered_on[11], notified_on[11];   /* YYYY-MM-DD or "" */
	char phone_hint[5];      /* last 4 digits or "" */
};

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
