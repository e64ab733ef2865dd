#include "inq_schema.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

static const char *const call_cols[] = {
	"uuid", "started_at", "ended_at", "operator", "host", "snapshot_id", "match",
	"ref", "factors", "faq", "disposition", "escalate", "note", "state", "origin_hash",
};
static const char *const lookup_cols[] = {
	"uuid", "at", "operator", "host", "snapshot_id", "verdict", "call_uuid", "origin_hash",
};
static const char *const access_cols[] = {
	"uuid", "at", "operator", "host", "action", "outcome", "origin_hash",
};

/* Only a call holds free text (its note): the others hold times, names
 * from the system, codes of fixed vocabularies and hashes. */
const struct inq_tdesc inq_tables[INQ_NTABLES] = {
	[INQ_CALLS] = { "inquiry", "madoguchi.inquiry.v1", "madoguchi.inquiry.v2", "started_at",
			call_cols, (int)(sizeof call_cols / sizeof call_cols[0]), 3, 12, 1 },
	[INQ_LOOKUPS] = { "lookup", "madoguchi.lookup.v1", NULL, "at", lookup_cols,
			  (int)(sizeof lookup_cols / sizeof lookup_cols[0]), 2, -1, 1 },
	[INQ_ACCESS] = { "access", "madoguchi.access.v1", NULL, "at", access_cols,
			 (int)(sizeof access_cols / sizeof access_cols[0]), 2, -1, 2 },
};

static int migrate_v3(sqlite3 *db);

/*
 * Schema.  migrations[v] takes a log from version v to v + 1 (its SQL,
 * then its function when it has one); the version is PRAGMA user_version.
 * A log newer than this program is left alone (entries are spooled)
 * rather than written with a schema it does not know.
 */
static const struct {
	const char *sql;
	int (*fn)(sqlite3 *db);
} migrations[INQ_SCHEMA_VERSION] = {
	{ "CREATE TABLE inquiry ("
	" seq INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" started_at TEXT NOT NULL,"
	" ended_at TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" host TEXT NOT NULL,"
	" snapshot_id TEXT,"
	" match TEXT CHECK (match IN ('verified','ambiguous','partial','none')),"
	" ref TEXT,"
	" factors TEXT,"
	" faq TEXT,"
	" disposition TEXT NOT NULL,"
	" escalate INTEGER NOT NULL CHECK (escalate IN (0,1)),"
	" note TEXT,"
	" state TEXT NOT NULL CHECK (state IN ('saved','interrupted')),"
	" origin_hash TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX inquiry_started ON inquiry(started_at);"
	"CREATE INDEX inquiry_operator ON inquiry(operator, started_at);"
	"CREATE INDEX inquiry_disposition ON inquiry(disposition, started_at);"
	"CREATE INDEX inquiry_match ON inquiry(match, started_at);"
	"CREATE INDEX inquiry_escalated ON inquiry(started_at) WHERE escalate = 1;"
	"CREATE TABLE lookup ("
	" seq INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" at TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" host TEXT NOT NULL,"
	" snapshot_id TEXT,"
	" verdict TEXT NOT NULL CHECK (verdict IN ('verified','ambiguous','partial','none')),"
	" call_uuid TEXT,"
	" origin_hash TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX lookup_at ON lookup(at);"
	"CREATE INDEX lookup_operator ON lookup(operator, at);"
	"CREATE INDEX lookup_verdict ON lookup(verdict, at);"
	"CREATE INDEX lookup_call ON lookup(call_uuid);"
	/* The last position and hash of each chain: catches rows cut off the end. */
	"CREATE TABLE chain (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);",
	  NULL },
	/* v2: who tried to read the log (review, log stats, log export) under a
	 * supervisor_group, and whether it was allowed.  A refusal kept only
	 * in syslog is lost on a host without a syslog daemon and is not
	 * where supervisors look; here it is chained like every other row. */
	{ "CREATE TABLE access ("
	" seq INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" at TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" host TEXT NOT NULL,"
	" action TEXT NOT NULL CHECK (action IN ('review','log stats','log export')),"
	" outcome TEXT NOT NULL CHECK (outcome IN ('allowed','refused')),"
	" origin_hash TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX access_at ON access(at);", NULL },
	/* v3: a lookup refused at the lookup limit ('refused'), and `log
	 * verify` among the reads of the log.  SQLite cannot change a CHECK
	 * constraint in place: both tables are made again holding the same
	 * rows, byte for byte (SQLite's "other kinds of table schema
	 * changes"), so their hashes still hold.  Then migrate_v3(). */
	{ "CREATE TABLE lookup_v3 ("
	" seq INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" at TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" host TEXT NOT NULL,"
	" snapshot_id TEXT,"
	" verdict TEXT NOT NULL CHECK (verdict IN ('verified','ambiguous','partial','none','refused')),"
	" call_uuid TEXT,"
	" origin_hash TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT INTO lookup_v3 SELECT seq, uuid, at, operator, host, snapshot_id, verdict, call_uuid,"
	" origin_hash, prev_hash, hash FROM lookup;"
	"DROP TABLE lookup;"
	"ALTER TABLE lookup_v3 RENAME TO lookup;"
	"CREATE INDEX lookup_at ON lookup(at);"
	"CREATE INDEX lookup_operator ON lookup(operator, at);"
	"CREATE INDEX lookup_verdict ON lookup(verdict, at);"
	"CREATE INDEX lookup_call ON lookup(call_uuid);"
	"CREATE TABLE access_v3 ("
	" seq INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" at TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" host TEXT NOT NULL,"
	" action TEXT NOT NULL CHECK (action IN ('review','log stats','log export','log verify')),"
	" outcome TEXT NOT NULL CHECK (outcome IN ('allowed','refused')),"
	" origin_hash TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT INTO access_v3 SELECT seq, uuid, at, operator, host, action, outcome, origin_hash,"
	" prev_hash, hash FROM access;"
	"DROP TABLE access;"
	"ALTER TABLE access_v3 RENAME TO access;"
	"CREATE INDEX access_at ON access(at);", migrate_v3 },
};

