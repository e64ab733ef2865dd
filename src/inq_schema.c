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

const struct inq_tdesc inq_tables[INQ_NTABLES] = {
	[INQ_CALLS] = { "inquiry", "madoguchi.inquiry.v1", "started_at", call_cols,
			(int)(sizeof call_cols / sizeof call_cols[0]), 3, 1 },
	[INQ_LOOKUPS] = { "lookup", "madoguchi.lookup.v1", "at", lookup_cols,
			  (int)(sizeof lookup_cols / sizeof lookup_cols[0]), 2, 1 },
	[INQ_ACCESS] = { "access", "madoguchi.access.v1", "at", access_cols,
			 (int)(sizeof access_cols / sizeof access_cols[0]), 2, 2 },
};

/*
 * Schema.  migrations[v] takes a log from version v to v + 1; the version
 * is PRAGMA user_version.  A log newer than this program is left alone
 * (entries are spooled) rather than written with a schema it does not know.
 */
static const char *const migrations[INQ_SCHEMA_VERSION] = {
	"CREATE TABLE inquiry ("
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
	/* v2: who tried to read the log (review, log stats, log export) under a
	 * supervisor_group, and whether it was allowed.  A refusal kept only
	 * in syslog is lost on a host without a syslog daemon and is not
	 * where supervisors look; here it is chained like every other row. */
	"CREATE TABLE access ("
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
	"CREATE INDEX access_at ON access(at);",
};

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
		int rc = sqlite3_exec(db, migrations[*v], NULL, NULL, NULL);

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
