#include "inq_chain.h"
#include "db.h"
#include "hex.h"
#include "i18n.h"
#include "inq_conn.h"
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

static int rec_hash(const struct inq_rec *r, int64_t seq, const char *prev_hex,
		    char out[HASH_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char prev[HASH_BYTES], h[HASH_BYTES], s[8];

	if (strlen(prev_hex) != HASH_HEX || hex_decode(prev_hex, HASH_HEX, prev))
		return -1;
	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	crypto_generichash_update(&st, prev, HASH_BYTES);
	hash_lp(&st, r->t->tag, strlen(r->t->tag));
	be(s, (uint64_t)seq, 8);
	crypto_generichash_update(&st, s, 8);
	for (int i = 0; i < r->t->ncols; i++) {
		unsigned char flag = r->f[i].p ? 1 : 0;

		crypto_generichash_update(&st, &flag, 1);
		if (flag)
			hash_lp(&st, r->f[i].p, r->f[i].n);
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
	return rec_hash(&r, seq, prev_hex, out);
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
	char sql[1024];
	size_t n;
	sqlite3_stmt *st;
	int rc;

	n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (seq", t->name);
	for (int i = 0; i < t->ncols; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", t->cols[i]);
	n += (size_t)snprintf(sql + n, sizeof sql - n, ", prev_hash, hash) VALUES (?");
	for (int i = 0; i < t->ncols + 2; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", ?");
	snprintf(sql + n, sizeof sql - n, ")");
	rc = inq_prep(db, sql, &st);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	for (int i = 0; i < t->ncols; i++)
		if (r->f[i].p)
			sqlite3_bind_text(st, i + 2, r->f[i].p, (int)r->f[i].n, SQLITE_STATIC);
	sqlite3_bind_text(st, t->ncols + 2, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, t->ncols + 3, hash, -1, SQLITE_STATIC);
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

int inq_chain_put(sqlite3 *db, const struct inq_rec *r, int *rcp)
{
	char prev[HASH_HEX + 1], h[HASH_HEX + 1];
	int64_t seq;
	int rc;

	if (uuid_present(db, r, &rc))
		return 1;
	if (rc == SQLITE_OK)
		rc = chain_last(db, r->t, &seq, prev);
	if (rc == SQLITE_OK && rec_hash(r, seq + 1, prev, h))
		rc = SQLITE_CORRUPT;
	if (rc == SQLITE_OK)
		rc = insert_row(db, r, seq + 1, prev, h);
	if (rc == SQLITE_OK)
		rc = chain_set(db, r->t, seq + 1, h);
	*rcp = rc;
	return rc == SQLITE_OK ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Verify */

static int verify_table(sqlite3 *db, const struct inq_tdesc *t, long *count, struct inq_verify *v)
{
	char prev[HASH_HEX + 1], h[HASH_HEX + 1];
	sqlite3_stmt *st = inq_select(db, t, NULL);
	int64_t last = 0;
	struct inq_rec r;
	int rc = SQLITE_DONE;

	if (!st)
		return SQLITE_ERROR;
	memcpy(prev, zero_hash, sizeof prev);
	while (v->ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *uuid = (const char *)sqlite3_column_text(st, 1);
		const char *ph = (const char *)sqlite3_column_text(st, t->ncols + 1);
		const char *hh = (const char *)sqlite3_column_text(st, t->ncols + 2);
		inq_rec_of_row(st, t, &r);
		if (seq != last + 1) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s: gap before row %lld: row %lld is missing (deleted?)"), t->name,
				 (long long)seq, (long long)last + 1);
			v->ok = false;
		} else if (!ph || strcmp(ph, prev) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld (%s): it does not follow row %lld (that row was edited or replaced?)"),
				 t->name, (long long)seq, uuid ? uuid : "?", (long long)last);
			v->ok = false;
		} else if (rec_hash(&r, seq, ph, h) || !hh || strcmp(h, hh) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 _("%s row %lld (%s): its hash does not match its contents (edited?)"),
				 t->name, (long long)seq, uuid ? uuid : "?");
			v->ok = false;
		} else {
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
	int rc = SQLITE_OK;

	memset(v, 0, sizeof *v);
	v->ok = true;
	counts[INQ_CALLS] = &v->calls;
	counts[INQ_LOOKUPS] = &v->lookups;
	counts[INQ_ACCESS] = &v->access;
	for (int t = 0; t < INQ_NTABLES && v->ok && rc == SQLITE_OK; t++) {
		if (!inq_has_table(db, &inq_tables[t]))
			continue;
		rc = verify_table(db, &inq_tables[t], counts[t], v);
		if (rc == SQLITE_OK && v->ok)
			rc = verify_head(db, &inq_tables[t], *counts[t], v);
	}
	return rc;
}

int inq_verify_log(const char *path, struct inq_verify *v, struct err *err)
{
	sqlite3 *db = inq_ro_open(path, err);
	int rc = SQLITE_OK;

	memset(v, 0, sizeof *v);
	v->ok = true;
	if (!db)
		return -1;
	/* One read transaction: every chain and its head as of one moment. */
	if (inq_has_schema(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
		rc = inq_verify_db(db, v);
		/* The message now: COMMIT would replace it. */
		if (rc != SQLITE_OK)
			err_set(err, "%s: %s (%s)", path, db_why(rc), sqlite3_errmsg(db));
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	sqlite3_close_v2(db);
	return rc != SQLITE_OK ? -1 : 0;
}
