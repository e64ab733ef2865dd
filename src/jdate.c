#include "jdate.h"
#include "i18n.h"
#include "text_norm.h"
#include "text_utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unictype.h>
#include <unistr.h>

struct era {
	const char *kanji, *abbr, *kata, *hira;  /* 昭和, 昭 (昭50.3.1), ショウワ, しょうわ */
	char letter;                 /* upper case; lower case is accepted too */
	int offset;                  /* Western year = offset + era year */
	struct jdate start, end;     /* end {0} for the current era */
};

/* Newest first, so that a day of change reads as the new era. */
static const struct era eras[] = {
	{ "令和", "令", "レイワ", "れいわ", 'R', 2018, { 2019, 5, 1 }, { 0, 0, 0 } },
	{ "平成", "平", "ヘイセイ", "へいせい", 'H', 1988, { 1989, 1, 8 }, { 2019, 4, 30 } },
	{ "昭和", "昭", "ショウワ", "しょうわ", 'S', 1925, { 1926, 12, 25 }, { 1989, 1, 7 } },
	{ "大正", "大", "タイショウ", "たいしょう", 'T', 1911, { 1912, 7, 30 }, { 1926, 12, 25 } },
	{ "明治", "明", "メイジ", "めいじ", 'M', 1867, { 1868, 10, 23 }, { 1912, 7, 30 } },
};
#define NERAS (sizeof eras / sizeof eras[0])

/* Meiji dates convert day for day only from the Gregorian calendar's
 * adoption (明治6年1月1日); before that Japan counted lunisolar months. */
static const struct jdate gregorian_start = { 1873, 1, 1 };
enum { YEAR_MIN = 1868, YEAR_MAX = 2100 };

static const char *const hint = N_("write it like 1975-03-01, 1975年3月1日 or 昭和50年3月1日");

static int fail(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return -1;
}

bool jdate_valid(int year, int month, int day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int max;

	if (month < 1 || month > 12 || day < 1)
		return false;
	max = mdays[month - 1];
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		max = 29;
	return day <= max;
}

static int cmp(const struct jdate *a, const struct jdate *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	return (a->day > b->day) - (a->day < b->day);
}

