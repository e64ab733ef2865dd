/* The inquiry log against those who can write its file: schema 3 and its
 * salted notes, the purge, the heads sent to syslog and checked by verify
 * (each tampering of the issue), the checks a merge makes, the spool's
 * directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inq_chain.h"
#include "inq_disp.h"
#include "inq_heads.h"
#include "inq_merge.h"
#include "inq_purge.h"
#include "inq_read.h"
#include "inq_spool.h"
#include "inq_store.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log_sql.c"

#define HEADS_MAX 256

struct fx {
	char dir[64];
	char log[128];
	char spool[128];
	char other[128];
	struct inq_log *l;
	char heads[HEADS_MAX][160];   /* the lines announced, oldest first */
	int nheads;
};

/* Where the heads go instead of the host's syslog. */
static void sink(void *ctx, const char *line)
{
	struct fx *f = ctx;

	if (f->nheads < HEADS_MAX)
		snprintf(f->heads[f->nheads++], sizeof f->heads[0], "%s", line);
}

static struct inq_log *open_log(struct fx *f, const char *path)
{
	struct inq_config cfg = { .path = path, .spool_dir = f->spool, .busy_ms = 300,
				  .on_head = sink, .on_head_ctx = f };
	struct inq_log *l;
	struct err err;

	if (inq_open(&cfg, &l, &err))
		fail_msg("inq_open: %s", err.msg);
	return l;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/test_inq_trust.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->log, sizeof f->log, "%s/log.db", f->dir);
	snprintf(f->spool, sizeof f->spool, "%s/spool", f->dir);
	snprintf(f->other, sizeof f->other, "%s/other.db", f->dir);
	f->l = open_log(f, f->log);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	inq_close(f->l);
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", f->dir, f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void add(struct inq_log *l, const char *note)
{
	struct inq_entry e = { .disposition = "status", .match = "verified", .faq = "7", .note = note };
	struct err err;

	if (inq_append(l, &e, &err) != INQ_WRITTEN)
		fail_msg("append: %s", err.msg);
}

static void lookup(struct inq_log *l, const char *verdict)
{
	struct inq_event ev = { .verdict = verdict };
	struct err err;

	if (inq_event_append(l, &ev, &err) != INQ_WRITTEN)
		fail_msg("event: %s", err.msg);
}

static struct inq_verify verified(const char *path)
{
	struct inq_verify v;
	struct err err;

	if (inq_verify_log(path, &v, &err))
		fail_msg("verify: %s", err.msg);
	return v;
}

/* ------------------------------------------------------------------ */
/* The canonical bytes, written again from src/inq_chain.h alone */

static void lp(crypto_generichash_state *st, const char *p, size_t n)
{
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
				 (unsigned char)(n >> 8), (unsigned char)n };

	crypto_generichash_update(st, len, 4);
	crypto_generichash_update(st, (const unsigned char *)p, n);
}

static void doc_hash(const char *tag, long long seq, const char *prev_hex, const char *const *v,
		     int n, char out[65])
{
	crypto_generichash_state st;
	unsigned char prev[32], h[32], s[8];

	for (int i = 0; i < 32; i++)
		sscanf(prev_hex + 2 * i, "%2hhx", &prev[i]);
	for (int i = 0; i < 8; i++)
		s[i] = (unsigned char)((unsigned long long)seq >> (56 - 8 * i));
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, prev, 32);
	lp(&st, tag, strlen(tag));
	crypto_generichash_update(&st, s, 8);
	for (int i = 0; i < n; i++) {
		unsigned char flag = v[i] ? 1 : 0;

		crypto_generichash_update(&st, &flag, 1);
		if (v[i])
			lp(&st, v[i], strlen(v[i]));
	}
	crypto_generichash_final(&st, h, 32);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

/* BLAKE2b-256 over the salt's 16 raw bytes and the note. */
static void doc_note_hash(const char *salt_hex, const char *note, char out[65])
{
	crypto_generichash_state st;
	unsigned char salt[16], h[32];

	for (int i = 0; i < 16; i++)
		sscanf(salt_hex + 2 * i, "%2hhx", &salt[i]);
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, salt, 16);
	crypto_generichash_update(&st, (const unsigned char *)note, strlen(note));
	crypto_generichash_final(&st, h, 32);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

/*
 * What someone who can write the file does to hide a change: renumbers
 * the rows of table t 1…n, recomputes every note_hash and every hash from
 * the first row on, as the documentation says (as v2 rows where the table
 * has v2 from v2_from on), and sets the chain table's head.  Only what
 * syslog kept can tell.
 */
