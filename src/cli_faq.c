#include "cli_faq.h"
#include "app.h"
#include "faq_reading.h"
#include "faq_search.h"
#include "i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scripts get the text as stored, one line per entry: tabs and newlines
 * inside a question would break that, so they are shown as spaces. */
static void print_oneline(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int do_list(const struct faq *f)
{
	for (size_t i = 0; i < f->n; i++) {
		printf("%d\t", f->e[i].num);
		print_oneline(f->e[i].question);
		putchar('\n');
	}
	return CLI_OK;
}

static int do_show(const struct faq *f, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);
	const struct faq_entry *e = NULL;

	if (*arg == '\0' || *end != '\0')
		return cli_error(CLI_USAGE, _("faq show: '%s' is not an entry number"), arg);
	if (n >= 1 && n <= INT_MAX)
		e = faq_find(f, (int)n);
	if (!e)
		return cli_error(CLI_USAGE, _("faq show: there is no entry %s (see 'madoguchi faq list')"), arg);
	printf("%s\n\n%s\n", e->question, e->answer);
	return CLI_OK;
}

/* Whether s holds nothing but spaces (ASCII or the ideographic one, as
 * faq_search splits words). */
static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	return *s == '\0';
}

static int do_search(const struct faq *f, int argc, char **argv)
{
	size_t len = 0, n;
	char *q;
	struct faq_hit *hits;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	q = calloc(1, len + 1);
	if (!q)
		return cli_error(CLI_FAIL, "%s", _("out of memory"));
	for (int i = 0; i < argc; i++) {
		strcat(q, argv[i]);
		strcat(q, " ");
	}
	n = faq_search(f, q, &hits);
	free(q);
	if (n == (size_t)-1)
		return cli_error(CLI_FAIL, "%s", _("out of memory"));
	/* Found less than it could: said, so nobody takes it for the FAQ's
	 * silence on a word written in kana. */
	if (faq_reading_missing(f))
		fprintf(stderr, _("madoguchi: warning: words in kana find only kana, not kanji: %s\n"),
			faq_reading_missing(f));
	for (size_t i = 0; i < n; i++) {
		printf("%d\t", f->e[hits[i].index].num);
		print_oneline(f->e[hits[i].index].question);
		putchar('\n');
	}
	faq_hits_free(hits, n);
	return n ? CLI_OK : CLI_NO;
}

int cli_faq_main(struct cli *c, int argc, char **argv)
{
	struct faq *f;
	struct err err;
	int status;
	bool empty = true;

	enum { LIST, SHOW, SEARCH } what;

	/* "--" after list, show or search ends the options, as before the
	 * subcommand (the words after it are not taken as options there). */
	if (argc >= 3 && strcmp(argv[2], "--") == 0) {
		memmove(argv + 2, argv + 3, sizeof *argv * (size_t)(argc - 2));
		argc--;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		what = LIST;
	else if (argc == 3 && strcmp(argv[1], "show") == 0)
		what = SHOW;
	else if (argc >= 3 && strcmp(argv[1], "search") == 0)
		what = SEARCH;
	else
		return cli_error(CLI_USAGE, "%s", _("faq: say list, show N or search QUERY"));
	for (int i = 2; what == SEARCH && i < argc; i++)
		empty = empty && blank(argv[i]);
	if (what == SEARCH && empty)
		return cli_error(CLI_USAGE, "%s", _("faq search: the query is empty; give the words to look for"));
	/* A bad FAQ is the user's data to fix: status 2, the file and line. */
	if (app_faq(&c->conf, &f, &err))
		return cli_error(CLI_USAGE, "%s", err.msg);
	if (what == LIST)
		status = do_list(f);
	else if (what == SHOW)
		status = do_show(f, argv[2]);
	else
		status = do_search(f, argc - 2, argv + 2);
	faq_free(f);
	return status;
}
