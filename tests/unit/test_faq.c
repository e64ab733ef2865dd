/*
 * Unit tests of src/faq, faq_syn, faq_phrase, faq_vocab, faq_reading and
 * faq_search: the real faq/ against the seed it came from, every loader
 * error on a bad file, search ranking, folding and readings through
 * search, sentences cut into words, phrases, and the match spans.  Run
 * from the top of the tree (tests/run.sh does).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faq.h"
#include "faq_phrase.h"
#include "faq_reading.h"
#include "faq_search.h"
#include "faq_syn.h"
#include "faq_vocab.h"
#include "reading.h"
#include "text_wrap.h"

#define SYN "data/synonyms.tsv"

/* ---- helpers ---- */

struct tmpdir {
	char path[64];
};

static void tmp_make(struct tmpdir *t)
{
	strcpy(t->path, "/tmp/test_faq.XXXXXX");
	assert_non_null(mkdtemp(t->path));
}

static void tmp_write(const struct tmpdir *t, const char *name, const char *buf, size_t n)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", t->path, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
}

static void tmp_puts(const struct tmpdir *t, const char *name, const char *s)
{
	tmp_write(t, name, s, strlen(s));
}

/* The COUNT file the loader checks the entries against. */
static void tmp_count(const struct tmpdir *t, int n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%d\n", n);
	tmp_puts(t, "COUNT", buf);
}

static void tmp_remove(struct tmpdir *t)
{
	DIR *d = opendir(t->path);
	struct dirent *de;
	char p[512];

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", t->path, de->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(t->path);
}

static const char *const good = "question: 質問ですか。\n\n回答です。\n";

/* Loads dir (and syn); expects failure with a message containing every
 * one of the NULL-terminated strings, and *out left alone. */
static void expect_error(const char *dir, const char *syn, ...)
{
	struct faq *f = (struct faq *)&f;   /* a sentinel that must survive */
	struct err err = { "" };
	va_list ap;
	const char *want;

	assert_int_equal(faq_load(dir, syn, &f, &err), -1);
	assert_ptr_equal(f, (struct faq *)&f);
	va_start(ap, syn);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (!strstr(err.msg, want))
			fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	}
	va_end(ap);
	assert_null(strchr(err.msg, '\n'));
}

/* One bad 01.txt (after a good 02.txt, so nothing is half-loaded) must
 * fail naming "01.txt:LINE:" and the other strings. */
static void expect_file_error(const char *buf, size_t n, const char *where, const char *what)
{
	struct tmpdir t;
	char loc[64];

	tmp_make(&t);
	tmp_write(&t, "01.txt", buf, n);
	tmp_puts(&t, "02.txt", good);
	tmp_count(&t, 2);
	snprintf(loc, sizeof loc, "/01.txt:%s", where);
	expect_error(t.path, NULL, loc, what, NULL);
	tmp_remove(&t);
}

static struct faq *load_real(void)
{
	struct faq *f = NULL;
	struct err err = { "" };

	if (faq_load("faq", SYN, &f, &err))
		fail_msg("%s", err.msg);
	return f;
}

/* ---- the real FAQ against the seed ---- */

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The files hold the seed's answers character for character; line breaks
 * may be added (where the seed has a space between sentences, the space
 * stays at the end of the line): removing the line breaks, and nothing
 * else, gives the seed back. */
