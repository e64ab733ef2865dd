/* The call flow (src/call): the reading of each field, the lookup against
 * a brute-force oracle of the rules (pairs of a name and a supporting
 * factor; the postal code and the last 4 digits only break a tie), the
 * date windows, and the lookup event (written with no value typed,
 * spooled or failed and said so). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "call.h"
#include "inq_read.h"
#include "snapshot_import.h"
#include "csv.h"

static char dir[256];
static const uint8_t key[SNAPSHOT_KEY_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static const char header[] =
	"ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
	"registered_on,card_exposed,userinfo_exposed,notified_on\n";

/* 3 and 4 share reading and birth date; their phones end in 0001, 0002. */
static const char rows[] =
	"R-1,志布志 太郎,しぶし たろう,1975-03-01,男,899-7192,志布志町,taro@example.jp,099-472-1111,2019-06-30,0,1,2022-06-10\n"
	"R-3,田中 浩,たなか ひろし,1970-01-01,男,892-0816,山下町,h.tanaka@example.com,090-1111-0001,2021-08-01,0,1,\n"
	"R-4,田中 宏,たなか ひろし,1970-01-01,男,150-0001,神宮前,hiroshi.t@example.com,090-1111-0002,2021-09-09,0,1,\n";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/test_call.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void path(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void no_report(void *ctx, const char *msg)
{
	(void)ctx;
	fail_msg("import: %s", msg);
}

/* header + body imported into dir/name, opened; sum gets the import's
 * counts. */
static struct snapshot *snapshot_at(const char *name, const char *body, struct snapshot_summary *sum)
{
	struct snapshot *s;
	struct csv_text t;
	struct err err = { "" };
	char db[512], *csv = malloc(strlen(header) + strlen(body) + 1);

	assert_non_null(csv);
	strcpy(csv, header);
	strcat(csv, body);
	path(db, sizeof db, name);
	if (csv_decode("t.csv", csv, strlen(csv), CSV_UTF8, &t, &err))
		fail_msg("csv: %s", err.msg);
	if (snapshot_import("t.csv", &t, db, key, NULL, no_report, NULL, sum, &err))
		fail_msg("import: %s", err.msg);
	csv_text_free(&t);
	free(csv);
	if (snapshot_open(db, key, "test key", &s, &err))
		fail_msg("open: %s", err.msg);
	return s;
}

static struct snapshot *snapshot_of(const char *name, const char *body)
{
	struct snapshot_summary sum;

	return snapshot_at(name, body, &sum);
}

/* The request of the fields in[] (NULL: left empty). */
static void request(struct call_request *q, const char *const in[CALL_NFIELDS], const char *uuid)
{
	memset(q, 0, sizeof *q);
	snprintf(q->call_uuid, sizeof q->call_uuid, "%s", uuid ? uuid : "");
	for (int f = 0; f < CALL_NFIELDS; f++)
		if (in[f])
			call_request_set(q, (enum call_field)f, in[f], strlen(in[f]));
}

/* call_lookup() of in[]: its status, the verdict in *v. */
static int run(const struct call_desk *d, const char *const in[CALL_NFIELDS], const char *uuid,
	       struct call_verdict *v)
{
	static struct call_request q;
	struct err err = { "" };
	int rc;

	request(&q, in, uuid);
	rc = call_lookup(d, &q, v, &err);
	if (rc < 0)
		fail_msg("call_lookup: %s", err.msg);
	return rc;
}

/* The lookup's result for the six identifiers, through the call flow (the
 * phone may be its last 4 digits). */
static struct lookup_result look(struct snapshot *s, const char *kana, const char *name,
				 const char *birth, const char *phone, const char *email,
				 const char *postal)
{
	const char *in[CALL_NFIELDS] = { kana, name, birth, phone, email, postal, NULL, NULL };
	struct call_desk d = { s, NULL, NULL };
	static struct call_verdict v;

	if (run(&d, in, NULL, &v))
		fail_msg("field %d cannot be read: %s", (int)v.field, v.why);
	return v.res;
}

/* ---- lookup against a brute-force oracle ----------------------------- */

/* A list where one reading and one name are shared by 81 people and one
 * birth date by 30 others: the lookup pairs factors that point to the
 * same person, to different people, or to nobody, with lists of very
 * different lengths behind them.  The oracle decides every query from the
 * raw values, as the rules below state them (issue 12, promise 7). */
enum { NA = 80, NB = 30, NP = NA + NB + 1 };

struct tp {
	char v[IDENT_NKINDS][48];   /* kana, name, birth, phone, email, postal */
	char ref[16], last4[5];
};

static void oracle_people(struct tp *p)
{
	static const char pair[] = "あいうえおかきくけこ";   /* 3 bytes each */
	static const char *kanji[] = { "一", "二", "三", "四", "五", "六" };

	memset(p, 0, NP * sizeof *p);
	for (int i = 0; i < NA; i++) {
		snprintf(p[i].ref, sizeof p[i].ref, "A-%d", i);
		strcpy(p[i].v[IDENT_KANA], "さとうはなこ");
		strcpy(p[i].v[IDENT_NAME], "佐藤花子");
		snprintf(p[i].v[IDENT_DATE], 48, "%d-%02d-01", 1940 + i / 12, i % 12 + 1);
		snprintf(p[i].v[IDENT_PHONE], 48, "090-1000-%04d", i);
		snprintf(p[i].v[IDENT_EMAIL], 48, "a%d@example.jp", i);
		snprintf(p[i].v[IDENT_POSTAL], 48, "899-710%d", i % 4);
	}
	for (int j = 0; j < NB; j++) {
		struct tp *b = &p[NA + j];

		snprintf(b->ref, sizeof b->ref, "B-%d", j);
		snprintf(b->v[IDENT_KANA], 48, "すずき%.3s%.3s", pair + 3 * (j / 10), pair + 3 * (j % 10));
		snprintf(b->v[IDENT_NAME], 48, "鈴木%s%s", kanji[j / 6], kanji[j % 6]);
		strcpy(b->v[IDENT_DATE], "1980-05-05");
		snprintf(b->v[IDENT_PHONE], 48, "080-2000-%04d", j);
		snprintf(b->v[IDENT_EMAIL], 48, "b%d@example.jp", j);
		snprintf(b->v[IDENT_POSTAL], 48, "892-080%d", j % 4);
	}
	/* Same reading, name and birth date as A-5: a different person, whose
	 * phone ends as A-1's does. */
	p[NP - 1] = p[5];
	strcpy(p[NP - 1].ref, "C-1");
	strcpy(p[NP - 1].v[IDENT_PHONE], "070-3000-0001");
	strcpy(p[NP - 1].v[IDENT_EMAIL], "c1@example.jp");
	strcpy(p[NP - 1].v[IDENT_POSTAL], "150-0001");
	for (int i = 0; i < NP; i++)
		strcpy(p[i].last4, p[i].v[IDENT_PHONE] + strlen(p[i].v[IDENT_PHONE]) - 4);
}

static struct snapshot *oracle_snapshot(const struct tp *p)
{
	size_t size = 256 + NP * 400, n = 0;
	char *csv = malloc(size);
	struct snapshot_summary sum;
	struct snapshot *s;

	assert_non_null(csv);
	for (int i = 0; i < NP; i++)
		n += (size_t)snprintf(csv + n, size - n, "%s,%s,%s,%s,,%s,,%s,%s,2021-05-05,0,1,\n",
				      p[i].ref, p[i].v[IDENT_NAME], p[i].v[IDENT_KANA],
				      p[i].v[IDENT_DATE], p[i].v[IDENT_POSTAL], p[i].v[IDENT_EMAIL],
				      p[i].v[IDENT_PHONE]);
	s = snapshot_at("oracle.db", csv, &sum);
	free(csv);
	assert_int_equal(sum.persons, NP);
	return s;
}

#define NAMES ((1u << IDENT_KANA) | (1u << IDENT_NAME))
#define SUPPORTS ((1u << IDENT_DATE) | (1u << IDENT_PHONE) | (1u << IDENT_EMAIL))
#define POSTAL (1u << IDENT_POSTAL)
#define PHONE (1u << IDENT_PHONE)

/* A query: the six identifiers (NULL: not given) and the last 4 digits
 * typed in the phone field instead of a phone (NULL: not). */
struct oq {
	const char *v[IDENT_NKINDS];
	const char *last4;
};

/* The kinds of x equal to the query's, the postal code included. */
static unsigned same_kinds(const struct tp *x, const struct oq *q)
{
	unsigned k = 0;

	for (int i = 0; i < IDENT_NKINDS; i++)
		if (q->v[i] && strcmp(x->v[i], q->v[i]) == 0)
			k |= 1u << i;
	return k;
}

/* The pairs x matches: a name kind and a supporting kind, both equal. */
static int pairs_of(const struct tp *x, const struct oq *q)
{
	unsigned k = same_kinds(x, q);

	return __builtin_popcount(k & NAMES) * __builtin_popcount(k & SUPPORTS);
}

/* How many of the postal code and the last 4 digits given are x's. */
static int tie_breakers_of(const struct tp *x, const struct oq *q)
{
	return (int)((same_kinds(x, q) & POSTAL) != 0) + (q->last4 && strcmp(x->last4, q->last4) == 0);
}

/*
 * The rules, stated on the raw values:
 *  1. Without a name factor (kana, name) the answer is partial, asking
 *     for the reading; without a supporting factor (birth date, phone,
 *     e-mail; the postal code and the last 4 digits are none), partial
 *     asking for the three.  Nothing is matched or disclosed.
 *  2. A person matches a pair when their name factor and their supporting
 *     factor of that pair both equal the ones given.  Nobody matches a
 *     pair: none, with no factors (the name matching someone whose birth
 *     date differs answers none too).
 *  3. Of those matching the most pairs: one is verified.  Several: the one
 *     whose postal code and last 4 digits equal strictly more of those
 *     given (at least one) than every other's is verified; else ambiguous.
 *  4. Verified: factors = the kinds that equal the given ones (the pairs'
 *     kinds, and the postal code when it is theirs).  Ambiguous: the same,
 *     of every person tied; no ref; ask = the postal code unless given and
 *     the phone unless a phone or its last 4 digits were given.
 */
/* What the oracle decided, counted: every rule must have been exercised. */
struct seen {
	int match[4];
	int tie_broken;           /* verified by the postal code or last 4 digits */
};

static void oracle_check(struct snapshot *s, const struct tp *p, const struct oq *q, struct seen *seen)
{
	struct lookup_result r = look(s, q->v[0], q->v[1], q->v[2], q->last4 ? q->last4 : q->v[3], q->v[4],
				      q->v[5]);
	int tied[NP], nt = 0, best = 0, top = 0, ntop = 0, one = -1;
	unsigned given = 0, factors = 0, ask = 0;

	for (int k = 0; k < IDENT_NKINDS; k++)
		given |= q->v[k] ? 1u << k : 0;
	seen->match[r.match]++;
	if (!(given & NAMES) || !(given & SUPPORTS)) {
		assert_int_equal(r.match, LOOKUP_PARTIAL);
		assert_int_equal(r.ask, (given & NAMES) ? SUPPORTS : 1u << IDENT_KANA);
		assert_int_equal(r.factors, 0);
		assert_string_equal(r.person.ref, "");
		return;
	}
	for (int i = 0; i < NP; i++)
		best = pairs_of(&p[i], q) > best ? pairs_of(&p[i], q) : best;
	for (int i = 0; i < NP && best > 0; i++)
		if (pairs_of(&p[i], q) == best)
			tied[nt++] = i;
	if (nt == 0) {
		assert_int_equal(r.match, LOOKUP_NONE);
		assert_int_equal(r.factors, 0);
		assert_int_equal(r.ask & ~NAMES, 0);
		assert_string_equal(r.person.ref, "");
		return;
	}
	for (int i = 0; i < nt && nt > 1; i++) {
		int t = tie_breakers_of(&p[tied[i]], q);

		if (t > top) {
			top = t;
			ntop = 1;
			one = tied[i];
		} else if (t == top) {
			ntop++;
		}
	}
	if (nt == 1 || (top > 0 && ntop == 1)) {
		seen->tie_broken += nt > 1;
		one = nt == 1 ? tied[0] : one;
		assert_int_equal(r.match, LOOKUP_VERIFIED);
		assert_string_equal(r.person.ref, p[one].ref);
		assert_int_equal(r.factors, same_kinds(&p[one], q));
		assert_int_equal(r.person.ntags, 0);
		return;
	}
	assert_int_equal(r.match, LOOKUP_AMBIGUOUS);
	for (int i = 0; i < nt; i++)
		factors |= same_kinds(&p[tied[i]], q);
	assert_int_equal(r.factors, factors);
	ask |= given & POSTAL ? 0 : POSTAL;
	ask |= (given & PHONE) || q->last4 ? 0 : PHONE;
	assert_int_equal(r.ask, ask);
	assert_string_equal(r.person.ref, "");
	assert_int_equal(r.nfaq, 0);
}

/* Which person each factor comes from: 'p' the one tried, 'o' another,
 * 'x' nobody, '.' not given.  Order: kana, name, birth, phone, e-mail,
 * postal; then the last 4 digits in the phone field (instead of a phone):
 * 'p', 'o' or 'x' ("9999") as above, '.' not given. */
static const char *const shapes[] = {
	"p.p....", "p..p...", ".p..p..", "p.o....", "pppop..", "p..o...", "opp....",
	"p.po...", "p.p..p.", "p.opo..", ".opo...", "x.p....", "p.x....", "xxppp..",
	"pop....", "p.ooo..", "oppppp.", "p.pxx..", ".pxp...", "p.p..o.",
	/* the last 4 digits and the postal code as tie-breakers */
	"p.p...p", "p.p...o", "p.p...x", "pp....p", "p.p..pp", "p.p..po", "p.p..op",
	"p.p..xx", "opo...p", "p.o..po", "x.p...p", "p.x..pp", "ppp.p.o",
	/* not both kinds: partial, whatever they match */
	"p....p.", "p......", "..p....", ".p...pp", "...p...", "....pp.", "x.....p",
};

static void lookup_agrees_with_the_oracle(void **state)
{
	static struct tp p[NP];
	struct snapshot *s;
	static const int tried[] = { 0, 1, 5, 6, 37, NA - 1, NA, NA + 7, NA + NB - 1, NP - 1 };
	static const char *const nobody[IDENT_NKINDS] = {
		"だれでもない", "誰某", "1901-01-01", "011-111-1111", "nobody@example.org", "100-0001"
	};
	struct seen seen = { { 0 }, 0 };

	(void)state;
	oracle_people(p);
	s = oracle_snapshot(p);
	for (size_t t = 0; t < sizeof tried / sizeof tried[0]; t++)
		for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++) {
			int me = tried[t], other = (me * 7 + 11) % NP;
			char l = shapes[sh][IDENT_NKINDS];
			struct oq q = { { NULL }, NULL };

			for (int k = 0; k < IDENT_NKINDS; k++) {
				char c = shapes[sh][k];

				q.v[k] = c == 'p' ? p[me].v[k] : c == 'o' ? p[other].v[k] :
					 c == 'x' ? nobody[k] : NULL;
			}
			q.last4 = l == 'p' ? p[me].last4 : l == 'o' ? p[other].last4 : l == 'x' ? "9999" : NULL;
			/* One phone field: a phone or its last 4 digits. */
			assert_true(!q.last4 || !q.v[IDENT_PHONE]);
			oracle_check(s, p, &q, &seen);
		}
	snapshot_close(s);
	for (int m = 0; m < 4; m++)
		assert_true(seen.match[m] > 0);
	assert_true(seen.tie_broken > 0);
}

