#include "faq.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faq_file.h"
#include "faq_search.h"
#include "faq_syn.h"
#include "i18n.h"

/* Limits of the file format (README.md, "The FAQ files"). */
#define FAQ_MAX_FILE   (256 * 1024)
#define FAQ_MAX_DIGITS 5
#define FAQ_MAX_COUNT  4096
/* The file beside the entries that says how many there are. */
#define FAQ_COUNT_FILE "COUNT"

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ---- One entry --------------------------------------------------------- */

void faq_entry_free(struct faq_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->question);
	free(e->answer);
	free(e->keywords);
	text_fold_free(&e->fq);
	text_fold_free(&e->fa);
	text_fold_free(&e->fk);
	memset(e, 0, sizeof *e);
}

struct header {
	const char *question, *keywords;
	size_t nq, nk;
	size_t qline, kline;
};

/* One header line "name: value".  0, or -1 with err. */
static int parse_header(const char *path, size_t no, const char *s, size_t n,
			struct header *h, struct err *err)
{
	const char *colon = memchr(s, ':', n), *v;
	size_t name_len, nv;

	if (!colon)
		return err_set(err, _("%s:%zu: expected a header line 'question: …' or "
				      "'keywords: …'; if the answer starts here, put an empty "
				      "line before it"), path, no);
	name_len = (size_t)(colon - s);
	v = colon + 1;
	nv = n - name_len - 1;
	faq_file_trim(&v, &nv);
	if (name_len == 8 && memcmp(s, "question", 8) == 0) {
		if (h->question)
			return err_set(err, _("%s:%zu: a second 'question:' line (the first is line %zu)"),
				       path, no, h->qline);
		if (nv == 0)
			return err_set(err, _("%s:%zu: the question is empty"), path, no);
		h->question = v;
		h->nq = nv;
		h->qline = no;
		return 0;
	}
	if (name_len == 8 && memcmp(s, "keywords", 8) == 0) {
		if (h->keywords)
			return err_set(err, _("%s:%zu: a second 'keywords:' line (the first is line %zu)"),
				       path, no, h->kline);
		h->keywords = v;
		h->nk = nv;
		h->kline = no;
		return 0;
	}
	return err_set(err, _("%s:%zu: unknown header '%.*s' (known: question, keywords)"),
		       path, no, faq_file_quote_len(s, name_len, 40), s);
}

/* The answer: every line after the blank one, without the empty lines at
 * either end, joined by '\n' (CRLF becomes LF). */
static char *collect_answer(struct faq_file_lines *l, const char *path, size_t blank_line,
			    struct err *err)
{
	const char *s;
	size_t n, out = 0, keep = 0;
	char *a = malloc(l->len - l->pos + 1);

	if (!a) {
		err_set(err, _("%s: out of memory"), path);
		return NULL;
	}
	while (faq_file_line(l, &s, &n)) {
		if (out == 0 && faq_file_blank(s, n))
			continue;
		if (out)
			a[out++] = '\n';
		memcpy(a + out, s, n);
		out += n;
		if (!faq_file_blank(s, n))
			keep = out;
	}
	if (keep == 0) {
		free(a);
		err_set(err, _("%s:%zu: the answer is empty; write it after the empty line "
			       "that ends the header"), path, blank_line + 1);
		return NULL;
	}
	a[keep] = '\0';
	return a;
}

static int fold_entry(struct faq_entry *e)
{
	if (text_fold(e->question, strlen(e->question), &e->fq) ||
	    text_fold(e->answer, strlen(e->answer), &e->fa) ||
	    text_fold(e->keywords, strlen(e->keywords), &e->fk))
		return -1;
	return 0;
}

int faq_parse_entry(const char *path, int num, const char *buf, size_t len,
		    struct faq_entry *e, struct err *err)
{
	struct faq_file_lines l;
	struct header h = { 0 };
	const char *s;
	size_t n, bom = faq_file_bom(buf, len);
	bool blank = false;

