/* fopencookie: an export is streamed to the program as it is written. */
#define _GNU_SOURCE
#include "gate.h"
#include "access.h"
#include "call.h"
#include "i18n.h"
#include "export.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_read.h"
#include "inq_spool.h"
#include "inq_store.h"
#include "logview.h"
#include "logview_stats.h"
#include "paths.h"
#include "proto.h"
#include "stamp.h"
#include "who.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct gate {
	const struct conf *conf;
	enum gate_mode mode;
	enum app_log_use use;
	char operator_name[64];
	/* Opened at first use, so a program that only reads the FAQ never
	 * touches the snapshot or the log. */
	struct snapshot *snap;
	char snap_msg[sizeof ((struct err *)0)->msg];
	bool snap_tried;
	struct window_set windows;
	bool windows_tried;
	char windows_msg[sizeof ((struct err *)0)->msg];
	struct inq_disps disps;
	bool disps_tried;
	struct inq_log *log;
	char log_msg[sizeof ((struct err *)0)->msg];
	struct logview *lv;
	bool read_ok;                    /* a READ was allowed on this connection */
	struct inq_head *heads;          /* sent for the next VERIFY */
	size_t nheads;
	long limit_per[GATE_LIMITS_MAX], limit_secs[GATE_LIMITS_MAX];
	size_t nlimits;
	struct wire_out w;
};

/* ---- limits ----------------------------------------------------------- */

/* "30 lookups in 10 minutes" for the refusal. */
static void say_window(long per, long secs, char *out, size_t size)
{
	if (secs % 86400 == 0)
		snprintf(out, size, _("%ld lookups in %ld day(s)"), per, secs / 86400);
	else if (secs % 3600 == 0)
		snprintf(out, size, _("%ld lookups in %ld hour(s)"), per, secs / 3600);
	else
		snprintf(out, size, _("%ld lookups in %ld minutes"), per, secs / 60);
}

/* 0 when the caller may look up now; 1 with err when a limit is reached;
 * -1 with err when the count cannot be made (then no lookup either: a
 * limit that cannot be checked is not a limit). */
static int over_limit(struct gate *g, struct err *err)
{
	for (size_t i = 0; i < g->nlimits; i++) {
		char since[STAMP_TIME_LEN + 1], what[96];
		long n;

		stamp_at(time(NULL) - g->limit_secs[i], since);
		if (inq_count_lookups(g->log, since, &n, err))
			return -1;
		if (n < g->limit_per[i])
			continue;
		say_window(g->limit_per[i], g->limit_secs[i], what, sizeof what);
		return err_set(err, _("lookup limit reached: %s; the refusal is recorded. "
				      "Ask your supervisor if the desk needs more"), what) ? 1 : 1;
	}
	return 0;
}

/* ---- set-up ------------------------------------------------------------ */

int gate_new(const struct conf *c, enum gate_mode mode, enum app_log_use use, struct gate **out,
	     struct err *err)
{
	const char *limits = conf_get(c, CONF_LOOKUP_LIMIT);
	struct gate *g = calloc(1, sizeof *g);

	if (!g)
		return err_set(err, _("out of memory"));
	g->conf = c;
	g->mode = mode;
	g->use = use;
	paths_user(g->operator_name, sizeof g->operator_name);
	if (conf_lookup_limits(limits ? limits : CONF_LOOKUP_LIMIT_DEFAULT, g->limit_per,
			       g->limit_secs, GATE_LIMITS_MAX, &g->nlimits)) {
		free(g);
		return err_set(err, _("lookup_limit '%s': use counts per time, like 30/10m, "
				      "300/1d (m minutes, h hours, d days), or off"), limits);
	}
	*out = g;
	return 0;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	if (g->snap)
		snapshot_close(g->snap);
	if (g->log)
		inq_close(g->log);
	if (g->lv)
		logview_close(g->lv);
	window_set_free(&g->windows);
	inq_disps_free(&g->disps);
	free(g->heads);
	wire_out_free(&g->w);
	free(g);
}

