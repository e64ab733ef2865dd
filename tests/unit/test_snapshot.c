/* The snapshot: key files, import rules, merging, privacy, lookup levels,
 * anti-enumeration, and damaged files.  The lookup against a brute-force
 * oracle runs through the call flow: test_call.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <iconv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lookup.h"
#include "snapshot_import.h"
#include "snapshot_key.h"
#include "snapshot_read.h"

static char dir[256];
static const uint8_t key[SNAPSHOT_KEY_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static const char header[] =
	"ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
	"registered_on,card_exposed,userinfo_exposed,notified_on\n";

/* Three people; 3 and 4 share reading and birth date; 5 is only on a
 * card row without ref, and a second card row without ref joins 1. */
static const char good_rows[] =
	"R-1,志布志 太郎,しぶし たろう,1975-03-01,男,899-7192,\"鹿児島県志布志市志布志町志布志2-1-1\",taro@example.jp,099-472-1111,2019-06-30,0,1,2022-06-10\n"
	"R-1,志布志 太郎,しぶし たろう,,,899-7192,,taro@example.jp,099-472-1111,2021-04-02,1,0,2022-06-10\n"
	"R-2,\"山崎 花子\",\"やまざき はなこ\",1988-07-07,女,8997103,\"有明町, 野井倉\",hanako@example.jp,080-1234-5678,2021-05-05,0,1,\n"
	"R-3,田中 浩,たなか ひろし,1970-01-01,男,892-0816,山下町,h.tanaka@example.com,090-1111-0001,2021-08-01,0,1,\n"
	"R-4,田中 宏,たなか ひろし,1970-01-01,男,150-0001,神宮前,hiroshi.t@example.com,090-1111-0002,2021-09-09,0,1,\n"
	",鮫島 一郎,さめしま いちろう,,,,,ichiro@example.jp,070-2222-3333,2021-07-07,1,0,\n"
	",志布志 太郎,しぶし たろう,,,,,,099-472-1111,2021-11-20,1,0,\n";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/test_snapshot.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
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

struct reports {
	char lines[32][512];
	int n;
};

static void collect(void *ctx, const char *msg)
{
	struct reports *r = ctx;

	if (r->n < 32)
		snprintf(r->lines[r->n], sizeof r->lines[0], "%s", msg);
	r->n++;
}

static bool reported(const struct reports *r, const char *needle)
{
	for (int i = 0; i < r->n && i < 32; i++)
		if (strstr(r->lines[i], needle))
			return true;
	return false;
}

static int import_text(const char *csv, const char *out, struct reports *rep,
		       struct snapshot_summary *sum, struct err *err)
{
	struct csv_text t;
	int rc;

	if (csv_decode("t.csv", csv, strlen(csv), CSV_UTF8, &t, err))
		return -1;
	rc = snapshot_import("t.csv", &t, out, key, NULL, collect, rep, sum, err);
	csv_text_free(&t);
	return rc;
}

static struct snapshot *good_snapshot(char *db, size_t size)
{
	char csv[4096];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct snapshot *s;
	struct err err = { "" };

	path(db, size, "good.db");
	snprintf(csv, sizeof csv, "%s%s", header, good_rows);
	if (access(db, F_OK) != 0 && import_text(csv, db, &rep, &sum, &err) != 0)
		fail_msg("import: %s (%s)", err.msg, rep.n ? rep.lines[0] : "");
	if (snapshot_open(db, key, "test key", &s, &err))
		fail_msg("open: %s", err.msg);
	return s;
}

static int count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* ---- key files ------------------------------------------------------- */

