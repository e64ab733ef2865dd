#include "cli_snapshot.h"
#include "app.h"
#include "buf.h"
#include "call.h"
#include "csv.h"
#include "demo.h"
#include "desk.h"
#include "i18n.h"
#include "json.h"
#include "snapshot_import.h"
#include "snapshot_key.h"
#include "snapshot_read.h"
#include "inq_store.h"
#include "window.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_bad_row(void *ctx, const char *msg)
{
	const char *name = ctx;

	fprintf(stderr, "madoguchi: %s: %s\n", name, msg);
}

/* snapshot.db → snapshot.key beside it: the demo's layout. */
static void default_key(const char *out, char *buf, size_t size)
{
	const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');

	if (dot && (!slash || dot > slash))
		snprintf(buf, size, "%.*s.key", (int)(dot - out), out);
	else
		snprintf(buf, size, "%s.key", out);
}

static int import_run(const char *csv_path, enum csv_encoding enc, const char *out,
		      const char *key_path, bool quiet)
{
	uint8_t key[SNAPSHOT_KEY_BYTES];
	struct snapshot_summary sum;
	struct csv_text text;
	struct err err = { "" };
	bool created;
	int rc;

	if (snapshot_key_prepare(key_path, key, &created, &err))
		return cli_error(CLI_USAGE, "%s", err.msg);
	if (csv_load(csv_path, enc, &text, &err)) {
		sodium_memzero(key, sizeof key);
		return cli_error(CLI_USAGE, "%s", err.msg);
	}
	rc = snapshot_import(csv_path, &text, out, key, created ? key_path : NULL, print_bad_row,
			     (void *)csv_path, &sum, &err);
	csv_text_free(&text);
	sodium_memzero(key, sizeof key);
	if (rc)
		return cli_error(CLI_USAGE, "%s", err.msg);
	if (quiet)
		return CLI_OK;
	printf("snapshot: %s\nkey: %s%s\nrows: %ld\npersons: %ld\ncard_records: %ld\n"
	       "card_persons: %ld\nuserinfo_exposed: %ld\n", out, key_path,
	       created ? " (created)" : "", sum.rows, sum.persons, sum.card_records,
	       sum.card_persons, sum.userinfo_persons);
	return CLI_OK;
}

int cli_import_main(struct cli *c, int argc, char **argv)
{
	const char *csv_path = NULL, *out = NULL, *v, *key_path = conf_get(&c->conf, CONF_KEY_FILE);
	enum csv_encoding enc = CSV_UTF8;
	char keybuf[4096];
	bool missing = false;

	for (int i = 1; i < argc; i++) {
		if ((v = cli_opt_value(argc, argv, &i, "--out", &missing))) {
			out = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--encoding", &missing))) {
			int e = csv_encoding_parse(v);

			if (e < 0)
				return cli_error(CLI_USAGE, _("import: --encoding '%s': use utf-8 or cp932"), v);
			enc = (enum csv_encoding)e;
		} else if (missing) {
			return cli_error(CLI_USAGE, _("import: %s needs a value"), argv[i]);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_error(CLI_USAGE, _("import: unknown option '%s'; see 'madoguchi --help'"), argv[i]);
		} else if (!csv_path) {
			csv_path = argv[i];
		} else {
			return cli_error(CLI_USAGE, _("import: one CSV file only ('%s' is extra)"), argv[i]);
		}
	}
	if (missing)
		return cli_error(CLI_USAGE, _("import: %s needs a value"), argv[argc - 1]);
	if (!csv_path || !out)
		return cli_error(CLI_USAGE, _("usage: %s"), "madoguchi import CSV --out SNAPSHOT "
				 "[--key KEYFILE] [--encoding utf-8|cp932]");
	if (!key_path) {
		default_key(out, keybuf, sizeof keybuf);
		key_path = keybuf;
	}
	return import_run(csv_path, enc, out, key_path, false);
}

