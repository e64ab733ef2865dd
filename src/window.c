#include "window.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "jdate.h"

#define WINDOW_FILE_MAX (1 << 20)

const char *window_kind_name(enum window_kind k)
{
	return k == WINDOW_CARD ? "card" : "userinfo";
}

const char *window_state_name(enum window_state st)
{
	if (st == WINDOW_INSIDE)
		return "inside";
	return st == WINDOW_OUTSIDE ? "outside" : NULL;
}

void window_set_free(struct window_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->w[i].note);
	free(s->w);
	s->w = NULL;
	s->n = 0;
}

/* A date exactly as YYYY-MM-DD that names a real day: the file is for
 * people, but one spelling keeps comparisons a plain strcmp. */
static int parse_date(const char *s, size_t n, char out[11])
{
	struct jdate d;
	char msg[256], canon[16];

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (jdate_parse(s, n, &d, msg, sizeof msg) != 0)
		return -1;
	snprintf(canon, sizeof canon, "%04d-%02d-%02d", d.year, d.month, d.day);
	if (memcmp(canon, s, 10) != 0)
		return -1;
	memcpy(out, s, 10);
	out[10] = '\0';
	return 0;
}

static int parse_faq(const char *s, size_t n, struct window *w)
{
	size_t i = 0;

	while (i < n) {
		int v = 0;
		size_t start = i;

		while (i < n && s[i] >= '0' && s[i] <= '9' && v < 1000)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v == 0 || (i < n && s[i] != ',') || w->nfaq == WINDOW_MAX_FAQ)
			return -1;
		w->faq[w->nfaq++] = v;
		i += i < n;
	}
	return w->nfaq ? 0 : -1;
}

/* Splits line[0..n) at tabs into at most max fields; returns the count. */
static size_t split(const char *line, size_t n, const char **f, size_t *len, size_t max)
{
	size_t k = 0, start = 0;

	for (size_t i = 0; i <= n && k < max; i++) {
		if (i == n || line[i] == '\t') {
			f[k] = line + start;
			len[k++] = i - start;
			start = i + 1;
		}
	}
	return k;
}

static int parse_line(const char *name, int lineno, const char *line, size_t n,
		      struct window *w, struct err *err)
{
	const char *f[6];
	size_t len[6], k = split(line, n, f, len, 6);

	memset(w, 0, sizeof *w);
	if (k < 4 || k > 5)
		return err_set(err, ngettext("%s:%d: expected kind<TAB>from<TAB>to<TAB>FAQ entries"
					     "[<TAB>note], found %zu field",
					     "%s:%d: expected kind<TAB>from<TAB>to<TAB>FAQ entries"
					     "[<TAB>note], found %zu fields", k), name, lineno, k);
	if (len[0] == 4 && memcmp(f[0], "card", 4) == 0)
		w->kind = WINDOW_CARD;
	else if (len[0] == 8 && memcmp(f[0], "userinfo", 8) == 0)
		w->kind = WINDOW_USERINFO;
	else
		return err_set(err, _("%s:%d: kind '%.*s': use card or userinfo"), name, lineno,
			       (int)(len[0] < 40 ? len[0] : 40), f[0]);
	if (parse_date(f[1], len[1], w->from))
		return err_set(err, _("%s:%d: from '%.*s' is not a date written YYYY-MM-DD"), name,
			       lineno, (int)(len[1] < 40 ? len[1] : 40), f[1]);
	if (parse_date(f[2], len[2], w->to))
		return err_set(err, _("%s:%d: to '%.*s' is not a date written YYYY-MM-DD"), name,
			       lineno, (int)(len[2] < 40 ? len[2] : 40), f[2]);
	if (strcmp(w->from, w->to) > 0)
		return err_set(err, _("%s:%d: from %s is after to %s"), name, lineno, w->from, w->to);
	if (parse_faq(f[3], len[3], w))
		return err_set(err, _("%s:%d: FAQ entries '%.*s': give 1 to %d entry numbers like 7,13"),
			       name, lineno, (int)(len[3] < 40 ? len[3] : 40), f[3], WINDOW_MAX_FAQ);
	w->note = k == 5 ? strndup(f[4], len[4]) : strdup("");
	if (!w->note)
		return err_set(err, _("out of memory"));
	return 0;
}