static void test_real_faq_matches_seed(void **state)
{
	struct faq *f = load_real();
	char *seed = read_all("tests/data/faq-seed.tsv"), *line, *save = NULL;
	int rows = 0;

	(void)state;
	assert_int_equal(f->n, 14);
	for (line = strtok_r(seed, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *q, *a, *joined;
		const struct faq_entry *e;
		int num;

		if (line[0] == '#' || strspn(line, " \t\r") == strlen(line))
			continue;
		num = atoi(line);
		q = strchr(line, '\t');
		assert_non_null(q);
		*q++ = '\0';
		a = strchr(q, '\t');
		assert_non_null(a);
		*a++ = '\0';
		e = faq_find(f, num);
		assert_non_null(e);
		assert_int_equal(e->num, num);
		assert_string_equal(e->question, q);
		joined = malloc(strlen(e->answer) + 1);
		assert_non_null(joined);
		{
			char *o = joined;

			for (const char *p = e->answer; *p; p++)
				if (*p != '\n')
					*o++ = *p;
			*o = '\0';
		}
		assert_string_equal(joined, a);
		free(joined);
		rows++;
	}
	assert_int_equal(rows, 14);
	for (size_t i = 0; i < f->n; i++) {
		assert_int_equal(f->e[i].num, (int)i + 1);
		assert_true(f->e[i].keywords[0] != '\0');
	}
	free(seed);
	faq_free(f);
}

/* The space kept at the end of a line (above) is not shown: wrapped as the
 * answer pane wraps each paragraph, at every width, no line starts with a
 * space and the space adds no line. */
static void test_real_faq_trailing_space_wraps(void **state)
{
	struct faq *f = load_real();
	int spaces = 0;

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	for (size_t i = 0; i < f->n; i++) {
		const char *p = f->e[i].answer;

		for (;;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p), bare = len;

			while (bare && p[bare - 1] == ' ')
				bare--;
			spaces += bare < len;
			for (int cols = 20; cols <= 120; cols++) {
				struct text_line *l, *lb;
				size_t n = text_wrap(p, len, cols, &l), nb = text_wrap(p, bare, cols, &lb);

				assert_int_not_equal(n, (size_t)-1);
				assert_int_equal(n, nb);
				for (size_t k = 0; k < n; k++) {
					assert_true(p[l[k].off] != ' ');
					assert_int_equal(l[k].off, lb[k].off);
					assert_int_equal(l[k].len, lb[k].len);
				}
				free(l);
				free(lb);
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	assert_int_equal(spaces, 6);   /* entries 1, 3, 9, 10, 13, 14 */
	faq_free(f);
}

static void test_find(void **state)
{
	struct faq *f = load_real();

	(void)state;
	assert_null(faq_find(f, 0));
	assert_null(faq_find(f, 15));
	assert_null(faq_find(f, -1));
	assert_int_equal(faq_find(f, 7)->num, 7);
	assert_non_null(strstr(faq_find(f, 7)->path, "07.txt"));
	faq_free(f);
}

/* ---- loader errors ---- */

static void test_missing_dir(void **state)
{
	(void)state;
	expect_error("/nonexistent/faq-dir", NULL, "/nonexistent/faq-dir", "--faq", NULL);
}

static void test_empty_dir(void **state)
{
	struct tmpdir t;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "README", "not an entry\n");
	expect_error(t.path, NULL, t.path, "no entry files", NULL);
	tmp_remove(&t);
}

static void test_invalid_utf8(void **state)
{
	static const char s[] = "question: q\n\nab\xff\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "invalid UTF-8 (byte 0xff at byte column 3)");
}

static void test_truncated_utf8(void **state)
{
	static const char s[] = "question: q\n\n回答\xe3\x81";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "byte column 7");
}

static void test_esc(void **state)
{
	static const char s[] = "question: q\n\n回答\x1b[2Jです\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "U+001B (ESC) at character 3");
}

static void test_tab(void **state)
{
	static const char s[] = "question: q\tx\n\na\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "1:", "U+0009 (tab)");
}

static void test_cr_in_middle(void **state)
{
	static const char s[] = "question: q\n\nfirst\rsecond\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "U+000D (carriage return)");
}

static void test_del_c1_bidi(void **state)
{
	static const char del[] = "question: q\n\na\x7f\n";
	static const char c1[] = "question: q\xc2\x9b\n\na\n";
	static const char bidi[] = "question: q\n\nabc\xe2\x80\xae" "def\n";
	static const char iso[] = "# c\nquestion: q\n\nx\xe2\x81\xa6y\n";

	(void)state;
	expect_file_error(del, sizeof del - 1, "3:", "U+007F (DEL)");
	expect_file_error(c1, sizeof c1 - 1, "1:", "U+009B");
	expect_file_error(bidi, sizeof bidi - 1, "3:", "U+202E at character 4");
	expect_file_error(iso, sizeof iso - 1, "4:", "U+2066");
}

static void test_missing_question(void **state)
{
	static const char s[] = "# comment\nkeywords: a b\n\nanswer\n";
	static const char none[] = "";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "'question: …' line is missing");
	expect_file_error(none, 0, "1:", "'question: …' line is missing");
}

static void test_empty_question(void **state)
{
	static const char s[] = "question:  　 \n\nanswer\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "1:", "the question is empty");
}

static void test_unknown_header(void **state)
{
	static const char s[] = "question: q\nkeyword: a\n\nanswer\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "2:", "unknown header 'keyword'");
}

static void test_duplicate_header(void **state)
{
	static const char s[] = "question: q\nquestion: r\n\nanswer\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "2:", "second 'question:' line (the first is line 1)");
}

static void test_missing_blank_line(void **state)
{
	static const char s[] = "question: q\nこれは回答です。\n";
	static const char eof[] = "question: q\nkeywords: k";

	(void)state;
	expect_file_error(s, sizeof s - 1, "2:", "put an empty line before it");
	expect_file_error(eof, sizeof eof - 1, "3:", "the answer is missing");
}

static void test_empty_answer(void **state)
{
	static const char s[] = "question: q\n\n  \n\n";

	(void)state;
	expect_file_error(s, sizeof s - 1, "3:", "the answer is empty");
}

static void test_duplicate_number(void **state)
{
	struct tmpdir t;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "1.txt", good);
	tmp_puts(&t, "01.txt", good);
	expect_error(t.path, NULL, "/01.txt and ", "/1.txt are both entry 1", NULL);
	tmp_remove(&t);
}

static void test_gap(void **state)
{
	struct tmpdir t;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "03.txt", good);
	expect_error(t.path, NULL, "entry 2 is missing", "/03.txt", NULL);
	tmp_remove(&t);
}

static void test_bad_names(void **state)
{
	struct tmpdir t;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "new.txt", good);
	expect_error(t.path, NULL, "/new.txt: not an entry file name", NULL);
	tmp_remove(&t);

	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "00.txt", good);
	expect_error(t.path, NULL, "/00.txt: not an entry file name", NULL);
	tmp_remove(&t);

	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "000002.txt", good);
	expect_error(t.path, NULL, "/000002.txt", NULL);
	tmp_remove(&t);
}

