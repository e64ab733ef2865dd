#include "faq_vocab.h"

#include <stdlib.h>
#include <string.h>

#include "reading.h"
#include "text_fold.h"

void faq_vocab_add_folded(struct faq_vocab *v, const char *s, size_t n, uint8_t cls)
{
	char *d;

	if (n == 0 || v->oom)
		return;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		struct faq_vocab_word *w = realloc(v->w, sizeof *w * cap);

		if (!w) {
			v->oom = true;
			return;
		}
		v->w = w;
		v->cap = cap;
	}
	d = malloc(n + 1);
	if (!d) {
		v->oom = true;
		return;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	v->w[v->n++] = (struct faq_vocab_word){ d, n, cls };
	if (n > v->longest)
		v->longest = n;
}

void faq_vocab_add(struct faq_vocab *v, const char *s, size_t n, uint8_t cls)
{
	size_t len;
	char *k = text_fold_key(s, n, &len);

	if (!k) {
		v->oom = true;
		return;
	}
	faq_vocab_add_folded(v, k, len, cls);
	free(k);
}

static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	if (c)
		return c;
	return (na > nb) - (na < nb);
}

static int cmp_word(const void *a, const void *b)
{
	const struct faq_vocab_word *x = a, *y = b;

	return cmp_bytes(x->s, x->len, y->s, y->len);
}

void faq_vocab_finish(struct faq_vocab *v)
{
	size_t out = 0;

	if (v->n == 0)
		return;
	qsort(v->w, v->n, sizeof *v->w, cmp_word);
	for (size_t i = 1; i < v->n; i++) {
		struct faq_vocab_word *last = &v->w[out];

		if (cmp_word(last, &v->w[i]) == 0) {
			/* The lower class means more: a word that is content
			 * anywhere is content, unless the table says filler. */
			if (last->cls != FAQ_VOCAB_FILLER &&
			    (v->w[i].cls < last->cls || v->w[i].cls == FAQ_VOCAB_FILLER))
				last->cls = v->w[i].cls;
			free(v->w[i].s);
			continue;
		}
		v->w[++out] = v->w[i];
	}
	v->n = out + 1;
}

/* The index of the first word not below s[0..n). */
static size_t lower_bound(const struct faq_vocab *v, const char *s, size_t n)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_bytes(v->w[mid].s, v->w[mid].len, s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t faq_vocab_prefix(const struct faq_vocab *v, const char *s, size_t n, uint8_t *cls)
{
	size_t k = n < v->longest ? n : v->longest;

	/* Longest first, at character boundaries only. */
	for (; k > 0; k--) {
		size_t i;

		if (k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
			continue;
		i = lower_bound(v, s, k);
		if (i < v->n && v->w[i].len == k && memcmp(v->w[i].s, s, k) == 0) {
			*cls = v->w[i].cls == FAQ_VOCAB_FILLER ? READING_FUNCTION : v->w[i].cls;
			return k;
		}
	}
	return 0;
}

bool faq_vocab_starts(const struct faq_vocab *v, const char *s, size_t n)
{
	size_t i = lower_bound(v, s, n);

	return i < v->n && v->w[i].len >= n && memcmp(v->w[i].s, s, n) == 0;
}

void faq_vocab_free(struct faq_vocab *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		free(v->w[i].s);
	free(v->w);
	memset(v, 0, sizeof *v);
}
