/*
 * bench_attack — what guessing costs a key holder (root, a stolen backup)
 * who has the snapshot and its key: schema 2 against schema 3 (issue 12,
 * promise 7).
 *
 * usage: bench_attack SNAPSHOT KEY CSV
 * SNAPSHOT, KEY and CSV are the demo's (`madoguchi demo`).
 *
 * Schema 2 stored one keyed digest per identifier, so each kind was guessed
 * on its own and the guesses needed were the SUM of the spaces: every
 * birth date 1900-2025, every postal code, for each last-4 hint it kept in
 * clear the mobile and 09 numbers ending in it, a list of readings.
 * Schema 3 stores one digest per pair of a name and a supporting item:
 * the cheapest pair to guess, reading × birth date, costs the PRODUCT of
 * the two spaces; the tie-break tags are keyed by the half of the pair
 * hash the file does not hold, so a postal code or last 4 digits can only
 * be guessed for a person whose pair is already found.
 *
 * Measured: the guess rates (CPU time of this thread, median and range
 * of RUNS batches): schema 2's digest, schema 3's pair hash, a tag.
 * Computed: guesses and seconds (guesses / rate) for the demo and for
 * 1,000,000 persons.  Run for real: the schema-3 attack on the demo with
 * every reading its list is made of (each surname × each given name in
 * it: an attacker who knows every name, the worst case), checked against
 * the CSV; then the last 4 digits of each person found, from their tags.
 *
 * Prints "name value" lines; exits non-zero when a step fails (a file
 * that does not open, a person recovered wrongly, nobody recovered).
 */
#include "csv.h"
#include "ident.h"
#include "snapshot.h"
#include "snapshot_key.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 7
#define BATCH 200000
#define PERSONS_1M 1000000.0
#define READINGS_COMMON 170      /* the list of common readings */
#define POSTAL_CODES 120000.0    /* Japan Post's list, about (every 7-digit
				    string would be 10,000,000) */
#define PHONES_PER_LAST4 40000.0 /* 070/080/090 + 4 digits, 09 + 4 digits */
#define LAST4_1M 10000.0         /* a million phones end in every 4 digits */

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_attack: %s\n", what);
	exit(1);
}

/* ---- the spaces ------------------------------------------------------- */

static char (*dates)[40];
static size_t ndates;

static void every_date(void)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	dates = malloc(50000 * sizeof *dates);
	if (!dates)
		fail("out of memory");
	for (int y = 1900; y <= 2025; y++)
		for (int m = 1; m <= 12; m++) {
			bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			int n = mdays[m - 1] + (m == 2 && leap);

			for (int d = 1; d <= n; d++)
				snprintf(dates[ndates++], sizeof *dates, "%04d-%02d-%02d", y, m, d);
		}
}

/* A set of short strings, in order of arrival. */
struct strs {
	char (*v)[IDENT_MAX];
	size_t n, cap;
};

static size_t strs_add(struct strs *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return i;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			fail("out of memory");
	}
	snprintf(s->v[s->n], IDENT_MAX, "%s", x);
	return s->n++;
}

static bool canon(enum ident_kind k, const char *s, size_t n, char out[IDENT_MAX])
{
	struct ident_result r;

	if (ident_canon(k, s, n, &r))
		return false;
	memcpy(out, r.canon, IDENT_MAX);
	return true;
}

/* What the CSV says of each ref: the truth the attack is checked against. */
struct truth {
	char ref[65], kana[IDENT_MAX], birth[11], last4[5];
};

struct list {
	struct strs surnames, givens, readings, last4s;
	struct truth *t;
	size_t nt;
};

static int column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->nfield; i++)
		if (strcmp(c->field[i], name) == 0)
			return (int)i;
	fail("the CSV lacks a column");
	return -1;
}