static void key_created_private_and_reloaded(void **state)
{
	char k[512];
	uint8_t a[32], b[32];
	bool created;
	struct stat st;
	struct err err = { "" };

	(void)state;
	path(k, sizeof k, "new.key");
	assert_int_equal(snapshot_key_load(k, true, a, &created, &err), 0);
	assert_true(created);
	assert_int_equal(stat(k, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(snapshot_key_load(k, true, b, &created, &err), 0);
	assert_false(created);
	assert_memory_equal(a, b, 32);
	assert_int_equal(snapshot_key_load(k, false, b, NULL, &err), 0);
	unlink(k);
	assert_int_equal(snapshot_key_load(k, false, b, NULL, &err), -1);
	assert_non_null(strstr(err.msg, k));
}

static void key_readable_by_others_refused(void **state)
{
	char k[512];
	uint8_t a[32];
	struct err err = { "" };

	(void)state;
	path(k, sizeof k, "shared.key");
	assert_int_equal(snapshot_key_load(k, true, a, NULL, &err), 0);
	chmod(k, 0644);
	assert_int_equal(snapshot_key_load(k, false, a, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "readable by others"));
	assert_non_null(strstr(err.msg, "0644"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	chmod(k, 0602);
	assert_int_equal(snapshot_key_load(k, false, a, NULL, &err), -1);
	/* The jump host's operators share the key through their group. */
	chmod(k, 0640);
	assert_int_equal(snapshot_key_load(k, false, a, NULL, &err), 0);
	unlink(k);
}

static void key_with_bad_content_refused(void **state)
{
	char k[512];
	uint8_t a[32];
	struct err err = { "" };
	FILE *f;

	(void)state;
	path(k, sizeof k, "bad.key");
	f = fopen(k, "w");
	fputs("not a key\n", f);
	fclose(f);
	chmod(k, 0600);
	assert_int_equal(snapshot_key_load(k, false, a, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "64 hex digits"));
	unlink(k);
}

/* ---- import ---------------------------------------------------------- */

static void import_summary_and_merging(void **state)
{
	char csv[4096], db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	path(db, sizeof db, "merge.db");
	snprintf(csv, sizeof csv, "%s%s", header, good_rows);
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), 0);
	assert_int_equal(rep.n, 0);
	assert_int_equal(sum.rows, 7);
	assert_int_equal(sum.persons, 5);       /* R-1 (3 rows), R-2, R-3, R-4, 鮫島 */
	assert_int_equal(sum.card_records, 3);
	assert_int_equal(sum.card_persons, 2);
	assert_int_equal(sum.userinfo_persons, 4);
	unlink(db);
}

static void columns_in_any_order_and_crlf(void **state)
{
	const char csv[] =
		"\xEF\xBB\xBFuserinfo_exposed,card_exposed,phone,Address, kana \r\n"
		"1,0,099-472-1111,,しぶしたろう\r\n"
		"\r\n"
		",,,,\r\n"
		"\"1\",1,0994721112,\"志布志\r\n\"\"2-1\"\"\",\"しぶしじろう\"\r\n";
	char db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	path(db, sizeof db, "order.db");
	if (import_text(csv, db, &rep, &sum, &err))
		fail_msg("%s: %s", err.msg, rep.lines[0]);
	assert_int_equal(sum.persons, 2);
	assert_int_equal(sum.rows, 2);
	unlink(db);
}

static void every_bad_row_reported_and_nothing_written(void **state)
{
	char csv[4096], db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	snprintf(csv, sizeof csv, "%s%s", header,
		 "R-1,志布志 太郎,しぶしたろう,1975-03-01,,,,,,,0,1,\n"          /* 2: good */
		 "R-2,,,1975-03-01,,,,,,,0,1,\n"                                /* 3: no name */
		 "R-3,山田 一,やまだはじめ,,,,,,,,0,1,\n"                       /* 4: no support */
		 "R-4,山田 二,やまだじろう,1975-13-45,,,,,,,0,1,\n"             /* 5: bad date */
		 "R-5,山田 三,やまださぶろう,1975-03-01,,,,,,,2,1,\n"           /* 6: bad flag */
		 "R-6,山田 四,やまだしろう,1975-03-01,,,,,,\n"                  /* 7: short row */
		 "R-1,志布志 太郎,しぶしたろう,1975-03-02,,,,,,,1,0,\n"         /* 8: contradicts 2 */
		 "R-7,山田 五,やまだごろう,,,,,,12,,0,1,\n");                   /* 9: bad phone */
	path(db, sizeof db, "bad.db");
	int before = count_files();
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "7 bad rows"));
	assert_true(reported(&rep, "line 3: kana:"));
	assert_true(reported(&rep, "line 4: birth_date:"));
	assert_true(reported(&rep, "line 5: birth_date:"));
	assert_true(reported(&rep, "line 6: card_exposed:"));
	assert_true(reported(&rep, "line 7: 10 fields, but the header has 13"));
	assert_true(reported(&rep, "line 8: birth_date: differs from line 2"));
	assert_true(reported(&rep, "line 9: phone:"));
	assert_int_equal(access(db, F_OK), -1);
	assert_int_equal(count_files(), before);
}

static int import_new_key(const char *csv, const char *out, const char *k, const uint8_t nk[32],
			  struct err *err)
{
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct csv_text t;
	int rc;

	if (csv_decode("t.csv", csv, strlen(csv), CSV_UTF8, &t, err))
		return -1;
	rc = snapshot_import("t.csv", &t, out, nk, k, collect, &rep, &sum, err);
	csv_text_free(&t);
	return rc;
}

/* A new key reaches the disk only with its snapshot: a failed import
 * leaves neither, a good one both, and an existing file is never
 * overwritten by the key. */