/* The same lists, with the answers spelled out: a common reading with one
 * phone; a rare reading with a common birth date; both sides pointing to
 * the same person twice, or to two people. */
static void lookup_with_long_and_short_lists(void **state)
{
	static struct tp p[NP];
	struct snapshot *s;
	struct lookup_result r;

	(void)state;
	oracle_people(p);
	s = oracle_snapshot(p);
	r = look(s, "さとうはなこ", NULL, NULL, "090-1000-0037", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "A-37");
	r = look(s, "すずきあく", NULL, "1980-05-05", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "B-7");
	r = look(s, "さとうはなこ", "佐藤花子", p[37].v[IDENT_DATE], "090-1000-0037", "a37@example.jp", NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "A-37");
	assert_int_equal(r.factors, NAMES | SUPPORTS);
	/* Birth date of one, phone of another, both with that reading: one
	 * pair each, so ambiguous, asking for the postal code (the phone was
	 * given); the postal code of one of them picks that one. */
	r = look(s, "さとうはなこ", NULL, p[37].v[IDENT_DATE], "090-1000-0038", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_AMBIGUOUS);
	assert_int_equal(r.ask, POSTAL);
	assert_int_equal(r.factors, (1u << IDENT_KANA) | (1u << IDENT_DATE) | PHONE);
	r = look(s, "さとうはなこ", NULL, p[37].v[IDENT_DATE], "090-1000-0038", NULL, p[38].v[IDENT_POSTAL]);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "A-38");
	/* 81 share the reading, 30 the birth date: nobody both, and the
	 * reading being in the list is not told. */
	r = look(s, "さとうはなこ", NULL, "1980-05-05", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	snapshot_close(s);
}

