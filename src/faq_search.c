#include "faq_search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "faq_file.h"
#include "faq_syn.h"
#include "text_fold.h"

/* Variants of one query word: enough for every group of a sensible table,
 * small enough that a pathological table cannot slow a keystroke down. */
#define FAQ_SEARCH_VARIANTS 32

/* ---- The packed index ---------------------------------------------------- */

/* The folded texts of every entry packed one after the other: searching
 * them there instead of in their own allocations (each beside its much
 * larger offset map) keeps the scan in cache, which is what makes 10,000
 * entries searchable at every keystroke. */
struct faq_index {
	char *text;
	uint32_t *map;    /* beside text: each field's fold map (entries are
	                     < 4 GB), its last slot on the field's '\0' */
	size_t *off;      /* 3 per entry: question, keywords, answer */
	size_t freq[256]; /* how often each byte occurs in text */
};

void faq_search_index_free(struct faq_index *x)
{
	if (!x)
		return;
	free(x->text);
	free(x->map);
	free(x->off);
	free(x);
}

struct faq_index *faq_search_index_build(const struct faq *f)
{
	struct faq_index *x = calloc(1, sizeof *x);
	size_t total = 0, at = 0;

	if (!x)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		total += f->e[i].fq.n + f->e[i].fk.n + f->e[i].fa.n + 3;
	x->text = malloc(total + 1);
	x->map = malloc(sizeof *x->map * (total + 1));
	x->off = malloc(sizeof *x->off * 3 * (f->n ? f->n : 1));
	if (!x->text || !x->map || !x->off) {
		faq_search_index_free(x);
		return NULL;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct text_fold *t[3] = { &f->e[i].fq, &f->e[i].fk, &f->e[i].fa };

		for (int j = 0; j < 3; j++) {
			x->off[3 * i + (size_t)j] = at;
			memcpy(x->text + at, t[j]->s, t[j]->n);
			for (size_t b = 0; b <= t[j]->n; b++)
				x->map[at + b] = (uint32_t)t[j]->map[b];
			at += t[j]->n;
			x->text[at++] = '\0';
		}
	}
	for (size_t i = 0; i < at; i++)
		x->freq[(unsigned char)x->text[i]]++;
	return x;
}

/* ---- Search ------------------------------------------------------------- */

struct word {
	char *v[FAQ_SEARCH_VARIANTS];   /* v[0] is the folded word itself */
	size_t len[FAQ_SEARCH_VARIANTS];
	size_t anchor[FAQ_SEARCH_VARIANTS];
	size_t nv;
};

/* The byte of a needle that is rarest in the texts searched (freq, the
 * byte counts of the packed texts, or a guess when NULL), so that memchr()
 * skips most of the haystack.  In Japanese UTF-8 every character starts
 * with a lead byte (E3 for all kana) and kana share their second byte: a
 * plain memmem() crawls on such text. */
static size_t anchor_of(const char *s, size_t n, const size_t *freq)
{
	size_t best = 0, rarest = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool last = i + 1 == n || ((unsigned char)s[i + 1] & 0xc0) != 0x80;
		size_t r;

		if (freq)
			r = freq[c];
		else
			r = c < 0x80 ? (c == ' ' ? 3 : 0) : c >= 0xc0 ? 4 : last ? 1 : 2;
		if (r < rarest) {
			rarest = r;
			best = i;
		}
	}
	return best;
}

/* The first occurrence of needle[0..n) in [from, end), or NULL; k is the
 * anchor_of the needle. */
static const char *find(const char *from, const char *end, const char *needle, size_t n,
			size_t k)
{
	const char *p, *limit;

	if (n == 0 || (size_t)(end - from) < n)
		return NULL;
	limit = end - (n - 1 - k);
	for (p = from + k; p < limit; p++) {
		p = memchr(p, needle[k], (size_t)(limit - p));
		if (!p)
			return NULL;
		if (p[n - 1 - k] == needle[n - 1] && memcmp(p - k, needle, n) == 0)
			return p - k;
	}
	return NULL;
}

struct fspan {
	size_t s, e;                 /* folded byte range */
};

struct spanvec {
	struct fspan *v;
	size_t n, cap;
};

/* What one search builds up before handing one block to the caller. */
struct search {
	struct word *w;
	size_t nw;
	struct spanvec tq, ta;       /* spans of the entry being scored */
	struct faq_hit *hits;        /* q and a are set by finish() */
	size_t *first;               /* index in spans of each hit's first span */
	size_t nhits, hcap;
	struct faq_span *spans;      /* every hit's spans: question's, answer's */
	size_t nspans, scap;
};

static void words_free(struct word *w, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		for (size_t j = 0; j < w[i].nv; j++)
			free(w[i].v[j]);
	free(w);
}

