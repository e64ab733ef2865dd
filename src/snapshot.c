#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "i18n.h"

#define NAME_KINDS ((1u << IDENT_KANA) | (1u << IDENT_NAME))
#define SUPPORT_KINDS ((1u << IDENT_DATE) | (1u << IDENT_PHONE) | (1u << IDENT_EMAIL))
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

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* ---- key file ------------------------------------------------------- */

/* Writes key to a new file (never over an existing one). */
static int key_write(const char *path, const uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err)
{
	char text[2 * SNAPSHOT_KEY_BYTES + 2];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t w;

	if (fd < 0)
		return err_set(err, "key file %s: cannot create: %s", path, strerror(errno));
	hex(key, SNAPSHOT_KEY_BYTES, text);
	strcat(text, "\n");
	w = write(fd, text, strlen(text));
	sodium_memzero(text, sizeof text);
	if (w != (ssize_t)(2 * SNAPSHOT_KEY_BYTES + 1) || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return err_set(err, "key file %s: cannot write: %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

static int key_create(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err)
{
	randombytes_buf(key, SNAPSHOT_KEY_BYTES);
	return key_write(path, key, err);
}

int snapshot_key_prepare(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], bool *is_new,
			 struct err *err)
{
	struct stat st;

	*is_new = false;
	if (path && *path && lstat(path, &st) != 0 && errno == ENOENT) {
		if (sodium_init() < 0)
			return err_set(err, "libsodium cannot start");
		randombytes_buf(key, SNAPSHOT_KEY_BYTES);
		*is_new = true;
		return 0;
	}
	return snapshot_key_load(path, false, key, NULL, err);
}

int snapshot_key_load(const char *path, bool create, uint8_t key[SNAPSHOT_KEY_BYTES],
		      bool *created, struct err *err)
{
	char text[2 * SNAPSHOT_KEY_BYTES + 8];
	struct stat st;
	ssize_t n;
	int fd;

	if (sodium_init() < 0)
		return err_set(err, "libsodium cannot start");
	if (created)
		*created = false;
	if (!path || !*path)
		return err_set(err, _("no key file; give one with --key FILE or MADOGUCHI_KEY"));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create) {
		if (key_create(path, key, err))
			return -1;
		if (created)
			*created = true;
		return 0;
	}
	if (fd < 0 && errno == ELOOP)
		return err_set(err, _("key file %s is a symbolic link; give the real file"), path);
	if (fd < 0)
		return err_set(err, "key file %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, _("key file %s is not a regular file"), path);
	}
	if (st.st_mode & 0007) {
		close(fd);
		return err_set(err, _("key file %s is %s by others (mode %04o); run chmod 600 %s "
			       "(or 640 for a group of operators)"), path,
			       st.st_mode & 0004 ? _("readable") : _("accessible"),
			       (unsigned)(st.st_mode & 07777), path);
	}
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0)
		return err_set(err, "key file %s: %s", path, strerror(errno));
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	text[n] = '\0';
	if (n != 2 * SNAPSHOT_KEY_BYTES ||
	    sodium_hex2bin(key, SNAPSHOT_KEY_BYTES, text, (size_t)n, NULL, NULL, NULL) != 0) {
		sodium_memzero(text, sizeof text);
		return err_set(err, _("key file %s does not hold a key (64 hex digits)"), path);
	}
	sodium_memzero(text, sizeof text);
	return 0;
}

static void digest_base(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
			crypto_generichash_state *st);
static void digest_from(const crypto_generichash_state *base, const char *canon,
			uint8_t out[SNAPSHOT_DIGEST_BYTES]);

void snapshot_digest(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
		     const char *canon, uint8_t out[SNAPSHOT_DIGEST_BYTES])
{
	crypto_generichash_state st;

	digest_base(key, kind, &st);
	digest_from(&st, canon, out);
}

static void digest_base(const uint8_t key[SNAPSHOT_KEY_BYTES], enum ident_kind kind,
			crypto_generichash_state *st)
{
	const char *dom = kind_domain[kind];

	crypto_generichash_init(st, key, SNAPSHOT_KEY_BYTES, SNAPSHOT_DIGEST_BYTES);
	crypto_generichash_update(st, (const unsigned char *)dom, strlen(dom) + 1);
}

static void digest_from(const crypto_generichash_state *base, const char *canon,
			uint8_t out[SNAPSHOT_DIGEST_BYTES])
{
	crypto_generichash_state st = *base;

	crypto_generichash_update(&st, (const unsigned char *)canon, strlen(canon));
	crypto_generichash_final(&st, out, SNAPSHOT_DIGEST_BYTES);
}

static void key_check_value(const uint8_t key[SNAPSHOT_KEY_BYTES], char out[33])
{
	uint8_t d[16];

	crypto_generichash(d, sizeof d, (const unsigned char *)KEY_CHECK_TEXT,
			   strlen(KEY_CHECK_TEXT), key, SNAPSHOT_KEY_BYTES);
	hex(d, sizeof d, out);
}

/* ---- the content digest ---------------------------------------------- */

/* The same serialisation is hashed when writing and by snapshot_check(),
 * so a changed byte anywhere in the stored rows is noticed. */
static void hash_person(crypto_generichash_state *st, const struct snapshot_person *p)
{
	char line[256];
	int n = snprintf(line, sizeof line, "%lld|%s|%u|%d|%ld|%s|%s|%s\n", p->id, p->ref,
			 p->items, p->userinfo, p->card_records, p->registered_on,
			 p->notified_on, p->phone_hint);

	crypto_generichash_update(st, (const unsigned char *)line, (size_t)n);
}

static void hash_bucket(crypto_generichash_state *st, long long bucket, const void *entries,
			size_t len)
{
	char head[48];
	int n = snprintf(head, sizeof head, "bucket %lld %zu\n", bucket, len);

	crypto_generichash_update(st, (const unsigned char *)head, (size_t)n);
	crypto_generichash_update(st, entries, len);
}

/* The digest index, in buckets chosen by the digest's first bits, one row
 * per bucket.  A bucket is its digests in memcmp order, each followed by
 * the persons it belongs to:
 *     digest (16 bytes) | n (LEB128 varint) | n person ids (4 bytes LE, ascending)
 * A million people make about a million rows of a few digests instead of
 * five million rows, and a reading shared by hundreds stores its digest
 * once: a smaller file, a faster import, one probe a lookup, and no
 * overflow pages to read for a common reading. */
#define ID_BYTES 4
#define VARINT_MAX 10

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	for (; v >= 0x80; v >>= 7)
		p[n++] = (uint8_t)(v | 0x80);
	p[n++] = (uint8_t)v;
	return n;
}

/* Bytes read, or 0 when p[0..len) holds no whole varint. */
static size_t get_varint(const uint8_t *p, size_t len, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < len && i < VARINT_MAX; i++) {
		*v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80))
			return i + 1;
	}
	return 0;
}

static void put_id(uint8_t *p, uint32_t id)
{
	for (int b = 0; b < ID_BYTES; b++)
		p[b] = (uint8_t)(id >> (8 * b));
}

static long long get_id(const uint8_t *p)
{
	return (long long)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			   (uint32_t)p[3] << 24);
}

static long long bucket_of(const uint8_t *d, int bits)
{
	uint32_t top = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];

	return (long long)(top >> (32 - bits));
}

/* About four digests a bucket. */
static int bucket_bits(size_t n)
{
	int b = 4;

	while (b < 24 && ((size_t)1 << b) * 4 < n)
		b++;
	return b;
}