/* ---- reading the fields ----------------------------------------------- */

static void each_field_read_for_the_screen(void **state)
{
	struct call_reading r;
	struct ident_result ir;

	(void)state;
	assert_int_equal(call_read(CALL_KANA, "", 0, &r), CALL_EMPTY);
	assert_int_equal(call_read(CALL_BIRTH, "S50.3.1", 7, &r), CALL_READ);
	assert_string_equal(r.canon, "1975-03-01");
	assert_int_equal(call_read(CALL_CARD_DATE, "令和3年5月1日", strlen("令和3年5月1日"), &r), CALL_READ);
	assert_string_equal(r.canon, "2021-05-01");
	assert_int_equal(call_read(CALL_KANA, "シブシ タロウ", strlen("シブシ タロウ"), &r), CALL_READ);
	assert_string_equal(r.canon, "しぶしたろう");
	assert_string_equal(r.msg, "");
	/* The last 4 digits, half- or full-width, in the phone field only. */
	assert_int_equal(call_read(CALL_PHONE, "０００２", strlen("０００２"), &r), CALL_LAST4);
	assert_string_equal(r.canon, "0002");
	assert_non_null(strstr(r.msg, "last 4 digits"));
	assert_int_equal(call_read(CALL_PHONE, "099-472-1111", 12, &r), CALL_READ);
	assert_string_equal(r.canon, "0994721111");
	assert_int_equal(call_read(CALL_POSTAL, "0002", 4, &r), CALL_UNREADABLE);
	/* Not readable: src/ident's reason, word for word. */
	assert_int_equal(call_read(CALL_PHONE, "12", 2, &r), CALL_UNREADABLE);
	assert_int_equal(ident_canon(IDENT_PHONE, "12", 2, &ir), -1);
	assert_string_equal(r.msg, ir.msg);
	assert_string_equal(r.canon, "");
}

