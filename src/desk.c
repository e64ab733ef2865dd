#include "desk.h"
#include "gate.h"
#include "inq_check.h"
#include "i18n.h"
#include "paths.h"
#include "stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct desk {
	const struct conf *conf;
	enum app_log_use use;
	enum desk_transport t;
	struct gate *g;              /* in-process: the gate itself */
	pid_t pid;                   /* the helper, or 0 */
	int fd;                      /* its socket, or -1 */
	bool restarted;              /* a dead helper is started again once */
	struct wire_out w;           /* the request being sent */
	struct buf in;               /* the answer frame being read */
	struct buf queue;            /* in-process: answer frames not yet read */
	size_t qat;
	/* In-process, an export's chunks are written out as the gate makes
	 * them, so a large export is never held in memory whole. */
	FILE *export_out;
	bool export_failed;
	struct err export_err;
	enum app_exit exit;
	char lang[8];
};

/* ---- which transport ------------------------------------------------------ */

/* The system configuration, when this build has one and it exists. */
static const char *system_config(char *buf, size_t size)
{
	const char *dir = paths_sysconfdir();
	struct stat st;

	if (!dir || (size_t)snprintf(buf, size, "%s/madoguchi.conf", dir) >= size)
		return NULL;
	return stat(buf, &st) == 0 ? buf : NULL;
}

static bool use_helper(void)
{
	char buf[PATH_MAX];
	const char *gate = paths_gate();

	return gate && geteuid() != 0 && access(gate, X_OK) == 0 &&
	       system_config(buf, sizeof buf) != NULL;
}

/* What decides who may read or write the desk's data: on the helper's
 * side only the root-owned configuration sets it. */
static const enum conf_key guarded[] = {
	CONF_SNAPSHOT, CONF_KEY_FILE, CONF_LOG, CONF_SPOOL_DIR, CONF_SUPERVISOR_GROUP,
	CONF_LOOKUP_LIMIT, CONF_DESK_HOURS,
};

static int refuse_overrides(const struct conf *c, struct err *err)
{
	char sys[PATH_MAX];
	const char *sysconf = system_config(sys, sizeof sys);

	for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
		enum conf_key k = guarded[i];
		enum conf_src src = c->src[k];

		if (src == CONF_SRC_DEFAULT ||
		    (src == CONF_SRC_FILE && sysconf && c->file && strcmp(c->file, sysconf) == 0))
			continue;
		return err_set(err, _("%s: on this desk it is set by %s (the office's "
				      "configuration); remove it from %s"),
			       conf_key_name(k), sysconf ? sysconf : "madoguchi.conf",
			       src == CONF_SRC_ARG ? _("the command line") :
			       src == CONF_SRC_ENV ? _("the environment") : c->file);
	}
	return 0;
}

/* ---- the helper ------------------------------------------------------------- */

/* Starts madoguchi-gate on one end of a socket pair: its standard input
 * and output; nothing else of ours (no environment, no other descriptor:
 * everything is opened close-on-exec) crosses. */
static int spawn(struct desk *d, struct err *err)
{
	char *const argv[] = { (char *)"madoguchi-gate", NULL };
	char *const envp[] = { NULL };
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return err_set(err, _("cannot start the desk's gate: %s"), strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return err_set(err, _("cannot start the desk's gate: %s"), strerror(errno));
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0 || null < 0 || dup2(null, 2) < 0)
			_exit(127);
		execve(paths_gate(), argv, envp);
		_exit(127);
	}
	close(sv[1]);
	d->pid = pid;
	d->fd = sv[0];
	return 0;
}

static void stop_helper(struct desk *d)
{
	int status;

	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	if (d->pid > 0)
		while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
			;
	d->pid = 0;
}

/* ---- one exchange ------------------------------------------------------------- */

/* Writes one chunk frame (body[0..n)) to out. */
static int write_chunk(const uint8_t *body, size_t n, FILE *out, struct err *err)
{
	struct proto_msg m;
	const uint8_t *p;
	size_t len;

	if (proto_open(body, n, &m, err) || proto_get_chunk(&m, &p, &len, err))
		return -1;
	if (fwrite(p, 1, len, out) != len)
		return err_set(err, _("cannot write the export: %s"), strerror(errno));
	return 0;
}

