#include "cli_snapshot.h"
#include "csv.h"
#include "demo.h"
#include "i18n.h"
#include "lookup.h"
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
				return cli_error(CLI_USAGE, "import: --encoding '%s': use utf-8 or cp932", v);
			enc = (enum csv_encoding)e;
		} else if (missing) {
			return cli_error(CLI_USAGE, "import: %s needs a value", argv[i]);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_error(CLI_USAGE, "import: unknown option '%s'; see 'madoguchi --help'", argv[i]);
		} else if (!csv_path) {
			csv_path = argv[i];
		} else {
			return cli_error(CLI_USAGE, "import: one CSV file only ('%s' is extra)", argv[i]);
		}
	}
	if (missing)
		return cli_error(CLI_USAGE, "import: %s needs a value", argv[argc - 1]);
	if (!csv_path || !out)
		return cli_error(CLI_USAGE, "usage: madoguchi import CSV --out SNAPSHOT [--key KEYFILE] "
				 "[--encoding utf-8|cp932]");
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
				return cli_error(CLI_USAGE, "demo: --persons '%s': give a number from %d to 10000000",
						 v, DEMO_MIN_PERSONS);
		} else if (strcmp(argv[i], "--no-import") == 0) {
			no_import = true;
		} else if (missing) {
			return cli_error(CLI_USAGE, "demo: %s needs a value", argv[i]);
		} else {
			return cli_error(CLI_USAGE, "demo: unknown argument '%s'; usage: madoguchi demo [--dir DIR]",
					 argv[i]);
		}
	}
	if (missing)
		return cli_error(CLI_USAGE, "demo: %s needs a value", argv[argc - 1]);
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

int cli_snapshot_open(const struct cli *c, struct snapshot **s, struct err *err)
{
	const char *path = conf_get(&c->conf, CONF_SNAPSHOT), *key_path = conf_get(&c->conf, CONF_KEY_FILE);
	uint8_t key[SNAPSHOT_KEY_BYTES];
	int rc;

	if (!path)
		return err_set(err, _("no snapshot; choose one with --snapshot FILE or MADOGUCHI_SNAPSHOT"));
	if (!key_path)
		return err_set(err, _("no key for snapshot %s; give it with --key FILE or MADOGUCHI_KEY"),
			       path);
	if (snapshot_key_load(key_path, false, key, NULL, err))
		return -1;
	rc = snapshot_open(path, key, key_path, s, err);
	sodium_memzero(key, sizeof key);
	return rc;
}

static int open_snapshot(struct cli *c, struct snapshot **s)
{
	struct err err = { "" };

	return cli_snapshot_open(c, s, &err) ? cli_error(CLI_USAGE, "%s", err.msg) : CLI_OK;
}

int cli_snapshot_main(struct cli *c, int argc, char **argv)
{
	struct snapshot *s;
	const struct snapshot_info *in;
	struct err err = { "" };
	int rc;

	if (argc != 2 || strcmp(argv[1], "info") != 0)
		return cli_error(CLI_USAGE, "usage: madoguchi snapshot info");
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

static const struct { const char *opt; enum ident_kind kind; } factor_opts[] = {
	{ "--kana", IDENT_KANA }, { "--name", IDENT_NAME }, { "--birth", IDENT_DATE },
	{ "--phone", IDENT_PHONE }, { "--email", IDENT_EMAIL }, { "--postal", IDENT_POSTAL },
};

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void list_kinds(unsigned kinds, const char *sep, bool json)
{
	bool first = true;

	for (int k = 0; k < IDENT_NKINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", first ? "" : sep, snapshot_column((enum ident_kind)k));
		first = false;
	}
}

static void list_items(unsigned items, const char *sep, bool json)
{
	bool first = true;

	for (int i = 0; i < SNAPSHOT_NITEMS; i++) {
		if (!(items & (1u << i)))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", first ? "" : sep, snapshot_item_name(i));
		first = false;
	}
}

static void list_faq(const struct lookup_result *r, const char *sep)
{
	for (size_t i = 0; i < r->nfaq; i++)
		printf("%s%d", i ? sep : "", r->faq[i]);
}

static void json_opt_str(const char *key, const char *v, bool show)
{
	printf(",\"%s\":", key);
	if (show && *v)
		json_str(v);
	else
		fputs("null", stdout);
}

static void print_json(const struct snapshot_info *in, const struct lookup_result *r)
{
	bool v = r->match == LOOKUP_VERIFIED;

	printf("{\"snapshot\":\"%s\",\"match\":\"%s\",\"factors\":[", in->id, lookup_match_name(r->match));
	list_kinds(r->factors, ",", true);
	fputs("],\"ask\":[", stdout);
	list_kinds(r->ask, ",", true);
	fputs("]", stdout);
	json_opt_str("ref", r->person.ref, v);
	printf(",\"card_exposed\":%s", v ? (r->person.card_records ? "true" : "false") : "null");
	if (v)
		printf(",\"card_records\":%ld", r->person.card_records);
	else
		fputs(",\"card_records\":null", stdout);
	printf(",\"userinfo_exposed\":%s", v ? (r->person.userinfo ? "true" : "false") : "null");
	fputs(",\"exposed_items\":[", stdout);
	list_items(r->exposed_items, ",", true);
	fputs("]", stdout);
	json_opt_str("registered_on", r->person.registered_on, v);
	json_opt_str("notified_on", r->person.notified_on, v);
	fputs(",\"phone_hints\":[", stdout);
	for (size_t i = 0; i < r->nhints; i++) {
		fputs(i ? "," : "", stdout);
		json_str(r->hints[i]);
	}
	fputs("],\"faq\":[", stdout);
	list_faq(r, ",");
	fputs("],\"window\":{", stdout);
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const char *st = window_state_name(r->window[k]);

		printf("%s\"%s\":", k ? "," : "", window_kind_name((enum window_kind)k));
		if (st)
			printf("\"%s\"", st);
		else
			fputs("null", stdout);
	}
	fputs("},\"advice\":[", stdout);
	for (int k = 0, n = 0; k < WINDOW_NKINDS; k++) {
		const char *a = window_advice((enum window_kind)k, r->window[k], r->match == LOOKUP_VERIFIED);

		if (!a)
			continue;
		fputs(n++ ? "," : "", stdout);
		json_str(a);
	}
	fputs("]}\n", stdout);
}

