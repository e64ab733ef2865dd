#include "inq_spool.h"
#include "buf.h"
#include "file.h"
#include "hex.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_conn.h"
#include "inq_schema.h"
#include "json.h"
#include "who.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

/* The spool is named after the user and the log (its absolute path), so
 * entries meant for one log never land in another. */
int inq_spool_paths(struct inq_log *log, const char *dir, struct err *err)
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
		return err_set(err, _("cannot find the current directory: %s"), strerror(errno));
	if (n >= (int)sizeof abs)
		return err_set(err, _("%s: the path is too long"), log->path);
	crypto_generichash(h, sizeof h, (const unsigned char *)abs, strlen(abs), NULL, 0);
	hex_encode(h, sizeof h, hx);
	snprintf(name, sizeof name, "%s/spool-%s-%s.jsonl", dir, log->operator, hx);
	log->spool = strdup(name);
	snprintf(name, sizeof name, "%s/rejected-%s-%s.jsonl", dir, log->operator, hx);
	log->rejected = strdup(name);
	return log->spool && log->rejected ? 0 : err_set(err, _("out of memory"));
}

/* A value goes as JSON text when it is UTF-8 without NUL (json_str keeps
 * its bytes then: controls are escaped, never replaced), else in hex. */
static void field_json(struct buf *b, const char *name, const struct inq_field *f)
{
	if (!f->p)
		return;
	buf_str(b, ",\"");
	buf_str(b, name);
	if (u8_check((const uint8_t *)f->p, f->n) == NULL && !memchr(f->p, 0, f->n)) {
		buf_str(b, "\":");
		json_str(b, f->p, f->n);
	} else {
		char *h = malloc(2 * f->n + 1);

		if (!h) {
			b->oom = true;
			return;
		}
		hex_encode(f->p, f->n, h);
		buf_str(b, "_hex\":\"");
		buf_str(b, h);
		buf_str(b, "\"");
		free(h);
	}
}

/* The line carries what the row is chained with: its data columns and,
 * for a call, its note's salt (made when the call was saved; the flush
 * computes note_hash from it).  A line of an older program has no salt:
 * the flush makes one. */
static void rec_json(const struct inq_rec *r, struct buf *b)
{
	buf_str(b, "{\"table\":");
	json_str(b, r->t->name, strlen(r->t->name));
	for (int i = 0; i < r->t->ncols; i++)
		field_json(b, r->t->cols[i], &r->f[i]);
	field_json(b, "note_salt", &r->salt);
	buf_str(b, "}\n");
}

