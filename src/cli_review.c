#include "cli_review.h"
#include "app.h"
#include "cli_text.h"
#include "desk.h"
#include "i18n.h"
#include "logview_day.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A value of the log between tabs: made safe (src/cli_text), which also
 * turns a tab or newline inside it into "?", so each line keeps its
 * fields. */
static void field(FILE *out, const char *before, const char *v)
{
	fputs(before, out);
	cli_text_put(out, v);
}

static void print_counts(FILE *out, const char *label, const struct logview_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		field(out, label, "");
		field(out, "\t", c[i].key);
		fprintf(out, "\t%ld\n", c[i].n);
	}
}

void cli_review_print(FILE *out, const struct logview_stats *s, const struct logview_lookups *l)
{
	fprintf(out, "calls\t%ld\n", s->calls);
	fprintf(out, "escalated\t%ld\n", s->escalated);
	for (int h = 0; h < 24; h++)
		fprintf(out, "hour\t%02d\t%ld\n", h, s->per_hour[h]);
	print_counts(out, "disposition", s->disp, s->ndisp);
	print_counts(out, "match", s->match, s->nmatch);
	for (size_t i = 0; i < s->noper; i++) {
		field(out, "operator\t", s->oper[i].key);
		fprintf(out, "\t%ld\tmedian_s\t%ld\n", s->oper[i].n, (s->oper[i].median_ms + 500) / 1000);
	}
	print_counts(out, "faq", s->faq, s->nfaq);
	/* The log records no resolution of an escalation: every escalated
	 * call of the range is listed as waiting, newest first. */
	for (size_t i = 0; i < s->nwaiting; i++) {
		field(out, "waiting\t", s->waiting[i].started_at);
		field(out, "\t", s->waiting[i].operator);
		field(out, "\t", s->waiting[i].disposition);
		field(out, "\t", s->waiting[i].uuid);
		fputc('\n', out);
	}
	fprintf(out, "lookups\t%ld\n", l->total);
	for (size_t i = 0; i < l->nop; i++) {
		const struct logview_luse *u = &l->op[i];
		bool first = true;

		field(out, "lookup_use\t", u->operator);
		fprintf(out, "\t%ld\tcalls\t%ld\tverified_unsaved\t%ld\toutside_hours\t",
			u->lookups, u->calls, u->verified_unsaved);
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
	/* Lookups refused at the lookup limit, per operator who met it. */
	for (size_t i = 0; i < l->nop; i++) {
		if (!l->op[i].refused)
			continue;
		field(out, "lookups_refused\t", l->op[i].operator);
		fprintf(out, "\t%ld\n", l->op[i].refused);
	}
	fprintf(out, "refused\t%ld\n", l->refused_total);
	for (size_t i = 0; i < l->nrefused; i++) {
		field(out, "refused_attempt\t", l->refused[i].at);
		field(out, "\t", l->refused[i].operator);
		field(out, "\t", l->refused[i].action);
		fputc('\n', out);
	}
}

int cli_review_stats(struct cli *c, int argc, char **argv)
{
	const char *since = NULL, *until = NULL, *oper = NULL;
	struct logview_filter f = { .since = "" };
	struct logview_stats s;
	struct logview_lookups l;
	struct proto_hello h;
	struct desk *d;
	struct err err = { "" };
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
	/* The desk checks that this account may read the log, and records it. */
	if (desk_open(&c->conf, APP_LOG_COMMAND, &d, &h, &err))
		return cli_error(CLI_USAGE, _("log stats: %s"), err.msg);
	if (desk_read(d, "log stats", &err)) {
		rc = desk_exit(d);
		desk_close(d);
		return cli_error(rc, "%s", err.msg);
	}
	/* Zeros, as the desk's log reads before its first call; but a
	 * mistyped --log should not pass for a quiet day. */
	if (!h.log_exists)
		fprintf(stderr, _("madoguchi: note: %s: no log there yet, so every count is 0 (check --log)\n"),
			h.log_path);
	if (desk_stats(d, &f, &s, &err)) {
		rc = desk_exit(d);
		desk_close(d);
		return cli_error(rc, _("log stats: %s"), err.msg);
	}
	if (desk_lookups(d, &f, &l, &err)) {
		rc = desk_exit(d);
		logview_stats_free(&s);
		desk_close(d);
		return cli_error(rc, _("log stats: %s"), err.msg);
	}
	cli_review_print(stdout, &s, &l);
	logview_lookups_free(&l);
	logview_stats_free(&s);
	desk_close(d);
	return CLI_OK;
}