static int add_variant(struct word *w, char *s, size_t n)
{
	for (size_t i = 0; i < w->nv; i++)
		if (w->len[i] == n && memcmp(w->v[i], s, n) == 0) {
			free(s);
			return 0;
		}
	if (w->nv == FAQ_SEARCH_VARIANTS) {
		free(s);
		return 0;
	}
	w->v[w->nv] = s;
	w->len[w->nv++] = n;
	return 0;
}

/* For every spelling of a synonym group found inside spelling b of the
 * word, that spelling with it replaced by each other one of its group:
 * 漏洩 gives 漏えい and 流出, 漏洩件数 gives 漏えい件数. */
static int expand(struct word *w, size_t b, const struct faq_syn *syn)
{
	const char *base = w->v[b];
	size_t bl = w->len[b];

	for (size_t i = 0; syn && i < syn->nm; i++) {
		const struct faq_syn_member *m = &syn->m[i];
		const char *p = find(base, base + bl, m->s, m->len, anchor_of(m->s, m->len, NULL));
		const struct faq_syn_group *g;

		if (!p)
			continue;
		g = &syn->g[m->group];
		for (size_t j = g->first; j < g->first + g->n; j++) {
			const struct faq_syn_member *o = &syn->m[j];
			size_t pre = (size_t)(p - base), post = bl - pre - m->len;
			size_t n = pre + o->len + post;
			char *s;

			if (j == i)
				continue;
			s = malloc(n + 1);
			if (!s)
				return -1;
			memcpy(s, base, pre);
			memcpy(s + pre, o->s, o->len);
			memcpy(s + pre + o->len, p + m->len, post);
			s[n] = '\0';
			add_variant(w, s, n);
		}
	}
	return 0;
}

static bool contains(const char *s, size_t n, const char *t, size_t m)
{
	return m <= n && find(s, s + n, t, m, anchor_of(t, m, NULL)) != NULL;
}

/* Drops the variants that contain another one (クレジットカード when カード
 * is there): wherever they occur the shorter one does too, so they would
 * only cost time.  Then notes each one's anchor. */
static void prune(struct word *w, const size_t *freq)
{
	size_t out = 0;

	for (size_t i = 0; i < w->nv; i++) {
		bool redundant = false;

		for (size_t j = 0; j < w->nv && !redundant; j++)
			redundant = j != i && w->v[j] && w->len[j] < w->len[i] &&
				    contains(w->v[i], w->len[i], w->v[j], w->len[j]);
		if (redundant) {
			free(w->v[i]);
			w->v[i] = NULL;
		}
	}
	for (size_t i = 0; i < w->nv; i++) {
		if (!w->v[i])
			continue;
		w->v[out] = w->v[i];
		w->len[out] = w->len[i];
		w->anchor[out] = anchor_of(w->v[i], w->len[i], freq);
		out++;
	}
	w->nv = out;
}

/* Each spelling of w once more with its last character (a kana that can
 * take a voicing mark) voiced, and semi-voiced: くれし → くれじ. */
static int unfinished(struct word *w)
{
	size_t nv = w->nv;

	for (size_t i = 0; i < nv; i++) {
		static const ucs4_t marks[2] = { 0x3099, 0x309A };
		ucs4_t last;
		const uint8_t *p = u8_prev(&last, (const uint8_t *)w->v[i] + w->len[i], (const uint8_t *)w->v[i]);
		size_t pre = p ? (size_t)(p - (const uint8_t *)w->v[i]) : 0;

		for (int m = 0; p && m < 2; m++) {
			ucs4_t c = uc_composition(last, marks[m]);
			char *s;
			int k;

			if (!c)
				continue;
			if (!(s = malloc(pre + 7)))
				return -1;
			memcpy(s, w->v[i], pre);
			k = u8_uctomb((uint8_t *)s + pre, c, 6);
			s[pre + (size_t)k] = '\0';
			add_variant(w, s, pre + (size_t)k);
		}
	}
	return 0;
}

/* Splits the query at ASCII and ideographic spaces and folds each word;
 * words that fold to nothing are dropped.  With typing, the last word (the
 * query not ending in a space) may be unfinished.  0, or -1 when memory
 * runs out. */