void jdate_iso(const struct jdate *d, char buf[11])
{
	/* By hand: snprintf was a tenth of the time of a whole caller record. */
	unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u, dd = (unsigned)d->day % 100u;

	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

static void era_text(const struct era *e, int year, int month, int day, char *buf, size_t size)
{
	if (year == 1)
		snprintf(buf, size, "%s元年%d月%d日", e->kanji, month, day);
	else
		snprintf(buf, size, "%s%d年%d月%d日", e->kanji, year, month, day);
}

int jdate_format_era(const struct jdate *d, char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	if (cmp(d, &gregorian_start) < 0)
		return -1;
	for (size_t i = 0; i < NERAS; i++)
		if (cmp(d, &eras[i].start) >= 0) {
			era_text(&eras[i], d->year - eras[i].offset, d->month, d->day, buf, size);
			return 0;
		}
	return -1;
}

/* A reading position in the normalised text. */
struct cur {
	const char *p, *end;
};

static bool eat(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* Up to max digits into *val; returns how many were read (0 if none, -1
 * if there are more than max). */
static int number(struct cur *c, int max, int *val)
{
	int k = 0;

	*val = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (++k > max)
			return -1;
		*val = *val * 10 + (*c->p++ - '0');
	}
	return k;
}

static const struct era *era_prefix(struct cur *c)
{
	/* A Western date, the usual case, starts with its year. */
	if (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		return NULL;
	for (size_t i = 0; i < NERAS; i++) {
		const struct era *e = &eras[i];

		if (eat(c, e->kanji) || eat(c, e->abbr) || eat(c, e->kata) || eat(c, e->hira))
			return e;
		/* S50.3.1, and S.50.3.1 as the letter is often written. */
		if (c->p < c->end && (*c->p == e->letter || *c->p == e->letter - 'A' + 'a')) {
			c->p++;
			eat(c, ".");
			return e;
		}
	}
	return NULL;
}

/* Month and day: "3月1日" or "3.1" with the separator sep.  sep 0 is
 * after 年, where either may follow (1975年3月1日, 1975年3/1). */
static int month_day(struct cur *c, char sep, int *month, int *day)
{
	bool kanji;

	if (number(c, 2, month) <= 0)
		return -1;
	kanji = !sep && eat(c, "月");
	if (!kanji) {
		if (c->p >= c->end || (sep ? *c->p != sep : *c->p != '.' && *c->p != '/' && *c->p != '-'))
			return -1;
		c->p++;
	}
	if (number(c, 2, day) <= 0)
		return -1;
	if (kanji)
		eat(c, "日");
	return c->p == c->end ? 0 : -1;
}

/* After the year: 年 or one of . / - , then month and day. */
static int rest(struct cur *c, int *month, int *day)
{
	char sep;

	if (eat(c, "年"))
		return month_day(c, 0, month, day);
	if (c->p >= c->end)
		return -1;
	sep = *c->p++;
	if (sep != '.' && sep != '/' && sep != '-')
		return -1;
	return month_day(c, sep, month, day);
}

static int check_era(const struct era *e, int eyear, const struct jdate *d, char *msg, size_t size)
{
	char said[64], other[64];
	int last;

	if (eyear == 0)
		return fail(msg, size, _("there is no year 0 in %s: the first year is %s元年"), e->kanji, e->kanji);
	era_text(e, eyear, d->month, d->day, said, sizeof said);
	if (e->letter == 'M' && cmp(d, &gregorian_start) < 0)
		return fail(msg, size, _("%s is before 明治6年 (1873), when Japan still used the lunar calendar: "
					 "give the date in the Western calendar"), said);
	if (cmp(d, &e->start) < 0) {
		jdate_format_era(d, other, sizeof other);
		return fail(msg, size, _("%s is before %s began on %04d-%02d-%02d (that day was %s)"),
			    said, e->kanji, e->start.year, e->start.month, e->start.day, other);
	}
	if (e->end.year == 0 || cmp(d, &e->end) <= 0)
		return 0;
	last = e->end.year - e->offset;
	if (eyear > last)
		return fail(msg, size, _("%s has no year %d: it ended in %s%d年 (%04d-%02d-%02d)"),
			    e->kanji, eyear, e->kanji, last, e->end.year, e->end.month, e->end.day);
	jdate_format_era(d, other, sizeof other);
	snprintf(msg, size, _("%s ended on %04d-%02d-%02d: %s read as %04d-%02d-%02d (%s)"),
		 e->kanji, e->end.year, e->end.month, e->end.day, said, d->year, d->month, d->day, other);
	return 0;
}

/* Today (UTC is near enough), for the days 令和 has reached so far: the
 * hint below only, never what is accepted. */
static struct jdate today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !gmtime_r(&now, &tm))
		return eras[0].start;
	return (struct jdate){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

/* True when year y of era e, month m, day d was a day of that era. */
static bool era_had(const struct era *e, int y, int m, int d)
{
	struct jdate g = { e->offset + y, m, d }, now;

	if (y < 1 || !jdate_valid(g.year, m, d) || cmp(&g, &e->start) < 0)
		return false;
	if (e->letter == 'M' && cmp(&g, &gregorian_start) < 0)
		return false;
	if (e->end.year)
		return cmp(&g, &e->end) <= 0;
	now = today();
	return cmp(&g, &now) <= 0;
}

/* A date whose year has neither era nor century: names the eras in which
 * that day existed, and when no era that has ended had it, 19yy.
 * "昭和75年" would send the operator to a year that never was.  gannen:
 * the year was typed as 元年, which only an era's first year can be. */
static int year_hint(int y, int m, int d, bool gannen, char *msg, size_t size)
{
	char list[160];
	size_t k = 0;
	int named = 0, ended = 0;

	list[0] = '\0';
	for (size_t i = 0; i < NERAS; i++) {
		const struct era *e = &eras[i];
		const char *sep = named ? "、" : "";

		if (!era_had(e, y, m, d) || k >= sizeof list)
			continue;
		if (y == 1)
			k += (size_t)snprintf(list + k, sizeof list - k, "%s%s元年", sep, e->kanji);
		else
			k += (size_t)snprintf(list + k, sizeof list - k, "%s%s%d年", sep, e->kanji, y);
		named++;
		ended += e->end.year != 0;
	}
	if (gannen && named)
		return fail(msg, size, _("元年 needs its era (%s)"), list);
	if (gannen)
		return fail(msg, size, _("no era had 元年%d月%d日: ask for the era and the year"), m, d);
	if (!ended && y >= 1 && y <= 99 && k < sizeof list)
		k += (size_t)snprintf(list + k, sizeof list - k, "%s%d年", named ? "、" : "", 1900 + y);
	if (named)
		return fail(msg, size, _("the year %d needs its era (%s) or all four digits"), y, list);
	if (k)
		return fail(msg, size, _("the year %d needs all four digits (%s?)"), y, list);
	return fail(msg, size, _("the year %d needs all four digits"), y);
}

/* Parses the normalised text s[0..n): spaces gone, 生まれ stripped. */
static int parse(const char *s, size_t n, struct jdate *d, char *msg, size_t size)
{
	struct cur c = { s, s + n };
	const struct era *e;
	int y, k, eyear = 0;
	bool western;

	if (n == 0)
		return fail(msg, size, _("no date given: %s"), _(hint));
	western = eat(&c, "西暦");
	e = western ? NULL : era_prefix(&c);
	if (e && eat(&c, "元")) {
		eyear = 1;
		if (rest(&c, &d->month, &d->day))
			return fail(msg, size, _("cannot read this as a date: %s"), _(hint));
	} else if (e) {
		if (number(&c, 3, &eyear) <= 0 || rest(&c, &d->month, &d->day))
			return fail(msg, size, _("cannot read this as a date: %s"), _(hint));
	} else if (!western && eat(&c, "元")) {
		/* 元年 without its era: name the eras whose first year had
		 * that day, as for 45/1/1. */
		if (rest(&c, &d->month, &d->day))
			return fail(msg, size, _("cannot read this as a date: %s"), _(hint));
		return year_hint(1, d->month, d->day, true, msg, size);
	} else {
		k = number(&c, 8, &y);
		if (western && k != 4 && k != 8)
			return fail(msg, size, _("西暦 goes with the four digits of the year: 西暦1975年3月1日"));
		if (k == 8 && c.p == c.end) {
			d->year = y / 10000;
			d->month = y / 100 % 100;
			d->day = y % 100;
		} else if (k == 4) {
			d->year = y;
			if (rest(&c, &d->month, &d->day))
				return fail(msg, size, _("cannot read this as a date: %s"), _(hint));
		} else if (k > 0 && k <= 2 && eat(&c, "月")) {
			return fail(msg, size, _("the date needs its year: 昭和50年3月1日 or 1975年3月1日"));
		} else if (k > 0 && k < 4 && rest(&c, &d->month, &d->day) == 0) {
			return year_hint(y, d->month, d->day, false, msg, size);
		} else {
			return fail(msg, size, _("cannot read this as a date: %s"), _(hint));
		}
	}
	if (e)
		d->year = e->offset + eyear;
	if (d->month < 1 || d->month > 12)
		return fail(msg, size, _("there is no month %d"), d->month);
	if (!jdate_valid(d->year, d->month, d->day)) {
		if (d->month == 2 && d->day == 29)
			return fail(msg, size, _("there is no 2月29日 in %d: it is not a leap year"), d->year);
		return fail(msg, size, _("there is no day %d in month %d (%d月%d日)"),
			    d->day, d->month, d->month, d->day);
	}
	if (d->year < YEAR_MIN || d->year > YEAR_MAX)
		return fail(msg, size, _("the year %d is out of range: dates run from %d to %d"),
			    d->year, YEAR_MIN, YEAR_MAX);
	return e ? check_era(e, eyear, d, msg, size) : 0;
}

/* The value of a kanji digit (〇 零 一 … 九), or -1. */
static int kanji_digit(ucs4_t uc)
{
	switch (uc) {
	case 0x3007: case 0x96F6: return 0;
	case 0x4E00: return 1;
	case 0x4E8C: return 2;
	case 0x4E09: return 3;
	case 0x56DB: return 4;
	case 0x4E94: return 5;
	case 0x516D: return 6;
	case 0x4E03: return 7;
	case 0x516B: return 8;
	case 0x4E5D: return 9;
	}
	return -1;
}

/* The value of a unit: 十 百 千, and 廿 (20) and 卅 (30) of old dates. */
static int kanji_unit(ucs4_t uc)
{
	switch (uc) {
	case 0x5341: return 10;
	case 0x767E: return 100;
	case 0x5343: return 1000;
	case 0x5EFF: return 20;
	case 0x5345: return 30;
	}
	return 0;
}

/* Copies the normalised text without spaces, with the dashes an input
 * method gives (ー − ‐ ― ─ 〜 …: text_is_dash) as '-'; *kanji tells
 * whether it holds kanji numerals.  Returns the length, or size if full. */
static size_t squeeze(const uint8_t *in, size_t n, char *out, size_t size, bool *kanji)
{
	size_t k = 0;

	*kanji = false;
	for (size_t i = 0; i < n && k < size;) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, in + i, n - i);

		if (uc >= 0x3007 && (kanji_digit(uc) >= 0 || kanji_unit(uc)))
			*kanji = true;
		if (text_is_dash(uc)) {
			out[k++] = '-';
		} else if (uc != ' ') {
			if ((size_t)len > size - k)
				return size;
			memcpy(out + k, in + i, (size_t)len);
			k += (size_t)len;
		}
		i += (size_t)len;
	}
	return k;
}

