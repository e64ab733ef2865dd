/* close_range(2) is a GNU extension; it must be asked for before any
 * header. */
#define _GNU_SOURCE 1
#include "reading.h"

#include <dlfcn.h>
#include <errno.h>
#include <mecab.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "i18n.h"

/* Where the distributions put the UTF-8 IPA dictionary: Debian and Ubuntu
 * (mecab-ipadic-utf8), Fedora, Arch, and MeCab's own default prefix.  The
 * dictionary is named here, not taken from /etc/mecabrc, whose default
 * may be an EUC-JP one. */
static const char *const dicdirs[] = {
	"/var/lib/mecab/dic/ipadic-utf8",
	"/usr/lib64/mecab/dic/ipadic",
	"/usr/lib/mecab/dic/ipadic",
	"/usr/local/lib/mecab/dic/ipadic",
};

/* The stream from the child: one record per word, then an end record (or
 * an error record with its message); the strings are NUL-terminated so
 * the parent can point into what it read. */
#define REC_END   0xFFFFFFFFu
#define REC_ERROR 0xFFFFFFFEu

struct mecab_api {
	mecab_t *(*new2)(const char *);
	const mecab_dictionary_info_t *(*info)(mecab_t *);
	const mecab_node_t *(*parse)(mecab_t *, const char *, size_t);
	void (*destroy)(mecab_t *);
};

/* ---- The child ----------------------------------------------------------- */

/* Verbs and adjectives that carry grammar rather than meaning: 対応いたし
 * ます, 判明している; a caller searching for them means nothing. */
static bool light(const char *base)
{
	static const char *const words[] = {
		"する", "ある", "いる", "なる", "できる", "おる", "いたす", "いただく",
		"くださる", "くる", "れる", "られる", "せる", "させる", "ない", "致す",
		"頂く", "下さる", "居る", "成る", "出来る", "有る", "来る",
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(base, words[i]) == 0)
			return true;
	return false;
}

/* The class of a word from the first two fields of its IPA features (part
 * of speech, subdivision) and its dictionary form. */
static uint8_t word_class(const char *pos, const char *sub, const char *base)
{
	static const char *const function[] = { "助詞", "助動詞", "接続詞", "フィラー", "感動詞" };

	if (strcmp(pos, "記号") == 0)
		return READING_SYMBOL;
	for (size_t i = 0; i < sizeof function / sizeof function[0]; i++)
		if (strcmp(pos, function[i]) == 0)
			return READING_FUNCTION;
	if (strcmp(pos, "接頭詞") == 0 || strcmp(sub, "接尾") == 0)
		return READING_AFFIX;
	if (strcmp(sub, "非自立") == 0)
		return READING_FUNCTION;
	if ((strcmp(pos, "動詞") == 0 || strcmp(pos, "形容詞") == 0) && light(base))
		return READING_FUNCTION;
	return READING_CONTENT;
}

