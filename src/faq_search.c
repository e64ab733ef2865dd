#include "faq_search.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "faq_file.h"
#include "faq_query.h"
#include "faq_reading.h"
#include "faq_scan.h"
#include "text_fold.h"

/* ---- The packed index ---------------------------------------------------- */

/* The folded texts of every entry packed one after the other: searching
 * them there instead of in their own allocations (each beside its much
 * larger offset map) keeps the scan in cache, which is what makes 10,000
 * entries searchable at every keystroke.  The folded texts come first,
 * then the reading texts, so that whether a word occurs anywhere is one
 * scan of one of the two. */
struct faq_index {
	char *text;
	uint32_t *map;    /* beside text: each field's fold map (entries are
	                     < 4 GB), its last slot on the field's '\0' */
	size_t *off;      /* 6 per entry: folded question, keywords, answer,
	                     then the same read aloud */
	size_t read_at;   /* where the reading texts start */
	size_t len;       /* the bytes of text */
	bool reading;     /* the entries have reading texts */
	size_t freq[512]; /* how often each byte occurs in the folded texts,
	                     then in the read ones */
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

/* The six texts of entry e: folded q, k, a, then read aloud (the folded
 * ones again when there are no readings). */
static void entry_texts(const struct faq_entry *e, const struct text_fold *t[6])
{
	bool r = e->rq.s && e->rk.s && e->ra.s;

	t[0] = &e->fq;
	t[1] = &e->fk;
	t[2] = &e->fa;
	t[3] = r ? &e->rq : &e->fq;
	t[4] = r ? &e->rk : &e->fk;
	t[5] = r ? &e->ra : &e->fa;
}

struct faq_index *faq_search_index_build(const struct faq *f)
{
	struct faq_index *x = calloc(1, sizeof *x);
	size_t total = 0, at = 0;

	if (!x)
		return NULL;
	x->reading = f->n > 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct text_fold *t[6];

		entry_texts(&f->e[i], t);
		x->reading = x->reading && t[3] != t[0];
		for (int j = 0; j < 6; j++)
			total += t[j]->n + 1;
	}
	x->text = malloc(total + 1);
	x->map = malloc(sizeof *x->map * (total + 1));
	x->off = malloc(sizeof *x->off * 6 * (f->n ? f->n : 1));
	if (!x->text || !x->map || !x->off) {
		faq_search_index_free(x);
		return NULL;
	}
	for (int j = 0; j < 6; j++) {
		if (j == 3)
			x->read_at = at;
		for (size_t i = 0; i < f->n; i++) {
			const struct text_fold *t[6];

			entry_texts(&f->e[i], t);
			x->off[6 * i + (size_t)j] = at;
			memcpy(x->text + at, t[j]->s, t[j]->n);
			for (size_t b = 0; b <= t[j]->n; b++)
				x->map[at + b] = (uint32_t)t[j]->map[b];
			at += t[j]->n;
			x->text[at++] = '\0';
		}
	}
	x->len = at;
	for (size_t i = 0; i < at; i++)
		x->freq[(i >= x->read_at ? 256 : 0) + (unsigned char)x->text[i]]++;
	return x;
}

int faq_search_index_rebuild(const struct faq *f)
{
	struct faq_index *x = faq_search_index_build(f), old;

	if (!x)
		return -1;
	old = *f->index;
	*f->index = *x;
	*x = old;
	faq_search_index_free(x);
	return 0;
}

/* ---- Search --------------------------------------------------------------- */

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

/* The six texts of entry i where search reads them: in the index, or in
 * the entry itself. */
struct view {
	const char *t[6];
	struct fmap m[6];
};

static void view_of(const struct faq *f, size_t i, struct view *v)
{
	const struct text_fold *t[6];

	entry_texts(&f->e[i], t);
	for (int j = 0; j < 6; j++) {
		v->t[j] = t[j]->s;
		v->m[j] = (struct fmap){ t[j]->map, NULL, t[j]->n };
		if (f->index) {
			size_t off = f->index->off[6 * i + (size_t)j];

			v->t[j] = f->index->text + off;
			v->m[j].narrow = f->index->map + off;
		}
	}
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
	struct faq_query q;
	const struct faq_term **term;/* every term of every word, in order */
	size_t *word_of;             /* the word of each term */
	size_t nt;
	size_t unknown;              /* words nothing of which the FAQ knows */
	int *raw;                    /* the scores of the entry being scored */
	size_t *df;                  /* entries each term occurs in */
	int *hit_raw;                /* nt scores per hit */
	size_t *hit_words;           /* how much of the query each hit matches */
	size_t most;                 /* the most any hit does */
	struct spanvec tq[2], ta[2]; /* spans of the entry being scored: in
	                                the folded and the read texts */
	struct faq_hit *hits;        /* q and a are set by finish() */
	size_t *first;               /* index in spans of each hit's first span */
	size_t nhits, hcap;
	struct faq_span *spans;      /* every hit's spans: question's, answer's */
	size_t nspans, scap;
};

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
	size_t count, first;         /* first: original offset */
};