int cli_demo_main(struct cli *c, int argc, char **argv)
{
	const char *dir = "demo", *v;
	long persons = 0;
	bool missing = false, no_import = false;
	char csv[4096], key[4096], db[4096];
	struct err err = { "" };
	struct demo_counts n;

	(void)c;
	for (int i = 1; i < argc; i++) {
		if ((v = cli_opt_value(argc, argv, &i, "--dir", &missing))) {
			dir = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--persons", &missing))) {
			char *end;

			persons = strtol(v, &end, 10);
			if (*v == '\0' || *end || persons < DEMO_MIN_PERSONS || persons > 10000000)
				return cli_error(CLI_USAGE, _("demo: --persons '%s': give a number from %d to 10000000"),
						 v, DEMO_MIN_PERSONS);
		} else if (strcmp(argv[i], "--no-import") == 0) {
			no_import = true;
		} else if (missing) {
			return cli_error(CLI_USAGE, _("demo: %s needs a value"), argv[i]);
		} else {
			return cli_error(CLI_USAGE, _("demo: unknown argument '%s'; usage: madoguchi demo [--dir DIR]"),
					 argv[i]);
		}
	}
	if (missing)
		return cli_error(CLI_USAGE, _("demo: %s needs a value"), argv[argc - 1]);
	snprintf(csv, sizeof csv, "%s/affected.csv", dir);
	snprintf(key, sizeof key, "%s/snapshot.key", dir);
	snprintf(db, sizeof db, "%s/snapshot.db", dir);
	if (demo_write(dir, csv, no_import ? NULL : db, persons, &n, &err))
		return cli_error(CLI_USAGE, "%s", err.msg);
	printf("list: %s (%ld rows)\n", csv, n.rows);
	if (no_import)
		return CLI_OK;
	return import_run(csv, CSV_UTF8, db, key, false);
}

static int open_snapshot(struct cli *c, struct snapshot **s)
{
	struct err err = { "" };

	return app_snapshot(&c->conf, s, &err) ? cli_error(CLI_USAGE, "%s", err.msg) : CLI_OK;
}

int cli_snapshot_main(struct cli *c, int argc, char **argv)
{
	struct snapshot *s;
	const struct snapshot_info *in;
	struct err err = { "" };
	int rc;

	if (argc != 2 || strcmp(argv[1], "info") != 0)
		return cli_error(CLI_USAGE, _("usage: %s"), "madoguchi snapshot info");
	if ((rc = open_snapshot(c, &s)) != CLI_OK)
		return rc;
	if (snapshot_check(s, &err)) {
		snapshot_close(s);
		return cli_error(CLI_USAGE, "%s", err.msg);
	}
	in = snapshot_get_info(s);
	printf("id: %s\ncreated: %s\nsource_sha256: %s\nschema: %d\nident_rules: %s\nrows: %ld\n"
	       "persons: %ld\nuserinfo_exposed: %ld\ncard_records: %ld\ncard_persons: %ld\ncheck: ok\n",
	       in->id, in->created, in->source_sha256, in->schema, in->ident_rules, in->rows, in->persons,
	       in->userinfo_exposed, in->card_records, in->card_persons);
	snapshot_close(s);
	return CLI_OK;
}

/* ---- lookup ---------------------------------------------------------- */

/* The options, by field (enum call_field). */
static const char *const field_opts[CALL_NFIELDS] = {
	"--kana", "--name", "--birth", "--phone", "--email", "--postal", "--card-date", "--reg-date",
};

static void list_kinds(struct buf *b, unsigned kinds, const char *sep, bool json)
{
	bool first = true;

	for (int k = 0; k < IDENT_NKINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		buf_printf(b, json ? "%s\"%s\"" : "%s%s", first ? "" : sep, snapshot_column((enum ident_kind)k));
		first = false;
	}
}