static void truth_row(struct list *l, const struct csv *c, const int col[4])
{
	const char *kana = c->field[col[1]], *sp = strchr(kana, ' ');
	char a[IDENT_MAX], b[IDENT_MAX], phone[IDENT_MAX];
	struct truth t = { "", "", "", "" };

	if (!*c->field[col[0]] || !sp)
		return;
	/* The demo writes "surname given": each part is one of its names. */
	if (!canon(IDENT_KANA, kana, (size_t)(sp - kana), a) ||
	    !canon(IDENT_KANA, sp + 1, strlen(sp + 1), b) ||
	    !canon(IDENT_KANA, kana, strlen(kana), t.kana))
		fail("a reading of the demo does not read");
	strs_add(&l->surnames, a);
	strs_add(&l->givens, b);
	snprintf(t.ref, sizeof t.ref, "%s", c->field[col[0]]);
	if (*c->field[col[2]] && canon(IDENT_DATE, c->field[col[2]], c->flen[col[2]], phone))
		memcpy(t.birth, phone, sizeof t.birth - 1);
	if (*c->field[col[3]] && canon(IDENT_PHONE, c->field[col[3]], c->flen[col[3]], phone)) {
		snapshot_last4(phone, t.last4);
		strs_add(&l->last4s, t.last4);
	}
	for (size_t i = 0; i < l->nt; i++)
		if (strcmp(l->t[i].ref, t.ref) == 0) {
			if (!*l->t[i].birth)
				memcpy(l->t[i].birth, t.birth, sizeof t.birth);
			return;
		}
	l->t = realloc(l->t, (l->nt + 1) * sizeof *l->t);
	if (!l->t)
		fail("out of memory");
	l->t[l->nt++] = t;
}

static void read_list(const char *path, struct list *l)
{
	struct csv_text text;
	struct csv c;
	struct err err;
	int col[4];

	if (csv_load(path, CSV_UTF8, &text, &err))
		fail(err.msg);
	csv_init(&c, text.data, text.len);
	if (csv_next(&c, &err) != 1)
		fail("the CSV has no header");
	col[0] = column(&c, "ref");
	col[1] = column(&c, "kana");
	col[2] = column(&c, "birth_date");
	col[3] = column(&c, "phone");
	while (csv_next(&c, &err) == 1)
		truth_row(l, &c, col);
	csv_free(&c);
	csv_text_free(&text);
	for (size_t i = 0; i < l->surnames.n; i++)
		for (size_t j = 0; j < l->givens.n; j++) {
			char both[2 * IDENT_MAX], r[IDENT_MAX];

			snprintf(both, sizeof both, "%s%s", l->surnames.v[i], l->givens.v[j]);
			if (!canon(IDENT_KANA, both, strlen(both), r))
				fail("a reading does not read");
			strs_add(&l->readings, r);
		}
}

/* ---- the snapshot as an attacker reads it -------------------------------- */

struct entry {
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
	uint32_t *ids;
	uint32_t n;
};

struct person {
	char ref[65];
	unsigned items;
	uint8_t tags[SNAPSHOT_TAGS_MAX];
	size_t ntags;
	long reading, date;         /* found: indexes, else -1 */
	uint8_t h[SNAPSHOT_PAIR_BYTES];
};

struct file {
	struct entry *e;
	size_t ne;
	size_t *slot;               /* open addressing on the digest's first bytes */
	size_t mask;
	struct person *p;           /* by id - 1 */
	size_t np;
};

static uint64_t first8(const uint8_t *d)
{
	uint64_t v;

	memcpy(&v, d, sizeof v);
	return v;
}

static void index_entry(struct file *f, const uint8_t *d, const uint8_t *ids, uint32_t n)
{
	struct entry *e;

	f->e = realloc(f->e, (f->ne + 1) * sizeof *f->e);
	if (!f->e)
		fail("out of memory");
	e = &f->e[f->ne++];
	memcpy(e->d, d, SNAPSHOT_DIGEST_BYTES);
	e->n = n;
	e->ids = malloc(n * sizeof *e->ids);
	if (!e->ids)
		fail("out of memory");
	for (uint32_t i = 0; i < n; i++)
		e->ids[i] = (uint32_t)snapshot_get_id(ids + SNAPSHOT_ID_BYTES * i);
}