static struct snapshot *snapshot_of(struct gate *g)
{
	struct err err = { "" };

	if (!g->snap_tried) {
		g->snap_tried = true;
		if (app_snapshot(g->conf, &g->snap, &err)) {
			g->snap = NULL;
			snprintf(g->snap_msg, sizeof g->snap_msg, "%s", err.msg);
		}
	}
	return g->snap;
}

static const struct window_set *windows_of(struct gate *g)
{
	struct err err;

	if (!g->windows_tried) {
		g->windows_tried = true;
		if (app_windows(g->conf, &g->windows, &err)) {
			memset(&g->windows, 0, sizeof g->windows);
			snprintf(g->windows_msg, sizeof g->windows_msg, "%s", err.msg);
		}
	}
	return &g->windows;
}

/* The log, opened once: every answer that writes needs it.  NULL with
 * g->log_msg when it cannot even be prepared (no home for the spool). */
static struct inq_log *log_of(struct gate *g)
{
	struct err err = { "" };

	if (!g->log && app_log(g->conf, g->use, &g->log, &err)) {
		g->log = NULL;
		snprintf(g->log_msg, sizeof g->log_msg, "%s", err.msg);
	}
	return g->log;
}

/* ---- answers ------------------------------------------------------------ */

static int send_error(struct gate *g, gate_send_fn *send, void *ctx, enum proto_code code,
		      const char *msg)
{
	proto_put_error(&g->w, code, msg);
	return wire_end(&g->w, WIRE_ANS_MAX) ? -1 : send(ctx, &g->w);
}

/* Sends g->w, or an error when it did not fit in a frame. */
static int send_answer(struct gate *g, gate_send_fn *send, void *ctx)
{
	if (wire_end(&g->w, WIRE_ANS_MAX))
		return send_error(g, send, ctx, PROTO_E_FAIL, _("the answer is too large or memory ran out"));
	return send(ctx, &g->w);
}

static int do_hello(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_hello h;
	struct err err;
	char buf[1024];
	const struct snapshot_info *in;

	if (proto_get_hello_req(m, &h, &err))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	/* The helper speaks the program's language; in the program it
	 * already does. */
	if (g->mode == GATE_HELPER)
		i18n_init(h.lang, paths_localedir());
	snprintf(h.operator_name, sizeof h.operator_name, "%s", g->operator_name);
	if (snapshot_of(g)) {
		in = snapshot_get_info(g->snap);
		h.snapshot_ok = true;
		snprintf(h.snapshot_id, sizeof h.snapshot_id, "%s", in->id);
		snprintf(h.snapshot_date, sizeof h.snapshot_date, "%.10s", in->created);
	} else {
		snprintf(h.snapshot_msg, sizeof h.snapshot_msg, "%s", g->snap_msg);
	}
	h.log_set = app_log_set(g->conf);
	snprintf(h.log_path, sizeof h.log_path, "%s",
		 app_log_path(g->conf, buf, sizeof buf) ? buf : "");
	h.log_exists = h.log_path[0] && faccessat(AT_FDCWD, h.log_path, F_OK, AT_EACCESS) == 0;
	h.pending = log_of(g) ? inq_pending(g->log) : 0;
	snprintf(h.log_msg, sizeof h.log_msg, "%s", g->log ? "" : g->log_msg);
	h.gate = g->mode == GATE_HELPER;
	windows_of(g);
	snprintf(h.windows_msg, sizeof h.windows_msg, "%s", g->windows_msg);
	proto_put_hello(&g->w, &h);
	return send_answer(g, send, ctx);
}

/* A lookup refused at the limit is recorded as such, so the review shows
 * who kept trying. */