/* What to ask for, read out by a person: the kinds in words of the desk's
 * language, each with its option, listed "a, b or c". */
static void ask_kinds(struct buf *b, unsigned kinds)
{
	static const char *const words[IDENT_NKINDS] = {
		N_("the reading (--kana)"), N_("the name (--name)"), N_("the birth date (--birth)"),
		N_("the phone number (--phone)"), N_("the e-mail address (--email)"),
		N_("the postal code (--postal)"),
	};
	int kind[IDENT_NKINDS], n = 0;

	for (int k = 0; k < IDENT_NKINDS; k++)
		if (kinds & (1u << k))
			kind[n++] = k;
	for (int i = 0; i < n; i++) {
		/* TRANSLATORS: " or " before the last item of a list, ", " before the others. */
		buf_str(b, i == 0 ? "" : i + 1 == n ? _(" or ") : _(", "));
		buf_str(b, _(words[kind[i]]));
	}
}

static void list_items(struct buf *b, unsigned items, const char *sep, bool json)
{
	bool first = true;

	for (int i = 0; i < SNAPSHOT_NITEMS; i++) {
		if (!(items & (1u << i)))
			continue;
		buf_printf(b, json ? "%s\"%s\"" : "%s%s", first ? "" : sep, snapshot_item_name(i));
		first = false;
	}
}

static void list_faq(struct buf *b, const struct lookup_result *r, const char *sep)
{
	for (size_t i = 0; i < r->nfaq; i++)
		buf_printf(b, "%s%d", i ? sep : "", r->faq[i]);
}

static void json_opt_str(struct buf *b, const char *key, const char *v, bool show)
{
	buf_printf(b, ",\"%s\":", key);
	json_str_or_null(b, show && *v ? v : NULL);
}

static void json_windows(struct buf *b, const struct lookup_result *r)
{
	buf_str(b, ",\"window\":{");
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		buf_printf(b, "%s\"%s\":", k ? "," : "", window_kind_name((enum window_kind)k));
		json_str_or_null(b, window_state_name(r->window[k]));
	}
	buf_str(b, "},\"advice\":[");
	for (int k = 0, n = 0; k < WINDOW_NKINDS; k++) {
		const char *a = lookup_advice(r, (enum window_kind)k);

		if (!a)
			continue;
		buf_str(b, n++ ? "," : "");
		json_str_or_null(b, a);
	}
	buf_str(b, "]");
}

static void print_json(struct buf *b, const struct call_verdict *cv)
{
	const struct lookup_result *r = &cv->res;
	bool v = r->match == LOOKUP_VERIFIED;

	buf_printf(b, "{\"snapshot\":\"%s\",\"match\":\"%s\",\"factors\":[", cv->snapshot_id,
		   lookup_match_name(r->match));
	list_kinds(b, r->factors, ",", true);
	buf_str(b, "],\"ask\":[");
	list_kinds(b, r->ask, ",", true);
	buf_str(b, "]");
	json_opt_str(b, "ref", r->person.ref, v);
	buf_printf(b, ",\"card_exposed\":%s", v ? (r->person.card_records ? "true" : "false") : "null");
	if (v)
		buf_printf(b, ",\"card_records\":%ld", r->person.card_records);
	else
		buf_str(b, ",\"card_records\":null");
	buf_printf(b, ",\"userinfo_exposed\":%s", v ? (r->person.userinfo ? "true" : "false") : "null");
	buf_str(b, ",\"exposed_items\":[");
	list_items(b, r->exposed_items, ",", true);
	buf_str(b, "]");
	json_opt_str(b, "registered_on", r->person.registered_on, v);
	json_opt_str(b, "notified_on", r->person.notified_on, v);
	buf_str(b, ",\"faq\":[");
	list_faq(b, r, ",");
	buf_str(b, "]");
	json_windows(b, r);
	buf_str(b, "}\n");
}

