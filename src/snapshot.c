#include "snapshot.h"
#include "hex.h"

#include <stdio.h>
#include <string.h>

#define KEY_CHECK_TEXT "madoguchi snapshot key check v1"

_Static_assert(SNAPSHOT_TAG_BYTES == crypto_shorthash_siphash24_BYTES, "a tag is a SipHash");
_Static_assert(SNAPSHOT_PAIR_BYTES - SNAPSHOT_DIGEST_BYTES == crypto_shorthash_siphash24_KEYBYTES,
	       "the pair hash's second half is a SipHash key");

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

/* ---- pair digests ---------------------------------------------------- */

/* Pair p is name kind p / 3 (kana, name) with supporting kind p % 3
 * (date, phone, email): the kinds' order in enum ident_kind. */
int snapshot_pair(enum ident_kind name, enum ident_kind support)
{
	if (!((1u << name) & IDENT_NAME_KINDS) || !((1u << support) & IDENT_SUPPORT_KINDS))
		return -1;
	return (int)(name - IDENT_KANA) * 3 + (int)(support - IDENT_DATE);
}

enum ident_kind snapshot_pair_name(int pair)
{
	return (enum ident_kind)(IDENT_KANA + pair / 3);
}

enum ident_kind snapshot_pair_support(int pair)
{
	return (enum ident_kind)(IDENT_DATE + pair % 3);
}

unsigned snapshot_pair_kinds(unsigned pairs)
{
	unsigned k = 0;

	for (int p = 0; p < SNAPSHOT_NPAIRS; p++)
		if (pairs & (1u << p))
			k |= 1u << snapshot_pair_name(p) | 1u << snapshot_pair_support(p);
	return k;
}

static void update_str0(crypto_generichash_state *st, const char *s)
{
	crypto_generichash_update(st, (const unsigned char *)s, strlen(s) + 1);
}

void snapshot_pair_init(const uint8_t key[SNAPSHOT_KEY_BYTES], int pair,
			crypto_generichash_state *base)
{
	crypto_generichash_init(base, key, SNAPSHOT_KEY_BYTES, SNAPSHOT_PAIR_BYTES);
	update_str0(base, "pair");
	update_str0(base, kind_domain[snapshot_pair_name(pair)]);
	update_str0(base, kind_domain[snapshot_pair_support(pair)]);
}

void snapshot_pair_hash(const crypto_generichash_state *base, const char *name,
			const char *support, uint8_t out[SNAPSHOT_PAIR_BYTES])
{
	crypto_generichash_state st = *base;
	size_t n = strnlen(name, IDENT_MAX), k = strnlen(support, IDENT_MAX);
	unsigned char in[2 * IDENT_MAX + 1];

	/* One update: a guess's bytes are few, the calls' overhead is not. */
	memcpy(in, name, n);
	in[n] = '\0';
	memcpy(in + n + 1, support, k);
	crypto_generichash_update(&st, in, n + 1 + k);
	sodium_memzero(in, n + 1 + k);
	/* Final wipes the state itself. */
	crypto_generichash_final(&st, out, SNAPSHOT_PAIR_BYTES);
}

/* ---- tie-break tags ---------------------------------------------------- */

/* SipHash, not another keyed BLAKE2b: an import makes up to ten tags a
 * person, and the pair hash already made the key they need. */
void snapshot_tag(const uint8_t pair_hash[SNAPSHOT_PAIR_BYTES], enum snapshot_tag t,
		  const char *value, uint8_t out[SNAPSHOT_TAG_BYTES])
{
	const char *dom = t == SNAPSHOT_TAG_POSTAL ? "postal" : "last4";
	size_t d = strlen(dom) + 1, n = strnlen(value, IDENT_MAX);
	unsigned char in[16 + IDENT_MAX];

	memcpy(in, dom, d);
	memcpy(in + d, value, n);
	crypto_shorthash_siphash24(out, in, d + n, pair_hash + SNAPSHOT_DIGEST_BYTES);
	sodium_memzero(in, d + n);
}