static void record_refusal(struct gate *g, const struct call_request *q)
{
	struct inq_event ev = { .uuid = "", .verdict = "refused",
				.call_uuid = inq_is_uuid(q->call_uuid) ? q->call_uuid : NULL };
	struct err err;

	if (g->snap)
		ev.snapshot_id = snapshot_get_info(g->snap)->id;
	inq_event_append(g->log, &ev, &err);
}

static int do_lookup(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct call_request q;
	struct call_verdict v;
	struct call_desk d;
	struct err err = { "" };
	char msg[sizeof err.msg + 128];
	int rc;

	if (proto_get_lookup_req(m, &q, &err))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	if (!snapshot_of(g))
		return send_error(g, send, ctx, PROTO_E_USAGE, g->snap_msg);
	if (!log_of(g)) {
		snprintf(msg, sizeof msg, _("the lookup cannot be recorded, so no verdict is given: %s"),
			 g->log_msg);
		return send_error(g, send, ctx, PROTO_E_FAIL, msg);
	}
	if ((rc = over_limit(g, &err)) != 0) {
		if (rc == 1)
			record_refusal(g, &q);
		return send_error(g, send, ctx, rc == 1 ? PROTO_E_LIMIT : PROTO_E_FAIL, err.msg);
	}
	/* A date to place in the windows needs them: no silent "outside". */
	if ((q.field[CALL_CARD_DATE].given || q.field[CALL_REG_DATE].given) &&
	    (windows_of(g), g->windows_msg[0]))
		return send_error(g, send, ctx, PROTO_E_USAGE, g->windows_msg);
	d = (struct call_desk){ g->snap, windows_of(g), g->log };
	rc = call_lookup(&d, &q, &v, &err);
	if (rc < 0)
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	/* Promise: no verdict leaves without its record. */
	if (rc == 0 && v.logged == CALL_LOG_FAILED) {
		snprintf(msg, sizeof msg, _("the lookup could not be recorded, so no verdict is given: %s"),
			 v.log_why);
		return send_error(g, send, ctx, PROTO_E_FAIL, msg);
	}
	proto_put_verdict(&g->w, rc, &v);
	return send_answer(g, send, ctx);
}

static int status_answer(struct gate *g, uint8_t type, enum inq_status st, const char *uuid,
			 const struct err *err, gate_send_fn *send, void *ctx)
{
	proto_put_status(&g->w, type, st, uuid, st == INQ_WRITTEN || st == INQ_ALREADY ? "" : err->msg);
	return send_answer(g, send, ctx);
}

/* The disposition of a call is one of the desk's codes: checked here, as
 * the command line did, so no program can store another. */
static int check_disposition(struct gate *g, const struct inq_entry *e, struct err *err)
{
	struct err lerr;
	char path[1024], list[512] = "";
	size_t n = 0;

	if (!g->disps_tried) {
		g->disps_tried = true;
		if (app_disps(g->conf, &g->disps, &lerr)) {
			memset(&g->disps, 0, sizeof g->disps);
			return err_set(err, "%s", lerr.msg);
		}
	}
	if (e->disposition && inq_disps_find(&g->disps, e->disposition))
		return 0;
	for (size_t i = 0; i < g->disps.n; i++)
		n += (size_t)snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s",
				      i ? ", " : "", g->disps.d[i].code);
	return err_set(err, _("disposition '%s' is not in %s (one of: %s)"),
		       e->disposition ? e->disposition : "",
		       app_data_path(g->conf, "dispositions.tsv", path, sizeof path), list);
}

static int do_save(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct inq_entry e;
	struct err err = { "" };
	enum inq_status st;
	int rc;

	if (proto_get_entry(m, &e, &ps, &err) || check_disposition(g, &e, &err) ||
	    inq_entry_check(&e, &err)) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	if (!log_of(g)) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_FAIL, g->log_msg);
	}
	st = inq_append(g->log, &e, &err);
	rc = status_answer(g, PROTO_SAVE, st, e.uuid, &err, send, ctx);
	proto_strings_free(&ps);
	return rc;
}