/* *has = table has column col. */
static int has_column(sqlite3 *db, const char *table, const char *col, bool *has)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
				    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*has = sqlite3_column_int(st, 0) > 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* One column unless the table has it: a log whose user_version was set
 * back (restored by a tool that keeps only the version) migrates again
 * without failing on a duplicate column. */
static int add_column(sqlite3 *db, const char *table, const char *col, const char *type)
{
	char sql[160];
	bool has = false;
	int rc = has_column(db, table, col, &has);

	if (rc != SQLITE_OK || has)
		return rc;
	snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", table, col, type);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/*
 * v3, the second half: a call commits to its note through a salted hash
 * (note_salt, note_hash), so that `log purge` can erase the text and its
 * salt while the chain still verifies (src/inq_chain: the v2 bytes).
 *
 * Which rows are v2 is kept per chain, not per row: the chain table's
 * v2_from is the first position written under this schema.  A chain
 * switches once, here, and every row appended, merged or flushed from a
 * spool afterwards is v2; rows before it keep their v1 bytes, unchanged.
 * One number per chain, set under the write lock that migrates, says all
 * of it; a per-row column would have to be committed to by each row's
 * hash and would allow a v1 row after a v2 one, which nothing writes.
 * A table empty at the switch gets its chain row now (position 0, the
 * hash before the first row), so that v2_from is never missing.
 */
static int migrate_v3(sqlite3 *db)
{
	int rc = add_column(db, "inquiry", "note_salt", "TEXT");

	if (rc == SQLITE_OK)
		rc = add_column(db, "inquiry", "note_hash", "TEXT");
	if (rc == SQLITE_OK)
		rc = add_column(db, "chain", "v2_from", "INTEGER");
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
			"INSERT INTO chain (name, seq, hash) SELECT 'inquiry', 0,"
			" '0000000000000000000000000000000000000000000000000000000000000000'"
			" WHERE NOT EXISTS (SELECT 1 FROM chain WHERE name = 'inquiry');"
			"UPDATE chain SET v2_from = (SELECT coalesce(max(seq), 0) + 1 FROM inquiry)"
			" WHERE name = 'inquiry' AND v2_from IS NULL", NULL, NULL, NULL);
	return rc;
}

struct inq_field inq_fstr(const char *s)
{
	return (struct inq_field){ s, s ? strlen(s) : 0 };
}

int inq_int_query(sqlite3 *db, const char *sql, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int inq_user_version(sqlite3 *db, int *v)
{
	return inq_int_query(db, "PRAGMA user_version", v);
}

int inq_schema_upgrade(sqlite3 *db, int *v)
{
	char pragma[64];

	for (; *v < INQ_SCHEMA_VERSION; (*v)++) {
		int rc = sqlite3_exec(db, migrations[*v].sql, NULL, NULL, NULL);

		if (rc == SQLITE_OK && migrations[*v].fn)
			rc = migrations[*v].fn(db);
		if (rc != SQLITE_OK)
			return rc;
	}
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", *v);
	return sqlite3_exec(db, pragma, NULL, NULL, NULL);
}

/* A database that holds tables but no inquiry table is somebody else's:
 * the snapshot or another program's file, named by a mistyped --log.  It
 * is never read as a log, and above all never migrated into one, which
 * would write the desk's tables (and then its calls) into that file. */
int inq_foreign_db(sqlite3 *db, bool *foreign)
{
	int v = 0;
	int rc = inq_int_query(db, "SELECT count(*) > 0 AND sum(name = 'inquiry') = 0"
			       " FROM sqlite_schema WHERE type = 'table'", &v);

	if (rc == SQLITE_OK)
		*foreign = v != 0;
	return rc;
}

int inq_foreign_err(struct err *err)
{
	return err_set(err, _("it is another database, not an inquiry log; "
			      "check --log or MADOGUCHI_LOG"));
}

int inq_newer_err(int v, struct err *err)
{
	return err_set(err, _("its schema is version %d, newer than this program's %d; "
			      "upgrade madoguchi"), v, INQ_SCHEMA_VERSION);
}

bool inq_has_schema(sqlite3 *db)
{
	int v = 0;

	return inq_user_version(db, &v) == SQLITE_OK && v >= 1;
}

/* A log not written since an older program has no access table yet, which
 * is not an error.  By the version, not by looking the table up, so that a
 * table dropped from a newer log is an error, not an empty table. */
bool inq_has_table(sqlite3 *db, const struct inq_tdesc *t)
{
	int v = 0;

	return inq_user_version(db, &v) == SQLITE_OK && v >= t->since;
}

/* By the columns, not the version: a log whose user_version was set back
 * keeps its v2 rows, and they must still be read as v2. */
bool inq_has_salts(sqlite3 *db, const struct inq_tdesc *t)
{
	bool has = false;

	return t->tag2 && has_column(db, t->name, "note_salt", &has) == SQLITE_OK && has;
}

int inq_v2_from(sqlite3 *db, const struct inq_tdesc *t, long long *from)
{
	sqlite3_stmt *st;
	bool has = false;
	int rc;

	*from = 0;
	if (!inq_has_salts(db, t) || has_column(db, "chain", "v2_from", &has) != SQLITE_OK || !has)
		return SQLITE_OK;
	rc = sqlite3_prepare_v2(db, "SELECT v2_from FROM chain WHERE name = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*from = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}
