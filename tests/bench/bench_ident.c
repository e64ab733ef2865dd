/*
 * bench_ident — time to canonicalise one full caller record (all six kinds
 * of src/ident, as the lookup screen does for each search), in the forms a
 * caller gives them: half-width kana, variant kanji, an era date with
 * full-width digits, a phone number with brackets, a padded e-mail
 * address, a postal code with 〒.
 *
 * usage: bench_ident [ROUNDS]   prints "ident_record_ns MEDIAN" (the median
 * over ROUNDS rounds of the mean CPU time per record in a batch of 1000), then
 * "ident_KIND_ns MEDIAN" for each kind alone.
 */
#include "ident.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const record[IDENT_NKINDS] = {
	[IDENT_KANA] = "ｻｲﾄｳ ｼｮｳｺ",
	[IDENT_NAME] = "髙橋 﨑子",
	[IDENT_DATE] = "昭和５０年３月１日",
	[IDENT_PHONE] = "(099) 472-1111",
	[IDENT_EMAIL] = " Taro.Saito@Example.JP ",
	[IDENT_POSTAL] = "〒899-7192",
};

/* CPU time of this thread: the machine is shared, and wall time would
 * count the turns other processes take. */
static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 101, batch = 1000;
	size_t len[IDENT_NKINDS];
	double *t;
	struct ident_result r;

	setlocale(LC_ALL, "C.UTF-8");
	if (rounds < 1)
		rounds = 1;
	t = malloc(sizeof *t * (size_t)rounds);
	if (!t)
		return 3;
	for (int k = 0; k < IDENT_NKINDS; k++) {
		len[k] = strlen(record[k]);
		if (ident_canon((enum ident_kind)k, record[k], len[k], &r) != 0) {
			fprintf(stderr, "bench_ident: %s rejected: %s\n", ident_kind_name((enum ident_kind)k), r.msg);
			return 3;
		}
	}
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ns();

		for (int b = 0; b < batch; b++)
			for (int k = 0; k < IDENT_NKINDS; k++)
				ident_canon((enum ident_kind)k, record[k], len[k], &r);
		t[i] = (now_ns() - t0) / batch;
	}
	qsort(t, (size_t)rounds, sizeof *t, cmp);
	printf("ident_record_ns %.0f\n", t[rounds / 2]);
	for (int k = 0; k < IDENT_NKINDS; k++) {
		for (int i = 0; i < rounds; i++) {
			double t0 = now_ns();

			for (int b = 0; b < batch; b++)
				ident_canon((enum ident_kind)k, record[k], len[k], &r);
			t[i] = (now_ns() - t0) / batch;
		}
		qsort(t, (size_t)rounds, sizeof *t, cmp);
		printf("ident_%s_ns %.0f\n", ident_kind_name((enum ident_kind)k), t[rounds / 2]);
	}
	free(t);
	return 0;
}