/* Opens a spool-like file of ours: a regular file owned by us, 0600. */
static int open_private(const char *path, int flags)
{
	struct stat st;
	int fd = open(path, (flags & ~O_CREAT) | O_NOFOLLOW | O_CLOEXEC);

	/* Made new (O_EXCL) when missing: never opened through a link, nor
	 * taken over from someone who made it first. */
	if (fd < 0 && errno == ENOENT && (flags & O_CREAT))
		fd = open(path, flags | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	/* Made meanwhile by another process of this account: open it. */
	if (fd < 0 && errno == EEXIST)
		fd = open(path, (flags & ~O_CREAT) | O_NOFOLLOW | O_CLOEXEC);
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

/* Why a spool file could not be opened, saved errno first.  One that
 * another account owns is said with the way out: an earlier gate,
 * setgid only, ran as each operator and left their files theirs; the
 * gate now runs as the data account and cannot open them (0600). */
static int open_failed(const char *path, struct err *err)
{
	int e = errno;
	struct stat st;
	struct passwd *owner, *me;
	char them[64], us[64];

	if ((e != EACCES && e != EPERM) || lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid == geteuid())
		return err_set(err, "%s: %s", path, strerror(e));
	if ((owner = getpwuid(st.st_uid)))
		snprintf(them, sizeof them, "%s", owner->pw_name);
	else
		snprintf(them, sizeof them, "uid%ld", (long)st.st_uid);
	if ((me = getpwuid(geteuid())))
		snprintf(us, sizeof us, "%s", me->pw_name);
	else
		snprintf(us, sizeof us, "%ld", (long)geteuid());
	return err_set(err, _("%s belongs to %s, not to this account (%s), and cannot be used (a spool "
			      "an earlier install's gate left?); as root, run: chown %s %s"),
		       path, them, us, us, path);
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

/*
 * The spool's directory holds what could not be written yet: whoever else
 * can write to it can remove or replace those entries, and the log would
 * never know.  So it is the user's own and writable by nobody else; or it
 * is the gate's (src/gate): the data group's directory, set-group-ID and
 * closed to others (2770), where the gate, running as the data account,
 * keeps every operator's spool, each file its own (0600) and named by the
 * operator.  Outside the gate it must be root's or the user's own; in the
 * gate (who_privileged) it may be whoever's made it first (an older,
 * setgid-only gate ran as the operator), for no one but the data group's
 * processes can enter it.  Anything else is refused before an entry is
 * put there, and the entry is then reported NOT saved.
 */
static int dir_ok(const char *dir, struct err *err)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return err_set(err, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(err, _("the spool directory %s is not a directory; name a directory "
				      "(--spool-dir)"), dir);
	if (st.st_uid == geteuid() && !(st.st_mode & 022))
		return 0;
	if (st.st_gid == getegid() && (st.st_mode & S_ISGID) && !(st.st_mode & 007) &&
	    (st.st_uid == 0 || st.st_uid == geteuid() || who_privileged()))
		return 0;
	if (st.st_uid != geteuid())
		return err_set(err, _("the spool directory %s belongs to another user, who could "
				      "remove what is kept there; use a directory of your own (--spool-dir)"), dir);
	return err_set(err, _("the spool directory %s is writable by group or others, who could "
			      "remove what is kept there; run chmod 700 %s"), dir, dir);
}

/* Appends lines to a private file, durably, after any torn last line,
 * in a directory fit for it (dir_ok).  0, or -1 with err. */
static int append_lines(const char *path, const char *p, size_t n, int ms, struct err *err)
{
	char dir[PATH_MAX], last = '\n';
	struct stat st;
	int fd;

	if (file_dir_of(path, dir, sizeof dir) || file_mkdirs(dir, 0700, NULL, 0))
		return err_set(err, "%s: %s", path, strerror(errno));
	if (dir_ok(dir, err))
		return -1;
	fd = open_private(path, O_RDWR | O_CREAT | O_APPEND);
	if (fd < 0)
		return open_failed(path, err);
	if (inq_lock_within(fd, ms) != 0 || fstat(fd, &st) != 0)
		goto fail;
	/* A line cut short by a crash must not swallow the next one. */
	if (st.st_size > 0 && (pread(fd, &last, 1, st.st_size - 1) != 1))
		goto fail;
	if ((last != '\n' && file_write_all(fd, "\n", 1)) || file_write_all(fd, p, n) || fsync(fd))
		goto fail;
	close(fd);
	if (st.st_size == 0)
		file_fsync_dir(path);
	return 0;
fail:
	err_set(err, "%s: %s", path, spool_why(errno));
	close(fd);
	return -1;
}

int inq_spool_write(struct inq_log *log, const struct inq_rec *r, struct err *err)
{
	struct buf b = { 0 };
	int rc;

	rec_json(r, &b);
	if (b.oom) {
		buf_free(&b);
		return err_set(err, _("out of memory"));
	}
	rc = append_lines(log->spool, b.p, b.n, 2 * log->busy_ms, err);
	buf_free(&b);
	return rc;
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
 * live in vals until the next parse; the salt in the last one. */
struct parsed {
	struct inq_rec r;
	char *vals[INQ_MAX_COLS + 1];
};

static void parsed_free(struct parsed *p)
{
	for (int i = 0; i <= INQ_MAX_COLS; i++)
		free(p->vals[i]);
	memset(p, 0, sizeof *p);
}

/* Where the value of key (without "_hex") goes: a column, the salt, or
 * nowhere (NULL: not ours). */
static struct inq_field *slot(struct parsed *p, const char *key, size_t klen, char ***val)
{
	const struct inq_tdesc *t = p->r.t;

	for (int i = 0; i < t->ncols; i++) {
		if (strlen(t->cols[i]) == klen && strncmp(t->cols[i], key, klen) == 0) {
			*val = &p->vals[i];
			return &p->r.f[i];
		}
	}
	if (t->tag2 && klen == 9 && strncmp(key, "note_salt", 9) == 0) {
		*val = &p->vals[INQ_MAX_COLS];
		return &p->r.salt;
	}
	return NULL;
}

static int set_col(struct parsed *p, const char *key, const char *val, int n)
{
	size_t klen = strlen(key);
	bool is_hex = klen > 4 && strcmp(key + klen - 4, "_hex") == 0;
	struct inq_field *f;
	char **v;

	if (is_hex)
		klen -= 4;
	if (!(f = slot(p, key, klen, &v)))
		return -1;   /* an unknown key: not ours */
	free(*v);
	*v = malloc((size_t)n + 1);
	if (!*v)
		return -1;
	if (is_hex) {
		if (hex_decode(val, (size_t)n, *v))
			return -1;
		n /= 2;
	} else {
		memcpy(*v, val, (size_t)n);
	}
	(*v)[n] = '\0';
	*f = (struct inq_field){ *v, (size_t)n };
	return 0;
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
			for (int t = 0; t < INQ_NTABLES && table; t++)
				if (strcmp(val, inq_tables[t].name) == 0)
					p->r.t = &inq_tables[t];
			bad = !p->r.t;
			table = "";
		} else {
			bad = set_col(p, key, val, sqlite3_column_bytes(st, 1)) != 0;
		}
	}
	sqlite3_finalize(st);
	if (bad || rc != SQLITE_DONE || !p->r.t || !p->r.f[INQ_C_UUID].p || !inq_is_uuid(p->r.f[INQ_C_UUID].p))
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

	if (inq_begin_write(log, err))
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
			struct err why;

			ok = strcmp(op ? op : "", log->operator) == 0 && inq_rec_check(&p.r, NULL, &why) == 0;
		}
		if (ok && inq_chain_put(log, &p.r, &rc) < 0 && (rc & 0xff) == SQLITE_CONSTRAINT) {
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
	if (rc != SQLITE_OK || inq_commit(log) != SQLITE_OK)
		return inq_abort(log, err);
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

long inq_spool_flush(struct inq_log *log, struct err *err)
{
	struct buf text = { 0 }, rej = { 0 };
	struct stat st;
	long left;
	int fd;

	if (stat(log->spool, &st) != 0 || st.st_size == 0)
		return 0;
	fd = open_private(log->spool, O_RDWR);
	if (fd < 0)
		return open_failed(log->spool, err);
	if (inq_lock_within(fd, log->busy_ms) != 0 || read_all(fd, &text)) {
		err_set(err, "%s: %s", log->spool, text.oom ? _("out of memory") : spool_why(errno));
		goto fail;
	}
	if (text.n == 0) {
		close(fd);
		buf_free(&text);
		return 0;
	}
	if (inq_connect(log, err) || flush_lines(log, text.p, text.n, &rej, err))
		goto fail;
	if (rej.n && append_lines(log->rejected, rej.p, rej.n, log->busy_ms, err))
		goto fail;
	/* Committed: only now may the spool forget its lines. */
	if (ftruncate(fd, 0) != 0 || fsync(fd) != 0) {
		err_set(err, "%s: %s", log->spool, strerror(errno));
		goto fail;
	}
	close(fd);
	buf_free(&text);
	buf_free(&rej);
	return 0;
fail:
	close(fd);
	buf_free(&text);
	buf_free(&rej);
	left = inq_pending(log);
	return left > 0 ? left : -1;
}

long inq_flush(struct inq_log *log, struct err *err)
{
	mode_t old = umask(007);
	bool mine = inq_deadline_begin(log);
	long left = inq_spool_flush(log, err);

	inq_deadline_end(log, mine);
	umask(old);
	if (left)
		err_prefix(err, "%s", log->path);
	return left;
}