/* ---- import: rows ---------------------------------------------------- */

enum col {
	C_REF, C_NAME, C_KANA, C_BIRTH, C_GENDER, C_POSTAL, C_ADDRESS, C_EMAIL, C_PHONE,
	C_REG, C_CARD, C_UI, C_NOTIFIED, NCOL
};

static const char *const col_names[NCOL] = {
	"ref", "name", "kana", "birth_date", "gender", "postal_code", "address", "email",
	"phone", "registered_on", "card_exposed", "userinfo_exposed", "notified_on",
};

static const struct { enum col col; enum ident_kind kind; } ident_cols[] = {
	{ C_KANA, IDENT_KANA }, { C_NAME, IDENT_NAME }, { C_BIRTH, IDENT_DATE },
	{ C_PHONE, IDENT_PHONE }, { C_EMAIL, IDENT_EMAIL }, { C_POSTAL, IDENT_POSTAL },
};

struct row {
	long line;
	char *ref;                   /* NULL: none */
	uint8_t d[IDENT_NKINDS][SNAPSHOT_DIGEST_BYTES];
	unsigned present;            /* 1 << ident_kind */
	unsigned items;
	bool card, ui;
	char reg[11], notified[11], hint[5];
};

struct person {
	uint8_t d[IDENT_NKINDS][SNAPSHOT_DIGEST_BYTES];
	unsigned present;
	long src[IDENT_NKINDS];      /* the line each identifier came from */
	long first_line;
	const char *ref;
	unsigned items;
	bool ui;
	long card_records;
	char reg[11], notified[11], hint[5];
};

/* A (name identifier, supporting identifier) pair of a person, hashed:
 * what a row without ref must share with a person to join them. */
struct slot {
	uint64_t key;
	uint32_t person;             /* index + 1; 0 is an empty slot */
};

/* Readings, names and dates repeat: a million rows hold a few thousand
 * distinct ones.  A direct-mapped memo of ident's successes (failures are
 * canonicalised again, for ident's own message) skips most of the work. */
#define MEMO_SLOTS 4096
#define MEMO_RAW 48

struct memo {
	uint8_t len;                 /* raw length + 1; 0: empty */
	bool has_d;
	char raw[MEMO_RAW];
	char canon[IDENT_MAX];
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
};

struct imp {
	const uint8_t *key;
	snapshot_report_fn *report;
	void *ctx;
	long nbad, nbadrows;         /* errors, and the rows they are in */
	uint8_t *badline;            /* bit per physical line: a row counted */
	long maxline;
	int col[NCOL];               /* field index, or -1 */
	size_t ncols;
	struct row *rows;
	size_t nrows, caprows;
	struct person *persons;
	size_t npersons;
	struct slot *slots;          /* pair → persons, open addressing; built on
					the first row without ref */
	size_t nslots, nnoref;
	int bits;                    /* digest bucket bits */
	/* Keyed and domain-separated once: a copy per digest saves hashing
	 * the key block every time. */
	crypto_generichash_state base[IDENT_NKINDS];
	struct memo *memo[IDENT_NKINDS];   /* NULL: not memoised */
	struct snapshot_summary sum;
};

