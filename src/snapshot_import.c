#include "snapshot_import.h"
#include "i18n.h"
#include "snapshot_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- rows ------------------------------------------------------------ */

enum col {
	C_REF, C_NAME, C_KANA, C_BIRTH, C_GENDER, C_POSTAL, C_ADDRESS, C_EMAIL, C_PHONE,
	C_REG, C_CARD, C_UI, C_NOTIFIED, NCOL
};

static const char *const col_names[NCOL] = {
	"ref", "name", "kana", "birth_date", "gender", "postal_code", "address", "email",
	"phone", "registered_on", "card_exposed", "userinfo_exposed", "notified_on",
};

static const struct { enum col col; enum ident_kind kind; } ident_cols[] = {
	{ C_KANA, IDENT_KANA }, { C_NAME, IDENT_NAME }, { C_BIRTH, IDENT_DATE },
	{ C_PHONE, IDENT_PHONE }, { C_EMAIL, IDENT_EMAIL }, { C_POSTAL, IDENT_POSTAL },
};

struct row {
	long line;
	char *ref;                   /* NULL: none */
	uint8_t d[IDENT_NKINDS][SNAPSHOT_DIGEST_BYTES];
	unsigned present;            /* 1 << ident_kind */
	unsigned items;
	bool card, ui;
	char reg[11], notified[11], hint[5];
};


/* A (name identifier, supporting identifier) pair of a person, hashed:
 * what a row without ref must share with a person to join them. */
struct slot {
	uint64_t key;
	uint32_t person;             /* index + 1; 0 is an empty slot */
};

/* Readings, names and dates repeat: a million rows hold a few thousand
 * distinct ones.  A direct-mapped memo of ident's successes (failures are
 * canonicalised again, for ident's own message) skips most of the work. */
#define MEMO_SLOTS 4096
#define MEMO_RAW 48

struct memo {
	uint8_t len;                 /* raw length + 1; 0: empty */
	bool has_d;
	char raw[MEMO_RAW];
	char canon[IDENT_MAX];
	uint8_t d[SNAPSHOT_DIGEST_BYTES];
};

struct imp {
	const uint8_t *key;
	snapshot_report_fn *report;
	void *ctx;
	long nbad, nbadrows;         /* errors, and the rows they are in */
	uint8_t *badline;            /* bit per physical line: a row counted */
	long maxline;
	int col[NCOL];               /* field index, or -1 */
	size_t ncols;
	struct row *rows;
	size_t nrows, caprows;
	struct snapshot_merged *persons;
	size_t npersons;
	struct slot *slots;          /* pair → persons, open addressing; built on
					the first row without ref */
	size_t nslots, nnoref;
	int bits;                    /* digest bucket bits */
	/* Keyed and domain-separated once: a copy per digest saves hashing
	 * the key block every time. */
	crypto_generichash_state base[IDENT_NKINDS];
	struct memo *memo[IDENT_NKINDS];   /* NULL: not memoised */
	struct snapshot_summary sum;
};