static int queue_frame(void *ctx, const struct wire_out *w)
{
	struct desk *d = ctx;
	size_t n;
	const uint8_t *f = wire_frame(w, &n);

	if (d->export_out && n > 4 + WIRE_HEAD && f[4 + 3] == PROTO_CHUNK) {
		if (write_chunk(f + 4, n - 4, d->export_out, &d->export_err))
			d->export_failed = true;
		return d->export_failed ? -1 : 0;
	}
	return buf_add(&d->queue, f, n);
}

static int hello(struct desk *d, struct proto_hello *h, struct err *err);

/* Sends d->w (ended).  A helper found dead is started again once (and
 * greeted), so a killed helper costs one request, not the session. */
static int send_request(struct desk *d, struct err *err)
{
	size_t n;
	const uint8_t *f = wire_frame(&d->w, &n);

	if (d->t == DESK_IN_PROCESS) {
		buf_clear(&d->queue);
		d->qat = 0;
		if (gate_handle(d->g, f + 4, n - 4, queue_frame, d) && d->queue.n == 0)
			return err_set(err, _("the desk cannot answer (out of memory)"));
		return 0;
	}
	if (d->fd >= 0 && wire_send(d->fd, &d->w) == 0)
		return 0;
	if (d->restarted)
		return err_set(err, _("the desk's gate stopped: %s; start madoguchi again"),
			       strerror(errno));
	d->restarted = true;
	stop_helper(d);
	if (spawn(d, err))
		return -1;
	{
		struct wire_out keep = d->w;
		struct proto_hello h;
		int rc;

		d->w = (struct wire_out){ 0 };
		rc = hello(d, &h, err);
		wire_out_free(&d->w);
		d->w = keep;
		if (rc)
			return -1;
	}
	return wire_send(d->fd, &d->w) ? err_set(err, _("the desk's gate stopped: %s"),
						 strerror(errno)) : 0;
}

/* The next answer frame into m: its type must be want (or a chunk, when
 * chunks may come); an error answer becomes -1 with err and d->exit. */
static int recv_answer(struct desk *d, uint8_t want, bool chunks, struct proto_msg *m,
		       struct err *err)
{
	const uint8_t *body;
	size_t n;
	enum proto_code code;
	uint32_t len;

	if (d->t == DESK_IN_PROCESS) {
		if (d->queue.n - d->qat < 4)
			return err_set(err, _("the desk gave no answer"));
		body = (const uint8_t *)d->queue.p + d->qat;
		len = (uint32_t)body[0] << 24 | (uint32_t)body[1] << 16 | (uint32_t)body[2] << 8 | body[3];
		body += 4;
		n = len;
		d->qat += 4 + n;
	} else {
		int r = wire_recv(d->fd, WIRE_ANS_MAX, &d->in, err);

		if (r == 0)
			return err_set(err, _("the desk's gate stopped without an answer; "
					      "start madoguchi again"));
		if (r < 0)
			return -1;
		body = (const uint8_t *)d->in.p;
		n = d->in.n;
	}
	if (proto_open(body, n, m, err))
		return -1;
	if (m->type == PROTO_ERROR) {
		if (proto_get_error(m, &code, err))
			return -1;
		d->exit = code == PROTO_E_FAIL ? APP_FAIL : APP_USAGE;
		return -1;
	}
	if (m->type != (want | PROTO_ANSWER) && !(chunks && m->type == PROTO_CHUNK))
		return err_set(err, _("the desk's gate answered another question"));
	return 0;
}

/* Sends d->w and reads its (first) answer into m. */
static int ask(struct desk *d, uint8_t type, struct proto_msg *m, struct err *err)
{
	d->exit = APP_FAIL;
	if (wire_end(&d->w, WIRE_REQ_MAX))
		return err_set(err, _("the request is too large"));
	if (send_request(d, err))
		return -1;
	return recv_answer(d, type, type == PROTO_EXPORT, m, err);
}