static void bad(struct imp *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One error of the row starting on line.  A row may have several: the
 * summary counts rows, so each line is counted once. */
static void bad(struct imp *im, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	im->nbad++;
	if (!im->badline || line < 1 || line > im->maxline) {
		im->nbadrows++;
	} else if (!(im->badline[line / 8] & (1u << (line % 8)))) {
		im->badline[line / 8] |= (uint8_t)(1u << (line % 8));
		im->nbadrows++;
	}
	if (im->report)
		im->report(im->ctx, msg);
}

/* Blank: only ASCII spaces, tabs and ideographic spaces. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (i + 2 < n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
			i += 2;
			continue;
		}
		return false;
	}
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int header(struct imp *im, const struct csv *c, const char *name, struct err *err)
{
	for (int k = 0; k < NCOL; k++)
		im->col[k] = -1;
	im->ncols = c->nfield;
	for (size_t i = 0; i < c->nfield; i++) {
		const char *s = c->field[i];
		size_t n = c->flen[i];
		int k;

		trim(&s, &n);
		for (k = 0; k < NCOL; k++)
			if (strlen(col_names[k]) == n && strncasecmp(s, col_names[k], n) == 0)
				break;
		if (k == NCOL)
			return err_set(err, "%s:%ld: unknown column '%.*s'; the columns are "
				       "ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
				       "registered_on,card_exposed,userinfo_exposed,notified_on",
				       name, c->rec_line, (int)(n > 40 ? 40 : n), s);
		if (im->col[k] >= 0)
			return err_set(err, "%s:%ld: column '%s' appears twice", name, c->rec_line,
				       col_names[k]);
		im->col[k] = (int)i;
	}
	if (im->col[C_KANA] < 0 && im->col[C_NAME] < 0)
		return err_set(err, "%s:%ld: the header needs a 'kana' or a 'name' column", name, c->rec_line);
	if (im->col[C_BIRTH] < 0 && im->col[C_PHONE] < 0 && im->col[C_EMAIL] < 0)
		return err_set(err, "%s:%ld: the header needs a 'birth_date', 'phone' or 'email' column",
			       name, c->rec_line);
	if (im->col[C_CARD] < 0 || im->col[C_UI] < 0)
		return err_set(err, "%s:%ld: the header needs the columns 'card_exposed' and 'userinfo_exposed'",
			       name, c->rec_line);
	return 0;
}

/* The field of column k in this record, or NULL when the column is absent
 * or the value blank. */
static const char *fld(const struct imp *im, const struct csv *c, enum col k, size_t *n)
{
	int i = im->col[k];

	if (i < 0 || blank(c->field[i], c->flen[i]))
		return NULL;
	*n = c->flen[i];
	return c->field[i];
}

static bool flag(struct imp *im, const struct csv *c, enum col k, bool *ok)
{
	size_t n;
	const char *s = fld(im, c, k, &n);

	if (!s)
		return false;
	trim(&s, &n);
	if (n == 1 && (*s == '0' || *s == '1'))
		return *s == '1';
	bad(im, c->rec_line, "line %ld: %s: must be 0 or 1", c->rec_line, col_names[k]);
	*ok = false;
	return false;
}

/* ident_canon() through the memo.  0 with *canon (and the digest, when d
 * is given), or -1 with res->msg. */
static int canon_of(struct imp *im, enum ident_kind kind, const char *s, size_t n,
		    struct ident_result *res, const char **canon, uint8_t *d)
{
	struct memo *m = NULL;

	if (im->memo[kind] && n < MEMO_RAW) {
		uint32_t h = 2166136261u;

		for (size_t i = 0; i < n; i++)
			h = (h ^ (uint8_t)s[i]) * 16777619u;
		m = &im->memo[kind][h & (MEMO_SLOTS - 1)];
		if (m->len == n + 1 && memcmp(m->raw, s, n) == 0) {
			if (d && !m->has_d) {
				digest_from(&im->base[kind], m->canon, m->d);
				m->has_d = true;
			}
			if (d)
				memcpy(d, m->d, SNAPSHOT_DIGEST_BYTES);
			*canon = m->canon;
			return 0;
		}
	}
	if (ident_canon(kind, s, n, res) != 0)
		return -1;
	*canon = res->canon;
	if (d)
		digest_from(&im->base[kind], res->canon, d);
	if (!m)
		return 0;
	m->len = (uint8_t)(n + 1);
	memcpy(m->raw, s, n);
	memcpy(m->canon, res->canon, strlen(res->canon) + 1);
	m->has_d = d != NULL;
	if (d)
		memcpy(m->d, d, SNAPSHOT_DIGEST_BYTES);
	*canon = m->canon;
	return 0;
}

static bool date_col(struct imp *im, const struct csv *c, enum col k, char out[11])
{
	struct ident_result r;
	size_t n;
	const char *s = fld(im, c, k, &n), *canon;

	out[0] = '\0';
	if (!s)
		return true;
	if (canon_of(im, IDENT_DATE, s, n, &r, &canon, NULL) != 0) {
		bad(im, c->rec_line, "line %ld: %s: %s", c->rec_line, col_names[k], r.msg);
		return false;
	}
	snprintf(out, 11, "%.10s", canon);
	return true;
}

static bool ref_col(struct imp *im, const struct csv *c, struct row *r)
{
	size_t n;
	const char *s = fld(im, c, C_REF, &n);

	r->ref = NULL;
	if (!s)
		return true;
	trim(&s, &n);
	if (n > 64) {
		bad(im, c->rec_line, "line %ld: ref: longer than 64 bytes", c->rec_line);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			bad(im, c->rec_line, "line %ld: ref: contains a control character", c->rec_line);
			return false;
		}
	r->ref = strndup(s, n);
	return r->ref != NULL;
}

static bool empty_record(const struct csv *c)
{
	for (size_t i = 0; i < c->nfield; i++)
		if (!blank(c->field[i], c->flen[i]))
			return false;
	return true;
}

/* Validates one record into r; false when it is bad (already reported). */
static bool parse_row(struct imp *im, const struct csv *c, struct row *r)
{
	bool ok = true, name_bad = false, support_bad = false;
	size_t n;

	memset(r, 0, sizeof *r);
	r->line = c->rec_line;
	if (c->nfield != im->ncols) {
		bad(im, c->rec_line, "line %ld: %zu fields, but the header has %zu", c->rec_line, c->nfield,
		    im->ncols);
		return false;
	}
	ok &= ref_col(im, c, r);
	for (size_t i = 0; i < sizeof ident_cols / sizeof ident_cols[0]; i++) {
		enum ident_kind kind = ident_cols[i].kind;
		const char *s = fld(im, c, ident_cols[i].col, &n), *canon;
		struct ident_result res;

		if (!s)
			continue;
		if (canon_of(im, kind, s, n, &res, &canon, r->d[kind]) != 0) {
			bad(im, c->rec_line, "line %ld: %s: %s", c->rec_line, col_names[ident_cols[i].col],
			    res.msg);
			ok = false;
			if ((1u << kind) & NAME_KINDS)
				name_bad = true;
			if ((1u << kind) & SUPPORT_KINDS)
				support_bad = true;
			continue;
		}
		r->present |= 1u << kind;
		r->items |= kind_item[kind];
		if (kind == IDENT_PHONE) {
			size_t len = strlen(canon);

			memcpy(r->hint, canon + (len > 4 ? len - 4 : 0), len > 4 ? 5 : len + 1);
		}
		if (canon == res.canon)
			sodium_memzero(&res, sizeof res);
	}
	if (fld(im, c, C_GENDER, &n))
		r->items |= SNAPSHOT_ITEM_GENDER;
	if (fld(im, c, C_ADDRESS, &n))
		r->items |= SNAPSHOT_ITEM_ADDRESS;
	ok &= date_col(im, c, C_REG, r->reg);
	ok &= date_col(im, c, C_NOTIFIED, r->notified);
	r->card = flag(im, c, C_CARD, &ok);
	r->ui = flag(im, c, C_UI, &ok);
	if (!(r->present & NAME_KINDS) && !name_bad) {
		bad(im, c->rec_line, "line %ld: kana: the row has neither kana nor name", c->rec_line);
		ok = false;
	}
	if (!(r->present & SUPPORT_KINDS) && !support_bad) {
		bad(im, c->rec_line, "line %ld: birth_date: the row has none of birth_date, phone, email",
		    c->rec_line);
		ok = false;
	}
	if (!ok) {
		free(r->ref);
		r->ref = NULL;
	}
	return ok;
}

static int read_rows(struct imp *im, const char *name, const struct csv_text *t, struct err *err)
{
	struct csv c;
	int rc;

	csv_init(&c, t->data, t->len);
	rc = csv_next(&c, err);
	if (rc == 0) {
		csv_free(&c);
		return err_set(err, "%s: the file is empty; its first line must be the header", name);
	}
	if (rc < 0 || header(im, &c, name, err)) {
		if (rc < 0)
			err_prefix(err, "%s", name);
		csv_free(&c);
		return -1;
	}
	/* Lines bound the records: one allocation instead of doubling copies. */
	im->caprows = 1;
	for (const char *p = t->data; (p = memchr(p, '\n', t->len - (size_t)(p - t->data))); p++)
		im->caprows++;
	im->rows = malloc(im->caprows * sizeof *im->rows);
	/* Lines run 1..newlines + 1 (the last may have no newline). */
	im->maxline = (long)im->caprows + 1;
	im->badline = calloc((size_t)im->maxline / 8 + 1, 1);
	if (!im->rows || !im->badline) {
		csv_free(&c);
		return err_set(err, "out of memory");
	}
	while ((rc = csv_next(&c, err)) == 1) {
		struct row r;

		if (empty_record(&c))
			continue;
		im->sum.rows++;
		if (!parse_row(im, &c, &r))
			continue;
		if (im->nrows == im->caprows) {
			size_t cap = im->caprows ? im->caprows * 2 : 1024;
			struct row *p = realloc(im->rows, cap * sizeof *p);

			if (!p) {
				free(r.ref);
				csv_free(&c);
				return err_set(err, "out of memory");
			}
			im->rows = p;
			im->caprows = cap;
		}
		im->rows[im->nrows++] = r;
	}
	csv_free(&c);
	if (rc < 0) {
		/* A broken quote ends the parse: say so as one more bad row. */
		bad(im, c.rec_line, "%s", err->msg);
		return 0;
	}
	return 0;
}

/* ---- import: merging persons ----------------------------------------- */

static uint64_t pair_key(const struct person *p, int n, int k)
{
	uint64_t a, b;

	memcpy(&a, p->d[n], sizeof a);
	memcpy(&b, p->d[k] + 8, sizeof b);
	return a ^ (b * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(n * 8 + k) << 56);
}

static void slot_add(struct imp *im, uint64_t key, size_t person)
{
	size_t mask = im->nslots - 1, i = (size_t)(key * 0xBF58476D1CE4E5B9ull >> 20) & mask;

	while (im->slots[i].person)
		i = (i + 1) & mask;
	im->slots[i].key = key;
	im->slots[i].person = (uint32_t)(person + 1);
}

/* Indexes the pairs of person pi that involve a kind not in before. */
static void index_pairs(struct imp *im, size_t pi, unsigned before)
{
	const struct person *p = &im->persons[pi];

	for (int n = 0; n < IDENT_NKINDS; n++) {
		if (!((p->present & NAME_KINDS) & (1u << n)))
			continue;
		for (int k = 0; k < IDENT_NKINDS; k++)
			if (((p->present & SUPPORT_KINDS) & (1u << k)) &&
			    !((before & (1u << n)) && (before & (1u << k))))
				slot_add(im, pair_key(p, n, k), pi);
	}
}

static int build_index(struct imp *im)
{
	size_t cap = 64;

	while (cap < 2 * (size_t)6 * (im->npersons + im->nnoref))
		cap *= 2;
	im->nslots = cap;
	im->slots = calloc(cap, sizeof *im->slots);
	if (!im->slots)
		return -1;
	for (size_t i = 0; i < im->npersons; i++)
		index_pairs(im, i, 0);
	return 0;
}

static void take_dates(char *mine, const char *theirs, bool earliest)
{
	if (!*theirs)
		return;
	if (!*mine || (earliest ? strcmp(theirs, mine) < 0 : strcmp(theirs, mine) > 0))
		strcpy(mine, theirs);
}

/* Adds r's identifiers and flags to p.  Returns false (reported) when an
 * identifier contradicts one p already has. */
static bool absorb(struct imp *im, struct person *p, const struct row *r, bool check)
{
	bool ok = true;

	for (int k = 0; k < IDENT_NKINDS; k++) {
		if (!(r->present & (1u << k)))
			continue;
		if (p->present & (1u << k)) {
			if (check && memcmp(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES) != 0) {
				bad(im, r->line, "line %ld: %s: differs from line %ld, which has the same ref",
				    r->line, kind_columns[k], p->src[k]);
				ok = false;
			}
			continue;
		}
		memcpy(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES);
		p->present |= 1u << k;
		p->src[k] = r->line;
	}
	if (!ok)
		return false;
	if (!p->first_line)
		p->first_line = r->line;
	if (!p->ref)
		p->ref = r->ref;
	if (!*p->hint && *r->hint)
		strcpy(p->hint, r->hint);
	p->items |= r->items;
	p->ui |= r->ui;
	p->card_records += r->card;
	take_dates(p->reg, r->reg, true);
	take_dates(p->notified, r->notified, false);
	return true;
}

/* A row without ref may be this person when every identifier present in
 * both is equal and the shared ones would verify a caller (a name factor
 * and a supporting one): two people sharing only a reading and a birth
 * date differ in something else, or cannot be told apart at all. */
static bool same_person(const struct person *p, const struct row *r)
{
	unsigned shared = p->present & r->present;

	if (!(shared & NAME_KINDS) || !(shared & SUPPORT_KINDS))
		return false;
	for (int k = 0; k < IDENT_NKINDS; k++)
		if ((shared & (1u << k)) && memcmp(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES) != 0)
			return false;
	return true;
}

/* Up to this many rows without ref are matched by scanning the persons;
 * more pay for the pair index. */
#define NOREF_SCAN 16

static void found_add(size_t *found, size_t *nfound, size_t pi)
{
	if ((*nfound >= 1 && found[0] == pi) || (*nfound == 2 && found[1] == pi))
		return;
	if (*nfound < 2)
		found[(*nfound)++] = pi;
}

static void join_unreffed(struct imp *im, struct row *r)
{
	size_t found[2], nfound = 0, mask = im->nslots - 1;
	struct person as;

	for (size_t pi = 0; !im->slots && pi < im->npersons; pi++)
		if (same_person(&im->persons[pi], r))
			found_add(found, &nfound, pi);
	/* Pairs are keyed from a person's digests: make the row look like one. */
	memcpy(as.d, r->d, sizeof as.d);
	for (int n = 0; im->slots && n < IDENT_NKINDS; n++) {
		if (!((r->present & NAME_KINDS) & (1u << n)))
			continue;
		for (int k = 0; k < IDENT_NKINDS; k++) {
			uint64_t key;

			if (!((r->present & SUPPORT_KINDS) & (1u << k)))
				continue;
			key = pair_key(&as, n, k);
			for (size_t i = (size_t)(key * 0xBF58476D1CE4E5B9ull >> 20) & mask;
			     im->slots[i].person; i = (i + 1) & mask) {
				size_t pi = im->slots[i].person - 1;

				if (im->slots[i].key == key && same_person(&im->persons[pi], r))
					found_add(found, &nfound, pi);
			}
		}
	}
	if (nfound == 2) {
		if (im->persons[found[0]].first_line > im->persons[found[1]].first_line) {
			size_t t = found[0];

			found[0] = found[1];
			found[1] = t;
		}
		bad(im, r->line, "line %ld: ref: could be the person of line %ld or of line %ld; "
		    "give the row a ref", r->line, im->persons[found[0]].first_line,
		    im->persons[found[1]].first_line);
		return;
	}
	if (nfound == 1) {
		unsigned before = im->persons[found[0]].present;

		absorb(im, &im->persons[found[0]], r, false);
		if (im->slots)
			index_pairs(im, found[0], before);
		return;
	}
	memset(&im->persons[im->npersons], 0, sizeof im->persons[0]);
	absorb(im, &im->persons[im->npersons], r, false);
	if (im->slots)
		index_pairs(im, im->npersons, 0);
	im->npersons++;
}

static int by_ref(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	int c = strcmp(x->ref, y->ref);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int merge(struct imp *im, struct err *err)
{
	struct row **refd;
	size_t nref = 0;

	im->persons = calloc(im->nrows ? im->nrows : 1, sizeof *im->persons);
	refd = malloc((im->nrows ? im->nrows : 1) * sizeof *refd);
	if (!im->persons || !refd) {
		free(refd);
		return err_set(err, "out of memory");
	}
	for (size_t i = 0; i < im->nrows; i++)
		if (im->rows[i].ref)
			refd[nref++] = &im->rows[i];
	qsort(refd, nref, sizeof *refd, by_ref);
	for (size_t i = 0; i < nref; i++) {
		struct person *p;

		if (i == 0 || strcmp(refd[i]->ref, refd[i - 1]->ref) != 0)
			memset(&im->persons[im->npersons++], 0, sizeof *p);
		absorb(im, &im->persons[im->npersons - 1], refd[i], true);
	}
	free(refd);
	im->nnoref = im->nrows - nref;
	if (im->nnoref > NOREF_SCAN && build_index(im))
		return err_set(err, "out of memory");
	for (size_t i = 0; i < im->nrows; i++)
		if (!im->rows[i].ref)
			join_unreffed(im, &im->rows[i]);
	im->sum.persons = (long)im->npersons;
	for (size_t i = 0; i < im->npersons; i++) {
		const struct person *p = &im->persons[i];

		im->sum.card_records += p->card_records;
		im->sum.card_persons += p->card_records > 0;
		im->sum.userinfo_persons += p->ui;
	}
	return 0;
}

static void imp_free(struct imp *im)
{
	for (size_t i = 0; i < im->nrows; i++)
		free(im->rows[i].ref);
	sodium_memzero(im->rows, im->nrows * sizeof *im->rows);
	free(im->rows);
	free(im->badline);
	free(im->persons);
	free(im->slots);
	for (int k = 0; k < IDENT_NKINDS; k++)
		if (im->memo[k]) {
			sodium_memzero(im->memo[k], MEMO_SLOTS * sizeof(struct memo));
			free(im->memo[k]);
		}
}

static int imp_run(struct imp *im, const char *name, const struct csv_text *t,
		   struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, "libsodium cannot start");
	for (int k = 0; k < IDENT_NKINDS; k++)
		digest_base(im->key, (enum ident_kind)k, &im->base[k]);
	im->memo[IDENT_KANA] = calloc(MEMO_SLOTS, sizeof(struct memo));
	im->memo[IDENT_NAME] = calloc(MEMO_SLOTS, sizeof(struct memo));
	im->memo[IDENT_DATE] = calloc(MEMO_SLOTS, sizeof(struct memo));
	if (read_rows(im, name, t, err) || merge(im, err))
		return -1;
	if (im->nbad && im->nbad == im->nbadrows)
		return err_set(err, "%s: %ld bad row%s; nothing was written", name, im->nbadrows,
			       im->nbadrows == 1 ? "" : "s");
	if (im->nbad)
		return err_set(err, "%s: %ld errors in %ld row%s; nothing was written", name, im->nbad,
			       im->nbadrows, im->nbadrows == 1 ? "" : "s");
	if (im->npersons == 0)
		return err_set(err, "%s: no rows after the header; nothing was written", name);
	return 0;
}

int snapshot_import_check(const char *name, const struct csv_text *text,
			  const uint8_t key[SNAPSHOT_KEY_BYTES], snapshot_report_fn *report,
			  void *ctx, struct snapshot_summary *sum, struct err *err)
{
	struct imp im = { .key = key, .report = report, .ctx = ctx };
	int rc = imp_run(&im, name, text, err);

	if (sum)
		*sum = im.sum;
	imp_free(&im);
	return rc;
}

/* ---- import: writing ------------------------------------------------- */

static const char schema_sql[] =
	"PRAGMA page_size=4096; PRAGMA journal_mode=OFF;"
	"CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE person(id INTEGER PRIMARY KEY, ref TEXT, items INTEGER NOT NULL,"
	" userinfo INTEGER NOT NULL, card_records INTEGER NOT NULL, registered_on TEXT,"
	" notified_on TEXT, phone_hint TEXT);"
	"CREATE TABLE digest(bucket INTEGER PRIMARY KEY, entries BLOB NOT NULL);";

struct dent {
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
	uint32_t person;
};

static int by_digest(const struct dent *x, const struct dent *y)
{
	int c = memcmp(x->d, y->d, SNAPSHOT_DIGEST_BYTES);

	return c ? c : (x->person > y->person) - (x->person < y->person);
}

/* Counting sort by bucket, then insertion sort inside each bucket (a few
 * entries): linear in the millions of entries a big list has.  Returns a
 * new array in memcmp order, or NULL when out of memory. */
static struct dent *sort_entries(const struct dent *v, size_t n, int bits)
{
	size_t nb = (size_t)1 << bits;
	size_t *start = calloc(nb + 1, sizeof *start), *pos = malloc(nb * sizeof *pos);
	struct dent *out = malloc((n + 1) * sizeof *out);

	if (!start || !pos || !out) {
		free(start);
		free(pos);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		start[bucket_of(v[i].d, bits) + 1]++;
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	memcpy(pos, start, nb * sizeof *pos);
	for (size_t i = 0; i < n; i++)
		out[pos[bucket_of(v[i].d, bits)]++] = v[i];
	for (size_t b = 0; b < nb; b++)
		for (size_t i = start[b] + 1; i < start[b + 1]; i++) {
			struct dent x = out[i];
			size_t j = i;

			for (; j > start[b] && by_digest(&out[j - 1], &x) > 0; j--)
				out[j] = out[j - 1];
			out[j] = x;
		}
	free(start);
	free(pos);
	return out;
}

static int db_fail(sqlite3 *db, const char *what, struct err *err)
{
	return err_set(err, "cannot build the snapshot (%s): %s", what, sqlite3_errmsg(db));
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void person_record(const struct person *p, long long id, struct snapshot_person *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->id = id;
	snprintf(sp->ref, sizeof sp->ref, "%s", p->ref ? p->ref : "");
	sp->items = p->items;
	sp->userinfo = p->ui;
	sp->card_records = p->card_records;
	strcpy(sp->registered_on, p->reg);
	strcpy(sp->notified_on, p->notified);
	strcpy(sp->phone_hint, p->hint);
}

static int insert_persons(struct imp *im, sqlite3 *db, crypto_generichash_state *h, struct err *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "INSERT INTO person VALUES(?1,?2,?3,?4,?5,?6,?7,?8)", -1, &st, NULL))
		return db_fail(db, "person", err);
	for (size_t i = 0; i < im->npersons; i++) {
		struct snapshot_person sp;

		person_record(&im->persons[i], (long long)i + 1, &sp);
		hash_person(h, &sp);
		sqlite3_bind_int64(st, 1, sp.id);
		bind_text_or_null(st, 2, sp.ref);
		sqlite3_bind_int(st, 3, (int)sp.items);
		sqlite3_bind_int(st, 4, sp.userinfo);
		sqlite3_bind_int64(st, 5, sp.card_records);
		bind_text_or_null(st, 6, sp.registered_on);
		bind_text_or_null(st, 7, sp.notified_on);
		bind_text_or_null(st, 8, sp.phone_hint);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_fail(db, "person", err);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

static int grow(uint8_t **buf, size_t *cap, size_t need, struct err *err)
{
	uint8_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*buf, need * 2);
	if (!p)
		return err_set(err, "out of memory");
	*buf = p;
	*cap = need * 2;
	return 0;
}

/* Writes v (n entries sorted by digest then person, duplicates removed)
 * as buckets of bits bits. */
static int put_buckets(sqlite3 *db, sqlite3_stmt *st, crypto_generichash_state *h,
		       const struct dent *v, size_t n, int bits, struct err *err)
{
	uint8_t *buf = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < n;) {
		long long b = bucket_of(v[i].d, bits);
		size_t len = 0;

		while (i < n && bucket_of(v[i].d, bits) == b) {
			size_t j = i;

			while (j < n && memcmp(v[j].d, v[i].d, SNAPSHOT_DIGEST_BYTES) == 0)
				j++;
			if (grow(&buf, &cap, len + SNAPSHOT_DIGEST_BYTES + VARINT_MAX + (j - i) * ID_BYTES,
				 err)) {
				free(buf);
				return -1;
			}
			memcpy(buf + len, v[i].d, SNAPSHOT_DIGEST_BYTES);
			len += SNAPSHOT_DIGEST_BYTES;
			len += put_varint(buf + len, j - i);
			for (; i < j; i++, len += ID_BYTES)
				put_id(buf + len, v[i].person);
		}
		hash_bucket(h, b, buf, len);
		sqlite3_bind_int64(st, 1, b);
		sqlite3_bind_blob(st, 2, buf, (int)len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			free(buf);
			return db_fail(db, "digest", err);
		}
		sqlite3_reset(st);
	}
	free(buf);
	return 0;
}

static int insert_digests(struct imp *im, sqlite3 *db, crypto_generichash_state *h, struct err *err)
{
	size_t n = 0, u = 0, distinct = 0;
	struct dent *v = malloc((im->npersons * IDENT_NKINDS + 1) * sizeof *v), *sorted;
	sqlite3_stmt *st;
	int rc;

	if (!v)
		return err_set(err, "out of memory");
	for (size_t i = 0; i < im->npersons; i++)
		for (int k = 0; k < IDENT_NKINDS; k++)
			if (im->persons[i].present & (1u << k)) {
				memcpy(v[n].d, im->persons[i].d[k], SNAPSHOT_DIGEST_BYTES);
				v[n++].person = (uint32_t)(i + 1);
			}
	sorted = sort_entries(v, n, bucket_bits(n));
	free(v);
	if (!sorted)
		return err_set(err, "out of memory");
	v = sorted;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || by_digest(&v[i], &v[u - 1]) != 0) {
			distinct += u == 0 || memcmp(v[i].d, v[u - 1].d, SNAPSHOT_DIGEST_BYTES) != 0;
			v[u++] = v[i];
		}
	/* The order does not depend on the bits: fewer bits for the buckets
	 * only join neighbours. */
	im->bits = bucket_bits(distinct);
	if (sqlite3_prepare_v2(db, "INSERT INTO digest VALUES(?1,?2)", -1, &st, NULL)) {
		free(v);
		return db_fail(db, "digest", err);
	}
	rc = put_buckets(db, st, h, v, u, im->bits, err);
	sqlite3_finalize(st);
	free(v);
	return rc;
}