static bool ends_with(const char *s, size_t *n, const char *lit)
{
	size_t k = strlen(lit);

	if (*n < k || memcmp(s + *n - k, lit, k) != 0)
		return false;
	*n -= k;
	return true;
}

static const char *const weekdays[7] = { "日", "月", "火", "水", "木", "金", "土" };

/* 0 (Sunday) to 6 (Saturday). */
static int weekday(const struct jdate *d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int y = d->year - (d->month < 3);

	return (y + y / 4 - y / 100 + y / 400 + t[d->month - 1] + d->day) % 7;
}

/* A day of the week after the date, as forms and calendars print it:
 * (土), (土曜), (土曜日), 土曜日, 土曜.  Takes it off s[0..*n) and
 * returns it (0 Sunday … 6 Saturday), or -1 when there is none.  A bare
 * 土 is not taken: 日 also ends 3月1日. */
static int weekday_suffix(const char *s, size_t *n)
{
	size_t k = *n;
	bool paren = ends_with(s, &k, ")");
	bool yo = ends_with(s, &k, "曜日") || ends_with(s, &k, "曜");

	if (!paren && !yo)
		return -1;
	for (int w = 0; w < 7; w++) {
		size_t m = k;

		if (!ends_with(s, &m, weekdays[w]))
			continue;
		if (paren ? !ends_with(s, &m, "(") : !yo)
			return -1;
		*n = m;
		return w;
	}
	return -1;
}

