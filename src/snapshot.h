/*
 * snapshot — the affected list as a file that holds no readable personal
 * data: what the file stores and how, shared by the importer
 * (snapshot_import, snapshot_write) and the reader (snapshot_read).
 *
 * Per person the file stores one keyed BLAKE2b digest per pair of a name
 * identifier and a supporting one (reading or name × birth date, phone or
 * e-mail: 16 bytes each, over both canonical forms), the tie-break tags
 * of the postal code and of the phone's last 4 digits (8 bytes each,
 * bound to a pair digest), the exposure flags and counts, which items
 * were registered, the registration and notice dates and the case
 * reference.  Nothing else, and nothing derived from one identifier
 * alone: a key holder guessing must guess a name and a supporting item
 * together, so a guess costs the product of their spaces, not the sum
 * (doc/snapshot.md, "What guessing costs").  The digests are kept in
 * buckets chosen by their first bits (see snapshot.c, "The digest
 * index"); a content digest over the stored rows lets snapshot_check()
 * notice a changed byte.  The rooms:
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

#define SNAPSHOT_SCHEMA 3
#define SNAPSHOT_KEY_BYTES 32
#define SNAPSHOT_DIGEST_BYTES 16
#define SNAPSHOT_NPAIRS 6          /* (kana, name) × (date, phone, email) */
#define SNAPSHOT_TAG_BYTES 8
#define SNAPSHOT_TAGS_MAX (SNAPSHOT_NPAIRS * 2 * SNAPSHOT_TAG_BYTES)

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
	uint8_t tags[SNAPSHOT_TAGS_MAX];   /* the tie-break tags, as
	                                      snapshot_tag_at() lays them out */
	size_t ntags;            /* bytes in tags: snapshot_tags_len(items) */
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

/* ---- pair digests ---- */

/* The pair of a name kind (kana, name) and a supporting kind (date,
 * phone, e-mail): 0 .. SNAPSHOT_NPAIRS - 1, or -1 for any other two. */
int snapshot_pair(enum ident_kind name, enum ident_kind support);
enum ident_kind snapshot_pair_name(int pair);
enum ident_kind snapshot_pair_support(int pair);
/* 1 << ident_kind of both kinds of every pair in the mask (1 << pair). */
unsigned snapshot_pair_kinds(unsigned pairs);

/* The pair hash = BLAKE2b-256 keyed, over "pair\0NKIND\0SKIND\0" NAME
 * "\0" SUPPORT (canonical forms; KIND: kana name date phone email).  Its
 * first SNAPSHOT_DIGEST_BYTES are the digest stored in the index; the
 * rest is the pair's tag key, never stored (below).  In two steps: the
 * key and the pair's domain hashed once into base (a reader or an
 * importer keeps one per pair), then one guess from a copy of it. */
#define SNAPSHOT_PAIR_BYTES 32
void snapshot_pair_init(const uint8_t key[SNAPSHOT_KEY_BYTES], int pair,
			crypto_generichash_state *base);
void snapshot_pair_hash(const crypto_generichash_state *base, const char *name,
			const char *support, uint8_t out[SNAPSHOT_PAIR_BYTES]);

/* ---- tie-break tags ---- */

/* Several persons matched as many pairs: the postal code or the phone's
 * last 4 digits the caller gives pick one, never verify.  tag =
 * SipHash-2-4 keyed with the pair's tag key, over "postal\0" + the
 * canonical postal code (or "last4\0" + the 4 digits).  The tag key is
 * the half of the pair hash the file does not hold: only who can name the
 * pair (a name and a supporting item, and the snapshot key) can test a
 * postal code or 4 digits, as only they can test the pair. */
enum snapshot_tag { SNAPSHOT_TAG_POSTAL, SNAPSHOT_TAG_LAST4, SNAPSHOT_NTAGS };

void snapshot_tag(const uint8_t pair_hash[SNAPSHOT_PAIR_BYTES], enum snapshot_tag t,
		  const char *value, uint8_t out[SNAPSHOT_TAG_BYTES]);

/* A person's tags, in pair order, for each pair of kinds they have
 * (items): the postal tag when they have a postal code, the last-4 tag
 * when they have a phone and the pair's supporting kind is not the phone
 * (whoever has that pair's phone has its last 4 digits).  The offset of
 * tag t of pair in the tags of a person with items, or -1 when it has
 * none; the length of all of them. */
int snapshot_tag_at(unsigned items, int pair, enum snapshot_tag t);
size_t snapshot_tags_len(unsigned items);
/* All of them at once: at[pair][t] as snapshot_tag_at(); the length. */
size_t snapshot_tag_layout(unsigned items, int at[SNAPSHOT_NPAIRS][SNAPSHOT_NTAGS]);

/* Whether p's tag t of pair (pair hash h) is that of value.  false when p
 * has no such tag. */
bool snapshot_tag_match(const struct snapshot_person *p, int pair,
			const uint8_t h[SNAPSHOT_PAIR_BYTES], enum snapshot_tag t, const char *value);

/* The last 4 digits of a canonical phone ("" when shorter). */
void snapshot_last4(const char *phone, char out[5]);

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
/* Bits for an index of n digests: four to eight a bucket. */
int snapshot_bucket_bits(size_t n);

#endif
