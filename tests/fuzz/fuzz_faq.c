/*
 * fuzz_faq — the FAQ loader's parsers on arbitrary bytes, without files:
 * an entry file (faq_parse_entry) and the synonym table
 * (faq_parse_synonyms), then a search with the parsed table over the
 * parsed entry, so folding, expansion and span mapping run on odd input.
 * The first byte chooses what the rest is: 0 or 2 modulo 4 → an entry;
 * 1 → a synonym table, 3 → a phrase table (each searched with the entry
 * "question: カード…" below); but 2 → a query, cut and searched with the
 * sample entry, a phrase table and the FAQ's words (the entry 0x02 is
 * then a query, not an entry: an entry's seeds start with 0).  No
 * readings: MeCab is not run here.
 */
#include "faq.h"
#include "faq_phrase.h"
#include "faq_reading.h"
#include "faq_search.h"
#include "faq_syn.h"
#include "faq_vocab.h"
#include "reading.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char sample[] = "question: クレジットカードの再発行は？\nkeywords: カード停止 何があった\n\n"
			     "ｶｰﾄﾞ会社へご連絡ください。漏えい\n";
static const char phrases[] = "止め|停止\tカード停止\nなぜ|どうして 遅\t公表 時間\nって|けど\t-\n";

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

/* The sample entry with table t, and the FAQ's words as faq_load would
 * gather them (without readings), searched for q. */
static void search_sample(struct faq_phrases *t, const char *q)
{
	struct faq f = { 0 };
	struct faq_vocab v = { 0 };
	struct faq_entry e;
	struct err err;

	if (faq_parse_entry("sample.txt", 1, sample, sizeof sample - 1, &e, &err))
		abort();
	faq_reading_keywords(&v, &e.fk);
	for (size_t i = 0; t && i < t->n; i++)
		for (size_t k = t->p[i].piece; t->p[i].filler && k < t->p[i].piece + t->p[i].npieces; k++)
			for (size_t a = t->pieces[k].alt; a < t->pieces[k].alt + t->pieces[k].nalts; a++)
				faq_vocab_add_folded(&v, t->alts[a].s, t->alts[a].len, FAQ_VOCAB_FILLER);
	faq_vocab_add(&v, "カード", strlen("カード"), READING_CONTENT);
	faq_vocab_add(&v, "は", strlen("は"), READING_FUNCTION);
	faq_vocab_finish(&v);
	f.e = &e;
	f.n = 1;
	f.phr = t;
	f.vocab = &v;
	search_all(&f, q);
	faq_vocab_free(&v);
	faq_entry_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct faq f = { 0 };
	struct faq_entry e;
	struct faq_phrases *t;
	struct err err;
	const char *buf = (const char *)data + 1;

	if (size == 0)
		return 0;
	if ((data[0] & 3) == 2) {
		char *q = malloc(size);

		if (!q || faq_parse_phrases("p.tsv", phrases, sizeof phrases - 1, &t, &err))
			abort();
		memcpy(q, buf, size - 1);
		q[size - 1] = '\0';
		search_sample(t, q);
		faq_phrases_free(t);
		free(q);
		return 0;
	}
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
	if ((data[0] & 3) == 3) {
		if (faq_parse_phrases("fuzz.tsv", buf, size - 1, &t, &err) == 0) {
			search_sample(t, "カードを止めたいってけど");
			search_sample(t, "遅れたのはなぜ 漏洩");
			faq_phrases_free(t);
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
