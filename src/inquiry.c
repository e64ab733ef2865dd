#include "inquiry.h"
#include "buf.h"
#include "i18n.h"
#include "ident.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#define HASH_BYTES 32
#define HASH_HEX (2 * HASH_BYTES)
#define MAX_COLS 16

/*
 * Tables.  Each is described once: its SQL name, the spool's name for it,
 * the domain tag of its hash, its time column, and its data columns in
 * canonical order.  seq (the chain position), prev_hash and hash are not
 * data columns.
 */
struct tdesc {
	const char *name;
	const char *tag;
	const char *timecol;
	const char *const *cols;
	int ncols;
	int opcol;              /* position of "operator" in cols */
	int since;              /* the schema version that made the table */
};

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

static const struct tdesc tables[] = {
	[INQ_CALLS] = { "inquiry", "madoguchi.inquiry.v1", "started_at", call_cols,
			(int)(sizeof call_cols / sizeof call_cols[0]), 3, 1 },
	[INQ_LOOKUPS] = { "lookup", "madoguchi.lookup.v1", "at", lookup_cols,
			  (int)(sizeof lookup_cols / sizeof lookup_cols[0]), 2, 1 },
	[INQ_ACCESS] = { "access", "madoguchi.access.v1", "at", access_cols,
			 (int)(sizeof access_cols / sizeof access_cols[0]), 2, 2 },
};
#define NTABLES 3

/* Column positions used by name in the code below. */
enum { C_UUID = 0 };

struct field {
	const char *p;            /* NULL: SQL NULL */
	size_t n;
};