static int put_meta(sqlite3 *db, const char *k, const char *v, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO meta VALUES(?1,?2)", -1, &st, NULL))
		return db_fail(db, "meta", err);
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "meta", err);
}

static int put_meta_long(sqlite3 *db, const char *k, long v, struct err *err)
{
	char s[32];

	snprintf(s, sizeof s, "%ld", v);
	return put_meta(db, k, s, err);
}

static int insert_meta(struct imp *im, sqlite3 *db, const struct csv_text *t, const char *content,
		       struct err *err)
{
	uint8_t id[16];
	char idhex[33], sha[65], kcv[33], created[32], rules[IDENT_RULES_LEN + 1];
	time_t now = time(NULL);
	struct tm tm;

	ident_rules_id(rules);
	randombytes_buf(id, sizeof id);
	hex(id, sizeof id, idhex);
	hex(t->sha256, sizeof t->sha256, sha);
	key_check_value(im->key, kcv);
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return put_meta_long(db, "schema_version", SNAPSHOT_SCHEMA, err) ||
	       put_meta_long(db, "digest_bucket_bits", im->bits, err) ||
	       put_meta(db, "snapshot_id", idhex, err) ||
	       put_meta(db, "created_at", created, err) ||
	       put_meta(db, "source_sha256", sha, err) ||
	       put_meta(db, "ident_rules", rules, err) ||
	       put_meta(db, "key_check", kcv, err) ||
	       put_meta(db, "content_blake2b", content, err) ||
	       put_meta_long(db, "rows", im->sum.rows, err) ||
	       put_meta_long(db, "persons", im->sum.persons, err) ||
	       put_meta_long(db, "userinfo_exposed", im->sum.userinfo_persons, err) ||
	       put_meta_long(db, "card_records", im->sum.card_records, err) ||
	       put_meta_long(db, "card_persons", im->sum.card_persons, err) ? -1 : 0;
}