static int do_event(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct inq_event ev;
	struct err err = { "" };
	enum inq_status st;
	int rc;

	if (proto_get_event(m, &ev, &ps, &err) || inq_event_check(&ev, &err)) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	if (!log_of(g)) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_FAIL, g->log_msg);
	}
	st = inq_event_append(g->log, &ev, &err);
	rc = status_answer(g, PROTO_EVENT, st, ev.uuid, &err, send, ctx);
	proto_strings_free(&ps);
	return rc;
}

static int do_pending(struct gate *g, gate_send_fn *send, void *ctx)
{
	proto_put_count(&g->w, PROTO_PENDING | PROTO_ANSWER, log_of(g) ? inq_pending(g->log) : -1);
	return send_answer(g, send, ctx);
}

/* ---- reading the log ------------------------------------------------------ */

static struct logview *reader(struct gate *g, struct err *err);

static bool known_read(const char *what)
{
	static const char *const reads[] = { "review", "log stats", "log export", "log verify", NULL };

	for (const char *const *r = reads; *r; r++)
		if (strcmp(what, *r) == 0)
			return true;
	return false;
}

static int do_read(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	char what[32];
	struct err err = { "" };
	const char *group = conf_get(g->conf, CONF_SUPERVISOR_GROUP);

	if (proto_get_read_req(m, what, sizeof what, &err) || !known_read(what))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg[0] ? err.msg : _("unknown read"));
	/* On the desk's host a missing supervisor_group must not mean
	 * "everybody": then only root reads. */
	if (g->mode == GATE_HELPER && who_uid() != 0 && (!group || !*group)) {
		snprintf(err.msg, sizeof err.msg, _("%s: the desk's configuration names no "
			 "supervisor_group, so only root may read the log; ask the office"), what);
		return send_error(g, send, ctx, PROTO_E_REFUSED, err.msg);
	}
	switch (access_read_log(g->conf, what, &err)) {
	case ACCESS_OK:
		g->read_ok = true;
		/* A log that cannot be read is said now, before a screen starts. */
		if (!reader(g, &err)) {
			g->read_ok = false;
			err_prefix(&err, "%s", what);
			return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
		}
		proto_put_ok(&g->w, PROTO_READ);
		return send_answer(g, send, ctx);
	case ACCESS_REFUSED:
		return send_error(g, send, ctx, PROTO_E_REFUSED, err.msg);
	case ACCESS_ERROR:
		break;
	}
	return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
}

/* The log's reader, for a connection whose READ was allowed. */
static struct logview *reader(struct gate *g, struct err *err)
{
	char buf[1024];
	const char *path;

	if (!g->read_ok) {
		err_set(err, _("ask to read the log first"));
		return NULL;
	}
	if (g->lv)
		return g->lv;
	if (!(path = app_log_path(g->conf, buf, sizeof buf))) {
		err_set(err, _("no log set (--log or MADOGUCHI_LOG)"));
		return NULL;
	}
	if (logview_open(path, &g->lv, err)) {
		g->lv = NULL;
		return NULL;
	}
	return g->lv;
}

static int do_page(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct proto_page p;
	struct logview_row *rows = NULL;
	struct logview *lv;
	struct err err = { "" };
	bool complete = false;
	long n = -1;
	int rc;

	if (proto_get_page_req(m, &p, &ps, &err) || !(lv = reader(g, &err))) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	n = logview_page(lv, &p.f, p.has_from ? &p.from : NULL, p.dir, p.inclusive, p.max,
			 &rows, &complete, &err);
	proto_strings_free(&ps);
	if (n < 0)
		return send_error(g, send, ctx, PROTO_E_FAIL, err.msg);
	proto_put_rows(&g->w, rows, n, complete);
	free(rows);
	rc = send_answer(g, send, ctx);
	return rc;
}