static void print_person(struct buf *b, const struct lookup_result *r)
{
	buf_printf(b, "ref: %s\ncard_exposed: %s", *r->person.ref ? r->person.ref : "-",
		   r->person.card_records ? "yes" : "no");
	if (r->person.card_records)
		buf_printf(b, ngettext(" (%ld record)", " (%ld records)", (unsigned long)r->person.card_records),
			   r->person.card_records);
	buf_printf(b, "\nuserinfo_exposed: %s\nexposed_items: ", r->person.userinfo ? "yes" : "no");
	list_items(b, r->exposed_items, ", ", false);
	buf_printf(b, "\nregistered_on: %s\nnotified_on: %s\n",
		   *r->person.registered_on ? r->person.registered_on : "-",
		   *r->person.notified_on ? r->person.notified_on : "not yet");
}

static void print_windows(struct buf *b, const struct call_verdict *cv)
{
	const struct lookup_result *r = &cv->res;

	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const struct call_window *w = &cv->win[k];
		const char *a = lookup_advice(r, (enum window_kind)k);

		if (!a)
			continue;
		buf_printf(b, "window: %s %s", window_kind_name((enum window_kind)k), window_state_name(r->window[k]));
		if (r->window[k] == WINDOW_INSIDE)
			buf_printf(b, " (%s to %s)", w->from, w->to);
		/* Read out by a person: in the desk's language (the JSON keeps
		 * the message for scripts). */
		buf_printf(b, "\nadvice: %s\n", _(a));
		if (r->window[k] == WINDOW_INSIDE && *w->note)
			buf_printf(b, "advice: %s\n", w->note);
	}
}

/* Ambiguous: what tells them apart, nothing of theirs.  With the postal
 * code and the last 4 digits given, only another supporting item can. */
static void print_tiebreak(struct buf *b, const struct call_verdict *cv)
{
	const unsigned postal = 1u << IDENT_POSTAL, phone = 1u << IDENT_PHONE;
	unsigned ask = cv->res.ask, other = IDENT_SUPPORT_KINDS & ~cv->given;

	/* What to ask is read out: in the desk's language; the kinds and
	 * options stay as typed. */
	if (ask) {
		if ((ask & postal) && (ask & phone))
			buf_printf(b, "ask: %s\n", _("the postal code (--postal) or the last 4 digits of the "
						     "phone (--phone LAST4)"));
		else if (ask & postal)
			buf_printf(b, "ask: %s\n", _("the postal code (--postal)"));
		else
			buf_printf(b, "ask: %s\n", _("the last 4 digits of the phone (--phone LAST4)"));
	} else if (other) {
		buf_str(b, "ask: ");
		ask_kinds(b, other);
		buf_printf(b, " %s\n", _("(the postal code and the last 4 digits do not tell them apart)"));
	} else {
		buf_printf(b, "note: %s\n", _("the details given do not tell them apart"));
	}
}

/* None: said so, with its caveat; a surname alone asks for the whole of it.
 * The keys stay as they are in any language: scripts read them. */
static void print_none(struct buf *b, unsigned ask)
{
	const unsigned kana = 1u << IDENT_KANA, name = 1u << IDENT_NAME;

	buf_printf(b, "note: %s\n", _("not found in the affected list with the details given"));
	buf_printf(b, "note: %s\n", _("that alone does not mean the caller is not affected"));
	if ((ask & kana) && (ask & name))
		buf_printf(b, "ask: %s\n", _("the whole kana or name (surname and given name)"));
	else if (ask & kana)
		buf_printf(b, "ask: %s\n", _("the whole kana (surname and given name)"));
	else if (ask & name)
		buf_printf(b, "ask: %s\n", _("the whole name (surname and given name)"));
}

