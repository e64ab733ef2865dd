#include "inq_check.h"
#include "i18n.h"
#include "ident.h"
#include "inq_disp.h"
#include "inq_schema.h"
#include "stamp.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistr.h>

/* Version 4 (random) and the RFC 4122 variant, as stamp_uuid makes them:
 * xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx, lower case. */
bool inq_is_uuid(const char *s)
{
	if (!s || !stamp_is_uuid(s) || s[14] != '4' || !strchr("89ab", s[19]))
		return false;
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'F')
			return false;
	return true;
}

bool inq_is_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* YYYY-MM-DDTHH:MM:SS.mmmZ, shape only: the times are ours or a spool's. */
static bool is_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";

	for (int i = 0; i < INQ_TIME_LEN; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return false;
	return s[INQ_TIME_LEN] == '\0';
}

static bool one_of(const char *v, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(v, *words) == 0)
			return true;
	return false;
}

static const char *const levels[] = { "verified", "ambiguous", "partial", "none", NULL };

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Characters, counting each byte of an invalid sequence as one. */
static size_t count_chars(const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	size_t n = 0;

	while (p < end) {
		ucs4_t uc;

		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		n++;
	}
	return n;
}

/* "a,b,c" where every item satisfies ok(). */
static bool list_ok(const char *s, bool (*ok)(const char *item, size_t n))
{
	while (1) {
		size_t n = strcspn(s, ",");

		if (n == 0 || !ok(s, n))
			return false;
		if (s[n] == '\0')
			return true;
		s += n + 1;
	}
}

/* A kind of src/ident ("kana", "date", …). */
static bool kind_ok(const char *item, size_t n)
{
	char word[16];

	if (n >= sizeof word)
		return false;
	memcpy(word, item, n);
	word[n] = '\0';
	return ident_kind_parse(word) >= 0;
}

