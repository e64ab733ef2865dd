#include "cli_log.h"
#include "desk.h"
#include "buf.h"
#include "cli_review.h"
#include "cli_text.h"
#include "export.h"
#include "i18n.h"
#include "inq_chain.h"
#include "inq_check.h"
#include "inq_disp.h"
#include "inq_heads.h"
#include "inq_merge.h"
#include "inq_purge.h"
#include "inq_read.h"
#include "inq_store.h"
#include "logview_day.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* The log itself, for what only its owner does (merge, purge): on a
 * desk host, root, who can open it; never through the gate. */
static int open_log(const struct cli *c, struct inq_log **log)
{
	struct err err;

	if (desk_uses_gate())
		return cli_error(CLI_USAGE, "%s", _("on this desk the log is the gate's: only root may "
						  "merge or purge it; ask the office"));
	if (app_log(&c->conf, APP_LOG_COMMAND, log, &err))
		return cli_text_error(CLI_FAIL, "%s", err.msg);
	return 0;
}

/* The desk (src/desk: the gate on a jump host, else this process), with
 * the log read for what (NULL: only written); *h (may be NULL) gets its
 * hello.  0, or the status of the error said, cmd naming the subcommand. */
static int open_desk(const struct cli *c, const char *cmd, const char *what, struct desk **d,
		     struct proto_hello *h)
{
	struct err err;
	int status;

	if (desk_open(&c->conf, APP_LOG_COMMAND, d, h, &err)) {
		*d = NULL;
		return cli_text_error(CLI_USAGE, "%s: %s", cmd, err.msg);
	}
	if (what && desk_read(*d, what, &err)) {
		status = desk_exit(*d);
		desk_close(*d);
		*d = NULL;
		return cli_text_error(status, "%s", err.msg);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* log add, log lookup */

/* The most bytes a note of INQ_NOTE_MAX characters can take (4 each in
 * UTF-8; an invalid byte counts as a character). */
#define NOTE_BYTES_MAX (4 * INQ_NOTE_MAX)

/* The characters of the rest of a regular file, counted as it streams by
 * (its lead bytes: what inq_check counts, for UTF-8). */
static size_t count_rest(int fd, const char *have, size_t n)
{
	char chunk[65536];
	size_t chars = 0;
	ssize_t r;

	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)have[i] & 0xc0) != 0x80;
	while ((r = read(fd, chunk, sizeof chunk)) > 0)
		for (ssize_t i = 0; i < r; i++)
			chars += ((unsigned char)chunk[i] & 0xc0) != 0x80;
	return chars;
}

/* What a note file holds beyond a note's bytes: a regular file (finite)
 * is counted to the end, so the message says how long it is; anything
 * else (/dev/zero, a pipe or FIFO that never ends) is not read further. */
static int note_too_long(int fd, const struct buf *b, struct err *err)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return inq_note_long(count_rest(fd, b->p, b->n), err);
	return err_set(err, _("it holds more than %d characters, the limit of a note: shorten it"),
		       INQ_NOTE_MAX);
}

/* A note too long for the command line (the kernel stops one argument at
 * 128 KiB) comes from a file or stdin, read only as far as a note can go
 * (+1 byte to know it goes on).  Opened without waiting: a FIFO with no
 * writer is an empty note, not a hang.  NULL with err. */