static void rechain(const char *path, enum inq_table t)
{
	static const char *const names[] = { "inquiry", "lookup", "access" };
	int ncols;
	const char *const *cols = inq_columns(t, &ncols);
	char sql[1024], prev[65], h[65];
	size_t n = 0;
	long long v2_from = t == INQ_CALLS ? count_sql(path, "SELECT v2_from FROM chain WHERE name = 'inquiry'") : 0;
	sqlite3 *db;
	sqlite3_stmt *st, *up;
	long long i = 0;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	n += (size_t)snprintf(sql + n, sizeof sql - n, "SELECT seq");
	for (int c = 0; c < ncols; c++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", cols[c]);
	snprintf(sql + n, sizeof sql - n, "%s FROM %s ORDER BY seq",
		 t == INQ_CALLS ? ", note_salt" : "", names[t]);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE %s SET seq = ?1, prev_hash = ?2, hash = ?3%s WHERE seq = ?4",
		 names[t], t == INQ_CALLS ? ", note_hash = ?5" : "");
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &up, NULL), SQLITE_OK);
	memset(prev, '0', 64);
	prev[64] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v[16];
		char tag[32], nh[65];
		bool v2 = t == INQ_CALLS && v2_from > 0 && i + 1 >= v2_from;

		for (int c = 0; c < ncols; c++)
			v[c] = (const char *)sqlite3_column_text(st, c + 1);
		if (v2 && v[12]) {
			doc_note_hash((const char *)sqlite3_column_text(st, ncols + 1), v[12], nh);
			v[12] = nh;
		}
		snprintf(tag, sizeof tag, "madoguchi.%s.%s", names[t], v2 ? "v2" : "v1");
		doc_hash(tag, ++i, prev, v, ncols, h);
		sqlite3_bind_int64(up, 1, i);
		sqlite3_bind_text(up, 2, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 3, h, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 4, sqlite3_column_int64(st, 0));
		if (v2)
			sqlite3_bind_text(up, 5, v[12] ? nh : NULL, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		sqlite3_clear_bindings(up);
		memcpy(prev, h, sizeof prev);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	snprintf(sql, sizeof sql, "UPDATE chain SET seq = %lld, hash = '%s' WHERE name = '%s'", i,
		 prev, names[t]);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ------------------------------------------------------------------ */
/* Schema 3: notes committed to through a salted hash */

/* A call's row holds its salt and note_hash; its hash is the documented
 * v2 bytes; a lookup's stays v1. */
static void test_v2_bytes(void **state)
{
	struct fx *f = *state;
	const char *v[15];
	char sql[256], h[65], nh[65];
	sqlite3 *db;
	sqlite3_stmt *st;

	add(f->l, "電話で確認");
	lookup(f->l, "none");
	assert_int_equal(count_sql(f->log, "PRAGMA user_version"), 3);
	assert_int_equal(count_sql(f->log, "SELECT v2_from FROM chain WHERE name = 'inquiry'"), 1);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE length(note_salt) = 32"
				   " AND length(note_hash) = 64"), 1);
	assert_int_equal(sqlite3_open(f->log, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "SELECT uuid, started_at, ended_at, operator, host, snapshot_id, match,"
		 " ref, factors, faq, disposition, escalate, note, state, origin_hash, note_salt,"
		 " note_hash, hash FROM inquiry");
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	for (int i = 0; i < 15; i++)
		v[i] = (const char *)sqlite3_column_text(st, i);
	doc_note_hash((const char *)sqlite3_column_text(st, 15), v[12], nh);
	assert_string_equal(nh, (const char *)sqlite3_column_text(st, 16));
	v[12] = nh;
	doc_hash("madoguchi.inquiry.v2", 1,
		 "0000000000000000000000000000000000000000000000000000000000000000", v, 15, h);
	assert_string_equal(h, (const char *)sqlite3_column_text(st, 17));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(verified(f->log).ok);
}

/* A note edited is caught by its salted hash; a note_hash edited along
 * with it (the salt is there to use) by the chain. */