/* An entry that cannot be read as a file (here a directory) is named. */
static void test_unreadable_entry(void **state)
{
	struct tmpdir t;
	char p[128];

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_count(&t, 2);
	snprintf(p, sizeof p, "%s/02.txt", t.path);
	assert_int_equal(mkdir(p, 0700), 0);
	expect_error(t.path, NULL, "/02.txt: the FAQ entry is not a regular file", NULL);
	rmdir(p);
	tmp_remove(&t);
}

static void test_too_large(void **state)
{
	struct tmpdir t;
	size_t n = 300 * 1024;
	char *big = malloc(n);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	memcpy(big, "question: q\n\n", 13);
	tmp_make(&t);
	tmp_write(&t, "01.txt", big, n);
	tmp_count(&t, 1);
	expect_error(t.path, NULL, "/01.txt: too large", NULL);
	tmp_remove(&t);
	free(big);
}

/* COUNT says how many entries there are: a lost last file is named, and so
 * is one beyond the count, a missing or malformed COUNT. */
static void test_count(void **state)
{
	struct tmpdir t;
	char p[128];

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "02.txt", good);
	expect_error(t.path, NULL, "/COUNT: missing;", "(2 files are here)", NULL);
	tmp_count(&t, 3);
	expect_error(t.path, NULL, "/03.txt: missing: ", "/COUNT says there are 3 entries",
		     "the last file is ", "/02.txt; ", "write 2 in ", NULL);
	tmp_count(&t, 1);
	expect_error(t.path, NULL, "/02.txt: entry 2 is beyond the 1 entries ", "write 2 in ", NULL);
	tmp_puts(&t, "COUNT", "# how many\n2\n3\n");
	expect_error(t.path, NULL, "/COUNT:3: only one number is expected", NULL);
	tmp_puts(&t, "COUNT", "\xEF\xBC\x92\n");
	expect_error(t.path, NULL, "/COUNT:1: expected the number of entries in half-width digits", NULL);
	tmp_puts(&t, "COUNT", "0\n");
	expect_error(t.path, NULL, "/COUNT:1: expected the number", "not '0'", NULL);
	tmp_puts(&t, "COUNT", "# nothing\n\n");
	expect_error(t.path, NULL, "/COUNT: no number in it", NULL);
	tmp_puts(&t, "COUNT", "2\x1b\n");
	expect_error(t.path, NULL, "/COUNT:1: control character U+001B", NULL);
	snprintf(p, sizeof p, "%s/COUNT", t.path);
	unlink(p);
	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(10);      /* a regression hangs: let it fail instead */
	expect_error(t.path, NULL, "/COUNT: the FAQ count file is not a regular file", NULL);
	alarm(0);
	tmp_remove(&t);
}

/* A FIFO named like an entry would block open() until a writer comes:
 * it is opened without waiting and refused as not a regular file. */
static void test_fifo_entry(void **state)
{
	struct tmpdir t;
	char p[128];

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_count(&t, 2);
	snprintf(p, sizeof p, "%s/02.txt", t.path);
	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(10);      /* a regression hangs: let it fail instead */
	expect_error(t.path, NULL, "/02.txt: the FAQ entry is not a regular file", NULL);
	alarm(0);
	tmp_remove(&t);
}

static void test_bad_synonyms(void **state)
{
	struct tmpdir t;
	char syn[128];

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_puts(&t, "syn.tsv", "# groups\n漏えい\t漏洩\nカード\n");
	snprintf(syn, sizeof syn, "%s/syn.tsv", t.path);
	expect_error(t.path, syn, "/syn.tsv:3:", "at least two spellings", NULL);
	tmp_puts(&t, "syn.tsv", "a\tb\n\nc\x1b\td\n");
	expect_error(t.path, syn, "/syn.tsv:3:", "U+001B", NULL);
	expect_error(t.path, "/nonexistent/syn.tsv", "/nonexistent/syn.tsv", NULL);
	tmp_remove(&t);
}

/* What the office's editors write: a byte order mark, CRLF, comments, a
 * missing final newline, empty lines around and inside the answer. */
static void test_accepted_variants(void **state)
{
	static const char s[] = "\xEF\xBB\xBF# comment\r\nquestion:  質問？ \r\n"
				"keywords:\r\n\r\n\r\n一行目\r\n\r\n# 三行目\r\n\r\n";
	struct tmpdir t;
	struct faq *f = NULL;
	struct err err = { "" };

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "1.txt", s);
	tmp_puts(&t, "2.txt", "question: q2\n\na2");
	tmp_puts(&t, "notes.md", "ignored\x1b");
	tmp_puts(&t, ".#1.txt", "ignored");
	tmp_puts(&t, "01.txt~", "ignored");
	tmp_puts(&t, "COUNT", "\xEF\xBB\xBF# two entries\r\n\r\n 2 \r\n# end");
	if (faq_load(t.path, NULL, &f, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->e[0].question, "質問？");
	assert_string_equal(f->e[0].keywords, "");
	assert_string_equal(f->e[0].answer, "一行目\n\n# 三行目");
	assert_string_equal(f->e[1].answer, "a2");
	faq_free(f);
	tmp_remove(&t);
}

/* ---- search ---- */

static size_t search(const struct faq *f, const char *q, struct faq_hit **hits)
{
	size_t n = faq_search(f, q, hits);

	assert_int_not_equal(n, (size_t)-1);
	return n;
}

static int hit_num(const struct faq *f, const struct faq_hit *h)
{
	return f->e[h->index].num;
}

