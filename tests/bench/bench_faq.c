/*
 * bench_faq — the FAQ search through src/faq as the screen calls it, on
 * the real 14 answers and on a generated FAQ of N entries (the 14 answers
 * repeated with numbered variations).
 *
 * usage: bench_faq FAQDIR SYNONYMS [N]   prints, for 14 and for N entries:
 *   faq_load_ms_K          loading the FAQ
 *   faq_first_search_ms_K  the first search (it reads the entries aloud)
 *   faq_search_us_K        median of one faq_search over the fixed queries
 *   faq_typing_us_K        median of one keystroke: faq_search_typing of
 *                          every prefix of what callers say
 * Only the functions every version of src/faq has are called, so this file
 * also builds against an older core, the peer tests/bench/run.sh compares.
 */
#include "faq.h"
#include "faq_search.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const queries[] = {
	"カード", "ｶｰﾄﾞ", "かーど", "漏洩", "利用者情報", "再発行 手数料",
	"いつ", "件数", "パスワード", "不正利用", "公表 時間", "zzz",
	"ク", "クレ", "クレジ", "クレジット",
};

/* What callers say (issue 14), typed a character at a time. */
static const char *const callers[] = {
	"なにがあったの", "ふせいりよう", "ほかのサイト", "わたしの じょうほう", "漏れた",
	"お知らせ", "ハッキング", "カード 止めたい", "暗証番号", "対象期間", "市の対応",
	"なぜ遅れた", "身に覚えのない請求", "どうして気づいた", "再発防止", "会員 該当",
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *t, size_t n)
{
	qsort(t, n, sizeof *t, cmp);
	return n ? t[n / 2] : 0;
}

static double time_one(const struct faq *f, const char *q, int typing)
{
	struct faq_hit *hits;
	double t0 = now_us();
	size_t n = typing ? faq_search_typing(f, q, &hits) : faq_search(f, q, &hits);
	double t = now_us() - t0;

	if (n != (size_t)-1)
		faq_hits_free(hits, n);
	return t;
}

static double median_search(const struct faq *f, int rounds)
{
	size_t nq = sizeof queries / sizeof queries[0], k = 0;
	double *t = malloc(sizeof *t * nq * (size_t)rounds), m;

	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < nq; i++)
			t[k++] = time_one(f, queries[i], 0);
	m = median(t, k);
	free(t);
	return m;
}

/* Every prefix of every callers' query, cut at character boundaries. */
static double median_typing(const struct faq *f, int rounds)
{
	size_t nq = sizeof callers / sizeof callers[0], k = 0, cap = 4096;
	double *t = malloc(sizeof *t * cap), m;
	char q[256];

	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < nq; i++)
			for (size_t len = 1; len <= strlen(callers[i]) && len < sizeof q; len++) {
				if (((unsigned char)callers[i][len] & 0xc0) == 0x80)
					continue;
				memcpy(q, callers[i], len);
				q[len] = '\0';
				if (k == cap)
					t = realloc(t, sizeof *t * (cap *= 2));
				t[k++] = time_one(f, q, 1);
			}
	m = median(t, k);
	free(t);
	return m;
}

/* Writes n entries into dir, cycling through the real ones with a number
 * added, so the texts have the real answers' length and vocabulary. */
static int generate(const struct faq *src, const char *dir, int n)
{
	char path[4096];
	FILE *f;

	for (int i = 1; i <= n; i++) {
		const struct faq_entry *e = &src->e[(size_t)(i - 1) % src->n];

		snprintf(path, sizeof path, "%s/%05d.txt", dir, i);
		f = fopen(path, "w");
		if (!f)
			return -1;
		fprintf(f, "question: %s（その%d）\nkeywords: %s\n\n%s\n", e->question, i,
			e->keywords, e->answer);
		fclose(f);
	}
	/* The count the loader checks the files against. */
	snprintf(path, sizeof path, "%s/COUNT", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", n);
	return fclose(f) ? -1 : 0;
}

/* Loads dir and prints its figures; the FAQ in *out (NULL on failure). */
static int measure(const char *dir, const char *syn, int rounds, struct faq **out)
{
	struct err err;
	double t0 = now_us(), t1, t2;
	size_t n;

	*out = NULL;
	if (faq_load(dir, syn, out, &err)) {
		fprintf(stderr, "bench_faq: %s\n", err.msg);
		return -1;
	}
	t1 = now_us();
	n = (*out)->n;
	time_one(*out, "カード", 0);
	t2 = now_us();
	printf("faq_load_ms_%zu %.2f\n", n, (t1 - t0) / 1e3);
	printf("faq_first_search_ms_%zu %.2f\n", n, (t2 - t1) / 1e3);
	printf("faq_search_us_%zu %.2f\n", n, median_search(*out, rounds));
	printf("faq_typing_us_%zu %.2f\n", n, median_typing(*out, rounds > 20 ? rounds / 10 : 1));
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct faq *f, *big;
	char dir[] = "/tmp/bench_faq.XXXXXX";
	int n = argc > 3 ? atoi(argv[3]) : 10000;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc < 3) {
		fprintf(stderr, "usage: bench_faq FAQDIR SYNONYMS [N]\n");
		return 2;
	}
	if (measure(argv[1], argv[2], 200, &f))
		return 2;
	if (!mkdtemp(dir) || generate(f, dir, n)) {
		fprintf(stderr, "bench_faq: cannot write the generated FAQ\n");
		return 3;
	}
	if (measure(dir, argv[2], 5, &big))
		return 3;
	faq_free(big);
	faq_free(f);
	if (fork() == 0)
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
	return 0;
}