static int parse_query(const char *q, const struct faq *f, bool typing, struct search *st)
{
	size_t n = strlen(q), i = 0;

	st->w = calloc(n / 2 + 1, sizeof *st->w);
	if (!st->w)
		return -1;
	while (i < n) {
		size_t k = faq_file_space(q + i, n - i), j = i;
		struct text_fold fw;
		struct word *w;

		if (k) {
			i += k;
			continue;
		}
		while (j < n && !faq_file_space(q + j, n - j))
			j++;
		if (text_fold(q + i, j - i, &fw))
			return -1;
		i = j;
		free(fw.map);
		if (fw.n == 0) {
			free(fw.s);
			continue;
		}
		w = &st->w[st->nw++];
		w->v[0] = fw.s;
		w->len[0] = fw.n;
		w->nv = 1;
		/* The voiced forms first, so that each gets its synonyms
		 * too (ﾊﾟｽﾜｰﾄ: ぱすわーど and ぱすわーと, and PW). */
		if (typing && i == n && unfinished(w))
			return -1;
		for (size_t b = 0, nb = w->nv; b < nb; b++)
			if (expand(w, b, f->syn))
				return -1;
		prune(w, f->index ? f->index->freq : NULL);
	}
	return 0;
}

static int span_push(struct spanvec *v, size_t s, size_t e)
{
	if (v->n == v->cap) {
		struct fspan *nv = realloc(v->v, sizeof *nv * (v->cap = v->cap ? v->cap * 2 : 64));

		if (!nv)
			return -1;
		v->v = nv;
	}
	v->v[v->n++] = (struct fspan){ s, e };
	return 0;
}

struct occ {
	size_t count, first;
};

/* Occurrences of every variant of w in the folded text f; with spans, each
 * one is recorded.  -1 when memory runs out. */
static int occurrences(const char *text, size_t n, const struct word *w,
		       struct spanvec *spans, struct occ *o)
{
	o->count = 0;
	o->first = SIZE_MAX;
	for (size_t i = 0; i < w->nv; i++) {
		const char *p = text, *end = text + n;

		while ((p = find(p, end, w->v[i], w->len[i], w->anchor[i])) != NULL) {
			size_t at = (size_t)(p - text);

			o->count++;
			if (at < o->first)
				o->first = at;
			if (spans && span_push(spans, at, at + w->len[i]))
				return -1;
			p += w->len[i];
		}
	}
	return 0;
}

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The score of one word in one entry, 0 when it does not occur.  A match
 * in the question always outweighs one in the keywords, which outweighs
 * one in the answer; within a field, earlier and more often count. */
static int word_score(const struct faq_entry *e, const char *const t[3],
		      const struct word *w, struct search *st, int *score)
{
	struct occ q, k, a;

	if (occurrences(t[0], e->fq.n, w, &st->tq, &q) ||
	    occurrences(t[1], e->fk.n, w, NULL, &k) ||
	    occurrences(t[2], e->fa.n, w, &st->ta, &a))
		return -1;
	*score = 0;
	if (q.count)
		*score += 1000 + 60 - (int)min_sz(q.first / 3, 60) + 4 * (int)min_sz(q.count, 5);
	if (k.count)
		*score += 300;
	if (a.count)
		*score += 100 + 3 * (int)min_sz(a.count, 10);
	return 0;
}