static bool has_tag(unsigned items, int pair, enum snapshot_tag t)
{
	if (!(items & kind_item[snapshot_pair_name(pair)]) || !(items & kind_item[snapshot_pair_support(pair)]))
		return false;
	if (t == SNAPSHOT_TAG_POSTAL)
		return items & SNAPSHOT_ITEM_POSTAL;
	return (items & SNAPSHOT_ITEM_PHONE) && snapshot_pair_support(pair) != IDENT_PHONE;
}

size_t snapshot_tag_layout(unsigned items, int at[SNAPSHOT_NPAIRS][SNAPSHOT_NTAGS])
{
	size_t n = 0;

	for (int p = 0; p < SNAPSHOT_NPAIRS; p++)
		for (int t = 0; t < SNAPSHOT_NTAGS; t++) {
			at[p][t] = has_tag(items, p, (enum snapshot_tag)t) ? (int)n : -1;
			n += at[p][t] >= 0 ? SNAPSHOT_TAG_BYTES : 0;
		}
	return n;
}

int snapshot_tag_at(unsigned items, int pair, enum snapshot_tag t)
{
	int at[SNAPSHOT_NPAIRS][SNAPSHOT_NTAGS];

	if (pair < 0 || pair >= SNAPSHOT_NPAIRS || (unsigned)t >= SNAPSHOT_NTAGS)
		return -1;
	snapshot_tag_layout(items, at);
	return at[pair][t];
}

size_t snapshot_tags_len(unsigned items)
{
	int at[SNAPSHOT_NPAIRS][SNAPSHOT_NTAGS];

	return snapshot_tag_layout(items, at);
}

bool snapshot_tag_match(const struct snapshot_person *p, int pair,
			const uint8_t h[SNAPSHOT_PAIR_BYTES], enum snapshot_tag t, const char *value)
{
	int at = snapshot_tag_at(p->items, pair, t);
	uint8_t tag[SNAPSHOT_TAG_BYTES];

	if (at < 0 || (size_t)at + SNAPSHOT_TAG_BYTES > p->ntags)
		return false;
	snapshot_tag(h, t, value, tag);
	return sodium_memcmp(tag, p->tags + at, SNAPSHOT_TAG_BYTES) == 0;
}

void snapshot_last4(const char *phone, char out[5])
{
	size_t n = strlen(phone);

	memcpy(out, n >= 4 ? phone + n - 4 : "", n >= 4 ? 5 : 1);
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
 * so a changed byte anywhere in the stored rows is noticed: the numbers
 * as 8 bytes big-endian, the texts with their NUL, then the tags. */
static size_t put_u64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	return 8;
}

static size_t put_str0(uint8_t *b, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);

	memcpy(b, s, n);
	b[n] = '\0';
	return n + 1;
}

void snapshot_hash_person(crypto_generichash_state *st, const struct snapshot_person *p)
{
	uint8_t b[5 * 8 + sizeof p->ref + sizeof p->registered_on + sizeof p->notified_on + SNAPSHOT_TAGS_MAX];
	size_t n = put_u64(b, (uint64_t)p->id);

	n += put_str0(b + n, p->ref, sizeof p->ref);
	n += put_u64(b + n, p->items);
	n += put_u64(b + n, p->userinfo);
	n += put_u64(b + n, (uint64_t)p->card_records);
	n += put_str0(b + n, p->registered_on, sizeof p->registered_on);
	n += put_str0(b + n, p->notified_on, sizeof p->notified_on);
	n += put_u64(b + n, p->ntags);
	memcpy(b + n, p->tags, p->ntags);
	crypto_generichash_update(st, b, n + p->ntags);
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
 * A million people make about a million rows of four to eight pair
 * digests instead of six million rows, and a pair shared by several
 * stores its digest once: a smaller file, a faster import, one probe a
 * pair, and a few comparisons inside the row. */

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

	/* Eight, not four: six pair digests a person made a row a digest's
	 * overhead worth saving, and the walk of a row is a few memcmp. */
	while (b < 24 && ((size_t)1 << b) * 8 < n)
		b++;
	return b;
}