static void test_note_edited(void **state)
{
	struct fx *f = *state;
	struct inq_verify v;
	char sql[256], nh[65];
	sqlite3 *db;
	sqlite3_stmt *st;

	add(f->l, "first");
	add(f->l, "second");
	exec_sql(f->log, "UPDATE inquiry SET note = 'nothing happened' WHERE seq = 2");
	v = verified(f->log);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry row 2"));
	assert_non_null(strstr(v.problem, "does not match its note"));
	assert_int_equal(sqlite3_open(f->log, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT note_salt FROM inquiry WHERE seq = 2", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	doc_note_hash((const char *)sqlite3_column_text(st, 0), "nothing happened", nh);
	sqlite3_finalize(st);
	sqlite3_close(db);
	snprintf(sql, sizeof sql, "UPDATE inquiry SET note_hash = '%s' WHERE seq = 2", nh);
	exec_sql(f->log, sql);
	v = verified(f->log);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry row 2"));
	assert_non_null(strstr(v.problem, "its hash does not match its contents"));
	/* The note gone but its salt kept: not a purge. */
	exec_sql(f->log, "UPDATE inquiry SET note = NULL WHERE seq = 1");
	v = verified(f->log);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry row 1"));
	assert_non_null(strstr(v.problem, "not its salt"));
}

/* A log of schema 2 (v1 calls, lookups without 'refused', reads without
 * 'log verify'), made here by the documented bytes: migrated under the
 * write lock, its rows keep verifying as v1, new ones are v2, and a purge
 * leaves the v1 notes (their hash covers the text). */
static void test_schema2_log(void **state)
{
	struct fx *f = *state;
	const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
	const char *v[15] = { "0b5e2c1a-1111-4222-8333-444455556666", "2026-01-05T01:00:00.000Z",
			      "2026-01-05T01:05:00.000Z", "old-op", "old-host", NULL, "verified",
			      "SB-1", "kana,date", "7", "status", "0", "an old note", "saved", NULL };
	const char *lv[8] = { "0b5e2c1a-2222-4222-8333-444455556666", "2026-01-05T01:01:00.000Z",
			      "old-op", "old-host", NULL, "none", NULL, NULL };
	char h[65], lh[65], sql[2048];
	struct inq_purged p;
	struct inq_verify vv;
	struct inq_access a = { .action = "log verify", .outcome = "allowed" };
	struct err err;

	inq_close(f->l);
	f->l = NULL;
	doc_hash("madoguchi.inquiry.v1", 1, zero, v, 15, h);
	doc_hash("madoguchi.lookup.v1", 1, zero, lv, 8, lh);
	snprintf(sql, sizeof sql,
		 "CREATE TABLE inquiry (seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, started_at TEXT NOT NULL,"
		 " ended_at TEXT NOT NULL, operator TEXT NOT NULL, host TEXT NOT NULL, snapshot_id TEXT,"
		 " match TEXT, ref TEXT, factors TEXT, faq TEXT, disposition TEXT NOT NULL,"
		 " escalate INTEGER NOT NULL, note TEXT, state TEXT NOT NULL, origin_hash TEXT,"
		 " prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
		 "CREATE TABLE lookup (seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, at TEXT NOT NULL,"
		 " operator TEXT NOT NULL, host TEXT NOT NULL, snapshot_id TEXT,"
		 " verdict TEXT NOT NULL CHECK (verdict IN ('verified','ambiguous','partial','none')),"
		 " call_uuid TEXT, origin_hash TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
		 "CREATE TABLE chain (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);"
		 "CREATE TABLE access (seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, at TEXT NOT NULL,"
		 " operator TEXT NOT NULL, host TEXT NOT NULL,"
		 " action TEXT NOT NULL CHECK (action IN ('review','log stats','log export')),"
		 " outcome TEXT NOT NULL, origin_hash TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
		 "INSERT INTO inquiry VALUES (1, '%s', '%s', '%s', '%s', '%s', NULL, '%s', '%s', '%s', '%s',"
		 " '%s', 0, '%s', '%s', NULL, '%s', '%s');"
		 "INSERT INTO lookup VALUES (1, '%s', '%s', '%s', '%s', NULL, '%s', NULL, NULL, '%s', '%s');"
		 "INSERT INTO chain VALUES ('inquiry', 1, '%s'), ('lookup', 1, '%s');"
		 "PRAGMA user_version = 2",
		 v[0], v[1], v[2], v[3], v[4], v[6], v[7], v[8], v[9], v[10], v[12], v[13], zero, h,
		 lv[0], lv[1], lv[2], lv[3], lv[5], zero, lh, h, lh);
	exec_sql(f->log, sql);
	vv = verified(f->log);
	assert_true(vv.ok);
	assert_int_equal(vv.calls, 1);
	f->l = open_log(f, f->log);
	add(f->l, "a new note");
	lookup(f->l, "refused");
	assert_int_equal(inq_access_append(f->l, &a, &err), INQ_WRITTEN);
	assert_int_equal(count_sql(f->log, "PRAGMA user_version"), 3);
	assert_int_equal(count_sql(f->log, "SELECT v2_from FROM chain WHERE name = 'inquiry'"), 2);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM lookup WHERE verdict = 'refused'"), 1);
	vv = verified(f->log);
	assert_true(vv.ok);
	assert_int_equal(vv.calls, 2);
	assert_int_equal(vv.lookups, 2);
	assert_int_equal(inq_purge(f->l, "2099-01-01T00:00:00.000Z", &p, &err), 0);
	assert_int_equal(p.purged, 1);
	assert_int_equal(p.kept, 1);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE note IS NULL"), 1);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE note = 'an old note'"), 1);
	vv = verified(f->log);
	assert_true(vv.ok);
	assert_int_equal(vv.purged, 1);
	assert_string_equal(vv.purged_rows, "2");
}

/* The purge: notes and salts of calls before the day gone, hashes kept,
 * verify passes and names them, in one transaction; heads said again. */