static int hello(struct desk *d, struct proto_hello *h, struct err *err)
{
	struct proto_msg m;

	memset(h, 0, sizeof *h);
	snprintf(h->lang, sizeof h->lang, "%s", d->lang);
	proto_put_hello_req(&d->w, h);
	return ask(d, PROTO_HELLO, &m, err) || proto_get_hello(&m, h, err) ? -1 : 0;
}

/* ---- open, close ---------------------------------------------------------------- */

int desk_open(const struct conf *c, enum app_log_use use, struct desk **out,
	      struct proto_hello *info, struct err *err)
{
	struct desk *d = calloc(1, sizeof *d);
	struct proto_hello h;
	const char *lang = conf_get(c, CONF_LANG);

	if (!d)
		return err_set(err, _("out of memory"));
	d->conf = c;
	d->use = use;
	d->fd = -1;
	snprintf(d->lang, sizeof d->lang, "%s", i18n_english(lang) ? "en" : "ja");
	d->t = use_helper() ? DESK_GATE : DESK_IN_PROCESS;
	if (d->t == DESK_GATE ? refuse_overrides(c, err) || spawn(d, err)
			      : gate_new(c, GATE_IN_PROCESS, use, &d->g, err)) {
		desk_close(d);
		return -1;
	}
	if (hello(d, &h, err)) {
		desk_close(d);
		return -1;
	}
	if (info)
		*info = h;
	*out = d;
	return 0;
}

void desk_close(struct desk *d)
{
	if (!d)
		return;
	stop_helper(d);
	gate_free(d->g);
	wire_out_free(&d->w);
	buf_free(&d->in);
	buf_free(&d->queue);
	free(d);
}

bool desk_uses_gate(void)
{
	return use_helper();
}

enum desk_transport desk_transport(const struct desk *d)
{
	return d->t;
}

enum app_exit desk_exit(const struct desk *d)
{
	return d->exit;
}

/* ---- requests --------------------------------------------------------------- */

int desk_lookup(struct desk *d, const struct call_request *q, struct call_verdict *v,
		struct err *err)
{
	struct proto_msg m;
	int rc;

	proto_put_lookup_req(&d->w, q);
	if (ask(d, PROTO_LOOKUP, &m, err) || proto_get_verdict(&m, &rc, v, err))
		return -1;
	return rc;
}

/* The record's UUID and times are set here, before the request leaves:
 * a request sent again to a restarted gate then saves nothing twice. */
enum inq_status desk_save(struct desk *d, struct inq_entry *e, struct err *err)
{
	struct proto_msg m;
	enum inq_status st;

	/* Checked before it leaves, so a note too long for a request is said
	 * as the limit it is; the gate checks again. */
	if (inq_entry_check(e, err)) {
		d->exit = APP_USAGE;
		return INQ_ERROR;
	}
	if (!e->uuid[0])
		stamp_uuid(e->uuid);
	if (!e->ended_at[0])
		stamp_now(e->ended_at);
	if (!e->started_at[0])
		memcpy(e->started_at, e->ended_at, sizeof e->started_at);
	proto_put_entry(&d->w, e);
	if (ask(d, PROTO_SAVE, &m, err) || proto_get_status(&m, &st, e->uuid, err))
		return INQ_ERROR;
	return st;
}

enum inq_status desk_event(struct desk *d, struct inq_event *ev, struct err *err)
{
	struct proto_msg m;
	enum inq_status st;

	if (inq_event_check(ev, err)) {
		d->exit = APP_USAGE;
		return INQ_ERROR;
	}
	if (!ev->uuid[0])
		stamp_uuid(ev->uuid);
	if (!ev->at[0])
		stamp_now(ev->at);
	proto_put_event(&d->w, ev);
	if (ask(d, PROTO_EVENT, &m, err) || proto_get_status(&m, &st, ev->uuid, err))
		return INQ_ERROR;
	return st;
}

long desk_pending(struct desk *d)
{
	struct proto_msg m;
	struct err err;
	long n;

	wire_begin(&d->w, PROTO_PENDING);
	if (ask(d, PROTO_PENDING, &m, &err) || proto_get_count(&m, &n, &err))
		return -1;
	return n;
}

