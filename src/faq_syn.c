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

int faq_parse_synonyms(const char *path, const char *buf, size_t len,
		       struct faq_syn **out, struct err *err)
{
	struct faq_syn *syn = calloc(1, sizeof *syn);
	size_t bom = faq_file_bom(buf, len), cap = 0, gcap = 0;
	struct faq_file_lines l = { buf + bom, len - bom, 0, 0 };
	const char *s;
	size_t n;

	if (!syn)
		return err_set(err, _("%s: out of memory"), path);
	if (faq_file_check(path, buf + bom, len - bom, true, err))
		goto fail;
	while (faq_file_line(&l, &s, &n)) {
		size_t first = syn->nm;

		if (faq_file_blank(s, n) || s[0] == '#')
			continue;
		if (syn->ng == gcap) {
			struct faq_syn_group *g = realloc(syn->g, sizeof *g * (gcap = gcap ? gcap * 2 : 32));

			if (!g) {
				err_set(err, _("%s: out of memory"), path);
				goto fail;
			}
			syn->g = g;
		}
		if (syn_line(syn, &cap, path, l.no, s, n, err))
			goto fail;
		syn->g[syn->ng++] = (struct faq_syn_group){ first, syn->nm - first };
	}
	*out = syn;
	return 0;
fail:
	faq_syn_free(syn);
	return -1;
}

int faq_syn_load(const char *path, struct faq_syn **out, struct err *err)
{
	char *buf;
	size_t len;
	int r;

	if (faq_file_read(path, FAQ_SYN_MAX, _("synonym table"), &buf, &len, err))
		return -1;
	r = faq_parse_synonyms(path, buf, len, out, err);
	free(buf);
	return r;
}
