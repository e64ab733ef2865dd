#include "faq_phrase.h"

#include <stdlib.h>
#include <string.h>

#include "faq_file.h"
#include "faq_scan.h"
#include "i18n.h"
#include "text_fold.h"

/* The largest phrase table read (README.md, "The FAQ files"). */
#define FAQ_PHRASE_MAX (1024 * 1024)

void faq_phrases_free(struct faq_phrases *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nalts; i++)
		free(t->alts[i].s);
	for (size_t i = 0; i < t->nwords; i++)
		free(t->words[i].s);
	free(t->alts);
	free(t->words);
	free(t->pieces);
	free(t->p);
	free(t);
}

/* Room for one more element in *v (n used, *cap allocated). */
static int grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	nv = realloc(*v, size * (*cap ? *cap * 2 : 32));
	if (!nv)
		return -1;
	*v = nv;
	*cap = *cap ? *cap * 2 : 32;
	return 0;
}

struct caps {
	size_t p, pieces, alts, words;
};

/* Appends s[0..n) folded to *v.  0; -1 when memory runs out; 1 when it
 * folds to nothing. */
static int add_str(struct faq_phrase_str **v, size_t *n, size_t *cap, const char *s, size_t len)
{
	size_t flen;
	char *f;

	if (grow((void **)v, *n, cap, sizeof **v))
		return -1;
	f = text_fold_key(s, len, &flen);
	if (!f)
		return -1;
	if (flen == 0) {
		free(f);
		return 1;
	}
	(*v)[(*n)++] = (struct faq_phrase_str){ f, flen };
	return 0;
}

/* The next run of s[*i..n) up to a space (and, with bar, up to a '|'). */
static bool next_run(const char *s, size_t n, size_t *i, bool bar, size_t *start, size_t *len)
{
	size_t j;

	while (*i < n && faq_file_space(s + *i, n - *i))
		*i += faq_file_space(s + *i, n - *i);
	if (*i >= n)
		return false;
	j = *i;
	while (j < n && !faq_file_space(s + j, n - j) && !(bar && s[j] == '|'))
		j++;
	*start = *i;
	*len = j - *i;
	*i = j < n && s[j] == '|' ? j + 1 : j;
	return true;
}

static int empty_word(const char *path, size_t no, const char *s, size_t n, struct err *err)
{
	return err_set(err, _("%s:%zu: '%.*s' has no searchable characters"), path, no,
		       faq_file_quote_len(s, n, 40), s);
}

/* The pattern s[0..n): pieces separated by spaces, spellings by '|'. */
static int parse_pattern(struct faq_phrases *t, struct caps *c, const char *path, size_t no,
			 const char *s, size_t n, struct err *err)
{
	size_t i = 0;

	while (i < n) {
		struct faq_phrase_piece *pc;
		size_t k;

		while (i < n && faq_file_space(s + i, n - i))
			i += faq_file_space(s + i, n - i);
		if (i >= n)
			break;
		if (grow((void **)&t->pieces, t->npieces, &c->pieces, sizeof *t->pieces))
			return err_set(err, _("%s: out of memory"), path);
		pc = &t->pieces[t->npieces++];
		pc->alt = t->nalts;
		pc->nalts = 0;
		/* The spellings of one piece: up to the next space. */
		for (k = i; k < n && !faq_file_space(s + k, n - k); k++)
			;
		while (i < k) {
			size_t a, len;
			int r;

			if (!next_run(s, k, &i, true, &a, &len))
				break;
			if (len == 0)
				continue;
			r = add_str(&t->alts, &t->nalts, &c->alts, s + a, len);
			if (r < 0)
				return err_set(err, _("%s: out of memory"), path);
			if (r > 0)
				return empty_word(path, no, s + a, len, err);
			pc->nalts++;
		}
		if (pc->nalts == 0)
			t->npieces--;
	}
	return 0;
}