static void new_key_written_only_with_the_snapshot(void **state)
{
	char csv[4096], db[512], k[512], nodir[512];
	uint8_t nk[32], back[32];
	bool is_new;
	struct snapshot *s;
	struct stat st;
	struct err err = { "" };
	FILE *f;

	(void)state;
	path(db, sizeof db, "nk.db");
	path(k, sizeof k, "nk.key");
	path(nodir, sizeof nodir, "nodir/nk.key");
	assert_int_equal(snapshot_key_prepare(k, nk, &is_new, &err), 0);
	assert_true(is_new);
	assert_int_equal(access(k, F_OK), -1);
	snprintf(csv, sizeof csv, "%sR-1,,,1975-03-01,,,,,,,0,1,\n", header);
	assert_int_equal(import_new_key(csv, db, k, nk, &err), -1);
	assert_int_equal(access(k, F_OK), -1);
	assert_int_equal(access(db, F_OK), -1);
	snprintf(csv, sizeof csv, "%s%s", header, good_rows);
	assert_int_equal(import_new_key(csv, db, nodir, nk, &err), -1);
	assert_non_null(strstr(err.msg, "the directory"));
	assert_non_null(strstr(err.msg, "does not exist"));
	assert_int_equal(access(db, F_OK), -1);
	assert_int_equal(import_new_key(csv, db, k, nk, &err), 0);
	assert_int_equal(stat(k, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(snapshot_key_prepare(k, back, &is_new, &err), 0);
	assert_false(is_new);
	assert_memory_equal(nk, back, 32);
	assert_int_equal(snapshot_open(db, back, k, &s, &err), 0);
	snapshot_close(s);
	unlink(db);
	/* Something put there meanwhile stays, and no snapshot is written. */
	assert_int_equal(import_new_key(csv, db, k, nk, &err), -1);
	assert_non_null(strstr(err.msg, "cannot create"));
	assert_int_equal(access(db, F_OK), -1);
	unlink(k);
	f = fopen(k, "w");
	fputs("mine\n", f);
	fclose(f);
	assert_int_equal(import_new_key(csv, db, k, nk, &err), -1);
	assert_int_equal(stat(k, &st), 0);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(access(db, F_OK), -1);
	unlink(k);
}

/* The summary counts rows, not errors: a row with four faults is one bad
 * row, and a row contradicting an earlier one by ref is counted once. */
static void summary_counts_rows_not_errors(void **state)
{
	char db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	path(db, sizeof db, "rows.db");
	assert_int_equal(import_text("ref,name,kana,birth_date,phone,card_exposed,userinfo_exposed\n"
				     "R-1,山田 一,やまだはじめ,1975-13-45,12,2,x\n", db, &rep, &sum, &err), -1);
	assert_int_equal(rep.n, 4);
	assert_non_null(strstr(err.msg, "4 errors in 1 row; nothing was written"));
	rep.n = 0;
	assert_int_equal(import_text("ref,name,kana,birth_date,phone,card_exposed,userinfo_exposed\n"
				     "R-1,山田 一,やまだはじめ,1975-13-45,12,0,1\n"
				     "R-2,山田 二,やまだじろう,1975-13-45,12,0,1\n"
				     "R-3,山田 三,やまださぶろう,1975-03-01,,0,1\n"
				     "R-3,山田 三,やまださぶろう,1975-03-02,099-472-1111,0,1\n", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "5 errors in 3 rows; nothing was written"));
	rep.n = 0;
	assert_int_equal(import_text("ref,name,kana,birth_date,phone,card_exposed,userinfo_exposed\n"
				     "R-1,山田 一,やまだはじめ,1975-03-01,,3,1\n", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "1 bad row; nothing was written"));
	assert_int_equal(access(db, F_OK), -1);
}

static void header_errors(void **state)
{
	char db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	path(db, sizeof db, "hdr.db");
	assert_int_equal(import_text("ref,kana,birthday,card_exposed,userinfo_exposed\n", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "unknown column 'birthday'"));
	assert_int_equal(import_text("ref,kana,card_exposed,userinfo_exposed\n", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "birth_date"));
	assert_int_equal(import_text("kana,kana,phone,card_exposed,userinfo_exposed\n", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "twice"));
	assert_int_equal(import_text("", db, &rep, &sum, &err), -1);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(access(db, F_OK), -1);
}

static void unreffed_row_matching_two_people_is_an_error(void **state)
{
	char csv[4096], db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	snprintf(csv, sizeof csv, "%s%s", header,
		 "R-3,,たなかひろし,1970-01-01,,,,,090-1111-0001,,0,1,\n"
		 "R-4,,たなかひろし,1970-01-01,,,,,090-1111-0002,,0,1,\n"
		 ",,たなかひろし,1970-01-01,,,,,,,1,0,\n");
	path(db, sizeof db, "twins.db");
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), -1);
	assert_true(reported(&rep, "line 4: ref: could be the person of line 2 or of line 3"));
}

static void unreffed_rows_join_only_when_all_shared_equal(void **state)
{
	char csv[4096], db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	snprintf(csv, sizeof csv, "%s%s", header,
		 ",,たなかひろし,1970-01-01,,,,,090-1111-0001,,0,1,\n"
		 ",,たなかひろし,1970-01-01,,,,,090-1111-0002,,0,1,\n"   /* phone differs: another */
		 ",,たなかひろし,,,,,,090-1111-0001,,1,0,\n"             /* joins line 2 */
		 ",,たなかひろし,1970-01-01,,,,,,,1,0,\n");              /* could be 2 or 3 */
	path(db, sizeof db, "join.db");
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), -1);
	assert_int_equal(rep.n, 1);
	assert_true(reported(&rep, "line 5:"));
	snprintf(csv, sizeof csv, "%s%s", header,
		 ",,たなかひろし,1970-01-01,,,,,090-1111-0001,,0,1,\n"
		 ",,たなかひろし,1970-01-01,,,,,090-1111-0002,,0,1,\n"
		 ",,たなかひろし,,,,,,090-1111-0001,,1,0,\n");
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), 0);
	assert_int_equal(sum.persons, 2);
	assert_int_equal(sum.card_persons, 1);
	unlink(db);
}

