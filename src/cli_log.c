#include "cli_log.h"
#include "desk.h"
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

/* The desk (src/desk: the gate on a jump host, else this process), with
 * the log read for what (NULL: only written).  0, or the status of the
 * error said; *cmd names the subcommand in it. */
static int open_desk(const struct cli *c, const char *cmd, const char *what, struct desk **d,
		     struct proto_hello *h)
{
	struct err err;
	int status;

	if (desk_open(&c->conf, APP_LOG_COMMAND, d, h, &err))
		return cli_error(CLI_USAGE, "%s: %s", cmd, err.msg);
	if (what && desk_read(*d, what, &err)) {
		status = desk_exit(*d);
		desk_close(*d);
		return cli_error(status, "%s", err.msg);
	}
	return 0;
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

/* The codes of dispositions.tsv, for the message that asks for one. */
static void disposition_codes(const struct cli *c, char *list, size_t size)
{
	char path[PATH_MAX];
	struct inq_disps ds;
	struct err err;
	size_t n = 0;

	list[0] = '\0';
	if (app_disps(&c->conf, &ds, &err))
		return;
	for (size_t i = 0; i < ds.n; i++)
		n += (size_t)snprintf(list + n, n < size ? size - n : 0, "%s%s", i ? ", " : "",
				      ds.d[i].code);
	inq_disps_free(&ds);
	(void)path;
}

static int report_append(const struct desk *d, const char *cmd, enum inq_status st,
			 const char *uuid, const struct err *err)
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
	return cli_error(desk_exit(d), "%s: %s", cmd, err->msg);
}

static int do_add(struct cli *c, int argc, char **argv)
{
	struct opt o[] = {
		{ "disposition", 0, 0 }, { "ref", 0, 0 }, { "match", 0, 0 }, { "faq", 0, 0 },
		{ "note", 0, 0 }, { "note-file", 0, 0 }, { "escalate", 1, 0 }, { "uuid", 0, 0 },
		{ "snapshot-id", 0, 0 }, { "factors", 0, 0 }, { "state", 0, 0 }, { 0, 0, 0 },
	};
	struct inq_entry e = { .uuid = "" };
	struct desk *d;
	struct err err;
	char *note = NULL, codes[512];
	enum inq_status st;
	int status;

	if (parse_opts("add", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if (!opt(o, "disposition")) {
		disposition_codes(c, codes, sizeof codes);
		return cli_error(CLI_USAGE, _("log add: --disposition is required (one of: %s)"), codes);
	}
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
	if ((status = open_desk(c, "log add", NULL, &d, NULL)) != 0) {
		free(note);
		return status;
	}
	/* The desk checks the entry (the disposition one of the desk's) and
	 * stamps it with this account. */
	st = desk_save(d, &e, &err);
	free(note);
	status = report_append(d, "log add", st, e.uuid, &err);
	desk_close(d);
	return status;
}

static int do_lookup(struct cli *c, int argc, char **argv)
{
	struct opt o[] = {
		{ "verdict", 0, 0 }, { "call", 0, 0 }, { "snapshot-id", 0, 0 }, { "uuid", 0, 0 },
		{ 0, 0, 0 },
	};
	struct inq_event ev = { .uuid = "" };
	struct desk *d;
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
	if ((status = open_desk(c, "log lookup", NULL, &d, NULL)) != 0)
		return status;
	st = desk_event(d, &ev, &err);
	status = report_append(d, "log lookup", st, ev.uuid, &err);
	desk_close(d);
	return status;
}

/* ------------------------------------------------------------------ */
/* log export */

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
	char since[INQ_TIME_LEN + 1], until[INQ_TIME_LEN + 1];
	struct proto_export x = { .source = PROTO_EXPORT_CHAIN };
	struct desk *d;
	struct err err;
	int rc;

	if (parse_opts("export", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if ((rc = export_format(opt(o, "format"), opt(o, "encoding"), &x.fmt)) != 0)
		return rc;
	if (opt(o, "lookups") && opt(o, "access"))
		return cli_error(CLI_USAGE, _("log export: --lookups or --access, not both"));
	x.table = opt(o, "lookups") ? INQ_LOOKUPS : opt(o, "access") ? INQ_ACCESS : INQ_CALLS;
	if ((rc = export_dates(o, since, until, &x.chain)) != 0)
		return rc;
	x.chain.operator = opt(o, "operator");
	/* Notes can hold personal data: reading the log is for supervisors
	 * (the desk checks, and records the read). */
	if ((rc = open_desk(c, "log export", "log export", &d, NULL)) != 0)
		return rc;
	if (desk_export(d, &x, stdout, &err) < 0) {
		rc = cli_error(ferror(stdout) ? CLI_FAIL : desk_exit(d), _("log export: %s"), err.msg);
		desk_close(d);
		return rc;
	}
	desk_close(d);
	return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* log verify, log merge */

static int do_verify(struct cli *c, int argc, char **argv)
{
	struct proto_verify q = { .nheads = 0 };
	struct proto_hello h;
	struct inq_verify v;
	struct desk *d;
	struct err err;
	int rc;

	(void)argv;
	if (argc > 1)
		return cli_error(CLI_USAGE, _("log verify takes no arguments"));
	if ((rc = open_desk(c, "log verify", "log verify", &d, &h)) != 0)
		return rc;
	rc = desk_verify(d, &q, &v, &err);
	desk_close(d);
	if (rc)
		return cli_error(CLI_USAGE, _("log verify: %s"), err.msg);
	if (!v.ok) {
		printf("not ok: %s: %s\n", h.log_path, v.problem);
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
	int rc;

	if (parse_opts("merge", argc, argv, (struct opt[]){ { 0, 0, 0 } }, &other, 1))
		return CLI_USAGE;
	if (!other)
		return cli_error(CLI_USAGE, _("log merge: name the other log: log merge OTHER.db"));
	/* Merging writes rows the gate did not check one by one: the
	 * office's (root's) work, on files it can open itself. */
	if (app_log(&c->conf, APP_LOG_COMMAND, &log, &err))
		return cli_error(CLI_FAIL, "%s", err.msg);
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