/* Occurrences of every variant of term t in field j (0 question, 1
 * keywords, 2 answer) of the entry viewed: each variant in the folded
 * text or, without kanji, in the read one.  With spans, each occurrence
 * is recorded there ([0] folded, [1] read).  -1 when memory runs out. */
static int occurrences(const struct view *v, int j, const struct faq_term *t,
		       struct spanvec *spans, struct occ *o)
{
	o->count = 0;
	o->first = SIZE_MAX;
	for (size_t i = 0; i < t->nv; i++) {
		int k = t->read[i] ? j + 3 : j;
		const char *text = v->t[k], *p = text, *end = text + v->m[k].n;

		bool first = true;

		while ((p = faq_scan_find(p, end, t->v[i], t->len[i], t->anchor[i])) != NULL) {
			size_t at = (size_t)(p - text), orig;

			/* The variant's first occurrence, in the original: the
			 * folded and the read texts are measured alike there. */
			if (first && (orig = map_at(&v->m[k], at)) < o->first)
				o->first = orig;
			first = false;
			o->count++;
			if (spans && span_push(&spans[t->read[i]], at, at + t->len[i]))
				return -1;
			p += t->len[i];
		}
	}
	return 0;
}

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The score of one term in one entry, 0 when it does not occur.  A match
 * in the question always outweighs one in the keywords, which outweighs
 * one in the answer; within a field, earlier and more often count. */
static int term_score(const struct view *v, const struct faq_term *t, struct search *st,
		      int *score)
{
	struct occ q, k, a;

	if (occurrences(v, 0, t, st->tq, &q) || occurrences(v, 1, t, NULL, &k) ||
	    occurrences(v, 2, t, st->ta, &a))
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

static int cmp_span(const void *a, const void *b)
{
	const struct faq_span *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->len > y->len) - (x->len < y->len);
}

/* The original offset where the folded text up to byte e ends: a match
 * that stops inside the expansion of one original character (㍿ → 株式会社)
 * or inside the reading of a word takes the whole character or word. */
static size_t orig_end(const struct fmap *m, size_t e)
{
	size_t j = e;

	if (e == 0 || e >= m->n)
		return map_at(m, e >= m->n ? m->n : 0);
	while (j < m->n && map_at(m, j) == map_at(m, e - 1))
		j++;
	return map_at(m, j);
}

static int span_room(struct search *st)
{
	if (st->nspans == st->scap) {
		struct faq_span *ns = realloc(st->spans, sizeof *ns *
					      (st->scap = st->scap ? st->scap * 2 : 256));

		if (!ns)
			return -1;
		st->spans = ns;
	}
	return 0;
}

/* Maps the folded spans of v[0] (folded text, map m[0]) and v[1] (read
 * text, map m[1]) to the original, appends them to st->spans, sorted and
 * merged.  Returns how many were appended, or -1. */
static long flush_spans(struct spanvec v[2], const struct fmap *m[2], struct search *st)
{
	size_t start = st->nspans, out;

	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < v[k].n; i++) {
			size_t off = map_at(m[k], v[k].v[i].s), end = orig_end(m[k], v[k].v[i].e);

			if (span_room(st))
				return -1;
			st->spans[st->nspans++] = (struct faq_span){ off, end - off };
		}
		v[k].n = 0;
	}
	if (st->nspans == start)
		return 0;
	qsort(st->spans + start, st->nspans - start, sizeof *st->spans, cmp_span);
	out = start;
	for (size_t i = start + 1; i < st->nspans; i++) {
		struct faq_span *last = &st->spans[out];

		/* Overlapping or touching spans are one highlight. */
		if (st->spans[i].off <= last->off + last->len) {
			if (st->spans[i].off + st->spans[i].len > last->off + last->len)
				last->len = st->spans[i].off + st->spans[i].len - last->off;
			continue;
		}
		st->spans[++out] = st->spans[i];
	}
	st->nspans = out + 1;
	return (long)(st->nspans - start);
}