static void read_buckets(sqlite3 *db, struct file *f)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT entries FROM digest", -1, &st, NULL))
		fail("the snapshot has no digest table");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const uint8_t *b = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0), at = 0;

		while (at + SNAPSHOT_DIGEST_BYTES < len) {
			uint64_t n;
			size_t vn = snapshot_get_varint(b + at + SNAPSHOT_DIGEST_BYTES,
							len - at - SNAPSHOT_DIGEST_BYTES, &n);

			if (vn == 0)
				fail("a bucket does not read");
			index_entry(f, b + at, b + at + SNAPSHOT_DIGEST_BYTES + vn, (uint32_t)n);
			at += SNAPSHOT_DIGEST_BYTES + vn + n * SNAPSHOT_ID_BYTES;
		}
	}
	sqlite3_finalize(st);
	f->mask = 1;
	while (f->mask < 4 * f->ne)
		f->mask <<= 1;
	f->slot = malloc(f->mask * sizeof *f->slot);
	if (!f->slot)
		fail("out of memory");
	for (size_t i = 0; i < f->mask; i++)
		f->slot[i] = (size_t)-1;
	f->mask--;
	for (size_t i = 0; i < f->ne; i++) {
		size_t s = (size_t)first8(f->e[i].d) & f->mask;

		while (f->slot[s] != (size_t)-1)
			s = (s + 1) & f->mask;
		f->slot[s] = i;
	}
}

static void read_persons(sqlite3 *db, struct file *f)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT id, ref, items, tags FROM person ORDER BY id", -1, &st, NULL))
		fail("the snapshot has no person table");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct person *p;
		const unsigned char *ref = sqlite3_column_text(st, 1);
		size_t nt = (size_t)sqlite3_column_bytes(st, 3);

		if (sqlite3_column_int64(st, 0) != (long long)f->np + 1 || nt > SNAPSHOT_TAGS_MAX)
			fail("the person table does not read");
		f->p = realloc(f->p, (f->np + 1) * sizeof *f->p);
		if (!f->p)
			fail("out of memory");
		p = &f->p[f->np++];
		memset(p, 0, sizeof *p);
		snprintf(p->ref, sizeof p->ref, "%s", ref ? (const char *)ref : "");
		p->items = (unsigned)sqlite3_column_int(st, 2);
		p->ntags = nt;
		if (nt)
			memcpy(p->tags, sqlite3_column_blob(st, 3), nt);
		p->reading = p->date = -1;
	}
	sqlite3_finalize(st);
}

static void read_file(const char *path, struct file *f)
{
	sqlite3 *db;

	memset(f, 0, sizeof *f);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL))
		fail("the snapshot does not open");
	read_buckets(db, f);
	read_persons(db, f);
	sqlite3_close(db);
}

static const struct entry *find(const struct file *f, const uint8_t *d)
{
	for (size_t s = (size_t)first8(d) & f->mask; f->slot[s] != (size_t)-1; s = (s + 1) & f->mask)
		if (memcmp(f->e[f->slot[s]].d, d, SNAPSHOT_DIGEST_BYTES) == 0)
			return &f->e[f->slot[s]];
	return NULL;
}

/* ---- the guess rates ----------------------------------------------------- */

struct rate {
	double median, min, max;
};

static struct rate rate_of(double *per_s)
{
	qsort(per_s, RUNS, sizeof *per_s, cmp_d);
	return (struct rate){ per_s[RUNS / 2], per_s[0], per_s[RUNS - 1] };
}

static volatile uint8_t sink;

/* Schema 2: keyed BLAKE2b-128 over "date\0" + a date, from a state that
 * holds the key and the domain. */
static struct rate rate_before(const uint8_t key[SNAPSHOT_KEY_BYTES])
{
	crypto_generichash_state base, st;
	uint8_t out[16];
	double r[RUNS];

	crypto_generichash_init(&base, key, SNAPSHOT_KEY_BYTES, sizeof out);
	crypto_generichash_update(&base, (const unsigned char *)"date", 5);
	for (int k = 0; k < RUNS; k++) {
		double t = cpu_s();

		for (size_t i = 0; i < BATCH; i++) {
			st = base;
			crypto_generichash_update(&st, (const unsigned char *)dates[i % ndates], 10);
			crypto_generichash_final(&st, out, sizeof out);
			sink ^= out[0];
		}
		r[k] = BATCH / (cpu_s() - t);
	}
	return rate_of(r);
}

