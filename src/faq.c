#include "faq.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uninorm.h>
#include <unistr.h>

/* Limits of the file format (README.md, "The FAQ files"). */
#define FAQ_MAX_FILE   (256 * 1024)
#define FAQ_MAX_DIGITS 5
#define FAQ_MAX_SYN    (1024 * 1024)
#define FAQ_MAX_COUNT  4096
/* The file beside the entries that says how many there are. */
#define FAQ_COUNT_FILE "COUNT"
/* Variants of one query word: enough for every group of a sensible table,
 * small enough that a pathological table cannot slow a keystroke down. */
#define FAQ_MAX_VARIANTS 32

struct faq_member {
	char *s;          /* folded spelling */
	size_t len;
	size_t group;
};

struct faq_group {
	size_t first, n;  /* members [first, first+n) */
};

struct faq_syn {
	struct faq_member *m;
	size_t nm;
	struct faq_group *g;
	size_t ng;
};

/* The folded texts of every entry packed one after the other: searching
 * them there instead of in their own allocations (each beside its much
 * larger offset map) keeps the scan in cache, which is what makes 10,000
 * entries searchable at every keystroke. */
struct faq_index {
	char *text;
	uint32_t *map;    /* beside text: each field's fold map (entries are
	                     < 4 GB), its last slot on the field's '\0' */
	size_t *off;      /* 3 per entry: question, keywords, answer */
	size_t freq[256]; /* how often each byte occurs in text */
};

/* ---- Characters ---------------------------------------------------- */

static const char *control_name(ucs4_t uc)
{
	switch (uc) {
	case 0x00: return " (NUL)";
	case 0x07: return " (BEL)";
	case 0x08: return " (backspace)";
	case 0x09: return " (tab)";
	case 0x0b: return " (vertical tab)";
	case 0x0c: return " (form feed)";
	case 0x0d: return " (carriage return)";
	case 0x1b: return " (ESC)";
	case 0x7f: return " (DEL)";
	case 0xfeff: return " (byte order mark)";
	case 0x2028: return " (line separator)";
	case 0x2029: return " (paragraph separator)";
	default: return "";
	}
}

static bool is_bidi_control(ucs4_t uc)
{
	return (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069) ||
	       uc == 0x200e || uc == 0x200f || uc == 0x061c;
}

/* Characters that would let a text redraw or reorder the screen, or that
 * an editor shows as nothing: refused in the data rather than hidden. */
static bool is_forbidden(ucs4_t uc, bool allow_tab)
{
	if (uc == '\n' || (uc == '\t' && allow_tab))
		return false;
	return uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || is_bidi_control(uc) ||
	       uc == 0xfeff || uc == 0x2028 || uc == 0x2029;
}

/* Checks that buf is UTF-8 without forbidden characters; a CR is allowed
 * only as the first half of a CRLF line end.  A byte order mark at the
 * very start is skipped by the caller. */
static int check_chars(const char *path, const char *buf, size_t len, bool allow_tab,
		       struct err *err)
{
	const uint8_t *p = (const uint8_t *)buf, *end = p + len, *line = p;
	size_t lineno = 1, chars = 0;

	while (p < end) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (k < 0)
			return err_set(err, "%s:%zu: invalid UTF-8 (byte 0x%02x at byte column %zu); "
				       "save the file as UTF-8", path, lineno, *p,
				       (size_t)(p - line) + 1);
		chars++;
		if (uc == '\r' && p + 1 < end && p[1] == '\n') {
			p++;
			continue;
		}
		if (is_forbidden(uc, allow_tab))
			return err_set(err, "%s:%zu: control character U+%04X%s at character %zu; "
				       "remove it", path, lineno, (unsigned)uc, control_name(uc), chars);
		p += k;
		if (uc == '\n') {
			lineno++;
			line = p;
			chars = 0;
		}
	}
	return 0;
}

