#include "inq_conn.h"
#include "db.h"
#include "i18n.h"
#include "inq_read.h"
#include "inq_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

long inq_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

bool inq_deadline_begin(struct inq_log *log)
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

void inq_deadline_end(struct inq_log *log, bool mine)
{
	if (mine)
		log->timed = false;
}

/* Milliseconds left before the deadline (0 when past). */
static long ms_left(const struct inq_log *log)
{
	long ms = -inq_ms_since(&log->deadline);

	return ms > 0 ? ms : 0;
}

void inq_setup_nap(void)
{
	struct timespec nap = { 0, (1000 + (long)randombytes_uniform(2000)) * 1000 };

	nanosleep(&nap, NULL);
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
	ms = inq_ms_since(&log->busy_start);
	/* Every statement on the writer's connection runs inside an
	 * operation (inq_connect() starts one itself), so the deadline is
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

void inq_disconnect(struct inq_log *log)
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

/* The log's messages say the cause first and name no file: the caller
 * puts the log's path around them (src/db's db_fail names its own). */
int inq_db_fail(struct inq_log *log, sqlite3 *db, struct err *err)
{
	int rc = sqlite3_extended_errcode(db);
	const char *io = NULL;

	if (rc == SQLITE_OK) {
		/* The WAL sync after COMMIT (inq_commit()) failed: SQLite did not see it. */
		io = db_why_io(sqlite3_db_filename(db, "main"));
		err_set(err, _("%s (the disk did not confirm the write)"), io ? io : db_why(SQLITE_IOERR));
	} else {
		if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL)
			io = db_why_io(sqlite3_db_filename(db, "main"));
		err_set(err, "%s (%s)", io ? io : db_why(rc), sqlite3_errmsg(db));
	}
	if (log) {
		log->setup_rc = rc;
		inq_disconnect(log);
	}
	return -1;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The connection is its own statement cache.  A writer runs the same few
 * statements for every append, and parsing them each time was a good part
 * of the time it holds the write lock, while every other writer waits. */
int inq_prep(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	for (*st = sqlite3_next_stmt(db, NULL); *st; *st = sqlite3_next_stmt(db, *st))
		if (strcmp(sqlite3_sql(*st), sql) == 0 && !sqlite3_stmt_busy(*st))
			return SQLITE_OK;
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

int inq_unprep(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int inq_step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	return inq_unprep(st, rc == SQLITE_DONE ? SQLITE_OK : rc);
}

/* One statement without result rows, from the cache. */
static int run(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = inq_prep(db, sql, &st);

	return rc == SQLITE_OK ? inq_step_done(st) : rc;
}

/* Makes everything committed so far durable: syncs the WAL through the
 * connection's own file object (so a test VFS sees it, as it sees every
 * other write).  Done after COMMIT, outside the write lock: see
 * inq_commit(). */
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

/* A stopped process (Ctrl-Z) holding the lock must not hang every other
 * writer.  A blocking wait, not a polling one: the kernel wakes the
 * waiters the moment the lock is free, which is what lets fifty writers
 * take turns every few hundred microseconds.  A repeating interval timer
 * breaks the wait with EINTR; repeating, so that a tick falling between
 * the deadline check and flock() cannot leave it blocked for good.  The
 * handler does nothing: no signal handler here does more than return. */
int inq_lock_within(int fd, int ms)
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
	while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR && inq_ms_since(&t0) < ms)
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
 * the syncs overlap (inq_commit()).  Only an optimisation: when the file
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
	if (inq_lock_within(log->queue_fd, (int)ms_left(log)) != 0) {
		if (errno != EWOULDBLOCK)
			return 0;
		return err_set(err, _("%s (waited %d ms)"), db_why(SQLITE_BUSY), log->busy_ms);
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

/*
 * Durability is that of synchronous=FULL, reached another way.  FULL syncs
 * the WAL inside COMMIT, while the write lock is held, so fifty writers
 * queue for fifty disk flushes one after the other.  Here the connection
 * runs at NORMAL (WAL stays consistent after a power cut, SQLite's own
 * guarantee) and every write transaction syncs the WAL itself right after
 * COMMIT, with the lock already free: writers that commit meanwhile share
 * the same flush (group commit).  An append is reported written only after
 * its sync returned; a failed sync is a failed append (the entry is
 * spooled, and the UUID keeps the later flush from adding it twice).
 */
int inq_commit(struct inq_log *log)
{
	int rc = run(log->db, "COMMIT");

	queue_leave(log);
	return rc == SQLITE_OK ? wal_sync(log->db) : rc;
}

/* PRAGMA user_version on the writer's connection, from its cache. */
static int cached_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = inq_prep(db, "PRAGMA user_version", &st);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	return inq_unprep(st, rc);
}

static void rollback(struct inq_log *log)
{
	if (log->db && !sqlite3_get_autocommit(log->db))
		exec(log->db, "ROLLBACK");
	queue_leave(log);
}

int inq_abort(struct inq_log *log, struct err *err)
{
	inq_db_fail(NULL, log->db, err);
	rollback(log);
	inq_disconnect(log);
	return -1;
}

/* Brings the schema up to date, once, under the write lock.  A log newer
 * than this program is left alone (entries are spooled) rather than
 * written with a schema it does not know. */
static int schema_ensure(struct inq_log *log, struct err *err)
{
	sqlite3 *db = log->db;
	int v = 0;

	if (inq_user_version(db, &v) != SQLITE_OK)
		return inq_db_fail(log, db, err);
	if (v == INQ_SCHEMA_VERSION)
		return 0;
	if (v > INQ_SCHEMA_VERSION) {
		inq_disconnect(log);
		return inq_newer_err(v, err);
	}
	if (queue_enter(log, err)) {
		/* Closed, so that the next try migrates instead of finding an
		 * open connection to an old schema. */
		inq_disconnect(log);
		return -1;
	}
	if (exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		queue_leave(log);
		return inq_db_fail(log, db, err);
	}
	if (inq_user_version(db, &v) != SQLITE_OK || inq_schema_upgrade(db, &v) != SQLITE_OK ||
	    inq_commit(log) != SQLITE_OK) {
		log->setup_rc = sqlite3_extended_errcode(db);
		return inq_abort(log, err);
	}
	return 0;
}

int inq_begin_write(struct inq_log *log, struct err *err)
{
	int v = 0;

	if (queue_enter(log, err))
		return -1;
	if (run(log->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		queue_leave(log);
		return inq_db_fail(log, log->db, err);
	}
	if (cached_version(log->db, &v) != SQLITE_OK)
		return inq_abort(log, err);
	if (v != INQ_SCHEMA_VERSION) {
		rollback(log);
		inq_disconnect(log);
		if (v > INQ_SCHEMA_VERSION)
			return inq_newer_err(v, err);
		/* Older than this program (its file replaced by an older log, say):
		 * connecting again migrates it, once. */
		if (inq_connect(log, err))
			return -1;
		return inq_begin_write(log, err);
	}
	return 0;
}

/* The log file is made here, not by SQLite, so that it is 0660 whatever
 * the umask: the operators of a desk share it through a group, and the
 * -wal and -shm files SQLite makes later copy its mode. */
static int create_file(const char *path, struct err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);

	if (fd < 0) {
		if (errno == EEXIST && inq_is_dir(path))
			return err_set(err, "%s", inq_dir_given());
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

/* WAL mode, NORMAL sync (see inq_commit()), a bounded WAL. */
static int set_modes(struct inq_log *log, struct err *err)
{
	sqlite3_stmt *st;
	const char *mode;
	int rc;

	if (sqlite3_prepare_v2(log->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
		return inq_db_fail(log, log->db, err);
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (rc != SQLITE_ROW || !mode || strcmp(mode, "wal") != 0) {
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW) {
			inq_disconnect(log);
			return err_set(err, _("it cannot be switched to WAL mode (read-only?)"));
		}
		return inq_db_fail(log, log->db, err);
	}
	sqlite3_finalize(st);
	if (exec(log->db, "PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304") != SQLITE_OK)
		return inq_db_fail(log, log->db, err);
	return 0;
}

static int connect_once(struct inq_log *log, struct err *err)
{
	bool foreign = false;
	int rc;

	if (inq_network_fs(log->path))
		return err_set(err, _("it is on a network file system (%s); put the log on a local disk"),
			       inq_network_fs(log->path));
	if (create_file(log->path, err))
		return -1;
	rc = sqlite3_open_v2(log->path, &log->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			     log->vfs);
	if (rc != SQLITE_OK) {
		if (!log->db)
			return err_set(err, _("out of memory"));
		return inq_db_fail(log, log->db, err);
	}
	/* First, before any statement: after a crash the first statements meet
	 * WAL recovery in another process and must wait, not fail. */
	sqlite3_busy_handler(log->db, busy_cb, log);
	sqlite3_extended_result_codes(log->db, 1);
	/* Before anything writes: switching to WAL already rewrites the
	 * file's header. */
	if (inq_foreign_db(log->db, &foreign) != SQLITE_OK)
		return inq_db_fail(log, log->db, err);
	if (foreign) {
		inq_disconnect(log);
		return inq_foreign_err(err);
	}
	/* The queue's LOG-lock file beside it, only once it is a log. */
	queue_open(log);
	if (set_modes(log, err))
		return -1;
	return schema_ensure(log, err);
}

/* Set-up can meet SQLITE_BUSY without the busy handler being asked: when
 * another process closes the last connection to the log, SQLite
 * checkpoints it and deletes its WAL under an exclusive lock, and a
 * connection being set up at that moment is refused at once (seen as
 * "database is locked" from one `log add` among fifty at once).  Set-up
 * changes nothing that a second try would trip on, so it is tried again
 * until the deadline. */
int inq_connect(struct inq_log *log, struct err *err)
{
	bool mine;
	int rc;

	if (log->db)
		return 0;
	mine = inq_deadline_begin(log);
	for (;;) {
		log->setup_rc = SQLITE_OK;
		rc = connect_once(log, err);
		if (rc == 0 || (log->setup_rc & 0xff) != SQLITE_BUSY || ms_left(log) == 0)
			break;
		inq_setup_nap();
	}
	inq_deadline_end(log, mine);
	return rc;
}