static int add_hit(struct search *st, size_t index, size_t first, size_t nq, size_t na,
		   size_t words)
{
	if (st->nhits == st->hcap) {
		size_t cap = st->hcap ? st->hcap * 2 : 64;
		struct faq_hit *nh = realloc(st->hits, sizeof *nh * cap);
		size_t *nf;
		int *nr;

		if (!nh)
			return -1;
		st->hits = nh;
		nf = realloc(st->first, sizeof *nf * cap);
		if (!nf)
			return -1;
		st->first = nf;
		nr = realloc(st->hit_raw, sizeof *nr * cap * (st->nt ? st->nt : 1));
		if (!nr)
			return -1;
		st->hit_raw = nr;
		nf = realloc(st->hit_words, sizeof *nf * cap);
		if (!nf)
			return -1;
		st->hit_words = nf;
		st->hcap = cap;
	}
	st->first[st->nhits] = first;
	st->hit_words[st->nhits] = words;
	if (words > st->most)
		st->most = words;
	memcpy(st->hit_raw + st->nhits * st->nt, st->raw, sizeof *st->raw * st->nt);
	st->hits[st->nhits++] = (struct faq_hit){ .index = index, .nq = nq, .na = na };
	return 0;
}

/* Scores every term in entry i and, when every word matches, records it
 * as a hit with its spans.  -1 when memory runs out. */
static int score_entry(const struct faq *f, size_t i, struct search *st)
{
	size_t first = st->nspans, words = 0;
	struct view v;
	long nq, na;

	view_of(f, i, &v);
	for (int k = 0; k < 2; k++)
		st->tq[k].n = st->ta[k].n = 0;
	for (size_t k = 0; k < st->nt; k++) {
		if (term_score(&v, st->term[k], st, &st->raw[k]))
			return -1;
		if (st->raw[k])
			st->df[k]++;
	}
	/* How much of the query it matches: a word whole, each part of a
	 * word cut into the FAQ's words, a phrase by any of its words. */
	for (size_t w = 0, k = 0; w < st->q.nw; w++) {
		const struct faq_word *qw = &st->q.w[w];
		size_t any = 0;

		for (; k < st->nt && st->word_of[k] == w; k++)
			any += st->raw[k] > 0;
		words += qw->kind == FAQ_WORD_PARTS && !qw->phrase ? any : any > 0;
	}
	if (words == 0)
		return 0;
	{
		const struct fmap *mq[2] = { &v.m[0], &v.m[3] }, *ma[2] = { &v.m[2], &v.m[5] };

		nq = flush_spans(st->tq, mq, st);
		na = nq < 0 ? -1 : flush_spans(st->ta, ma, st);
	}
	if (na < 0)
		return -1;
	return add_hit(st, i, first, (size_t)nq, (size_t)na, words);
}

/* How much a term says: one found in every entry little, one found in a
 * single entry of many much (inverse document frequency). */
static double weight(size_t df, size_t n)
{
	return df ? 1.0 + log((double)n / (double)df) : 0.0;
}

/* Scores the hits and keeps those that match as many words as any does:
 * all of them when some entry has every word. */
