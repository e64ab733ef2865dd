/*
 * fuzz_faq — the FAQ loader's parsers on arbitrary bytes, without files:
 * an entry file (faq_parse_entry) and the synonym table
 * (faq_parse_synonyms), then a search with the parsed table over the
 * parsed entry, so folding, expansion and span mapping run on odd input.
 * The first byte chooses what the rest is: even → entry, odd → synonyms
 * (searched with the entry "question: カード…" below).
 */
#include "faq.h"
#include "faq_search.h"
#include "faq_syn.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char sample[] = "question: クレジットカードの再発行は？\n\nｶｰﾄﾞ会社へご連絡ください。漏えい\n";

static void search_all(struct faq *f, const char *q)
{
	struct faq_hit *hits;
	size_t n = faq_search(f, q, &hits);

	if (n == (size_t)-1)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct faq_entry *e = &f->e[hits[i].index];

		for (size_t k = 0; k < hits[i].nq; k++)
			if (hits[i].q[k].off + hits[i].q[k].len > strlen(e->question))
				abort();
		for (size_t k = 0; k < hits[i].na; k++)
			if (hits[i].a[k].off + hits[i].a[k].len > strlen(e->answer))
				abort();
	}
	faq_hits_free(hits, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct faq f = { 0 };
	struct faq_entry e;
	struct err err;
	const char *buf = (const char *)data + 1;

	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0) {
		if (faq_parse_entry("fuzz.txt", 1, buf, size - 1, &e, &err) == 0) {
			f.e = &e;
			f.n = 1;
			search_all(&f, "カード 漏洩");
			search_all(&f, e.question);
			faq_entry_free(&e);
		}
		return 0;
	}
	if (faq_parse_synonyms("fuzz.tsv", buf, size - 1, &f.syn, &err) == 0) {
		if (faq_parse_entry("sample.txt", 1, sample, sizeof sample - 1, &e, &err) == 0) {
			f.e = &e;
			f.n = 1;
			search_all(&f, "ｶｰﾄﾞ 再発行");
			search_all(&f, size > 1 && buf[0] == '#' ? "" : "漏洩");
			faq_entry_free(&e);
		}
		faq_syn_free(f.syn);
	}
	return 0;
}