static char *read_note(const char *path, struct err *err)
{
	bool std = strcmp(path, "-") == 0;
	int fd = std ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct buf b = { 0 };
	char chunk[8192];
	ssize_t r = 0;
	int fail = 0;

	if (fd < 0) {
		err_set(err, "%s", strerror(errno));
		return NULL;
	}
	if (!std)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	buf_add(&b, "", 0);                   /* an empty file is an empty note */
	while (b.n <= NOTE_BYTES_MAX && !b.oom) {
		size_t want = NOTE_BYTES_MAX + 1 - b.n;

		r = read(fd, chunk, want < sizeof chunk ? want : sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		buf_add(&b, chunk, (size_t)r);
	}
	if (b.oom)
		fail = err_set(err, "%s", strerror(ENOMEM));
	else if (r < 0)
		fail = err_set(err, "%s", strerror(errno));
	else if (b.n > NOTE_BYTES_MAX)
		fail = note_too_long(fd, &b, err);
	else if (memchr(b.p, '\0', b.n))
		fail = err_set(err, "%s", strerror(EILSEQ));   /* a NUL byte: not text */
	if (!std)
		close(fd);
	if (fail) {
		buf_free(&b);
		return NULL;
	}
	/* The newline a shell's here-string adds is not part of the note. */
	if (b.n > 0 && b.p[b.n - 1] == '\n')
		b.p[--b.n] = '\0';
	return b.p;
}

/* The desk's codes, for the message asking for one (the desk checks
 * the code given: src/gate). */
static void disposition_codes(const struct cli *c, char *list, size_t size)
{
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
}

/* The UUID was checked (src/inq_check); the message can quote a path or
 * SQLite's words about a file: made safe too. */
static int report_append(const struct desk *d, const char *cmd, enum inq_status st,
			 const char *uuid, const struct err *err)
{
	switch (st) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		cli_text_put(stdout, uuid);
		putchar('\n');
		return CLI_OK;
	case INQ_SPOOLED:
		cli_text_put(stdout, uuid);
		putchar('\n');
		cli_text_warn("%s", err->msg);
		return CLI_OK;
	case INQ_ERROR:
		break;
	}
	return cli_text_error(desk_exit(d), "%s: %s", cmd, err->msg);
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
		return cli_text_error(CLI_USAGE, _("log add: --disposition is required (one of: %s)"),
				      codes);
	}
	if (opt(o, "note") && opt(o, "note-file"))
		return cli_error(CLI_USAGE, _("log add: give --note or --note-file, not both"));
	if (opt(o, "note-file") && !(note = read_note(opt(o, "note-file"), &err)))
		return cli_text_error(CLI_USAGE, _("log add: --note-file %s: %s"), opt(o, "note-file"),
				      err.msg);
	if (opt(o, "uuid") && strlen(opt(o, "uuid")) != INQ_UUID_LEN) {
		free(note);
		return cli_text_error(CLI_USAGE, _("log add: --uuid '%s' is not a UUID"), opt(o, "uuid"));
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
	/* The desk checks the entry (its fields, the disposition one of the
	 * desk's) and stamps it with this account. */
	if ((status = open_desk(c, "log add", NULL, &d, NULL)) != 0) {
		free(note);
		return status;
	}
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
		return cli_text_error(CLI_USAGE, _("log lookup: --uuid '%s' is not a UUID"), opt(o, "uuid"));
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
	if (desk_export(d, &x, stdout, &err) < 0)
		rc = cli_text_error(ferror(stdout) ? CLI_FAIL : desk_exit(d), _("log export: %s"),
				    err.msg);
	desk_close(d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* log verify, log merge */

/* Where `log verify` takes its heads from: the --head words first, then
 * each --syslog file, line by line (lines that are not ours are passed
 * over; a line too long for a head is too). */
struct heads {
	const char **words;
	int nwords, w;
	const char **files;
	FILE **fp;
	int nfiles, f;
	long line;
};

static int next_head(void *ctx, struct inq_head *h, struct err *err)
{
	struct heads *x = ctx;
	char line[4096];

	if (x->w < x->nwords) {
		x->w++;
		return inq_head_parse(x->words[x->w - 1], strlen(x->words[x->w - 1]), h, err) ? -1 : 1;
	}
	for (; x->f < x->nfiles; x->f++, x->line = 0) {
		while (fgets(line, sizeof line, x->fp[x->f])) {
			int got;

			x->line++;
			if (!strchr(line, '\n') && !feof(x->fp[x->f])) {
				int ch;

				while ((ch = fgetc(x->fp[x->f])) != EOF && ch != '\n')
					;
				continue;
			}
			got = inq_head_of_line(line, h, err);
			if (got < 0)
				err_prefix(err, "%s:%ld", x->files[x->f], x->line);
			if (got)
				return got;
		}
		if (ferror(x->fp[x->f]))
			return err_set(err, "%s: %s", x->files[x->f], strerror(errno));
	}
	return 0;
}

/* --head (repeatable), --syslog FILE (repeatable), --verbose. */
static int verify_opts(int argc, char **argv, struct heads *x, bool *verbose)
{
	bool missing = false;

	for (int i = 1; i < argc; i++) {
		const char *v;
		struct inq_head h;
		struct err err;

		if ((v = cli_opt_value(argc, argv, &i, "--head", &missing))) {
			if (inq_head_parse(v, strlen(v), &h, &err))
				return cli_text_error(CLI_USAGE, _("log verify: %s"), err.msg);
			x->words[x->nwords++] = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--syslog", &missing))) {
			x->files[x->nfiles++] = v;
		} else if (missing) {
			return cli_text_error(CLI_USAGE, _("log verify: option %s needs a value"), argv[i]);
		} else if (strcmp(argv[i], "--verbose") == 0) {
			*verbose = true;
		} else {
			return cli_text_error(CLI_USAGE, _("log verify: unexpected '%s'; give --head "
							   "TABLE:SEQ:HASH, --syslog FILE or --verbose"), argv[i]);
		}
	}
	return 0;
}

static int verify_open_files(struct heads *x)
{
	for (int i = 0; i < x->nfiles; i++) {
		if (!(x->fp[i] = fopen(x->files[i], "r")))
			return cli_text_error(CLI_USAGE, _("log verify: --syslog %s: %s"), x->files[i],
					      strerror(errno));
	}
	return 0;
}

static void verify_print(const char *path, const struct inq_verify *v, bool verbose)
{
	static const char *const names[] = { "inquiry", "lookup", "access" };

	if (!v->ok) {
		fputs("not ok: ", stdout);
		cli_text_put(stdout, path);
		fputs(": ", stdout);
		cli_text_put(stdout, v->problem);
		putchar('\n');
		return;
	}
	printf("ok %ld entries", v->calls);
	if (v->purged)
		printf(" (%ld notes purged)", v->purged);
	putchar('\n');
	if (v->lookups)
		printf("ok %ld lookups\n", v->lookups);
	if (v->access)
		printf("ok %ld access records\n", v->access);
	if (v->heads) {
		const char *sep = " (last:";

		printf("ok %ld heads", v->heads);
		for (int t = 0; t <= INQ_ACCESS; t++) {
			if (!v->head_last[t])
				continue;
			printf("%s %s %lld", sep, names[t], v->head_last[t]);
			sep = ",";
		}
		puts(")");
	}
	if (verbose && v->purged)
		printf("purged notes: inquiry rows %s\n", v->purged_rows);
}

/* The chains, then the heads given, as of one moment.  Reading the log
 * (it names rows and counts them) is for supervisors, as export is. */
static int do_verify(struct cli *c, int argc, char **argv)
{
	struct heads x = { .nwords = 0 };
	struct proto_hello h;
	struct inq_verify v;
	struct desk *d = NULL;
	struct err err;
	bool verbose = false;
	int rc;

	x.words = calloc((size_t)argc, sizeof *x.words);
	x.files = calloc((size_t)argc, sizeof *x.files);
	x.fp = calloc((size_t)argc, sizeof *x.fp);
	if (!x.words || !x.files || !x.fp)
		rc = cli_error(CLI_FAIL, "%s", _("out of memory"));
	else if ((rc = verify_opts(argc, argv, &x, &verbose)) == 0 &&
		 (rc = verify_open_files(&x)) == 0 &&
		 (rc = open_desk(c, "log verify", "log verify", &d, &h)) == 0) {
		/* The heads go to the desk, which checks them against the
		 * chains as of one moment. */
		if (desk_verify(d, next_head, &x, &v, &err))
			rc = cli_text_error(desk_exit(d), _("log verify: %s"), err.msg);
		else
			verify_print(h.log_path, &v, verbose);
		if (rc == 0 && !v.ok)
			rc = CLI_NO;
	}
	desk_close(d);
	for (int i = 0; x.fp && i < x.nfiles; i++)
		if (x.fp[i])
			fclose(x.fp[i]);
	free(x.words);
	free(x.files);
	free(x.fp);
	return rc;
}

static int do_merge(struct cli *c, int argc, char **argv)
{
	const char *other;
	struct inq_disps ds;
	struct inq_log *log;
	struct err err;
	long added;
	int status, rc;

	if (parse_opts("merge", argc, argv, (struct opt[]){ { 0, 0, 0 } }, &other, 1))
		return CLI_USAGE;
	if (!other)
		return cli_error(CLI_USAGE, _("log merge: name the other log: log merge OTHER.db"));
	/* A merged call's disposition must be one this desk knows. */
	if (app_disps(&c->conf, &ds, &err))
		return cli_text_error(CLI_FAIL, "%s", err.msg);
	if ((status = open_log(c, &log)) != 0) {
		inq_disps_free(&ds);
		return status;
	}
	rc = inq_merge(log, other, &ds, &added, &err);
	inq_close(log);
	inq_disps_free(&ds);
	/* A log that does not verify, or holds a row that fails the checks,
	 * is a finding, as for log verify; a file that is not a log, or
	 * cannot be read, is the user's to fix; this log not taking the rows
	 * is output that cannot be written. */
	if (rc)
		return cli_text_error(rc > 0 ? CLI_NO : rc == -1 ? CLI_USAGE : CLI_FAIL,
				      _("log merge: %s"), err.msg);
	printf(_("merged %ld entries from %s\n"), added, other);
	return CLI_OK;
}

/* The notes of the calls that started before a day, erased (src/inq_purge).
 * The office's, on its own log: on a desk host only root can write it. */
static int do_purge(struct cli *c, int argc, char **argv)
{
	struct opt o[] = { { "before", 0, 0 }, { 0, 0, 0 } };
	char before[INQ_TIME_LEN + 1], line[512];
	struct inq_purged p;
	struct inq_log *log;
	struct err err;
	int status;

	if (parse_opts("purge", argc, argv, o, NULL, 0))
		return CLI_USAGE;
	if (!opt(o, "before"))
		return cli_error(CLI_USAGE, _("log purge: --before DATE is required: the notes of the "
					      "calls that started before that day are erased"));
	if (logview_day(opt(o, "before"), 0, time(NULL), before, &err))
		return cli_text_error(CLI_USAGE, _("log purge: --before '%s': %s"), opt(o, "before"), err.msg);
	if ((status = open_log(c, &log)) != 0)
		return status;
	status = inq_purge(log, before, &p, &err);
	inq_close(log);
	if (status)
		return cli_text_error(CLI_FAIL, _("log purge: %s"), err.msg);
	snprintf(line, sizeof line, _("notes purged: %ld (calls that started before %s, %s)"),
		 p.purged, opt(o, "before"), before);
	cli_text_put(stdout, line);
	putchar('\n');
	if (p.kept)
		cli_text_warn(_("%ld calls before that day keep their notes: they were written before "
				"schema 3, and their hash covers the note itself"), p.kept);
	if (!p.wal_emptied)
		cli_text_warn("%s", _("the write-ahead log could not be emptied (a reader kept it); "
				      "older copies of the notes stay in it until SQLite's next checkpoint"));
	return CLI_OK;
}

int cli_log_main(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *c, int argc, char **argv);
	} subs[] = {
		{ "add", do_add }, { "lookup", do_lookup }, { "export", do_export },
		{ "verify", do_verify }, { "merge", do_merge }, { "purge", do_purge },
		{ "stats", cli_review_stats },
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
