#include "lookup.h"
#include "i18n.h"
#include "text_norm.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#define NAME_KINDS IDENT_NAME_KINDS
#define SUPPORT_KINDS IDENT_SUPPORT_KINDS

const char *lookup_match_name(enum lookup_match m)
{
	static const char *const names[] = { "none", "partial", "ambiguous", "verified" };

	return (unsigned)m < 4 ? names[m] : "?";
}

/* Binary search without a branch on the comparison: the lists are long
 * and the outcome unpredictable. */
static bool has(const struct snapshot_ids *a, long long id)
{
	const long long *p = a->v;
	size_t n = a->n;

	if (n == 0)
		return false;
	while (n > 1) {
		size_t half = n / 2;

		p = p[half] <= id ? p + half : p;
		n -= half;
	}
	return *p == id;
}

static void add_faq(struct lookup_result *r, int n)
{
	if (r->nfaq < LOOKUP_MAX_FAQ)
		r->faq[r->nfaq++] = n;
}

void lookup_suggest(struct lookup_result *r, int faq)
{
	for (size_t i = 0; i < r->nfaq; i++)
		if (r->faq[i] == faq)
			return;
	add_faq(r, faq);
}

static void partial(struct lookup_result *r, unsigned ask)
{
	r->match = LOOKUP_PARTIAL;
	r->ask = ask;
	add_faq(r, 3);
}

static bool in_any(const struct snapshot_ids *ids, unsigned kinds, long long id)
{
	for (int k = 0; k < IDENT_NKINDS; k++)
		if ((kinds & (1u << k)) && has(&ids[k], id))
			return true;
	return false;
}

static size_t total(const struct snapshot_ids *ids, unsigned kinds)
{
	size_t n = 0;

	for (int k = 0; k < IDENT_NKINDS; k++)
		if (kinds & (1u << k))
			n += ids[k].n;
	return n;
}

/* The persons matching a name factor and a supporting factor, ascending
 * and once each; (size_t)-1 when out of memory.  A common reading matches
 * hundreds, a phone number one: walk the union of the shorter side's
 * lists in order and look each id up in the other side's. */
static size_t verified_ids(const struct snapshot_ids *ids, unsigned given, long long **out)
{
	unsigned names = given & NAME_KINDS, sups = given & SUPPORT_KINDS;
	unsigned walk = total(ids, names) <= total(ids, sups) ? names : sups;
	unsigned other = walk == names ? sups : names;
	const struct snapshot_ids *w[IDENT_NKINDS];
	size_t at[IDENT_NKINDS] = { 0 }, nw = 0, n = 0;
	long long *v = malloc((total(ids, walk) + 1) * sizeof *v);

	if (!v)
		return (size_t)-1;
	for (int k = 0; k < IDENT_NKINDS; k++)
		if (walk & (1u << k))
			w[nw++] = &ids[k];
	for (;;) {
		long long id = LLONG_MAX;

		for (size_t i = 0; i < nw; i++)
			if (at[i] < w[i]->n && w[i]->v[at[i]] < id)
				id = w[i]->v[at[i]];
		if (id == LLONG_MAX)
			break;
		for (size_t i = 0; i < nw; i++)
			if (at[i] < w[i]->n && w[i]->v[at[i]] == id)
				at[i]++;
		if (in_any(ids, other, id))
			v[n++] = id;
	}
	*out = v;
	return n;
}

static unsigned matched_kinds(const struct snapshot_ids *ids, unsigned given, long long id)
{
	unsigned k = 0;

	for (int i = 0; i < IDENT_NKINDS; i++)
		if ((given & (1u << i)) && has(&ids[i], id))
			k |= 1u << i;
	return k;
}

static int nkinds(unsigned k)
{
	int n = 0;

	for (; k; k &= k - 1)
		n++;
	return n;
}

/* Several verified: the one person who matches more of what the caller
 * gave than every other (the phone, the e-mail, the postal code, the name
 * in kanji beside the reading) is the caller.  Without this, two people
 * sharing a reading and a birth date stayed "ambiguous" however much
 * more the caller said, even the phone number the verdict asked for. */
static size_t tie_break(long long *v, size_t n, const struct snapshot_ids *ids, unsigned given)
{
	int best = -1;
	size_t at = 0, ties = 0;

	for (size_t i = 0; i < n; i++) {
		int c = nkinds(matched_kinds(ids, given, v[i]));

		if (c > best) {
			best = c;
			at = i;
			ties = 1;
		} else if (c == best) {
			ties++;
		}
	}
	if (ties != 1)
		return n;
	v[0] = v[at];
	return 1;
}

static int verified(struct snapshot *s, struct lookup_result *r, const struct snapshot_ids *ids,
		    unsigned given, long long id, struct err *err)
{
	if (snapshot_person(s, id, &r->person, err))
		return -1;
	r->match = LOOKUP_VERIFIED;
	r->factors = matched_kinds(ids, given, id);
	if (r->person.userinfo)
		r->exposed_items = r->person.items & ~(unsigned)SNAPSHOT_ITEM_CARD;
	if (r->person.card_records > 0) {
		r->exposed_items |= SNAPSHOT_ITEM_CARD;
		add_faq(r, 7);
		add_faq(r, 13);
	}
	if (r->person.userinfo)
		add_faq(r, 14);
	return 0;
}

static int ambiguous(struct snapshot *s, struct lookup_result *r, const struct snapshot_ids *ids,
		     unsigned given, const long long *v, size_t n, struct err *err)
{
	r->match = LOOKUP_AMBIGUOUS;
	/* What tells them apart: the phone (or its last 4 digits, their
	 * hints) and the postal code. */
	r->ask = (1u << IDENT_PHONE) | (1u << IDENT_POSTAL);
	for (size_t i = 0; i < n; i++) {
		struct snapshot_person p;

		r->factors |= matched_kinds(ids, given, v[i]);
		if (r->nhints == LOOKUP_MAX_HINTS)
			continue;
		if (snapshot_person(s, v[i], &p, err))
			return -1;
		memcpy(r->hints[r->nhints++], p.phone_hint, sizeof r->hints[0]);
	}
	return 0;
}