/* More rows without ref than the import scans for: the pair index must
 * reach the same decisions. */
static void many_unreffed_rows_use_the_index(void **state)
{
	char csv[16384], db[512];
	size_t o;
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct err err = { "" };

	(void)state;
	o = (size_t)snprintf(csv, sizeof csv, "%s", header);
	for (int i = 0; i < 40; i++)
		o += (size_t)snprintf(csv + o, sizeof csv - o, ",,たなかひろし,,,,,,090-2000-%04d,,0,1,\n", i);
	o += (size_t)snprintf(csv + o, sizeof csv - o, "%s",
			      ",,たなかひろし,1970-01-01,,,,,090-2000-0007,,1,0,\n"   /* joins line 9 */
			      ",,たなかひろし,1970-01-01,,,,,,,1,0,\n"                /* joins line 9 by birth */
			      ",,たなかひろし,,,,,,090-2000-0008,,1,0,\n");           /* joins line 10 */
	path(db, sizeof db, "many.db");
	if (import_text(csv, db, &rep, &sum, &err))
		fail_msg("%s: %s", err.msg, rep.lines[0]);
	assert_int_equal(sum.persons, 40);
	assert_int_equal(sum.card_persons, 2);
	assert_int_equal(sum.card_records, 3);
	o += (size_t)snprintf(csv + o, sizeof csv - o, "%s",
			      ",,たなかひろし,1970-01-01,,,,,090-2000-0009,,1,0,\n"   /* joins line 11 */
			      ",,たなかひろし,1970-01-01,,,,,,,1,0,\n");              /* 9 or 11 */
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), -1);
	assert_int_equal(rep.n, 1);
	assert_true(reported(&rep, "line 46: ref: could be the person of line 9 or of line 11"));
	unlink(db);
}

/* ---- privacy --------------------------------------------------------- */

static bool contains(const uint8_t *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || m > n)
		return false;
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

/* Looks for s in UTF-8, CP932, UTF-16LE and UTF-16BE. */
static void assert_absent(const uint8_t *file, size_t n, const char *s)
{
	static const char *const encs[] = { "CP932", "UTF-16LE", "UTF-16BE" };

	if (contains(file, n, s, strlen(s)))
		fail_msg("the snapshot contains '%s' in UTF-8", s);
	for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
		char out[512], *ip = (char *)s, *op = out;
		size_t il = strlen(s), ol = sizeof out;
		iconv_t cd = iconv_open(encs[e], "UTF-8");

		if (cd == (iconv_t)-1)
			fail_msg("no iconv for %s", encs[e]);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			iconv_close(cd);
			continue;          /* not representable in this encoding */
		}
		iconv_close(cd);
		if (contains(file, n, out, sizeof out - ol))
			fail_msg("the snapshot contains '%s' in %s", s, encs[e]);
	}
}

static void snapshot_holds_nothing_readable(void **state)
{
	static const char *const values[] = {
		"志布志", "太郎", "志布志 太郎", "志布志太郎", "しぶし", "しぶしたろう", "シブシタロウ",
		"山崎", "花子", "やまざき", "やまざきはなこ", "田中", "たなかひろし", "鮫島", "さめしま",
		"1975-03-01", "19750301", "1975/3/1", "1975/03/01", "昭和50年3月1日", "S50.3.1",
		"1988-07-07", "19880707", "昭和63年7月7日", "1970-01-01", "19700101", "昭和45年1月1日",
		"099-472-1111", "0994721111", "080-1234-5678", "08012345678", "09011110001",
		"0701222", "07022223333", "taro@example.jp", "hanako@example.jp", "example",
		"899-7192", "8997192", "8997103", "892-0816", "8920816", "1500001",
		"鹿児島県", "有明町", "野井倉", "山下町", "神宮前", "男", "女",
	};
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	FILE *f = fopen(db, "rb");
	uint8_t *buf = malloc(1 << 22);
	size_t n = fread(buf, 1, 1 << 22, f);

	(void)state;
	fclose(f);
	snapshot_close(s);
	assert_true(n > 1000);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_absent(buf, n, values[i]);
	/* …while what may be kept is there: the proof the scan reads the file. */
	assert_true(contains(buf, n, "R-1", 3));
	assert_true(contains(buf, n, "1111", 4));
	free(buf);
}

/* ---- lookup ---------------------------------------------------------- */

static struct lookup_result look(struct snapshot *s, const char *kana, const char *name,
				 const char *birth, const char *phone, const char *email,
				 const char *postal)
{
	const char *in[IDENT_NKINDS] = { kana, name, birth, phone, email, postal };
	struct ident_result res[IDENT_NKINDS];
	struct lookup_query q = { { NULL }, NULL };
	struct lookup_result r;
	struct err err = { "" };

	for (int k = 0; k < IDENT_NKINDS; k++) {
		if (!in[k])
			continue;
		if (ident_canon((enum ident_kind)k, in[k], strlen(in[k]), &res[k]))
			fail_msg("ident %s: %s", in[k], res[k].msg);
		q.canon[k] = res[k].canon;
	}
	if (lookup_run(s, &q, &r, &err))
		fail_msg("lookup: %s", err.msg);
	return r;
}

