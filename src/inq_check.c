#include "inq_check.h"
#include "i18n.h"
#include "ident.h"
#include "stamp.h"

#include <stdint.h>
#include <string.h>
#include <unistr.h>

bool inq_is_uuid(const char *s)
{
	if (!stamp_is_uuid(s))
		return false;
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'F')
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
		return err_set(err, _("uuid '%s' is not a lower-case UUID"), uuid);
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
		return err_set(err, _("the note has %zu characters; the limit is %d: shorten it"),
			       count_chars(e->note), INQ_NOTE_MAX);
	return 0;
}

int inq_event_check(const struct inq_event *ev, struct err *err)
{
	if (stamp_check(ev->uuid, ev->at, err))
		return -1;
	if (!ev->verdict || !one_of(ev->verdict, levels))
		return err_set(err, _("verdict '%s': use verified, ambiguous, partial or none"),
			       ev->verdict ? ev->verdict : "");
	if (ev->call_uuid && !inq_is_uuid(ev->call_uuid))
		return err_set(err, _("call uuid '%s' is not a lower-case UUID"), ev->call_uuid);
	return short_text("snapshot id", ev->snapshot_id, 128, err);
}

int inq_access_check(const struct inq_access *a, struct err *err)
{
	static const char *const actions[] = { "review", "log stats", "log export", NULL };
	static const char *const outcomes[] = { "allowed", "refused", NULL };

	if (stamp_check(a->uuid, a->at, err))
		return -1;
	if (!a->action || !one_of(a->action, actions))
		return err_set(err, _("access action '%s': use review, log stats or log export"),
			       a->action ? a->action : "");
	if (!a->outcome || !one_of(a->outcome, outcomes))
		return err_set(err, _("access outcome '%s': use allowed or refused"),
			       a->outcome ? a->outcome : "");
	return 0;
}