static void an_unreadable_field_is_named_with_why(void **state)
{
	struct snapshot *s = snapshot_of("read.db", rows);
	struct call_desk d = { s, NULL, NULL };
	const char *in[CALL_NFIELDS] = { "しぶしたろう", NULL, "yesterday", NULL, NULL, NULL, NULL, NULL };
	static struct call_request q;
	static char longer[CALL_TEXT_MAX + 2];
	struct call_verdict v;
	struct call_reading r;
	struct ident_result ir;
	struct err err = { "" };

	(void)state;
	assert_int_equal(run(&d, in, NULL, &v), 1);
	assert_int_equal(v.field, CALL_BIRTH);
	assert_int_equal(ident_canon(IDENT_DATE, "yesterday", 9, &ir), -1);
	assert_string_equal(v.why, ir.msg);
	/* The first in the form's order. */
	in[CALL_KANA] = "taro";
	in[CALL_REG_DATE] = "2021-02-30";
	assert_int_equal(run(&d, in, NULL, &v), 1);
	assert_int_equal(v.field, CALL_KANA);
	in[CALL_KANA] = "しぶしたろう";
	in[CALL_BIRTH] = "1975-03-01";
	assert_int_equal(run(&d, in, NULL, &v), 1);
	assert_int_equal(v.field, CALL_REG_DATE);
	assert_true(v.why[0]);
	/* Given empty (the command line's --email ''): src/ident's reason. */
	in[CALL_REG_DATE] = NULL;
	in[CALL_EMAIL] = "";
	assert_int_equal(run(&d, in, NULL, &v), 1);
	assert_int_equal(v.field, CALL_EMAIL);
	assert_int_equal(ident_canon(IDENT_EMAIL, "", 0, &ir), -1);
	assert_string_equal(v.why, ir.msg);
	/* Longer than a field holds: too long, as src/ident says it. */
	memset(longer, 'a', sizeof longer - 1);
	request(&q, (const char *[CALL_NFIELDS]){ "しぶしたろう", NULL, "1975-03-01" }, NULL);
	call_request_set(&q, CALL_NAME, longer, sizeof longer - 1);
	assert_int_equal(call_check(&q, &r), CALL_NAME);
	assert_non_null(strstr(r.msg, "too long"));
	assert_int_equal(call_lookup(&d, &q, &v, &err), 1);
	assert_int_equal(v.field, CALL_NAME);
	/* All readable: call_check says so. */
	request(&q, (const char *[CALL_NFIELDS]){ "しぶしたろう", NULL, "1975-03-01" }, NULL);
	assert_int_equal(call_check(&q, &r), -1);
	snapshot_close(s);
}

