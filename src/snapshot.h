/*
 * snapshot — the affected list as a file that holds no readable personal
 * data: what the file stores and how, shared by the importer
 * (snapshot_import, snapshot_write) and the reader (snapshot_read).
 *
 * Per person the file stores keyed BLAKE2b digests of the canonical
 * identifiers (16 bytes each, domain-separated by kind), the exposure
 * flags and counts, which items were registered, the registration and
 * notice dates, the case reference and the phone's last 4 digits.
 * Nothing else: no name, reading, birth date, phone, e-mail, postal code
 * or address.  The digests are kept in buckets chosen by their first
 * bits (see snapshot.c, "The digest index"); a content digest over the
 * stored rows lets snapshot_check() notice a changed byte.  The rooms:
 *   snapshot_key     the key file (64 hex digits, 0600, or 0640 for a group)
 *   snapshot_import  the CSV's rows validated and merged into persons
 *   snapshot_write   the persons built into the file, renamed into place
 *   snapshot_read    the read-only reader lookups use
 *
 * Ownership: the functions here keep nothing; buffers are the caller's.
 */
#ifndef MADOGUCHI_SNAPSHOT_H
#define MADOGUCHI_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>
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

/* The item bit an identifier kind registers (SNAPSHOT_ITEM_KANA, …). */
unsigned snapshot_kind_item(enum ident_kind k);

/* The stored record of one person. */
struct snapshot_person {
	long long id;
	char ref[65];
	unsigned items;          /* enum snapshot_item bits */
	bool userinfo;
	long card_records;
	char registered_on[11], notified_on[11];   /* YYYY-MM-DD or "" */
	char phone_hint[5];      /* last 4 digits or "" */
};

/* What a snapshot says of itself (its meta table). */
struct snapshot_info {
	int schema;
	char id[33];
	char created[32];
	char source_sha256[65];
	char ident_rules[IDENT_RULES_LEN + 1];  /* ident_rules_id() at import */
	long rows, persons, userinfo_exposed, card_records, card_persons;
};

/* ---- digests ---- */

/* digest = BLAKE2b-128 keyed, over "KIND\0CANON". */
void snapshot_digest(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
		     const char *canon, uint8_t out[SNAPSHOT_DIGEST_BYTES]);

/* The same in two steps: the key and the kind's domain hashed once into
 * base (a reader or an importer keeps one per kind), then one identifier
 * from a copy of it. */
void snapshot_digest_init(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
			  crypto_generichash_state *base);
void snapshot_digest_from(const crypto_generichash_state *base, const char *canon,
			  uint8_t out[SNAPSHOT_DIGEST_BYTES]);

/* The key check value stored in the file (32 hex digits): a reader given
 * another key says so instead of finding nobody. */
void snapshot_key_check(const uint8_t key[SNAPSHOT_KEY_BYTES], char out[33]);

/* ---- the content digest: the same bytes hashed by the writer and by
 * snapshot_check() ---- */
void snapshot_hash_person(crypto_generichash_state *st, const struct snapshot_person *p);
void snapshot_hash_bucket(crypto_generichash_state *st, long long bucket, const void *entries,
			  size_t len);

/* ---- the digest index's buckets (see snapshot.c) ---- */

#define SNAPSHOT_ID_BYTES 4        /* a person id in a bucket */
#define SNAPSHOT_VARINT_MAX 10     /* bytes of a LEB128 count, at most */

size_t snapshot_put_varint(uint8_t *p, uint64_t v);
/* Bytes read, or 0 when p[0..len) holds no whole varint. */
size_t snapshot_get_varint(const uint8_t *p, size_t len, uint64_t *v);
void snapshot_put_id(uint8_t *p, uint32_t id);
long long snapshot_get_id(const uint8_t *p);
/* The bucket of digest d when the index has bits bits. */
long long snapshot_bucket_of(const uint8_t *d, int bits);
/* Bits for an index of n digests: about four a bucket. */
int snapshot_bucket_bits(size_t n);

#endif
