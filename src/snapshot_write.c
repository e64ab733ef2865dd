#include "snapshot_write.h"
#include "buf.h"
#include "db.h"
#include "file.h"
#include "hex.h"
#include "i18n.h"
#include "snapshot_key.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct dent {
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
	uint32_t person;
};

/* What one write needs, gathered. */
struct job {
	const struct snapshot_merged *persons;
	size_t npersons;
	const struct snapshot_summary *sum;
	const uint8_t *sha;          /* the source CSV's SHA-256 */
	const uint8_t *key;
	int bits;                    /* digest bucket bits, chosen by insert_digests */
	struct dent *dents;          /* the pair digests, made by insert_persons */
	size_t ndents;
	/* The key and each pair's domain, hashed once. */
	crypto_generichash_state pair[SNAPSHOT_NPAIRS];
};

static const char schema_sql[] =
	"PRAGMA page_size=4096; PRAGMA journal_mode=OFF;"
	"CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE person(id INTEGER PRIMARY KEY, ref TEXT, items INTEGER NOT NULL,"
	" userinfo INTEGER NOT NULL, card_records INTEGER NOT NULL, registered_on TEXT,"
	" notified_on TEXT, tags BLOB);"
	"CREATE TABLE digest(bucket INTEGER PRIMARY KEY, entries BLOB NOT NULL);";

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
		start[snapshot_bucket_of(v[i].d, bits) + 1]++;
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	memcpy(pos, start, nb * sizeof *pos);
	for (size_t i = 0; i < n; i++)
		out[pos[snapshot_bucket_of(v[i].d, bits)]++] = v[i];
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