/* ---- the lookup --------------------------------------------------------- */

static void last4_only_break_a_tie(void **state)
{
	struct snapshot *s = snapshot_of("tie.db", rows);
	struct call_desk d = { s, NULL, NULL };
	const char *in[CALL_NFIELDS] = { "たなかひろし", NULL, "1970-01-01", NULL, NULL, NULL, NULL, NULL };
	struct call_verdict v;

	(void)state;
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_AMBIGUOUS);
	assert_int_equal(v.res.ask, (1u << IDENT_PHONE) | (1u << IDENT_POSTAL));
	assert_string_equal(v.res.person.ref, "");
	/* The digits one of them has: that one. */
	in[CALL_PHONE] = "-０００２";
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_string_equal(v.res.person.ref, "R-4");
	/* The digits are no factor given: the log's kinds do not name them. */
	assert_int_equal(v.given, (1u << IDENT_KANA) | (1u << IDENT_DATE));
	assert_string_equal(v.factors, "kana,date");
	/* Nobody's digits: still ambiguous, nothing disclosed. */
	in[CALL_PHONE] = "9999";
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_AMBIGUOUS);
	assert_string_equal(v.res.person.ref, "");
	/* Never a verification by themselves: a name and the digits. */
	in[CALL_BIRTH] = NULL;
	in[CALL_PHONE] = "0002";
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_PARTIAL);
	assert_string_equal(v.res.person.ref, "");
	assert_int_equal(v.given, 1u << IDENT_KANA);
	/* Nor a "none" turned into anything. */
	in[CALL_KANA] = "だれでもない";
	in[CALL_BIRTH] = "1975-03-01";
	in[CALL_PHONE] = "1111";
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_NONE);
	/* A whole phone is a factor. */
	in[CALL_KANA] = "しぶしたろう";
	in[CALL_BIRTH] = NULL;
	in[CALL_PHONE] = "099-472-1111";
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_string_equal(v.factors, "kana,phone");
	assert_int_equal(strlen(v.snapshot_id), 32);
	assert_int_equal(strlen(v.snapshot_date), 10);
	snapshot_close(s);
}