static int do_detail(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	char uuid[INQ_UUID_LEN + 1];
	struct logview_detail d;
	struct logview *lv;
	struct err err = { "" };
	int found = -1, rc;

	memset(&d, 0, sizeof d);
	if (proto_get_detail_req(m, uuid, &err) || !(lv = reader(g, &err)))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	found = logview_detail(lv, uuid, &d, &err);
	if (found < 0)
		return send_error(g, send, ctx, PROTO_E_FAIL, err.msg);
	proto_put_detail(&g->w, found, &d);
	logview_detail_free(&d);
	rc = send_answer(g, send, ctx);
	return rc;
}

static int do_stats(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct logview_filter f;
	struct logview_stats s;
	struct logview *lv;
	struct err err = { "" };
	int rc = -1;

	memset(&s, 0, sizeof s);
	if (proto_get_filter_req(m, &f, &ps, &err) || !(lv = reader(g, &err))) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	rc = logview_stats(lv, &f, &s, &err);
	proto_strings_free(&ps);
	if (rc)
		return send_error(g, send, ctx, PROTO_E_FAIL, err.msg);
	proto_put_stats(&g->w, &s);
	logview_stats_free(&s);
	return send_answer(g, send, ctx);
}

static int do_lookups(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct logview_filter f;
	struct logview_lookups l;
	struct logview *lv;
	struct err err = { "" };
	int rc = -1;

	memset(&l, 0, sizeof l);
	/* Desk hours are the desk's setting, not the asker's. */
	if (proto_get_filter_req(m, &f, &ps, &err) || !(lv = reader(g, &err))) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	rc = logview_lookups(lv, &f, conf_get(g->conf, CONF_DESK_HOURS), &l, &err);
	proto_strings_free(&ps);
	if (rc)
		return send_error(g, send, ctx, PROTO_E_FAIL, err.msg);
	proto_put_lookups(&g->w, &l);
	logview_lookups_free(&l);
	return send_answer(g, send, ctx);
}

/* An export written to a FILE whose bytes go out as chunk frames. */
struct chunker {
	struct gate *g;
	gate_send_fn *send;
	void *ctx;
	bool failed;
};

static ssize_t chunk_write(void *cookie, const char *p, size_t n)
{
	struct chunker *c = cookie;
	struct wire_out w = { 0 };

	if (c->failed)
		return -1;
	proto_put_chunk(&w, p, n);
	if (wire_end(&w, WIRE_ANS_MAX) || c->send(c->ctx, &w))
		c->failed = true;
	wire_out_free(&w);
	return c->failed ? -1 : (ssize_t)n;
}

static int do_export(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct proto_strings ps = { .n = 0 };
	struct chunker c = { g, send, ctx, false };
	cookie_io_functions_t io = { .write = chunk_write };
	struct proto_export x;
	struct logview *lv = NULL;
	struct err err = { "" };
	long rows = -1;
	FILE *out = NULL;
	char buf[1024];

	if (proto_get_export_req(m, &x, &ps, &err) || !(lv = reader(g, &err))) {
		proto_strings_free(&ps);
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	}
	if (!(out = fopencookie(&c, "w", io)))
		err_set(&err, _("out of memory"));
	if (out) {
		/* Frames of about 64 KiB: few, and far below the limit. */
		setvbuf(out, NULL, _IOFBF, 1 << 16);
		if (x.source == PROTO_EXPORT_VIEW)
			rows = logview_export(lv, &x.view, x.fmt == EXPORT_JSONL ? LOGVIEW_JSONL : LOGVIEW_CSV,
					      x.fmt == EXPORT_CSV_CP932, out, &err);
		else
			rows = export_log(app_log_path(g->conf, buf, sizeof buf), x.table, &x.chain,
					  x.fmt, out, &err);
		if (fclose(out) != 0 && rows >= 0)
			rows = err_set(&err, _("cannot send the export"));
	}
	proto_strings_free(&ps);
	if (c.failed)
		return -1;
	/* The log cannot be read as asked: the user's to fix. */
	if (rows < 0)
		return send_error(g, send, ctx, out ? PROTO_E_USAGE : PROTO_E_FAIL, err.msg);
	proto_put_count(&g->w, PROTO_EXPORT | PROTO_ANSWER, rows);
	return send_answer(g, send, ctx);
}