static void test_purge(void **state)
{
	struct fx *f = *state;
	struct inq_purged p;
	struct inq_verify v;
	struct err err;
	int before;

	for (int i = 0; i < 5; i++)
		add(f->l, "personal details");
	add(f->l, NULL);
	exec_sql(f->log, "UPDATE inquiry SET started_at = '2026-01-0' || seq || 'T09:00:00.000Z'");
	rechain(f->log, INQ_CALLS);           /* the test moved the days: the chain follows */
	assert_true(verified(f->log).ok);
	/* Calls 1, 2 and 4 before the 5th; 3 has no note at all. */
	exec_sql(f->log, "UPDATE inquiry SET note = NULL, note_salt = NULL, note_hash = NULL WHERE seq = 3");
	rechain(f->log, INQ_CALLS);
	before = f->nheads;
	assert_int_equal(inq_purge(f->l, "2026-01-05T00:00:00.000Z", &p, &err), 0);
	assert_int_equal(p.purged, 3);
	assert_int_equal(p.kept, 0);
	assert_true(p.wal_emptied);
	assert_int_equal(f->nheads, before + 1);
	assert_non_null(strstr(f->heads[before], "head inquiry:6:"));
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE note IS NULL AND"
				   " note_salt IS NULL AND note_hash IS NOT NULL"), 3);
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry WHERE note IS NOT NULL"), 1);
	v = verified(f->log);
	assert_true(v.ok);
	assert_int_equal(v.calls, 6);
	assert_int_equal(v.purged, 3);
	assert_string_equal(v.purged_rows, "1-2, 4");
	/* Twice is nothing more, and no head. */
	before = f->nheads;
	assert_int_equal(inq_purge(f->l, "2026-01-05T00:00:00.000Z", &p, &err), 0);
	assert_int_equal(p.purged, 0);
	assert_int_equal(f->nheads, before);
	/* A purged row's note_hash edited: the chain says so. */
	exec_sql(f->log, "UPDATE inquiry SET note_hash = replace(note_hash, substr(note_hash, 1, 1), 'x')"
		 " WHERE seq = 2");
	v = verified(f->log);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry row 2"));
}

/* ------------------------------------------------------------------ */
/* Heads */

/* Every committed write says its chains' heads, once per transaction,
 * with the time; a failed write says nothing. */
static void test_heads_said(void **state)
{
	struct fx *f = *state;
	struct inq_head h;
	struct err err;
	long n;

	add(f->l, "one");
	assert_int_equal(f->nheads, 1);
	assert_int_equal(inq_head_of_line(f->heads[0], &h, &err), 0);   /* no ident in the bare line */
	assert_non_null(strstr(f->heads[0], "head inquiry:1:"));
	assert_non_null(strstr(f->heads[0], " at 20"));
	lookup(f->l, "partial");
	assert_int_equal(f->nheads, 2);
	assert_non_null(strstr(f->heads[1], "head lookup:1:"));
	/* The hash is the row's. */
	{
		char line[256];

		snprintf(line, sizeof line, "Nov 27 12:00:01 desk1 madoguchi[4242]: %s", f->heads[0]);
		assert_int_equal(inq_head_of_line(line, &h, &err), 1);
		assert_int_equal(h.t, INQ_CALLS);
		assert_int_equal(h.seq, 1);
		n = count_sql(f->log, "SELECT count(*) FROM inquiry WHERE seq = 1 AND hash = "
				      "(SELECT hash FROM chain WHERE name = 'inquiry')");
		assert_int_equal(n, 1);
	}
	/* A call refused by its checks: no head. */
	{
		struct inq_entry e = { .disposition = "status", .match = "sure" };

		assert_int_equal(inq_append(f->l, &e, &err), INQ_ERROR);
		assert_int_equal(f->nheads, 2);
	}
	/* A retry of a UUID already there: nothing written, nothing said. */
	{
		struct inq_entry e = { .disposition = "status" };

		assert_int_equal(inq_append(f->l, &e, &err), INQ_WRITTEN);
		assert_int_equal(f->nheads, 3);
		assert_int_equal(inq_append(f->l, &e, &err), INQ_ALREADY);
		assert_int_equal(f->nheads, 3);
	}
}

/* The forms a head line takes in journalctl and /var/log/auth.log, and
 * lines that are not heads. */