static const char windows_tsv[] =
	"card\t2021-03-12\t2021-12-29\t7,13\tAsk for the card statement.\n"
	"userinfo\t2019-06-28\t2019-07-05\t14\n";

static void dates_fall_in_the_windows_copied(void **state)
{
	struct snapshot *s = snapshot_of("win.db", rows);
	struct window_set ws;
	struct call_desk d = { s, &ws, NULL };
	const char *in[CALL_NFIELDS] = { "だれでもない", NULL, "1975-03-01", NULL, NULL, NULL,
					 "令和3年5月1日", "2021-12-25" };
	struct call_verdict v;
	struct err err = { "" };
	char note[CALL_NOTE_MAX * 2], tsv[CALL_NOTE_MAX * 3];
	size_t n = 0;
	bool q7 = false;

	(void)state;
	assert_int_equal(window_parse("windows.tsv", windows_tsv, strlen(windows_tsv), &ws, &err), 0);
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_NONE);
	assert_int_equal(v.res.window[WINDOW_CARD], WINDOW_INSIDE);
	assert_int_equal(v.res.window[WINDOW_USERINFO], WINDOW_OUTSIDE);
	assert_string_equal(v.win[WINDOW_CARD].from, "2021-03-12");
	assert_string_equal(v.win[WINDOW_CARD].to, "2021-12-29");
	assert_string_equal(v.win[WINDOW_CARD].note, "Ask for the card statement.");
	assert_string_equal(v.win[WINDOW_USERINFO].from, "");
	/* The verdict points into nothing: it can cross a pipe. */
	assert_null(v.res.window_hit[WINDOW_CARD]);
	assert_null(v.res.window_hit[WINDOW_USERINFO]);
	for (size_t i = 0; i < v.res.nfaq; i++)
		q7 |= v.res.faq[i] == 7;
	assert_true(q7);
	window_set_free(&ws);
	/* A note longer than the verdict holds is cut at a character. */
	for (int i = 0; i < CALL_NOTE_MAX / 3 + 10; i++)
		n += (size_t)snprintf(note + n, sizeof note - n, "あ");
	snprintf(tsv, sizeof tsv, "card\t2021-03-12\t2021-12-29\t7\t%s\n", note);
	assert_int_equal(window_parse("windows.tsv", tsv, strlen(tsv), &ws, &err), 0);
	assert_int_equal(run(&d, in, NULL, &v), 0);
	n = strlen(v.win[WINDOW_CARD].note);
	assert_true(n < CALL_NOTE_MAX && n % 3 == 0 && n > CALL_NOTE_MAX - 4);
	assert_memory_equal(v.win[WINDOW_CARD].note, note, n);
	window_set_free(&ws);
	/* No windows: a date given is outside every one. */
	d.windows = NULL;
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.window[WINDOW_CARD], WINDOW_OUTSIDE);
	in[CALL_CARD_DATE] = in[CALL_REG_DATE] = NULL;
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.window[WINDOW_CARD], WINDOW_NOT_GIVEN);
	snapshot_close(s);
}

