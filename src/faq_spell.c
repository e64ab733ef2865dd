#include "faq_spell.h"

#include <stdlib.h>
#include <string.h>
#include "faq_scan.h"

int faq_spell_each(const struct faq_syn *syn, const char *word, size_t n,
		   int (*each)(void *ctx, char *s, size_t len), void *ctx)
{
	for (size_t i = 0; syn && i < syn->nm; i++) {
		const struct faq_syn_member *m = &syn->m[i];
		const char *p = faq_scan_find(word, word + n, m->s, m->len,
					      faq_scan_anchor(m->s, m->len, NULL));
		const struct faq_syn_group *g;

		if (!p)
			continue;
		g = &syn->g[m->group];
		for (size_t j = g->first; j < g->first + g->n; j++) {
			const struct faq_syn_member *o = &syn->m[j];
			size_t pre = (size_t)(p - word), post = n - pre - m->len;
			size_t len = pre + o->len + post;
			char *s;

			if (j == i)
				continue;
			s = malloc(len + 1);
			if (!s)
				return -1;
			memcpy(s, word, pre);
			memcpy(s + pre, o->s, o->len);
			memcpy(s + pre + o->len, p + m->len, post);
			s[len] = '\0';
			if (each(ctx, s, len))
				return -1;
		}
	}
	return 0;
}
