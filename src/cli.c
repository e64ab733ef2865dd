#include "cli.h"
#include "cli_faq.h"
#include "cli_ident.h"
#include "cli_log.h"
#include "cli_snapshot.h"
#include "desk.h"
#include "i18n.h"
#include "inq_store.h"
#include "paths.h"

#include <langinfo.h>
#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli_cmd {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *usage;      /* shown by --help */
};

static int cmd_config(struct cli *c, int argc, char **argv);
static int cmd_review(struct cli *c, int argc, char **argv);

/* The one table of subcommands: dispatch and --help both read it. */
static const struct cli_cmd cmds[] = {
	{ "faq", cli_faq_main, "faq list | faq show N | faq search QUERY..." },
	{ "normalize", cli_ident_main, "normalize kana|name|date|phone|email|postal VALUE" },
	{ "import", cli_import_main, "import CSV --out SNAPSHOT [--key KEYFILE] [--encoding utf-8|cp932]" },
	{ "demo", cli_demo_main, "demo [--dir DIR] [--persons N] [--no-import]" },
	{ "snapshot", cli_snapshot_main, "snapshot info" },
	{ "lookup", cli_lookup_main,
	  "lookup [--stdin] [--kana K] [--name N] [--birth D] [--phone P|LAST4] [--email E] [--postal Z] "
	  "[--card-date D] [--reg-date D] [--json]" },
	{ "config", cmd_config, "config" },
	{ "review", cmd_review, "review" },
	{ "log", cli_log_main, "log add --disposition CODE [--match LEVEL] [--ref REF] [--faq 7,13] "
	  "[--note TEXT | --note-file FILE] [--escalate] [--factors K,K] [--state saved|interrupted] "
	  "[--snapshot-id ID] [--uuid UUID] | log lookup --verdict LEVEL [--call UUID] | "
	  "log export [--format jsonl|csv] [--encoding utf-8|cp932] [--since DATE] [--until DATE] "
	  "[--operator USER] [--lookups | --access] | log verify [--head TABLE:SEQ:HASH]... "
	  "[--syslog FILE]... [--verbose] | log merge OTHER.db | log purge --before DATE | "
	  "log stats [--since DATE] [--until DATE] [--operator USER]" },
};

int cli_error(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("madoguchi: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

const char *cli_data_path(const struct cli *c, const char *name, char *buf, size_t size)
{
	return app_data_path(&c->conf, name, buf, size);
}

/* The syntax lines stay as typed (English words, the options' names);
 * the sentences around them are translated.  "usage:" gets its own line
 * so that the lines under it align whatever its translation's width. */
static void usage(FILE *f)
{
	fprintf(f, "%s\n", _("usage:"));
	fprintf(f, "  madoguchi [OPTIONS]                 %s\n", _("the operator screen"));
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "  madoguchi [OPTIONS] %s\n", cmds[i].usage);
	fprintf(f, "%s\n", _("options (before or after the subcommand):"));
	fputs("  --faq DIR  --data DIR  --snapshot FILE  --key FILE  --log FILE\n"
	      "  --config FILE  --spool-dir DIR  --lang ja|en  --ambiwidth auto|single|double\n"
	      "  --color auto|always|never  --supervisor-group GROUP  --desk-hours HH:MM-HH:MM\n"
	      "  --version  --help\n", f);
	fprintf(f, "%s\n", _("See 'man madoguchi'."));
}

/* `madoguchi CMD [WORD...] --help` (log add --help): the words before the
 * first option name the subcommand; an option's value or what follows
 * `--` is never taken for it. */
static bool cmd_help(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
		if (argv[i][0] == '-')
			return false;
	}
	return false;
}

static int cmd_config(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_error(CLI_USAGE, "%s", _("config takes no arguments"));
	for (int k = 0; k < CONF_NKEYS; k++) {
		const char *v = conf_get(&c->conf, (enum conf_key)k);
		const char *why = "";
		char def[PATH_MAX];

		/* Unset, the log and the spool are the account's own: said,
		 * so that an admin who forgot `log =` sees that each operator
		 * would write a private log.  In English whatever the desk's
		 * language, as the rest of the line: scripts read it. */
		if ((!v || !*v) && k == CONF_LOG && (v = inq_default_path(def, sizeof def)))
			why = ": this account's own log, not shared; set log for the desk";
		else if ((!v || !*v) && k == CONF_SPOOL_DIR && desk_uses_gate())
			why = ": the desk's gate keeps its own, beside the log";
		else if ((!v || !*v) && k == CONF_SPOOL_DIR && (v = inq_default_spool_dir(def, sizeof def)))
			why = ": this account's own";
		else if (!v && k == CONF_CONFIG)
			why = ": this development build reads no system config; give one with "
			      "--config FILE or MADOGUCHI_CONFIG";
		printf("%s = %s\t# %s%s\n", conf_key_name((enum conf_key)k), v ? v : "",
		       conf_src_name(c->conf.src[k]), why);
	}
	return CLI_OK;
}

