#include "cli_log.h"
#include "buf.h"
#include "cli_review.h"
#include "export.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_disp.h"
#include "inq_merge.h"
#include "inq_read.h"
#include "inq_store.h"
#include "logview_day.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The options of one subcommand: "--name VALUE", "--name=VALUE" or a flag. */
struct opt {
	const char *name;
	bool flag;
	const char *value;        /* NULL: not given; "" for a given flag */
};

static struct opt *find_opt(struct opt *o, const char *arg, size_t n)
{
	for (; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, arg, n) == 0)
			return o;
	return NULL;
}

/* Fills opts from argv[1..]; positional words go to pos (at most npos). */
static int parse_opts(const char *cmd, int argc, char **argv, struct opt *opts,
		      const char **pos, int npos)
{
	int got = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq;
		struct opt *o;

		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			if (got == npos)
				return cli_error(CLI_USAGE, _("log %s: unexpected '%s'"), cmd, a);
			pos[got++] = a;
			continue;
		}
		eq = strchr(a, '=');
		o = find_opt(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		if (!o)
			return cli_error(CLI_USAGE, _("log %s: unknown option '%s'; see 'madoguchi --help'"), cmd, a);
		if (o->flag) {
			if (eq)
				return cli_error(CLI_USAGE, _("log %s: --%s takes no value"), cmd, o->name);
			o->value = "";
		} else if (eq) {
			o->value = eq + 1;
		} else if (i + 1 < argc) {
			o->value = argv[++i];
		} else {
			return cli_error(CLI_USAGE, _("log %s: option --%s needs a value"), cmd, o->name);
		}
	}
	for (int i = got; i < npos; i++)
		pos[i] = NULL;
	return 0;
}

static const char *opt(const struct opt *o, const char *name)
{
	for (; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o->value;
	return NULL;
}

static int open_log(const struct cli *c, struct inq_log **log)
{
	struct inq_config cfg = {
		.path = conf_get(&c->conf, CONF_LOG),
		.spool_dir = conf_get(&c->conf, CONF_SPOOL_DIR),
	};
	struct err err;

	if (inq_open(&cfg, log, &err))
		return cli_error(CLI_FAIL, "%s", err.msg);
	return 0;
}

static const char *log_path(const struct cli *c, char *buf, size_t size)
{
	const char *p = conf_get(&c->conf, CONF_LOG);

	return p && *p ? p : inq_default_path(buf, size);
}

/* ------------------------------------------------------------------ */
/* log add, log lookup */

/* A note too long for the command line (the kernel stops one argument at
 * 128 KiB) comes from a file or stdin. */
static char *read_note(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t r;
	int e = 0;

	if (!f)
		return NULL;
	buf_add(&b, "", 0);                   /* an empty file is an empty note */
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0 && buf_add(&b, chunk, r) == 0)
		;
	if (b.oom)
		e = ENOMEM;
	else if (ferror(f))
		e = errno ? errno : EIO;
	else if (memchr(b.p, '\0', b.n))
		e = EILSEQ;                       /* a NUL byte: not text */
	if (f != stdin)
		fclose(f);
	if (e) {
		buf_free(&b);
		errno = e;
		return NULL;
	}
	/* The newline a shell's here-string adds is not part of the note. */
	if (b.n > 0 && b.p[b.n - 1] == '\n')
		b.p[--b.n] = '\0';
	return b.p;
}

static int check_disposition(const struct cli *c, const char *code)
{
	char path[PATH_MAX], list[512] = "";
	struct inq_disps ds;
	struct err err;
	size_t n = 0;
	int status = CLI_OK;

	cli_data_path(c, "dispositions.tsv", path, sizeof path);
	if (inq_disps_load(path, &ds, &err))
		return cli_error(CLI_FAIL, "%s", err.msg);
	if (!code) {
		status = CLI_USAGE;
	} else if (!inq_disps_find(&ds, code)) {
		status = CLI_USAGE;
	}
	for (size_t i = 0; i < ds.n && status != CLI_OK; i++)
		n += (size_t)snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s",
				      i ? ", " : "", ds.d[i].code);
	inq_disps_free(&ds);
	if (status != CLI_OK && !code)
		return cli_error(status, _("log add: --disposition is required (one of: %s)"), list);
	if (status != CLI_OK)
		return cli_error(status, _("log add: disposition '%s' is not in %s (one of: %s)"),
				 code, path, list);
	return CLI_OK;
}

