#include "logview_day.h"
#include "i18n.h"
#include "jdate.h"
#include "stamp.h"
#include "text_norm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LOGVIEW_TIME_LEN == STAMP_TIME_LEN, "the log's times are stamp_at's");

long long logview_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0;
	time_t t;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return t == (time_t)-1 ? -1 : (long long)t * 1000 + ms;
}

time_t logview_time(const char *iso)
{
	long long ms = logview_ms(iso);

	return ms < 0 ? (time_t)-1 : (time_t)(ms / 1000);
}

int logview_local_hour(const char *iso)
{
	time_t t = logview_time(iso);
	struct tm tm;

	if (t == (time_t)-1)
		return -1;
	localtime_r(&t, &tm);
	return tm.tm_hour;
}

void logview_local_text(const char *iso, char out[LOGVIEW_LOCAL_LEN + 1])
{
	time_t t = logview_time(iso);
	struct tm tm;

	out[0] = '\0';
	if (t == (time_t)-1 || !localtime_r(&t, &tm))
		return;
	strftime(out, LOGVIEW_LOCAL_LEN + 1, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The local midnight of the day of t plus add days. */
static time_t midnight(time_t t, int add)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += add;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

void logview_set_range(struct logview_filter *f, enum logview_range r, time_t now)
{
	struct tm tm;
	int back;

	f->since[0] = f->until[0] = '\0';
	switch (r) {
	case LOGVIEW_ALL:
		return;
	case LOGVIEW_TODAY:
		stamp_at(midnight(now, 0), f->since);
		stamp_at(midnight(now, 1), f->until);
		return;
	case LOGVIEW_YESTERDAY:
		stamp_at(midnight(now, -1), f->since);
		stamp_at(midnight(now, 0), f->until);
		return;
	case LOGVIEW_WEEK:
		localtime_r(&now, &tm);
		back = (tm.tm_wday + 6) % 7;    /* days since Monday */
		stamp_at(midnight(now, -back), f->since);
		stamp_at(midnight(now, 7 - back), f->until);
		return;
	}
}

/* The words for a day relative to now: 0 today, -1 yesterday; 1 if s
 * is none of them. */
static int relative_day(const char *s)
{
	static const char *const today[] = { "今日", "本日", "きょう", "today", NULL };
	static const char *const yesterday[] = { "昨日", "きのう", "yesterday", NULL };

	for (int i = 0; today[i]; i++)
		if (strcmp(s, today[i]) == 0)
			return 0;
	for (int i = 0; yesterday[i]; i++)
		if (strcmp(s, yesterday[i]) == 0)
			return -1;
	return 1;
}

/* "11/27", "11-27", "11.27", "11月27日" (after NFKC): that month and day
 * of now's year, written out in full into ymd for jdate_parse to check
 * (2/30 is refused as it is there).  0, or -1 when s is not one. */
static int month_day(const char *s, time_t now, char ymd[32])
{
	int m = 0, day = 0, used = 0;
	struct tm tm;

	if (sscanf(s, "%2d%*1[/.-]%2d%n", &m, &day, &used) != 2 &&
	    sscanf(s, "%2d月%2d日%n", &m, &day, &used) != 2)
		return -1;
	if (s[used] != '\0' || !localtime_r(&now, &tm))
		return -1;
	snprintf(ymd, 32, "%04d-%02d-%02d", tm.tm_year + 1900, m, day);
	return 0;
}

/* s after NFKC (full-width digits and ／ as ASCII) in buf, NUL-terminated;
 * NULL when it does not fit, as no day word or month-day is that long. */
static const char *nfkc_short(const char *s, char *buf, size_t size)
{
	size_t len = size - 1;
	char *n = text_nfkc(s, strlen(s), buf, &len);

	if (n != buf) {
		free(n);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

int logview_day(const char *s, int add, time_t now, char out[LOGVIEW_TIME_LEN + 1],
		struct err *err)
{
	char buf[128], msg[256], ymd[32];
	const char *n = nfkc_short(s, buf, sizeof buf);
	struct jdate d = { 0 };
	struct tm tm = { 0 };
	time_t t;
	int rel;

	if (n && (rel = relative_day(n)) <= 0) {
		stamp_at(midnight(now, rel + add), out);
		return 0;
	}
	if (n && month_day(n, now, ymd) == 0)
		s = ymd;
	if (jdate_parse(s, strlen(s), &d, msg, sizeof msg))
		return err_set(err, "%s", msg);
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day + add;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return err_set(err, _("out of range"));
	stamp_at(t, out);
	return 0;
}

static int typed_day(const char *s, int add, char out[LOGVIEW_TIME_LEN + 1], struct err *err)
{
	struct err why = { "" };

	if (logview_day(s, add, time(NULL), out, &why))
		return err_set(err, _("date '%s': %s"), s, why.msg);
	return 0;
}

int logview_set_dates(struct logview_filter *f, const char *since, const char *until,
		      struct err *err)
{
	char a[LOGVIEW_TIME_LEN + 1] = "", b[LOGVIEW_TIME_LEN + 1] = "";

	if (since && *since && typed_day(since, 0, a, err))
		return -1;
	if (until && *until && typed_day(until, 1, b, err))
		return -1;
	if (*a && *b && strcmp(a, b) >= 0)
		return err_set(err, _("date range '%s' to '%s': the end is before the start"), since, until);
	memcpy(f->since, a, sizeof a);
	memcpy(f->until, b, sizeof b);
	return 0;
}