static void print_text(const struct lookup_result *r)
{
	printf("match: %s\n", lookup_match_name(r->match));
	if (r->factors) {
		fputs("factors: ", stdout);
		list_kinds(r->factors, ", ", false);
		putchar('\n');
	}
	if (r->match == LOOKUP_VERIFIED) {
		printf("ref: %s\ncard_exposed: %s", *r->person.ref ? r->person.ref : "-",
		       r->person.card_records ? "yes" : "no");
		if (r->person.card_records)
			printf(" (%ld record%s)", r->person.card_records, r->person.card_records == 1 ? "" : "s");
		printf("\nuserinfo_exposed: %s\nexposed_items: ", r->person.userinfo ? "yes" : "no");
		list_items(r->exposed_items, ", ", false);
		printf("\nregistered_on: %s\nnotified_on: %s\n",
		       *r->person.registered_on ? r->person.registered_on : "-",
		       *r->person.notified_on ? r->person.notified_on : "not yet");
	} else if (r->match == LOOKUP_AMBIGUOUS) {
		fputs("phone_hints:", stdout);
		for (size_t i = 0; i < r->nhints; i++)
			printf(" %s", *r->hints[i] ? r->hints[i] : "-");
		fputs("\nask: the phone number or its last 4 digits (--phone), or the postal code\n", stdout);
	} else if (r->match == LOOKUP_PARTIAL) {
		fputs("ask: ", stdout);
		list_kinds(r->ask, " or ", false);
		putchar('\n');
	} else {
		fputs("note: not found in the affected list with the details given\n"
		      "note: that alone does not mean the caller is not affected\n", stdout);
		if (r->ask) {
			fputs("ask: the whole ", stdout);
			list_kinds(r->ask, " or ", false);
			fputs(" (surname and given name)\n", stdout);
		}
	}
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const struct window *w = r->window_hit[k];
		const char *a = window_advice((enum window_kind)k, r->window[k], r->match == LOOKUP_VERIFIED);

		if (!a)
			continue;
		printf("window: %s %s", window_kind_name((enum window_kind)k), window_state_name(r->window[k]));
		if (w)
			printf(" (%s to %s)", w->from, w->to);
		printf("\nadvice: %s\n", a);
		if (w && *w->note)
			printf("advice: %s\n", w->note);
	}
	if (r->nfaq) {
		fputs("faq: ", stdout);
		list_faq(r, " ");
		putchar('\n');
	}
}

/* A lookup run with a log configured (--log, MADOGUCHI_LOG, log =) leaves
 * an event in it: who looked, when, the verdict, the snapshot; never the
 * values.  Without a configured log nothing is written (a script checking
 * one caller is not a call).  A log that cannot be written spools the
 * event; either way the answer is still printed. */
