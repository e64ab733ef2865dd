#include "cli_ident.h"
#include "i18n.h"
#include "ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void kinds(char *buf, size_t size)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < IDENT_NKINDS && k < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "",
				      ident_kind_name((enum ident_kind)i));
}

/* VALUE may come as several words (an unquoted "ｻｲﾄｳ ｼｮｳｺ"): they are
 * joined with spaces, which every kind reads as the caller meant them. */
static char *join(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* "--" ends the options, as everywhere (README): it is taken out, so that
 * `normalize date -- 1975-03-01` reads the date alone and
 * `normalize kana -- --` the value "--".  Before it, a word starting with
 * "--" is an option, and normalize has none: it is refused rather than
 * read as part of the value (`kana さと --bogus` is no reading).  The
 * first "--" is the marker wherever it stands (`kana さと --` reads さと).
 * Returns the new argc, or -1 with *bad set. */
static int end_of_options(int argc, char **argv, const char **bad)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			memmove(argv + i, argv + i + 1, sizeof *argv * (size_t)(argc - i));
			return argc - 1;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			*bad = argv[i];
			return -1;
		}
	}
	return argc;
}

int cli_ident_main(struct cli *c, int argc, char **argv)
{
	struct ident_result r;
	char list[128], *value;
	const char *bad = NULL;
	int kind, rc;

	(void)c;
	kinds(list, sizeof list);
	argc = end_of_options(argc, argv, &bad);
	if (argc < 0)
		return cli_error(CLI_USAGE, _("normalize: unknown option '%s'; a value starting with - goes after --"),
				 bad);
	if (argc < 3)
		return cli_error(CLI_USAGE, _("usage: madoguchi normalize KIND VALUE (KIND is one of %s)"), list);
	kind = ident_kind_parse(argv[1]);
	if (kind < 0)
		return cli_error(CLI_USAGE, _("normalize: unknown kind '%s': use one of %s"), argv[1], list);
	value = join(argc - 2, argv + 2);
	if (!value)
		return cli_error(CLI_FAIL, "%s", _("out of memory"));
	rc = ident_canon((enum ident_kind)kind, value, strlen(value), &r);
	free(value);
	if (rc)
		return cli_error(CLI_USAGE, "normalize %s: %s", argv[1], r.msg);
	if (r.msg[0])
		fprintf(stderr, _("madoguchi: warning: %s\n"), r.msg);
	printf("%s\n", r.canon);
	return CLI_OK;
}