/* ---- the lookup event -------------------------------------------------- */

struct events {
	int n;
	char verdict[16], snapshot_id[40], call_uuid[40];
	bool typed;            /* a value typed, or its canonical form, seen */
};

static const char *const typed_values[] = {
	"しぶし", "シブシ", "1975-03-01", "S50.3.1", "0994721111", "099-472-1111", "taro@",
};

static bool contains(const char *b, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(b + i, s, k) == 0)
			return true;
	return false;
}

static int each_event(const struct inq_row *row, void *ctx)
{
	struct events *e = ctx;

	e->n++;
	for (int i = 0; i < row->n; i++) {
		const char *v = row->values[i];

		if (!v)
			continue;
		for (size_t k = 0; k < sizeof typed_values / sizeof typed_values[0]; k++)
			e->typed |= contains(v, (size_t)row->lens[i], typed_values[k]);
		if (strcmp(row->names[i], "verdict") == 0)
			snprintf(e->verdict, sizeof e->verdict, "%s", v);
		else if (strcmp(row->names[i], "snapshot_id") == 0)
			snprintf(e->snapshot_id, sizeof e->snapshot_id, "%s", v);
		else if (strcmp(row->names[i], "call_uuid") == 0)
			snprintf(e->call_uuid, sizeof e->call_uuid, "%s", v);
	}
	return 0;
}

static struct events events_in(const char *log)
{
	struct events e = { 0 };
	struct err err = { "" };

	if (inq_each(log, INQ_LOOKUPS, &(struct inq_filter){ 0 }, each_event, &e, &err))
		fail_msg("inq_each: %s", err.msg);
	return e;
}

static struct inq_log *log_at(const char *log, const char *spool)
{
	struct inq_config cfg = { .path = log, .spool_dir = spool };
	struct inq_log *l;
	struct err err = { "" };

	if (inq_open(&cfg, &l, &err))
		fail_msg("inq_open: %s", err.msg);
	return l;
}

/* Whether the file holds s anywhere (a page the log's rows sit in). */
static bool file_holds(const char *file, const char *s)
{
	FILE *f = fopen(file, "rb");
	static char buf[1 << 20];
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return contains(buf, n, s);
}