/* While typing, a last kana may still get its voicing mark: ｸﾚｼ (on the
 * way to ｸﾚｼﾞ) lists what ｸﾚｼﾞ lists, in the same order; a finished
 * query does not widen, and a kana inside the query is taken as typed. */
static void test_typing_unfinished_kana(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *a, *b, *c;
	size_t na, nb, nc;

	(void)state;
	na = faq_search_typing(f, "ｸﾚｼ", &a);
	nb = search(f, "ｸﾚｼﾞ", &b);
	assert_true(nb >= 4);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_int_equal(hit_num(f, &a[i]), hit_num(f, &b[i]));
	faq_hits_free(a, na);
	faq_hits_free(b, nb);
	/* faq_search (the command line) takes the query as finished */
	nc = search(f, "ｸﾚｼ", &c);
	assert_int_equal(nc, 0);
	faq_hits_free(c, nc);
	/* the same three letters with a space after them: finished */
	nc = faq_search_typing(f, "ｸﾚｼ ", &c);
	assert_int_equal(nc, 0);
	faq_hits_free(c, nc);
	/* only the last character: くし matches no じ inside */
	nc = faq_search_typing(f, "しっと", &c);
	assert_int_equal(nc, 0);
	faq_hits_free(c, nc);
	/* semi-voiced: ﾊﾟｽﾜｰﾄﾞ typed as far as ﾊ finds パスワード's entries */
	na = faq_search_typing(f, "ﾊ", &a);
	nb = search(f, "パスワード", &b);
	assert_true(nb >= 1);
	for (size_t i = 0; i < nb; i++) {
		bool found = false;

		for (size_t j = 0; j < na; j++)
			found = found || a[j].index == b[i].index;
		assert_true(found);
	}
	faq_hits_free(a, na);
	faq_hits_free(b, nb);
	faq_free(f);
}

/* The voiced form of an unfinished last kana gets its synonyms too: with
 * パスワード and PW in one group, ﾊﾟｽﾜｰﾄ (before its ﾞ) finds the entry
 * that only says PW. */
static void test_typing_voiced_synonyms(void **state)
{
	struct tmpdir t;
	struct faq *f = NULL;
	struct err err = { "" };
	struct faq_hit *h;
	char syn[128];
	size_t n;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", "question: PWを忘れたときは？\n\n再設定してください。\n");
	tmp_puts(&t, "02.txt", good);
	tmp_count(&t, 2);
	tmp_puts(&t, "syn.tsv", "パスワード\tPW\n");
	snprintf(syn, sizeof syn, "%s/syn.tsv", t.path);
	assert_int_equal(faq_load(t.path, syn, &f, &err), 0);
	n = faq_search_typing(f, "ﾊﾟｽﾜｰﾄ", &h);
	assert_int_equal(n, 1);
	assert_int_equal(hit_num(f, &h[0]), 1);
	faq_hits_free(h, n);
	n = search(f, "ﾊﾟｽﾜｰﾄ", &h);
	assert_int_equal(n, 0);
	faq_hits_free(h, n);
	faq_free(f);
	tmp_remove(&t);
}

static void test_card_ranking(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n = search(f, "カード", &h);
	bool in_question = true;
	int top[4];

	(void)state;
	assert_true(n >= 6);
	for (size_t i = 0; i < n; i++) {
		bool q = strstr(f->e[h[i].index].question, "カード") != NULL;

		if (q && !in_question)
			fail_msg("entry %d (question match) after an answer-only match", hit_num(f, &h[i]));
		in_question = q;
		if (i > 0)
			assert_true(h[i - 1].score >= h[i].score);
		if (i > 0 && h[i - 1].score == h[i].score)
			assert_true(h[i - 1].index < h[i].index);
	}
	/* The four questions that say カード come first, in some order. */
	for (int i = 0; i < 4; i++)
		top[i] = hit_num(f, &h[i]);
	for (size_t k = 0; k < 4; k++) {
		static const int want[] = { 5, 7, 11, 13 };

		assert_true(top[0] == want[k] || top[1] == want[k] || top[2] == want[k] ||
			    top[3] == want[k]);
	}
	faq_hits_free(h, n);
	faq_free(f);
}

/* Half-width katakana and hiragana typed for a katakana word find the same
 * entries in the same order. */
static void test_folded_queries(void **state)
{
	static const char *const same[] = { "ｶｰﾄﾞ", "かーど", "カ－ド" };
	struct faq *f = load_real();
	struct faq_hit *ref, *h;
	size_t nref = search(f, "カード", &ref);

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		size_t n = search(f, same[k], &h);

		assert_int_equal(n, nref);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(h[i].index, ref[i].index);
		faq_hits_free(h, n);
	}
	faq_hits_free(ref, nref);
	faq_free(f);
}

static bool has_hit(const struct faq *f, const struct faq_hit *h, size_t n, int num)
{
	for (size_t i = 0; i < n; i++)
		if (hit_num(f, &h[i]) == num)
			return true;
	return false;
}