int window_parse(const char *name, const char *text, size_t n, struct window_set *out,
		 struct err *err)
{
	struct window_set s = { NULL, 0 };
	size_t cap = 0, pos = 0;
	int lineno = 0;

	if (memchr(text, '\0', n))
		return err_set(err, _("%s: not a text file (a NUL byte)"), name);
	while (pos < n) {
		const char *line = text + pos, *nl = memchr(line, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - line) : n - pos;

		pos += len + (nl != NULL);
		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		if (s.n == cap) {
			struct window *w = realloc(s.w, (cap = cap ? 2 * cap : 8) * sizeof *w);

			if (!w) {
				window_set_free(&s);
				return err_set(err, _("out of memory"));
			}
			s.w = w;
		}
		if (parse_line(name, lineno, line, len, &s.w[s.n], err)) {
			window_set_free(&s);
			return -1;
		}
		s.n++;
	}
	*out = s;
	return 0;
}

int window_load(const char *path, struct window_set *out, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	if (!f)
		return err_set(err, _("%s: %s; the date windows are read from data/windows.tsv"),
			       path, strerror(errno));
	buf = malloc(WINDOW_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return err_set(err, _("out of memory"));
	}
	n = fread(buf, 1, WINDOW_FILE_MAX + 1, f);
	rc = ferror(f);
	fclose(f);
	if (rc || n > WINDOW_FILE_MAX) {
		free(buf);
		return err_set(err, rc ? _("%s: cannot be read") : _("%s: too large (over 1 MB)"), path);
	}
	rc = window_parse(path, buf, n, out, err);
	free(buf);
	return rc;
}

enum window_state window_classify(const struct window_set *s, enum window_kind kind,
				  const char *date, const struct window **hit)
{
	if (hit)
		*hit = NULL;
	if (!date || !*date)
		return WINDOW_NOT_GIVEN;
	for (size_t i = 0; i < s->n; i++) {
		const struct window *w = &s->w[i];

		if (w->kind == kind && strcmp(date, w->from) >= 0 && strcmp(date, w->to) <= 0) {
			if (hit)
				*hit = w;
			return WINDOW_INSIDE;
		}
	}
	return WINDOW_OUTSIDE;
}

/* "Not in the list" is said only when nobody was found: to a caller who
 * is not identified yet it would tell about the list before the check. */
const char *window_advice(enum window_kind kind, enum window_state st, enum window_found found)
{
	if (st == WINDOW_NOT_GIVEN)
		return NULL;
	if (kind == WINDOW_CARD) {
		if (st == WINDOW_OUTSIDE)
			return N_("The card date is outside the card window.");
		if (found == WINDOW_LISTED)
			return N_("The card date is inside the card window: ask the caller to check "
				  "the card statement and to call the card company about any charge "
				  "they do not know (Q7).");
		if (found == WINDOW_LISTED_OTHER)
			return N_("The card date is inside the card window, but the list holds no card "
				  "data of this caller. If they paid by card on the site then, ask them "
				  "to check the card statement and to call the card company about any "
				  "charge they do not know (Q7).");
		if (found == WINDOW_UNCONFIRMED)
			return N_("The card date is inside the card window. The caller is not "
				  "identified yet: say nothing about the list, and ask them to check the "
				  "card statement and to call the card company about any charge they do "
				  "not know (Q7).");
		return N_("Not in the list does not mean not affected: the card date is inside "
			  "the card window. Ask the caller to check the card statement and to call "
			  "the card company about any charge they do not know (Q7).");
	}
	if (st == WINDOW_OUTSIDE)
		return N_("The registration date is outside the user-data windows.");
	if (found == WINDOW_LISTED)
		return N_("The registration date is inside a user-data window.");
	if (found == WINDOW_LISTED_OTHER)
		return N_("The registration date is inside a user-data window, but the list holds "
			  "no user data of this caller.");
	if (found == WINDOW_UNCONFIRMED)
		return N_("The registration date is inside a user-data window. The caller is not "
			  "identified yet: say nothing about the list; their user data may have been "
			  "read (Q14).");
	return N_("Not in the list does not mean not affected: the registration date is inside "
		  "a user-data window, so the caller's user data may have been read (Q14).");
}