static void print_text(struct buf *b, const struct call_verdict *cv)
{
	const struct lookup_result *r = &cv->res;

	buf_printf(b, "match: %s\n", lookup_match_name(r->match));
	if (r->factors) {
		buf_str(b, "factors: ");
		list_kinds(b, r->factors, ", ", false);
		buf_str(b, "\n");
	}
	if (r->match == LOOKUP_VERIFIED) {
		print_person(b, r);
	} else if (r->match == LOOKUP_AMBIGUOUS) {
		print_tiebreak(b, cv);
	} else if (r->match == LOOKUP_PARTIAL) {
		buf_str(b, "ask: ");
		ask_kinds(b, r->ask);
		buf_str(b, "\n");
	} else {
		print_none(b, r->ask);
	}
	print_windows(b, cv);
	if (r->nfaq) {
		buf_str(b, "faq: ");
		list_faq(b, r, " ");
		buf_str(b, "\n");
	}
}

/* The lookup's event is recorded before the verdict comes back (the desk:
 * the gate on a jump host, else this process, in the log set or this
 * account's own); kept in the spool when the log cannot be written, said
 * on stderr.  A lookup that cannot be recorded at all gives no verdict. */
static void say_logged(const struct call_verdict *v)
{
	if (v->logged == CALL_SPOOLED)
		fprintf(stderr, _("madoguchi: warning: %s\n"), v->log_why);
}

static const char lookup_usage[] = "madoguchi lookup [--stdin] [--kana K] [--name N] [--birth D] "
	"[--phone P|LAST4] [--email E] [--postal Z] [--card-date D] [--reg-date D] [--json]";

/* The options into q.  CLI_OK, or the status of the error said. */
static int take_options(int argc, char **argv, struct call_request *q, bool *json, bool *in)
{
	bool missing = false;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int f;

		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "--stdin") == 0) {
			*(argv[i][2] == 'j' ? json : in) = true;
			continue;
		}
		for (f = 0; f < CALL_NFIELDS; f++)
			if ((v = cli_opt_value(argc, argv, &i, field_opts[f], &missing)) || missing)
				break;
		if (missing)
			return cli_error(CLI_USAGE, _("lookup: %s needs a value"), argv[i]);
		if (f == CALL_NFIELDS)
			return cli_error(CLI_USAGE, _("lookup: unknown argument '%s'; usage: %s"), argv[i],
					 lookup_usage);
		call_request_set(q, (enum call_field)f, v, strlen(v));
	}
	return CLI_OK;
}

/* ---- lookup --stdin: the identifiers never in argv (ps shows it) ---- */

/* A field named as its option without the dashes; card_date and reg_date
 * as JSON keys are written. */
static int field_named(const char *key)
{
	for (int f = 0; f < CALL_NFIELDS; f++) {
		const char *o = field_opts[f] + 2;
		size_t i = 0;

		while (o[i] && (key[i] == o[i] || (o[i] == '-' && key[i] == '_')))
			i++;
		if (!o[i] && !key[i])
			return f;
	}
	return -1;
}

struct stdin_fields {
	struct call_request *q;
	struct err *err;
};

static int take_field(void *ctx, const char *key, const char *value)
{
	struct stdin_fields *in = ctx;
	int f = field_named(key);

	if (f < 0)
		return err_set(in->err, _("'%s' is not a field: use kana, name, birth, phone, email, "
					  "postal, card-date or reg-date"), key);
	if (in->q->field[f].given)
		return err_set(in->err, _("'%s' is given twice"), key);
	call_request_set(in->q, (enum call_field)f, value, strlen(value));
	return 0;
}

/* kana=… lines: one field a line; blank lines and # comments passed over. */
static int take_lines(char *text, struct stdin_fields *in)
{
	long line = 0;

	for (char *p = text, *nl; p && *p; p = nl) {
		char *eq;

		line++;
		if ((nl = strchr(p, '\n')))
			*nl++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (!(eq = strchr(p, '='))) {
			err_set(in->err, _("line %ld: write name=value, like kana=さいとう"), line);
			return -1;
		}
		*eq = '\0';
		if (take_field(in, p, eq + 1)) {
			err_prefix(in->err, _("line %ld"), line);
			return -1;
		}
	}
	return 0;
}