/* Schema 3: the pair hash of a reading and a date. */
static struct rate rate_after(const crypto_generichash_state *base, const char *reading)
{
	uint8_t h[SNAPSHOT_PAIR_BYTES];
	double r[RUNS];

	for (int k = 0; k < RUNS; k++) {
		double t = cpu_s();

		for (size_t i = 0; i < BATCH; i++) {
			snapshot_pair_hash(base, reading, dates[i % ndates], h);
			sink ^= h[0];
		}
		r[k] = BATCH / (cpu_s() - t);
	}
	return rate_of(r);
}

static struct rate rate_tag(void)
{
	uint8_t h[SNAPSHOT_PAIR_BYTES] = { 7 }, tag[SNAPSHOT_TAG_BYTES];
	double r[RUNS];
	char v[8];

	for (int k = 0; k < RUNS; k++) {
		double t = cpu_s();

		for (size_t i = 0; i < BATCH; i++) {
			snprintf(v, sizeof v, "%04zu", i % 10000);
			snapshot_tag(h, SNAPSHOT_TAG_LAST4, v, tag);
			sink ^= tag[0];
		}
		r[k] = BATCH / (cpu_s() - t);
	}
	return rate_of(r);
}

/* ---- the attack, run ------------------------------------------------------ */

static const struct truth *truth_of(const struct list *l, const char *ref)
{
	for (size_t i = 0; i < l->nt; i++)
		if (strcmp(l->t[i].ref, ref) == 0)
			return &l->t[i];
	return NULL;
}

/* Every reading × every date through the reading × birth date pair. */
static double run_pairs(const crypto_generichash_state *base, const struct list *l, struct file *f)
{
	uint8_t h[SNAPSHOT_PAIR_BYTES];
	double t = cpu_s();

	for (size_t r = 0; r < l->readings.n; r++)
		for (size_t d = 0; d < ndates; d++) {
			const struct entry *e;

			snapshot_pair_hash(base, l->readings.v[r], dates[d], h);
			if (!(e = find(f, h)))
				continue;
			for (uint32_t i = 0; i < e->n; i++) {
				struct person *p = &f->p[e->ids[i] - 1];

				p->reading = (long)r;
				p->date = (long)d;
				memcpy(p->h, h, sizeof h);
			}
		}
	return cpu_s() - t;
}

/* The last 4 digits of each person found, from their tag of that pair. */
static double run_last4(const struct list *l, const struct file *f, size_t *found, size_t *wrong)
{
	int pair = snapshot_pair(IDENT_KANA, IDENT_DATE);
	double t = cpu_s();

	*found = *wrong = 0;
	for (size_t i = 0; i < f->np; i++) {
		const struct person *p = &f->p[i];
		int at = snapshot_tag_at(p->items, pair, SNAPSHOT_TAG_LAST4);
		const struct truth *tr = truth_of(l, p->ref);

		if (p->reading < 0 || at < 0 || (size_t)at + SNAPSHOT_TAG_BYTES > p->ntags)
			continue;
		for (int x = 0; x < 10000; x++) {
			uint8_t tag[SNAPSHOT_TAG_BYTES];
			char v[8];

			snprintf(v, sizeof v, "%04d", x);
			snapshot_tag(p->h, SNAPSHOT_TAG_LAST4, v, tag);
			if (memcmp(tag, p->tags + at, sizeof tag) != 0)
				continue;
			(*found)++;
			*wrong += !tr || strcmp(tr->last4, v) != 0;
			break;
		}
	}
	return cpu_s() - t;
}