static size_t skip_bom(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- Lines ------------------------------------------------------------ */

struct lines {
	const char *buf;
	size_t len, pos, no;
};

/* The next line without its LF or CRLF; false at the end. */
static bool next_line(struct lines *l, const char **s, size_t *n)
{
	const char *nl;

	if (l->pos >= l->len)
		return false;
	*s = l->buf + l->pos;
	nl = memchr(*s, '\n', l->len - l->pos);
	*n = nl ? (size_t)(nl - *s) : l->len - l->pos;
	l->pos += *n + (nl ? 1 : 0);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	l->no++;
	return true;
}

/* Length of the space (ASCII or U+3000) at s, or 0. */
static size_t space_len(const char *s, size_t n)
{
	if (n >= 1 && (*s == ' ' || *s == '\t'))
		return 1;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	size_t k;

	while (*n && (k = space_len(*s, *n)) != 0) {
		*s += k;
		*n -= k;
	}
	for (;;) {
		if (*n >= 1 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
			(*n)--;
		else if (*n >= 3 && memcmp(*s + *n - 3, "\xE3\x80\x80", 3) == 0)
			*n -= 3;
		else
			break;
	}
}

static bool is_blank(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* At most max bytes of s, cut at a character boundary, for messages. */
static int cut_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (int)max;
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
		return err_set(err, "%s:%zu: expected a header line 'question: …' or 'keywords: …'; "
			       "if the answer starts here, put an empty line before it", path, no);
	name_len = (size_t)(colon - s);
	v = colon + 1;
	nv = n - name_len - 1;
	trim(&v, &nv);
	if (name_len == 8 && memcmp(s, "question", 8) == 0) {
		if (h->question)
			return err_set(err, "%s:%zu: a second 'question:' line (the first is line %zu)",
				       path, no, h->qline);
		if (nv == 0)
			return err_set(err, "%s:%zu: the question is empty", path, no);
		h->question = v;
		h->nq = nv;
		h->qline = no;
		return 0;
	}
	if (name_len == 8 && memcmp(s, "keywords", 8) == 0) {
		if (h->keywords)
			return err_set(err, "%s:%zu: a second 'keywords:' line (the first is line %zu)",
				       path, no, h->kline);
		h->keywords = v;
		h->nk = nv;
		h->kline = no;
		return 0;
	}
	return err_set(err, "%s:%zu: unknown header '%.*s' (known: question, keywords)",
		       path, no, cut_len(s, name_len, 40), s);
}

/* The answer: every line after the blank one, without the empty lines at
 * either end, joined by '\n' (CRLF becomes LF). */
static char *collect_answer(struct lines *l, const char *path, size_t blank_line,
			    struct err *err)
{
	const char *s;
	size_t n, out = 0, keep = 0;
	char *a = malloc(l->len - l->pos + 1);

	if (!a) {
		err_set(err, "%s: out of memory", path);
		return NULL;
	}
	while (next_line(l, &s, &n)) {
		if (out == 0 && is_blank(s, n))
			continue;
		if (out)
			a[out++] = '\n';
		memcpy(a + out, s, n);
		out += n;
		if (!is_blank(s, n))
			keep = out;
	}
	if (keep == 0) {
		free(a);
		err_set(err, "%s:%zu: the answer is empty; write it after the empty line "
			"that ends the header", path, blank_line + 1);
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
	struct lines l;
	struct header h = { 0 };
	const char *s;
	size_t n, bom = skip_bom(buf, len);
	bool blank = false;

	memset(e, 0, sizeof *e);
	if (check_chars(path, buf + bom, len - bom, false, err))
		return -1;
	l = (struct lines){ buf + bom, len - bom, 0, 0 };
	while (next_line(&l, &s, &n)) {
		if (is_blank(s, n)) {
			blank = true;
			break;
		}
		if (s[0] == '#')
			continue;
		if (parse_header(path, l.no, s, n, &h, err))
			return -1;
	}
	if (!h.question)
		return err_set(err, "%s:%zu: the 'question: …' line is missing", path,
			       l.no ? l.no : 1);
	if (!blank)
		return err_set(err, "%s:%zu: the answer is missing; after the header write an "
			       "empty line, then the answer", path, l.no + 1);
	e->num = num;
	e->path = strdup(path);
	e->question = dup_n(h.question, h.nq);
	e->keywords = h.keywords ? dup_n(h.keywords, h.nk) : strdup("");
	if (!e->path || !e->question || !e->keywords) {
		faq_entry_free(e);
		return err_set(err, "%s: out of memory", path);
	}
	e->answer = collect_answer(&l, path, l.no, err);
	if (!e->answer) {
		faq_entry_free(e);
		return -1;
	}
	if (fold_entry(e)) {
		faq_entry_free(e);
		return err_set(err, "%s: out of memory", path);
	}
	return 0;
}

/* ---- Files --------------------------------------------------------------- */

/* The whole file, at most max bytes, NUL-terminated.  0, or -1 with err. */
static int read_file(const char *path, size_t max, const char *what, char **out,
		     size_t *len, struct err *err)
{
	struct stat st;
	char *buf;
	size_t n = 0;
	/* O_NONBLOCK: opening a FIFO (or a terminal) named like an entry
	 * would otherwise wait for a writer before the type is seen. */
	int rc = 0, fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return err_set(err, "%s: cannot read the %s: %s", path, what, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, "%s: the %s is not a regular file", path, what);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		rc = errno;
		close(fd);
		return err_set(err, "%s: cannot read the %s: %s", path, what, strerror(rc));
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return err_set(err, "%s: too large for a %s (%lld bytes, at most %zu)", path, what,
			       (long long)st.st_size, max);
	}
	buf = malloc(max + 2);
	if (!buf) {
		close(fd);
		return err_set(err, "%s: out of memory", path);
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, max + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = err_set(err, "%s: cannot read the %s: %s", path, what, strerror(errno));
			break;
		}
		n += (size_t)r;
		if (r == 0)
			break;
		if (n > max) {
			rc = err_set(err, "%s: too large for a %s (more than %zu bytes)", path,
				     what, max);
			break;
		}
	}
	close(fd);
	if (rc) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

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
	size_t len, first = 0;
	struct lines l;
	const char *s;
	size_t n;
	int rc = 0;

	if (!path)
		return err_set(err, "%s: out of memory", dir);
	*count = 0;
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		rc = err_set(err, "%s: missing; it holds the number of entries, so that a lost entry "
			     "file is noticed: create it with the number on one line (%zu files are "
			     "here)", path, found);
		goto out;
	}
	if (read_file(path, FAQ_MAX_COUNT, "FAQ count file", &buf, &len, err) ||
	    check_chars(path, buf + skip_bom(buf, len), len - skip_bom(buf, len), false, err)) {
		rc = -1;
		goto out;
	}
	l = (struct lines){ buf + skip_bom(buf, len), len - skip_bom(buf, len), 0, 0 };
	while (rc == 0 && next_line(&l, &s, &n)) {
		size_t digits;

		trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		digits = strspn(s, "0123456789");
		if (first)
			rc = err_set(err, "%s:%zu: only one number is expected (the number of entries "
				     "is on line %zu)", path, l.no, first);
		else if (digits != n || digits > FAQ_MAX_DIGITS || strtoul(s, NULL, 10) == 0)
			rc = err_set(err, "%s:%zu: expected the number of entries in half-width digits "
				     "(like 14), not '%.*s'", path, l.no, cut_len(s, n, 40), s);
		else
			*count = strtoul(s, NULL, 10);
		first = l.no;
	}
	if (rc == 0 && !first)
		rc = err_set(err, "%s: no number in it; write the number of entries (like 14) on "
			     "one line", path);
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
		return err_set(err, "%s: missing: %s says there are %zu entries and the last file is %s; "
			       "restore it, or write %zu in %s if the entries after %zu were removed "
			       "on purpose", missing, count_path, count, v[n - 1].path, n, count_path, n);
	}
	if (n > count)
		return err_set(err, "%s: entry %d is beyond the %zu entries %s gives; if it is a new "
			       "entry, write %zu in %s", v[count].path, v[count].num, count, count_path,
			       n, count_path);
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
		return err_set(err, "%s: cannot open the FAQ directory: %s (choose it with --faq DIR "
			       "or MADOGUCHI_FAQ)", dir, strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		int num = entry_number(de->d_name);

		if (num < 0)
			continue;
		if (num == 0) {
			rc = err_set(err, "%s/%s: not an entry file name; entries are named by their "
				     "number, like 01.txt (move other files out of %s)", dir,
				     de->d_name, dir);
			break;
		}
		if (n == cap) {
			struct name *nv = realloc(v, sizeof *v * (cap ? cap * 2 : 32));

			if (!nv) {
				rc = err_set(err, "%s: out of memory", dir);
				break;
			}
			v = nv;
			cap = cap ? cap * 2 : 32;
		}
		v[n].num = num;
		v[n].path = join_path(dir, de->d_name);
		if (!v[n++].path)
			rc = err_set(err, "%s: out of memory", dir);
	}
	closedir(d);
	if (rc == 0 && n == 0)
		rc = err_set(err, "%s: no entry files in the FAQ directory (they are named 01.txt, "
			     "02.txt, …; choose the directory with --faq DIR)", dir);
	if (rc == 0)
		qsort(v, n, sizeof *v, cmp_name);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i > 0 && v[i].num == v[i - 1].num)
			rc = err_set(err, "%s and %s are both entry %d; remove or renumber one",
				     v[i - 1].path, v[i].path, v[i].num);
		else if (v[i].num != (int)i + 1) {
			char missing[4096];

			entry_path(dir, i + 1, missing, sizeof missing);
			rc = err_set(err, "%s: entry %zu is missing (the next file is %s); number "
				     "the entries 1, 2, 3, … without gaps", missing, i + 1, v[i].path);
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

	if (read_file(path, FAQ_MAX_FILE, "FAQ entry", &buf, &len, err))
		return -1;
	r = faq_parse_entry(path, num, buf, len, e, err);
	free(buf);
	return r;
}

