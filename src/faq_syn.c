#include "faq_syn.h"

#include <stdlib.h>

#include "faq_file.h"
#include "i18n.h"
#include "text_fold.h"

/* The largest synonym table read (README.md, "The FAQ files"). */
#define FAQ_SYN_MAX (1024 * 1024)

void faq_syn_free(struct faq_syn *syn)
{
	if (!syn)
		return;
	for (size_t i = 0; i < syn->nm; i++)
		free(syn->m[i].s);
	free(syn->m);
	free(syn->g);
	free(syn);
}

static int syn_add(struct faq_syn *syn, size_t *cap, const char *s, size_t n)
{
	struct text_fold f;

	if (syn->nm == *cap) {
		struct faq_syn_member *m = realloc(syn->m, sizeof *m * (*cap = *cap ? *cap * 2 : 64));

		if (!m)
			return -1;
		syn->m = m;
	}
	if (text_fold(s, n, &f))
		return -1;
	free(f.map);
	syn->m[syn->nm++] = (struct faq_syn_member){ f.s, f.n, syn->ng };
	return 0;
}

/* One group line: spellings separated by tabs or spaces. */
static int syn_line(struct faq_syn *syn, size_t *cap, const char *path, size_t no,
		    const char *s, size_t n, struct err *err)
{
	size_t first = syn->nm, i = 0;

	while (i < n) {
		size_t k = faq_file_space(s + i, n - i), j = i;

		if (k) {
			i += k;
			continue;
		}
		while (j < n && !faq_file_space(s + j, n - j))
			j++;
		if (syn_add(syn, cap, s + i, j - i))
			return err_set(err, _("%s: out of memory"), path);
		if (syn->m[syn->nm - 1].len == 0)
			return err_set(err, _("%s:%zu: '%.*s' has no searchable characters"), path, no,
				       faq_file_quote_len(s + i, j - i, 40), s + i);
		i = j;
	}
	if (syn->nm - first < 2)
		return err_set(err, _("%s:%zu: a group needs at least two spellings separated "
				      "by tabs"), path, no);
	return 0;
}

/* The table being read and its arrays' room. */
struct syn_ctx {
	struct faq_syn *syn;
	size_t cap, gcap;
};

static int group_line(void *ctx, const char *path, size_t no, const char *s, size_t n,
		      struct err *err)
{
	struct syn_ctx *c = ctx;
	struct faq_syn *syn = c->syn;
	size_t first = syn->nm;

	if (syn->ng == c->gcap) {
		struct faq_syn_group *g = realloc(syn->g, sizeof *g * (c->gcap = c->gcap ? c->gcap * 2 : 32));

		if (!g)
			return err_set(err, _("%s: out of memory"), path);
		syn->g = g;
	}
	if (syn_line(syn, &c->cap, path, no, s, n, err))
		return -1;
	syn->g[syn->ng++] = (struct faq_syn_group){ first, syn->nm - first };
	return 0;
}

static int parse(const char *path, const char *buf, size_t len, size_t max,
		 struct faq_syn **out, struct err *err)
{
	struct syn_ctx c = { calloc(1, sizeof *c.syn), 0, 0 };
	int r;

	if (!c.syn)
		return err_set(err, _("%s: out of memory"), path);
	r = buf ? faq_file_table(path, buf, len, group_line, &c, err)
		: faq_file_load_table(path, max, _("synonym table"), group_line, &c, err);
	if (r) {
		faq_syn_free(c.syn);
		return -1;
	}
	*out = c.syn;
	return 0;
}

int faq_parse_synonyms(const char *path, const char *buf, size_t len,
		       struct faq_syn **out, struct err *err)
{
	return parse(path, buf, len, 0, out, err);
}

int faq_syn_load(const char *path, struct faq_syn **out, struct err *err)
{
	return parse(path, NULL, 0, FAQ_SYN_MAX, out, err);
}