int desk_read(struct desk *d, const char *what, struct err *err)
{
	struct proto_msg m;

	proto_put_read_req(&d->w, what);
	return ask(d, PROTO_READ, &m, err) || proto_get_ok(&m, err) ? -1 : 0;
}

long desk_page(struct desk *d, const struct logview_filter *f, const struct logview_key *from,
	       enum logview_dir dir, bool inclusive, long max, struct logview_row **rows,
	       bool *complete, struct err *err)
{
	struct proto_page p = { .f = *f, .has_from = from != NULL, .dir = dir,
				.inclusive = inclusive, .max = max };
	struct proto_msg m;
	long n;

	if (from)
		p.from = *from;
	proto_put_page_req(&d->w, &p);
	if (ask(d, PROTO_PAGE, &m, err) || proto_get_rows(&m, rows, &n, complete, err))
		return -1;
	return n;
}

int desk_detail(struct desk *d, const char *uuid, struct logview_detail *out, struct err *err)
{
	struct proto_msg m;
	int found;

	proto_put_detail_req(&d->w, uuid);
	if (ask(d, PROTO_DETAIL, &m, err) || proto_get_detail(&m, &found, out, err))
		return -1;
	return found;
}

int desk_stats(struct desk *d, const struct logview_filter *f, struct logview_stats *s,
	       struct err *err)
{
	struct proto_msg m;

	proto_put_filter_req(&d->w, PROTO_STATS, f);
	return ask(d, PROTO_STATS, &m, err) || proto_get_stats(&m, s, err) ? -1 : 0;
}

int desk_lookups(struct desk *d, const struct logview_filter *f, struct logview_lookups *l,
		 struct err *err)
{
	struct proto_msg m;

	proto_put_filter_req(&d->w, PROTO_LOOKUPS, f);
	return ask(d, PROTO_LOOKUPS, &m, err) || proto_get_lookups(&m, l, err) ? -1 : 0;
}

long desk_export(struct desk *d, const struct proto_export *x, FILE *out, struct err *err)
{
	struct proto_msg m;
	long rows;
	int rc;

	proto_put_export_req(&d->w, x);
	d->export_out = out;
	d->export_failed = false;
	rc = ask(d, PROTO_EXPORT, &m, err);
	d->export_out = NULL;
	if (d->export_failed) {
		*err = d->export_err;
		return -1;
	}
	if (rc)
		return -1;
	while (m.type == PROTO_CHUNK) {
		const uint8_t *p;
		size_t n;

		if (proto_get_chunk(&m, &p, &n, err))
			return -1;
		if (fwrite(p, 1, n, out) != n)
			return err_set(err, _("cannot write the export: %s"), strerror(errno));
		if (recv_answer(d, PROTO_EXPORT, true, &m, err))
			return -1;
	}
	return proto_get_count(&m, &rows, err) ? -1 : rows;
}

/* A batch of heads to the gate. */
static int send_heads(struct desk *d, const struct inq_head *h, size_t n, struct err *err)
{
	struct proto_msg m;

	proto_put_heads_req(&d->w, h, n);
	return ask(d, PROTO_HEADS, &m, err) || proto_get_ok(&m, err) ? -1 : 0;
}

int desk_verify(struct desk *d, inq_head_next next, void *ctx, struct inq_verify *v,
		struct err *err)
{
	struct inq_head *batch = NULL;
	struct proto_msg m;
	size_t n = 0;
	int r = 0;

	if (next && !(batch = malloc(PROTO_HEADS_BATCH * sizeof *batch)))
		return err_set(err, _("out of memory"));
	while (next && (r = next(ctx, &batch[n], err)) == 1)
		if (++n == PROTO_HEADS_BATCH) {
			if (send_heads(d, batch, n, err))
				break;
			n = 0;
		}
	if (r == 1 || r < 0 || (n && send_heads(d, batch, n, err))) {
		d->exit = r < 0 ? APP_USAGE : d->exit;
		free(batch);
		return -1;
	}
	free(batch);
	wire_begin(&d->w, PROTO_VERIFY);
	return ask(d, PROTO_VERIFY, &m, err) || proto_get_verify(&m, v, err) ? -1 : 0;
}