/* ---- Synonyms ------------------------------------------------------------ */

void faq_syn_free(struct faq_syn *syn)
{
	if (!syn)
		return;
	for (size_t i = 0; i < syn->nm; i++)
		free(syn->m[i].s);
	free(syn->m);
	free(syn->g);
	free(syn);
}

static int syn_add(struct faq_syn *syn, size_t *cap, const char *s, size_t n)
{
	struct text_fold f;

	if (syn->nm == *cap) {
		struct faq_member *m = realloc(syn->m, sizeof *m * (*cap = *cap ? *cap * 2 : 64));

		if (!m)
			return -1;
		syn->m = m;
	}
	if (text_fold(s, n, &f))
		return -1;
	free(f.map);
	syn->m[syn->nm++] = (struct faq_member){ f.s, f.n, syn->ng };
	return 0;
}

/* One group line: spellings separated by tabs or spaces. */
static int syn_line(struct faq_syn *syn, size_t *cap, const char *path, size_t no,
		    const char *s, size_t n, struct err *err)
{
	size_t first = syn->nm, i = 0;

	while (i < n) {
		size_t k = space_len(s + i, n - i), j = i;

		if (k) {
			i += k;
			continue;
		}
		while (j < n && !space_len(s + j, n - j))
			j++;
		if (syn_add(syn, cap, s + i, j - i))
			return err_set(err, "%s: out of memory", path);
		if (syn->m[syn->nm - 1].len == 0)
			return err_set(err, "%s:%zu: '%.*s' has no searchable characters", path, no,
				       cut_len(s + i, j - i, 40), s + i);
		i = j;
	}
	if (syn->nm - first < 2)
		return err_set(err, "%s:%zu: a group needs at least two spellings separated "
			       "by tabs", path, no);
	return 0;
}