static void verified_discloses(void **state)
{
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result r = look(s, "しぶしたろう", NULL, "1975-03-01", NULL, NULL, NULL);

	(void)state;
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-1");
	assert_int_equal(r.person.card_records, 2);
	assert_true(r.person.userinfo);
	assert_int_equal(r.factors, (1u << IDENT_KANA) | (1u << IDENT_DATE));
	assert_true(r.exposed_items & SNAPSHOT_ITEM_CARD);
	assert_true(r.exposed_items & SNAPSHOT_ITEM_ADDRESS);
	assert_int_equal(r.nfaq, 3);
	assert_int_equal(r.faq[0], 7);
	assert_int_equal(r.faq[1], 13);
	assert_int_equal(r.faq[2], 14);
	assert_string_equal(r.person.notified_on, "2022-06-10");
	assert_string_equal(r.person.registered_on, "2019-06-30");

	r = look(s, NULL, "志布志太郎", NULL, "0994721111", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	r = look(s, NULL, "鮫島一郎", NULL, NULL, "ichiro@example.jp", NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_false(r.person.userinfo);
	assert_int_equal(r.exposed_items, SNAPSHOT_ITEM_CARD);
	assert_int_equal(r.nfaq, 2);
	r = look(s, "やまざきはなこ", NULL, NULL, "080-1234-5678", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_int_equal(r.nfaq, 1);
	assert_int_equal(r.faq[0], 14);
	assert_false(r.exposed_items & SNAPSHOT_ITEM_CARD);
	snapshot_close(s);
}

static void ambiguous_and_postal_tie_break(void **state)
{
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result r = look(s, "たなかひろし", NULL, "1970-01-01", NULL, NULL, NULL);

	(void)state;
	assert_int_equal(r.match, LOOKUP_AMBIGUOUS);
	assert_int_equal(r.nhints, 2);
	assert_string_equal(r.hints[0], "0001");
	assert_string_equal(r.hints[1], "0002");
	assert_string_equal(r.person.ref, "");
	assert_int_equal(r.nfaq, 0);
	r = look(s, "たなかひろし", NULL, "1970-01-01", NULL, NULL, "150-0001");
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-4");
	r = look(s, "たなかひろし", NULL, NULL, "090-1111-0001", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-3");
	/* Saying more never makes it worse: the birth date both share and the
	 * phone only one has is that one (it stayed ambiguous before). */
	r = look(s, "たなかひろし", NULL, "1970-01-01", "090-1111-0001", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-3");
	assert_int_equal(r.factors, (1u << IDENT_KANA) | (1u << IDENT_DATE) | (1u << IDENT_PHONE));
	snapshot_close(s);
}

static void partial_and_none(void **state)
{
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result r;

	(void)state;
	/* The name matches, the birth date is not theirs: ask for another item. */
	r = look(s, "しぶしたろう", NULL, "1975-03-02", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_PARTIAL);
	assert_int_equal(r.ask, (1u << IDENT_PHONE) | (1u << IDENT_EMAIL));
	assert_string_equal(r.person.ref, "");
	/* The phone belongs to someone else: the phone alone never makes it
	 * partial, so the caller learns nothing about that number. */
	r = look(s, "やまだはなこ", NULL, NULL, "099-472-1111", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	assert_int_equal(r.nfaq, 2);
	assert_int_equal(r.faq[0], 13);
	assert_int_equal(r.faq[1], 14);
	r = look(s, "しぶしじろう", NULL, "1975-03-01", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	snapshot_close(s);
}

/* The last 4 digits the ambiguous verdict asks for: they tell apart the
 * persons who verified, and do nothing else. */
static struct lookup_result look_last4(struct snapshot *s, const char *kana, const char *birth,
				       const char *last4)
{
	struct ident_result res[2];
	struct lookup_query q = { { NULL }, last4 };
	struct lookup_result r;
	struct err err = { "" };

	if (kana && ident_canon(IDENT_KANA, kana, strlen(kana), &res[0]) == 0)
		q.canon[IDENT_KANA] = res[0].canon;
	if (birth && ident_canon(IDENT_DATE, birth, strlen(birth), &res[1]) == 0)
		q.canon[IDENT_DATE] = res[1].canon;
	if (lookup_run(s, &q, &r, &err))
		fail_msg("lookup: %s", err.msg);
	return r;
}

static void last4_tells_apart_and_nothing_more(void **state)
{
	char db[512], d[5];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result r;

	(void)state;
	r = look_last4(s, "たなかひろし", "1970-01-01", "0002");
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-4");
	r = look_last4(s, "たなかひろし", "1970-01-01", "0001");
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "R-3");
	/* Digits neither has: still ambiguous, nothing disclosed. */
	r = look_last4(s, "たなかひろし", "1970-01-01", "9999");
	assert_int_equal(r.match, LOOKUP_AMBIGUOUS);
	assert_string_equal(r.person.ref, "");
	/* Never a verifying factor: with the name alone it stays partial,
	 * with a wrong birth date too. */
	r = look_last4(s, "たなかひろし", NULL, "0001");
	assert_int_equal(r.match, LOOKUP_PARTIAL);
	r = look_last4(s, "たなかひろし", "1970-01-02", "0001");
	assert_int_equal(r.match, LOOKUP_PARTIAL);
	assert_string_equal(r.person.ref, "");
	r = look_last4(s, "だれでもない", "1970-01-01", "0001");
	assert_int_equal(r.match, LOOKUP_NONE);
	snapshot_close(s);

	assert_int_equal(lookup_phone_last4("0001", 4, d), 0);
	assert_string_equal(d, "0001");
	assert_int_equal(lookup_phone_last4("-０００２", strlen("-０００２"), d), 0);
	assert_string_equal(d, "0002");
	assert_int_equal(lookup_phone_last4("001", 3, d), -1);
	assert_int_equal(lookup_phone_last4("00012", 5, d), -1);
	assert_int_equal(lookup_phone_last4("0a01", 4, d), -1);
	assert_int_equal(lookup_phone_last4("", 0, d), -1);
}

/* "none" says to ask for the whole reading when the one given looks like
 * the surname alone; a whole reading that matches nobody does not. */
static void none_with_a_surname_asks_for_the_whole_reading(void **state)
{
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result r;

	(void)state;
	r = look(s, "しぶし", NULL, "1975-03-01", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	assert_int_equal(r.ask, 1u << IDENT_KANA);
	assert_string_equal(r.person.ref, "");
	r = look(s, NULL, "田中", NULL, "090-1111-0001", NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	assert_int_equal(r.ask, 1u << IDENT_NAME);
	r = look(s, "しぶしじろう", NULL, "1975-03-01", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	assert_int_equal(r.ask, 0);
	snapshot_close(s);
}

/* A reading registered with う, お, い or え after the vowel it lengthens
 * is found from the ー a caller writes for it, at every mark at once (the
 * canonical form writes each long vowel one way, src/kana), and ー never
 * stands for anything else or for nothing. */
static void long_vowel_stands_for_its_kana(void **state)
{
	static const char rows[] =
		"L-1,斎藤 祥子,さいとう しょうこ,1965-11-23,女,899-7103,,,,2021-01-01,0,1,\n"
		"L-2,結城 恵子,ゆうき けいこ,1966-01-02,女,899-7103,,,,2021-01-01,0,1,\n"
		"L-3,大野 浩二,おおの こうじ,1967-02-03,男,899-7103,,,,2021-01-01,0,1,\n";
	char csv[2048], db[512];
	struct reports rep = { .n = 0 };
	struct snapshot_summary sum;
	struct snapshot *s;
	struct err err = { "" };
	struct lookup_result r;

	(void)state;
	path(db, sizeof db, "long.db");
	snprintf(csv, sizeof csv, "%s%s", header, rows);
	assert_int_equal(import_text(csv, db, &rep, &sum, &err), 0);
	assert_int_equal(snapshot_open(db, key, "test key", &s, &err), 0);
	r = look(s, "サイトーショーコ", NULL, "1965-11-23", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "L-1");
	r = look(s, "ユーキケーコ", NULL, "1966-01-02", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "L-2");
	r = look(s, "おーのこーじ", NULL, "1967-02-03", NULL, NULL, NULL);      /* お, then う */
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	assert_string_equal(r.person.ref, "L-3");
	r = look(s, "さいとうしょうこ", NULL, "1965-11-23", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	/* お for う after an o-row kana is the same sound (issue 14). */
	r = look(s, "さいとおしょうこ", NULL, "1965-11-23", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_VERIFIED);
	/* ー after い is only い: ゆいーき (ゆいいき) is not ゆうき. */
	r = look(s, "ゆいーきけいこ", NULL, "1966-01-02", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_NONE);
	/* The reading still needs its supporting factor. */
	r = look(s, "サイトーショーコ", NULL, "1965-11-24", NULL, NULL, NULL);
	assert_int_equal(r.match, LOOKUP_PARTIAL);
	snapshot_close(s);
}

static void one_factor_never_discloses(void **state)
{
	char db[512];
	struct snapshot *s = good_snapshot(db, sizeof db);
	struct lookup_result in, out;
	const char *known[IDENT_NKINDS] = { "しぶしたろう", "志布志太郎", "1975-03-01",
					    "099-472-1111", "taro@example.jp", "899-7192" };
	const char *unknown[IDENT_NKINDS] = { "だれでもない", "誰某", "1901-01-01",
					      "011-111-1111", "nobody@example.org", "100-0001" };

	(void)state;
	for (int k = 0; k < IDENT_NKINDS; k++) {
		const char *a[IDENT_NKINDS] = { NULL }, *b[IDENT_NKINDS] = { NULL };

		a[k] = known[k];
		b[k] = unknown[k];
		in = look(s, a[0], a[1], a[2], a[3], a[4], a[5]);
		out = look(s, b[0], b[1], b[2], b[3], b[4], b[5]);
		assert_int_equal(in.match, LOOKUP_PARTIAL);
		assert_int_equal(in.factors, 0);
		assert_memory_equal(&in, &out, sizeof in);
	}
	/* A name and a postal code are not enough either. */
	in = look(s, "しぶしたろう", NULL, NULL, NULL, NULL, "899-7192");
	out = look(s, "だれでもない", NULL, NULL, NULL, NULL, "100-0001");
	assert_int_equal(in.match, LOOKUP_PARTIAL);
	assert_memory_equal(&in, &out, sizeof in);
	snapshot_close(s);
}

/* ---- damaged snapshots ----------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static void open_fails_with(const char *db, const uint8_t *k, const char *needle)
{
	struct snapshot *s;
	struct err err = { "" };

	if (snapshot_open(db, k, "K", &s, &err) == 0) {
		snapshot_close(s);
		fail_msg("%s opened; expected an error with '%s'", db, needle);
	}
	if (!strstr(err.msg, needle))
		fail_msg("error '%s' lacks '%s'", err.msg, needle);
	if (strchr(err.msg, '\n'))
		fail_msg("error '%s' is not one line", err.msg);
}

static void wrong_key(void **state)
{
	char db[512];
	uint8_t other[SNAPSHOT_KEY_BYTES] = { 9 };

	(void)state;
	snapshot_close(good_snapshot(db, sizeof db));
	open_fails_with(db, other, "does not match");
}

static void missing_truncated_and_foreign_files(void **state)
{
	char db[512], bad[512], cmd[1200];
	FILE *f;

	(void)state;
	snapshot_close(good_snapshot(db, sizeof db));
	path(bad, sizeof bad, "nope.db");
	open_fails_with(bad, key, "does not exist");

	path(bad, sizeof bad, "trunc.db");
	copy_file(db, bad);
	snprintf(cmd, sizeof cmd, "truncate -s 5000 '%s'", bad);
	assert_int_equal(system(cmd), 0);
	open_fails_with(bad, key, "truncated");
	snprintf(cmd, sizeof cmd, "truncate -s 50 '%s'", bad);
	assert_int_equal(system(cmd), 0);
	open_fails_with(bad, key, "not a madoguchi snapshot");

	path(bad, sizeof bad, "text.db");
	f = fopen(bad, "w");
	fputs("ref,name\nR-1,x\n", f);
	fclose(f);
	open_fails_with(bad, key, "not a madoguchi snapshot");

	path(bad, sizeof bad, "empty.db");
	f = fopen(bad, "w");
	fclose(f);
	open_fails_with(bad, key, "not a madoguchi snapshot");
}

/* A copy of the good snapshot db with sql run on it, expected to be
 * refused with a message containing want. */
static void tampered_fails(const char *db, const char *name, const char *sql, const char *want)
{
	char other[512];
	sqlite3 *h;

	path(other, sizeof other, name);
	copy_file(db, other);
	assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, 0, 0, 0), 0);
	sqlite3_close(h);
	open_fails_with(other, key, want);
}

static void other_schema_version_and_foreign_sqlite(void **state)
{
	char db[512], other[512];
	sqlite3 *h;

	(void)state;
	snapshot_close(good_snapshot(db, sizeof db));
	tampered_fails(db, "v99.db", "UPDATE meta SET v='99' WHERE k='schema_version'", "schema version 99");
	/* Imported under other identifier rules, or before they were
	 * recorded: a lookup could miss a person, so it is refused. */
	tampered_fails(db, "rules.db", "UPDATE meta SET v='0123456789abcdef' WHERE k='ident_rules'",
		       "imported under other identifier rules (0123456789abcdef");
	tampered_fails(db, "norules.db", "DELETE FROM meta WHERE k='ident_rules'",
		       "imported under other identifier rules (older");

	path(other, sizeof other, "foreign.db");
	assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES(1)", 0, 0, 0), 0);
	sqlite3_close(h);
	open_fails_with(other, key, "not a madoguchi snapshot");
}

static void overwritten_bytes_are_noticed(void **state)
{
	char db[512], bad[512];
	struct snapshot *s;
	struct err err = { "" };
	uint8_t *buf = malloc(1 << 20);
	size_t n;
	FILE *f;

	(void)state;
	snapshot_close(good_snapshot(db, sizeof db));
	path(bad, sizeof bad, "flipped.db");
	f = fopen(db, "rb");
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	/* Change a stored value (the ref "R-2") and, separately, the header. */
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(buf + i, "R-2", 3) == 0)
			buf[i + 2] = '9';
	f = fopen(bad, "wb");
	fwrite(buf, 1, n, f);
	fclose(f);
	assert_int_equal(snapshot_open(bad, key, "K", &s, &err), 0);
	assert_int_equal(snapshot_check(s, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	snapshot_close(s);

	memcpy(buf, "\x13\x37garbage garbage", 16);
	f = fopen(bad, "wb");
	fwrite(buf, 1, n, f);
	fclose(f);
	open_fails_with(bad, key, "not a madoguchi snapshot");

	/* An intact snapshot passes the full check. */
	assert_int_equal(snapshot_open(db, key, "K", &s, &err), 0);
	assert_int_equal(snapshot_check(s, &err), 0);
	assert_int_equal(snapshot_get_info(s)->persons, 5);
	assert_int_equal(snapshot_get_info(s)->schema, SNAPSHOT_SCHEMA);
	snapshot_close(s);
	free(buf);
}

/* Rewrites every digest bucket of db with f (the blob, its length). */
static void rewrite_buckets(const char *db, void (*f)(uint8_t *, int *))
{
	sqlite3 *h;
	sqlite3_stmt *get, *put;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT bucket, entries FROM digest", -1, &get, NULL), 0);
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE digest SET entries = ?2 WHERE bucket = ?1", -1,
					    &put, NULL), 0);
	sqlite3_exec(h, "BEGIN", 0, 0, 0);
	while (sqlite3_step(get) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(get, 1);
		uint8_t *b = malloc(2 * (size_t)n + 1);

		memcpy(b, sqlite3_column_blob(get, 1), (size_t)n);
		f(b, &n);
		sqlite3_bind_int64(put, 1, sqlite3_column_int64(get, 0));
		sqlite3_bind_blob(put, 2, b, n, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(put), SQLITE_DONE);
		sqlite3_reset(put);
		free(b);
	}
	sqlite3_exec(h, "COMMIT", 0, 0, 0);
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_close(h);
}

/* Each bucket cut after its first digest and count: the ids are missing. */
static void cut_ids(uint8_t *b, int *n)
{
	(void)b;
	if (*n > 17)
		*n = 17;
}

/* In each bucket (a few persons: counts below 128, one byte), the ids of
 * each digest in descending order, a single one made 0. */
static void unsort_ids(uint8_t *b, int *n)
{
	for (int at = 0; at + 17 <= *n;) {
		int c = b[at + 16];
		uint8_t *ids = b + at + 17;

		if (c == 1)
			memset(ids, 0, 4);
		for (int i = 0; i < c / 2; i++)
			for (int j = 0; j < 4; j++) {
				uint8_t t = ids[4 * i + j];

				ids[4 * i + j] = ids[4 * (c - 1 - i) + j];
				ids[4 * (c - 1 - i) + j] = t;
			}
		at += 17 + 4 * c;
	}
}

/* Each bucket's first digest again at its end: digests out of order (the
 * looked-up one may come first, so only a whole walk notices). */
static void repeat_first(uint8_t *b, int *n)
{
	int len = 17 + 4 * b[16];

	if (len > *n)
		return;
	memcpy(b + *n, b, (size_t)len);
	*n += len;
}

static void malformed_buckets_are_damage(void **state)
{
	char db[512], bad[512];
	void (*how[])(uint8_t *, int *) = { cut_ids, unsort_ids, repeat_first };

	(void)state;
	snapshot_close(good_snapshot(db, sizeof db));
	for (size_t i = 0; i < sizeof how / sizeof how[0]; i++) {
		const char *canon[IDENT_NKINDS] = { "しぶしたろう", NULL, "1975-03-01" };
		struct lookup_query q;
		struct lookup_result r;
		struct snapshot *s;
		struct err err = { "" };

		path(bad, sizeof bad, "buckets.db");
		copy_file(db, bad);
		rewrite_buckets(bad, how[i]);
		memcpy(q.canon, canon, sizeof canon);
		assert_int_equal(snapshot_open(bad, key, "K", &s, &err), 0);
		assert_int_equal(lookup_run(s, &q, &r, &err), -1);
		assert_non_null(strstr(err.msg, "damaged (a digest bucket is malformed)"));
		assert_int_equal(r.match, LOOKUP_NONE);
		assert_int_equal(snapshot_check(s, &err), -1);
		snapshot_close(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_created_private_and_reloaded),
		cmocka_unit_test(key_readable_by_others_refused),
		cmocka_unit_test(key_with_bad_content_refused),
		cmocka_unit_test(import_summary_and_merging),
		cmocka_unit_test(columns_in_any_order_and_crlf),
		cmocka_unit_test(every_bad_row_reported_and_nothing_written),
		cmocka_unit_test(summary_counts_rows_not_errors),
		cmocka_unit_test(new_key_written_only_with_the_snapshot),
		cmocka_unit_test(header_errors),
		cmocka_unit_test(unreffed_row_matching_two_people_is_an_error),
		cmocka_unit_test(unreffed_rows_join_only_when_all_shared_equal),
		cmocka_unit_test(many_unreffed_rows_use_the_index),
		cmocka_unit_test(snapshot_holds_nothing_readable),
		cmocka_unit_test(verified_discloses),
		cmocka_unit_test(ambiguous_and_postal_tie_break),
		cmocka_unit_test(partial_and_none),
		cmocka_unit_test(last4_tells_apart_and_nothing_more),
		cmocka_unit_test(none_with_a_surname_asks_for_the_whole_reading),
		cmocka_unit_test(long_vowel_stands_for_its_kana),
		cmocka_unit_test(one_factor_never_discloses),
		cmocka_unit_test(wrong_key),
		cmocka_unit_test(missing_truncated_and_foreign_files),
		cmocka_unit_test(other_schema_version_and_foreign_sqlite),
		cmocka_unit_test(overwritten_bytes_are_noticed),
		cmocka_unit_test(malformed_buckets_are_damage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