static int do_heads(struct gate *g, struct proto_msg *m, gate_send_fn *send, void *ctx)
{
	struct err err = { "" };
	size_t n;
	void *p;

	if (!g->read_ok)
		return send_error(g, send, ctx, PROTO_E_USAGE, _("ask to read the log first"));
	if (g->nheads + PROTO_HEADS_BATCH > PROTO_HEADS_MAX)
		return send_error(g, send, ctx, PROTO_E_USAGE,
				  _("more heads than one verify checks (200,000): give the last ones"));
	if (!(p = realloc(g->heads, (g->nheads + PROTO_HEADS_BATCH) * sizeof *g->heads)))
		return send_error(g, send, ctx, PROTO_E_FAIL, _("out of memory"));
	g->heads = p;
	if (proto_get_heads_req(m, g->heads + g->nheads, PROTO_HEADS_BATCH, &n, &err))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	g->nheads += n;
	proto_put_ok(&g->w, PROTO_HEADS);
	return send_answer(g, send, ctx);
}

struct head_walk {
	const struct inq_head *h;
	size_t n, at;
};

static int next_sent_head(void *ctx, struct inq_head *h, struct err *err)
{
	struct head_walk *w = ctx;

	(void)err;
	if (w->at == w->n)
		return 0;
	*h = w->h[w->at++];
	return 1;
}

/* The chains, and each head sent since the last VERIFY. */
static int do_verify(struct gate *g, gate_send_fn *send, void *ctx)
{
	struct head_walk w = { g->heads, g->nheads, 0 };
	struct inq_verify v;
	struct err err = { "" };
	char buf[1024];
	const char *path = app_log_path(g->conf, buf, sizeof buf);
	int rc = -1;

	if (!g->read_ok)
		err_set(&err, _("ask to read the log first"));
	else if (!path)
		err_set(&err, _("no log set (--log or MADOGUCHI_LOG)"));
	else
		rc = inq_verify_log_heads(path, next_sent_head, &w, &v, &err);
	g->nheads = 0;
	if (rc)
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg);
	proto_put_verify(&g->w, &v);
	return send_answer(g, send, ctx);
}

int gate_handle(struct gate *g, const uint8_t *body, size_t n, gate_send_fn *send, void *ctx)
{
	struct proto_msg m;
	struct err err;

	if (proto_open(body, n, &m, &err))
		return send_error(g, send, ctx, PROTO_E_USAGE, err.msg) ? -1 : -1;
	switch (m.type) {
	case PROTO_HELLO: return do_hello(g, &m, send, ctx);
	case PROTO_LOOKUP: return do_lookup(g, &m, send, ctx);
	case PROTO_SAVE: return do_save(g, &m, send, ctx);
	case PROTO_EVENT: return do_event(g, &m, send, ctx);
	case PROTO_PENDING: return do_pending(g, send, ctx);
	case PROTO_READ: return do_read(g, &m, send, ctx);
	case PROTO_PAGE: return do_page(g, &m, send, ctx);
	case PROTO_DETAIL: return do_detail(g, &m, send, ctx);
	case PROTO_STATS: return do_stats(g, &m, send, ctx);
	case PROTO_LOOKUPS: return do_lookups(g, &m, send, ctx);
	case PROTO_EXPORT: return do_export(g, &m, send, ctx);
	case PROTO_HEADS: return do_heads(g, &m, send, ctx);
	case PROTO_VERIFY: return do_verify(g, send, ctx);
	}
	return send_error(g, send, ctx, PROTO_E_USAGE, _("unknown request"));
}