int faq_parse_synonyms(const char *path, const char *buf, size_t len,
		       struct faq_syn **out, struct err *err)
{
	struct faq_syn *syn = calloc(1, sizeof *syn);
	size_t bom = skip_bom(buf, len), cap = 0, gcap = 0;
	struct lines l = { buf + bom, len - bom, 0, 0 };
	const char *s;
	size_t n;

	if (!syn)
		return err_set(err, "%s: out of memory", path);
	if (check_chars(path, buf + bom, len - bom, true, err))
		goto fail;
	while (next_line(&l, &s, &n)) {
		size_t first = syn->nm;

		if (is_blank(s, n) || s[0] == '#')
			continue;
		if (syn->ng == gcap) {
			struct faq_group *g = realloc(syn->g, sizeof *g * (gcap = gcap ? gcap * 2 : 32));

			if (!g) {
				err_set(err, "%s: out of memory", path);
				goto fail;
			}
			syn->g = g;
		}
		if (syn_line(syn, &cap, path, l.no, s, n, err))
			goto fail;
		syn->g[syn->ng++] = (struct faq_group){ first, syn->nm - first };
	}
	*out = syn;
	return 0;
fail:
	faq_syn_free(syn);
	return -1;
}

static int load_synonyms(const char *path, struct faq_syn **out, struct err *err)
{
	char *buf;
	size_t len;
	int r;

	if (read_file(path, FAQ_MAX_SYN, "synonym table", &buf, &len, err))
		return -1;
	r = faq_parse_synonyms(path, buf, len, out, err);
	free(buf);
	return r;
}

/* ---- The whole FAQ ------------------------------------------------------- */

static void index_free(struct faq_index *x)
{
	if (!x)
		return;
	free(x->text);
	free(x->map);
	free(x->off);
	free(x);
}

static struct faq_index *index_build(const struct faq *f)
{
	struct faq_index *x = calloc(1, sizeof *x);
	size_t total = 0, at = 0;