static int build(struct imp *im, sqlite3 *db, const struct csv_text *t, struct err *err)
{
	crypto_generichash_state h;
	uint8_t content[32];
	char content_hex[65];
	sqlite3_stmt *st;
	int ok;

	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return db_fail(db, "schema", err);
	crypto_generichash_init(&h, NULL, 0, sizeof content);
	if (insert_persons(im, db, &h, err) || insert_digests(im, db, &h, err))
		return -1;
	crypto_generichash_final(&h, content, sizeof content);
	hex(content, sizeof content, content_hex);
	if (insert_meta(im, db, t, content_hex, err) || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		return err->msg[0] ? -1 : db_fail(db, "commit", err);
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL))
		return db_fail(db, "quick_check", err);
	ok = sqlite3_step(st) == SQLITE_ROW &&
	     strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : err_set(err, "the snapshot built in memory fails its check; nothing was written");
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/* VACUUM INTO a fresh file beside out, in rollback-journal mode, synced,
 * then renamed over out.  Signals that would kill us are held back until
 * the temporary file is renamed or removed, so none is left behind.  A new
 * key is written only here, just before the rename, and removed if the
 * rename fails: a failed or interrupted import leaves no key either. */
static int write_file(sqlite3 *mem, const char *out, const char *new_key,
		      const uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err)
{
	bool key_made = false;
	char tmp[PATH_MAX], dir[PATH_MAX];
	uint8_t rnd[6];
	char rhex[13];
	sigset_t block, old;
	sqlite3_stmt *st;
	sqlite3 *db = NULL;
	int rc = -1;

	randombytes_buf(rnd, sizeof rnd);
	hex(rnd, sizeof rnd, rhex);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%s", out, rhex) >= sizeof tmp)
		return err_set(err, "%s: path too long", out);
	dir_of(out, dir, sizeof dir);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (sqlite3_prepare_v2(mem, "VACUUM INTO ?1", -1, &st, NULL)) {
		db_fail(mem, "vacuum", err);
		goto out;
	}
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(err, "cannot write %s: %s", tmp, sqlite3_errmsg(mem));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) ||
	    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL)) {
		err_set(err, "cannot write %s: %s", tmp, db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_close(db);
	db = NULL;
	if (fsync_path(tmp, false) || chmod(tmp, 0644)) {
		err_set(err, "cannot write %s: %s", out, strerror(errno));
		goto out;
	}
	if (new_key) {
		char kdir[PATH_MAX];

		if (key_write(new_key, key, err))
			goto out;
		key_made = true;
		/* The key's name is durable before the snapshot's: a crash
		 * must not leave a snapshot whose key is gone. */
		dir_of(new_key, kdir, sizeof kdir);
		fsync_path(kdir, true);
	}
	if (rename(tmp, out)) {
		err_set(err, "cannot write %s: %s", out, strerror(errno));
		goto out;
	}
	fsync_path(dir, true);
	rc = 0;
out:
	if (db)
		sqlite3_close(db);
	if (rc)
		unlink(tmp);
	if (rc && key_made)
		unlink(new_key);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* The directory a new file goes into: there, a directory, writable. */
static int check_dir_of(const char *opt, const char *file, struct err *err)
{
	char dir[PATH_MAX];
	struct stat st;

	dir_of(file, dir, sizeof dir);
	if (stat(dir, &st) != 0 && errno == ENOENT)
		return err_set(err, "%s %s: the directory %s does not exist; create it or choose another",
			       opt, file, dir);
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return err_set(err, "%s %s: %s is not a directory; choose another place", opt, file, dir);
	if (access(dir, W_OK) != 0)
		return err_set(err, "%s %s: cannot write in %s: %s", opt, file, dir, strerror(errno));
	return 0;
}

static int check_out_dir(const char *out, const char *new_key, struct err *err)
{
	struct stat st;

	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(err, "--out %s is a directory; give a file name in it, e.g. %s%ssnapshot.db",
			       out, out, out[strlen(out) - 1] == '/' ? "" : "/");
	/* Renaming over a device or a pipe would replace it. */
	if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
		return err_set(err, "--out %s is not a regular file; give a snapshot file name", out);
	if (check_dir_of("--out", out, err))
		return -1;
	return new_key ? check_dir_of("--key", new_key, err) : 0;
}

int snapshot_import(const char *name, const struct csv_text *text, const char *out,
		    const uint8_t key[SNAPSHOT_KEY_BYTES], const char *new_key,
		    snapshot_report_fn *report, void *ctx, struct snapshot_summary *sum,
		    struct err *err)
{
	struct imp im = { .key = key, .report = report, .ctx = ctx };
	sqlite3 *mem = NULL;
	int rc = -1;

	if (check_out_dir(out, new_key, err) || imp_run(&im, name, text, err))
		goto out;
	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL)) {
		err_set(err, "cannot open an in-memory database");
		goto out;
	}
	if (build(&im, mem, text, err) || write_file(mem, out, new_key, key, err))
		goto out;
	rc = 0;
out:
	if (sum)
		*sum = im.sum;
	sqlite3_close(mem);
	imp_free(&im);
	return rc;
}