int lookup_phone_last4(const char *in, size_t n, char out[5])
{
	const uint8_t *p = (const uint8_t *)in, *end = p + n;
	size_t k = 0;
	ucs4_t uc;
	int len;

	for (; p < end; p += len) {
		len = u8_mbtouc(&uc, p, (size_t)(end - p));
		if (text_digit(uc) >= 0) {
			if (k == 4)
				return -1;
			out[k++] = (char)text_digit(uc);
		} else if (uc != ' ' && uc != 0x3000 && !text_is_dash(uc)) {
			return -1;
		}
	}
	out[k] = '\0';
	return k == 4 ? 0 : -1;
}

/* Several verified: the one whose phone ends in the digits the caller
 * gave is the caller.  Only among those who verified on their own, so
 * four digits never verify anyone. */
static size_t last4_break(struct snapshot *s, long long *v, size_t n, const char *last4,
			  struct err *err)
{
	size_t hits = 0, at = 0;

	for (size_t i = 0; i < n; i++) {
		struct snapshot_person p;

		if (snapshot_person(s, v[i], &p, err))
			return (size_t)-1;
		if (strcmp(p.phone_hint, last4) == 0) {
			hits++;
			at = i;
		}
	}
	if (hits != 1)
		return n;
	v[0] = v[at];
	return 1;
}

/* A reading of four kana or fewer, or a name of two characters or fewer,
 * is most likely the surname alone, which matches no whole name. */
static unsigned short_names(const struct lookup_query *q, unsigned given)
{
	unsigned k = 0;

	if ((given & (1u << IDENT_KANA)) &&
	    u8_mbsnlen((const uint8_t *)q->canon[IDENT_KANA], strlen(q->canon[IDENT_KANA])) <= 4)
		k |= 1u << IDENT_KANA;
	if ((given & (1u << IDENT_NAME)) &&
	    u8_mbsnlen((const uint8_t *)q->canon[IDENT_NAME], strlen(q->canon[IDENT_NAME])) <= 2)
		k |= 1u << IDENT_NAME;
	return k;
}

static int decide(struct snapshot *s, struct lookup_result *r, struct snapshot_ids *ids,
		  const struct lookup_query *q, unsigned given, struct err *err)
{
	long long *v;
	size_t n = verified_ids(ids, given, &v);
	int rc = 0;
	bool name_hit = false;

	if (n == (size_t)-1)
		return err_set(err, _("out of memory"));
	if (n > 1)
		n = tie_break(v, n, ids, given);
	if (n > 1 && q->phone_last4 && (n = last4_break(s, v, n, q->phone_last4, err)) == (size_t)-1) {
		free(v);
		return -1;
	}
	if (n == 1)
		rc = verified(s, r, ids, given, v[0], err);
	else if (n > 1)
		rc = ambiguous(s, r, ids, given, v, n, err);
	free(v);
	if (n > 0)
		return rc;
	for (int k = 0; k < IDENT_NKINDS; k++)
		if ((given & NAME_KINDS & (1u << k)) && ids[k].n)
			name_hit = true;
	if (name_hit) {
		unsigned ask = SUPPORT_KINDS & ~given;

		partial(r, ask ? ask : SUPPORT_KINDS);
		return 0;
	}
	r->match = LOOKUP_NONE;
	r->ask = short_names(q, given);
	add_faq(r, 13);
	add_faq(r, 14);
	return 0;
}

int lookup_run(struct snapshot *s, const struct lookup_query *q, struct lookup_result *r,
	       struct err *err)
{
	struct snapshot_ids ids[IDENT_NKINDS] = { { NULL, 0, 0 } };
	unsigned given = 0;
	int rc = 0;

	memset(r, 0, sizeof *r);
	for (int k = 0; k < IDENT_NKINDS; k++)
		if (q->canon[k] && *q->canon[k])
			given |= 1u << k;
	/* Not enough to verify anyone: the answer must not depend on the
	 * snapshot, so nothing is looked up. */
	if (!(given & NAME_KINDS)) {
		partial(r, 1u << IDENT_KANA);
		return 0;
	}
	if (!(given & SUPPORT_KINDS)) {
		partial(r, SUPPORT_KINDS);
		return 0;
	}
	/* One probe a factor: a reading's long vowels, repeat marks and
	 * same sounds are folded in its canonical form (src/kana), on both
	 * sides, so no spelling needs trying here. */
	for (int k = 0; k < IDENT_NKINDS && rc == 0; k++)
		if (given & (1u << k))
			rc = snapshot_find(s, (enum ident_kind)k, q->canon[k], &ids[k], err);
	if (rc == 0)
		rc = decide(s, r, ids, q, given, err);
	for (int k = 0; k < IDENT_NKINDS; k++)
		free(ids[k].v);
	if (rc)
		memset(r, 0, sizeof *r);
	return rc;
}

void lookup_windows(struct lookup_result *r, const struct window_set *ws, const char *card_date,
		    const char *reg_date)
{
	const char *dates[WINDOW_NKINDS] = { [WINDOW_CARD] = card_date, [WINDOW_USERINFO] = reg_date };

	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const struct window *w;

		r->window[k] = window_classify(ws, (enum window_kind)k, dates[k], &w);
		r->window_hit[k] = w;
		for (size_t i = 0; w && i < w->nfaq; i++)
			lookup_suggest(r, w->faq[i]);
	}
}