	memset(e, 0, sizeof *e);
	if (faq_file_check(path, buf + bom, len - bom, false, err))
		return -1;
	l = (struct faq_file_lines){ buf + bom, len - bom, 0, 0 };
	while (faq_file_line(&l, &s, &n)) {
		if (faq_file_blank(s, n)) {
			blank = true;
			break;
		}
		if (s[0] == '#')
			continue;
		if (parse_header(path, l.no, s, n, &h, err))
			return -1;
	}
	if (!h.question)
		return err_set(err, _("%s:%zu: the 'question: …' line is missing"), path,
			       l.no ? l.no : 1);
	if (!blank)
		return err_set(err, _("%s:%zu: the answer is missing; after the header write an "
				      "empty line, then the answer"), path, l.no + 1);
	e->num = num;
	e->path = strdup(path);
	e->question = dup_n(h.question, h.nq);
	e->keywords = h.keywords ? dup_n(h.keywords, h.nk) : strdup("");
	if (!e->path || !e->question || !e->keywords) {
		faq_entry_free(e);
		return err_set(err, _("%s: out of memory"), path);
	}
	e->answer = collect_answer(&l, path, l.no, err);
	if (!e->answer) {
		faq_entry_free(e);
		return -1;
	}
	if (fold_entry(e)) {
		faq_entry_free(e);
		return err_set(err, _("%s: out of memory"), path);
	}
	return 0;
}

/* ---- Files --------------------------------------------------------------- */

struct name {
	int num;
	char *path;
};

static int cmp_name(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return strcmp(x->path, y->path);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The entry number of a file name "NN.txt", 0 when it is not one, -1 when
 * it is not an entry at all (other extensions, hidden files). */
static int entry_number(const char *name)
{
	size_t digits = strspn(name, "0123456789");
	int num = 0;

	if (name[0] == '.' || !ends_with(name, ".txt"))
		return -1;
	if (digits == 0 || digits > FAQ_MAX_DIGITS || strcmp(name + digits, ".txt") != 0)
		return 0;
	for (size_t i = 0; i < digits; i++)
		num = num * 10 + (name[i] - '0');
	return num;
}

static void free_names(struct name *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* What goes between dir and a file name in it. */
static const char *dir_sep(const char *dir)
{
	size_t nd = strlen(dir);

	return nd > 0 && dir[nd - 1] == '/' ? "" : "/";
}

static char *join_path(const char *dir, const char *name)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *p = malloc(size);

	if (p)
		snprintf(p, size, "%s%s%s", dir, dir_sep(dir), name);
	return p;
}

/* The number of dir/COUNT: how many entries the directory holds.  Gaps
 * in the numbers show a missing file, but nothing else would show that the
 * last one is gone.  Blank lines and '#' comments are allowed around the
 * number.  0, or -1 with err. */
static int read_count(const char *dir, size_t found, size_t *count, struct err *err)
{
	char *path = join_path(dir, FAQ_COUNT_FILE), *buf = NULL;
	size_t len, bom, first = 0;
	struct faq_file_lines l;
	const char *s;
	size_t n;
	int rc = 0;

	if (!path)
		return err_set(err, _("%s: out of memory"), dir);
	*count = 0;
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		rc = err_set(err, _("%s: missing; it holds the number of entries, so that a lost entry "
				    "file is noticed: create it with the number on one line (%zu files are "
				    "here)"), path, found);
		goto out;
	}
	if (faq_file_read(path, FAQ_MAX_COUNT, _("FAQ count file"), &buf, &len, err)) {
		rc = -1;
		goto out;
	}
	bom = faq_file_bom(buf, len);
	if (faq_file_check(path, buf + bom, len - bom, false, err)) {
		rc = -1;
		goto out;
	}
	l = (struct faq_file_lines){ buf + bom, len - bom, 0, 0 };
	while (rc == 0 && faq_file_line(&l, &s, &n)) {
		size_t digits;

		faq_file_trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		digits = strspn(s, "0123456789");
		if (first)
			rc = err_set(err, _("%s:%zu: only one number is expected (the number of entries "
					    "is on line %zu)"), path, l.no, first);
		else if (digits != n || digits > FAQ_MAX_DIGITS || strtoul(s, NULL, 10) == 0)
			rc = err_set(err, _("%s:%zu: expected the number of entries in half-width digits "
					    "(like 14), not '%.*s'"), path, l.no,
				     faq_file_quote_len(s, n, 40), s);
		else
			*count = strtoul(s, NULL, 10);
		first = l.no;
	}
	if (rc == 0 && !first)
		rc = err_set(err, _("%s: no number in it; write the number of entries (like 14) on "
				    "one line"), path);
out:
	free(buf);
	free(path);
	return rc;
}

/* The file name an entry would have, dir/NN.txt, for messages. */
static void entry_path(const char *dir, size_t num, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%02zu.txt", dir, dir_sep(dir), num);
}