static int final_scores(const struct faq *f, struct search *st)
{
	double *w = malloc(sizeof *w * (st->nt + 1));
	size_t out = 0;

	if (!w)
		return -1;
	for (size_t k = 0; k < st->nt; k++)
		w[k] = weight(st->df[k], f->n);
	for (size_t h = 0; h < st->nhits; h++) {
		double s = 0;

		if (st->hit_words[h] < st->most)
			continue;
		for (size_t k = 0; k < st->nt; k++)
			s += st->hit_raw[h * st->nt + k] * w[k];
		st->hits[out] = st->hits[h];
		st->first[out] = st->first[h];
		st->hits[out++].score = (int)(s + 0.5);
	}
	st->nhits = out;
	free(w);
	return 0;
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
	faq_query_free(&st->q);
	free(st->term);
	free(st->word_of);
	free(st->raw);
	free(st->df);
	free(st->hit_raw);
	free(st->hit_words);
	for (int k = 0; k < 2; k++) {
		free(st->tq[k].v);
		free(st->ta[k].v);
	}
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

/* Whether term t occurs in any entry: one scan of the packed texts, or of
 * each entry's. */
static bool anywhere(const struct faq *f, const struct faq_term *t)
{
	const struct faq_index *x = f->index;

	for (size_t i = 0; i < t->nv; i++) {
		if (x) {
			const char *from = x->text + (t->read[i] ? x->read_at : 0);
			const char *end = x->text + (t->read[i] ? x->len : x->read_at);

			if (faq_scan_find(from, end, t->v[i], t->len[i], t->anchor[i]))
				return true;
			continue;
		}
		for (size_t e = 0; e < f->n; e++) {
			struct view v;

			view_of(f, e, &v);
			for (int j = 0; j < 3; j++) {
				int k = t->read[i] ? j + 3 : j;

				if (faq_scan_find(v.t[k], v.t[k] + v.m[k].n, t->v[i], t->len[i],
						  t->anchor[i]))
					return true;
			}
		}
	}
	return false;
}

/* Whether word w is looked for as what faq_query_split cut it into: what
 * a phrase left of a word, only particles (dropped, unless the word is one
 * character typed on its own: く on the way to くれじっと), or a word that
 * occurs nowhere whole.  A word cut into itself alone needs no look. */
static bool drop_or_cut(const struct faq *f, const struct faq_word *w)
{
	/* What a phrase left of a word is a fragment (のない請求): its parts. */
	if (w->rest)
		return true;
	if (w->cut == FAQ_WORD_DROPPED)
		return u8_mbsnlen((const uint8_t *)w->s, w->n) > 1;
	if (w->cut == FAQ_WORD_PARTS && w->npart == 1 && w->part[0].len[0] == w->t[0].len[0] &&
	    memcmp(w->part[0].v[0], w->t[0].v[0], w->t[0].len[0]) == 0)
		return false;
	return f->n && !anywhere(f, &w->t[0]);
}

static bool looked_for(const struct faq_word *w)
{
	return w->kind != FAQ_WORD_DROPPED && w->kind != FAQ_WORD_UNKNOWN;
}

/* The query parsed, each word that occurs nowhere whole cut into the
 * FAQ's words, and every term listed.  A word nothing of which the FAQ
 * knows (a typing slip, a verb form no table has) is left out and
 * counted: a caller's sentence typed whole must not lose the entries its
 * other words find.  0, or -1 when memory runs out. */
static int prepare(const struct faq *f, const char *query, bool typing, struct search *st)
{
	const size_t *freq = f->index ? f->index->freq : NULL;

	if (faq_query_parse(f, query ? query : "", typing, freq, &st->q))
		return -1;
	for (size_t w = 0; w < st->q.nw; w++) {
		struct faq_word *qw = &st->q.w[w];

		/* Only particles (ったの, は) are dropped even where they
		 * occur; a word is cut only when it occurs nowhere whole. */
		if (qw->kind == FAQ_WORD_WHOLE) {
			if (faq_query_split(f, &st->q, w, freq))
				return -1;
			if (drop_or_cut(f, qw))
				faq_query_use_parts(&st->q, w);
		}
		if (qw->kind == FAQ_WORD_UNKNOWN) {
			st->unknown++;
			continue;
		}
		st->nt += qw->kind == FAQ_WORD_DROPPED ? 0 : qw->nt;
	}
	st->term = malloc(sizeof *st->term * (st->nt + 1));
	st->word_of = malloc(sizeof *st->word_of * (st->nt + 1));
	st->raw = calloc(st->nt + 1, sizeof *st->raw);
	st->df = calloc(st->nt + 1, sizeof *st->df);
	if (!st->term || !st->word_of || !st->raw || !st->df)
		return -1;
	st->nt = 0;
	for (size_t w = 0; w < st->q.nw; w++)
		for (size_t k = 0; looked_for(&st->q.w[w]) && k < st->q.w[w].nt; k++) {
			st->term[st->nt] = &st->q.w[w].t[k];
			st->word_of[st->nt++] = w;
		}
	return 0;
}

static size_t search(const struct faq *f, const char *query, bool typing, struct faq_hit **hits)
{
	struct search st = { 0 };
	size_t n = (size_t)-1;
	int r;

	*hits = NULL;
	/* An empty query lists every entry: no readings are needed yet. */
	if (query && !faq_file_blank(query, strlen(query)) && faq_reading_ensure(f))
		return (size_t)-1;
	r = prepare(f, query, typing, &st);
	if (r < 0)
		goto out;
	/* Only unknown words: nothing matches (an empty query lists all). */
	if (st.nt == 0) {
		n = st.unknown ? 0 : all_entries(f, hits);
		goto out;
	}
	for (size_t i = 0; i < f->n; i++)
		if (score_entry(f, i, &st))
			goto out;
	if (final_scores(f, &st))
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
