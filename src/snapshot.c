#include "snapshot.h"
#include "hex.h"

#include <stdio.h>
#include <string.h>

#define KEY_CHECK_TEXT "madoguchi snapshot key check v1"

/* ---- names ---------------------------------------------------------- */

static const char *const item_names[SNAPSHOT_NITEMS] = {
	"name", "kana", "birth_date", "gender", "postal_code", "address", "email", "phone", "card",
};

const char *snapshot_item_name(int i)
{
	return i >= 0 && i < SNAPSHOT_NITEMS ? item_names[i] : "?";
}

static const char *const kind_columns[IDENT_NKINDS] = {
	"kana", "name", "birth_date", "phone", "email", "postal_code",
};

const char *snapshot_column(enum ident_kind k)
{
	return (unsigned)k < IDENT_NKINDS ? kind_columns[k] : "?";
}

/* Fixed domain labels: the stored digests must not change if ident's
 * display names ever do. */
static const char *const kind_domain[IDENT_NKINDS] = {
	"kana", "name", "date", "phone", "email", "postal",
};

static const unsigned kind_item[IDENT_NKINDS] = {
	SNAPSHOT_ITEM_KANA, SNAPSHOT_ITEM_NAME, SNAPSHOT_ITEM_BIRTH,
	SNAPSHOT_ITEM_PHONE, SNAPSHOT_ITEM_EMAIL, SNAPSHOT_ITEM_POSTAL,
};

unsigned snapshot_kind_item(enum ident_kind k)
{
	return (unsigned)k < IDENT_NKINDS ? kind_item[k] : 0;
}

/* ---- digests -------------------------------------------------------- */

void snapshot_digest(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
		     const char *canon, uint8_t out[SNAPSHOT_DIGEST_BYTES])
{
	crypto_generichash_state st;

	snapshot_digest_init(key, kind, &st);
	snapshot_digest_from(&st, canon, out);
}

void snapshot_digest_init(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
			  crypto_generichash_state *base)
{
	const char *dom = kind_domain[kind];

	crypto_generichash_init(base, key, SNAPSHOT_KEY_BYTES, SNAPSHOT_DIGEST_BYTES);
	crypto_generichash_update(base, (const unsigned char *)dom, strlen(dom) + 1);
}

void snapshot_digest_from(const crypto_generichash_state *base, const char *canon,
			  uint8_t out[SNAPSHOT_DIGEST_BYTES])
{
	crypto_generichash_state st = *base;

	crypto_generichash_update(&st, (const unsigned char *)canon, strlen(canon));
	crypto_generichash_final(&st, out, SNAPSHOT_DIGEST_BYTES);
}

void snapshot_key_check(const uint8_t key[SNAPSHOT_KEY_BYTES], char out[33])
{
	uint8_t d[16];

	crypto_generichash(d, sizeof d, (const unsigned char *)KEY_CHECK_TEXT,
			   strlen(KEY_CHECK_TEXT), key, SNAPSHOT_KEY_BYTES);
	hex_encode(d, sizeof d, out);
}

/* ---- the content digest ---------------------------------------------- */

/* The same serialisation is hashed when writing and by snapshot_check(),
 * so a changed byte anywhere in the stored rows is noticed. */
void snapshot_hash_person(crypto_generichash_state *st, const struct snapshot_person *p)
{
	char line[256];
	int n = snprintf(line, sizeof line, "%lld|%s|%u|%d|%ld|%s|%s|%s\n", p->id, p->ref,
			 p->items, p->userinfo, p->card_records, p->registered_on,
			 p->notified_on, p->phone_hint);

	crypto_generichash_update(st, (const unsigned char *)line, (size_t)n);
}

void snapshot_hash_bucket(crypto_generichash_state *st, long long bucket, const void *entries,
			  size_t len)
{
	char head[48];
	int n = snprintf(head, sizeof head, "bucket %lld %zu\n", bucket, len);

	crypto_generichash_update(st, (const unsigned char *)head, (size_t)n);
	crypto_generichash_update(st, entries, len);
}

/* ---- the digest index ------------------------------------------------ */

/* The digests are kept in buckets chosen by the digest's first bits, one
 * row per bucket.  A bucket is its digests in memcmp order, each followed
 * by the persons it belongs to:
 *     digest (16 bytes) | n (LEB128 varint) | n person ids (4 bytes LE, ascending)
 * A million people make about a million rows of a few digests instead of
 * five million rows, and a reading shared by hundreds stores its digest
 * once: a smaller file, a faster import, one probe a lookup, and no
 * overflow pages to read for a common reading. */

size_t snapshot_put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	for (; v >= 0x80; v >>= 7)
		p[n++] = (uint8_t)(v | 0x80);
	p[n++] = (uint8_t)v;
	return n;
}

size_t snapshot_get_varint(const uint8_t *p, size_t len, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < len && i < SNAPSHOT_VARINT_MAX; i++) {
		*v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80))
			return i + 1;
	}
	return 0;
}

void snapshot_put_id(uint8_t *p, uint32_t id)
{
	for (int b = 0; b < SNAPSHOT_ID_BYTES; b++)
		p[b] = (uint8_t)(id >> (8 * b));
}

long long snapshot_get_id(const uint8_t *p)
{
	return (long long)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			   (uint32_t)p[3] << 24);
}

long long snapshot_bucket_of(const uint8_t *d, int bits)
{
	uint32_t top = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];

	return (long long)(top >> (32 - bits));
}

int snapshot_bucket_bits(size_t n)
{
	int b = 4;

	while (b < 24 && ((size_t)1 << b) * 4 < n)
		b++;
	return b;
}
