#include "faq_reading.h"

#include <stdint.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <unistr.h>

#include "buf.h"
#include "faq_search.h"
#include "faq_vocab.h"
#include "i18n.h"
#include "reading.h"
#include "text_fold.h"

bool faq_reading_kanji(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	while (p < end) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(end - p));

		if ((uc >= 0x3400 && uc <= 0x4DBF) || (uc >= 0x4E00 && uc <= 0x9FFF) ||
		    (uc >= 0xF900 && uc <= 0xFAFF) || (uc >= 0x20000 && uc <= 0x3FFFF) ||
		    uc == 0x3005 || uc == 0x3006 || uc == 0x30F6 || uc == 0x30F5)
			return true;
		p += k > 0 ? k : 1;
	}
	return false;
}

/* A reading text in the making: folded bytes and, for each, the offset
 * in the original. */
struct rtext {
	struct buf s, map;
};

/* Appends s[0..n) folded; each byte maps to where its character is in the
 * original, from base.  With whole, every byte maps to base: the reading
 * of a word stands for the word as a whole. */
static int append(struct rtext *r, const char *s, size_t n, size_t base, bool whole)
{
	struct text_fold f;

	if (n == 0)
		return 0;
	if (text_fold(s, n, &f))
		return -1;
	buf_add(&r->s, f.s, f.n);
	for (size_t i = 0; i < f.n; i++) {
		size_t at = whole ? base : base + f.map[i];

		buf_add(&r->map, &at, sizeof at);
	}
	text_fold_free(&f);
	return r->s.oom || r->map.oom ? -1 : 0;
}

/* The reading text of t from its words w[0..n) (in order). */
static int build_text(const char *t, const struct reading_word *w, size_t n,
		      struct text_fold *out)
{
	struct rtext r = { { 0 }, { 0 } };
	size_t pos = 0, len = strlen(t);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *s = t + w[i].off;

		if (w[i].off < pos)
			continue;
		rc = append(&r, t + pos, w[i].off - pos, pos, false);
		if (rc == 0 && w[i].reading[0] && faq_reading_kanji(s, w[i].len))
			rc = append(&r, w[i].reading, strlen(w[i].reading), w[i].off, true);
		else if (rc == 0)
			rc = append(&r, s, w[i].len, w[i].off, false);
		pos = w[i].off + w[i].len;
	}
	if (rc == 0)
		rc = append(&r, t + pos, len - pos, pos, false);
	buf_add(&r.map, &len, sizeof len);
	buf_add(&r.s, "", 1);
	if (rc || r.s.oom || r.map.oom) {
		buf_free(&r.s);
		buf_free(&r.map);
		return -1;
	}
	out->s = r.s.p;
	out->n = r.s.n - 1;
	out->map = (size_t *)(void *)r.map.p;
	return 0;
}

/* The word as written, its reading and its dictionary form. */
static void add_words(struct faq_vocab *v, const char *t, const struct reading_word *w)
{
	const char *s = t + w->off;

	if (w->cls == READING_SYMBOL)
		return;
	faq_vocab_add(v, s, w->len, w->cls);
	if (w->reading[0] && faq_reading_kanji(s, w->len))
		faq_vocab_add(v, w->reading, strlen(w->reading), w->cls);
	if (w->base[0])
		faq_vocab_add(v, w->base, strlen(w->base), w->cls);
}

struct faq_readings {
	const char **texts;        /* question, keywords, answer of each entry */
	size_t n;
	bool made;                 /* made once, or found impossible */
	char *missing;             /* why there are none */
};

void faq_reading_keywords(struct faq_vocab *v, const struct text_fold *k)
{
	const char *s = k->s, *end = s ? s + k->n : NULL;

	while (s && s < end) {
		const char *sp = memchr(s, ' ', (size_t)(end - s));
		size_t len = sp ? (size_t)(sp - s) : (size_t)(end - s);

		faq_vocab_add_folded(v, s, len, READING_CONTENT);
		s += len + 1;
	}
}

void faq_reading_free(struct faq_readings *r)
{
	if (!r)
		return;
	free(r->texts);
	free(r->missing);
	free(r);
}

int faq_reading_init(struct faq *f, struct err *err)
{
	struct faq_readings *r = calloc(1, sizeof *r);

	if (!r)
		return err_set(err, _("readings: out of memory"));
	f->readings = r;
	r->n = 3 * f->n;
	r->texts = malloc(sizeof *r->texts * (r->n ? r->n : 1));
	if (!r->texts)
		return err_set(err, _("readings: out of memory"));
	for (size_t i = 0; i < f->n; i++) {
		r->texts[3 * i] = f->e[i].question;
		r->texts[3 * i + 1] = f->e[i].keywords;
		r->texts[3 * i + 2] = f->e[i].answer;
	}
	return 0;
}

/* The words in place: reading texts, vocabulary, index. */
static int put_words(const struct faq *f, const struct reading_word *w, size_t nw)
{
	const struct faq_readings *r = f->readings;
	size_t at = 0;

	for (size_t k = 0; k < r->n; k++) {
		struct faq_entry *e = &f->e[k / 3];
		struct text_fold *t[3] = { &e->rq, &e->rk, &e->ra };
		size_t first = at;

		while (at < nw && w[at].text == k)
			add_words(f->vocab, r->texts[k], &w[at++]);
		if (build_text(r->texts[k], w + first, at - first, t[k % 3]))
			return -1;
		if (k % 3 == 1)
			faq_reading_keywords(f->vocab, &e->rk);
	}
	faq_vocab_finish(f->vocab);
	if (f->vocab->oom)
		return -1;
	return f->index ? faq_search_index_rebuild(f) : 0;
}

int faq_reading_ensure(const struct faq *f)
{
	struct faq_readings *r = f->readings;
	struct reading_word *w;
	struct err why;
	size_t nw;
	int rc;

	if (!r || r->made)
		return 0;
	r->made = true;
	rc = reading_analyse(r->texts, r->n, &w, &nw, &why);
	if (rc) {
		r->missing = strdup(why.msg);
		return r->missing ? 0 : -1;
	}
	rc = put_words(f, w, nw);
	reading_words_free(w, nw);
#ifdef __GLIBC__
	/* The words as they came and the index before are freed: give the
	 * pages back (a seventh of what the screen holds). */
	malloc_trim(0);
#endif
	return rc;
}

const char *faq_reading_missing(const struct faq *f)
{
	if (!f->readings || faq_reading_ensure(f))
		return NULL;
	return f->readings->missing;
}