int main(int argc, char **argv)
{
	uint8_t key[SNAPSHOT_KEY_BYTES];
	crypto_generichash_state base;
	struct list l;
	struct file f;
	struct err err;
	struct rate before, after, tag;
	size_t with_birth = 0, recovered = 0, wrong = 0, l4_found, l4_wrong;
	double run_s, l4_s, r_all, n_demo, guesses;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_attack SNAPSHOT KEY CSV\n");
		return 2;
	}
	if (sodium_init() < 0)
		fail("libsodium cannot start");
	if (snapshot_key_load(argv[2], false, key, NULL, &err))
		fail(err.msg);
	every_date();
	memset(&l, 0, sizeof l);
	read_list(argv[3], &l);
	read_file(argv[1], &f);
	snapshot_pair_init(key, snapshot_pair(IDENT_KANA, IDENT_DATE), &base);

	before = rate_before(key);
	after = rate_after(&base, l.readings.v[0]);
	tag = rate_tag();
	printf("rate_before_median %.0f\nrate_before_min %.0f\nrate_before_max %.0f\n", before.median,
	       before.min, before.max);
	printf("rate_after_median %.0f\nrate_after_min %.0f\nrate_after_max %.0f\n", after.median,
	       after.min, after.max);
	printf("rate_tag_median %.0f\nrate_tag_min %.0f\nrate_tag_max %.0f\n", tag.median, tag.min, tag.max);

	/* The spaces. */
	n_demo = (double)f.np;
	r_all = (double)l.readings.n;
	printf("space_dates %zu\nspace_postal %.0f\nspace_phones_per_last4 %.0f\n", ndates, POSTAL_CODES,
	       PHONES_PER_LAST4);
	printf("readings_common %d\nreadings_demo %zu\nsurnames_demo %zu\ngivens_demo %zu\n", READINGS_COMMON,
	       l.readings.n, l.surnames.n, l.givens.n);
	printf("persons_demo %zu\nlast4_demo %zu\npersons_1m %.0f\nlast4_1m %.0f\n", f.np, l.last4s.n,
	       PERSONS_1M, LAST4_1M);

	/* Before: the sum of the spaces, one kind at a time. */
	for (int w = 0; w < 2; w++) {
		double readings = w ? r_all : READINGS_COMMON;
		const char *who = w ? "all" : "common";

		guesses = (double)ndates + POSTAL_CODES + (double)l.last4s.n * PHONES_PER_LAST4 + readings;
		printf("before_%s_demo_guesses %.3g\nbefore_%s_demo_s %.1f\n", who, guesses, who,
		       guesses / before.median);
		guesses = (double)ndates + POSTAL_CODES + LAST4_1M * PHONES_PER_LAST4 + readings;
		printf("before_%s_1m_guesses %.3g\nbefore_%s_1m_s %.1f\n", who, guesses, who,
		       guesses / before.median);
		/* After: the cheapest pair, whatever the number of persons. */
		guesses = readings * (double)ndates;
		printf("after_%s_guesses %.3g\nafter_%s_s %.1f\n", who, guesses, who, guesses / after.median);
	}
	/* After, everything of everyone found: their phones through the
	 * reading × phone pair once the last 4 digits are known, and the
	 * tags of the last 4 digits and the postal code. */
	printf("after_rest_demo_s %.0f\nafter_rest_1m_s %.0f\n",
	       n_demo * (PHONES_PER_LAST4 / after.median + (10000.0 + POSTAL_CODES) / tag.median),
	       PERSONS_1M * (PHONES_PER_LAST4 / after.median + (10000.0 + POSTAL_CODES) / tag.median));

	/* For real: every name of the demo × every date. */
	run_s = run_pairs(&base, &l, &f);
	for (size_t i = 0; i < f.np; i++) {
		const struct person *p = &f.p[i];
		const struct truth *tr = truth_of(&l, p->ref);

		with_birth += (p->items & SNAPSHOT_ITEM_BIRTH) != 0;
		if (p->reading < 0)
			continue;
		recovered++;
		wrong += !tr || strcmp(tr->kana, l.readings.v[p->reading]) != 0 ||
			 strcmp(tr->birth, dates[p->date]) != 0;
	}
	l4_s = run_last4(&l, &f, &l4_found, &l4_wrong);
	printf("run_guesses %.3g\nrun_s %.1f\nrun_rate %.0f\nrun_recovered %zu\nrun_with_birth %zu\n"
	       "run_wrong %zu\nrun_last4_found %zu\nrun_last4_wrong %zu\nrun_last4_s %.1f\n",
	       r_all * (double)ndates, run_s, r_all * (double)ndates / run_s, recovered, with_birth, wrong,
	       l4_found, l4_wrong, l4_s);
	sodium_memzero(key, sizeof key);
	if (recovered == 0 || wrong || l4_wrong)
		fail("the attack recovered nobody, or someone wrongly");
	return 0;
}
