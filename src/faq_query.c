#include "faq_query.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "faq_phrase.h"
#include "faq_reading.h"
#include "faq_scan.h"
#include "faq_spell.h"
#include "faq_syn.h"
#include "faq_vocab.h"
#include "reading.h"
#include "text_fold.h"

/* ---- Terms ---------------------------------------------------------------- */

static void term_free(struct faq_term *t)
{
	for (size_t i = 0; i < t->nv; i++)
		free(t->v[i]);
	t->nv = 0;
}

static void terms_free(struct faq_term **t, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		term_free(&(*t)[i]);
	free(*t);
	*t = NULL;
	*n = 0;
}

static void word_free(struct faq_word *w)
{
	terms_free(&w->t, &w->nt);
	terms_free(&w->part, &w->npart);
}

void faq_query_free(struct faq_query *q)
{
	for (size_t i = 0; i < q->nw; i++) {
		word_free(&q->w[i]);
		free(q->w[i].s);
	}
	free(q->w);
	memset(q, 0, sizeof *q);
}

/* Adds the malloc'd s[0..n) to t's variants (it takes s). */
static void add_variant(struct faq_term *t, char *s, size_t n)
{
	for (size_t i = 0; i < t->nv; i++)
		if (t->len[i] == n && memcmp(t->v[i], s, n) == 0) {
			free(s);
			return;
		}
	if (t->nv == FAQ_QUERY_VARIANTS) {
		free(s);
		return;
	}
	t->v[t->nv] = s;
	t->len[t->nv++] = n;
}

static int add_spelling(void *t, char *s, size_t n)
{
	add_variant(t, s, n);
	return 0;
}

/* Variant b of the term with its spellings (faq_spell). */
static int expand(struct faq_term *t, size_t b, const struct faq_syn *syn)
{
	return faq_spell_each(syn, t->v[b], t->len[b], add_spelling, t);
}

/* Notes where each variant is looked for, then drops the variants that
 * contain another one looked for in the same texts (クレジットカード when
 * カード is there): wherever they occur the shorter one does too, so they
 * would only cost time.  Then notes each one's anchor. */
static void prune(struct faq_term *t, const size_t *freq)
{
	size_t out = 0;

	for (size_t i = 0; i < t->nv; i++)
		t->read[i] = !faq_reading_kanji(t->v[i], t->len[i]);
	for (size_t i = 0; i < t->nv; i++) {
		bool redundant = false;

		for (size_t j = 0; j < t->nv && !redundant; j++)
			redundant = j != i && t->v[j] && t->read[j] == t->read[i] &&
				    t->len[j] < t->len[i] &&
				    faq_scan_contains(t->v[i], t->len[i], t->v[j], t->len[j]);
		if (redundant) {
			free(t->v[i]);
			t->v[i] = NULL;
		}
	}
	for (size_t i = 0; i < t->nv; i++) {
		if (!t->v[i])
			continue;
		t->v[out] = t->v[i];
		t->len[out] = t->len[i];
		t->read[out] = t->read[i];
		t->anchor[out] = faq_scan_anchor(t->v[i], t->len[i],
						 freq ? freq + 256 * t->read[i] : NULL);
		out++;
	}
	t->nv = out;
}

/* Each variant once more with its last character (a kana that can take a
 * voicing mark) voiced, and semi-voiced: くれし → くれじ. */
static int unfinished(struct faq_term *t)
{
	size_t nv = t->nv;

	for (size_t i = 0; i < nv; i++) {
		static const ucs4_t marks[2] = { 0x3099, 0x309A };
		ucs4_t last;
		const uint8_t *p = u8_prev(&last, (const uint8_t *)t->v[i] + t->len[i],
					   (const uint8_t *)t->v[i]);
		size_t pre = p ? (size_t)(p - (const uint8_t *)t->v[i]) : 0;

		for (int m = 0; p && m < 2; m++) {
			ucs4_t c = uc_composition(last, marks[m]);
			char *s;
			int k;

			if (!c)
				continue;
			if (!(s = malloc(pre + 7)))
				return -1;
			memcpy(s, t->v[i], pre);
			k = u8_uctomb((uint8_t *)s + pre, c, 6);
			s[pre + (size_t)k] = '\0';
			add_variant(t, s, pre + (size_t)k);
		}
	}
	return 0;
}

/* A term for the folded s[0..n): the string, with open, its voiced last
 * kana (before its synonyms, so that each gets its synonyms too: ﾊﾟｽﾜｰﾄ
 * gives ぱすわーど and ぱすわーと, and PW), then its spellings. */
