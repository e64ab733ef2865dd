/* What the sqlite3 shell does in the log's tests: one number read, SQL
 * run behind the program's back.  Included by the test files that need
 * them (like faultvfs.c), after cmocka.h and sqlite3.h. */

/* The first column of the first row of sql on path, or -1. */
static long count_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}