/* A run of kanji numerals as a number: digit by digit (一九七五) or by
 * units (千九百七十五, 五十, 三十一, 十).  -1 when it is neither (二二十,
 * 十十, 〇十). */
static int kanji_value(const ucs4_t *u, size_t n)
{
	int total = 0, digit = -1, below = 100000;
	bool units = false;

	for (size_t i = 0; i < n; i++)
		units = units || kanji_unit(u[i]);
	for (size_t i = 0; i < n; i++) {
		int d = kanji_digit(u[i]), m = kanji_unit(u[i]);

		if (!units) {
			total = total * 10 + d;
			continue;
		}
		if (d >= 0) {
			if (digit >= 0 || d == 0)
				return -1;
			digit = d;
			continue;
		}
		/* 廿 and 卅 carry their own tens: no digit before them. */
		if (m >= below || ((m == 20 || m == 30) && digit >= 0))
			return -1;
		total += (digit >= 0 ? digit : 1) * m;
		below = m == 20 || m == 30 ? 10 : m;
		digit = -1;
	}
	return digit >= 0 ? total + digit : total;
}

/* Rewrites s[0..n) into out (size bytes) with every run of kanji
 * numerals as ASCII digits (昭和五十年三月一日 → 昭和50年3月1日), since a
 * date's numbers are read as digits.  Returns the new length, or -1 with
 * msg set when a run is not a number or out is too small. */