static void test_head_lines(void **state)
{
	static const char hash[] = "3f0a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778f";
	char line[512];
	struct inq_head h;
	struct err err;

	(void)state;
	snprintf(line, sizeof line, "Nov 27 12:15:54 desk1 madoguchi[812]: head lookup:120:%s at "
		 "2026-11-27T03:15:54.123Z\n", hash);
	assert_int_equal(inq_head_of_line(line, &h, &err), 1);
	assert_int_equal(h.t, INQ_LOOKUPS);
	assert_int_equal(h.seq, 120);
	assert_string_equal(h.hash, hash);
	snprintf(line, sizeof line, "2026-11-27T12:15:54.123456+09:00 desk1 madoguchi[812]: head "
		 "access:3:%s at 2026-11-27T03:15:54.123Z", hash);
	assert_int_equal(inq_head_of_line(line, &h, &err), 1);
	assert_int_equal(h.t, INQ_ACCESS);
	assert_int_equal(inq_head_of_line("Nov 27 12:15:54 desk1 sshd[1]: Accepted key", &h, &err), 0);
	assert_int_equal(inq_head_of_line("Nov 27 12:15:54 desk1 madoguchi[9]: review refused: user x",
					  &h, &err), 0);
	assert_int_equal(inq_head_of_line("x madoguchi[9]: head inquiry:12:abc at now", &h, &err), -1);
	assert_non_null(strstr(err.msg, "TABLE:SEQ:HASH"));
	assert_int_equal(inq_head_parse("calls:1:00", 10, &h, &err), -1);
	snprintf(line, sizeof line, "inquiry:0:%s", hash);
	assert_int_equal(inq_head_parse(line, strlen(line), &h, &err), -1);
	snprintf(line, sizeof line, "inquiry:x1:%s", hash);
	assert_int_equal(inq_head_parse(line, strlen(line), &h, &err), -1);
}

/* The heads f collected, as syslog would show them, one by one. */
struct lines {
	struct fx *f;
	int i;
	char line[256];
};

static int next_line(void *ctx, struct inq_head *h, struct err *err)
{
	struct lines *x = ctx;

	while (x->i < x->f->nheads) {
		int got;

		snprintf(x->line, sizeof x->line, "Nov 27 12:00:00 desk1 madoguchi[77]: %s",
			 x->f->heads[x->i++]);
		if ((got = inq_head_of_line(x->line, h, err)) != 0)
			return got;
	}
	return 0;
}

static struct inq_verify with_heads(struct fx *f)
{
	struct lines x = { f, 0, "" };
	struct inq_verify v;
	struct err err;

	if (inq_verify_log_heads(f->log, next_line, &x, &v, &err))
		fail_msg("verify: %s", err.msg);
	return v;
}

/* A desk's log: 4 calls (the second by someone else), 3 lookups of
 * "me", 2 of someone else; a copy kept to start each tampering from. */
static void desk_log(struct fx *f, char *copy, size_t size)
{
	char cmd[512];

	for (int i = 0; i < 4; i++)
		add(f->l, i == 1 ? "the caller asked about card 4242" : "status");
	for (int i = 0; i < 5; i++)
		lookup(f->l, i < 3 ? "none" : "verified");
	exec_sql(f->log, "UPDATE inquiry SET operator = 'someone-else' WHERE seq = 2;"
		 "UPDATE lookup SET operator = 'someone-else' WHERE seq > 3");
	rechain(f->log, INQ_CALLS);
	rechain(f->log, INQ_LOOKUPS);
	/* Those rewrites stand for the operators' own processes: the heads
	 * syslog keeps are those of the log as it now is. */
	f->nheads = 0;
	add(f->l, "fifth");
	lookup(f->l, "partial");
	snprintf(copy, size, "%s/clean.db", f->dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"VACUUM INTO '%s'\"", f->log, copy);
	assert_int_equal(system(cmd), 0);
}

static void restore(struct fx *f, const char *copy)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "rm -f '%s-wal' '%s-shm' && cp '%s' '%s'", f->log, f->log, copy, f->log);
	assert_int_equal(system(cmd), 0);
}

/* One tampering: sql behind the program's back; what the chain alone
 * says (naive: a problem, or "" when it cannot tell); then the chain of t
 * rewritten after it, which only the heads syslog kept can tell (heads). */
struct tampering {
	const char *what, *sql;
	enum inq_table t;
	const char *naive, *heads;
};

static void tamper(struct fx *f, const char *copy, const struct tampering *x)
{
	struct inq_verify v;

	exec_sql(f->log, x->sql);
	v = verified(f->log);
	if (*x->naive ? v.ok || !strstr(v.problem, x->naive) : !v.ok)
		fail_msg("%s, the chain alone: %s", x->what, v.ok ? "ok" : v.problem);
	rechain(f->log, x->t);
	if (!verified(f->log).ok)
		fail_msg("%s: the chain rewritten does not verify", x->what);
	v = with_heads(f);
	if (v.ok || !strstr(v.problem, x->heads))
		fail_msg("%s, with the heads: %s", x->what, v.ok ? "ok" : v.problem);
	restore(f, copy);
}

/* Each tampering of the issue by someone who can write the file: the
 * chain alone sees the naive ones; with the heads syslog kept, every one
 * is not ok, the chain rewritten or not. */
