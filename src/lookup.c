#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#define NAME_KINDS ((1u << IDENT_KANA) | (1u << IDENT_NAME))
#define SUPPORT_KINDS ((1u << IDENT_DATE) | (1u << IDENT_PHONE) | (1u << IDENT_EMAIL))

/* Persons sharing one identifier: a few for a reading or a birth date
 * even among a million; the list grows when a factor is very common. */
struct ids {
	long long *v;
	size_t n;
};

const char *lookup_match_name(enum lookup_match m)
{
	static const char *const names[] = { "none", "partial", "ambiguous", "verified" };

	return (unsigned)m < 4 ? names[m] : "?";
}

static int find(struct snapshot *s, enum ident_kind k, const char *canon, struct ids *out,
		struct err *err)
{
	size_t max = 64;
	long n;

	for (;;) {
		long long *v = realloc(out->v, max * sizeof *v);

		if (!v)
			return err_set(err, "out of memory");
		out->v = v;
		n = snapshot_find(s, k, canon, out->v, max, err);
		if (n < 0)
			return -1;
		if ((size_t)n <= max)
			break;
		max = (size_t)n;
	}
	out->n = (size_t)n;
	return 0;
}

static bool has(const struct ids *a, long long id)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (a->v[mid] == id)
			return true;
		if (a->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
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

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The persons matching a name factor and a supporting factor, sorted and
 * unique; (size_t)-1 when out of memory. */
static size_t verified_ids(const struct ids *ids, unsigned given, long long **out)
{
	size_t n = 0, cap = 0, u = 0;
	long long *v = NULL;

	for (int nk = 0; nk < IDENT_NKINDS; nk++) {
		if (!((given & NAME_KINDS) & (1u << nk)))
			continue;
		for (size_t i = 0; i < ids[nk].n; i++) {
			long long id = ids[nk].v[i];
			bool sup = false;

			for (int sk = 0; sk < IDENT_NKINDS && !sup; sk++)
				sup = ((given & SUPPORT_KINDS) & (1u << sk)) && has(&ids[sk], id);
			if (!sup)
				continue;
			if (n == cap) {
				long long *p = realloc(v, (cap = cap ? 2 * cap : 8) * sizeof *p);

				if (!p) {
					free(v);
					return (size_t)-1;
				}
				v = p;
			}
			v[n++] = id;
		}
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_ll);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	*out = v;
	return u;
}

/* Several verified: a matching postal code narrows them down. */
static size_t tie_break(long long *v, size_t n, const struct ids *postal)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (has(postal, v[i]))
			m++;
	if (m != 1)
		return n;
	for (size_t i = 0; i < n; i++)
		if (has(postal, v[i])) {
			v[0] = v[i];
			break;
		}
	return 1;
}

static unsigned matched_kinds(const struct ids *ids, unsigned given, long long id)
{
	unsigned k = 0;

	for (int i = 0; i < IDENT_NKINDS; i++)
		if ((given & (1u << i)) && has(&ids[i], id))
			k |= 1u << i;
	return k;
}

static int verified(struct snapshot *s, struct lookup_result *r, const struct ids *ids,
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

static int ambiguous(struct snapshot *s, struct lookup_result *r, const struct ids *ids,
		     unsigned given, const long long *v, size_t n, struct err *err)
{
	r->match = LOOKUP_AMBIGUOUS;
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

static int decide(struct snapshot *s, struct lookup_result *r, struct ids *ids, unsigned given,
		  struct err *err)
{
	long long *v;
	size_t n = verified_ids(ids, given, &v);
	int rc = 0;
	bool name_hit = false;

	if (n == (size_t)-1)
		return err_set(err, "out of memory");
	if (n > 1 && (given & (1u << IDENT_POSTAL)))
		n = tie_break(v, n, &ids[IDENT_POSTAL]);
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
	add_faq(r, 13);
	add_faq(r, 14);
	return 0;
}

int lookup_run(struct snapshot *s, const struct lookup_query *q, struct lookup_result *r,
	       struct err *err)
{
	struct ids ids[IDENT_NKINDS] = { { NULL, 0 } };
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
	for (int k = 0; k < IDENT_NKINDS && rc == 0; k++)
		if (given & (1u << k))
			rc = find(s, (enum ident_kind)k, q->canon[k], &ids[k], err);
	if (rc == 0)
		rc = decide(s, r, ids, given, err);
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