static int cmp_fspan(const void *a, const void *b)
{
	const struct fspan *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

/* A fold map, wide from text_fold or narrow from the index. */
struct fmap {
	const size_t *wide;
	const uint32_t *narrow;
	size_t n;                    /* folded length: the map has n+1 slots */
};

static size_t map_at(const struct fmap *m, size_t i)
{
	return m->narrow ? m->narrow[i] : m->wide[i];
}

/* The original offset where the folded text up to byte e ends: a match
 * that stops inside the expansion of one original character (㍿ → 株式会社)
 * takes the whole character. */
static size_t orig_end(const struct fmap *m, size_t e)
{
	size_t j = e;

	if (e == 0 || e >= m->n)
		return map_at(m, e >= m->n ? m->n : 0);
	while (j < m->n && map_at(m, j) == map_at(m, e - 1))
		j++;
	return map_at(m, j);
}

/* Sorts and merges the folded spans of v, maps them to the original and
 * appends them to st->spans.  Returns how many were appended, or -1. */
static long flush_spans(struct spanvec *v, const struct fmap *m, struct search *st)
{
	size_t start = st->nspans;

	if (v->n == 0)
		return 0;
	qsort(v->v, v->n, sizeof *v->v, cmp_fspan);
	for (size_t i = 0; i < v->n;) {
		size_t s = v->v[i].s, e = v->v[i].e, off, end;

		for (i++; i < v->n && v->v[i].s <= e; i++)
			if (v->v[i].e > e)
				e = v->v[i].e;
		off = map_at(m, s);
		end = orig_end(m, e);
		if (st->nspans > start &&
		    st->spans[st->nspans - 1].off + st->spans[st->nspans - 1].len >= off) {
			/* Two folded spans can meet inside one original character. */
			struct faq_span *last = &st->spans[st->nspans - 1];

			if (end > last->off + last->len)
				last->len = end - last->off;
			continue;
		}
		if (st->nspans == st->scap) {
			struct faq_span *ns = realloc(st->spans, sizeof *ns *
						      (st->scap = st->scap ? st->scap * 2 : 256));

			if (!ns)
				return -1;
			st->spans = ns;
		}
		st->spans[st->nspans++] = (struct faq_span){ off, end - off };
	}
	v->n = 0;
	return (long)(st->nspans - start);
}

static int add_hit(struct search *st, size_t index, int score, size_t first,
		   size_t nq, size_t na)
{
	if (st->nhits == st->hcap) {
		size_t cap = st->hcap ? st->hcap * 2 : 64;
		struct faq_hit *nh = realloc(st->hits, sizeof *nh * cap);
		size_t *nf;

		if (!nh)
			return -1;
		st->hits = nh;
		nf = realloc(st->first, sizeof *nf * cap);
		if (!nf)
			return -1;
		st->first = nf;
		st->hcap = cap;
	}
	st->first[st->nhits] = first;
	st->hits[st->nhits++] = (struct faq_hit){ .index = index, .score = score,
						  .nq = nq, .na = na };
	return 0;
}

/* Scores entry i and, when every word matches, records it as a hit with
 * its spans.  -1 when memory runs out. */
static int score_entry(const struct faq *f, size_t i, struct search *st)
{
	const struct faq_entry *e = &f->e[i];
	size_t first = st->nspans;
	int total = 0;
	long nq, na;

	const char *t[3] = { e->fq.s, e->fk.s, e->fa.s };
	struct fmap mq = { e->fq.map, NULL, e->fq.n }, ma = { e->fa.map, NULL, e->fa.n };

	if (f->index) {
		const size_t *off = &f->index->off[3 * i];

		for (int j = 0; j < 3; j++)
			t[j] = f->index->text + off[j];
		mq.narrow = f->index->map + off[0];
		ma.narrow = f->index->map + off[2];
	}
	st->tq.n = st->ta.n = 0;
	for (size_t k = 0; k < st->nw; k++) {
		int s;

		if (word_score(e, t, &st->w[k], st, &s))
			return -1;
		if (s == 0)
			return 0;
		total += s;
	}
	nq = flush_spans(&st->tq, &mq, st);
	na = nq < 0 ? -1 : flush_spans(&st->ta, &ma, st);
	if (na < 0)
		return -1;
	return add_hit(st, i, total, first, (size_t)nq, (size_t)na);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct faq_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* One block for the caller: the hits, then all spans. */
static struct faq_hit *finish(const struct search *st)
{
	size_t hb = sizeof *st->hits * st->nhits;
	struct faq_hit *out;
	struct faq_span *sp;

	if (st->nhits == 0)
		return NULL;
	out = malloc(hb + sizeof *st->spans * st->nspans + 1);
	if (!out)
		return NULL;
	sp = (struct faq_span *)(void *)((char *)out + hb);
	if (st->nspans)
		memcpy(sp, st->spans, sizeof *sp * st->nspans);
	for (size_t i = 0; i < st->nhits; i++) {
		out[i] = st->hits[i];
		out[i].q = out[i].nq ? sp + st->first[i] : NULL;
		out[i].a = out[i].na ? sp + st->first[i] + out[i].nq : NULL;
	}
	qsort(out, st->nhits, sizeof *out, cmp_hit);
	return out;
}

static void search_free(struct search *st)
{
	words_free(st->w, st->nw);
	free(st->tq.v);
	free(st->ta.v);
	free(st->hits);
	free(st->first);
	free(st->spans);
}

static size_t all_entries(const struct faq *f, struct faq_hit **hits)
{
	*hits = NULL;
	if (f->n == 0)
		return 0;
	*hits = calloc(f->n, sizeof **hits);
	if (!*hits)
		return (size_t)-1;
	for (size_t i = 0; i < f->n; i++)
		(*hits)[i].index = i;
	return f->n;
}

static size_t search(const struct faq *f, const char *query, bool typing, struct faq_hit **hits)
{
	struct search st = { 0 };
	size_t n = (size_t)-1;

	*hits = NULL;
	if (parse_query(query ? query : "", f, typing, &st))
		goto out;
	if (st.nw == 0) {
		n = all_entries(f, hits);
		goto out;
	}
	for (size_t i = 0; i < f->n; i++)
		if (score_entry(f, i, &st))
			goto out;
	*hits = finish(&st);
	if (st.nhits && !*hits)
		goto out;
	n = st.nhits;
out:
	search_free(&st);
	return n;
}

size_t faq_search(const struct faq *f, const char *query, struct faq_hit **hits)
{
	return search(f, query, false, hits);
}

size_t faq_search_typing(const struct faq *f, const char *query, struct faq_hit **hits)
{
	return search(f, query, true, hits);
}

void faq_hits_free(struct faq_hit *hits, size_t n)
{
	(void)n;    /* the spans live in the same block as the hits */
	free(hits);
}
