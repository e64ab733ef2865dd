#include "snapshot_read.h"
#include "hex.h"
#include "i18n.h"

#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
		return err_set(err, _("snapshot %s: %s"), path, strerror(errno));
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
	snapshot_key_check(s->key, want);
	if (strcmp(kcv, want) != 0)
		return key_name ?
			err_set(err, _("the key %s does not match snapshot %s (it was built with another key); "
				       "give the key it was imported with"), key_name, s->path) :
			err_set(err, _("the key given does not match snapshot %s (it was built with another "
				       "key); give the key it was imported with"), s->path);
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
		return err_set(err, _("libsodium cannot start"));
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
		return err_set(err, _("out of memory"));
	}
	memcpy(s->key, key, SNAPSHOT_KEY_BYTES);
	for (int k = 0; k < IDENT_NKINDS; k++)
		snapshot_digest_init(key, (enum ident_kind)k, &s->base[k]);
	/* No connection mutex: a struct snapshot is used by one thread. */
	if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL)) {
		err_set(err, _("snapshot %s: %s"), path, s->db ? sqlite3_errmsg(s->db) : _("out of memory"));
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
		return err_set(err, _("out of memory"));
	out->v = v;
	out->cap = n;
	return 0;
}

static int bad_bucket(struct snapshot *s, struct err *err)
{
	return err_set(err, _("snapshot %s is damaged (a digest bucket is malformed); copy it again"),
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
		vn = snapshot_get_varint(e + at, len - at, &n);
		if (vn == 0 || n == 0 || n > (len - at - vn) / SNAPSHOT_ID_BYTES)
			return bad_bucket(s, err);
		at += vn;
		if (match) {
			hit = e + at;
			hit_n = n;
		}
		at += n * SNAPSHOT_ID_BYTES;
	}
	if (!hit)
		return 0;
	if (ids_reserve(out, hit_n, err))
		return -1;
	/* The lookup relies on ascending ids. */
	for (out->n = 0; out->n < hit_n; out->n++, hit += SNAPSHOT_ID_BYTES) {
		out->v[out->n] = snapshot_get_id(hit);
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
	snapshot_digest_from(&s->base[kind], canon, d);
	sqlite3_bind_int64(s->find, 1, snapshot_bucket_of(d, s->bits));
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
		return err_set(err, _("snapshot %s is damaged (person %lld is missing); copy it again"),
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
		snapshot_hash_person(&h, &p);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(s, err);
	if (sqlite3_prepare_v2(s->db, "SELECT bucket, entries FROM digest ORDER BY bucket", -1, &st, NULL))
		return damaged(s, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 1);

		snapshot_hash_bucket(&h, sqlite3_column_int64(st, 0), blob ? blob : "",
			    (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(s, err);
	crypto_generichash_final(&h, content, sizeof content);
	hex_encode(content, sizeof content, got);
	if (strcmp(got, s->content) != 0)
		return err_set(err, _("snapshot %s is damaged (its content does not match its checksum); "
			       "copy it again"), s->path);
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
		err_set(err, _("snapshot %s is damaged (%.200s); copy it again"), s->path,
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