static int kanji_numbers(const char *s, size_t n, char *out, size_t size, char *msg, size_t msgsize)
{
	size_t i = 0, k = 0;

	while (i < n) {
		ucs4_t run[8];
		size_t nrun = 0, start = i;
		int len = 0, v;

		while (i < n) {
			ucs4_t uc = (unsigned char)s[i];

			len = uc < 0x80 ? 1 : u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
			if (uc < 0x80 || (kanji_digit(uc) < 0 && !kanji_unit(uc)))
				break;
			if (nrun == sizeof run / sizeof run[0])
				return fail(msg, msgsize, _("「%.*s」 is too long for a number in a date"),
					    (int)(i - start), s + start);
			run[nrun++] = uc;
			i += (size_t)len;
		}
		if (nrun == 0) {
			if (k + (size_t)len > size)
				return fail(msg, msgsize, _("too long for a date (%zu bytes)"), n);
			while (len-- > 0)
				out[k++] = s[i++];
			continue;
		}
		v = kanji_value(run, nrun);
		if (v < 0)
			return fail(msg, msgsize, _("「%.*s」 is not a number in kanji: write it like 五十, 三十一 or 50"),
				    (int)(i - start), s + start);
		len = snprintf(out + k, size - k, "%d", v);
		if (len < 0 || (size_t)len >= size - k)
			return fail(msg, msgsize, _("too long for a date (%zu bytes)"), n);
		k += (size_t)len;
	}
	return (int)k;
}

/* Bytes a caller can cause, checked before any normalisation: one clear
 * message each rather than a confusing "cannot read". */
static int check_bytes(const char *in, size_t n, char *msg, size_t size, bool *ascii)
{
	size_t at = 0;
	unsigned int uc = 0;

	switch (text_check_typed(in, n, &at, &uc, ascii)) {
	case TEXT_TYPED_BAD_UTF8:
		return fail(msg, size, _("not valid UTF-8 (byte %zu): retype the date"), at + 1);
	case TEXT_TYPED_CONTROL:
		return fail(msg, size, _("contains the control character U+%04X (byte %zu): retype the date"),
			    uc, at + 1);
	case TEXT_TYPED_OK:
		break;
	}
	return 0;
}

int jdate_parse(const char *in, size_t n, struct jdate *d, char *msg, size_t msgsize)
{
	uint8_t nbuf[4 * JDATE_MAX_INPUT], *norm = (uint8_t *)in;
	char s[sizeof nbuf], digits[sizeof nbuf];
	size_t nlen = n, k = 0;
	bool ascii = false, kanji;
	int rc, wday;

	if (msgsize)
		msg[0] = '\0';
	memset(d, 0, sizeof *d);
	if (n > JDATE_MAX_INPUT)
		return fail(msg, msgsize, _("too long for a date (%zu bytes)"), n);
	if (check_bytes(in, n, msg, msgsize, &ascii))
		return -1;
	if (!ascii) {
		nlen = sizeof nbuf;
		norm = (uint8_t *)text_nfkc(in, n, (char *)nbuf, &nlen);
		if (!norm)
			return fail(msg, msgsize, _("out of memory"));
	}
	k = squeeze(norm, nlen, s, sizeof s, &kanji);
	if (norm != nbuf && norm != (const uint8_t *)in)
		free(norm);
	if (k == sizeof s)
		return fail(msg, msgsize, _("too long for a date (%zu bytes)"), n);
	if (!ends_with(s, &k, "生まれ") && !ends_with(s, &k, "生れ"))
		ends_with(s, &k, "生");
	wday = weekday_suffix(s, &k);
	rc = kanji ? kanji_numbers(s, k, digits, sizeof digits, msg, msgsize) : (int)k;
	if (rc >= 0)
		rc = parse(kanji ? digits : s, (size_t)rc, d, msg, msgsize);
	if (rc >= 0 && wday >= 0 && weekday(d) != wday)
		rc = fail(msg, msgsize, _("%04d-%02d-%02d was a %s曜日, not a %s曜日: check the date with the caller"),
			  d->year, d->month, d->day, weekdays[weekday(d)], weekdays[wday]);
	if (rc < 0)
		memset(d, 0, sizeof *d);
	return rc < 0 ? -1 : 0;
}
