#include "lookup.h"
#include "i18n.h"
#include "text_norm.h"

#include <sodium.h>
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

/* ---- the pairs found ---- */

/* One person found through one pair digest, with the pair's hash (the
 * digest and the tag key). */
struct hit {
	long long id;
	int pair;
	uint8_t h[SNAPSHOT_PAIR_BYTES];
};

/* A person found through one pair digest or more, with one of them: the
 * one their tie-break tags are checked through. */
struct cand {
	long long id;
	unsigned pairs;            /* 1 << pair */
	int npairs, pair;
	const uint8_t *h;          /* in the hits */
	int ties;                  /* tie-breakers their tags match */
	unsigned tie_kinds;        /* 1 << IDENT_POSTAL when the postal code's did */
};

struct found {
	struct hit *v;
	size_t n, cap;
	struct snapshot_ids ids;   /* one probe's, reused */
};

static int add_hits(struct found *f, int pair, const uint8_t *h, struct err *err)
{
	if (f->n + f->ids.n > f->cap) {
		size_t cap = (f->n + f->ids.n) * 2 + 8;
		struct hit *v = malloc(cap * sizeof *v);

		if (!v)
			return err_set(err, _("out of memory"));
		/* Not realloc: the old hits are wiped, as the last ones are. */
		if (f->n) {
			memcpy(v, f->v, f->n * sizeof *v);
			sodium_memzero(f->v, f->cap * sizeof *v);
		}
		free(f->v);
		f->v = v;
		f->cap = cap;
	}
	for (size_t i = 0; i < f->ids.n; i++) {
		struct hit *hit = &f->v[f->n++];

		hit->id = f->ids.v[i];
		hit->pair = pair;
		memcpy(hit->h, h, SNAPSHOT_PAIR_BYTES);
	}
	return 0;
}

/* Every pair of a name factor given and a supporting factor given,
 * looked up: one probe a pair (a reading's long vowels, repeat marks and
 * same sounds are folded in its canonical form, src/kana, on both sides,
 * so no spelling needs trying here). */
static int find_pairs(struct snapshot *s, const struct lookup_query *q, unsigned given,
		      struct found *f, struct err *err)
{
	for (int n = 0; n < IDENT_NKINDS; n++)
		for (int k = 0; k < IDENT_NKINDS; k++) {
			int pair = snapshot_pair((enum ident_kind)n, (enum ident_kind)k), rc;
			uint8_t h[SNAPSHOT_PAIR_BYTES];

			if (pair < 0 || !(given & (1u << n)) || !(given & (1u << k)))
				continue;
			rc = snapshot_find(s, pair, q->canon[n], q->canon[k], h, &f->ids, err) ||
			     add_hits(f, pair, h, err);
			sodium_memzero(h, sizeof h);
			if (rc)
				return -1;
		}
	return 0;
}

static int by_id_pair(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->pair > y->pair) - (x->pair < y->pair);
}

/* The hits grouped by person, ascending: into c (room for f->n). */
static size_t candidates(struct found *f, struct cand *c)
{
	size_t n = 0;

	qsort(f->v, f->n, sizeof *f->v, by_id_pair);
	for (size_t i = 0; i < f->n; i++) {
		const struct hit *h = &f->v[i];

		if (n == 0 || c[n - 1].id != h->id)
			c[n++] = (struct cand){ .id = h->id, .pair = h->pair, .h = h->h };
		if (!(c[n - 1].pairs & (1u << h->pair))) {
			c[n - 1].pairs |= 1u << h->pair;
			c[n - 1].npairs++;
		}
	}
	return n;
}

/* Keeps the candidates that match the most pairs, first; how many. */
static size_t most_pairs(struct cand *c, size_t n)
{
	int best = 0;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		best = c[i].npairs > best ? c[i].npairs : best;
	for (size_t i = 0; i < n; i++)
		if (c[i].npairs == best)
			c[k++] = c[i];
	return k;
}

/* Checks each candidate's tags against the postal code and the last 4
 * digits given (through the pair digest it was found by). */
static int check_tags(struct snapshot *s, const struct lookup_query *q, unsigned given,
		      struct cand *c, size_t n, struct err *err)
{
	const char *postal = given & (1u << IDENT_POSTAL) ? q->canon[IDENT_POSTAL] : NULL;

	for (size_t i = 0; i < n; i++) {
		struct snapshot_person p;

		if (snapshot_person(s, c[i].id, &p, err))
			return -1;
		if (postal && snapshot_tag_match(&p, c[i].pair, c[i].h, SNAPSHOT_TAG_POSTAL, postal)) {
			c[i].ties++;
			c[i].tie_kinds |= 1u << IDENT_POSTAL;
		}
		if (q->phone_last4 &&
		    snapshot_tag_match(&p, c[i].pair, c[i].h, SNAPSHOT_TAG_LAST4, q->phone_last4))
			c[i].ties++;
	}
	return 0;
}