/* ---- reading --------------------------------------------------------- */

struct snapshot {
	sqlite3 *db;
	sqlite3_stmt *find, *person;
	char *path;
	uint8_t key[SNAPSHOT_KEY_BYTES];
	char content[65];
	int bits;
	struct snapshot_info info;
	/* The key and each kind's domain, hashed once: a probe hashes only
	 * the identifier. */
	crypto_generichash_state base[IDENT_NKINDS];
};

static int damaged(struct snapshot *s, struct err *err)
{
	int code = sqlite3_errcode(s->db);

	if (code == SQLITE_NOTADB)
		return err_set(err, _("snapshot %s is not a madoguchi snapshot (not an SQLite database)"), s->path);
	return err_set(err, _("snapshot %s is damaged (%s); copy it again or rebuild it with 'madoguchi import'"),
		       s->path, sqlite3_errmsg(s->db));
}

/* The SQLite header says how many pages the file has: a copy cut short is
 * noticed here instead of on the page a lookup happens to need. */
static int check_header(const char *path, struct err *err)
{
	unsigned char h[100];
	struct stat st;
	unsigned long page, pages;
	FILE *f = fopen(path, "rb");

	if (!f) {
		if (errno == ENOENT)
			return err_set(err, _("snapshot %s does not exist; build it with 'madoguchi import' "
				       "or choose another with --snapshot"), path);
		return err_set(err, "snapshot %s: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return err_set(err, _("snapshot %s is not a regular file"), path);
	}
	if (fread(h, 1, sizeof h, f) != sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
		fclose(f);
		return err_set(err, _("snapshot %s is not a madoguchi snapshot (not an SQLite database)"), path);
	}
	fclose(f);
	page = (unsigned long)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	pages = (unsigned long)h[28] << 24 | (unsigned long)h[29] << 16 | (unsigned long)h[30] << 8 | h[31];
	if (page < 512 || (page & (page - 1)) || pages == 0)
		return err_set(err, _("snapshot %s is damaged (bad header); copy it again"), path);
	if ((unsigned long long)st.st_size != (unsigned long long)page * pages)
		return err_set(err, _("snapshot %s is %s (%lld bytes, its header says %llu); copy it again"),
			       path, (unsigned long long)st.st_size < (unsigned long long)page * pages
			       ? _("truncated") : _("damaged"), (long long)st.st_size,
			       (unsigned long long)page * pages);
	return 0;
}

/* file:PATH?immutable=1 with PATH percent-encoded. */
static char *uri_of(const char *path)
{
	size_t n = strlen(path);
	char *u = malloc(3 * n + 32), *o;

	if (!u)
		return NULL;
	o = u + sprintf(u, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("/._-~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	strcpy(o, "?immutable=1");
	return u;
}

static int read_meta(struct snapshot *s, const char *key_name, struct err *err)
{
	sqlite3_stmt *st;
	char kcv[33] = "", want[33], rules[IDENT_RULES_LEN + 1];
	int rc;

	s->info.schema = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT k, v FROM meta", -1, &st, NULL)) {
		if (sqlite3_errcode(s->db) == SQLITE_ERROR)
			return err_set(err, _("snapshot %s is not a madoguchi snapshot (it has no meta table)"), s->path);
		return damaged(s, err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);

		if (!k || !v)
			continue;
		if (!strcmp(k, "schema_version"))
			s->info.schema = atoi(v);
		else if (!strcmp(k, "digest_bucket_bits"))
			s->bits = atoi(v);
		else if (!strcmp(k, "snapshot_id"))
			snprintf(s->info.id, sizeof s->info.id, "%s", v);
		else if (!strcmp(k, "created_at"))
			snprintf(s->info.created, sizeof s->info.created, "%s", v);
		else if (!strcmp(k, "source_sha256"))
			snprintf(s->info.source_sha256, sizeof s->info.source_sha256, "%s", v);
		else if (!strcmp(k, "ident_rules"))
			snprintf(s->info.ident_rules, sizeof s->info.ident_rules, "%s", v);
		else if (!strcmp(k, "key_check"))
			snprintf(kcv, sizeof kcv, "%s", v);
		else if (!strcmp(k, "content_blake2b"))
			snprintf(s->content, sizeof s->content, "%s", v);
		else if (!strcmp(k, "rows"))
			s->info.rows = atol(v);
		else if (!strcmp(k, "persons"))
			s->info.persons = atol(v);
		else if (!strcmp(k, "userinfo_exposed"))
			s->info.userinfo_exposed = atol(v);
		else if (!strcmp(k, "card_records"))
			s->info.card_records = atol(v);
		else if (!strcmp(k, "card_persons"))
			s->info.card_persons = atol(v);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(s, err);
	if (s->info.schema != SNAPSHOT_SCHEMA)
		return err_set(err, _("snapshot %s has schema version %d, this madoguchi reads version %d; "
				 "rebuild it with this version's 'madoguchi import'"), s->path, s->info.schema,
			       SNAPSHOT_SCHEMA);
	/* Both sides of a match must be reduced alike: a snapshot imported
	 * under other rules (an older madoguchi) could miss a person. */
	ident_rules_id(rules);
	if (strcmp(s->info.ident_rules, rules) != 0)
		return err_set(err, _("snapshot %s was imported under other identifier rules (%s; this "
				 "madoguchi's are %s): import it again with this version's 'madoguchi import'"),
			       s->path, *s->info.ident_rules ? s->info.ident_rules : _("older"), rules);
	if (s->bits < 4 || s->bits > 24)
		return err_set(err, _("snapshot %s is damaged (bad digest_bucket_bits); copy it again"), s->path);
	key_check_value(s->key, want);
	if (strcmp(kcv, want) != 0)
		return err_set(err, _("the key %s does not match snapshot %s (it was built with another key); "
			       "give the key it was imported with"), key_name ? key_name : "given", s->path);
	return 0;
}

int snapshot_source(const char *path, char sha[65])
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *uri = uri_of(path);
	const unsigned char *v;
	int rc = -1;

	sha[0] = '\0';
	if (!uri)
		return -1;
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = 'source_sha256'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && (v = sqlite3_column_text(st, 0)) &&
	    strlen((const char *)v) == 64) {
		memcpy(sha, v, 65);
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(uri);
	return rc;
}

int snapshot_open(const char *path, const uint8_t key[SNAPSHOT_KEY_BYTES], const char *key_name,
		  struct snapshot **out, struct err *err)
{
	struct snapshot *s;
	char *uri;

	if (!path || !*path)
		return err_set(err, _("no snapshot; choose one with --snapshot FILE or MADOGUCHI_SNAPSHOT"));
	if (sodium_init() < 0)
		return err_set(err, "libsodium cannot start");
	if (check_header(path, err))
		return -1;
	/* aligned_alloc, not calloc: libsodium declares its hash state
	 * 64-byte aligned, more than malloc promises, and s->base holds
	 * such states. */
	s = aligned_alloc(_Alignof(struct snapshot), (sizeof *s + _Alignof(struct snapshot) - 1) /
			  _Alignof(struct snapshot) * _Alignof(struct snapshot));
	if (s)
		memset(s, 0, sizeof *s);
	uri = uri_of(path);
	if (!s || !uri || !(s->path = strdup(path))) {
		free(s);
		free(uri);
		return err_set(err, "out of memory");
	}
	memcpy(s->key, key, SNAPSHOT_KEY_BYTES);
	for (int k = 0; k < IDENT_NKINDS; k++)
		digest_base(key, (enum ident_kind)k, &s->base[k]);
	/* No connection mutex: a struct snapshot is used by one thread. */
	if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL)) {
		err_set(err, "snapshot %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		free(uri);
		snapshot_close(s);
		return -1;
	}
	free(uri);
	if (read_meta(s, key_name, err)) {
		snapshot_close(s);
		return -1;
	}
	if (sqlite3_prepare_v3(s->db, "SELECT entries FROM digest WHERE bucket = ?1", -1,
			       SQLITE_PREPARE_PERSISTENT, &s->find, NULL) ||
	    sqlite3_prepare_v3(s->db, "SELECT ref, items, userinfo, card_records, registered_on,"
			       " notified_on, phone_hint FROM person WHERE id = ?1", -1,
			       SQLITE_PREPARE_PERSISTENT, &s->person, NULL) ||
	    /* The file never changes under an immutable reader: one read
	     * transaction for the process's life spares every statement
	     * opening and closing its own. */
	    sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL)) {
		damaged(s, err);
		snapshot_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void snapshot_close(struct snapshot *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->find);
	sqlite3_finalize(s->person);
	sqlite3_close(s->db);
	sodium_memzero(s->key, sizeof s->key);
	sodium_memzero(s->base, sizeof s->base);
	free(s->path);
	free(s);
}

const struct snapshot_info *snapshot_get_info(const struct snapshot *s)
{
	return &s->info;
}

static int ids_reserve(struct snapshot_ids *out, size_t n, struct err *err)
{
	long long *v;

	if (n <= out->cap)
		return 0;
	v = realloc(out->v, n * sizeof *v);
	if (!v)
		return err_set(err, "out of memory");
	out->v = v;
	out->cap = n;
	return 0;
}

static int bad_bucket(struct snapshot *s, struct err *err)
{
	return err_set(err, "snapshot %s is damaged (a digest bucket is malformed); copy it again",
		       s->path);
}

/* The persons of digest d in bucket e (len bytes).  A bucket holds a few
 * digests in ascending order: all of them are walked and their order
 * checked, so that a damaged bucket says so instead of answering
 * "nobody" (the walk is a few comparisons). */
static int bucket_ids(struct snapshot *s, const uint8_t *e, size_t len, const uint8_t *d,
		      struct snapshot_ids *out, struct err *err)
{
	const uint8_t *prev = NULL, *hit = NULL;
	uint64_t hit_n = 0;
	size_t at = 0;

	while (at < len) {
		uint64_t n;
		size_t vn;
		bool match;

		if (len - at < SNAPSHOT_DIGEST_BYTES + 1)
			return bad_bucket(s, err);
		if (prev && memcmp(prev, e + at, SNAPSHOT_DIGEST_BYTES) >= 0)
			return bad_bucket(s, err);
		prev = e + at;
		match = memcmp(e + at, d, SNAPSHOT_DIGEST_BYTES) == 0;
		at += SNAPSHOT_DIGEST_BYTES;
		vn = get_varint(e + at, len - at, &n);
		if (vn == 0 || n == 0 || n > (len - at - vn) / ID_BYTES)
			return bad_bucket(s, err);
		at += vn;
		if (match) {
			hit = e + at;
			hit_n = n;
		}
		at += n * ID_BYTES;
	}
	if (!hit)
		return 0;
	if (ids_reserve(out, hit_n, err))
		return -1;
	/* The lookup relies on ascending ids. */
	for (out->n = 0; out->n < hit_n; out->n++, hit += ID_BYTES) {
		out->v[out->n] = get_id(hit);
		if (out->v[out->n] <= (out->n ? out->v[out->n - 1] : 0))
			return bad_bucket(s, err);
	}
	return 0;
}

int snapshot_find(struct snapshot *s, enum ident_kind kind, const char *canon,
		  struct snapshot_ids *out, struct err *err)
{
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
	int rc;

	out->n = 0;
	digest_from(&s->base[kind], canon, d);
	sqlite3_bind_int64(s->find, 1, bucket_of(d, s->bits));
	rc = sqlite3_step(s->find);
	if (rc == SQLITE_ROW)
		rc = bucket_ids(s, sqlite3_column_blob(s->find, 0),
				(size_t)sqlite3_column_bytes(s->find, 0), d, out, err);
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = damaged(s, err);
	sqlite3_reset(s->find);
	return rc;
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	size_t n = v ? strnlen(v, size - 1) : 0;

	if (n)
		memcpy(out, v, n);
	out[n] = '\0';
}

int snapshot_person(struct snapshot *s, long long id, struct snapshot_person *p, struct err *err)
{
	int rc;

	memset(p, 0, sizeof *p);
	sqlite3_bind_int64(s->person, 1, id);
	rc = sqlite3_step(s->person);
	if (rc == SQLITE_ROW) {
		p->id = id;
		col_copy(s->person, 0, p->ref, sizeof p->ref);
		p->items = (unsigned)sqlite3_column_int(s->person, 1);
		p->userinfo = sqlite3_column_int(s->person, 2) != 0;
		p->card_records = (long)sqlite3_column_int64(s->person, 3);
		col_copy(s->person, 4, p->registered_on, sizeof p->registered_on);
		col_copy(s->person, 5, p->notified_on, sizeof p->notified_on);
		col_copy(s->person, 6, p->phone_hint, sizeof p->phone_hint);
	}
	sqlite3_reset(s->person);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(err, "snapshot %s is damaged (person %lld is missing); copy it again",
			       s->path, id);
	return damaged(s, err);
}

static int check_content(struct snapshot *s, struct err *err)
{
	crypto_generichash_state h;
	uint8_t content[32];
	char got[65];
	sqlite3_stmt *st;
	int rc;

	crypto_generichash_init(&h, NULL, 0, sizeof content);
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM person ORDER BY id", -1, &st, NULL))
		return damaged(s, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct snapshot_person p;

		if (snapshot_person(s, sqlite3_column_int64(st, 0), &p, err)) {
			sqlite3_finalize(st);
			return -1;
		}
		hash_person(&h, &p);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(s, err);
	if (sqlite3_prepare_v2(s->db, "SELECT bucket, entries FROM digest ORDER BY bucket", -1, &st, NULL))
		return damaged(s, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 1);

		hash_bucket(&h, sqlite3_column_int64(st, 0), blob ? blob : "",
			    (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(s, err);
	crypto_generichash_final(&h, content, sizeof content);
	hex(content, sizeof content, got);
	if (strcmp(got, s->content) != 0)
		return err_set(err, "snapshot %s is damaged (its content does not match its checksum); "
			       "copy it again", s->path);
	return 0;
}

/* quick_check may return many rows of many lines: the first says enough. */
int snapshot_check(struct snapshot *s, struct err *err)
{
	sqlite3_stmt *st;
	const char *v = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &st, NULL))
		return damaged(s, err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = (const char *)sqlite3_column_text(st, 0);
	if (!v || strcmp(v, "ok") != 0) {
		err_set(err, "snapshot %s is damaged (%.200s); copy it again", s->path,
			v ? v : sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		for (char *p = err->msg; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		return -1;
	}
	sqlite3_finalize(st);
	return check_content(s, err);
}