/* "cannot build the snapshot (person): the disk is full (…)" */
static int build_fail(sqlite3 *db, const char *what, struct err *err)
{
	char ctx[128];

	snprintf(ctx, sizeof ctx, _("cannot build the snapshot (%s)"), what);
	return db_fail(db, ctx, err);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The tie-break tags of pair (pair hash h) into sp's tags, where at
 * (snapshot_tag_layout) puts them. */
static void put_tags(const struct snapshot_merged *p, const char *last4, const int at[SNAPSHOT_NTAGS],
		     const uint8_t h[SNAPSHOT_PAIR_BYTES], struct snapshot_person *sp)
{
	if (at[SNAPSHOT_TAG_POSTAL] >= 0)
		snapshot_tag(h, SNAPSHOT_TAG_POSTAL, p->canon[IDENT_POSTAL], sp->tags + at[SNAPSHOT_TAG_POSTAL]);
	if (at[SNAPSHOT_TAG_LAST4] >= 0)
		snapshot_tag(h, SNAPSHOT_TAG_LAST4, last4, sp->tags + at[SNAPSHOT_TAG_LAST4]);
}

/* Person id's record, with its pair digests added to im->dents. */
static void person_record(struct job *im, const struct snapshot_merged *p, long long id,
			  struct snapshot_person *sp)
{
	int at[SNAPSHOT_NPAIRS][SNAPSHOT_NTAGS];
	char last4[5] = "";

	memset(sp, 0, sizeof *sp);
	sp->id = id;
	if (p->ref)
		memcpy(sp->ref, p->ref, strnlen(p->ref, sizeof sp->ref - 1));
	sp->items = p->items;
	sp->userinfo = p->ui;
	sp->card_records = p->card_records;
	strcpy(sp->registered_on, p->reg);
	strcpy(sp->notified_on, p->notified);
	sp->ntags = snapshot_tag_layout(sp->items, at);
	if (p->present & (1u << IDENT_PHONE))
		snapshot_last4(p->canon[IDENT_PHONE], last4);
	for (int pair = 0; pair < SNAPSHOT_NPAIRS; pair++) {
		enum ident_kind n = snapshot_pair_name(pair), s = snapshot_pair_support(pair);
		uint8_t h[SNAPSHOT_PAIR_BYTES];
		struct dent *e;

		if (!(p->present & (1u << n)) || !(p->present & (1u << s)))
			continue;
		e = &im->dents[im->ndents++];
		snapshot_pair_hash(&im->pair[pair], p->canon[n], p->canon[s], h);
		memcpy(e->d, h, SNAPSHOT_DIGEST_BYTES);
		e->person = (uint32_t)id;
		put_tags(p, last4, at[pair], h, sp);
		sodium_memzero(h, sizeof h);
	}
	sodium_memzero(last4, sizeof last4);
}

static void bind_blob_or_null(sqlite3_stmt *st, int i, const void *b, size_t n)
{
	if (n)
		sqlite3_bind_blob(st, i, b, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int insert_persons(struct job *im, sqlite3 *db, crypto_generichash_state *h, struct err *err)
{
	sqlite3_stmt *st;

	im->dents = malloc((im->npersons * SNAPSHOT_NPAIRS + 1) * sizeof *im->dents);
	if (!im->dents)
		return err_set(err, _("out of memory"));
	for (int p = 0; p < SNAPSHOT_NPAIRS; p++)
		snapshot_pair_init(im->key, p, &im->pair[p]);
	if (sqlite3_prepare_v2(db, "INSERT INTO person VALUES(?1,?2,?3,?4,?5,?6,?7,?8)", -1, &st, NULL))
		return build_fail(db, "person", err);
	for (size_t i = 0; i < im->npersons; i++) {
		struct snapshot_person sp;

		person_record(im, &im->persons[i], (long long)i + 1, &sp);
		snapshot_hash_person(h, &sp);
		sqlite3_bind_int64(st, 1, sp.id);
		bind_text_or_null(st, 2, sp.ref);
		sqlite3_bind_int(st, 3, (int)sp.items);
		sqlite3_bind_int(st, 4, sp.userinfo);
		sqlite3_bind_int64(st, 5, sp.card_records);
		bind_text_or_null(st, 6, sp.registered_on);
		bind_text_or_null(st, 7, sp.notified_on);
		bind_blob_or_null(st, 8, sp.tags, sp.ntags);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return build_fail(db, "person", err);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Writes v (n entries sorted by digest then person, duplicates removed)
 * as buckets of bits bits. */
static int put_buckets(sqlite3 *db, sqlite3_stmt *st, crypto_generichash_state *h,
		       const struct dent *v, size_t n, int bits, struct err *err)
{
	struct buf bucket = { 0 };

	for (size_t i = 0; i < n;) {
		long long b = snapshot_bucket_of(v[i].d, bits);

		buf_clear(&bucket);
		while (i < n && snapshot_bucket_of(v[i].d, bits) == b) {
			uint8_t count[SNAPSHOT_VARINT_MAX], id[SNAPSHOT_ID_BYTES];
			size_t j = i;

			while (j < n && memcmp(v[j].d, v[i].d, SNAPSHOT_DIGEST_BYTES) == 0)
				j++;
			buf_add(&bucket, v[i].d, SNAPSHOT_DIGEST_BYTES);
			buf_add(&bucket, count, snapshot_put_varint(count, j - i));
			for (; i < j; i++) {
				snapshot_put_id(id, v[i].person);
				buf_add(&bucket, id, sizeof id);
			}
		}
		if (bucket.oom) {
			buf_free(&bucket);
			return err_set(err, _("out of memory"));
		}
		snapshot_hash_bucket(h, b, bucket.p, bucket.n);
		sqlite3_bind_int64(st, 1, b);
		sqlite3_bind_blob(st, 2, bucket.p, (int)bucket.n, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			buf_free(&bucket);
			return build_fail(db, "digest", err);
		}
		sqlite3_reset(st);
	}
	buf_free(&bucket);
	return 0;
}

static int insert_digests(struct job *im, sqlite3 *db, crypto_generichash_state *h, struct err *err)
{
	size_t n = im->ndents, u = 0, distinct = 0;
	struct dent *v, *sorted;
	sqlite3_stmt *st;
	int rc;

	sorted = sort_entries(im->dents, n, snapshot_bucket_bits(n));
	free(im->dents);
	im->dents = NULL;
	if (!sorted)
		return err_set(err, _("out of memory"));
	v = sorted;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || by_digest(&v[i], &v[u - 1]) != 0) {
			distinct += u == 0 || memcmp(v[i].d, v[u - 1].d, SNAPSHOT_DIGEST_BYTES) != 0;
			v[u++] = v[i];
		}
	/* The order does not depend on the bits: fewer bits for the buckets
	 * only join neighbours. */
	im->bits = snapshot_bucket_bits(distinct);
	if (sqlite3_prepare_v2(db, "INSERT INTO digest VALUES(?1,?2)", -1, &st, NULL)) {
		free(v);
		return build_fail(db, "digest", err);
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
		return build_fail(db, "meta", err);
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

static int insert_meta(struct job *im, sqlite3 *db, const char *content,
		       struct err *err)
{
	uint8_t id[16];
	char idhex[33], sha[65], kcv[33], created[32], rules[IDENT_RULES_LEN + 1];
	time_t now = time(NULL);
	struct tm tm;

	ident_rules_id(rules);
	randombytes_buf(id, sizeof id);
	hex_encode(id, sizeof id, idhex);
	hex_encode(im->sha, 32, sha);
	snapshot_key_check(im->key, kcv);
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
	       put_meta_long(db, "rows", im->sum->rows, err) ||
	       put_meta_long(db, "persons", im->sum->persons, err) ||
	       put_meta_long(db, "userinfo_exposed", im->sum->userinfo_persons, err) ||
	       put_meta_long(db, "card_records", im->sum->card_records, err) ||
	       put_meta_long(db, "card_persons", im->sum->card_persons, err) ? -1 : 0;
}

static int build(struct job *im, sqlite3 *db, struct err *err)
{
	crypto_generichash_state h;
	uint8_t content[32];
	char content_hex[65];
	sqlite3_stmt *st;
	int ok;

	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return build_fail(db, "schema", err);
	crypto_generichash_init(&h, NULL, 0, sizeof content);
	if (insert_persons(im, db, &h, err) || insert_digests(im, db, &h, err))
		return -1;
	crypto_generichash_final(&h, content, sizeof content);
	hex_encode(content, sizeof content, content_hex);
	if (insert_meta(im, db, content_hex, err) || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		return err->msg[0] ? -1 : db_fail(db, "commit", err);
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL))
		return build_fail(db, "quick_check", err);
	ok = sqlite3_step(st) == SQLITE_ROW &&
	     strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : err_set(err, _("the snapshot built in memory fails its check; nothing was written"));
}

static int fsync_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
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
	char tmp[PATH_MAX];
	uint8_t rnd[6];
	char rhex[13];
	sigset_t block, old;
	sqlite3_stmt *st;
	sqlite3 *db = NULL;
	int rc = -1;

	randombytes_buf(rnd, sizeof rnd);
	hex_encode(rnd, sizeof rnd, rhex);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%s", out, rhex) >= sizeof tmp)
		return err_set(err, _("%s: path too long"), out);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (sqlite3_prepare_v2(mem, "VACUUM INTO ?1", -1, &st, NULL)) {
		build_fail(mem, "vacuum", err);
		goto out;
	}
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(err, _("cannot write %s: %s"), tmp, sqlite3_errmsg(mem));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) ||
	    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL)) {
		err_set(err, _("cannot write %s: %s"), tmp, db ? sqlite3_errmsg(db) : _("out of memory"));
		goto out;
	}
	sqlite3_close(db);
	db = NULL;
	if (fsync_file(tmp) || chmod(tmp, 0644)) {
		err_set(err, _("cannot write %s: %s"), out, strerror(errno));
		goto out;
	}
	if (new_key) {
		if (snapshot_key_write(new_key, key, err))
			goto out;
		key_made = true;
		/* The key's name is durable before the snapshot's: a crash
		 * must not leave a snapshot whose key is gone. */
		file_fsync_dir(new_key);
	}
	if (rename(tmp, out)) {
		err_set(err, _("cannot write %s: %s"), out, strerror(errno));
		goto out;
	}
	file_fsync_dir(out);
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

	if (file_dir_of(file, dir, sizeof dir))
		return err_set(err, _("%s %s: the path is too long"), opt, file);
	if (stat(dir, &st) != 0 && errno == ENOENT)
		return err_set(err, _("%s %s: the directory %s does not exist; create it or choose another"),
			       opt, file, dir);
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return err_set(err, _("%s %s: %s is not a directory; choose another place"), opt, file, dir);
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) != 0)
		return err_set(err, _("%s %s: cannot write in %s: %s"), opt, file, dir, strerror(errno));
	return 0;
}