static void test_synonyms(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h, *h2;
	size_t n = search(f, "漏洩", &h), n2;

	(void)state;
	/* No entry writes 漏洩; every one saying 漏えい is found. */
	for (size_t i = 0; i < f->n; i++) {
		bool says = strstr(f->e[i].question, "漏えい") || strstr(f->e[i].answer, "漏えい");

		assert_null(strstr(f->e[i].answer, "漏洩"));
		if (says)
			assert_true(has_hit(f, h, n, f->e[i].num));
	}
	assert_true(n >= 10);
	faq_hits_free(h, n);

	/* A word containing a spelling: 漏洩した → 漏えいした. */
	n = search(f, "漏洩した", &h);
	assert_true(has_hit(f, h, n, 13) && has_hit(f, h, n, 14));
	faq_hits_free(h, n);

	/* Both directions of a group, and its ASCII member folded. */
	n = search(f, "問合せ", &h);
	n2 = search(f, "問い合わせ", &h2);
	assert_true(n > 0);
	assert_int_equal(n, n2);
	faq_hits_free(h, n);
	faq_hits_free(h2, n2);
	n = search(f, "pw", &h);
	assert_true(has_hit(f, h, n, 2));
	faq_hits_free(h, n);
	faq_free(f);
}

static void test_and_and_misses(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n;

	(void)state;
	n = search(f, "カード 再発行", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 7);
	faq_hits_free(h, n);

	/* Ideographic spaces split words; an unknown word among known ones
	 * is left out (issue 14: a caller's sentence must not lose what its
	 * other words find), so this finds what カード 再発行 finds. */
	n = search(f, "カード　再発行　zzzz", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 7);
	faq_hits_free(h, n);
	n = search(f, "zzzz　qqqq", &h);
	assert_int_equal(n, 0);
	assert_null(h);
	faq_hits_free(h, n);

	n = search(f, "zzzz", &h);
	assert_int_equal(n, 0);
	faq_hits_free(h, n);

	n = search(f, "いつ", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 3);
	faq_hits_free(h, n);

	n = search(f, "件数", &h);
	assert_true(n >= 2);
	assert_true(has_hit(f, h, 2, 4) && has_hit(f, h, 2, 5));
	faq_hits_free(h, n);
	faq_free(f);
}

static void test_empty_query(void **state)
{
	static const char *const empties[] = { "", "   ", "　 　" };
	struct faq *f = load_real();

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		struct faq_hit *h;
		size_t n = search(f, empties[k], &h);

		assert_int_equal(n, 14);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(h[i].index, i);
			assert_int_equal(h[i].nq + h[i].na, 0);
		}
		faq_hits_free(h, n);
	}
	faq_free(f);
}

/* Every span is sorted, apart from the next, inside its text, and its text
 * is one of the allowed spellings. */
static void check_spans(const char *text, const struct faq_span *s, size_t n,
			const char *const *allowed)
{
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		assert_true(s[i].len > 0);
		assert_true(s[i].off + s[i].len <= strlen(text));
		if (i > 0)
			assert_true(s[i - 1].off + s[i - 1].len < s[i].off);
		for (const char *const *a = allowed; *a; a++)
			if (strlen(*a) == s[i].len && memcmp(text + s[i].off, *a, s[i].len) == 0)
				ok = true;
		if (!ok)
			fail_msg("span '%.*s' in '%s'", (int)s[i].len, text + s[i].off, text);
	}
}

static void test_spans(void **state)
{
	static const char *const card[] = { "カード", "クレジットカード", NULL };
	static const char *const meisai[] = { "明細", "利用明細", "利用", NULL };
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n = search(f, "ｶｰﾄﾞ", &h), total = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct faq_entry *e = &f->e[h[i].index];

		check_spans(e->question, h[i].q, h[i].nq, card);
		check_spans(e->answer, h[i].a, h[i].na, card);
		total += h[i].nq + h[i].na;
		if (strstr(e->question, "カード"))
			assert_true(h[i].nq > 0);
	}
	assert_true(total > 10);
	faq_hits_free(h, n);

	n = search(f, "利用 明細", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 7);
	check_spans(f->e[h[0].index].answer, h[0].a, h[0].na, meisai);
	assert_true(h[0].na >= 2);
	faq_hits_free(h, n);
	faq_free(f);
}

/* Spans point into the original text even where folding changed its
 * length: half-width katakana, full-width letters. */
static void test_spans_map_to_original(void **state)
{
	struct tmpdir t;
	struct faq *f = NULL;
	struct err err = { "" };
	struct faq_hit *h;
	size_t n;
	const char *a;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", "question: ＰＷの再発行\n\nお手元のｶｰﾄﾞと、カードと、かーど。\n");
	tmp_count(&t, 1);
	if (faq_load(t.path, SYN, &f, &err))
		fail_msg("%s", err.msg);
	n = search(f, "カード", &h);
	assert_int_equal(n, 1);
	a = f->e[0].answer;
	assert_int_equal(h[0].na, 3);
	assert_int_equal(h[0].nq, 0);
	assert_memory_equal(a + h[0].a[0].off, "ｶｰﾄﾞ", h[0].a[0].len);
	assert_int_equal(h[0].a[0].len, strlen("ｶｰﾄﾞ"));
	assert_int_equal(h[0].a[1].len, strlen("カード"));
	assert_memory_equal(a + h[0].a[1].off, "カード", h[0].a[1].len);
	assert_memory_equal(a + h[0].a[2].off, "かーど", h[0].a[2].len);
	faq_hits_free(h, n);

	n = search(f, "パスワード", &h);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].nq, 1);
	assert_int_equal(h[0].q[0].off, 0);
	assert_int_equal(h[0].q[0].len, strlen("ＰＷ"));
	faq_hits_free(h, n);
	faq_free(f);
	tmp_remove(&t);
}