/* Entries 1..n are there: COUNT must say n. */
static int check_count(const char *dir, const struct name *v, size_t n, struct err *err)
{
	char count_path[4096], missing[4096];
	size_t count = 0;

	if (read_count(dir, n, &count, err))
		return -1;
	snprintf(count_path, sizeof count_path, "%s%s" FAQ_COUNT_FILE, dir, dir_sep(dir));
	if (n < count) {
		entry_path(dir, n + 1, missing, sizeof missing);
		return err_set(err, _("%s: missing: %s says there are %zu entries and the last "
				      "file is %s; restore it, or write %zu in %s if the entries "
				      "after %zu were removed on purpose"),
			       missing, count_path, count, v[n - 1].path, n, count_path, n);
	}
	if (n > count)
		return err_set(err, _("%s: entry %d is beyond the %zu entries %s gives; if it is "
				      "a new entry, write %zu in %s"),
			       v[count].path, v[count].num, count, count_path, n, count_path);
	return 0;
}

/* The entry files of dir, sorted by number; checks names, duplicates,
 * gaps and the count.  0, or -1 with err. */
static int list_entries(const char *dir, struct name **out, size_t *count, struct err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct name *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d)
		return err_set(err, _("%s: cannot open the FAQ directory: %s (choose it with --faq DIR "
				      "or MADOGUCHI_FAQ)"), dir, strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		int num = entry_number(de->d_name);

		if (num < 0)
			continue;
		if (num == 0) {
			rc = err_set(err, _("%s/%s: not an entry file name; entries are named by their "
					    "number, like 01.txt (move other files out of %s)"), dir,
				     de->d_name, dir);
			break;
		}
		if (n == cap) {
			struct name *nv = realloc(v, sizeof *v * (cap ? cap * 2 : 32));

			if (!nv) {
				rc = err_set(err, _("%s: out of memory"), dir);
				break;
			}
			v = nv;
			cap = cap ? cap * 2 : 32;
		}
		v[n].num = num;
		v[n].path = join_path(dir, de->d_name);
		if (!v[n++].path)
			rc = err_set(err, _("%s: out of memory"), dir);
	}
	closedir(d);
	if (rc == 0 && n == 0)
		rc = err_set(err, _("%s: no entry files in the FAQ directory (they are named 01.txt, "
				    "02.txt, …; choose the directory with --faq DIR)"), dir);
	if (rc == 0)
		qsort(v, n, sizeof *v, cmp_name);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i > 0 && v[i].num == v[i - 1].num)
			rc = err_set(err, _("%s and %s are both entry %d; remove or renumber one"),
				     v[i - 1].path, v[i].path, v[i].num);
		else if (v[i].num != (int)i + 1) {
			char missing[4096];

			entry_path(dir, i + 1, missing, sizeof missing);
			rc = err_set(err, _("%s: entry %zu is missing (the next file is %s); number "
					    "the entries 1, 2, 3, … without gaps"),
				     missing, i + 1, v[i].path);
		}
	}
	if (rc == 0)
		rc = check_count(dir, v, n, err);
	if (rc) {
		free_names(v, n);
		return -1;
	}
	*out = v;
	*count = n;
	return 0;
}

static int load_entry(const char *path, int num, struct faq_entry *e, struct err *err)
{
	char *buf;
	size_t len;
	int r;

	if (faq_file_read(path, FAQ_MAX_FILE, _("FAQ entry"), &buf, &len, err))
		return -1;
	r = faq_parse_entry(path, num, buf, len, e, err);
	free(buf);
	return r;
}

void faq_free(struct faq *f)
{
	if (!f)
		return;
	faq_search_index_free(f->index);
	for (size_t i = 0; i < f->n; i++)
		faq_entry_free(&f->e[i]);
	free(f->e);
	faq_syn_free(f->syn);
	free(f);
}

int faq_load(const char *dir, const char *synonyms, struct faq **out, struct err *err)
{
	struct faq *f = calloc(1, sizeof *f);
	struct name *names = NULL;
	size_t n = 0;

	if (!f)
		return err_set(err, _("%s: out of memory"), dir);
	if (synonyms && faq_syn_load(synonyms, &f->syn, err))
		goto fail;
	if (list_entries(dir, &names, &n, err))
		goto fail;
	f->e = calloc(n, sizeof *f->e);
	if (!f->e) {
		err_set(err, _("%s: out of memory"), dir);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (load_entry(names[i].path, names[i].num, &f->e[i], err))
			goto fail;
		f->n = i + 1;
	}
	f->index = faq_search_index_build(f);
	if (!f->index) {
		err_set(err, _("%s: out of memory"), dir);
		goto fail;
	}
	free_names(names, n);
	*out = f;
	return 0;
fail:
	free_names(names, n);
	faq_free(f);
	return -1;
}

const struct faq_entry *faq_find(const struct faq *f, int num)
{
	/* list_entries guarantees the numbers are 1..n in order. */
	if (!f || num < 1 || (size_t)num > f->n)
		return NULL;
	return &f->e[num - 1];
}