int snapshot_write_check(const char *out, const char *new_key, struct err *err)
{
	struct stat st;

	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(err, _("--out %s is a directory; give a file name in it, e.g. %s%ssnapshot.db"),
			       out, out, out[strlen(out) - 1] == '/' ? "" : "/");
	/* Renaming over a device or a pipe would replace it. */
	if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
		return err_set(err, _("--out %s is not a regular file; give a snapshot file name"), out);
	if (check_dir_of("--out", out, err))
		return -1;
	return new_key ? check_dir_of("--key", new_key, err) : 0;
}

int snapshot_write(const struct snapshot_merged *p, size_t n, const struct snapshot_summary *sum,
		   const uint8_t source_sha256[32], const uint8_t key[SNAPSHOT_KEY_BYTES],
		   const char *out, const char *new_key, struct err *err)
{
	struct job job = { .persons = p, .npersons = n, .sum = sum, .sha = source_sha256, .key = key };
	sqlite3 *mem = NULL;
	int rc;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL)) {
		sqlite3_close(mem);
		return err_set(err, _("cannot open an in-memory database"));
	}
	rc = build(&job, mem, err) || write_file(mem, out, new_key, key, err) ? -1 : 0;
	sqlite3_close(mem);
	free(job.dents);
	sodium_memzero(job.pair, sizeof job.pair);
	return rc;
}