static void the_event_holds_no_typed_value(void **state)
{
	struct snapshot *s = snapshot_of("event.db", rows);
	char log[512], spool[512], wal[600], uuid[STAMP_UUID_LEN + 1];
	struct call_desk d = { s, NULL, NULL };
	const char *in[CALL_NFIELDS] = { "シブシ タロウ", NULL, "S50.3.1", "099-472-1111", "taro@example.jp",
					 NULL, NULL, NULL };
	struct call_verdict v;
	struct events e;

	(void)state;
	path(log, sizeof log, "log.db");
	path(spool, sizeof spool, "spool");
	snprintf(wal, sizeof wal, "%s-wal", log);
	mkdir(spool, 0700);
	/* No log in the desk: nothing recorded, and said so. */
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.logged, CALL_NOT_LOGGED);
	d.log = log_at(log, spool);
	stamp_uuid(uuid);
	assert_int_equal(run(&d, in, uuid, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_int_equal(v.logged, CALL_LOGGED);
	assert_string_equal(v.log_why, "");
	e = events_in(log);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.verdict, "verified");
	assert_string_equal(e.snapshot_id, v.snapshot_id);
	assert_string_equal(e.call_uuid, uuid);
	assert_false(e.typed);
	/* Nor anywhere in the file, nor its write-ahead log, where the
	 * event's own values are. */
	assert_true(file_holds(log, v.snapshot_id) || file_holds(wal, v.snapshot_id));
	for (size_t k = 0; k < sizeof typed_values / sizeof typed_values[0]; k++) {
		assert_false(file_holds(log, typed_values[k]));
		assert_false(file_holds(wal, typed_values[k]));
	}
	/* A field that cannot be read: no lookup, no event. */
	in[CALL_BIRTH] = "yesterday";
	assert_int_equal(run(&d, in, uuid, &v), 1);
	assert_int_equal(events_in(log).n, 1);
	inq_close(d.log);
	snapshot_close(s);
}

static void a_call_uuid_that_is_none_is_refused(void **state)
{
	struct snapshot *s = snapshot_of("uuid.db", rows);
	struct call_desk d = { s, NULL, NULL };
	static struct call_request q;
	struct call_verdict v;
	struct err err = { "" };

	(void)state;
	request(&q, (const char *[CALL_NFIELDS]){ "しぶしたろう", NULL, "1975-03-01" }, "not-a-uuid");
	assert_int_equal(call_lookup(&d, &q, &v, &err), -1);
	assert_non_null(strstr(err.msg, "not-a-uuid"));
	/* Upper case is a UUID's form, not the log's: refused before the
	 * lookup runs, not found when its event cannot be written. */
	request(&q, (const char *[CALL_NFIELDS]){ "しぶしたろう", NULL, "1975-03-01" },
		"0F0E7E48-9D3F-4C1B-8A55-6A0D9A0A3C11");
	assert_int_equal(call_lookup(&d, &q, &v, &err), -1);
	assert_non_null(strstr(err.msg, "0F0E7E48"));
	snapshot_close(s);
}

static void an_event_spooled_or_lost_is_said(void **state)
{
	struct snapshot *s = snapshot_of("spool.db", rows);
	char log[512], spool[512], file[512];
	struct call_desk d = { s, NULL, NULL };
	const char *in[CALL_NFIELDS] = { "しぶしたろう", NULL, "1975-03-01", NULL, NULL, NULL, NULL, NULL };
	struct call_verdict v;
	FILE *f;

	(void)state;
	/* A log in a directory that is not there: the event waits in the
	 * spool, the verdict is whole. */
	path(log, sizeof log, "missing/log.db");
	path(spool, sizeof spool, "spool2");
	mkdir(spool, 0700);
	d.log = log_at(log, spool);
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_string_equal(v.res.person.ref, "R-1");
	assert_int_equal(v.logged, CALL_SPOOLED);
	assert_non_null(strstr(v.log_why, spool));
	inq_close(d.log);
	/* And a spool that cannot be written either: written nowhere, said. */
	path(file, sizeof file, "not-a-dir");
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	d.log = log_at(log, file);
	assert_int_equal(run(&d, in, NULL, &v), 0);
	assert_int_equal(v.res.match, LOOKUP_VERIFIED);
	assert_int_equal(v.logged, CALL_LOG_FAILED);
	assert_true(v.log_why[0]);
	inq_close(d.log);
	snapshot_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_field_read_for_the_screen),
		cmocka_unit_test(an_unreadable_field_is_named_with_why),
		cmocka_unit_test(last4_only_break_a_tie),
		cmocka_unit_test(dates_fall_in_the_windows_copied),
		cmocka_unit_test(lookup_agrees_with_the_oracle),
		cmocka_unit_test(lookup_with_long_and_short_lists),
		cmocka_unit_test(the_event_holds_no_typed_value),
		cmocka_unit_test(a_call_uuid_that_is_none_is_refused),
		cmocka_unit_test(an_event_spooled_or_lost_is_said),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
