#include "inq_chain.h"
#include "db.h"
#include "hex.h"
#include "i18n.h"
#include "inq_check.h"
#include "inq_conn.h"
#include "inq_heads.h"
#include "inq_private.h"
#include "inq_read.h"
#include "inq_schema.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HASH_BYTES 32
#define HASH_HEX INQ_HASH_HEX

static const char zero_hash[HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void be(unsigned char *out, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		out[i] = (unsigned char)(v & 0xff);
}

static void hash_lp(crypto_generichash_state *st, const char *p, size_t n)
{
	unsigned char len[4];

	be(len, n, 4);
	crypto_generichash_update(st, len, 4);
	crypto_generichash_update(st, (const unsigned char *)p, n);
}

/* The v2 bytes of a call put its note's salted hash where v1 had the note
 * (see inq_chain.h). */
static int rec_hash(const struct inq_rec *r, int64_t seq, bool v2, const char *prev_hex,
		    char out[HASH_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char prev[HASH_BYTES], h[HASH_BYTES], s[8];
	const char *tag = v2 ? r->t->tag2 : r->t->tag;

	if (strlen(prev_hex) != HASH_HEX || hex_decode(prev_hex, HASH_HEX, prev))
		return -1;
	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	crypto_generichash_update(&st, prev, HASH_BYTES);
	hash_lp(&st, tag, strlen(tag));
	be(s, (uint64_t)seq, 8);
	crypto_generichash_update(&st, s, 8);
	for (int i = 0; i < r->t->ncols; i++) {
		const struct inq_field *f = v2 && i == r->t->textcol ? &r->thash : &r->f[i];
		unsigned char flag = f->p ? 1 : 0;

		crypto_generichash_update(&st, &flag, 1);
		if (flag)
			hash_lp(&st, f->p, f->n);
	}
	crypto_generichash_final(&st, h, HASH_BYTES);
	hex_encode(h, HASH_BYTES, out);
	return 0;
}

int inq_chain_hash(enum inq_table t, long long seq, const char *prev_hex,
		   const char *const *values, char out[INQ_HASH_HEX + 1])
{
	struct inq_rec r = { .t = &inq_tables[t] };

	for (int i = 0; i < r.t->ncols; i++)
		r.f[i] = inq_fstr(values[i]);
	if (r.t->tag2)
		r.thash = r.f[r.t->textcol];
	return rec_hash(&r, seq, r.t->tag2 != NULL, prev_hex, out);
}

void inq_note_salt(char out[INQ_SALT_HEX + 1])
{
	unsigned char salt[INQ_SALT_HEX / 2];

	randombytes_buf(salt, sizeof salt);
	hex_encode(salt, sizeof salt, out);
}

int inq_note_hash(const char *salt_hex, size_t salt_n, const char *note, size_t n,
		  char out[INQ_HASH_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char salt[INQ_SALT_HEX / 2], h[HASH_BYTES];

	if (salt_n != INQ_SALT_HEX || !inq_is_hex(salt_hex, salt_n) ||
	    hex_decode(salt_hex, salt_n, salt))
		return -1;
	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	crypto_generichash_update(&st, salt, sizeof salt);
	crypto_generichash_update(&st, (const unsigned char *)note, n);
	crypto_generichash_final(&st, h, HASH_BYTES);
	hex_encode(h, HASH_BYTES, out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* One row into its chain */

static bool uuid_present(sqlite3 *db, const struct inq_rec *r, int *rc)
{
	char sql[128];
	sqlite3_stmt *st;
	bool found;

	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE uuid = ?1", r->t->name);
	*rc = inq_prep(db, sql, &st);
	if (*rc != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, r->f[INQ_C_UUID].p, (int)r->f[INQ_C_UUID].n, SQLITE_STATIC);
	*rc = sqlite3_step(st);
	found = *rc == SQLITE_ROW;
	*rc = inq_unprep(st, *rc == SQLITE_ROW || *rc == SQLITE_DONE ? SQLITE_OK : *rc);
	return found;
}

static int chain_last(sqlite3 *db, const struct inq_tdesc *t, int64_t *seq, char prev[HASH_HEX + 1])
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT seq, hash FROM %s ORDER BY seq DESC LIMIT 1", t->name);
	rc = inq_prep(db, sql, &st);
	if (rc != SQLITE_OK)
		return rc;
	*seq = 0;
	memcpy(prev, zero_hash, sizeof zero_hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);

		*seq = sqlite3_column_int64(st, 0);
		snprintf(prev, HASH_HEX + 1, "%s", h ? h : "");
		rc = SQLITE_DONE;
	}
	return inq_unprep(st, rc == SQLITE_DONE ? SQLITE_OK : rc);
}

static int insert_row(sqlite3 *db, const struct inq_rec *r, int64_t seq, const char *prev,
		      const char *hash)
{
	const struct inq_tdesc *t = r->t;
	int nb = t->ncols + (t->tag2 ? 4 : 2);   /* the bound values after seq */
	char sql[1024];
	size_t n;
	sqlite3_stmt *st;
	int rc;

	n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (seq", t->name);
	for (int i = 0; i < t->ncols; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", t->cols[i]);
	n += (size_t)snprintf(sql + n, sizeof sql - n, "%s, prev_hash, hash) VALUES (?",
			      t->tag2 ? ", note_salt, note_hash" : "");
	for (int i = 0; i < nb; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", ?");
	snprintf(sql + n, sizeof sql - n, ")");
	rc = inq_prep(db, sql, &st);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	for (int i = 0; i < t->ncols; i++)
		if (r->f[i].p)
			sqlite3_bind_text(st, i + 2, r->f[i].p, (int)r->f[i].n, SQLITE_STATIC);
	if (t->tag2) {
		if (r->salt.p)
			sqlite3_bind_text(st, t->ncols + 2, r->salt.p, (int)r->salt.n, SQLITE_STATIC);
		if (r->thash.p)
			sqlite3_bind_text(st, t->ncols + 3, r->thash.p, (int)r->thash.n, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, nb, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, nb + 1, hash, -1, SQLITE_STATIC);
	return inq_step_done(st);
}

/* The last position and hash of each chain: catches rows cut off the end. */
static int chain_set(sqlite3 *db, const struct inq_tdesc *t, int64_t seq, const char *hash)
{
	sqlite3_stmt *st;
	int rc = inq_prep(db,
		"INSERT INTO chain (name, seq, hash) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hash = excluded.hash", &st);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	return inq_step_done(st);
}

/* The salt and hash a call commits to its note with, into r (buffers of
 * the caller): the salt r brings (a spool line, another log's row) or a
 * new one, and the hash always computed here from the note, never taken
 * on trust; only a note already purged in another log keeps the hash its
 * row brings, the one thing left of it.  -1: that hash is not a hash. */
static int note_commit(struct inq_rec *r, char salt[INQ_SALT_HEX + 1], char h[HASH_HEX + 1])
{
	const struct inq_field *note;

	if (!r->t->tag2) {
		r->salt = r->thash = inq_fstr(NULL);
		return 0;
	}
	note = &r->f[r->t->textcol];
	if (!note->p) {
		r->salt = inq_fstr(NULL);
		return r->thash.p && (r->thash.n != HASH_HEX || !inq_is_hex(r->thash.p, r->thash.n)) ? -1 : 0;
	}
	if (r->salt.p && r->salt.n == INQ_SALT_HEX && inq_is_hex(r->salt.p, r->salt.n))
		memcpy(salt, r->salt.p, INQ_SALT_HEX);
	else
		inq_note_salt(salt);
	salt[INQ_SALT_HEX] = '\0';
	r->salt = (struct inq_field){ salt, INQ_SALT_HEX };
	inq_note_hash(salt, INQ_SALT_HEX, note->p, note->n, h);
	r->thash = (struct inq_field){ h, HASH_HEX };
	return 0;
}

/* Every row this program appends is v2 where its table has a v2: the
 * chain switched when the log reached schema 3, under the same lock
 * (src/inq_schema.c, migrate_v3). */
int inq_chain_put(struct inq_log *log, const struct inq_rec *r0, int *rcp)
{
	char prev[HASH_HEX + 1], h[HASH_HEX + 1], salt[INQ_SALT_HEX + 1], nh[HASH_HEX + 1];
	struct inq_rec r = *r0;
	sqlite3 *db = log->db;
	int64_t seq;
	int rc;

	if (uuid_present(db, &r, &rc))
		return 1;
	if (rc == SQLITE_OK && note_commit(&r, salt, nh))
		rc = SQLITE_CONSTRAINT;
	if (rc == SQLITE_OK)
		rc = chain_last(db, r.t, &seq, prev);
	if (rc == SQLITE_OK && rec_hash(&r, seq + 1, r.t->tag2 != NULL, prev, h))
		rc = SQLITE_CORRUPT;
	if (rc == SQLITE_OK)
		rc = insert_row(db, &r, seq + 1, prev, h);
	if (rc == SQLITE_OK)
		rc = chain_set(db, r.t, seq + 1, h);
	if (rc == SQLITE_OK)
		inq_heads_mark(log, (enum inq_table)(r.t - inq_tables), seq + 1, h);
	*rcp = rc;
	return rc == SQLITE_OK ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Verify */

/* The positions of the purged notes, as ranges "1-40, 45": a run of
 * rows is kept until it ends, then written. */
struct runs {
	long long a, b;           /* the run under way; b == 0: none */
	bool cut;
};

static void runs_flush(struct runs *r, struct inq_verify *v)
{
	size_t n = strlen(v->purged_rows), size = sizeof v->purged_rows;
	char one[48];

	if (!r->b || r->cut)
		return;
	if (r->a == r->b)
		snprintf(one, sizeof one, "%s%lld", n ? ", " : "", r->a);
	else
		snprintf(one, sizeof one, "%s%lld-%lld", n ? ", " : "", r->a, r->b);
	/* Room kept for the mark that says the list goes on. */
	if (n + strlen(one) + sizeof ", …" > size) {
		snprintf(v->purged_rows + n, size - n, ", …");
		r->cut = true;
	} else {
		memcpy(v->purged_rows + n, one, strlen(one) + 1);
	}
	r->b = 0;
}

static void runs_add(struct runs *r, long long seq, struct inq_verify *v)
{
	v->purged++;
	if (r->b && seq == r->b + 1) {
		r->b = seq;
		return;
	}
	runs_flush(r, v);
	r->a = r->b = seq;
}

/* The note of a v2 call against its note_hash: 0 as it was written, 1
 * purged (note and salt gone, the hash left), -1 with v->problem. */
static int check_note(const struct inq_rec *r, int64_t seq, const char *uuid, struct inq_verify *v)
{
	const struct inq_field *note = &r->f[r->t->textcol];
	char h[HASH_HEX + 1];

	if (note->p) {
		if (!r->salt.p || !r->thash.p || r->thash.n != HASH_HEX ||
		    inq_note_hash(r->salt.p, r->salt.n, note->p, note->n, h) ||
		    memcmp(h, r->thash.p, HASH_HEX) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld (%s): its hash does not match its note (edited?)"),
				 r->t->name, (long long)seq, uuid);
			return -1;
		}
		return 0;
	}
	if (r->salt.p) {
		snprintf(v->problem, sizeof v->problem,
			 _("%s row %lld (%s): its note is gone but not its salt (removed outside log purge?)"),
			 r->t->name, (long long)seq, uuid);
		return -1;
	}
	return r->thash.p ? 1 : 0;
}

static int verify_table(sqlite3 *db, const struct inq_tdesc *t, long *count, struct runs *runs,
			struct inq_verify *v)
{
	char prev[HASH_HEX + 1], h[HASH_HEX + 1];
	sqlite3_stmt *st;
	long long v2_from = 0;
	int64_t last = 0;
	struct inq_rec r;
	int rc = inq_v2_from(db, t, &v2_from);

	if (rc != SQLITE_OK)
		return rc;
	if (!(st = inq_select(db, t, NULL)))
		return SQLITE_ERROR;
	rc = SQLITE_DONE;
	memcpy(prev, zero_hash, sizeof prev);
	while (v->ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *uuid = (const char *)sqlite3_column_text(st, 1);
		const char *ph = (const char *)sqlite3_column_text(st, t->ncols + 1);
		const char *hh = (const char *)sqlite3_column_text(st, t->ncols + 2);
		bool v2 = v2_from > 0 && seq >= v2_from;
		int note = 0;

		inq_rec_of_row(st, t, &r);
		uuid = uuid ? uuid : "?";
		if (seq != last + 1) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s: gap before row %lld: row %lld is missing (deleted?)"), t->name,
				 (long long)seq, (long long)last + 1);
			v->ok = false;
		} else if (!ph || strcmp(ph, prev) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld (%s): it does not follow row %lld (that row was edited or replaced?)"),
				 t->name, (long long)seq, uuid, (long long)last);
			v->ok = false;
		} else if (v2 && (note = check_note(&r, seq, uuid, v)) < 0) {
			v->ok = false;
		} else if (rec_hash(&r, seq, v2, ph, h) || !hh || strcmp(h, hh) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld (%s): its hash does not match its contents (edited?)"),
				 t->name, (long long)seq, uuid);
			v->ok = false;
		} else {
			if (note == 1)
				runs_add(runs, seq, v);
			memcpy(prev, hh, sizeof prev);
			last = seq;
			(*count)++;
		}
	}
	sqlite3_finalize(st);
	if (!v->ok)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Rows cut off the end leave the chain head pointing past the last row. */
static int verify_head(sqlite3 *db, const struct inq_tdesc *t, long count, struct inq_verify *v)
{
	sqlite3_stmt *st;
	int64_t seq = 0;
	const char *h = NULL;
	char hash[HASH_HEX + 1] = "";
	char sql[160];
	int rc;

	snprintf(sql, sizeof sql, "SELECT hash FROM %s WHERE seq = %ld", t->name, count);
	if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM chain WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		h = (const char *)sqlite3_column_text(st, 1);
		snprintf(hash, sizeof hash, "%s", h ? h : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (seq != count) {
		snprintf(v->problem, sizeof v->problem,
			 _("%s: the chain ends at row %lld but the last row is %ld (rows deleted at the end?)"),
			 t->name, (long long)seq, count);
		v->ok = false;
		return SQLITE_OK;
	}
	if (count == 0)
		return SQLITE_OK;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	rc = sqlite3_step(st);
	h = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!h || strcmp(h, hash) != 0) {
		snprintf(v->problem, sizeof v->problem,
			 _("%s row %ld: it is not the row the chain ends with (replaced?)"), t->name, count);
		v->ok = false;
	}
	sqlite3_finalize(st);
	return SQLITE_OK;
}

int inq_verify_db(sqlite3 *db, struct inq_verify *v)
{
	long *counts[INQ_NTABLES];
	struct runs runs = { 0, 0, false };
	int rc = SQLITE_OK;

	memset(v, 0, sizeof *v);
	v->ok = true;
	counts[INQ_CALLS] = &v->calls;
	counts[INQ_LOOKUPS] = &v->lookups;
	counts[INQ_ACCESS] = &v->access;
	for (int t = 0; t < INQ_NTABLES && v->ok && rc == SQLITE_OK; t++) {
		if (!inq_has_table(db, &inq_tables[t]))
			continue;
		rc = verify_table(db, &inq_tables[t], counts[t], &runs, v);
		if (rc == SQLITE_OK && v->ok)
			rc = verify_head(db, &inq_tables[t], *counts[t], v);
	}
	runs_flush(&runs, v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Heads: what syslog kept of the chains */

int inq_head_parse(const char *s, size_t n, struct inq_head *h, struct err *err)
{
	const char *colon = memchr(s, ':', n), *c2;
	size_t tn;
	long long seq = 0;

	if (!colon)
		goto bad;
	tn = (size_t)(colon - s);
	h->t = (enum inq_table)-1;
	for (int t = 0; t < INQ_NTABLES; t++)
		if (strlen(inq_tables[t].name) == tn && memcmp(inq_tables[t].name, s, tn) == 0)
			h->t = (enum inq_table)t;
	c2 = memchr(colon + 1, ':', n - tn - 1);
	if ((int)h->t < 0 || !c2 || c2 == colon + 1 || c2 - colon - 1 > 18 ||
	    (size_t)(s + n - c2 - 1) != HASH_HEX)
		goto bad;
	for (const char *p = colon + 1; p < c2; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		seq = seq * 10 + (*p - '0');
	}
	for (int i = 0; i < HASH_HEX; i++)
		h->hash[i] = (char)(c2[1 + i] >= 'A' && c2[1 + i] <= 'F' ? c2[1 + i] - 'A' + 'a' : c2[1 + i]);
	h->hash[HASH_HEX] = '\0';
	if (seq < 1 || !inq_is_hex(h->hash, HASH_HEX))
		goto bad;
	h->seq = seq;
	return 0;
bad:
	return err_set(err, _("head '%.*s': give TABLE:SEQ:HASH as syslog shows it "
			      "(inquiry, lookup or access; the position; 64 hex digits)"),
		       (int)(n > 200 ? 200 : n), s);
}

/* One head against the log, whose chains verified: each chain holds rows
 * 1 … count. */
static int check_head(sqlite3 *db, const struct inq_head *h, long count, struct inq_verify *v)
{
	const struct inq_tdesc *t = &inq_tables[h->t];
	sqlite3_stmt *st;
	char sql[128];
	const char *have;
	int rc;

	v->heads++;
	if (h->seq > v->head_last[h->t])
		v->head_last[h->t] = h->seq;
	if (h->seq > count) {
		snprintf(v->problem, sizeof v->problem,
			 _("%s is cut: a head recorded seq %lld, the log ends at %ld"), t->name, h->seq, count);
		v->ok = false;
		return SQLITE_OK;
	}
	snprintf(sql, sizeof sql, "SELECT hash FROM %s WHERE seq = ?1", t->name);
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, h->seq);
	rc = sqlite3_step(st);
	have = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		rc = SQLITE_OK;
		if (!have || strcmp(have, h->hash) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld: its hash is not the one a head recorded (%.12s…): "
				   "the log was rewritten from there or before"), t->name, h->seq, h->hash);
			v->ok = false;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Each head next gives, until one fails or none is left.  -1 with err
 * when next fails. */
static int verify_heads(sqlite3 *db, inq_head_next next, void *ctx, struct inq_verify *v,
			int *rc, struct err *err)
{
	long counts[INQ_NTABLES] = { v->calls, v->lookups, v->access };
	struct inq_head h;
	int got;

	while (v->ok && *rc == SQLITE_OK && (got = next(ctx, &h, err)) != 0) {
		if (got < 0)
			return -1;
		*rc = check_head(db, &h, counts[h.t], v);
	}
	return 0;
}

int inq_verify_log_heads(const char *path, inq_head_next next, void *ctx,
			 struct inq_verify *v, struct err *err)
{
	sqlite3 *db = inq_ro_open(path, err);
	int rc = SQLITE_OK, ret = 0;

	memset(v, 0, sizeof *v);
	v->ok = true;
	if (!db)
		return -1;
	/* One read transaction: every chain, its head and the heads given,
	 * as of one moment.  A file with no schema (emptied) has no rows:
	 * any head says it is cut. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
		if (inq_has_schema(db))
			rc = inq_verify_db(db, v);
		if (rc == SQLITE_OK && v->ok && next)
			ret = verify_heads(db, next, ctx, v, &rc, err);
		/* The message now: COMMIT would replace it. */
		if (rc != SQLITE_OK)
			err_set(err, "%s: %s (%s)", path, db_why(rc), sqlite3_errmsg(db));
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	sqlite3_close_v2(db);
	return rc != SQLITE_OK || ret ? -1 : 0;
}

int inq_verify_log(const char *path, struct inq_verify *v, struct err *err)
{
	return inq_verify_log_heads(path, NULL, NULL, v, err);
}

/* Heads given as text, one after the other. */
struct texts {
	const char *const *s;
	size_t n, i;
};

static int next_text(void *ctx, struct inq_head *h, struct err *err)
{
	struct texts *x = ctx;

	if (x->i == x->n)
		return 0;
	x->i++;
	return inq_head_parse(x->s[x->i - 1], strlen(x->s[x->i - 1]), h, err) ? -1 : 1;
}

int inq_verify_heads(const char *path, const char *const *heads, size_t n,
		     struct inq_verify *v, struct err *err)
{
	struct texts x = { heads, n, 0 };
	struct inq_head h;

	/* Every head read before the log is: a mistyped one is the user's
	 * error, not a finding about the log. */
	for (size_t i = 0; i < n; i++)
		if (inq_head_parse(heads[i], strlen(heads[i]), &h, err))
			return -1;
	return inq_verify_log_heads(path, next_text, &x, v, err);
}