static void bad(struct imp *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One error of the row starting on line.  A row may have several: the
 * summary counts rows, so each line is counted once. */
static void bad(struct imp *im, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	im->nbad++;
	if (!im->badline || line < 1 || line > im->maxline) {
		im->nbadrows++;
	} else if (!(im->badline[line / 8] & (1u << (line % 8)))) {
		im->badline[line / 8] |= (uint8_t)(1u << (line % 8));
		im->nbadrows++;
	}
	if (im->report)
		im->report(im->ctx, msg);
}

/* Blank: only ASCII spaces, tabs and ideographic spaces. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (i + 2 < n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
			i += 2;
			continue;
		}
		return false;
	}
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int header(struct imp *im, const struct csv *c, const char *name, struct err *err)
{
	for (int k = 0; k < NCOL; k++)
		im->col[k] = -1;
	im->ncols = c->nfield;
	for (size_t i = 0; i < c->nfield; i++) {
		const char *s = c->field[i];
		size_t n = c->flen[i];
		int k;

		trim(&s, &n);
		for (k = 0; k < NCOL; k++)
			if (strlen(col_names[k]) == n && strncasecmp(s, col_names[k], n) == 0)
				break;
		if (k == NCOL)
			return err_set(err, _("%s:%ld: unknown column '%.*s'; the columns are "
				       "ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
				       "registered_on,card_exposed,userinfo_exposed,notified_on"),
				       name, c->rec_line, (int)(n > 40 ? 40 : n), s);
		if (im->col[k] >= 0)
			return err_set(err, _("%s:%ld: column '%s' appears twice"), name, c->rec_line,
				       col_names[k]);
		im->col[k] = (int)i;
	}
	if (im->col[C_KANA] < 0 && im->col[C_NAME] < 0)
		return err_set(err, _("%s:%ld: the header needs a 'kana' or a 'name' column"), name, c->rec_line);
	if (im->col[C_BIRTH] < 0 && im->col[C_PHONE] < 0 && im->col[C_EMAIL] < 0)
		return err_set(err, _("%s:%ld: the header needs a 'birth_date', 'phone' or 'email' column"),
			       name, c->rec_line);
	if (im->col[C_CARD] < 0 || im->col[C_UI] < 0)
		return err_set(err, _("%s:%ld: the header needs the columns 'card_exposed' and 'userinfo_exposed'"),
			       name, c->rec_line);
	return 0;
}

/* The field of column k in this record, or NULL when the column is absent
 * or the value blank. */
static const char *fld(const struct imp *im, const struct csv *c, enum col k, size_t *n)
{
	int i = im->col[k];

	if (i < 0 || blank(c->field[i], c->flen[i]))
		return NULL;
	*n = c->flen[i];
	return c->field[i];
}

static bool flag(struct imp *im, const struct csv *c, enum col k, bool *ok)
{
	size_t n;
	const char *s = fld(im, c, k, &n);

	if (!s)
		return false;
	trim(&s, &n);
	if (n == 1 && (*s == '0' || *s == '1'))
		return *s == '1';
	bad(im, c->rec_line, _("line %ld: %s: must be 0 or 1"), c->rec_line, col_names[k]);
	*ok = false;
	return false;
}

/* ident_canon() through the memo.  0 with *canon (and the digest, when d
 * is given), or -1 with res->msg. */
static int canon_of(struct imp *im, enum ident_kind kind, const char *s, size_t n,
		    struct ident_result *res, const char **canon, uint8_t *d)
{
	struct memo *m = NULL;

	if (im->memo[kind] && n < MEMO_RAW) {
		uint32_t h = 2166136261u;

		for (size_t i = 0; i < n; i++)
			h = (h ^ (uint8_t)s[i]) * 16777619u;
		m = &im->memo[kind][h & (MEMO_SLOTS - 1)];
		if (m->len == n + 1 && memcmp(m->raw, s, n) == 0) {
			if (d && !m->has_d) {
				snapshot_digest_from(&im->base[kind], m->canon, m->d);
				m->has_d = true;
			}
			if (d)
				memcpy(d, m->d, SNAPSHOT_DIGEST_BYTES);
			*canon = m->canon;
			return 0;
		}
	}
	if (ident_canon(kind, s, n, res) != 0)
		return -1;
	*canon = res->canon;
	if (d)
		snapshot_digest_from(&im->base[kind], res->canon, d);
	if (!m)
		return 0;
	m->len = (uint8_t)(n + 1);
	memcpy(m->raw, s, n);
	memcpy(m->canon, res->canon, strlen(res->canon) + 1);
	m->has_d = d != NULL;
	if (d)
		memcpy(m->d, d, SNAPSHOT_DIGEST_BYTES);
	*canon = m->canon;
	return 0;
}

static bool date_col(struct imp *im, const struct csv *c, enum col k, char out[11])
{
	struct ident_result r;
	size_t n;
	const char *s = fld(im, c, k, &n), *canon;

	out[0] = '\0';
	if (!s)
		return true;
	if (canon_of(im, IDENT_DATE, s, n, &r, &canon, NULL) != 0) {
		bad(im, c->rec_line, _("line %ld: %s: %s"), c->rec_line, col_names[k], r.msg);
		return false;
	}
	snprintf(out, 11, "%.10s", canon);
	return true;
}

static bool ref_col(struct imp *im, const struct csv *c, struct row *r)
{
	size_t n;
	const char *s = fld(im, c, C_REF, &n);

	r->ref = NULL;
	if (!s)
		return true;
	trim(&s, &n);
	if (n > 64) {
		bad(im, c->rec_line, _("line %ld: ref: longer than 64 bytes"), c->rec_line);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			bad(im, c->rec_line, _("line %ld: ref: contains a control character"), c->rec_line);
			return false;
		}
	r->ref = strndup(s, n);
	return r->ref != NULL;
}

static bool empty_record(const struct csv *c)
{
	for (size_t i = 0; i < c->nfield; i++)
		if (!blank(c->field[i], c->flen[i]))
			return false;
	return true;
}

/* Validates one record into r; false when it is bad (already reported). */
static bool parse_row(struct imp *im, const struct csv *c, struct row *r)
{
	bool ok = true, name_bad = false, support_bad = false;
	size_t n;

	memset(r, 0, sizeof *r);
	r->line = c->rec_line;
	if (c->nfield != im->ncols) {
		bad(im, c->rec_line, _("line %ld: %zu fields, but the header has %zu"), c->rec_line, c->nfield,
		    im->ncols);
		return false;
	}
	ok &= ref_col(im, c, r);
	for (size_t i = 0; i < sizeof ident_cols / sizeof ident_cols[0]; i++) {
		enum ident_kind kind = ident_cols[i].kind;
		const char *s = fld(im, c, ident_cols[i].col, &n), *canon;
		struct ident_result res;

		if (!s)
			continue;
		if (canon_of(im, kind, s, n, &res, &canon, r->d[kind]) != 0) {
			bad(im, c->rec_line, _("line %ld: %s: %s"), c->rec_line, col_names[ident_cols[i].col],
			    res.msg);
			ok = false;
			if ((1u << kind) & IDENT_NAME_KINDS)
				name_bad = true;
			if ((1u << kind) & IDENT_SUPPORT_KINDS)
				support_bad = true;
			continue;
		}
		r->present |= 1u << kind;
		r->items |= snapshot_kind_item(kind);
		if (kind == IDENT_PHONE) {
			size_t len = strlen(canon);

			memcpy(r->hint, canon + (len > 4 ? len - 4 : 0), len > 4 ? 5 : len + 1);
		}
		if (canon == res.canon)
			sodium_memzero(&res, sizeof res);
	}
	if (fld(im, c, C_GENDER, &n))
		r->items |= SNAPSHOT_ITEM_GENDER;
	if (fld(im, c, C_ADDRESS, &n))
		r->items |= SNAPSHOT_ITEM_ADDRESS;
	ok &= date_col(im, c, C_REG, r->reg);
	ok &= date_col(im, c, C_NOTIFIED, r->notified);
	r->card = flag(im, c, C_CARD, &ok);
	r->ui = flag(im, c, C_UI, &ok);
	if (!(r->present & IDENT_NAME_KINDS) && !name_bad) {
		bad(im, c->rec_line, _("line %ld: kana: the row has neither kana nor name"), c->rec_line);
		ok = false;
	}
	if (!(r->present & IDENT_SUPPORT_KINDS) && !support_bad) {
		bad(im, c->rec_line, _("line %ld: birth_date: the row has none of birth_date, phone, email"),
		    c->rec_line);
		ok = false;
	}
	if (!ok) {
		free(r->ref);
		r->ref = NULL;
	}
	return ok;
}

static int read_rows(struct imp *im, const char *name, const struct csv_text *t, struct err *err)
{
	struct csv c;
	int rc;

	csv_init(&c, t->data, t->len);
	rc = csv_next(&c, err);
	if (rc == 0) {
		csv_free(&c);
		return err_set(err, _("%s: the file is empty; its first line must be the header"), name);
	}
	if (rc < 0 || header(im, &c, name, err)) {
		if (rc < 0)
			err_prefix(err, "%s", name);
		csv_free(&c);
		return -1;
	}
	/* Lines bound the records: one allocation instead of doubling copies. */
	im->caprows = 1;
	for (const char *p = t->data; (p = memchr(p, '\n', t->len - (size_t)(p - t->data))); p++)
		im->caprows++;
	im->rows = malloc(im->caprows * sizeof *im->rows);
	/* Lines run 1..newlines + 1 (the last may have no newline). */
	im->maxline = (long)im->caprows + 1;
	im->badline = calloc((size_t)im->maxline / 8 + 1, 1);
	if (!im->rows || !im->badline) {
		csv_free(&c);
		return err_set(err, _("out of memory"));
	}
	while ((rc = csv_next(&c, err)) == 1) {
		struct row r;

		if (empty_record(&c))
			continue;
		im->sum.rows++;
		if (!parse_row(im, &c, &r))
			continue;
		if (im->nrows == im->caprows) {
			size_t cap = im->caprows ? im->caprows * 2 : 1024;
			struct row *p = realloc(im->rows, cap * sizeof *p);

			if (!p) {
				free(r.ref);
				csv_free(&c);
				return err_set(err, _("out of memory"));
			}
			im->rows = p;
			im->caprows = cap;
		}
		im->rows[im->nrows++] = r;
	}
	csv_free(&c);
	if (rc < 0) {
		/* A broken quote ends the parse: say so as one more bad row. */
		bad(im, c.rec_line, "%s", err->msg);
		return 0;
	}
	return 0;
}

/* ---- merging persons ------------------------------------------------- */

static uint64_t pair_key(const struct snapshot_merged *p, int n, int k)
{
	uint64_t a, b;

	memcpy(&a, p->d[n], sizeof a);
	memcpy(&b, p->d[k] + 8, sizeof b);
	return a ^ (b * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(n * 8 + k) << 56);
}

static void slot_add(struct imp *im, uint64_t key, size_t person)
{
	size_t mask = im->nslots - 1, i = (size_t)(key * 0xBF58476D1CE4E5B9ull >> 20) & mask;

	while (im->slots[i].person)
		i = (i + 1) & mask;
	im->slots[i].key = key;
	im->slots[i].person = (uint32_t)(person + 1);
}

/* Indexes the pairs of person pi that involve a kind not in before. */
static void index_pairs(struct imp *im, size_t pi, unsigned before)
{
	const struct snapshot_merged *p = &im->persons[pi];

	for (int n = 0; n < IDENT_NKINDS; n++) {
		if (!((p->present & IDENT_NAME_KINDS) & (1u << n)))
			continue;
		for (int k = 0; k < IDENT_NKINDS; k++)
			if (((p->present & IDENT_SUPPORT_KINDS) & (1u << k)) &&
			    !((before & (1u << n)) && (before & (1u << k))))
				slot_add(im, pair_key(p, n, k), pi);
	}
}

static int build_index(struct imp *im)
{
	size_t cap = 64;

	while (cap < 2 * (size_t)6 * (im->npersons + im->nnoref))
		cap *= 2;
	im->nslots = cap;
	im->slots = calloc(cap, sizeof *im->slots);
	if (!im->slots)
		return -1;
	for (size_t i = 0; i < im->npersons; i++)
		index_pairs(im, i, 0);
	return 0;
}

static void take_dates(char *mine, const char *theirs, bool earliest)
{
	if (!*theirs)
		return;
	if (!*mine || (earliest ? strcmp(theirs, mine) < 0 : strcmp(theirs, mine) > 0))
		strcpy(mine, theirs);
}

/* Adds r's identifiers and flags to p.  Returns false (reported) when an
 * identifier contradicts one p already has. */
static bool absorb(struct imp *im, struct snapshot_merged *p, const struct row *r, bool check)
{
	bool ok = true;

	for (int k = 0; k < IDENT_NKINDS; k++) {
		if (!(r->present & (1u << k)))
			continue;
		if (p->present & (1u << k)) {
			if (check && memcmp(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES) != 0) {
				bad(im, r->line, _("line %ld: %s: differs from line %ld, which has the same ref"),
				    r->line, snapshot_column((enum ident_kind)k), p->src[k]);
				ok = false;
			}
			continue;
		}
		memcpy(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES);
		p->present |= 1u << k;
		p->src[k] = r->line;
	}
	if (!ok)
		return false;
	if (!p->first_line)
		p->first_line = r->line;
	if (!p->ref)
		p->ref = r->ref;
	if (!*p->hint && *r->hint)
		strcpy(p->hint, r->hint);
	p->items |= r->items;
	p->ui |= r->ui;
	p->card_records += r->card;
	take_dates(p->reg, r->reg, true);
	take_dates(p->notified, r->notified, false);
	return true;
}

/* A row without ref may be this person when every identifier present in
 * both is equal and the shared ones would verify a caller (a name factor
 * and a supporting one): two people sharing only a reading and a birth
 * date differ in something else, or cannot be told apart at all. */
static bool same_person(const struct snapshot_merged *p, const struct row *r)
{
	unsigned shared = p->present & r->present;

	if (!(shared & IDENT_NAME_KINDS) || !(shared & IDENT_SUPPORT_KINDS))
		return false;
	for (int k = 0; k < IDENT_NKINDS; k++)
		if ((shared & (1u << k)) && memcmp(p->d[k], r->d[k], SNAPSHOT_DIGEST_BYTES) != 0)
			return false;
	return true;
}

/* Up to this many rows without ref are matched by scanning the persons;
 * more pay for the pair index. */
#define NOREF_SCAN 16

static void found_add(size_t *found, size_t *nfound, size_t pi)
{
	if ((*nfound >= 1 && found[0] == pi) || (*nfound == 2 && found[1] == pi))
		return;
	if (*nfound < 2)
		found[(*nfound)++] = pi;
}

static void join_unreffed(struct imp *im, struct row *r)
{
	size_t found[2], nfound = 0, mask = im->nslots - 1;
	struct snapshot_merged as;

	for (size_t pi = 0; !im->slots && pi < im->npersons; pi++)
		if (same_person(&im->persons[pi], r))
			found_add(found, &nfound, pi);
	/* Pairs are keyed from a person's digests: make the row look like one. */
	memcpy(as.d, r->d, sizeof as.d);
	for (int n = 0; im->slots && n < IDENT_NKINDS; n++) {
		if (!((r->present & IDENT_NAME_KINDS) & (1u << n)))
			continue;
		for (int k = 0; k < IDENT_NKINDS; k++) {
			uint64_t key;

			if (!((r->present & IDENT_SUPPORT_KINDS) & (1u << k)))
				continue;
			key = pair_key(&as, n, k);
			for (size_t i = (size_t)(key * 0xBF58476D1CE4E5B9ull >> 20) & mask;
			     im->slots[i].person; i = (i + 1) & mask) {
				size_t pi = im->slots[i].person - 1;

				if (im->slots[i].key == key && same_person(&im->persons[pi], r))
					found_add(found, &nfound, pi);
			}
		}
	}
	if (nfound == 2) {
		if (im->persons[found[0]].first_line > im->persons[found[1]].first_line) {
			size_t t = found[0];

			found[0] = found[1];
			found[1] = t;
		}
		bad(im, r->line, _("line %ld: ref: could be the person of line %ld or of line %ld; "
		    "give the row a ref"), r->line, im->persons[found[0]].first_line,
		    im->persons[found[1]].first_line);
		return;
	}
	if (nfound == 1) {
		unsigned before = im->persons[found[0]].present;

		absorb(im, &im->persons[found[0]], r, false);
		if (im->slots)
			index_pairs(im, found[0], before);
		return;
	}
	memset(&im->persons[im->npersons], 0, sizeof im->persons[0]);
	absorb(im, &im->persons[im->npersons], r, false);
	if (im->slots)
		index_pairs(im, im->npersons, 0);
	im->npersons++;
}

static int by_ref(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	int c = strcmp(x->ref, y->ref);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int merge(struct imp *im, struct err *err)
{
	struct row **refd;
	size_t nref = 0;

	im->persons = calloc(im->nrows ? im->nrows : 1, sizeof *im->persons);
	refd = malloc((im->nrows ? im->nrows : 1) * sizeof *refd);
	if (!im->persons || !refd) {
		free(refd);
		return err_set(err, _("out of memory"));
	}
	for (size_t i = 0; i < im->nrows; i++)
		if (im->rows[i].ref)
			refd[nref++] = &im->rows[i];
	qsort(refd, nref, sizeof *refd, by_ref);
	for (size_t i = 0; i < nref; i++) {
		struct snapshot_merged *p;

		if (i == 0 || strcmp(refd[i]->ref, refd[i - 1]->ref) != 0)
			memset(&im->persons[im->npersons++], 0, sizeof *p);
		absorb(im, &im->persons[im->npersons - 1], refd[i], true);
	}
	free(refd);
	im->nnoref = im->nrows - nref;
	if (im->nnoref > NOREF_SCAN && build_index(im))
		return err_set(err, _("out of memory"));
	for (size_t i = 0; i < im->nrows; i++)
		if (!im->rows[i].ref)
			join_unreffed(im, &im->rows[i]);
	im->sum.persons = (long)im->npersons;
	for (size_t i = 0; i < im->npersons; i++) {
		const struct snapshot_merged *p = &im->persons[i];

		im->sum.card_records += p->card_records;
		im->sum.card_persons += p->card_records > 0;
		im->sum.userinfo_persons += p->ui;
	}
	return 0;
}

static void imp_free(struct imp *im)
{
	for (size_t i = 0; i < im->nrows; i++)
		free(im->rows[i].ref);
	sodium_memzero(im->rows, im->nrows * sizeof *im->rows);
	free(im->rows);
	free(im->badline);
	free(im->persons);
	free(im->slots);
	for (int k = 0; k < IDENT_NKINDS; k++)
		if (im->memo[k]) {
			sodium_memzero(im->memo[k], MEMO_SLOTS * sizeof(struct memo));
			free(im->memo[k]);
		}
}

static int imp_run(struct imp *im, const char *name, const struct csv_text *t,
		   struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, _("libsodium cannot start"));
	for (int k = 0; k < IDENT_NKINDS; k++)
		snapshot_digest_init(im->key, (enum ident_kind)k, &im->base[k]);
	im->memo[IDENT_KANA] = calloc(MEMO_SLOTS, sizeof(struct memo));
	im->memo[IDENT_NAME] = calloc(MEMO_SLOTS, sizeof(struct memo));
	im->memo[IDENT_DATE] = calloc(MEMO_SLOTS, sizeof(struct memo));
	if (read_rows(im, name, t, err) || merge(im, err))
		return -1;
	if (im->nbad && im->nbad == im->nbadrows)
		return err_set(err, ngettext("%s: %ld bad row; nothing was written",
					     "%s: %ld bad rows; nothing was written", (unsigned long)im->nbadrows),
			       name, im->nbadrows);
	if (im->nbad)
		return err_set(err, ngettext("%s: %ld errors in %ld row; nothing was written",
					     "%s: %ld errors in %ld rows; nothing was written",
					     (unsigned long)im->nbadrows), name, im->nbad, im->nbadrows);
	if (im->npersons == 0)
		return err_set(err, _("%s: no rows after the header; nothing was written"), name);
	return 0;
}

int snapshot_import_check(const char *name, const struct csv_text *text,
			  const uint8_t key[SNAPSHOT_KEY_BYTES], snapshot_report_fn *report,
			  void *ctx, struct snapshot_summary *sum, struct err *err)
{
	struct imp im = { .key = key, .report = report, .ctx = ctx };
	int rc = imp_run(&im, name, text, err);

	if (sum)
		*sum = im.sum;
	imp_free(&im);
	return rc;
}

int snapshot_import(const char *name, const struct csv_text *text, const char *out,
		    const uint8_t key[SNAPSHOT_KEY_BYTES], const char *new_key,
		    snapshot_report_fn *report, void *ctx, struct snapshot_summary *sum,
		    struct err *err)
{
	struct imp im = { .key = key, .report = report, .ctx = ctx };
	int rc = -1;

	if (snapshot_write_check(out, new_key, err) == 0 && imp_run(&im, name, text, err) == 0)
		rc = snapshot_write(im.persons, im.npersons, &im.sum, text->sha256, key, out,
				    new_key, err);
	if (sum)
		*sum = im.sum;
	imp_free(&im);
	return rc;
}