static int term_init(struct faq_term *t, const struct faq *f, const char *s, size_t n,
		     bool open, const size_t *freq)
{
	char *d = malloc(n + 1);

	memset(t, 0, sizeof *t);
	if (!d)
		return -1;
	memcpy(d, s, n);
	d[n] = '\0';
	t->v[0] = d;
	t->len[0] = n;
	t->nv = 1;
	if (open && unfinished(t))
		return -1;
	for (size_t b = 0, nb = t->nv; b < nb; b++)
		if (expand(t, b, f->syn))
			return -1;
	prune(t, freq);
	return 0;
}

static int add_term(struct faq_term **t, size_t *n, const struct faq *f, const char *s,
		    size_t len, bool open, const size_t *freq)
{
	struct faq_term *nt = realloc(*t, sizeof *nt * (*n + 1));

	if (!nt)
		return -1;
	*t = nt;
	if (term_init(&nt[*n], f, s, len, open, freq)) {
		term_free(&nt[*n]);
		return -1;
	}
	(*n)++;
	return 0;
}

/* The particles a caller puts after a word (サイトが, わたしの): looked
 * for whole, the word goes without them when what is left is a word the
 * FAQ knows, else サイトが would find only the one answer that says it. */
static size_t without_particle(const struct faq *f, const char *s, size_t n)
{
	static const char *const particles[] = {
		"が", "は", "も", "を", "に", "で", "の", "へ", "や", "か", "ね", "よ",
		"って", "とか", "から", "まで", "など", "だけ", "にも", "でも", "には",
	};
	uint8_t cls;

	for (size_t i = 0; f->vocab && i < sizeof particles / sizeof particles[0]; i++) {
		size_t k = strlen(particles[i]);

		if (n > k && memcmp(s + n - k, particles[i], k) == 0 &&
		    faq_vocab_prefix(f->vocab, s, n - k, &cls) == n - k)
			return n - k;
	}
	return n;
}

/* ---- Words ---------------------------------------------------------------- */

static struct faq_word *new_word(struct faq_query *q, const char *s, size_t n)
{
	struct faq_word *nw = realloc(q->w, sizeof *nw * (q->nw + 1)), *w;

	if (!nw)
		return NULL;
	q->w = nw;
	w = &q->w[q->nw];
	memset(w, 0, sizeof *w);
	w->s = malloc(n + 1);
	if (!w->s)
		return NULL;
	memcpy(w->s, s, n);
	w->s[n] = '\0';
	w->n = n;
	q->nw++;
	return w;
}

