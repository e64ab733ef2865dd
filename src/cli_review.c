#include "cli_review.h"
#include "access.h"
#include "app.h"
#include "i18n.h"
#include "inq_read.h"
#include "inq_store.h"
#include "logview_day.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_review_allowed(const struct cli *c, const char *what)
{
	struct err err = { "" };

	if (access_read_log(&c->conf, what, &err) == ACCESS_OK)
		return 0;
	return cli_error(CLI_USAGE, "%s", err.msg);
}

static void print_counts(FILE *out, const char *label, const struct logview_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s\t%s\t%ld\n", label, c[i].key, c[i].n);
}

void cli_review_print(FILE *out, const struct logview_stats *s, const struct logview_lookups *l)
{
	fprintf(out, "calls\t%ld\n", s->calls);
	fprintf(out, "escalated\t%ld\n", s->escalated);
	for (int h = 0; h < 24; h++)
		fprintf(out, "hour\t%02d\t%ld\n", h, s->per_hour[h]);
	print_counts(out, "disposition", s->disp, s->ndisp);
	print_counts(out, "match", s->match, s->nmatch);
	for (size_t i = 0; i < s->noper; i++)
		fprintf(out, "operator\t%s\t%ld\tmedian_s\t%ld\n", s->oper[i].key, s->oper[i].n,
			(s->oper[i].median_ms + 500) / 1000);
	print_counts(out, "faq", s->faq, s->nfaq);
	/* The log records no resolution of an escalation: every escalated
	 * call of the range is listed as waiting, newest first. */
	for (size_t i = 0; i < s->nwaiting; i++)
		fprintf(out, "waiting\t%s\t%s\t%s\t%s\n", s->waiting[i].started_at,
			s->waiting[i].operator, s->waiting[i].disposition, s->waiting[i].uuid);
	fprintf(out, "lookups\t%ld\n", l->total);
	for (size_t i = 0; i < l->nop; i++) {
		const struct logview_luse *u = &l->op[i];
		bool first = true;

		fprintf(out, "lookup_use\t%s\t%ld\tcalls\t%ld\tverified_unsaved\t%ld\toutside_hours\t",
			u->operator, u->lookups, u->calls, u->verified_unsaved);
		if (l->have_hours)
			fprintf(out, "%ld", u->outside_hours);
		else
			fputs("-", out);
		fputs("\tunusual\t", out);
		if (u->many) {
			fputs("many-lookups", out);
			first = false;
		}
		if (u->verified_unsaved) {
			fputs(first ? "verified-outside-call" : ",verified-outside-call", out);
			first = false;
		}
		if (l->have_hours && u->outside_hours) {
			fputs(first ? "outside-desk-hours" : ",outside-desk-hours", out);
			first = false;
		}
		fputs(first ? "-\n" : "\n", out);
	}
	fprintf(out, "refused\t%ld\n", l->refused_total);
	for (size_t i = 0; i < l->nrefused; i++)
		fprintf(out, "refused_attempt\t%s\t%s\t%s\n", l->refused[i].at,
			l->refused[i].operator, l->refused[i].action);
}

int cli_review_stats(struct cli *c, int argc, char **argv)
{
	const char *since = NULL, *until = NULL, *oper = NULL, *path;
	struct logview_filter f = { .since = "" };
	struct logview_stats s;
	struct logview_lookups l;
	struct logview *lv;
	struct err err = { "" };
	char buf[PATH_MAX];
	bool missing = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *v;

		if ((v = cli_opt_value(argc, argv, &i, "--since", &missing)))
			since = v;
		else if ((v = cli_opt_value(argc, argv, &i, "--until", &missing)))
			until = v;
		else if ((v = cli_opt_value(argc, argv, &i, "--operator", &missing)))
			oper = v;
		else if (missing)
			return cli_error(CLI_USAGE, _("log stats: option %s needs a value"), argv[i]);
		else
			return cli_error(CLI_USAGE, _("log stats: unknown option '%s'; see 'madoguchi --help'"),
					 argv[i]);
	}
	if (logview_set_dates(&f, since, until, &err))
		return cli_error(CLI_USAGE, _("log stats: %s"), err.msg);
	f.operator = oper;
	if ((rc = cli_review_allowed(c, "log stats")) != 0)
		return rc;
	if (!(path = app_log_path(&c->conf, buf, sizeof buf)))
		return cli_error(CLI_USAGE, "%s", _("log stats: no log set (--log or MADOGUCHI_LOG)"));
	if (logview_open(path, &lv, &err))
		return cli_error(CLI_USAGE, _("log stats: %s"), err.msg);
	/* Zeros, as the desk's log reads before its first call; but a
	 * mistyped --log should not pass for a quiet day. */
	if (access(path, F_OK) != 0)
		fprintf(stderr, _("madoguchi: note: %s: no log there yet, so every count is 0 (check --log)\n"), path);
	if (logview_stats(lv, &f, &s, &err)) {
		logview_close(lv);
		return cli_error(CLI_FAIL, _("log stats: %s"), err.msg);
	}
	if (logview_lookups(lv, &f, conf_get(&c->conf, CONF_DESK_HOURS), &l, &err)) {
		logview_stats_free(&s);
		logview_close(lv);
		return cli_error(CLI_FAIL, _("log stats: %s"), err.msg);
	}
	cli_review_print(stdout, &s, &l);
	logview_lookups_free(&l);
	logview_stats_free(&s);
	logview_close(lv);
	return CLI_OK;
}