static void test_tampering(void **state)
{
	static const struct tampering cases[] = {
		{ "another operator's note edited",
		  "UPDATE inquiry SET note = 'nothing to see' WHERE operator = 'someone-else'", INQ_CALLS,
		  "inquiry row 2", "inquiry row 5: its hash is not the one a head recorded" },
		{ "a middle row deleted", "DELETE FROM inquiry WHERE seq = 2", INQ_CALLS,
		  "row 2 is missing", "inquiry is cut: a head recorded seq 5, the log ends at 4" },
		{ "two rows swapped", "UPDATE inquiry SET seq = 99 WHERE seq = 2;"
		  " UPDATE inquiry SET seq = 2 WHERE seq = 3; UPDATE inquiry SET seq = 3 WHERE seq = 99",
		  INQ_CALLS, "inquiry row 2", "inquiry row 5: its hash is not the one a head recorded" },
		{ "the last row cut", "DELETE FROM inquiry WHERE seq = 5", INQ_CALLS,
		  "chain ends at row 5", "inquiry is cut: a head recorded seq 5, the log ends at 4" },
		{ "one's own lookups deleted", "DELETE FROM lookup WHERE operator <> 'someone-else'",
		  INQ_LOOKUPS, "lookup", "lookup is cut: a head recorded seq 6, the log ends at 2" },
	};
	struct fx *f = *state;
	struct inq_verify v;
	char copy[160];

	desk_log(f, copy, sizeof copy);
	inq_close(f->l);
	f->l = NULL;
	v = with_heads(f);
	if (!v.ok)
		fail_msg("the untouched log: %s", v.problem);
	assert_int_equal(v.heads, 2);
	assert_int_equal(v.head_last[INQ_CALLS], 5);
	assert_int_equal(v.head_last[INQ_LOOKUPS], 6);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tamper(f, copy, &cases[i]);
	/* The file truncated to 0 bytes: an empty log to the chain … */
	assert_int_equal(truncate(f->log, 0), 0);
	v = verified(f->log);
	assert_true(v.ok);
	assert_int_equal(v.calls, 0);
	/* … that syslog saw with rows. */
	v = with_heads(f);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry is cut: a head recorded seq 5, the log ends at 0"));
	restore(f, copy);
	assert_true(with_heads(f).ok);
}