#define STDIN_MAX (64 * 1024)

/* The fields from standard input: lines, or one JSON object.  CLI_OK,
 * or the status of the error said. */
static int take_stdin(struct call_request *q)
{
	struct buf b = { 0 };
	struct err err = { "" };
	struct stdin_fields in = { q, &err };
	char chunk[4096];
	size_t n;
	const char *p;
	int rc;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b.n <= STDIN_MAX)
		buf_add(&b, chunk, n);
	if (ferror(stdin) || b.oom || b.n > STDIN_MAX || (b.n && memchr(b.p, '\0', b.n))) {
		rc = cli_error(CLI_USAGE, _("lookup --stdin: give the fields as text, at most %d KiB"),
			       STDIN_MAX / 1024);
		buf_free(&b);
		return rc;
	}
	buf_add(&b, "", 0);
	for (p = b.p; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		;
	rc = *p == '{' || *p == '[' ? json_object_each(p, strlen(p), take_field, &in, &err)
		       : take_lines(b.p, &in);
	buf_free(&b);
	return rc ? cli_error(CLI_USAGE, _("lookup --stdin: %s"), err.msg) : CLI_OK;
}

static int run_lookup(struct cli *c, const struct call_request *q, bool json)
{
	struct call_verdict v;
	struct desk *d;
	struct err err = { "" };
	struct buf out = { 0 };
	int rc;

	if (desk_open(&c->conf, APP_LOG_COMMAND, &d, NULL, &err))
		return cli_error(CLI_USAGE, "lookup: %s", err.msg);
	rc = desk_lookup(d, q, &v, &err);
	if (rc == 0) {
		say_logged(&v);
		(json ? print_json : print_text)(&out, &v);
		fwrite(out.p, 1, out.n, stdout);
		rc = out.oom ? cli_error(CLI_FAIL, "%s", _("out of memory")) :
		     v.res.match >= LOOKUP_AMBIGUOUS ? CLI_OK : CLI_NO;
	} else if (rc > 0) {
		rc = cli_error(CLI_USAGE, "lookup: %s: %s", field_opts[v.field], v.why);
	} else {
		rc = cli_error(desk_exit(d), "%s", err.msg);
	}
	buf_free(&out);
	desk_close(d);
	return rc;
}

/* What the screen says beside a field it read with a remark (an era
 * that had ended, a date after today), said on standard error. */
static void warn_readings(const struct call_request *q)
{
	struct call_reading r;

	for (int f = 0; f < CALL_NFIELDS; f++) {
		if (!q->field[f].given)
			continue;
		if (call_read((enum call_field)f, q->field[f].s, q->field[f].len, &r) == CALL_READ && r.msg[0])
			fprintf(stderr, _("madoguchi: warning: %s: %s\n"), field_opts[f], r.msg);
	}
}

int cli_lookup_main(struct cli *c, int argc, char **argv)
{
	struct call_request q = { .call_uuid = "" };
	struct call_reading r;
	bool json = false, in = false;
	int rc, f;

	if ((rc = take_options(argc, argv, &q, &json, &in)) != CLI_OK)
		return rc;
	if (in) {
		for (f = 0; f < CALL_NFIELDS; f++)
			if (q.field[f].given)
				return cli_error(CLI_USAGE, _("lookup: with --stdin the fields come from "
							      "standard input, not %s"), field_opts[f]);
		if ((rc = take_stdin(&q)) != CLI_OK)
			return rc;
	}
	/* A value that cannot be read is said before anything is opened. */
	if ((f = call_check(&q, &r)) >= 0)
		return cli_error(CLI_USAGE, "lookup: %s: %s", field_opts[f], r.msg);
	warn_readings(&q);
	return run_lookup(c, &q, json);
}