/* A match that ends inside what one character folds to (㍿ → 株式会社)
 * highlights the whole character, never half of it. */
static void test_span_inside_expansion(void **state)
{
	struct tmpdir t;
	struct faq *f = NULL;
	struct err err = { "" };
	struct faq_hit *h;
	size_t n;
	const char *a;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", "question: q\n\n弊㍿です\n");
	tmp_count(&t, 1);
	if (faq_load(t.path, NULL, &f, &err))
		fail_msg("%s", err.msg);
	a = f->e[0].answer;
	n = search(f, "株式", &h);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].na, 1);
	assert_int_equal(h[0].a[0].off, strlen("弊"));
	assert_int_equal(h[0].a[0].len, strlen("㍿"));
	faq_hits_free(h, n);
	n = search(f, "会社です", &h);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].na, 1);
	assert_string_equal(a + h[0].a[0].off, "㍿です");
	faq_hits_free(h, n);
	faq_free(f);
	tmp_remove(&t);
}

/* Search on a struct faq built by hand (no packed index, as the fuzzer
 * does) gives the same hits, scores and spans as on a loaded one. */
static void test_search_without_index(void **state)
{
	static const char *const queries[] = { "カード", "漏洩 いつ", "ｸﾚｼﾞｯﾄ 利用", "zzzz", "" };
	struct faq *f = load_real();
	struct faq g = *f;

	(void)state;
	g.index = NULL;
	for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		struct faq_hit *h1, *h2;
		size_t n1 = search(f, queries[k], &h1), n2 = search(&g, queries[k], &h2);

		assert_int_equal(n1, n2);
		for (size_t i = 0; i < n1; i++) {
			assert_int_equal(h1[i].index, h2[i].index);
			assert_int_equal(h1[i].score, h2[i].score);
			assert_int_equal(h1[i].nq, h2[i].nq);
			assert_int_equal(h1[i].na, h2[i].na);
			if (h1[i].nq)
				assert_memory_equal(h1[i].q, h2[i].q, sizeof *h1[i].q * h1[i].nq);
			if (h1[i].na)
				assert_memory_equal(h1[i].a, h2[i].a, sizeof *h1[i].a * h1[i].na);
		}
		faq_hits_free(h1, n1);
		faq_hits_free(h2, n2);
	}
	faq_free(f);
}

/* The parser on bytes, as the fuzzer calls it. */
static void test_parse_buffer(void **state)
{
	struct faq_entry e;
	struct faq_syn *syn;
	struct err err = { "" };

	(void)state;
	assert_int_equal(faq_parse_entry("x.txt", 3, "question: q\n\na\nb", 16, &e, &err), 0);
	assert_int_equal(e.num, 3);
	assert_string_equal(e.answer, "a\nb");
	assert_string_equal(e.path, "x.txt");
	faq_entry_free(&e);
	assert_int_equal(faq_parse_entry("x.txt", 3, "question: q\0\n\na", 15, &e, &err), -1);
	assert_non_null(strstr(err.msg, "x.txt:1: control character U+0000 (NUL)"));
	assert_int_equal(faq_parse_synonyms("s.tsv", "a b\n", 4, &syn, &err), 0);
	faq_syn_free(syn);
}


/* ---- readings, phrases, sentences ---- */

/* Whether one of the spans of text is exactly want. */
static bool span_is(const char *text, const struct faq_span *sp, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (sp[i].len == strlen(want) && memcmp(text + sp[i].off, want, sp[i].len) == 0)
			return true;
	return false;
}

/* The hit of entry num, which must be there. */
static const struct faq_hit *hit_of(const struct faq *f, const struct faq_hit *h, size_t n, int num)
{
	for (size_t i = 0; i < n; i++)
		if (hit_num(f, &h[i]) == num)
			return &h[i];
	fail_msg("entry %d is not found", num);
	return h;
}

/* Kana find kanji by their readings (MeCab), and the highlight is on the
 * kanji as written, the whole word. */
static void test_readings(void **state)
{
	struct faq *f = load_real();
	const struct faq_hit *x;
	struct faq_hit *h;
	size_t n;

	(void)state;
	n = search(f, "ふせいりよう", &h);
	assert_null(faq_reading_missing(f));
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 7);
	assert_true(span_is(f->e[h[0].index].answer, h[0].a, h[0].na, "不正利用"));
	faq_hits_free(h, n);

	/* Katakana and half-width for a kanji word; a part of a reading
	 * highlights its whole word. */
	n = search(f, "ﾌｾｲ", &h);
	x = hit_of(f, h, n, 7);
	assert_true(span_is(f->e[x->index].question, x->q, x->nq, "不正"));
	faq_hits_free(h, n);
	n = search(f, "ジョウホウ", &h);
	x = hit_of(f, h, n, 14);
	assert_true(span_is(f->e[x->index].question, x->q, x->nq, "情報"));
	faq_hits_free(h, n);

	/* Kanji and kana as written still match as before. */
	n = search(f, "不正利用", &h);
	assert_int_equal(hit_num(f, &h[0]), 7);
	faq_hits_free(h, n);
	faq_free(f);
}