/* Splits a feature string at commas into at most n fields of buf. */
static size_t fields(const char *feature, char *buf, size_t size, const char **f, size_t n)
{
	size_t k = 0;

	snprintf(buf, size, "%s", feature);
	f[k++] = buf;
	for (char *p = buf; *p && k < n; p++)
		if (*p == ',') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static void put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

/* One word as a record: text, offset, length, class, reading, base. */
static void put_word(struct buf *out, uint32_t text, uint32_t off, const mecab_node_t *node)
{
	char fb[1024];
	const char *f[9] = { "", "", "", "", "", "", "", "", "" };
	size_t nf = fields(node->feature ? node->feature : "", fb, sizeof fb, f, 9);
	const char *base = nf > 6 && strcmp(f[6], "*") != 0 ? f[6] : "";
	const char *reading = nf > 7 && strcmp(f[7], "*") != 0 ? f[7] : "";
	uint8_t cls = word_class(f[0], nf > 1 ? f[1] : "", base);

	if (strlen(base) == node->length && memcmp(base, node->surface, node->length) == 0)
		base = "";
	put_u32(out, text);
	put_u32(out, off);
	put_u32(out, node->length);
	buf_add(out, &cls, 1);
	buf_add(out, reading, strlen(reading) + 1);
	buf_add(out, base, strlen(base) + 1);
}

/* MeCab on the dictionary of dicdirs that is UTF-8, or NULL. */
static mecab_t *open_tagger(const struct mecab_api *api)
{
	for (size_t i = 0; i < sizeof dicdirs / sizeof dicdirs[0]; i++) {
		char arg[512], sys[512];
		const mecab_dictionary_info_t *d;
		mecab_t *m;

		snprintf(sys, sizeof sys, "%s/sys.dic", dicdirs[i]);
		if (access(sys, R_OK) != 0)
			continue;
		/* -r /dev/null: no mecabrc is read, the dictionary is ours. */
		snprintf(arg, sizeof arg, "-r /dev/null -d %s", dicdirs[i]);
		m = api->new2(arg);
		if (!m)
			continue;
		d = api->info(m);
		if (d && d->charset && (strcasecmp(d->charset, "utf8") == 0 ||
					strcasecmp(d->charset, "utf-8") == 0))
			return m;
		api->destroy(m);
	}
	return NULL;
}

static void child_error(int fd, const char *msg)
{
	struct buf b = { 0 };

	put_u32(&b, REC_ERROR);
	buf_add(&b, msg, strlen(msg) + 1);
	if (!b.oom)
		file_write_all(fd, b.p, b.n);
	buf_free(&b);
}

static bool load_api(void *lib, struct mecab_api *api)
{
	void *s[4] = { dlsym(lib, "mecab_new2"), dlsym(lib, "mecab_dictionary_info"),
		       dlsym(lib, "mecab_sparse_tonode2"), dlsym(lib, "mecab_destroy") };

	for (int i = 0; i < 4; i++)
		if (!s[i])
			return false;
	/* dlsym gives object pointers; memcpy is the portable way to a
	 * function pointer. */
	memcpy(&api->new2, &s[0], sizeof api->new2);
	memcpy(&api->info, &s[1], sizeof api->info);
	memcpy(&api->parse, &s[2], sizeof api->parse);
	memcpy(&api->destroy, &s[3], sizeof api->destroy);
	return true;
}

/* Every word of every text to fd through out, flushed as it grows.  0
 * when the end record was written. */
static int tag_all(const struct mecab_api *api, mecab_t *m, int fd, const char *const *texts,
		   size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *t = texts[i], *end = t + strlen(t);

		for (const char *line = t; line < end;) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
			const mecab_node_t *node = len ? api->parse(m, line, len) : NULL;

			for (; node; node = node->next) {
				if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE ||
				    node->length == 0 || node->surface < line ||
				    node->surface + node->length > line + len)
					continue;
				put_word(out, (uint32_t)i, (uint32_t)(node->surface - t), node);
			}
			if (out->n > 65536) {
				if (out->oom || file_write_all(fd, out->p, out->n))
					return 1;
				buf_clear(out);
			}
			line += len + 1;
		}
	}
	put_u32(out, REC_END);
	return out->oom || file_write_all(fd, out->p, out->n) ? 1 : 0;
}

/* The child's whole life.  Its status is 0 when the end record was
 * written.  It frees what it made before it ends: valgrind checks the
 * child as it checks the program. */
static int child(int fd, const char *const *texts, size_t n)
{
	void *lib = dlopen("libmecab.so.2", RTLD_NOW | RTLD_LOCAL);
	struct mecab_api api;
	struct buf out = { 0 };
	mecab_t *m;
	int rc;

	if (!lib || !load_api(lib, &api)) {
		child_error(fd, _("libmecab.so.2 cannot be loaded: install the packages libmecab2 and "
				  "mecab-ipadic-utf8 so that hiragana finds kanji in the FAQ"));
		if (lib)
			dlclose(lib);
		return 1;
	}
	m = open_tagger(&api);
	if (!m) {
		child_error(fd, _("no UTF-8 MeCab dictionary (looked in /var/lib/mecab/dic/ipadic-utf8 "
				  "and the usual places): install the package mecab-ipadic-utf8"));
		dlclose(lib);
		return 1;
	}
	rc = tag_all(&api, m, fd, texts, n, &out);
	buf_free(&out);
	api.destroy(m);
	dlclose(lib);
	return rc;
}

/* ---- The parent ---------------------------------------------------------- */

void reading_words_free(struct reading_word *w, size_t n)
{
	(void)n;    /* the strings live in the block after the words */
	free(w);
}