/* The words phrase i of f's table stands for, as one word: any of them. */
static int phrase_word(struct faq_query *q, const struct faq *f, size_t i, const size_t *freq)
{
	const struct faq_phrase *p = &f->phr->p[i];
	struct faq_word *w = new_word(q, "", 0);

	if (!w)
		return -1;
	w->kind = FAQ_WORD_PARTS;
	w->phrase = true;
	for (size_t k = p->word; k < p->word + p->nwords; k++)
		if (add_term(&w->t, &w->nt, f, f->phr->words[k].s, f->phr->words[k].len, false, freq))
			return -1;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether the query as typed ends in a space (ASCII, tab or ideographic):
 * then its last word is finished. */
static bool ends_in_space(const char *q)
{
	size_t n = strlen(q);

	return n > 0 && (is_space(q[n - 1]) || (n >= 3 && memcmp(q + n - 3, "\xE3\x80\x80", 3) == 0));
}

/* Whether the word q[i..j) is part of a word of the query as typed (orig,
 * the same length) that a phrase took bytes of. */
static bool taken_from(const char *orig, const char *q, size_t n, size_t i, size_t j)
{
	while (i > 0 && !is_space(orig[i - 1]))
		i--;
	while (j < n && !is_space(orig[j]))
		j++;
	for (; i < j; i++)
		if (q[i] != orig[i])
			return true;
	return false;
}

int faq_query_parse(const struct faq *f, const char *query, bool typing, const size_t *freq,
		    struct faq_query *out)
{
	size_t n, i = 0;
	char *q = text_fold_key(query, strlen(query), &n), *orig = NULL;
	bool open = typing && !ends_in_space(query);

	memset(out, 0, sizeof *out);
	out->typing = typing;
	if (!q || !(orig = malloc(n + 1)))
		goto fail;
	memcpy(orig, q, n + 1);
	for (size_t k = 0; f->phr && k < f->phr->n; k++)
		if (faq_phrase_take(f->phr, k, q, n) && phrase_word(out, f, k, freq))
			goto fail;
	while (i < n) {
		struct faq_word *w;
		size_t j = i;

		if (is_space(q[i])) {
			i++;
			continue;
		}
		while (j < n && !is_space(q[j]))
			j++;
		w = new_word(out, q + i, j - i);
		if (!w)
			goto fail;
		w->last = open && j == n;
		w->rest = taken_from(orig, q, n, i, j);
		w->kind = FAQ_WORD_WHOLE;
		if (add_term(&w->t, &w->nt, f, q + i, without_particle(f, q + i, j - i), w->last,
			     freq))
			goto fail;
		i = j;
	}
	free(q);
	free(orig);
	return 0;
fail:
	free(q);
	free(orig);
	faq_query_free(out);
	return -1;
}

/* ---- Cutting a word into the FAQ's words ---------------------------------- */

/* Punctuation and spaces: between words, never part of one. */
static bool ignorable(ucs4_t uc)
{
	return uc_is_punct(uc) || uc_is_space(uc) || (uc >= 0x3000 && uc <= 0x3003) ||
	       (uc >= 0x3008 && uc <= 0x3011);
}

/* Whether the character at s (n bytes left) is a kanji. */
static bool is_kanji_at(const char *s, size_t n)
{
	int k = n ? u8_mblen((const uint8_t *)s, n) : 0;

	return k > 0 && faq_reading_kanji(s, (size_t)k);
}

/* The number of characters of s[0..n). */
static size_t chars(const char *s, size_t n)
{
	return u8_mbsnlen((const uint8_t *)s, n);
}

/* Whether the vocabulary word s[at..at+k) may stand alone: a single kanji
 * inside a longer run of kanji is part of a word the FAQ does not know
 * (件 of 事件), not that word. */
static bool stands_alone(const char *s, size_t n, size_t at, size_t k)
{
	const uint8_t *p;
	ucs4_t prev;

	if (chars(s + at, k) > 1 || !faq_reading_kanji(s + at, k))
		return true;
	p = u8_prev(&prev, (const uint8_t *)s + at, (const uint8_t *)s);
	if (p && is_kanji_at((const char *)p, (size_t)((const uint8_t *)s + at - p)))
		return false;
	return !(at + k < n && is_kanji_at(s + at + k, n - at - k));
}

int faq_query_split(const struct faq *f, struct faq_query *q, size_t i, const size_t *freq)
{
	struct faq_word *w = &q->w[i];
	const char *s = w->s;
	size_t n = w->n, pos = 0, run = 0;
	bool unknown = false;

	terms_free(&w->part, &w->npart);
	while (pos < n) {
		ucs4_t uc;
		int clen = u8_mbtouc(&uc, (const uint8_t *)s + pos, n - pos);
		uint8_t cls = READING_CONTENT;
		size_t k = f->vocab ? faq_vocab_prefix(f->vocab, s + pos, n - pos, &cls) : 0;

		if (clen < 1)
			clen = 1;
		if (ignorable(uc)) {
			pos += (size_t)clen;
			run = 0;
			continue;
		}
		/* The word still being typed: じょうほ on its way to じょうほう. */
		if (w->last && pos + k < n && f->vocab && faq_vocab_starts(f->vocab, s + pos, n - pos)) {
			k = n - pos;
			cls = READING_CONTENT;
		}
		if (k == 0 || !stands_alone(s, n, pos, k) || (chars(s + pos, k) == 1 &&
							      !faq_reading_kanji(s + pos, k))) {
			/* Unknown characters, and single kana (particles, or
			 * pieces of a word the FAQ does not know): two in a row
			 * are such a word (くれし); one is a filler (ん, も). */
			if (++run >= 2)
				unknown = true;
			pos += k ? k : (size_t)clen;
			continue;
		}
		run = 0;
		if (cls == READING_CONTENT &&
		    add_term(&w->part, &w->npart, f, s + pos, k, w->last && pos + k == n, freq))
			return -1;
		pos += k;
	}
	w->cut = w->npart ? FAQ_WORD_PARTS : unknown && !w->rest ? FAQ_WORD_UNKNOWN : FAQ_WORD_DROPPED;
	return 0;
}

void faq_query_use_parts(struct faq_query *q, size_t i)
{
	struct faq_word *w = &q->w[i];

	terms_free(&w->t, &w->nt);
	w->t = w->part;
	w->nt = w->npart;
	w->part = NULL;
	w->npart = 0;
	w->kind = w->cut;
}