/* While typing, a reading still being typed finds its word. */
static void test_typing_readings(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n;

	(void)state;
	n = faq_search_typing(f, "わたしのじょうほ", &h);
	assert_true(n >= 2);
	assert_true(has_hit(f, h, 2, 13) && has_hit(f, h, 2, 14));
	faq_hits_free(h, n);
	n = faq_search_typing(f, "ふせいり", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 7);
	faq_hits_free(h, n);
	faq_free(f);
}

/* The examples of issue 14: each finds an entry, the right one first
 * where the issue names it. */
static void test_callers_words(void **state)
{
	static const struct {
		const char *q;
		int first, other;    /* other: also right first; 0 none */
	} cases[] = {
		{ "なにがあったの", 1, 0 },     { "ふせいりよう", 7, 0 },
		{ "ほかのサイト", 6, 0 },       { "わたしの じょうほう", 14, 0 },
		{ "ハッキング", 1, 0 },         { "カード 止めたい", 7, 0 },
		{ "暗証番号", 2, 0 },           { "対象期間", 3, 0 },
		{ "市の対応", 12, 0 },          { "なぜ遅れた", 9, 10 },
		{ "身に覚えのない請求", 7, 0 }, { "どうして気づいた", 8, 0 },
		{ "再発防止", 12, 0 },          { "会員 該当", 14, 0 },
		{ "漏れた", 0, 0 },             { "もれ", 0, 0 },
		{ "お知らせ", 0, 0 },
	};
	struct faq *f = load_real();

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct faq_hit *h;
		size_t n = search(f, cases[k].q, &h);
		int first;

		if (n == 0)
			fail_msg("%s finds nothing", cases[k].q);
		first = hit_num(f, &h[0]);
		if (cases[k].first && first != cases[k].first && first != cases[k].other)
			fail_msg("%s: entry %d first, not %d", cases[k].q, first, cases[k].first);
		faq_hits_free(h, n);
	}
	faq_free(f);
}

/* A sentence typed without spaces is cut into the FAQ's words; one of
 * particles only is no word; one the FAQ does not know finds nothing. */
static void test_sentences(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n;

	(void)state;
	n = search(f, "わたしのじょうほうは", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 14);
	faq_hits_free(h, n);
	n = search(f, "住所も漏れた？", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 2);
	faq_hits_free(h, n);
	/* Only particles and fillers: like an empty query. */
	n = search(f, "ですか", &h);
	assert_int_equal(n, 14);
	assert_int_equal(h[0].index, 0);
	faq_hits_free(h, n);
	/* Nothing known: nothing found, as zzzz. */
	n = search(f, "存在しない語句", &h);
	assert_int_equal(n, 0);
	faq_hits_free(h, n);
	/* What a phrase leaves of a word is never "unknown": ニュース says
	 * what the caller means, で見たんですけど does not stop the search. */
	n = search(f, "ニュースで見たんですけど", &h);
	assert_true(n >= 1);
	assert_int_equal(hit_num(f, &h[0]), 1);
	faq_hits_free(h, n);
	faq_free(f);
}

/* Words no entry has together: the entries with the most of them. */
static void test_most_words(void **state)
{
	struct faq *f = load_real();
	struct faq_hit *h;
	size_t n = search(f, "経緯 弁護士", &h);

	(void)state;
	assert_true(has_hit(f, h, n, 1) && has_hit(f, h, n, 12));
	for (size_t i = 0; i < n; i++) {
		const struct faq_entry *e = &f->e[h[i].index];

		assert_true(strstr(e->keywords, "経緯") || strstr(e->answer, "弁護士"));
	}
	faq_hits_free(h, n);
	faq_free(f);
}

/* The phrase table beside the synonym table: a pattern of pieces in any
 * order stands for the FAQ's words; one piece missing, it takes nothing. */
static void test_phrases(void **state)
{
	struct tmpdir t;
	struct faq *f = NULL;
	struct err err = { "" };
	struct faq_hit *h;
	char syn[128];
	size_t n;

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", "question: カードを停める方法\nkeywords: カード停止\n\n会社へ。\n");
	tmp_puts(&t, "02.txt", "question: 公表はいつ？\n\n来週です。\n");
	tmp_count(&t, 2);
	tmp_puts(&t, "syn.tsv", "停止\tストップ\n");
	tmp_puts(&t, "phrases.tsv", "# comment\n止め\tカード停止\n"
		 "なぜ|どうして 遅\t公表\nって|けど\t-\n");
	snprintf(syn, sizeof syn, "%s/syn.tsv", t.path);
	if (faq_load(t.path, syn, &f, &err))
		fail_msg("%s", err.msg);
	n = search(f, "カード 止めたい", &h);
	assert_int_equal(n, 1);
	assert_int_equal(hit_num(f, &h[0]), 1);
	faq_hits_free(h, n);
	n = search(f, "遅れたのはどうして", &h);
	assert_int_equal(n, 1);
	assert_int_equal(hit_num(f, &h[0]), 2);
	faq_hits_free(h, n);
	/* 遅 alone is not the pattern: nothing stands for it. */
	n = search(f, "遅れた", &h);
	assert_int_equal(n, 0);
	faq_hits_free(h, n);
	/* Fillers are cut off: カードってけど is カード. */
	n = search(f, "カードってけど", &h);
	assert_int_equal(n, 1);
	assert_int_equal(hit_num(f, &h[0]), 1);
	faq_hits_free(h, n);
	faq_free(f);
	tmp_remove(&t);
}