static int parse_line(struct faq_phrases *t, struct caps *c, const char *path, size_t no,
		      const char *s, size_t n, struct err *err)
{
	const char *tab = memchr(s, '\t', n), *r;
	struct faq_phrase *p;
	size_t i = 0, a, len, nr;

	if (!tab)
		return err_set(err, _("%s:%zu: expected what callers say, a tab, then the FAQ's "
				      "words it stands for"), path, no);
	if (grow((void **)&t->p, t->n, &c->p, sizeof *t->p))
		return err_set(err, _("%s: out of memory"), path);
	p = &t->p[t->n];
	p->piece = t->npieces;
	p->word = t->nwords;
	if (parse_pattern(t, c, path, no, s, (size_t)(tab - s), err))
		return -1;
	p->npieces = t->npieces - p->piece;
	r = tab + 1;
	nr = n - (size_t)(r - s);
	faq_file_trim(&r, &nr);
	p->filler = nr == 1 && r[0] == '-';
	while (!p->filler && next_run(r, nr, &i, false, &a, &len)) {
		int k = add_str(&t->words, &t->nwords, &c->words, r + a, len);

		if (k < 0)
			return err_set(err, _("%s: out of memory"), path);
		if (k > 0)
			return empty_word(path, no, r + a, len, err);
	}
	p->nwords = t->nwords - p->word;
	if (p->npieces == 0 || (p->nwords == 0 && !p->filler))
		return err_set(err, _("%s:%zu: expected what callers say, a tab, then the FAQ's "
				      "words it stands for"), path, no);
	t->n++;
	return 0;
}

/* The table being read and its arrays' room. */
struct phrase_ctx {
	struct faq_phrases *t;
	struct caps c;
};

static int table_line(void *ctx, const char *path, size_t no, const char *s, size_t n,
		      struct err *err)
{
	struct phrase_ctx *p = ctx;

	return parse_line(p->t, &p->c, path, no, s, n, err);
}

static int parse(const char *path, const char *buf, size_t len, struct faq_phrases **out,
		 struct err *err)
{
	struct phrase_ctx p = { calloc(1, sizeof *p.t), { 0 } };
	int r;

	if (!p.t)
		return err_set(err, _("%s: out of memory"), path);
	r = buf ? faq_file_table(path, buf, len, table_line, &p, err)
		: faq_file_load_table(path, FAQ_PHRASE_MAX, _("phrase table"), table_line, &p, err);
	if (r) {
		faq_phrases_free(p.t);
		return -1;
	}
	*out = p.t;
	return 0;
}

int faq_parse_phrases(const char *path, const char *buf, size_t len,
		      struct faq_phrases **out, struct err *err)
{
	return parse(path, buf, len, out, err);
}

int faq_phrases_load(const char *path, struct faq_phrases **out, struct err *err)
{
	return parse(path, NULL, 0, out, err);
}

/* Where a spelling of piece pc first occurs in q[0..n): its offset, and
 * its length in *len; SIZE_MAX when none does. */
static size_t find_piece(const struct faq_phrases *t, const struct faq_phrase_piece *pc,
			 const char *q, size_t n, size_t *len)
{
	size_t best = (size_t)-1;

	for (size_t a = pc->alt; a < pc->alt + pc->nalts; a++) {
		const struct faq_phrase_str *s = &t->alts[a];
		const char *p = faq_scan_find(q, q + n, s->s, s->len, faq_scan_anchor(s->s, s->len, NULL));

		/* The earliest, and at one place the longest spelling. */
		if (p && ((size_t)(p - q) < best || ((size_t)(p - q) == best && s->len > *len))) {
			best = (size_t)(p - q);
			*len = s->len;
		}
	}
	return best;
}

int faq_phrase_take(const struct faq_phrases *t, size_t i, char *q, size_t n)
{
	const struct faq_phrase *p = &t->p[i];
	char *save = NULL;

	if (p->filler)
		return 0;
	if (p->npieces > 1) {
		save = malloc(n);
		if (!save)
			return 0;
		memcpy(save, q, n);
	}
	for (size_t k = 0; k < p->npieces; k++) {
		size_t len = 0, at = find_piece(t, &t->pieces[p->piece + k], q, n, &len);

		if (at == (size_t)-1) {
			/* Not every piece occurs: the query as it was. */
			if (save)
				memcpy(q, save, n);
			free(save);
			return 0;
		}
		/* Taken at once, so two pieces never share the same bytes. */
		memset(q + at, ' ', len);
	}
	free(save);
	return 1;
}
