/*
 * bench_faq — time of one `faq search` query, through src/faq as the screen
 * calls it at every keystroke, on the real 14 answers and on a generated
 * FAQ of N entries (the 14 answers repeated with numbered variations).
 *
 * usage: bench_faq FAQDIR SYNONYMS [N]   prints "faq_search_us_14 MEDIAN"
 * and "faq_search_us_N MEDIAN" (microseconds, median over the queries).
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

static double median_search(const struct faq *f, int rounds)
{
	size_t nq = sizeof queries / sizeof queries[0], k = 0;
	double *t = malloc(sizeof *t * nq * (size_t)rounds), m;

	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < nq; i++) {
			struct faq_hit *hits;
			double t0 = now_us();
			size_t n = faq_search(f, queries[i], &hits);
			t[k++] = now_us() - t0;
			if (n != (size_t)-1)
				faq_hits_free(hits, n);
		}
	qsort(t, k, sizeof *t, cmp);
	m = t[k / 2];
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

int main(int argc, char **argv)
{
	struct faq *f, *big;
	struct err err;
	char dir[] = "/tmp/bench_faq.XXXXXX";
	int n = argc > 3 ? atoi(argv[3]) : 10000;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc < 3) {
		fprintf(stderr, "usage: bench_faq FAQDIR SYNONYMS [N]\n");
		return 2;
	}
	if (faq_load(argv[1], argv[2], &f, &err)) {
		fprintf(stderr, "bench_faq: %s\n", err.msg);
		return 2;
	}
	printf("faq_search_us_%zu %.2f\n", f->n, median_search(f, 200));
	if (!mkdtemp(dir) || generate(f, dir, n)) {
		fprintf(stderr, "bench_faq: cannot write the generated FAQ\n");
		return 3;
	}
	if (faq_load(dir, argv[2], &big, &err)) {
		fprintf(stderr, "bench_faq: %s\n", err.msg);
		return 3;
	}
	printf("faq_search_us_%zu %.2f\n", big->n, median_search(big, 5));
	faq_free(big);
	faq_free(f);
	if (fork() == 0)
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
	return 0;
}
