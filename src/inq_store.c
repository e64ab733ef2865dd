#include "inq_store.h"
#include "file.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_conn.h"
#include "inq_private.h"
#include "inq_schema.h"
#include "inq_spool.h"
#include "paths.h"

#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	paths_user(log->operator, sizeof log->operator);
	if (gethostname(log->host, sizeof log->host) != 0)
		snprintf(log->host, sizeof log->host, "unknown");
	log->host[sizeof log->host - 1] = '\0';
}

int inq_open(const struct inq_config *cfg, struct inq_log **out, struct err *err)
{
	char def[PATH_MAX], dir[PATH_MAX];
	const char *path = cfg->path, *spool_dir = cfg->spool_dir;
	struct inq_log *log;
	struct err ignored;

	*out = NULL;
	if (sodium_init() < 0)
		return err_set(err, _("libsodium cannot start"));
	signal(SIGXFSZ, SIG_IGN);
	if (!path || !*path) {
		path = inq_default_path(def, sizeof def);
		if (!path)
			return err_set(err, _("no log set (--log, MADOGUCHI_LOG) and no home directory"));
		/* The demo's own log: its directory is ours to make. */
		if (file_dir_of(path, dir, sizeof dir) == 0)
			file_mkdirs(dir, 0700, NULL, 0);
	}
	if (!spool_dir || !*spool_dir)
		spool_dir = state_dir(dir, sizeof dir);
	if (!spool_dir)
		return err_set(err, _("no spool directory (--spool-dir) and no home directory"));
	log = calloc(1, sizeof *log);
	if (!log)
		return err_set(err, _("out of memory"));
	log->queue_fd = -1;
	log->busy_ms = cfg->busy_ms > 0 ? cfg->busy_ms : INQ_BUSY_MS;
	log->write_ahead = cfg->write_ahead;
	log->on_head = cfg->on_head;
	log->on_head_ctx = cfg->on_head_ctx;
	log->path = strdup(path);
	log->vfs = cfg->vfs ? strdup(cfg->vfs) : NULL;
	whoami(log);
	if (!log->path || (cfg->vfs && !log->vfs) || inq_spool_paths(log, spool_dir, err)) {
		inq_close(log);
		return err_set(err, _("out of memory"));
	}
	inq_flush(log, &ignored);
	*out = log;
	return 0;
}