static bool get_u32(const char **p, const char *end, uint32_t *v)
{
	if ((size_t)(end - *p) < sizeof *v)
		return false;
	memcpy(v, *p, sizeof *v);
	*p += sizeof *v;
	return true;
}

static bool get_str(const char **p, const char *end, const char **s)
{
	const char *z = memchr(*p, '\0', (size_t)(end - *p));

	if (!z)
		return false;
	*s = *p;
	*p = z + 1;
	return true;
}

/* Counts the records of what the child sent: the number of words, or -1
 * when the stream is cut or malformed; an error record goes to err. */
static long count_records(const char *p, const char *end, struct err *err)
{
	long n = 0;

	for (;;) {
		uint32_t text, off, len;
		const char *r, *b;

		if (!get_u32(&p, end, &text))
			return -1;
		if (text == REC_END)
			return n;
		if (text == REC_ERROR) {
			if (!get_str(&p, end, &r))
				return -1;
			err_set(err, "%s", r);
			return -2;
		}
		if (!get_u32(&p, end, &off) || !get_u32(&p, end, &len) || p == end)
			return -1;
		p++;
		if (!get_str(&p, end, &r) || !get_str(&p, end, &b))
			return -1;
		n++;
	}
}

/* The records as words, in one block with their strings after them. */
static struct reading_word *decode(const char *p, const char *end, size_t n,
				   const char *const *texts, size_t ntexts)
{
	size_t strings = (size_t)(end - p);
	struct reading_word *w = malloc(sizeof *w * (n ? n : 1) + strings);
	char *pool = (char *)(w + (n ? n : 1));
	const char *start = p;

	if (!w)
		return NULL;
	memcpy(pool, p, strings);
	for (size_t i = 0; i < n; i++) {
		const char *r = start, *b = start;

		get_u32(&p, end, &w[i].text);
		get_u32(&p, end, &w[i].off);
		get_u32(&p, end, &w[i].len);
		w[i].cls = (uint8_t)*p++;
		get_str(&p, end, &r);
		get_str(&p, end, &b);
		w[i].reading = pool + (r - start);
		w[i].base = pool + (b - start);
		if (w[i].text >= ntexts || w[i].cls > READING_SYMBOL ||
		    (size_t)w[i].off + w[i].len > strlen(texts[w[i].text])) {
			free(w);
			return NULL;
		}
	}
	return w;
}

static int read_all(int fd, struct buf *b)
{
	char chunk[4096];

	for (;;) {
		ssize_t k = read(fd, chunk, sizeof chunk);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			return 0;
		if (buf_add(b, chunk, (size_t)k))
			return -1;
	}
}

/* Only the pipe stays open in the child: a lock or a database held by a
 * descriptor it inherited must not outlive the parent's close. */
static void close_others(int keep)
{
	if (keep > 3)
		close_range(3, (unsigned)keep - 1, 0);
	close_range((unsigned)keep + 1, ~0U, 0);
}

/* What the child sent: the words, or -1 with err. */
static int receive(const struct buf *in, const char *const *texts, size_t n,
		   struct reading_word **words, size_t *nwords, struct err *err)
{
	long count = in->n ? count_records(in->p, in->p + in->n, err) : -1;

	if (count == -2)
		return -1;
	if (count < 0)
		return err_set(err, _("readings: MeCab's process ended without finishing"));
	*words = decode(in->p, in->p + in->n, (size_t)count, texts, n);
	if (!*words)
		return err_set(err, _("readings: MeCab's answer could not be read"));
	*nwords = (size_t)count;
	return 0;
}

int reading_analyse(const char *const *texts, size_t n, struct reading_word **words,
		    size_t *nwords, struct err *err)
{
	struct buf in = { 0 };
	int fd[2], rc;
	pid_t pid;

	*words = NULL;
	*nwords = 0;
	if (pipe(fd) != 0)
		return err_set(err, _("readings: cannot make a pipe: %s"), strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return err_set(err, _("readings: cannot start MeCab's process: %s"), strerror(errno));
	}
	if (pid == 0) {
		close(fd[0]);
		close_others(fd[1]);
		_exit(child(fd[1], texts, n));
	}
	close(fd[1]);
	rc = read_all(fd[0], &in);
	close(fd[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (rc)
		rc = err_set(err, _("readings: out of memory"));
	else
		rc = receive(&in, texts, n, words, nwords, err);
	buf_free(&in);
	return rc;
}