static void log_event(const struct cli *c, const struct snapshot_info *in, const struct lookup_result *r)
{
	const char *path = conf_get(&c->conf, CONF_LOG);
	struct inq_config cfg = { .path = path, .spool_dir = conf_get(&c->conf, CONF_SPOOL_DIR) };
	struct inq_event ev = { .uuid = "", .snapshot_id = in->id, .verdict = lookup_match_name(r->match) };
	struct inq_log *log;
	struct err err = { "" };

	if (!path || !*path)
		return;
	if (inq_open(&cfg, &log, &err)) {
		fprintf(stderr, "madoguchi: warning: the lookup was not logged: %s\n", err.msg);
		return;
	}
	switch (inq_event_append(log, &ev, &err)) {
	case INQ_WRITTEN:
	case INQ_ALREADY:
		break;
	case INQ_SPOOLED:
		fprintf(stderr, "madoguchi: warning: %s\n", err.msg);
		break;
	case INQ_ERROR:
		fprintf(stderr, "madoguchi: warning: the lookup was not logged: %s\n", err.msg);
		break;
	}
	inq_close(log);
}

static const char lookup_usage[] = "usage: madoguchi lookup [--kana K] [--name N] [--birth D] "
	"[--phone P|LAST4] [--email E] [--postal Z] [--card-date D] [--reg-date D] [--json]";

/* --card-date / --reg-date: any date form src/jdate reads. */
static int take_date(int argc, char **argv, int *i, bool *missing, const char *opt,
		     struct ident_result *out, const char **canon)
{
	const char *v = cli_opt_value(argc, argv, i, opt, missing);

	if (!v)
		return 0;
	if (ident_canon(IDENT_DATE, v, strlen(v), out) != 0)
		return cli_error(CLI_USAGE, "lookup: %s: %s", opt, out->msg);
	*canon = out->canon;
	return 1;
}

/* ws must outlive the printing: the result points into it. */
static int run_windows(struct cli *c, struct lookup_result *r, const char *card, const char *reg,
		       struct window_set *ws)
{
	struct err err = { "" };
	char path[4096];

	if (!card && !reg)
		return CLI_OK;
	cli_data_path(c, "windows.tsv", path, sizeof path);
	if (window_load(path, ws, &err))
		return cli_error(CLI_USAGE, "%s", err.msg);
	lookup_windows(r, ws, card, reg);
	return CLI_OK;
}

int cli_lookup_main(struct cli *c, int argc, char **argv)
{
	struct ident_result canon[IDENT_NKINDS], dates[2];
	struct lookup_query q = { { NULL }, NULL };
	const char *card = NULL, *reg = NULL;
	struct window_set ws = { NULL, 0 };
	struct lookup_result r;
	struct snapshot *s;
	struct err err = { "" };
	bool json = false, missing = false;
	char last4[5];
	int rc;

	for (int i = 1; i < argc; i++) {
		size_t f, nf = sizeof factor_opts / sizeof factor_opts[0];
		const char *v = NULL;

		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		if ((rc = take_date(argc, argv, &i, &missing, "--card-date", &dates[0], &card)) ||
		    (!missing && (rc = take_date(argc, argv, &i, &missing, "--reg-date", &dates[1], &reg)))) {
			if (rc != 1)
				return rc;
			continue;
		}
		for (f = 0; f < nf && !missing; f++)
			if ((v = cli_opt_value(argc, argv, &i, factor_opts[f].opt, &missing)) || missing)
				break;
		if (missing)
			return cli_error(CLI_USAGE, "lookup: %s needs a value", argv[i]);
		if (f == nf)
			return cli_error(CLI_USAGE, "lookup: unknown argument '%s'; %s", argv[i], lookup_usage);
		enum ident_kind k = factor_opts[f].kind;
		/* The last 4 digits the ambiguous verdict asks for. */
		if (k == IDENT_PHONE && lookup_phone_last4(v, strlen(v), last4) == 0) {
			q.phone_last4 = last4;
			q.canon[k] = NULL;
			continue;
		}
		if (ident_canon(k, v, strlen(v), &canon[k]) != 0)
			return cli_error(CLI_USAGE, "lookup: %s: %s", factor_opts[f].opt, canon[k].msg);
		q.canon[k] = canon[k].canon;
		if (k == IDENT_PHONE)
			q.phone_last4 = NULL;
	}
	if ((rc = open_snapshot(c, &s)) != CLI_OK)
		return rc;
	rc = lookup_run(s, &q, &r, &err);
	if (rc) {
		snapshot_close(s);
		return cli_error(CLI_USAGE, "%s", err.msg);
	}
	if ((rc = run_windows(c, &r, card, reg, &ws)) != CLI_OK) {
		snapshot_close(s);
		return rc;
	}
	if (json)
		print_json(snapshot_get_info(s), &r);
	else
		print_text(&r);
	log_event(c, snapshot_get_info(s), &r);
	window_set_free(&ws);
	snapshot_close(s);
	return r.match >= LOOKUP_AMBIGUOUS ? CLI_OK : CLI_NO;
}