static int run_screen(struct cli *c, cli_screen_fn screen)
{
	struct err err = { "" };
	int status = screen(&c->conf, &err);

	if (status != CLI_OK && err.msg[0])
		cli_error(status, "%s", err.msg);
	return status;
}

static int cmd_review(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_error(CLI_USAGE, "%s", _("review takes no arguments"));
	if (!c->screens || !c->screens->review_screen)
		return cli_error(CLI_FAIL, "%s", _("the review screen is not available in this build"));
	return run_screen(c, c->screens->review_screen);
}

/* Character classification must be UTF-8 (wcwidth, iconv); the screen
 * refuses other locales itself, the command line quietly uses C.UTF-8. */
static void setup_locale(void)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (strcmp(cs, "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	if (strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(name, cmds[i].name) == 0)
			return &cmds[i];
	return NULL;
}

/* Options a subcommand defines itself under a global option's name
 * (`log add --faq 7,13` lists entries; the global --faq names the FAQ
 * directory): after the subcommand they are the subcommand's, before it
 * the global one. */
static const char *const log_own[] = { "faq", NULL };
static const struct {
	const char *cmd;
	const char *const *opts;
} own_opts[] = {
	{ "log", log_own },
};

/* How many words arg (and its value) take when it is one of the
 * subcommand's own options: 0 when it is not. */
static int own_option(const struct cli_cmd *cmd, const char *arg, bool has_next)
{
	const char *const *own = NULL;

	if (!cmd || strncmp(arg, "--", 2) != 0)
		return 0;
	for (size_t i = 0; i < sizeof own_opts / sizeof own_opts[0]; i++)
		if (strcmp(cmd->name, own_opts[i].cmd) == 0)
			own = own_opts[i].opts;
	for (; own && *own; own++) {
		const char *const *o = own;
		size_t n = strlen(*o);
		if (strncmp(arg + 2, *o, n) != 0)
			continue;
		if (arg[2 + n] == '=')
			return 1;
		if (arg[2 + n] == '\0')
			return has_next ? 2 : 1;
	}
	return 0;
}

/* Moves the global options out of argv, leaving the subcommand's words. */
static int take_globals(struct cli *c, int *argc, char **argv, struct err *err)
{
	const struct cli_cmd *cmd = NULL;
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		int used;

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		used = own_option(cmd, argv[i], i + 1 < *argc);
		if (used > 0) {
			while (used-- > 0)
				argv[out++] = argv[i++];
			i--;
			continue;
		}
		used = conf_take_option(&c->conf, argv[i], i + 1 < *argc ? argv[i + 1] : NULL, err);
		if (used < 0)
			return -1;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		if (out == 1)
			cmd = find_cmd(argv[i]);
		argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

/* The messages' language as far as the settings are known yet. */
static void speak(const struct conf *conf)
{
	i18n_init(conf ? conf_get(conf, CONF_LANG) : NULL, paths_localedir());
}

/* Resolves the settings: environment, command line, config file.  The
 * language is switched as soon as each layer may have set it, so that a
 * bad option or config line is said in the desk's language too. */
static int settings(struct cli *c, int *argc, char **argv, struct err *err)
{
	speak(NULL);
	if (conf_init(&c->conf, err))
		return -1;
	speak(&c->conf);
	if (take_globals(c, argc, argv, err))
		return -1;
	speak(&c->conf);
	if (conf_load_file(&c->conf, err))
		return -1;
	speak(&c->conf);
	return conf_validate(&c->conf, err);
}

int cli_main(int argc, char **argv, const struct cli_screens *screens)
{
	struct cli c = { .prog = "madoguchi", .screens = screens };
	struct err err = { "" };
	int status;

	setup_locale();
	if (settings(&c, &argc, argv, &err)) {
		conf_free(&c.conf);
		return cli_error(CLI_USAGE, "%s", err.msg);
	}

	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
		printf("madoguchi %s\n", MADOGUCHI_VERSION);
		status = CLI_OK;
	} else if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
				 strcmp(argv[1], "help") == 0)) {
		usage(stdout);
		status = CLI_OK;
	} else if (argc < 2) {
		status = screens && screens->operator_screen
			? run_screen(&c, screens->operator_screen)
			: cli_error(CLI_FAIL, "%s", _("the operator screen is not available in this build"));
	} else {
		const struct cli_cmd *cmd = find_cmd(argv[1]);

		if (cmd && cmd_help(argc, argv)) {
			printf("%s\n  madoguchi [OPTIONS] %s\n%s\n", _("usage:"), cmd->usage, _("See 'man madoguchi'."));
			status = CLI_OK;
		} else if (cmd) {
			status = cmd->run(&c, argc - 1, argv + 1);
		} else {
			if (argv[1][0] == '-')
				status = cli_error(CLI_USAGE, _("unknown option '%s'; see 'madoguchi --help'"), argv[1]);
			else
				status = cli_error(CLI_USAGE, _("unknown command '%s'; see 'madoguchi --help'"), argv[1]);
		}
	}
	fflush(stdout);
	if (ferror(stdout) && status == CLI_OK)
		status = cli_error(CLI_FAIL, "%s", _("cannot write the output"));
	conf_free(&c.conf);
	return status;
}
