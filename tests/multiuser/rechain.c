/*
 * rechain — what someone who can write the inquiry log (root, a restored
 * backup) does to hide a change, with doc/gate.md and src/inq_chain.h in
 * hand: after editing or deleting rows with sqlite3, renumber the rows of
 * one table 1…n, recompute every note_hash and every hash from the first
 * row on, and set the chain table's head.  The chain then verifies; only
 * the heads syslog kept can tell (tests/multiuser/gate-log.sh).
 *
 * usage: rechain LOG inquiry|lookup|access
 * Linked with the program's core (src/inq_chain: inq_chain_hash,
 * inq_note_hash).  Every call of the log must be of this schema (v2_from
 * 1): the tests' logs are.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "inq_chain.h"
#include "inq_read.h"

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "rechain: %s: %s\n", what, sqlite3_errmsg(db));
	sqlite3_close(db);
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "inquiry", "lookup", "access" };
	char sql[1024], prev[INQ_HASH_HEX + 1], h[INQ_HASH_HEX + 1], nh[INQ_HASH_HEX + 1];
	const char *const *cols;
	sqlite3_stmt *st, *up;
	sqlite3 *db;
	long long i = 0;
	int t = -1, ncols, note = -1;
	size_t n = 0;

	for (int k = 0; argc == 3 && k < 3; k++)
		if (strcmp(argv[2], names[k]) == 0)
			t = k;
	if (t < 0) {
		fprintf(stderr, "usage: rechain LOG inquiry|lookup|access\n");
		return 2;
	}
	cols = inq_columns((enum inq_table)t, &ncols);
	for (int c = 0; t == INQ_CALLS && c < ncols; c++)
		if (strcmp(cols[c], "note") == 0)
			note = c;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return fail(db, argv[1]);
	sqlite3_busy_timeout(db, 30000);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "begin");
	/* The rows in chain order, kept aside: renumbering moves them. */
	n += (size_t)snprintf(sql + n, sizeof sql - n, "CREATE TEMP TABLE old AS SELECT seq AS oseq");
	for (int c = 0; c < ncols; c++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", cols[c]);
	snprintf(sql + n, sizeof sql - n, "%s FROM %s ORDER BY seq;"
		 "UPDATE %s SET seq = -seq", note >= 0 ? ", note_salt" : "", names[t], names[t]);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, sql);
	if (sqlite3_prepare_v2(db, "SELECT * FROM temp.old ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return fail(db, "select");
	snprintf(sql, sizeof sql, "UPDATE %s SET seq = ?1, prev_hash = ?2, hash = ?3%s WHERE seq = -?4",
		 names[t], note >= 0 ? ", note_hash = ?5" : "");
	if (sqlite3_prepare_v2(db, sql, -1, &up, NULL) != SQLITE_OK)
		return fail(db, sql);
	memset(prev, '0', INQ_HASH_HEX);
	prev[INQ_HASH_HEX] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v[32];

		for (int c = 0; c < ncols && c < 32; c++)
			v[c] = (const char *)sqlite3_column_text(st, c + 1);
		if (note >= 0 && v[note]) {
			const char *salt = (const char *)sqlite3_column_text(st, ncols + 1);

			if (!salt || inq_note_hash(salt, strlen(salt), v[note], strlen(v[note]), nh))
				return fail(db, "a call without its note's salt");
			v[note] = nh;
		}
		if (inq_chain_hash((enum inq_table)t, ++i, prev, v, h))
			return fail(db, "hash");
		sqlite3_bind_int64(up, 1, i);
		sqlite3_bind_text(up, 2, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 3, h, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 4, sqlite3_column_int64(st, 0));
		if (note >= 0)
			sqlite3_bind_text(up, 5, v[note] ? nh : NULL, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(up) != SQLITE_DONE)
			return fail(db, "update");
		sqlite3_reset(up);
		sqlite3_clear_bindings(up);
		memcpy(prev, h, sizeof prev);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	snprintf(sql, sizeof sql, "UPDATE chain SET seq = %lld, hash = '%s' WHERE name = '%s'", i, prev,
		 names[t]);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_close(db);
	printf("rechained %lld %s rows\n", i, names[t]);
	return 0;
}