static int report_append(enum inq_status st, const char *uuid, const struct err *err)
{
	switch (st) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		printf("%s\n", uuid);
		return CLI_OK;
	case INQ_SPOOLED:
		printf("%s\n", uuid);
		fprintf(stderr, _("madoguchi: warning: %s\n"), err->msg);
		return CLI_OK;
	case INQ_ERROR:
		break;
	}
	return cli_error(CLI_FAIL, "%s", err->msg);
}

static int do_add(struct cli *c, int argc, char **argv)
{
	struct opt o[] = {
		{ "disposition", 0, 0 }, { "ref", 0, 0 }, { "match", 0, 0 }, { "faq", 0, 0 },
		{ "note", 0, 0 }, { "note-file", 0, 0 }, { "escalate", 1, 0 }, { "uuid", 0, 0 },
		{ "snapshot-id", 0, 0 }, { "factors", 0, 0 }, { "state", 0, 0 }, { 0, 0, 0 },
	};
	struct inq_entry e = { .uuid = "" };
	struct inq_log *log;
	struct err err;
	char *note = NULL;
	enum inq_status st;
	int status;

	if (parse_opts("add", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if ((status = check_disposition(c, opt(o, "disposition"))) != CLI_OK)
		return status;
	if (opt(o, "note") && opt(o, "note-file"))
		return cli_error(CLI_USAGE, _("log add: give --note or --note-file, not both"));
	if (opt(o, "note-file") && !(note = read_note(opt(o, "note-file"))))
		return cli_error(CLI_USAGE, _("log add: --note-file %s: %s"), opt(o, "note-file"),
				 strerror(errno));
	if (opt(o, "uuid") && strlen(opt(o, "uuid")) != INQ_UUID_LEN) {
		free(note);
		return cli_error(CLI_USAGE, _("log add: --uuid '%s' is not a UUID"), opt(o, "uuid"));
	}
	if (opt(o, "uuid"))
		memcpy(e.uuid, opt(o, "uuid"), INQ_UUID_LEN + 1);
	e.disposition = opt(o, "disposition");
	e.ref = opt(o, "ref");
	e.match = opt(o, "match");
	e.faq = opt(o, "faq");   /* the entries shown: cli.c leaves it to us */
	e.note = note ? note : opt(o, "note");
	e.escalate = opt(o, "escalate") != NULL;
	e.snapshot_id = opt(o, "snapshot-id");
	e.factors = opt(o, "factors");
	e.state = opt(o, "state");
	if (inq_entry_check(&e, &err)) {
		free(note);
		return cli_error(CLI_USAGE, _("log add: %s"), err.msg);
	}
	if ((status = open_log(c, &log)) != 0) {
		free(note);
		return status;
	}
	st = inq_append(log, &e, &err);
	inq_close(log);
	free(note);
	return report_append(st, e.uuid, &err);
}

static int do_lookup(struct cli *c, int argc, char **argv)
{
	struct opt o[] = {
		{ "verdict", 0, 0 }, { "call", 0, 0 }, { "snapshot-id", 0, 0 }, { "uuid", 0, 0 },
		{ 0, 0, 0 },
	};
	struct inq_event ev = { .uuid = "" };
	struct inq_log *log;
	struct err err;
	enum inq_status st;
	int status;

	if (parse_opts("lookup", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if (!opt(o, "verdict"))
		return cli_error(CLI_USAGE, _("log lookup: --verdict is required "
				   "(verified, ambiguous, partial or none)"));
	if (opt(o, "uuid") && strlen(opt(o, "uuid")) != INQ_UUID_LEN)
		return cli_error(CLI_USAGE, _("log lookup: --uuid '%s' is not a UUID"), opt(o, "uuid"));
	if (opt(o, "uuid"))
		memcpy(ev.uuid, opt(o, "uuid"), INQ_UUID_LEN + 1);
	ev.verdict = opt(o, "verdict");
	ev.call_uuid = opt(o, "call");
	ev.snapshot_id = opt(o, "snapshot-id");
	if (inq_event_check(&ev, &err))
		return cli_error(CLI_USAGE, _("log lookup: %s"), err.msg);
	if ((status = open_log(c, &log)) != 0)
		return status;
	st = inq_event_append(log, &ev, &err);
	inq_close(log);
	return report_append(st, ev.uuid, &err);
}

/* ------------------------------------------------------------------ */
/* log export */

/* The rows to the exporter; the first failure stops inq_each and is kept. */
struct exporting {
	struct export *x;
	struct err err;
	bool failed;
};

static int export_one(const struct inq_row *r, void *ctx)
{
	struct exporting *e = ctx;

	e->failed = export_row(e->x, r, &e->err) != 0;
	return e->failed;
}

/* The rows of one table, in chain order, through src/export.  Days are
 * read by logview_day (every form `normalize date` reads, 今日, 11/27). */
/* --format and --encoding as one of src/export's formats.  0, or the
 * status of the usage error said. */
static int export_format(const char *fmt, const char *enc, enum export_fmt *how)
{
	fmt = fmt ? fmt : "jsonl";
	enc = enc ? enc : "utf-8";
	if (strcmp(fmt, "jsonl") != 0 && strcmp(fmt, "csv") != 0)
		return cli_error(CLI_USAGE, _("log export: --format '%s': use jsonl or csv"), fmt);
	if (strcmp(enc, "utf-8") != 0 && strcmp(enc, "cp932") != 0)
		return cli_error(CLI_USAGE, _("log export: --encoding '%s': use utf-8 or cp932"), enc);
	/* JSON is UTF-8 by definition (RFC 8259): CP932 is for Excel's CSV. */
	if (strcmp(enc, "cp932") == 0 && strcmp(fmt, "csv") != 0)
		return cli_error(CLI_USAGE, _("log export: --encoding cp932 is for CSV (Excel); "
					      "add --format csv (JSON Lines is always UTF-8)"));
	*how = strcmp(fmt, "jsonl") == 0 ? EXPORT_JSONL
	     : strcmp(enc, "cp932") == 0 ? EXPORT_CSV_CP932 : EXPORT_CSV;
	return 0;
}

/* --since and --until as the log's times (logview_day: every form
 * `normalize date` reads, 今日, 11/27), into f.  0, or the status of the
 * usage error said. */
static int export_dates(const struct opt *o, char since[INQ_TIME_LEN + 1],
			char until[INQ_TIME_LEN + 1], struct inq_filter *f)
{
	struct err err;

	if (opt(o, "since") && logview_day(opt(o, "since"), 0, time(NULL), since, &err))
		return cli_error(CLI_USAGE, _("log export: --since '%s': %s"), opt(o, "since"), err.msg);
	if (opt(o, "until") && logview_day(opt(o, "until"), 1, time(NULL), until, &err))
		return cli_error(CLI_USAGE, _("log export: --until '%s': %s"), opt(o, "until"), err.msg);
	f->since = opt(o, "since") ? since : NULL;
	f->until = opt(o, "until") ? until : NULL;
	if (f->since && f->until && strcmp(f->since, f->until) >= 0)
		return cli_error(CLI_USAGE, _("log export: --since '%s' is after --until '%s'"),
				 opt(o, "since"), opt(o, "until"));
	return 0;
}

/* The rows of one table in chain order through src/export, to stdout. */
static int do_export(struct cli *c, int argc, char **argv)
{
	struct opt o[] = {
		{ "format", 0, 0 }, { "since", 0, 0 }, { "until", 0, 0 }, { "operator", 0, 0 },
		{ "encoding", 0, 0 }, { "lookups", 1, 0 }, { "access", 1, 0 }, { 0, 0, 0 },
	};
	char since[INQ_TIME_LEN + 1], until[INQ_TIME_LEN + 1], buf[PATH_MAX];
	const char *path = log_path(c, buf, sizeof buf);
	struct exporting e = { .failed = false };
	struct inq_filter f = { 0 };
	enum inq_table table;
	enum export_fmt how;
	struct err err;
	int rc;

	if (parse_opts("export", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if ((rc = export_format(opt(o, "format"), opt(o, "encoding"), &how)) != 0)
		return rc;
	if (opt(o, "lookups") && opt(o, "access"))
		return cli_error(CLI_USAGE, _("log export: --lookups or --access, not both"));
	table = opt(o, "lookups") ? INQ_LOOKUPS : opt(o, "access") ? INQ_ACCESS : INQ_CALLS;
	if ((rc = export_dates(o, since, until, &f)) != 0)
		return rc;
	f.operator = opt(o, "operator");
	/* Notes can hold personal data: reading the log is for supervisors. */
	if ((rc = cli_review_allowed(c, "log export")) != 0)
		return rc;
	if (!path)
		return cli_error(CLI_USAGE, _("log export: no log set (--log or MADOGUCHI_LOG)"));
	if (export_open(how, table, stdout, &e.x, &err))
		return cli_error(CLI_FAIL, _("log export: %s"), err.msg);
	rc = inq_each(path, table, &f, export_one, &e, &err);
	if (rc == 0 && !e.failed && export_finish(e.x, &e.err) < 0)
		e.failed = true;
	export_free(e.x);
	if (rc)
		return cli_error(CLI_USAGE, _("log export: %s"), err.msg);
	if (e.failed)
		return cli_error(CLI_FAIL, _("log export: %s"), e.err.msg);
	return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* log verify, log merge */

static int do_verify(struct cli *c, int argc, char **argv)
{
	char buf[PATH_MAX];
	const char *path = log_path(c, buf, sizeof buf);
	struct inq_verify v;
	struct err err;

	(void)argv;
	if (argc > 1)
		return cli_error(CLI_USAGE, _("log verify takes no arguments"));
	if (!path)
		return cli_error(CLI_USAGE, _("log verify: no log set (--log or MADOGUCHI_LOG)"));
	if (inq_verify_log(path, &v, &err))
		return cli_error(CLI_USAGE, _("log verify: %s"), err.msg);
	if (!v.ok) {
		printf("not ok: %s: %s\n", path, v.problem);
		return CLI_NO;
	}
	printf("ok %ld entries\n", v.calls);
	if (v.lookups)
		printf("ok %ld lookups\n", v.lookups);
	if (v.access)
		printf("ok %ld access records\n", v.access);
	return CLI_OK;
}

static int do_merge(struct cli *c, int argc, char **argv)
{
	const char *other;
	struct inq_log *log;
	struct err err;
	long added;
	int status, rc;

	if (parse_opts("merge", argc, argv, (struct opt[]){ { 0, 0, 0 } }, &other, 1))
		return CLI_USAGE;
	if (!other)
		return cli_error(CLI_USAGE, _("log merge: name the other log: log merge OTHER.db"));
	if ((status = open_log(c, &log)) != 0)
		return status;
	rc = inq_merge(log, other, &added, &err);
	inq_close(log);
	/* A log that does not verify is a finding, as for log verify; a file
	 * that is not a log, or cannot be read, is the user's to fix; this
	 * log not taking the rows is output that cannot be written. */
	if (rc)
		return cli_error(rc > 0 ? CLI_NO : rc == -1 ? CLI_USAGE : CLI_FAIL, _("log merge: %s"), err.msg);
	printf(_("merged %ld entries from %s\n"), added, other);
	return CLI_OK;
}

int cli_log_main(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *c, int argc, char **argv);
	} subs[] = {
		{ "add", do_add }, { "lookup", do_lookup }, { "export", do_export },
		{ "verify", do_verify }, { "merge", do_merge }, { "stats", cli_review_stats },
	};
	size_t n = sizeof subs / sizeof subs[0];
	char names[128] = "";

	/* The list a user is told comes from the table, so it cannot miss one. */
	for (size_t i = 0; i < n; i++)
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			 i == 0 ? "" : i + 1 == n ? _(" or ") : ", ", subs[i].name);
	if (argc < 2)
		return cli_error(CLI_USAGE, _("log: say %s"), names);
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(c, argc - 1, argv + 1);
	return cli_error(CLI_USAGE, _("log: unknown subcommand '%s'; say %s"), argv[1], names);
}