void inq_close(struct inq_log *log)
{
	if (!log)
		return;
	inq_disconnect(log);
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

/* One record in its own transaction (see inq_commit() for how it is made
 * durable).  INQ_WRITTEN, INQ_ALREADY or -1. */
static int db_append(struct inq_log *log, const struct inq_rec *r, struct err *err)
{
	int rc, put;

	if (inq_connect(log, err) || inq_begin_write(log, err))
		return -1;
	put = inq_chain_put(log, r, &rc);
	if (put < 0 || inq_commit(log) != SQLITE_OK)
		return inq_abort(log, err);
	return put == 1 ? INQ_ALREADY : INQ_WRITTEN;
}

static enum inq_status spooled(struct inq_log *log, const struct err *dberr, struct err *err)
{
	err_set(err, _("the log %s cannot be written (%s); the entry is kept in %s and will "
		       "be written with the next save (%ld pending)"), log->path, dberr->msg, log->spool,
		inq_pending(log));
	return INQ_SPOOLED;
}

static enum inq_status put(struct inq_log *log, const struct inq_rec *r, struct err *err)
{
	struct err dberr, sperr;
	int rc;

	/* Older entries first: the spool keeps the order they were made in. */
	if (inq_spool_flush(log, &dberr) == 0) {
		rc = db_append(log, r, &dberr);
		if (rc >= 0)
			return (enum inq_status)rc;
	}
	if (inq_spool_write(log, r, &sperr)) {
		err_set(err, _("the log %s cannot be written (%s), nor the spool (%s): "
			       "the entry is NOT saved"), log->path, dberr.msg, sperr.msg);
		return INQ_ERROR;
	}
	return spooled(log, &dberr, err);
}

/* Write-ahead: the entry is in the spool (fsync'd) before the log is
 * touched, so a process killed at any later moment, even after COMMIT but
 * before it learned of it, leaves it to the next flush, which writes it
 * once (UUIDs). */
static enum inq_status put_ahead(struct inq_log *log, const struct inq_rec *r, struct err *err)
{
	struct err dberr;

	if (inq_spool_write(log, r, &dberr))
		return put(log, r, err);
	if (inq_spool_flush(log, &dberr) == 0)
		return INQ_WRITTEN;
	return spooled(log, &dberr, err);
}

/* SQLite makes a missing -wal or -shm with open(2) under the process's
 * umask and only then fchmods it to the log's mode: under umask 077 another
 * operator opening it in that instant would be refused.  So every write
 * runs under umask 007 (the spool sets its own 0600). */
static enum inq_status put_masked(struct inq_log *log, const struct inq_rec *r, struct err *err)
{
	mode_t old = umask(007);
	bool mine = inq_deadline_begin(log);
	enum inq_status st = log->write_ahead ? put_ahead(log, r, err) : put(log, r, err);

	inq_deadline_end(log, mine);
	umask(old);
	return st;
}

/* Fills a record's UUID and time when the caller left them empty. */
static void stamp(char uuid[INQ_UUID_LEN + 1], char at[INQ_TIME_LEN + 1])
{
	if (!uuid[0])
		stamp_uuid(uuid);
	if (!at[0])
		stamp_now(at);
}

/* The fields every record has after its own: who and where. */
static void who(struct inq_rec *r, int at, const struct inq_log *log)
{
	r->f[at] = inq_fstr(log->operator);
	r->f[at + 1] = inq_fstr(log->host);
}

enum inq_status inq_append(struct inq_log *log, struct inq_entry *e, struct err *err)
{
	struct inq_rec r = { .t = &inq_tables[INQ_CALLS] };
	char salt[INQ_SALT_HEX + 1];

	if (inq_entry_check(e, err))
		return INQ_ERROR;
	stamp(e->uuid, e->started_at);
	if (!e->ended_at[0])
		stamp_now(e->ended_at);
	r.f[0] = inq_fstr(e->uuid);
	r.f[1] = inq_fstr(e->started_at);
	r.f[2] = inq_fstr(e->ended_at);
	who(&r, 3, log);
	r.f[5] = inq_fstr(e->snapshot_id);
	r.f[6] = inq_fstr(e->match);
	r.f[7] = inq_fstr(e->ref);
	r.f[8] = inq_fstr(e->factors);
	r.f[9] = inq_fstr(e->faq);
	r.f[10] = inq_fstr(e->disposition);
	r.f[11] = inq_fstr(e->escalate ? "1" : "0");
	r.f[12] = inq_fstr(e->note);
	r.f[13] = inq_fstr(e->state ? e->state : "saved");
	r.f[14] = inq_fstr(NULL);
	/* The note's salt is made now, so that a spooled call is chained
	 * later exactly as it would have been now (src/inq_chain). */
	if (e->note) {
		inq_note_salt(salt);
		r.salt = inq_fstr(salt);
	}
	return put_masked(log, &r, err);
}

enum inq_status inq_event_append(struct inq_log *log, struct inq_event *ev, struct err *err)
{
	struct inq_rec r = { .t = &inq_tables[INQ_LOOKUPS] };

	if (inq_event_check(ev, err))
		return INQ_ERROR;
	stamp(ev->uuid, ev->at);
	r.f[0] = inq_fstr(ev->uuid);
	r.f[1] = inq_fstr(ev->at);
	who(&r, 2, log);
	r.f[4] = inq_fstr(ev->snapshot_id);
	r.f[5] = inq_fstr(ev->verdict);
	r.f[6] = inq_fstr(ev->call_uuid);
	r.f[7] = inq_fstr(NULL);
	return put_masked(log, &r, err);
}

enum inq_status inq_access_append(struct inq_log *log, struct inq_access *a, struct err *err)
{
	struct inq_rec r = { .t = &inq_tables[INQ_ACCESS] };

	if (inq_access_check(a, err))
		return INQ_ERROR;
	stamp(a->uuid, a->at);
	r.f[0] = inq_fstr(a->uuid);
	r.f[1] = inq_fstr(a->at);
	who(&r, 2, log);
	r.f[4] = inq_fstr(a->action);
	r.f[5] = inq_fstr(a->outcome);
	r.f[6] = inq_fstr(NULL);
	return put_masked(log, &r, err);
}

int inq_count_lookups(struct inq_log *log, const char *since, long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM lookup"
		" WHERE operator = ?1 AND at >= ?2 AND verdict <> 'refused'";
	bool mine = inq_deadline_begin(log);
	long pending = inq_pending(log);
	sqlite3_stmt *st;
	struct err ignored;

	*n = 0;
	if (pending < 0) {
		inq_deadline_end(log, mine);
		return err_set(err, _("the spool %s cannot be read"), log->spool);
	}
	/* The log's count is the recent past; a log that cannot be read
	 * leaves the spool, where this operator's events then are. */
	if (inq_connect(log, &ignored) == 0 && inq_prep(log->db, sql, &st) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, log->operator, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			*n = (long)sqlite3_column_int64(st, 0);
		inq_unprep(st, SQLITE_OK);
	}
	inq_deadline_end(log, mine);
	*n += pending;
	return 0;
}