/* Heads as text, as the gate's VERIFY carries them. */
static void test_verify_heads_text(void **state)
{
	struct fx *f = *state;
	char good[160], cut[160];
	const char *heads[2] = { good, cut };
	struct inq_verify v;
	struct err err;
	sqlite3 *db;
	sqlite3_stmt *st;

	add(f->l, "a");
	add(f->l, "b");
	assert_int_equal(sqlite3_open(f->log, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM inquiry WHERE seq = 2", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(good, sizeof good, "inquiry:2:%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(cut, sizeof cut, "inquiry:3:%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(inq_verify_heads(f->log, heads, 1, &v, &err), 0);
	assert_true(v.ok);
	assert_int_equal(v.heads, 1);
	assert_int_equal(inq_verify_heads(f->log, heads, 2, &v, &err), 0);
	assert_false(v.ok);
	assert_non_null(strstr(v.problem, "inquiry is cut: a head recorded seq 3, the log ends at 2"));
	heads[1] = "inquiry:3";
	assert_int_equal(inq_verify_heads(f->log, heads, 2, &v, &err), -1);
	assert_non_null(strstr(err.msg, "head 'inquiry:3'"));
}

/* ------------------------------------------------------------------ */
/* Merge: rows from elsewhere pass the checks of an append */

static void other_log(struct fx *f)
{
	struct inq_log *o = open_log(f, f->other);
	struct inq_access a = { .action = "review", .outcome = "allowed" };
	struct err err;

	add(o, "from the other host");
	add(o, "and another");
	lookup(o, "none");
	assert_int_equal(inq_access_append(o, &a, &err), INQ_WRITTEN);
	inq_close(o);
}

/* other's row changed by sql (then its chain made whole again, as a
 * crafted file would be): the merge refuses it, naming other's table and
 * row, and merges nothing. */
static void merge_refused(struct fx *f, const struct inq_disps *ds, const char *sql,
			  enum inq_table t, const char *want)
{
	char cmd[700];
	long added = -1, before = count_sql(f->log, "SELECT count(*) FROM inquiry");
	struct err err;

	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", f->other, f->other, f->other);
	assert_int_equal(system(cmd), 0);
	other_log(f);
	exec_sql(f->other, sql);
	rechain(f->other, t);
	assert_true(verified(f->other).ok);
	assert_int_equal(inq_merge(f->l, f->other, ds, &added, &err), 1);
	if (!strstr(err.msg, want))
		fail_msg("merge: expected \"%s\" in: %s", want, err.msg);
	assert_non_null(strstr(err.msg, "nothing merged"));
	assert_int_equal(count_sql(f->log, "SELECT count(*) FROM inquiry"), before);
	assert_int_equal(added, 0);
}

static void test_merge_checks(void **state)
{
	struct fx *f = *state;
	char code[] = "status", ja[] = "状況確認", en[] = "Status check";
	struct inq_disp codes[] = { { code, ja, en } };
	struct inq_disps ds = { 1, codes };
	long added;
	struct err err;

	add(f->l, "here");
	merge_refused(f, &ds, "UPDATE inquiry SET uuid = 'not-a-uuid' WHERE seq = 2", INQ_CALLS,
		      "other.db: inquiry row 2: uuid 'not-a-uuid'");
	merge_refused(f, &ds, "UPDATE inquiry SET started_at = 'garbage time' WHERE seq = 1", INQ_CALLS,
		      "inquiry row 1: started_at 'garbage time'");
	merge_refused(f, &ds, "UPDATE inquiry SET disposition = 'no_such_code' WHERE seq = 2", INQ_CALLS,
		      "inquiry row 2: disposition 'no_such_code' is not one of");
	merge_refused(f, &ds, "UPDATE inquiry SET operator = 'ev' || char(27) || '[2Jil' WHERE seq = 1",
		      INQ_CALLS, "inquiry row 1: operator holds control characters");
	merge_refused(f, &ds, "UPDATE lookup SET host = 'h' || char(27) || ']0;x' || char(7)", INQ_LOOKUPS,
		      "lookup row 1: host holds control characters");
	merge_refused(f, &ds, "UPDATE access SET at = '2026-13-01'", INQ_ACCESS,
		      "access row 1: at '2026-13-01'");
	merge_refused(f, &ds, "UPDATE inquiry SET uuid = '0b5e2c1a-1111-1222-8333-444455556666' WHERE seq = 1",
		      INQ_CALLS, "is not a lower-case random (v4) UUID");
	/* The same file untouched merges. */
	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", f->other, f->other, f->other);
		assert_int_equal(system(cmd), 0);
	}
	other_log(f);
	assert_int_equal(inq_merge(f->l, f->other, &ds, &added, &err), 0);
	assert_int_equal(added, 4);
	assert_true(verified(f->log).ok);
	/* The merged notes' salts came along: their note_hash is the same. */
	{
		char sql[300];
		sqlite3 *db;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(f->log, &db), SQLITE_OK);
		snprintf(sql, sizeof sql, "ATTACH '%s' AS o", f->other);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM inquiry i JOIN o.inquiry x"
						    " USING (uuid) WHERE i.note_hash = x.note_hash"
						    " AND i.note_salt = x.note_salt", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2);
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

/* other's log tables must be plain tables: a view "lookup" with a
 * recursive query that never ends is refused before it is read, as are
 * a trigger and a virtual table. */
static void test_merge_views(void **state)
{
	struct fx *f = *state;
	static const char *const attacks[] = {
		"DROP TABLE lookup; CREATE VIEW lookup AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL"
		" SELECT n + 1 FROM c) SELECT n AS seq, '' AS uuid, '' AS at, '' AS operator, '' AS host,"
		" NULL AS snapshot_id, 'none' AS verdict, NULL AS call_uuid, NULL AS origin_hash,"
		" '' AS prev_hash, '' AS hash FROM c",
		"CREATE TRIGGER t AFTER INSERT ON inquiry BEGIN SELECT 1; END",
		"DROP TABLE chain; CREATE VIRTUAL TABLE chain USING fts5(name, seq, hash)",
	};
	static const char *const said[] = { "its lookup is a view", "its t is a trigger",
					    "its chain is a virtual table" };
	long added = -1;
	struct err err;

	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		char cmd[600];
		sqlite3 *db;

		snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", f->other, f->other, f->other);
		assert_int_equal(system(cmd), 0);
		other_log(f);
		assert_int_equal(sqlite3_open(f->other, &db), SQLITE_OK);
		if (sqlite3_exec(db, attacks[i], NULL, NULL, NULL) != SQLITE_OK) {
			/* A SQLite without FTS5 cannot make that file either. */
			sqlite3_close(db);
			continue;
		}
		sqlite3_close(db);
		assert_int_equal(inq_merge(f->l, f->other, NULL, &added, &err), -1);
		if (!strstr(err.msg, said[i]))
			fail_msg("expected \"%s\" in: %s", said[i], err.msg);
		assert_non_null(strstr(err.msg, "not a log madoguchi wrote"));
		assert_int_equal(access(f->log, F_OK), -1);    /* refused before this log was touched */
	}
}

/* ------------------------------------------------------------------ */
/* The spool */

/* A spooled call carries its note's salt; the flush chains it with that
 * salt.  A line of an older program (no salt) gets one at the flush. */
static void test_spool_salt(void **state)
{
	struct fx *f = *state;
	struct inq_config cfg = { .spool_dir = f->spool, .busy_ms = 300, .on_head = sink, .on_head_ctx = f };
	struct inq_entry e = { .disposition = "other", .note = "spooled" };
	struct inq_log *l;
	struct err err;
	char dir[160], path[200], line[1024], salt[40] = "", sql[300];
	const char *p;
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/later", f->dir);
	snprintf(path, sizeof path, "%s/log.db", dir);
	cfg.path = path;
	assert_int_equal(inq_open(&cfg, &l, &err), 0);
	assert_int_equal(inq_append(l, &e, &err), INQ_SPOOLED);
	fp = fopen(inq_spool_path(l), "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	p = strstr(line, "\"note_salt\":\"");
	assert_non_null(p);
	snprintf(salt, sizeof salt, "%.32s", p + 13);
	/* An older program's line: the same fields, no salt. */
	fp = fopen(inq_spool_path(l), "a");
	assert_non_null(fp);
	fprintf(fp, "{\"table\":\"inquiry\",\"uuid\":\"0b5e2c1a-1111-4222-8333-444455556666\","
		"\"started_at\":\"2026-01-01T00:00:00.000Z\",\"ended_at\":\"2026-01-01T00:00:00.000Z\","
		"\"operator\":\"%s\",\"host\":\"h\",\"disposition\":\"other\",\"escalate\":\"0\","
		"\"note\":\"old line\",\"state\":\"saved\"}\n", inq_operator(l));
	fclose(fp);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(inq_flush(l, &err), 0);
	inq_close(l);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM inquiry WHERE note = 'spooled' AND note_salt = '%s'", salt);
	assert_int_equal(count_sql(path, sql), 1);
	assert_int_equal(count_sql(path, "SELECT count(*) FROM inquiry WHERE note = 'old line'"
				   " AND length(note_salt) = 32 AND length(note_hash) = 64"), 1);
	assert_true(verified(path).ok);
	assert_non_null(strstr(f->heads[f->nheads - 1], "head inquiry:2:"));
}

/* ------------------------------------------------------------------ */
/* The spool's directory */

static enum inq_status spool_into(struct fx *f, const char *dir, struct err *err)
{
	struct inq_config cfg = { .spool_dir = dir, .busy_ms = 300, .on_head = sink, .on_head_ctx = f };
	struct inq_entry e = { .disposition = "other", .note = "kept" };
	struct inq_log *l;
	char path[200];
	enum inq_status st;

	snprintf(path, sizeof path, "%s/no-such-dir/log.db", f->dir);   /* the log cannot be written */
	cfg.path = path;
	assert_int_equal(inq_open(&cfg, &l, err), 0);
	st = inq_append(l, &e, err);
	inq_close(l);
	return st;
}

static long files_in(const char *dir)
{
	char cmd[300];
	FILE *p;
	long n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%ld", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

/* A spool directory others can write is refused, and the entry is NOT
 * saved, said so; the gate's own kind (the data group's, setgid, closed
 * to others) is taken; one of another user is refused (as root only). */
static void test_spool_dir(void **state)
{
	struct fx *f = *state;
	char dir[160];
	struct err err;

	snprintf(dir, sizeof dir, "%s/shared", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(spool_into(f, dir, &err), INQ_ERROR);
	assert_non_null(strstr(err.msg, "NOT saved"));
	assert_non_null(strstr(err.msg, "writable by group or others"));
	assert_non_null(strstr(err.msg, "chmod 700"));
	assert_non_null(strstr(err.msg, dir));
	assert_int_equal(files_in(dir), 0);
	assert_int_equal(chmod(dir, 0770), 0);
	assert_int_equal(spool_into(f, dir, &err), INQ_ERROR);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(spool_into(f, dir, &err), INQ_SPOOLED);
	assert_int_equal(files_in(dir), 1);
	/* The gate's: group = the gate's (effective) group, set-group-ID,
	 * nothing for others. */
	assert_int_equal(chown(dir, (uid_t)-1, getegid()), 0);
	assert_int_equal(chmod(dir, 02770), 0);
	if (spool_into(f, dir, &err) != INQ_SPOOLED)
		fail_msg("2770: %s", err.msg);
	assert_int_equal(chmod(dir, 02775), 0);
	assert_int_equal(spool_into(f, dir, &err), INQ_ERROR);
	if (geteuid() == 0) {
		assert_int_equal(chmod(dir, 0700), 0);
		assert_int_equal(chown(dir, 65534, (gid_t)-1), 0);
		assert_int_equal(spool_into(f, dir, &err), INQ_ERROR);
		assert_non_null(strstr(err.msg, "belongs to another user"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v2_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema2_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heads_said, setup, teardown),
		cmocka_unit_test(test_head_lines),
		cmocka_unit_test_setup_teardown(test_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_heads_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spool_salt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spool_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