	if (!x)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		total += f->e[i].fq.n + f->e[i].fk.n + f->e[i].fa.n + 3;
	x->text = malloc(total + 1);
	x->map = malloc(sizeof *x->map * (total + 1));
	x->off = malloc(sizeof *x->off * 3 * (f->n ? f->n : 1));
	if (!x->text || !x->map || !x->off) {
		index_free(x);
		return NULL;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct text_fold *t[3] = { &f->e[i].fq, &f->e[i].fk, &f->e[i].fa };

		for (int j = 0; j < 3; j++) {
			x->off[3 * i + (size_t)j] = at;
			memcpy(x->text + at, t[j]->s, t[j]->n);
			for (size_t b = 0; b <= t[j]->n; b++)
				x->map[at + b] = (uint32_t)t[j]->map[b];
			at += t[j]->n;
			x->text[at++] = '\0';
		}
	}
	for (size_t i = 0; i < at; i++)
		x->freq[(unsigned char)x->text[i]]++;
	return x;
}

void faq_free(struct faq *f)
{
	if (!f)
		return;
	index_free(f->index);
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
		return err_set(err, "%s: out of memory", dir);
	if (synonyms && load_synonyms(synonyms, &f->syn, err))
		goto fail;
	if (list_entries(dir, &names, &n, err))
		goto fail;
	f->e = calloc(n, sizeof *f->e);
	if (!f->e) {
		err_set(err, "%s: out of memory", dir);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (load_entry(names[i].path, names[i].num, &f->e[i], err))
			goto fail;
		f->n = i + 1;
	}
	f->index = index_build(f);
	if (!f->index) {
		err_set(err, "%s: out of memory", dir);
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

/* ---- Search ------------------------------------------------------------- */

struct word {
	char *v[FAQ_MAX_VARIANTS];   /* v[0] is the folded word itself */
	size_t len[FAQ_MAX_VARIANTS];
	size_t anchor[FAQ_MAX_VARIANTS];
	size_t nv;
};

/* The byte of a needle that is rarest in the texts searched (freq, the
 * byte counts of the packed texts, or a guess when NULL), so that memchr()
 * skips most of the haystack.  In Japanese UTF-8 every character starts
 * with a lead byte (E3 for all kana) and kana share their second byte: a
 * plain memmem() crawls on such text. */
static size_t anchor_of(const char *s, size_t n, const size_t *freq)
{
	size_t best = 0, rarest = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool last = i + 1 == n || ((unsigned char)s[i + 1] & 0xc0) != 0x80;
		size_t r;

		if (freq)
			r = freq[c];
		else
			r = c < 0x80 ? (c == ' ' ? 3 : 0) : c >= 0xc0 ? 4 : last ? 1 : 2;
		if (r < rarest) {
			rarest = r;
			best = i;
		}
	}
	return best;
}

/* The first occurrence of needle[0..n) in [from, end), or NULL; k is the
 * anchor_of the needle. */
static const char *find(const char *from, const char *end, const char *needle, size_t n,
			size_t k)
{
	const char *p, *limit;

	if (n == 0 || (size_t)(end - from) < n)
		return NULL;
	limit = end - (n - 1 - k);
	for (p = from + k; p < limit; p++) {
		p = memchr(p, needle[k], (size_t)(limit - p));
		if (!p)
			return NULL;
		if (p[n - 1 - k] == needle[n - 1] && memcmp(p - k, needle, n) == 0)
			return p - k;
	}
	return NULL;
}

struct fspan {
	size_t s, e;                 /* folded byte range */
};

struct spanvec {
	struct fspan *v;
	size_t n, cap;
};

/* What one search builds up before handing one block to the caller. */
struct search {
	struct word *w;
	size_t nw;
	struct spanvec tq, ta;       /* spans of the entry being scored */
	struct faq_hit *hits;        /* q and a are set by finish() */
	size_t *first;               /* index in spans of each hit's first span */
	size_t nhits, hcap;
	struct faq_span *spans;      /* every hit's spans: question's, answer's */
	size_t nspans, scap;
};

static void words_free(struct word *w, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		for (size_t j = 0; j < w[i].nv; j++)
			free(w[i].v[j]);
	free(w);
}

static int add_variant(struct word *w, char *s, size_t n)
{
	for (size_t i = 0; i < w->nv; i++)
		if (w->len[i] == n && memcmp(w->v[i], s, n) == 0) {
			free(s);
			return 0;
		}
	if (w->nv == FAQ_MAX_VARIANTS) {
		free(s);
		return 0;
	}
	w->v[w->nv] = s;
	w->len[w->nv++] = n;
	return 0;
}

/* For every spelling of a synonym group found inside spelling b of the
 * word, that spelling with it replaced by each other one of its group:
 * 漏洩 gives 漏えい and 流出, 漏洩件数 gives 漏えい件数. */
static int expand(struct word *w, size_t b, const struct faq_syn *syn)
{
	const char *base = w->v[b];
	size_t bl = w->len[b];

	for (size_t i = 0; syn && i < syn->nm; i++) {
		const struct faq_member *m = &syn->m[i];
		const char *p = find(base, base + bl, m->s, m->len, anchor_of(m->s, m->len, NULL));
		const struct faq_group *g;

		if (!p)
			continue;
		g = &syn->g[m->group];
		for (size_t j = g->first; j < g->first + g->n; j++) {
			const struct faq_member *o = &syn->m[j];
			size_t pre = (size_t)(p - base), post = bl - pre - m->len;
			size_t n = pre + o->len + post;
			char *s;

			if (j == i)
				continue;
			s = malloc(n + 1);
			if (!s)
				return -1;
			memcpy(s, base, pre);
			memcpy(s + pre, o->s, o->len);
			memcpy(s + pre + o->len, p + m->len, post);
			s[n] = '\0';
			add_variant(w, s, n);
		}
	}
	return 0;
}

static bool contains(const char *s, size_t n, const char *t, size_t m)
{
	return m <= n && find(s, s + n, t, m, anchor_of(t, m, NULL)) != NULL;
}

/* Drops the variants that contain another one (クレジットカード when カード
 * is there): wherever they occur the shorter one does too, so they would
 * only cost time.  Then notes each one's anchor. */
static void prune(struct word *w, const size_t *freq)
{
	size_t out = 0;

	for (size_t i = 0; i < w->nv; i++) {
		bool redundant = false;

		for (size_t j = 0; j < w->nv && !redundant; j++)
			redundant = j != i && w->v[j] && w->len[j] < w->len[i] &&
				    contains(w->v[i], w->len[i], w->v[j], w->len[j]);
		if (redundant) {
			free(w->v[i]);
			w->v[i] = NULL;
		}
	}
	for (size_t i = 0; i < w->nv; i++) {
		if (!w->v[i])
			continue;
		w->v[out] = w->v[i];
		w->len[out] = w->len[i];
		w->anchor[out] = anchor_of(w->v[i], w->len[i], freq);
		out++;
	}
	w->nv = out;
}

/* Each spelling of w once more with its last character (a kana that can
 * take a voicing mark) voiced, and semi-voiced: くれし → くれじ. */
static int unfinished(struct word *w)
{
	size_t nv = w->nv;

	for (size_t i = 0; i < nv; i++) {
		static const ucs4_t marks[2] = { 0x3099, 0x309A };
		ucs4_t last;
		const uint8_t *p = u8_prev(&last, (const uint8_t *)w->v[i] + w->len[i], (const uint8_t *)w->v[i]);
		size_t pre = p ? (size_t)(p - (const uint8_t *)w->v[i]) : 0;

		for (int m = 0; p && m < 2; m++) {
			ucs4_t c = uc_composition(last, marks[m]);
			char *s;
			int k;

			if (!c)
				continue;
			if (!(s = malloc(pre + 7)))
				return -1;
			memcpy(s, w->v[i], pre);
			k = u8_uctomb((uint8_t *)s + pre, c, 6);
			s[pre + (size_t)k] = '\0';
			add_variant(w, s, pre + (size_t)k);
		}
	}
	return 0;
}

/* Splits the query at ASCII and ideographic spaces and folds each word;
 * words that fold to nothing are dropped.  With typing, the last word (the
 * query not ending in a space) may be unfinished.  0, or -1 when memory
 * runs out. */
static int parse_query(const char *q, const struct faq *f, bool typing, struct search *st)
{
	size_t n = strlen(q), i = 0;

	st->w = calloc(n / 2 + 1, sizeof *st->w);
	if (!st->w)
		return -1;
	while (i < n) {
		size_t k = space_len(q + i, n - i), j = i;
		struct text_fold fw;
		struct word *w;

		if (k) {
			i += k;
			continue;
		}
		while (j < n && !space_len(q + j, n - j))
			j++;
		if (text_fold(q + i, j - i, &fw))
			return -1;
		i = j;
		free(fw.map);
		if (fw.n == 0) {
			free(fw.s);
			continue;
		}
		w = &st->w[st->nw++];
		w->v[0] = fw.s;
		w->len[0] = fw.n;
		w->nv = 1;
		/* The voiced forms first, so that each gets its synonyms
		 * too (ﾊﾟｽﾜｰﾄ: ぱすわーど and ぱすわーと, and PW). */
		if (typing && i == n && unfinished(w))
			return -1;
		for (size_t b = 0, nb = w->nv; b < nb; b++)
			if (expand(w, b, f->syn))
				return -1;
		prune(w, f->index ? f->index->freq : NULL);
	}
	return 0;
}

static int span_push(struct spanvec *v, size_t s, size_t e)
{
	if (v->n == v->cap) {
		struct fspan *nv = realloc(v->v, sizeof *nv * (v->cap = v->cap ? v->cap * 2 : 64));

		if (!nv)
			return -1;
		v->v = nv;
	}
	v->v[v->n++] = (struct fspan){ s, e };
	return 0;
}

struct occ {
	size_t count, first;
};

/* Occurrences of every variant of w in the folded text f; with spans, each
 * one is recorded.  -1 when memory runs out. */
static int occurrences(const char *text, size_t n, const struct word *w,
		       struct spanvec *spans, struct occ *o)
{
	o->count = 0;
	o->first = SIZE_MAX;
	for (size_t i = 0; i < w->nv; i++) {
		const char *p = text, *end = text + n;

		while ((p = find(p, end, w->v[i], w->len[i], w->anchor[i])) != NULL) {
			size_t at = (size_t)(p - text);

			o->count++;
			if (at < o->first)
				o->first = at;
			if (spans && span_push(spans, at, at + w->len[i]))
				return -1;
			p += w->len[i];
		}
	}
	return 0;
}

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The score of one word in one entry, 0 when it does not occur.  A match
 * in the question always outweighs one in the keywords, which outweighs
 * one in the answer; within a field, earlier and more often count. */
static int word_score(const struct faq_entry *e, const char *const t[3],
		      const struct word *w, struct search *st, int *score)
{
	struct occ q, k, a;

	if (occurrences(t[0], e->fq.n, w, &st->tq, &q) ||
	    occurrences(t[1], e->fk.n, w, NULL, &k) ||
	    occurrences(t[2], e->fa.n, w, &st->ta, &a))
		return -1;
	*score = 0;
	if (q.count)
		*score += 1000 + 60 - (int)min_sz(q.first / 3, 60) + 4 * (int)min_sz(q.count, 5);
	if (k.count)
		*score += 300;
	if (a.count)
		*score += 100 + 3 * (int)min_sz(a.count, 10);
	return 0;
}

static int cmp_fspan(const void *a, const void *b)
{
	const struct fspan *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

/* A fold map, wide from text_fold or narrow from the index. */
struct fmap {
	const size_t *wide;
	const uint32_t *narrow;
	size_t n;                    /* folded length: the map has n+1 slots */
};

static size_t map_at(const struct fmap *m, size_t i)
{
	return m->narrow ? m->narrow[i] : m->wide[i];
}

/* The original offset where the folded text up to byte e ends: a match
 * that stops inside the expansion of one original character (㍿ → 株式会社)
 * takes the whole character. */
static size_t orig_end(const struct fmap *m, size_t e)
{
	size_t j = e;

	if (e == 0 || e >= m->n)
		return map_at(m, e >= m->n ? m->n : 0);
	while (j < m->n && map_at(m, j) == map_at(m, e - 1))
		j++;
	return map_at(m, j);
}

/* Sorts and merges the folded spans of v, maps them to the original and
 * appends them to st->spans.  Returns how many were appended, or -1. */
static long flush_spans(struct spanvec *v, const struct fmap *m, struct search *st)
{
	size_t start = st->nspans;

	if (v->n == 0)
		return 0;
	qsort(v->v, v->n, sizeof *v->v, cmp_fspan);
	for (size_t i = 0; i < v->n;) {
		size_t s = v->v[i].s, e = v->v[i].e, off, end;

		for (i++; i < v->n && v->v[i].s <= e; i++)
			if (v->v[i].e > e)
				e = v->v[i].e;
		off = map_at(m, s);
		end = orig_end(m, e);
		if (st->nspans > start &&
		    st->spans[st->nspans - 1].off + st->spans[st->nspans - 1].len >= off) {
			/* Two folded spans can meet inside one original character. */
			struct faq_span *last = &st->spans[st->nspans - 1];

			if (end > last->off + last->len)
				last->len = end - last->off;
			continue;
		}
		if (st->nspans == st->scap) {
			struct faq_span *ns = realloc(st->spans, sizeof *ns *
						      (st->scap = st->scap ? st->scap * 2 : 256));

			if (!ns)
				return -1;
			st->spans = ns;
		}
		st->spans[st->nspans++] = (struct faq_span){ off, end - off };
	}
	v->n = 0;
	return (long)(st->nspans - start);
}

static int add_hit(struct search *st, size_t index, int score, size_t first,
		   size_t nq, size_t na)
{
	if (st->nhits == st->hcap) {
		size_t cap = st->hcap ? st->hcap * 2 : 64;
		struct faq_hit *nh = realloc(st->hits, sizeof *nh * cap);
		size_t *nf;

		if (!nh)
			return -1;
		st->hits = nh;
		nf = realloc(st->first, sizeof *nf * cap);
		if (!nf)
			return -1;
		st->first = nf;
		st->hcap = cap;
	}
	st->first[st->nhits] = first;
	st->hits[st->nhits++] = (struct faq_hit){ .index = index, .score = score,
						  .nq = nq, .na = na };
	return 0;
}

/* Scores entry i and, when every word matches, records it as a hit with
 * its spans.  -1 when memory runs out. */
static int score_entry(const struct faq *f, size_t i, struct search *st)
{
	const struct faq_entry *e = &f->e[i];
	size_t first = st->nspans;
	int total = 0;
	long nq, na;

	const char *t[3] = { e->fq.s, e->fk.s, e->fa.s };
	struct fmap mq = { e->fq.map, NULL, e->fq.n }, ma = { e->fa.map, NULL, e->fa.n };

	if (f->index) {
		const size_t *off = &f->index->off[3 * i];

		for (int j = 0; j < 3; j++)
			t[j] = f->index->text + off[j];
		mq.narrow = f->index->map + off[0];
		ma.narrow = f->index->map + off[2];
	}
	st->tq.n = st->ta.n = 0;
	for (size_t k = 0; k < st->nw; k++) {
		int s;

		if (word_score(e, t, &st->w[k], st, &s))
			return -1;
		if (s == 0)
			return 0;
		total += s;
	}
	nq = flush_spans(&st->tq, &mq, st);
	na = nq < 0 ? -1 : flush_spans(&st->ta, &ma, st);
	if (na < 0)
		return -1;
	return add_hit(st, i, total, first, (size_t)nq, (size_t)na);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct faq_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* One block for the caller: the hits, then all spans. */
static struct faq_hit *finish(const struct search *st)
{
	size_t hb = sizeof *st->hits * st->nhits;
	struct faq_hit *out;
	struct faq_span *sp;

	if (st->nhits == 0)
		return NULL;
	out = malloc(hb + sizeof *st->spans * st->nspans + 1);
	if (!out)
		return NULL;
	sp = (struct faq_span *)(void *)((char *)out + hb);
	if (st->nspans)
		memcpy(sp, st->spans, sizeof *sp * st->nspans);
	for (size_t i = 0; i < st->nhits; i++) {
		out[i] = st->hits[i];
		out[i].q = out[i].nq ? sp + st->first[i] : NULL;
		out[i].a = out[i].na ? sp + st->first[i] + out[i].nq : NULL;
	}
	qsort(out, st->nhits, sizeof *out, cmp_hit);
	return out;
}

static void search_free(struct search *st)
{
	words_free(st->w, st->nw);
	free(st->tq.v);
	free(st->ta.v);
	free(st->hits);
	free(st->first);
	free(st->spans);
}

static size_t all_entries(const struct faq *f, struct faq_hit **hits)
{
	*hits = NULL;
	if (f->n == 0)
		return 0;
	*hits = calloc(f->n, sizeof **hits);
	if (!*hits)
		return (size_t)-1;
	for (size_t i = 0; i < f->n; i++)
		(*hits)[i].index = i;
	return f->n;
}

static size_t search(const struct faq *f, const char *query, bool typing, struct faq_hit **hits)
{
	struct search st = { 0 };
	size_t n = (size_t)-1;

	*hits = NULL;
	if (parse_query(query ? query : "", f, typing, &st))
		goto out;
	if (st.nw == 0) {
		n = all_entries(f, hits);
		goto out;
	}
	for (size_t i = 0; i < f->n; i++)
		if (score_entry(f, i, &st))
			goto out;
	*hits = finish(&st);
	if (st.nhits && !*hits)
		goto out;
	n = st.nhits;
out:
	search_free(&st);
	return n;
}

size_t faq_search(const struct faq *f, const char *query, struct faq_hit **hits)
{
	return search(f, query, false, hits);
}

size_t faq_search_typing(const struct faq *f, const char *query, struct faq_hit **hits)
{
	return search(f, query, true, hits);
}

void faq_hits_free(struct faq_hit *hits, size_t n)
{
	(void)n;    /* the spans live in the same block as the hits */
	free(hits);
}