static void test_bad_phrases(void **state)
{
	struct tmpdir t;
	char syn[128];

	(void)state;
	tmp_make(&t);
	tmp_puts(&t, "01.txt", good);
	tmp_count(&t, 1);
	tmp_puts(&t, "syn.tsv", "a\tb\n");
	snprintf(syn, sizeof syn, "%s/syn.tsv", t.path);
	tmp_puts(&t, "phrases.tsv", "止め\tカード停止\n止める カード停止\n");
	expect_error(t.path, syn, "/phrases.tsv:2:", "a tab", NULL);
	tmp_puts(&t, "phrases.tsv", "止め\t \n");
	expect_error(t.path, syn, "/phrases.tsv:1:", "a tab", NULL);
	tmp_puts(&t, "phrases.tsv", "止め\tカード\x1b\n");
	expect_error(t.path, syn, "/phrases.tsv:1:", "U+001B", NULL);
	tmp_remove(&t);
}

/* The phrase table's parser and its one operation, on bytes. */
static void test_phrase_take(void **state)
{
	struct faq_phrases *t;
	struct err err = { "" };
	static const char table[] = "a|bb c\tx y\nd\t-\n";
	char q[] = "zz c bb";

	(void)state;
	assert_int_equal(faq_parse_phrases("p.tsv", table, sizeof table - 1, &t, &err), 0);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->p[0].npieces, 2);
	assert_int_equal(t->p[0].nwords, 2);
	assert_true(t->p[1].filler);
	assert_int_equal(faq_phrase_take(t, 0, q, strlen(q)), 1);
	assert_string_equal(q, "zz     ");
	/* A piece missing: the query is left as it was. */
	strcpy(q, "zz c dd");
	assert_int_equal(faq_phrase_take(t, 0, q, strlen(q)), 0);
	assert_string_equal(q, "zz c dd");
	assert_int_equal(faq_phrase_take(t, 1, q, strlen(q)), 0);
	faq_phrases_free(t);
}

/* The vocabulary: the longest word first, at character boundaries; a
 * filler stays one whatever else the string is. */
static void test_vocab(void **state)
{
	struct faq_vocab v = { 0 };
	uint8_t cls = 99;

	(void)state;
	faq_vocab_add(&v, "ジョウホウ", strlen("ジョウホウ"), READING_CONTENT);
	faq_vocab_add(&v, "じょう", strlen("じょう"), READING_AFFIX);
	faq_vocab_add(&v, "どう", strlen("どう"), FAQ_VOCAB_FILLER);
	faq_vocab_add(&v, "どう", strlen("どう"), READING_CONTENT);
	faq_vocab_finish(&v);
	assert_int_equal(faq_vocab_prefix(&v, "じょうほうは", strlen("じょうほうは"), &cls),
			 strlen("じょうほう"));
	assert_int_equal(cls, READING_CONTENT);
	assert_int_equal(faq_vocab_prefix(&v, "じょうず", strlen("じょうず"), &cls), strlen("じょう"));
	assert_int_equal(cls, READING_AFFIX);
	assert_int_equal(faq_vocab_prefix(&v, "どうして", strlen("どうして"), &cls), strlen("どう"));
	assert_int_equal(cls, READING_FUNCTION);
	assert_int_equal(faq_vocab_prefix(&v, "zz", 2, &cls), 0);
	assert_true(faq_vocab_starts(&v, "じょうほ", strlen("じょうほ")));
	assert_false(faq_vocab_starts(&v, "じょうほか", strlen("じょうほか")));
	faq_vocab_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_faq_matches_seed),
		cmocka_unit_test(test_typing_unfinished_kana),
		cmocka_unit_test(test_typing_voiced_synonyms),
		cmocka_unit_test(test_real_faq_trailing_space_wraps),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test(test_empty_dir),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncated_utf8),
		cmocka_unit_test(test_esc),
		cmocka_unit_test(test_tab),
		cmocka_unit_test(test_cr_in_middle),
		cmocka_unit_test(test_del_c1_bidi),
		cmocka_unit_test(test_missing_question),
		cmocka_unit_test(test_empty_question),
		cmocka_unit_test(test_unknown_header),
		cmocka_unit_test(test_duplicate_header),
		cmocka_unit_test(test_missing_blank_line),
		cmocka_unit_test(test_empty_answer),
		cmocka_unit_test(test_duplicate_number),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_unreadable_entry),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_fifo_entry),
		cmocka_unit_test(test_bad_synonyms),
		cmocka_unit_test(test_accepted_variants),
		cmocka_unit_test(test_card_ranking),
		cmocka_unit_test(test_folded_queries),
		cmocka_unit_test(test_synonyms),
		cmocka_unit_test(test_and_and_misses),
		cmocka_unit_test(test_empty_query),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_spans_map_to_original),
		cmocka_unit_test(test_span_inside_expansion),
		cmocka_unit_test(test_search_without_index),
		cmocka_unit_test(test_parse_buffer),
		cmocka_unit_test(test_readings),
		cmocka_unit_test(test_typing_readings),
		cmocka_unit_test(test_callers_words),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_most_words),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_bad_phrases),
		cmocka_unit_test(test_phrase_take),
		cmocka_unit_test(test_vocab),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