/* Several match as many pairs: the one whose tags match strictly more of
 * the postal code and the last 4 digits given than every other is the
 * caller.  Its index, or -1. */
static long tie_break(const struct cand *c, size_t n)
{
	int best = 0;
	size_t ties = 0, at = 0;

	for (size_t i = 0; i < n; i++) {
		if (c[i].ties > best) {
			best = c[i].ties;
			at = i;
			ties = 1;
		} else if (c[i].ties == best) {
			ties++;
		}
	}
	return best > 0 && ties == 1 ? (long)at : -1;
}

static int verified(struct snapshot *s, struct lookup_result *r, const struct cand *c,
		    struct err *err)
{
	if (snapshot_person(s, c->id, &r->person, err))
		return -1;
	r->match = LOOKUP_VERIFIED;
	r->factors = snapshot_pair_kinds(c->pairs) | c->tie_kinds;
	if (r->person.userinfo)
		r->exposed_items = r->person.items & ~(unsigned)SNAPSHOT_ITEM_CARD;
	if (r->person.card_records > 0) {
		r->exposed_items |= SNAPSHOT_ITEM_CARD;
		add_faq(r, 7);
		add_faq(r, 13);
	}
	if (r->person.userinfo)
		add_faq(r, 14);
	/* The person's tags are not the caller's business. */
	sodium_memzero(r->person.tags, sizeof r->person.tags);
	r->person.ntags = 0;
	return 0;
}

/* What tells them apart, not given yet: the postal code, the phone's last
 * 4 digits (or the phone).  Both given: nothing more of that kind. */
static void ambiguous(struct lookup_result *r, const struct lookup_query *q, unsigned given,
		      const struct cand *c, size_t n)
{
	r->match = LOOKUP_AMBIGUOUS;
	for (size_t i = 0; i < n; i++)
		r->factors |= snapshot_pair_kinds(c[i].pairs) | c[i].tie_kinds;
	if (!(given & (1u << IDENT_POSTAL)))
		r->ask |= 1u << IDENT_POSTAL;
	if (!(given & (1u << IDENT_PHONE)) && !q->phone_last4)
		r->ask |= 1u << IDENT_PHONE;
}

static void none(struct lookup_result *r, const struct lookup_query *q, unsigned given)
{
	r->match = LOOKUP_NONE;
	r->ask = short_names(q, given);
	add_faq(r, 13);
	add_faq(r, 14);
}

/* The verdict on c[0..n), the candidates matching the most pairs. */
static int judge(struct snapshot *s, struct lookup_result *r, const struct lookup_query *q,
		 unsigned given, struct cand *c, size_t n, struct err *err)
{
	bool postal = given & (1u << IDENT_POSTAL);
	long one = 0;

	if (n == 0) {
		none(r, q, given);
		return 0;
	}
	/* Several: their tags may break the tie.  One: the postal code given
	 * is named among the factors when it is theirs. */
	if (((n > 1 && q->phone_last4) || postal) && check_tags(s, q, given, c, n, err))
		return -1;
	if (n > 1 && (one = tie_break(c, n)) < 0) {
		ambiguous(r, q, given, c, n);
		return 0;
	}
	return verified(s, r, &c[one], err);
}

static int decide(struct snapshot *s, struct lookup_result *r, const struct lookup_query *q,
		  unsigned given, struct err *err)
{
	struct found f = { NULL, 0, 0, { NULL, 0, 0 } };
	struct cand *c = NULL;
	int rc = find_pairs(s, q, given, &f, err);

	if (rc == 0 && f.n && !(c = malloc(f.n * sizeof *c)))
		rc = err_set(err, _("out of memory"));
	if (rc == 0)
		rc = judge(s, r, q, given, c, f.n ? most_pairs(c, candidates(&f, c)) : 0, err);
	free(c);
	/* The hits hold tag keys: nothing of the caller's stays behind. */
	if (f.v)
		sodium_memzero(f.v, f.cap * sizeof *f.v);
	free(f.v);
	free(f.ids.v);
	return rc;
}

int lookup_run(struct snapshot *s, const struct lookup_query *q, struct lookup_result *r,
	       struct err *err)
{
	unsigned given = 0;
	int rc;

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
	rc = decide(s, r, q, given, err);
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

const char *lookup_advice(const struct lookup_result *r, enum window_kind kind)
{
	enum window_found found = WINDOW_UNCONFIRMED;

	if (r->match == LOOKUP_NONE)
		found = WINDOW_NOT_FOUND;
	if (r->match == LOOKUP_VERIFIED) {
		bool has = kind == WINDOW_CARD ? r->person.card_records > 0 : r->person.userinfo;

		found = has ? WINDOW_LISTED : WINDOW_LISTED_OTHER;
	}
	return window_advice(kind, r->window[kind], found);
}