struct rec {
	const struct tdesc *t;
	struct field f[MAX_COLS];
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

struct inq_log {
	char *path;
	char *spool;
	char *rejected;            /* spool lines that can never be written */
	char operator[64];
	char host[256];
	int busy_ms;
	bool write_ahead;
	char *vfs;
	sqlite3 *db;               /* open between calls, never inside a transaction */
	int queue_fd;              /* LOG-lock, the writers' queue; -1 when unusable */
	bool queued;               /* this process holds the queue */
	int setup_rc;              /* SQLite's code when connection set-up failed */
	struct timespec deadline;  /* of the operation under way */
	bool timed;                /* an operation has started the deadline */
	struct timespec busy_start;
};

/* ------------------------------------------------------------------ */
/* Small helpers */

static void now_iso(char out[INQ_TIME_LEN + 1])
{
	struct timespec ts;
	struct tm tm;
	char base[64];
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(base + n, sizeof base - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
	memcpy(out, base, INQ_TIME_LEN);
	out[INQ_TIME_LEN] = '\0';
}

static void new_uuid(char out[INQ_UUID_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);   /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	snprintf(out, INQ_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

/* Fills a record's UUID and time when the caller left them empty. */
static void stamp(char uuid[INQ_UUID_LEN + 1], char at[INQ_TIME_LEN + 1])
{
	if (!uuid[0])
		new_uuid(uuid);
	if (!at[0])
		now_iso(at);
}

static bool is_uuid(const char *s)
{
	for (int i = 0; i < INQ_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return s[INQ_UUID_LEN] == '\0';
}

/* YYYY-MM-DDTHH:MM:SS.mmmZ, shape only: the times are ours or a spool's. */
static bool is_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";

	for (int i = 0; i < INQ_TIME_LEN; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return false;
	return s[INQ_TIME_LEN] == '\0';
}

static bool one_of(const char *v, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(v, *words) == 0)
			return true;
	return false;
}

static const char *const levels[] = { "verified", "ambiguous", "partial", "none", NULL };

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Characters, counting each byte of an invalid sequence as one. */
static size_t count_chars(const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	size_t n = 0;

	while (p < end) {
		ucs4_t uc;
		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		n++;
	}
	return n;
}

/* "a,b,c" where every item satisfies ok(). */
static bool list_ok(const char *s, bool (*ok)(const char *item, size_t n))
{
	while (1) {
		size_t n = strcspn(s, ",");
		if (n == 0 || !ok(s, n))
			return false;
		if (s[n] == '\0')
			return true;
		s += n + 1;
	}
}

/* A kind of src/ident ("kana", "date", …). */
static bool kind_ok(const char *item, size_t n)
{
	char word[16];

	if (n >= sizeof word)
		return false;
	memcpy(word, item, n);
	word[n] = '\0';
	return ident_kind_parse(word) >= 0;
}

static bool faq_ok(const char *item, size_t n)
{
	if (n > 3 || item[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (item[i] < '0' || item[i] > '9')
			return false;
	return true;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int short_text(const char *field, const char *v, size_t max, struct err *err)
{
	if (!v)
		return 0;
	if (strlen(v) > max)
		return err_set(err, "%s is longer than %zu bytes", field, max);
	if (has_control(v) || u8_check((const uint8_t *)v, strlen(v)))
		return err_set(err, "%s holds control characters or invalid UTF-8", field);
	return 0;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *s, size_t n, unsigned char *out)
{
	if (n % 2)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + (size_t)k];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				return -1;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

static struct field fstr(const char *s)
{
	return (struct field){ s, s ? strlen(s) : 0 };
}

/* ------------------------------------------------------------------ */
/* Canonical bytes and the hash
 *
 * hash = BLAKE2b-256 (unkeyed) over
 *   prev       32 raw bytes: the previous row's hash (all zero for row 1)
 *   tag        u32 length (big-endian) + bytes: "madoguchi.inquiry.v1" or
 *              "madoguchi.lookup.v1"
 *   seq        u64 big-endian: the row's chain position (1, 2, …)
 *   each data column in the table's order (call_cols / lookup_cols):
 *              0x00 for NULL, or 0x01 + u32 length (big-endian) + the bytes
 *              exactly as stored (escalate as "0" or "1").
 * Every field carries its length, so no two rows share their bytes.
 */

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

static int rec_hash(const struct rec *r, int64_t seq, const char *prev_hex, char out[HASH_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char prev[HASH_BYTES], h[HASH_BYTES], s[8];

	if (strlen(prev_hex) != HASH_HEX || unhex(prev_hex, HASH_HEX, prev))
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
	hex(h, HASH_BYTES, out);
	return 0;
}

static const char zero_hash[HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static int dir_of(const char *path, char *out, size_t size);

/* ------------------------------------------------------------------ */
/* The database connection */

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * One deadline per operation (an append with the flush before it, a
 * flush, a merge): the queue, the busy handler and the set-up retries
 * all wait against it, so that INQ_BUSY_MS is how long an append can
 * wait in all, not how long each of its stages can.  deadline_begin()
 * starts one unless one runs already and says whether it did;
 * deadline_end() ends it if so.
 */
static bool deadline_begin(struct inq_log *log)
{
	if (log->timed)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &log->deadline);
	log->deadline.tv_sec += log->busy_ms / 1000;
	log->deadline.tv_nsec += (long)(log->busy_ms % 1000) * 1000000;
	if (log->deadline.tv_nsec >= 1000000000) {
		log->deadline.tv_sec++;
		log->deadline.tv_nsec -= 1000000000;
	}
	log->timed = true;
	return true;
}

static void deadline_end(struct inq_log *log, bool mine)
{
	if (mine)
		log->timed = false;
}

/* Milliseconds left before the deadline (0 when past). */
static long ms_left(const struct inq_log *log)
{
	long ms = -ms_since(&log->deadline);

	return ms > 0 ? ms : 0;
}

/* Waits for a writer outside the queue (a sqlite3 shell, a log whose
 * LOG-lock cannot be opened) or for WAL recovery after a crash.
 * Short random sleeps rather than SQLite's growing ones: with dozens of
 * writers the lock changes hands every few milliseconds, and a waiter that
 * sleeps 100 ms misses its turn again and again.  The longer a writer has
 * waited, the more often it looks, so it wins the next handover against
 * newcomers instead of starving until its timeout. */
static int busy_cb(void *ctx, int n)
{
	struct inq_log *log = ctx;
	struct timespec nap = { 0, 0 };
	long ms, us;

	if (n == 0)
		clock_gettime(CLOCK_MONOTONIC, &log->busy_start);
	ms = ms_since(&log->busy_start);
	/* Every statement on the writer's connection runs inside an
	 * operation (db_connect() starts one itself), so the deadline is
	 * set. */
	if (ms_left(log) == 0)
		return 0;
	if (ms < 200)
		us = 1000 + (long)randombytes_uniform(3000);
	else if (ms < 2000)
		us = 500 + (long)randombytes_uniform(1000);
	else
		us = 300 + (long)randombytes_uniform(700);
	nap.tv_nsec = us * 1000;
	nanosleep(&nap, NULL);
	return 1;
}

static void queue_leave(struct inq_log *log);

static void db_close(struct inq_log *log)
{
	sqlite3_stmt *st;

	queue_leave(log);
	if (!log->db)
		return;
	while ((st = sqlite3_next_stmt(log->db, NULL)))
		sqlite3_finalize(st);
	sqlite3_close_v2(log->db);
	log->db = NULL;
}

/* What went wrong, in words an operator can pass on. */
static const char *why(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return _("it stayed locked by other writers");
	case SQLITE_FULL: return _("the disk is full");
	case SQLITE_READONLY: return _("it is read-only");
	case SQLITE_CANTOPEN: return _("it cannot be opened");
	case SQLITE_NOTADB: return _("it is not an inquiry log");
	case SQLITE_CORRUPT: return _("it is damaged");
	case SQLITE_IOERR: return _("an I/O error");
	case SQLITE_PERM:
	case SQLITE_AUTH: return _("permission denied");
	default: return _("a database error");
	}
}

/* A full tmpfs and a file-size limit both come back as SQLITE_IOERR, and
 * SQLite's errno is not the failed write's: look at the causes that an
 * operator can have fixed. */
static const char *why_io(const char *path)
{
	char wal[PATH_MAX];
	struct statvfs vfs;
	struct rlimit lim;
	struct stat st;
	off_t biggest = 0;

	if (!path || !*path)
		return NULL;
	if (statvfs(path, &vfs) == 0 && (unsigned long long)vfs.f_bavail * vfs.f_frsize < 256 * 1024)
		return _("the disk is full");
	if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY)
		return NULL;
	if (stat(path, &st) == 0)
		biggest = st.st_size;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0 && st.st_size > biggest)
		biggest = st.st_size;
	if ((unsigned long long)biggest + 256 * 1024 >= (unsigned long long)lim.rlim_cur)
		return _("the file-size limit (ulimit -f) is reached");
	return NULL;
}

static int db_fail(struct inq_log *log, sqlite3 *db, struct err *err)
{
	int rc = sqlite3_extended_errcode(db);
	const char *io = NULL;

	if (rc == SQLITE_OK) {
		/* The WAL sync after COMMIT (commit()) failed: SQLite did not see it. */
		io = why_io(sqlite3_db_filename(db, "main"));
		err_set(err, _("%s (the disk did not confirm the write)"), io ? io : why(SQLITE_IOERR));
	} else {
		if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL)
			io = why_io(sqlite3_db_filename(db, "main"));
		err_set(err, "%s (%s)", io ? io : why(rc), sqlite3_errmsg(db));
	}
	if (log) {
		log->setup_rc = rc;
		db_close(log);
	}
	return -1;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The connection is its own statement cache.  A writer runs the same few
 * statements for every append, and parsing them each time was a good part
 * of the time it holds the write lock, while every other writer waits.
 * Found again by their text among the connection's statements
 * (sqlite3_next_stmt); reset after each use by step_done(), finalized by
 * db_close(). */
static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	for (*st = sqlite3_next_stmt(db, NULL); *st; *st = sqlite3_next_stmt(db, *st))
		if (strcmp(sqlite3_sql(*st), sql) == 0 && !sqlite3_stmt_busy(*st))
			return SQLITE_OK;
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

/* Leaves a cached statement ready for its next use; passes rc on. */
static int unprep(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	return unprep(st, rc == SQLITE_DONE ? SQLITE_OK : rc);
}

/* One statement without result rows, from the cache. */
static int run(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = prep(db, sql, &st);

	return rc == SQLITE_OK ? step_done(st) : rc;
}

/* Makes everything committed so far durable: syncs the WAL through the
 * connection's own file object (so a test VFS sees it, as it sees every
 * other write).  Done after COMMIT, outside the write lock: see
 * db_append(). */
static int wal_sync(sqlite3 *db)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods)
		return SQLITE_IOERR_FSYNC;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* flock() that gives up after ms: a stopped process (Ctrl-Z) holding the
 * lock must not hang every other writer.  A blocking wait, not a polling
 * one: the kernel wakes the waiters the moment the lock is free, which is
 * what lets fifty writers take turns every few hundred microseconds.  A
 * repeating interval timer breaks the wait with EINTR; repeating, so that
 * a tick falling between the deadline check and flock() cannot leave it
 * blocked for good.  The handler does nothing: no signal handler here does
 * more than return. */
static int lock_within(int fd, int ms)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old_sa;
	struct itimerval tick = { { 0, 20000 }, { 0, 0 } }, old_tick;
	struct timespec t0;
	int rc;

	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return -1;
	ms = ms > 0 ? ms : 1;
	tick.it_value.tv_sec = ms / 1000;
	tick.it_value.tv_usec = (ms % 1000) * 1000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old_sa);
	setitimer(ITIMER_REAL, &tick, &old_tick);
	while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR && ms_since(&t0) < ms)
		;
	setitimer(ITIMER_REAL, &old_tick, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (rc != 0 && errno == EINTR)
		errno = EWOULDBLOCK;
	return rc;
}

/*
 * The writers' queue: LOG-lock, a file beside the log that writers flock()
 * around each write transaction.  SQLite's own write lock cannot be waited
 * for, only polled (the busy handler sleeps and retries), and with dozens
 * of writers most of a turn is lost in those sleeps.  Waiting in the
 * kernel on this lock first, a writer reaches BEGIN IMMEDIATE when the
 * previous one has just committed, and SQLite's lock is then almost never
 * busy.  The queue is released after COMMIT and before the WAL sync, so
 * the syncs overlap (db_append()).  Only an optimisation: when the file
 * cannot be made or opened, the busy handler alone does the waiting.
 */
static void queue_open(struct inq_log *log)
{
	char name[PATH_MAX];
	struct stat st;
	int fd;

	if (log->queue_fd >= 0 || snprintf(name, sizeof name, "%s-lock", log->path) >= (int)sizeof name)
		return;
	/* O_NONBLOCK: a FIFO put in its place must not hang the open.  An
	 * existing file is opened without O_CREAT: in a sticky group directory
	 * (fs.protected_regular) O_CREAT on another operator's file is refused
	 * even when it exists. */
	fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open(name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0660);
	if (fd < 0 && errno == EEXIST)
		fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	/* Shared by the desk's group like the log, whatever the umask. */
	if (st.st_uid == geteuid() && (st.st_mode & 0777) != 0660)
		fchmod(fd, 0660);
	log->queue_fd = fd;
}

static int queue_enter(struct inq_log *log, struct err *err)
{
	if (log->queue_fd < 0 || log->queued)
		return 0;
	if (lock_within(log->queue_fd, (int)ms_left(log)) != 0) {
		if (errno != EWOULDBLOCK)
			return 0;
		return err_set(err, _("%s (waited %d ms)"), why(SQLITE_BUSY), log->busy_ms);
	}
	log->queued = true;
	return 0;
}

static void queue_leave(struct inq_log *log)
{
	if (!log->queued)
		return;
	flock(log->queue_fd, LOCK_UN);
	log->queued = false;
}

/* COMMIT, the queue handed on, then the WAL sync that makes it durable
 * (see db_append()).  Every write transaction of the log ends here. */
static int commit(struct inq_log *log)
{
	int rc = run(log->db, "COMMIT");

	queue_leave(log);
	return rc == SQLITE_OK ? wal_sync(log->db) : rc;
}


/* The one integer sql answers, in *v (left alone on failure). */
static int int_query(sqlite3 *db, const char *sql, int *v)
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

static int user_version(sqlite3 *db, int *v)
{
	return int_query(db, "PRAGMA user_version", v);
}

/* PRAGMA user_version on the writer's connection, from its cache. */
static int cached_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = prep(db, "PRAGMA user_version", &st);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	return unprep(st, rc);
}

static void rollback(struct inq_log *log)
{
	if (log->db && !sqlite3_get_autocommit(log->db))
		exec(log->db, "ROLLBACK");
	queue_leave(log);
}

/* A database that holds tables but no inquiry table is somebody else's:
 * the snapshot or another program's file, named by a mistyped --log.  It
 * is never read as a log, and above all never migrated into one, which
 * would write the desk's tables (and then its calls) into that file.
 * *foreign is left alone when the schema cannot be read. */
static int foreign_db(sqlite3 *db, bool *foreign)
{
	int v = 0;
	int rc = int_query(db, "SELECT count(*) > 0 AND sum(name = 'inquiry') = 0"
			   " FROM sqlite_schema WHERE type = 'table'", &v);

	if (rc == SQLITE_OK)
		*foreign = v != 0;
	return rc;
}

static int foreign_log(struct err *err)
{
	return err_set(err, _("it is another database, not an inquiry log; "
			 "check --log or MADOGUCHI_LOG"));
}

static int newer_schema(int v, struct err *err)
{
	return err_set(err, _("its schema is version %d, newer than this program's %d; "
			 "upgrade madoguchi"), v, INQ_SCHEMA_VERSION);
}

/* Brings the schema up to date, once, under the write lock. */
static int schema_ensure(struct inq_log *log, struct err *err)
{
	sqlite3 *db = log->db;
	char pragma[64];
	int v = 0;

	if (user_version(db, &v) != SQLITE_OK)
		return db_fail(log, db, err);
	if (v == INQ_SCHEMA_VERSION)
		return 0;
	if (v > INQ_SCHEMA_VERSION) {
		db_close(log);
		return newer_schema(v, err);
	}
	if (queue_enter(log, err)) {
		/* Closed, so that the next try migrates instead of finding an
		 * open connection to an old schema. */
		db_close(log);
		return -1;
	}
	if (exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		queue_leave(log);
		return db_fail(log, db, err);
	}
	if (user_version(db, &v) != SQLITE_OK)
		goto fail;
	for (; v < INQ_SCHEMA_VERSION; v++)
		if (exec(db, migrations[v]) != SQLITE_OK)
			goto fail;
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
	if (exec(db, pragma) != SQLITE_OK || commit(log) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	log->setup_rc = sqlite3_extended_errcode(db);
	db_fail(NULL, db, err);
	rollback(log);
	db_close(log);
	return -1;
}

static int db_connect(struct inq_log *log, struct err *err);

/* BEGIN IMMEDIATE, then a look at the schema under the lock: a newer
 * program may have migrated the log since this connection was opened. */
static int begin_write(struct inq_log *log, struct err *err)
{
	int v = 0;

	if (queue_enter(log, err))
		return -1;
	if (run(log->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		queue_leave(log);
		return db_fail(log, log->db, err);
	}
	if (cached_version(log->db, &v) != SQLITE_OK) {
		db_fail(NULL, log->db, err);
		rollback(log);
		db_close(log);
		return -1;
	}
	if (v != INQ_SCHEMA_VERSION) {
		rollback(log);
		db_close(log);
		if (v > INQ_SCHEMA_VERSION)
			return newer_schema(v, err);
		/* Older than this program (its file replaced by an older log, say):
		 * connecting again migrates it, once. */
		if (db_connect(log, err))
			return -1;
		return begin_write(log, err);
	}
	return 0;
}

static const char *const dir_given = N_("it is a directory, not a log; name the log's file, "
				   "e.g. DIR/inquiry.db");

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The log file is made here, not by SQLite, so that it is 0660 whatever
 * the umask: the operators of a desk share it through a group, and the
 * -wal and -shm files SQLite makes later copy its mode. */
static int create_file(const char *path, struct err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);

	if (fd < 0) {
		if (errno == EEXIST && is_dir(path))
			return err_set(err, "%s", _(dir_given));
		if (errno == EEXIST)
			return 0;
		if (errno == ENOENT)
			return err_set(err, _("its directory does not exist"));
		return err_set(err, _("cannot create it: %s"), strerror(errno));
	}
	if (fchmod(fd, 0660) != 0 || fsync(fd) != 0) {
		err_set(err, _("cannot create it: %s"), strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* SQLite's WAL shares memory (-shm) and locks between the processes of
 * one machine; over a network file system neither holds, and the log would
 * be corrupted.  The name of such a file system, or NULL. */
static const char *network_fs(const char *path)
{
	char dir[PATH_MAX];
	struct statfs fs;

	if (dir_of(path, dir, sizeof dir) || statfs(dir, &fs) != 0)
		return NULL;
	switch ((unsigned long)fs.f_type) {
	case 0x6969UL: return "NFS";
	case 0x517bUL: return "SMB";
	case 0xff534d42UL: return "CIFS";
	case 0xfe534d42UL: return "SMB2";
	case 0x65735546UL: return "FUSE (sshfs?)";
	case 0x5346414fUL: return "AFS";
	case 0x00c36400UL: return "Ceph";
	case 0x01021997UL: return "9P";
	default: return NULL;
	}
}

/* A nap of 1-3 ms between two tries of a connection's set-up. */
static void setup_nap(void)
{
	struct timespec nap = { 0, (1000 + (long)randombytes_uniform(2000)) * 1000 };

	nanosleep(&nap, NULL);
}

static int connect_once(struct inq_log *log, struct err *err);

/* Set-up can meet SQLITE_BUSY without the busy handler being asked: when
 * another process closes the last connection to the log, SQLite
 * checkpoints it and deletes its WAL under an exclusive lock, and a
 * connection being set up at that moment is refused at once (seen as
 * "database is locked" from one `log add` among fifty at once).  Set-up
 * changes nothing that a second try would trip on, so it is tried again
 * until the busy timeout. */
static int db_connect(struct inq_log *log, struct err *err)
{
	bool mine;
	int rc;

	if (log->db)
		return 0;
	mine = deadline_begin(log);
	for (;;) {
		log->setup_rc = SQLITE_OK;
		rc = connect_once(log, err);
		if (rc == 0 || (log->setup_rc & 0xff) != SQLITE_BUSY || ms_left(log) == 0)
			break;
		setup_nap();
	}
	deadline_end(log, mine);
	return rc;
}

static int connect_once(struct inq_log *log, struct err *err)
{
	sqlite3_stmt *st;
	const char *mode;
	bool foreign = false;
	int rc;

	if (network_fs(log->path))
		return err_set(err, _("it is on a network file system (%s); put the log on a local disk"),
			       network_fs(log->path));
	if (create_file(log->path, err))
		return -1;
	rc = sqlite3_open_v2(log->path, &log->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			     log->vfs);
	if (rc != SQLITE_OK) {
		if (!log->db)
			return err_set(err, "out of memory");
		return db_fail(log, log->db, err);
	}
	/* First, before any statement: after a crash the first statements meet
	 * WAL recovery in another process and must wait, not fail. */
	sqlite3_busy_handler(log->db, busy_cb, log);
	sqlite3_extended_result_codes(log->db, 1);
	/* Before anything writes: switching to WAL already rewrites the
	 * file's header. */
	if (foreign_db(log->db, &foreign) != SQLITE_OK)
		return db_fail(log, log->db, err);
	if (foreign) {
		db_close(log);
		return foreign_log(err);
	}
	/* The queue's LOG-lock file beside it, only once it is a log. */
	queue_open(log);
	if (sqlite3_prepare_v2(log->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
		return db_fail(log, log->db, err);
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (rc != SQLITE_ROW || !mode || strcmp(mode, "wal") != 0) {
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW) {
			db_close(log);
			return err_set(err, _("it cannot be switched to WAL mode (read-only?)"));
		}
		return db_fail(log, log->db, err);
	}
	sqlite3_finalize(st);
	if (exec(log->db, "PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304") != SQLITE_OK)
		return db_fail(log, log->db, err);
	return schema_ensure(log, err);
}

static sqlite3 *open_ro(const char *path, int *rc, int *version, struct err *err);

/* Read-only connection for export, verify and merge sources.  A reader
 * too makes a missing -wal or -shm (during the first read, which open_ro()
 * does): under umask 007, as every write does (put_masked()), so that a
 * supervisor with umask 077 does not leave them unusable to the operators
 * for the instant before SQLite's fchmod.  *version gets the schema
 * version read while opening. */
static sqlite3 *db_open_ro_v(const char *path, int *version, struct err *err)
{
	mode_t old = umask(007);
	struct timespec t0;
	sqlite3 *db;
	int rc;

	/* Tried again on SQLITE_BUSY, as db_connect() does. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!(db = open_ro(path, &rc, version, err)) && (rc & 0xff) == SQLITE_BUSY &&
	       ms_since(&t0) < INQ_BUSY_MS)
		setup_nap();
	umask(old);
	return db;
}

static sqlite3 *db_open_ro(const char *path, struct err *err)
{
	int v;

	return db_open_ro_v(path, &v, err);
}

static sqlite3 *open_ro(const char *path, int *rc, int *version, struct err *err)
{
	sqlite3 *db = NULL;
	bool foreign = false;
	int v = 0;

	*rc = SQLITE_OK;

	if (access(path, R_OK) != 0) {
		if (errno == ENOENT)
			err_set(err, _("%s: no such log"), path);
		else
			err_set(err, _("%s: cannot read the log: %s (is this account in the desk's group?)"),
				path, strerror(errno));
		return NULL;
	}
	if (network_fs(path)) {
		err_set(err, _("%s: the log is on a network file system (%s); put it on a local disk"),
			path, network_fs(path));
		return NULL;
	}
	if (is_dir(path)) {
		err_set(err, "%s: %s", path, _(dir_given));
		return NULL;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		err_set(err, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close_v2(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, INQ_BUSY_MS);
	sqlite3_extended_result_codes(db, 1);
	if (exec(db, "PRAGMA query_only = 1") != SQLITE_OK || user_version(db, &v) != SQLITE_OK ||
	    foreign_db(db, &foreign) != SQLITE_OK) {
		*rc = sqlite3_extended_errcode(db);
		err_set(err, "%s: %s (%s)", path, why(*rc), sqlite3_errmsg(db));
		sqlite3_close_v2(db);
		return NULL;
	}
	if (foreign || v > INQ_SCHEMA_VERSION) {
		if (foreign)
			foreign_log(err);
		else
			newer_schema(v, err);
		err_prefix(err, "%s", path);
		sqlite3_close_v2(db);
		return NULL;
	}
	*version = v;
	return db;
}

sqlite3 *inq_open_ro(const char *path, int *version, struct err *err)
{
	*version = 0;
	return db_open_ro_v(path, version, err);
}

/* True when the log has the tables (an empty file has none yet). */
static bool has_schema(sqlite3 *db)
{
	int v = 0;

	return user_version(db, &v) == SQLITE_OK && v >= 1;
}

/* True when the log's schema has table t: a log not written since an
 * older program has no access table yet, which is not an error.  By the
 * version, not by looking the table up, so that a table dropped from a
 * newer log is an error, not an empty table. */
static bool has_table(sqlite3 *db, const struct tdesc *t)
{
	int v = 0;

	return user_version(db, &v) == SQLITE_OK && v >= t->since;
}

/* ------------------------------------------------------------------ */
/* One row into the chain, inside the caller's IMMEDIATE transaction.
 * 1: the UUID is there already; 0: appended; -1: error (see the db). */


static bool uuid_present(sqlite3 *db, const struct rec *r, int *rc)
{
	char sql[128];
	sqlite3_stmt *st;
	bool found;

	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE uuid = ?1", r->t->name);
	*rc = prep(db, sql, &st);
	if (*rc != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, r->f[C_UUID].p, (int)r->f[C_UUID].n, SQLITE_STATIC);
	*rc = sqlite3_step(st);
	found = *rc == SQLITE_ROW;
	*rc = unprep(st, *rc == SQLITE_ROW || *rc == SQLITE_DONE ? SQLITE_OK : *rc);
	return found;
}

static int chain_last(sqlite3 *db, const struct tdesc *t, int64_t *seq, char prev[HASH_HEX + 1])
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT seq, hash FROM %s ORDER BY seq DESC LIMIT 1", t->name);
	rc = prep(db, sql, &st);
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
	return unprep(st, rc == SQLITE_DONE ? SQLITE_OK : rc);
}

static int insert_row(sqlite3 *db, const struct rec *r, int64_t seq, const char *prev, const char *hash)
{
	const struct tdesc *t = r->t;
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
	rc = prep(db, sql, &st);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	for (int i = 0; i < t->ncols; i++)
		if (r->f[i].p)
			sqlite3_bind_text(st, i + 2, r->f[i].p, (int)r->f[i].n, SQLITE_STATIC);
	sqlite3_bind_text(st, t->ncols + 2, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, t->ncols + 3, hash, -1, SQLITE_STATIC);
	return step_done(st);
}

static int chain_set(sqlite3 *db, const struct tdesc *t, int64_t seq, const char *hash)
{
	sqlite3_stmt *st;
	int rc = prep(db,
		"INSERT INTO chain (name, seq, hash) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hash = excluded.hash", &st);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	return step_done(st);
}

static int db_put(sqlite3 *db, const struct rec *r, int *rcp)
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

/* One record in its own transaction.  INQ_WRITTEN, INQ_ALREADY or -1.
 *
 * Durability is that of synchronous=FULL, reached another way.  FULL syncs
 * the WAL inside COMMIT, while the write lock is held, so fifty writers
 * queue for fifty disk flushes one after the other.  Here the connection
 * runs at NORMAL (WAL stays consistent after a power cut, SQLite's own
 * guarantee) and the append syncs the WAL itself right after COMMIT, with
 * the lock already free: writers that commit meanwhile share the same
 * flush (group commit).  An append is reported written only after its
 * sync returned; a failed sync is a failed append (the entry is spooled,
 * and the UUID keeps the later flush from adding it twice). */
static int db_append(struct inq_log *log, const struct rec *r, struct err *err)
{
	int rc, put;

	if (db_connect(log, err) || begin_write(log, err))
		return -1;
	put = db_put(log->db, r, &rc);
	if (put < 0 || commit(log) != SQLITE_OK) {
		db_fail(NULL, log->db, err);
		rollback(log);
		db_close(log);
		return -1;
	}
	return put == 1 ? INQ_ALREADY : INQ_WRITTEN;
}

/* ------------------------------------------------------------------ */
/* The spool
 *
 * One JSON object per line: {"table":"inquiry","uuid":"…",…}; a missing
 * key is NULL.  A value that is not valid UTF-8 (a note "as typed") is
 * written in hex under NAME_hex, so the spool keeps its exact bytes.
 * Appends and flushes hold flock() on the file: one user's processes
 * take turns, and a flush truncates only after its COMMIT, so a crash in
 * between makes the next flush insert nothing twice (UUIDs).
 */

static void json_str(struct buf *b, const char *p, size_t n)
{
	char esc[8];

	buf_add(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_add(b, esc, 6);
		} else {
			buf_add(b, p + i, 1);
		}
	}
	buf_add(b, "\"", 1);
}

static void rec_json(const struct rec *r, struct buf *b)
{
	buf_str(b, "{\"table\":");
	json_str(b, r->t->name, strlen(r->t->name));
	for (int i = 0; i < r->t->ncols; i++) {
		const struct field *f = &r->f[i];
		if (!f->p)
			continue;
		buf_str(b, ",\"");
		buf_str(b, r->t->cols[i]);
		if (u8_check((const uint8_t *)f->p, f->n) == NULL && !memchr(f->p, 0, f->n)) {
			buf_str(b, "\":");
			json_str(b, f->p, f->n);
		} else {
			char *h = malloc(2 * f->n + 1);
			if (!h) {
				b->oom = true;
				return;
			}
			hex((const unsigned char *)f->p, f->n, h);
			buf_str(b, "_hex\":\"");
			buf_str(b, h);
			buf_str(b, "\"");
			free(h);
		}
	}
	buf_str(b, "}\n");
}

static int mkdirs(const char *dir, mode_t mode)
{
	char tmp[PATH_MAX];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, dir, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, mode) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Opens a spool-like file of ours: a regular file owned by us, 0600. */
static int open_private(const char *path, int flags)
{
	struct stat st;
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	if ((st.st_mode & 0777) != 0600 && fchmod(fd, 0600) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return snprintf(out, size, ".") >= (int)size ? -1 : 0;
	if ((size_t)(slash - path) >= size)
		return -1;
	memcpy(out, path, (size_t)(slash - path));
	out[slash - path] = '\0';
	if (out[0] == '\0')
		snprintf(out, size, "/");
	return 0;
}

static void fsync_dir(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	if (dir_of(path, dir, sizeof dir))
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Appends lines to a private file, durably, after any torn last line. */
static int append_lines(const char *path, const char *p, size_t n, int ms)
{
	char dir[PATH_MAX], last = '\n';
	struct stat st;
	int fd, saved;

	if (dir_of(path, dir, sizeof dir) || mkdirs(dir, 0700))
		return -1;
	fd = open_private(path, O_RDWR | O_CREAT | O_APPEND);
	if (fd < 0)
		return -1;
	if (lock_within(fd, ms) != 0 || fstat(fd, &st) != 0)
		goto fail;
	/* A line cut short by a crash must not swallow the next one. */
	if (st.st_size > 0 && (pread(fd, &last, 1, st.st_size - 1) != 1))
		goto fail;
	if ((last != '\n' && write_all(fd, "\n", 1)) || write_all(fd, p, n) || fsync(fd))
		goto fail;
	close(fd);
	if (st.st_size == 0)
		fsync_dir(path);
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Why the spool could not be used, in words: a lock that stayed taken is
 * another madoguchi of the same account (stopped with Ctrl-Z?), not
 * "Resource temporarily unavailable". */
static const char *spool_why(int e)
{
	if (e == EWOULDBLOCK)
		return _("another madoguchi of this account keeps it locked (one stopped with Ctrl-Z?)");
	return strerror(e);
}

static int spool_write(struct inq_log *log, const struct rec *r, struct err *err)
{
	struct buf b = { 0 };
	int rc;

	rec_json(r, &b);
	if (b.oom) {
		free(b.p);
		return err_set(err, "out of memory");
	}
	rc = append_lines(log->spool, b.p, b.n, 2 * log->busy_ms);
	free(b.p);
	if (rc)
		return err_set(err, "%s: %s", log->spool, spool_why(errno));
	return 0;
}

long inq_pending(const struct inq_log *log)
{
	char chunk[8192], last = '\n';
	long lines = 0;
	ssize_t n;
	int fd = open(log->spool, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	/* Non-empty lines; a last line without its newline counts too. */
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] == '\n' && last != '\n')
				lines++;
			last = chunk[i];
		}
	}
	close(fd);
	if (last != '\n')
		lines++;
	return n < 0 ? -1 : lines;
}

/* A spool line back into a record, via SQLite's JSON reader.  The strings
 * it returns live in *keep until the next call.  0, or -1 (not a record). */
struct parsed {
	struct rec r;
	char *vals[MAX_COLS];
};

static void parsed_free(struct parsed *p)
{
	for (int i = 0; i < MAX_COLS; i++)
		free(p->vals[i]);
	memset(p, 0, sizeof *p);
}

static int set_col(struct parsed *p, const char *key, const char *val, int n)
{
	size_t klen = strlen(key);
	bool is_hex = klen > 4 && strcmp(key + klen - 4, "_hex") == 0;
	const struct tdesc *t = p->r.t;

	if (is_hex)
		klen -= 4;
	for (int i = 0; i < t->ncols; i++) {
		if (strlen(t->cols[i]) != klen || strncmp(t->cols[i], key, klen) != 0)
			continue;
		free(p->vals[i]);
		p->vals[i] = malloc((size_t)n + 1);
		if (!p->vals[i])
			return -1;
		if (is_hex) {
			if (unhex(val, (size_t)n, (unsigned char *)p->vals[i]))
				return -1;
			n /= 2;
		} else {
			memcpy(p->vals[i], val, (size_t)n);
		}
		p->vals[i][n] = '\0';
		p->r.f[i] = (struct field){ p->vals[i], (size_t)n };
		return 0;
	}
	return -1;   /* an unknown key: not ours */
}

/* 0: parsed; -1: not a record; -2: the database failed (try again later). */
static int parse_line(sqlite3 *db, const char *line, size_t n, struct parsed *p)
{
	sqlite3_stmt *st;
	const char *table = NULL;
	int rc, bad = 0;

	parsed_free(p);
	if (sqlite3_prepare_v2(db, "SELECT key, value, type FROM json_each(?1)", -1, &st, NULL) != SQLITE_OK)
		return -2;
	sqlite3_bind_text(st, 1, line, (int)n, SQLITE_STATIC);
	/* The table comes first in every line we write. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !bad) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *val = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		if (!key || !type || strcmp(type, "text") != 0 || !val) {
			bad = 1;
		} else if (!table) {
			table = strcmp(key, "table") == 0 ? key : NULL;
			for (int t = 0; t < NTABLES && table; t++)
				if (strcmp(val, tables[t].name) == 0)
					p->r.t = &tables[t];
			bad = !p->r.t;
			table = "";
		} else {
			bad = set_col(p, key, val, sqlite3_column_bytes(st, 1)) != 0;
		}
	}
	sqlite3_finalize(st);
	if (bad || rc != SQLITE_DONE || !p->r.t || !p->r.f[C_UUID].p || !is_uuid(p->r.f[C_UUID].p))
		return -1;
	return 0;
}

/* Writes every parseable spool line in one transaction.  A line that can
 * never go in (not a record, another user's name, a CHECK failing) moves to
 * the rejected file for a person to look at; any other failure leaves the
 * spool as it was. */
static int flush_lines(struct inq_log *log, char *text, size_t len, struct buf *rej, struct err *err)
{
	struct parsed p = { 0 };
	char *line = text, *end = text + len;
	int rc = SQLITE_OK;

	if (begin_write(log, err))
		return -1;
	while (line < end && rc == SQLITE_OK) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		int parsed = n > 0 ? parse_line(log->db, line, n, &p) : -1;
		bool ok = parsed == 0;
		if (parsed == -2) {
			rc = sqlite3_extended_errcode(log->db);
			rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
			break;
		}
		if (ok) {
			const char *op = p.r.f[p.r.t->opcol].p;
			ok = strcmp(op ? op : "", log->operator) == 0;
		}
		if (ok && db_put(log->db, &p.r, &rc) < 0 && (rc & 0xff) == SQLITE_CONSTRAINT) {
			ok = false;
			rc = SQLITE_OK;
		}
		if (!ok && n > 0) {
			buf_add(rej, line, n);
			buf_add(rej, "\n", 1);
		}
		line += n + 1;
	}
	parsed_free(&p);
	if (rc != SQLITE_OK || commit(log) != SQLITE_OK) {
		db_fail(NULL, log->db, err);
		rollback(log);
		db_close(log);
		return -1;
	}
	return 0;
}

static int read_all(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(b, chunk, (size_t)n);
	return n < 0 || b->oom ? -1 : 0;
}

static long flush(struct inq_log *log, struct err *err)
{
	struct buf text = { 0 }, rej = { 0 };
	struct stat st;
	long left;
	int fd;

	if (stat(log->spool, &st) != 0 || st.st_size == 0)
		return 0;
	fd = open_private(log->spool, O_RDWR);
	if (fd < 0)
		return err_set(err, "%s: %s", log->spool, strerror(errno));
	if (lock_within(fd, log->busy_ms) != 0 || read_all(fd, &text)) {
		err_set(err, "%s: %s", log->spool, text.oom ? "out of memory" : spool_why(errno));
		goto fail;
	}
	if (text.n == 0) {
		close(fd);
		free(text.p);
		return 0;
	}
	if (db_connect(log, err) || flush_lines(log, text.p, text.n, &rej, err))
		goto fail;
	if (rej.n && append_lines(log->rejected, rej.p, rej.n, log->busy_ms)) {
		err_set(err, "%s: %s", log->rejected, strerror(errno));
		goto fail;
	}
	/* Committed: only now may the spool forget its lines. */
	if (ftruncate(fd, 0) != 0 || fsync(fd) != 0) {
		err_set(err, "%s: %s", log->spool, strerror(errno));
		goto fail;
	}
	close(fd);
	free(text.p);
	free(rej.p);
	return 0;
fail:
	close(fd);
	free(text.p);
	free(rej.p);
	left = inq_pending(log);
	return left > 0 ? left : -1;
}

long inq_flush(struct inq_log *log, struct err *err)
{
	mode_t old = umask(007);
	bool mine = deadline_begin(log);
	long left = flush(log, err);

	deadline_end(log, mine);
	umask(old);
	if (left)
		err_prefix(err, "%s", log->path);
	return left;
}

/* ------------------------------------------------------------------ */
/* Opening */

static const char *state_dir(char *buf, size_t size)
{
	const char *x = getenv("XDG_STATE_HOME");
	const char *home = paths_home();

	if (x && x[0] == '/') {
		snprintf(buf, size, "%s/madoguchi", x);
		return buf;
	}
	if (!home)
		return NULL;
	snprintf(buf, size, "%s/.local/state/madoguchi", home);
	return buf;
}

const char *inq_default_spool_dir(char *buf, size_t size)
{
	return state_dir(buf, size);
}

const char *inq_default_path(char *buf, size_t size)
{
	char dir[PATH_MAX];

	if (!state_dir(dir, sizeof dir))
		return NULL;
	if (snprintf(buf, size, "%s/inquiry.db", dir) >= (int)size)
		return NULL;
	return buf;
}

static void whoami(struct inq_log *log)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name)
		snprintf(log->operator, sizeof log->operator, "%s", pw->pw_name);
	else
		snprintf(log->operator, sizeof log->operator, "uid%ld", (long)geteuid());
	if (gethostname(log->host, sizeof log->host) != 0)
		snprintf(log->host, sizeof log->host, "unknown");
	log->host[sizeof log->host - 1] = '\0';
}

/* The spool is named after the user and the log (its absolute path), so
 * entries meant for one log never land in another. */
static int spool_paths(struct inq_log *log, const char *dir, struct err *err)
{
	char abs[PATH_MAX], cwd[PATH_MAX], name[PATH_MAX + 64];
	unsigned char h[8];
	char hx[17];

	int n;

	if (log->path[0] == '/')
		n = snprintf(abs, sizeof abs, "%s", log->path);
	else if (getcwd(cwd, sizeof cwd))
		n = snprintf(abs, sizeof abs, "%s/%s", cwd, log->path);
	else
		return err_set(err, "cannot find the current directory: %s", strerror(errno));
	if (n >= (int)sizeof abs)
		return err_set(err, "%s: the path is too long", log->path);
	crypto_generichash(h, sizeof h, (const unsigned char *)abs, strlen(abs), NULL, 0);
	hex(h, sizeof h, hx);
	snprintf(name, sizeof name, "%s/spool-%s-%s.jsonl", dir, log->operator, hx);
	log->spool = strdup(name);
	snprintf(name, sizeof name, "%s/rejected-%s-%s.jsonl", dir, log->operator, hx);
	log->rejected = strdup(name);
	return log->spool && log->rejected ? 0 : err_set(err, "out of memory");
}

int inq_open(const struct inq_config *cfg, struct inq_log **out, struct err *err)
{
	char def[PATH_MAX], dir[PATH_MAX];
	const char *path = cfg->path, *spool_dir = cfg->spool_dir;
	struct inq_log *log;
	struct err ignored;

	*out = NULL;
	if (sodium_init() < 0)
		return err_set(err, "libsodium cannot start");
	signal(SIGXFSZ, SIG_IGN);
	if (!path || !*path) {
		path = inq_default_path(def, sizeof def);
		if (!path)
			return err_set(err, _("no log set (--log, MADOGUCHI_LOG) and no home directory"));
		/* The demo's own log: its directory is ours to make. */
		if (dir_of(path, dir, sizeof dir) == 0)
			mkdirs(dir, 0700);
	}
	if (!spool_dir || !*spool_dir)
		spool_dir = state_dir(dir, sizeof dir);
	if (!spool_dir)
		return err_set(err, _("no spool directory (--spool-dir) and no home directory"));
	log = calloc(1, sizeof *log);
	if (!log)
		return err_set(err, "out of memory");
	log->queue_fd = -1;
	log->busy_ms = cfg->busy_ms > 0 ? cfg->busy_ms : INQ_BUSY_MS;
	log->write_ahead = cfg->write_ahead;
	log->path = strdup(path);
	log->vfs = cfg->vfs ? strdup(cfg->vfs) : NULL;
	whoami(log);
	if (!log->path || (cfg->vfs && !log->vfs) || spool_paths(log, spool_dir, err)) {
		inq_close(log);
		return err_set(err, "out of memory");
	}
	inq_flush(log, &ignored);
	*out = log;
	return 0;
}

void inq_close(struct inq_log *log)
{
	if (!log)
		return;
	db_close(log);
	if (log->queue_fd >= 0)
		close(log->queue_fd);
	free(log->path);
	free(log->spool);
	free(log->rejected);
	free(log->vfs);
	free(log);
}

const char *inq_path(const struct inq_log *log) { return log->path; }
const char *inq_spool_path(const struct inq_log *log) { return log->spool; }
const char *inq_operator(const struct inq_log *log) { return log->operator; }

/* ------------------------------------------------------------------ */
/* Appending */

int inq_entry_check(const struct inq_entry *e, struct err *err)
{
	static const char *const states[] = { "saved", "interrupted", NULL };

	if (e->uuid[0] && !is_uuid(e->uuid))
		return err_set(err, "uuid '%s' is not a lower-case UUID", e->uuid);
	if ((e->started_at[0] && !is_time(e->started_at)) || (e->ended_at[0] && !is_time(e->ended_at)))
		return err_set(err, "times must look like 2026-11-27T03:15:54.123Z");
	if (!e->disposition || !code_ok(e->disposition))
		return err_set(err, "disposition '%s' is not a code (a-z, 0-9, _)",
			       e->disposition ? e->disposition : "");
	if (e->match && !one_of(e->match, levels))
		return err_set(err, "match level '%s': use verified, ambiguous, partial or none", e->match);
	if (e->state && !one_of(e->state, states))
		return err_set(err, "state '%s': use saved or interrupted", e->state);
	if (e->factors && !list_ok(e->factors, kind_ok))
		return err_set(err, "factors '%s': give kinds separated by commas "
			       "(kana, name, date, phone, email, postal)", e->factors);
	if (e->faq && !list_ok(e->faq, faq_ok))
		return err_set(err, "faq '%s': give entry numbers separated by commas, like 7,13", e->faq);
	if (short_text("ref", e->ref, 64, err) || short_text("snapshot id", e->snapshot_id, 128, err))
		return -1;
	if (e->note && count_chars(e->note) > INQ_NOTE_MAX)
		return err_set(err, "the note has %zu characters; the limit is %d: shorten it",
			       count_chars(e->note), INQ_NOTE_MAX);
	return 0;
}

static enum inq_status put(struct inq_log *log, const struct rec *r, struct err *err)
{
	struct err dberr, sperr;
	long pending;
	int rc;

	/* Older entries first: the spool keeps the order they were made in. */
	if (flush(log, &dberr) == 0) {
		rc = db_append(log, r, &dberr);
		if (rc >= 0)
			return (enum inq_status)rc;
	}
	if (spool_write(log, r, &sperr)) {
		err_set(err, _("the log %s cannot be written (%s), nor the spool (%s): "
			"the entry is NOT saved"), log->path, dberr.msg, sperr.msg);
		return INQ_ERROR;
	}
	pending = inq_pending(log);
	err_set(err, _("the log %s cannot be written (%s); the entry is kept in %s and will "
		"be written with the next save (%ld pending)"), log->path, dberr.msg, log->spool,
		pending);
	return INQ_SPOOLED;
}

/* Write-ahead: the entry is in the spool (fsync'd) before the log is
 * touched, so a process killed at any later moment, even after COMMIT but
 * before it learned of it, leaves it to the next flush, which writes it
 * once (UUIDs). */
static enum inq_status put_ahead(struct inq_log *log, const struct rec *r, struct err *err)
{
	struct err dberr;

	if (spool_write(log, r, &dberr))
		return put(log, r, err);
	if (flush(log, &dberr) == 0)
		return INQ_WRITTEN;
	err_set(err, _("the log %s cannot be written (%s); the entry is kept in %s and will "
		"be written with the next save (%ld pending)"), log->path, dberr.msg, log->spool,
		inq_pending(log));
	return INQ_SPOOLED;
}

/* SQLite makes a missing -wal or -shm with open(2) under the process's
 * umask and only then fchmods it to the log's mode: under umask 077 another
 * operator opening it in that instant would be refused.  So every write
 * runs under umask 007 (the spool sets its own 0600). */
static enum inq_status put_masked(struct inq_log *log, const struct rec *r, struct err *err)
{
	mode_t old = umask(007);
	bool mine = deadline_begin(log);
	enum inq_status st = log->write_ahead ? put_ahead(log, r, err) : put(log, r, err);

	deadline_end(log, mine);
	umask(old);
	return st;
}

enum inq_status inq_append(struct inq_log *log, struct inq_entry *e, struct err *err)
{
	struct rec r = { .t = &tables[INQ_CALLS] };

	if (inq_entry_check(e, err))
		return INQ_ERROR;
	stamp(e->uuid, e->started_at);
	if (!e->ended_at[0])
		now_iso(e->ended_at);
	r.f[0] = fstr(e->uuid);
	r.f[1] = fstr(e->started_at);
	r.f[2] = fstr(e->ended_at);
	r.f[3] = fstr(log->operator);
	r.f[4] = fstr(log->host);
	r.f[5] = fstr(e->snapshot_id);
	r.f[6] = fstr(e->match);
	r.f[7] = fstr(e->ref);
	r.f[8] = fstr(e->factors);
	r.f[9] = fstr(e->faq);
	r.f[10] = fstr(e->disposition);
	r.f[11] = fstr(e->escalate ? "1" : "0");
	r.f[12] = fstr(e->note);
	r.f[13] = fstr(e->state ? e->state : "saved");
	r.f[14] = fstr(NULL);
	return put_masked(log, &r, err);
}

int inq_event_check(const struct inq_event *ev, struct err *err)
{
	if (ev->uuid[0] && !is_uuid(ev->uuid))
		return err_set(err, "uuid '%s' is not a lower-case UUID", ev->uuid);
	if (ev->at[0] && !is_time(ev->at))
		return err_set(err, "times must look like 2026-11-27T03:15:54.123Z");
	if (!ev->verdict || !one_of(ev->verdict, levels))
		return err_set(err, "verdict '%s': use verified, ambiguous, partial or none",
			       ev->verdict ? ev->verdict : "");
	if (ev->call_uuid && !is_uuid(ev->call_uuid))
		return err_set(err, "call uuid '%s' is not a lower-case UUID", ev->call_uuid);
	return short_text("snapshot id", ev->snapshot_id, 128, err);
}

enum inq_status inq_event_append(struct inq_log *log, struct inq_event *ev, struct err *err)
{
	struct rec r = { .t = &tables[INQ_LOOKUPS] };

	if (inq_event_check(ev, err))
		return INQ_ERROR;
	stamp(ev->uuid, ev->at);
	r.f[0] = fstr(ev->uuid);
	r.f[1] = fstr(ev->at);
	r.f[2] = fstr(log->operator);
	r.f[3] = fstr(log->host);
	r.f[4] = fstr(ev->snapshot_id);
	r.f[5] = fstr(ev->verdict);
	r.f[6] = fstr(ev->call_uuid);
	r.f[7] = fstr(NULL);
	return put_masked(log, &r, err);
}

static const char *const access_actions[] = { "review", "log stats", "log export", NULL };
static const char *const access_outcomes[] = { "allowed", "refused", NULL };

int inq_access_check(const struct inq_access *a, struct err *err)
{
	if (a->uuid[0] && !is_uuid(a->uuid))
		return err_set(err, "uuid '%s' is not a lower-case UUID", a->uuid);
	if (a->at[0] && !is_time(a->at))
		return err_set(err, "times must look like 2026-11-27T03:15:54.123Z");
	if (!a->action || !one_of(a->action, access_actions))
		return err_set(err, "access action '%s': use review, log stats or log export",
			       a->action ? a->action : "");
	if (!a->outcome || !one_of(a->outcome, access_outcomes))
		return err_set(err, "access outcome '%s': use allowed or refused",
			       a->outcome ? a->outcome : "");
	return 0;
}

enum inq_status inq_access_append(struct inq_log *log, struct inq_access *a, struct err *err)
{
	struct rec r = { .t = &tables[INQ_ACCESS] };

	if (inq_access_check(a, err))
		return INQ_ERROR;
	stamp(a->uuid, a->at);
	r.f[0] = fstr(a->uuid);
	r.f[1] = fstr(a->at);
	r.f[2] = fstr(log->operator);
	r.f[3] = fstr(log->host);
	r.f[4] = fstr(a->action);
	r.f[5] = fstr(a->outcome);
	r.f[6] = fstr(NULL);
	return put_masked(log, &r, err);
}

/* ------------------------------------------------------------------ */
/* Reading */

/* Only the conditions given are written into the query: "(?1 IS NULL OR
 * started_at >= ?1)" cannot use the time index, and an export of one day
 * read the whole log. */
static sqlite3_stmt *select_rows(sqlite3 *db, const struct tdesc *t, const struct inq_filter *f)
{
	char sql[1024];
	size_t n;
	sqlite3_stmt *st;

	n = (size_t)snprintf(sql, sizeof sql, "SELECT seq");
	for (int i = 0; i < t->ncols; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", t->cols[i]);
	n += (size_t)snprintf(sql + n, sizeof sql - n, ", prev_hash, hash FROM %s WHERE 1", t->name);
	if (f && f->since)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND %s >= ?1", t->timecol);
	if (f && f->until)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND %s < ?2", t->timecol);
	if (f && f->operator)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND operator = ?3");
	snprintf(sql + n, sizeof sql - n, " ORDER BY seq");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (f && f->since)
		sqlite3_bind_text(st, 1, f->since, -1, SQLITE_STATIC);
	if (f && f->until)
		sqlite3_bind_text(st, 2, f->until, -1, SQLITE_STATIC);
	if (f && f->operator)
		sqlite3_bind_text(st, 3, f->operator, -1, SQLITE_STATIC);
	return st;
}

/* The columns of a row of select_rows(): seq, data…, prev_hash, hash. */
struct rowbuf {
	const char *names[MAX_COLS + 3];
	const char *values[MAX_COLS + 3];
	int lens[MAX_COLS + 3];
	struct inq_row row;
};

static void row_fill(sqlite3_stmt *st, const struct tdesc *t, struct rowbuf *rb)
{
	int n = t->ncols + 3;

	for (int i = 0; i < n; i++) {
		rb->names[i] = i == 0 ? "seq" : i <= t->ncols ? t->cols[i - 1]
			     : i == t->ncols + 1 ? "prev_hash" : "hash";
		rb->values[i] = (const char *)sqlite3_column_text(st, i);
		rb->lens[i] = sqlite3_column_bytes(st, i);
	}
	rb->row = (struct inq_row){ n, rb->names, rb->values, rb->lens };
}

int inq_each(const char *path, enum inq_table which, const struct inq_filter *f,
	     inq_each_fn fn, void *ctx, struct err *err)
{
	const struct tdesc *t = &tables[which];
	struct rowbuf rb;
	sqlite3_stmt *st;
	sqlite3 *db = db_open_ro(path, err);
	int rc;

	if (!db)
		return -1;
	if (!has_table(db, t)) {
		sqlite3_close_v2(db);
		return 0;
	}
	st = select_rows(db, t, f);
	if (!st) {
		err_set(err, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close_v2(db);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_fill(st, t, &rb);
		if (fn(&rb.row, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err_set(err, "%s: %s (%s)", path, why(rc), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* A record from a row of select_rows() (pointers into the statement). */
static void rec_from_row(sqlite3_stmt *st, const struct tdesc *t, struct rec *r)
{
	r->t = t;
	for (int i = 0; i < t->ncols; i++) {
		const char *p = (const char *)sqlite3_column_text(st, i + 1);
		r->f[i] = (struct field){ p, p ? (size_t)sqlite3_column_bytes(st, i + 1) : 0 };
	}
}

static int verify_table(sqlite3 *db, const struct tdesc *t, long *count, struct inq_verify *v)
{
	char prev[HASH_HEX + 1], h[HASH_HEX + 1];
	sqlite3_stmt *st = select_rows(db, t, NULL);
	int64_t last = 0;
	struct rec r;
	int rc = SQLITE_DONE;

	if (!st)
		return SQLITE_ERROR;
	memcpy(prev, zero_hash, sizeof prev);
	while (v->ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *uuid = (const char *)sqlite3_column_text(st, 1);
		const char *ph = (const char *)sqlite3_column_text(st, t->ncols + 1);
		const char *hh = (const char *)sqlite3_column_text(st, t->ncols + 2);
		rec_from_row(st, t, &r);
		if (seq != last + 1) {
			snprintf(v->problem, sizeof v->problem,
				 "%s: gap before row %lld: row %lld is missing (deleted?)", t->name,
				 (long long)seq, (long long)last + 1);
			v->ok = false;
		} else if (!ph || strcmp(ph, prev) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 "%s row %lld (%s): it does not follow row %lld (that row was edited or replaced?)",
				 t->name, (long long)seq, uuid ? uuid : "?", (long long)last);
			v->ok = false;
		} else if (rec_hash(&r, seq, ph, h) || !hh || strcmp(h, hh) != 0) {
			snprintf(v->problem, sizeof v->problem,
				 "%s row %lld (%s): its hash does not match its contents (edited?)",
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
static int verify_head(sqlite3 *db, const struct tdesc *t, long count, struct inq_verify *v)
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
			 "%s: the chain ends at row %lld but the last row is %ld (rows deleted at the end?)",
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
			 "%s row %ld: it is not the row the chain ends with (replaced?)", t->name, count);
		v->ok = false;
	}
	sqlite3_finalize(st);
	return SQLITE_OK;
}

bool inq_is_log(const char *path)
{
	struct err ignored;
	sqlite3 *db = db_open_ro(path, &ignored);
	sqlite3_stmt *st;
	bool yes = false;

	if (!db)
		return false;
	if (has_schema(db) && sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
						  " AND name IN ('inquiry', 'lookup', 'chain')",
						  -1, &st, NULL) == SQLITE_OK) {
		yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 3;
		sqlite3_finalize(st);
	}
	sqlite3_close_v2(db);
	return yes;
}

/* Every chain and its head, inside the caller's read transaction. */
static int verify_db(sqlite3 *db, struct inq_verify *v)
{
	long *counts[NTABLES];
	int rc = SQLITE_OK;

	memset(v, 0, sizeof *v);
	v->ok = true;
	counts[INQ_CALLS] = &v->calls;
	counts[INQ_LOOKUPS] = &v->lookups;
	counts[INQ_ACCESS] = &v->access;
	for (int t = 0; t < NTABLES && v->ok && rc == SQLITE_OK; t++) {
		if (!has_table(db, &tables[t]))
			continue;
		rc = verify_table(db, &tables[t], counts[t], v);
		if (rc == SQLITE_OK && v->ok)
			rc = verify_head(db, &tables[t], *counts[t], v);
	}
	return rc;
}

int inq_verify_log(const char *path, struct inq_verify *v, struct err *err)
{
	sqlite3 *db = db_open_ro(path, err);
	int rc = SQLITE_OK;

	memset(v, 0, sizeof *v);
	v->ok = true;
	if (!db)
		return -1;
	/* One read transaction: every chain and its head as of one moment. */
	if (has_schema(db) && exec(db, "BEGIN") == SQLITE_OK) {
		rc = verify_db(db, v);
		/* The message now: COMMIT would replace it. */
		if (rc != SQLITE_OK)
			err_set(err, "%s: %s (%s)", path, why(rc), sqlite3_errmsg(db));
		exec(db, "COMMIT");
	}
	if (rc != SQLITE_OK) {
		sqlite3_close_v2(db);
		return -1;
	}
	sqlite3_close_v2(db);
	return 0;
}

/* Rows of one table of src not in log->db (by UUID), appended in order. */
static int merge_table(struct inq_log *log, sqlite3 *src, const struct tdesc *t, long *added)
{
	sqlite3_stmt *st = select_rows(src, t, NULL);
	int rc = SQLITE_OK, step = SQLITE_DONE;
	struct rec r;

	if (!st)
		return sqlite3_errcode(src);
	while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, t->ncols + 2);
		rec_from_row(st, t, &r);
		/* Provenance: the hash this row had where it was first written. */
		if (!r.f[t->ncols - 1].p)
			r.f[t->ncols - 1] = fstr(hash);
		if (db_put(log->db, &r, &rc) == 0)
			(*added)++;
	}
	if (rc == SQLITE_OK && step != SQLITE_DONE)
		rc = step;
	sqlite3_finalize(st);
	return rc;
}

static int merge(struct inq_log *log, const char *other, long *added, struct err *err);

int inq_merge(struct inq_log *log, const char *other, long *added, struct err *err)
{
	mode_t old = umask(007);
	bool mine = deadline_begin(log);
	int rc = merge(log, other, added, err);

	deadline_end(log, mine);
	umask(old);
	return rc;
}

static int merge(struct inq_log *log, const char *other, long *added, struct err *err)
{
	struct inq_verify v;
	sqlite3 *src;
	int rc = SQLITE_OK;

	*added = 0;
	src = db_open_ro(other, err);
	if (!src)
		return -1;
	if (!has_schema(src) || exec(src, "BEGIN") != SQLITE_OK) {
		sqlite3_close_v2(src);
		return 0;
	}
	/* Verified and copied in the same read transaction: rows added to
	 * other in between are neither copied unverified nor missed. */
	rc = verify_db(src, &v);
	if (rc != SQLITE_OK || !v.ok) {
		if (rc != SQLITE_OK)
			err_set(err, "%s: %s (%s)", other, why(rc), sqlite3_errmsg(src));
		else
			err_set(err, "%s does not verify (%s); nothing merged", other, v.problem);
		exec(src, "COMMIT");
		sqlite3_close_v2(src);
		return rc != SQLITE_OK ? -1 : 1;
	}
	if (db_connect(log, err)) {
		err_prefix(err, "%s", log->path);
		exec(src, "COMMIT");
		sqlite3_close_v2(src);
		return -2;
	}
	if (begin_write(log, err)) {
		exec(src, "COMMIT");
		sqlite3_close_v2(src);
		err_prefix(err, "%s", log->path);
		return -2;
	}
	for (int t = 0; t < NTABLES && rc == SQLITE_OK; t++)
		if (has_table(src, &tables[t]))
			rc = merge_table(log, src, &tables[t], added);
	exec(src, "COMMIT");
	sqlite3_close_v2(src);
	if (rc != SQLITE_OK || commit(log) != SQLITE_OK) {
		db_fail(NULL, log->db, err);
		err_prefix(err, "%s", log->path);
		rollback(log);
		db_close(log);
		*added = 0;
		return -2;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Disposition codes */

static int disp_line(struct inq_disps *ds, char *line, const char *path, int lineno, struct err *err)
{
	char *f[3], *save = NULL;
	struct inq_disp *grown;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	for (char *t = strtok_r(line, "\t", &save); t && n < 3; t = strtok_r(NULL, "\t", &save))
		f[n++] = t;
	if (n != 3 || !code_ok(f[0]))
		return err_set(err, "%s:%d: expected code<TAB>Japanese label<TAB>English label "
			       "(code: a-z, 0-9, _)", path, lineno);
	if (inq_disps_find(ds, f[0]))
		return err_set(err, "%s:%d: code '%s' appears twice", path, lineno, f[0]);
	grown = realloc(ds->d, (ds->n + 1) * sizeof *grown);
	if (!grown)
		return err_set(err, "out of memory");
	ds->d = grown;
	ds->d[ds->n] = (struct inq_disp){ strdup(f[0]), strdup(f[1]), strdup(f[2]) };
	if (!ds->d[ds->n].code || !ds->d[ds->n].label_ja || !ds->d[ds->n].label_en) {
		ds->n++;
		return err_set(err, "out of memory");
	}
	ds->n++;
	return 0;
}

int inq_disps_load(const char *path, struct inq_disps *out, struct err *err)
{
	char line[1024];
	int lineno = 0;
	FILE *f = fopen(path, "r");

	memset(out, 0, sizeof *out);
	if (!f)
		return err_set(err, "%s: cannot read the disposition codes: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (disp_line(out, line, path, lineno, err)) {
			fclose(f);
			inq_disps_free(out);
			return -1;
		}
	}
	fclose(f);
	if (out->n == 0)
		return err_set(err, "%s: no disposition codes", path);
	return 0;
}

void inq_disps_free(struct inq_disps *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->d[i].code);
		free(ds->d[i].label_ja);
		free(ds->d[i].label_en);
	}
	free(ds->d);
	memset(ds, 0, sizeof *ds);
}

const struct inq_disp *inq_disps_find(const struct inq_disps *ds, const char *code)
{
	for (size_t i = 0; i < ds->n; i++)
		if (strcmp(ds->d[i].code, code) == 0)
			return &ds->d[i];
	return NULL;
}

const char *inq_disp_label(const struct inq_disp *d, bool english)
{
	return english ? d->label_en : d->label_ja;
}