static bool faq_ok(const char *item, size_t n)
{
	if (n > 3 || item[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (item[i] < '0' || item[i] > '9')
			return false;
	return true;
}

bool inq_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int short_text(const char *field, const char *v, size_t max, struct err *err)
{
	if (!v)
		return 0;
	if (strlen(v) > max)
		return err_set(err, _("%s is longer than %zu bytes"), field, max);
	if (has_control(v) || u8_check((const uint8_t *)v, strlen(v)))
		return err_set(err, _("%s holds control characters or invalid UTF-8"), field);
	return 0;
}

/* The UUID and time every record has, when given. */
static int stamp_check(const char *uuid, const char *at, struct err *err)
{
	if (uuid[0] && !inq_is_uuid(uuid))
		return err_set(err, _("uuid '%s' is not a lower-case random (v4) UUID"), uuid);
	if (at[0] && !is_time(at))
		return err_set(err, _("times must look like 2026-11-27T03:15:54.123Z"));
	return 0;
}

int inq_entry_check(const struct inq_entry *e, struct err *err)
{
	static const char *const states[] = { "saved", "interrupted", NULL };

	if (stamp_check(e->uuid, e->started_at, err) || stamp_check("", e->ended_at, err))
		return -1;
	if (!e->disposition || !inq_code_ok(e->disposition))
		return err_set(err, _("disposition '%s' is not a code (a-z, 0-9, _)"),
			       e->disposition ? e->disposition : "");
	if (e->match && !one_of(e->match, levels))
		return err_set(err, _("match level '%s': use verified, ambiguous, partial or none"),
			       e->match);
	if (e->state && !one_of(e->state, states))
		return err_set(err, _("state '%s': use saved or interrupted"), e->state);
	if (e->factors && !list_ok(e->factors, kind_ok))
		return err_set(err, _("factors '%s': give kinds separated by commas "
				      "(kana, name, date, phone, email, postal)"), e->factors);
	if (e->faq && !list_ok(e->faq, faq_ok))
		return err_set(err, _("faq '%s': give entry numbers separated by commas, like 7,13"),
			       e->faq);
	if (short_text("ref", e->ref, 64, err) || short_text("snapshot id", e->snapshot_id, 128, err))
		return -1;
	if (e->note && count_chars(e->note) > INQ_NOTE_MAX)
		return inq_note_long(count_chars(e->note), err);
	return 0;
}

int inq_note_long(size_t chars, struct err *err)
{
	return err_set(err, _("the note has %zu characters; the limit is %d: shorten it"), chars,
		       INQ_NOTE_MAX);
}

int inq_event_check(const struct inq_event *ev, struct err *err)
{
	/* refused: a lookup the gate refused at the lookup limit. */
	static const char *const verdicts[] = { "verified", "ambiguous", "partial", "none",
						"refused", NULL };

	if (stamp_check(ev->uuid, ev->at, err))
		return -1;
	if (!ev->verdict || !one_of(ev->verdict, verdicts))
		return err_set(err, _("verdict '%s': use verified, ambiguous, partial, none or refused"),
			       ev->verdict ? ev->verdict : "");
	if (ev->call_uuid && !inq_is_uuid(ev->call_uuid))
		return err_set(err, _("call uuid '%s' is not a lower-case random (v4) UUID"), ev->call_uuid);
	return short_text("snapshot id", ev->snapshot_id, 128, err);
}

int inq_access_check(const struct inq_access *a, struct err *err)
{
	static const char *const actions[] = { "review", "log stats", "log export", "log verify", NULL };
	static const char *const outcomes[] = { "allowed", "refused", NULL };

	if (stamp_check(a->uuid, a->at, err))
		return -1;
	if (!a->action || !one_of(a->action, actions))
		return err_set(err, _("access action '%s': use review, log stats, log export or log verify"),
			       a->action ? a->action : "");
	if (!a->outcome || !one_of(a->outcome, outcomes))
		return err_set(err, _("access outcome '%s': use allowed or refused"),
			       a->outcome ? a->outcome : "");
	return 0;
}

/* ------------------------------------------------------------------ */
/* A row from elsewhere */

/* The value of r's column name (NULL: NULL or no such column). */
static const char *col(const struct inq_rec *r, const char *name)
{
	for (int i = 0; i < r->t->ncols; i++)
		if (strcmp(r->t->cols[i], name) == 0)
			return r->f[i].p;
	return NULL;
}

/* The two names every row has, from the system, never typed. */
static int who_check(const char *op, const char *host, struct err *err)
{
	if (!op || !*op)
		return err_set(err, _("operator is missing"));
	if (!host || !*host)
		return err_set(err, _("host is missing"));
	if (short_text("operator", op, 63, err) || short_text("host", host, 255, err))
		return -1;
	return 0;
}

/* A row's UUID and time into a record's arrays (both checked already). */
static void stamps(char *uuid, char *at, const char *row_uuid, const char *row_at)
{
	if (uuid)
		snprintf(uuid, INQ_UUID_LEN + 1, "%s", row_uuid ? row_uuid : "");
	snprintf(at, INQ_TIME_LEN + 1, "%s", row_at ? row_at : "");
}

/* A time, given whole (the stamps of a row are never filled here). */
static int time_given(const char *name, const char *v, struct err *err)
{
	if (!v || !is_time(v))
		return err_set(err, _("%s '%s': times must look like 2026-11-27T03:15:54.123Z"), name,
			       v ? v : "");
	return 0;
}

static int call_check(const struct inq_rec *r, const struct inq_disps *disps, struct err *err)
{
	struct inq_entry e = { .uuid = "" };
	const char *esc = col(r, "escalate");

	if (time_given("started_at", col(r, "started_at"), err) ||
	    time_given("ended_at", col(r, "ended_at"), err))
		return -1;
	stamps(e.uuid, e.started_at, col(r, "uuid"), col(r, "started_at"));
	stamps(NULL, e.ended_at, NULL, col(r, "ended_at"));
	e.snapshot_id = col(r, "snapshot_id");
	e.match = col(r, "match");
	e.ref = col(r, "ref");
	e.factors = col(r, "factors");
	e.faq = col(r, "faq");
	e.disposition = col(r, "disposition");
	e.note = col(r, "note");
	e.state = col(r, "state");
	if (inq_entry_check(&e, err))
		return -1;
	if (!e.state)
		return err_set(err, _("state is missing"));
	if (!esc || (strcmp(esc, "0") != 0 && strcmp(esc, "1") != 0))
		return err_set(err, _("escalate '%s': use 0 or 1"), esc ? esc : "");
	if (disps && !inq_disps_find(disps, e.disposition))
		return err_set(err, _("disposition '%s' is not one of data/dispositions.tsv"), e.disposition);
	return 0;
}

int inq_rec_check(const struct inq_rec *r, const struct inq_disps *disps, struct err *err)
{
	const char *uuid = col(r, "uuid"), *origin = col(r, "origin_hash");
	enum inq_table t = (enum inq_table)(r->t - inq_tables);

	/* Every column a C string: the checks below read them as such. */
	for (int i = 0; i < r->t->ncols; i++)
		if (r->f[i].p && memchr(r->f[i].p, '\0', r->f[i].n))
			return err_set(err, _("%s holds a NUL byte"), r->t->cols[i]);
	if (!uuid || !inq_is_uuid(uuid))
		return err_set(err, _("uuid '%s' is not a lower-case random (v4) UUID"), uuid ? uuid : "");
	if (who_check(col(r, "operator"), col(r, "host"), err))
		return -1;
	if (origin && (strlen(origin) != 64 || !inq_is_hex(origin, 64)))
		return err_set(err, _("origin_hash '%s' is not a hash (64 hex digits)"), origin);
	if (t == INQ_CALLS)
		return call_check(r, disps, err);
	if (time_given(r->t->timecol, col(r, r->t->timecol), err))
		return -1;
	if (t == INQ_LOOKUPS) {
		struct inq_event ev = { .snapshot_id = col(r, "snapshot_id"), .verdict = col(r, "verdict"),
					.call_uuid = col(r, "call_uuid") };

		stamps(ev.uuid, ev.at, uuid, col(r, "at"));
		return inq_event_check(&ev, err);
	}
	{
		struct inq_access a = { .action = col(r, "action"), .outcome = col(r, "outcome") };

		stamps(a.uuid, a.at, uuid, col(r, "at"));
		return inq_access_check(&a, err);
	}
}
