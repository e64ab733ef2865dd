/*
 * jdate — a date as a caller says it (1975/3/1, 昭和50年3月1日, S50.3.1,
 * 昭50.3.1, 昭和五十年三月一日, 昭和50年3月1日(土), 西暦1975年3月1日,
 * ショウワ50年3月1日生まれ …) read into one Gregorian date.  Numbers in
 * kanji are read by units (五十, 三十一) or digit by digit (一九七五); a day
 * of the week after the date must be that date's.
 *
 * The Japanese eras are checked against their exact start dates: a date
 * before its era began, year 0 or a year number the era never reached is
 * rejected, and each message names the rule that was broken.  A date
 * written in an era after that era ended, within its last year (平成31年
 * 5月1日), is accepted with a warning, as government guidance reads such
 * dates.  The days of a change of era (1912-07-30, 1926-12-25) belong to
 * both eras.
 *
 * Meiji: Japan used the lunisolar calendar until 明治5年12月2日; the day
 * after was 明治6年1月1日 = 1873-01-01.  Meiji years 1–5 therefore do not
 * convert day for day and are rejected with a request for the Western
 * date; Western dates are accepted from 1868-01-01 to 2100-12-31.
 *
 * Ownership: the caller owns the input and every output buffer.
 */
#ifndef MADOGUCHI_JDATE_H
#define MADOGUCHI_JDATE_H

#include <stdbool.h>
#include <stddef.h>

struct jdate {
	int year, month, day;     /* Gregorian */
};

/* Longest input read, in bytes: anything longer is not a date. */
#define JDATE_MAX_INPUT 256

/* Reads in[0..n) (any bytes).  Returns 0 with *d set (msg holds a warning
 * or ""), or -1 with msg saying what is wrong.  msg gets at most msgsize
 * bytes, NUL-terminated. */
int jdate_parse(const char *in, size_t n, struct jdate *d, char *msg, size_t msgsize);

/* "YYYY-MM-DD" and its NUL into buf. */
void jdate_iso(const struct jdate *d, char buf[11]);

/* The date in the era in force that day ("昭和50年3月1日", "令和元年5月1日";
 * on a day of change, the new era).  Returns -1 (buf "") for dates before
 * 1873, which have no day-for-day era form. */
int jdate_format_era(const struct jdate *d, char *buf, size_t size);

/* True when year-month-day exists in the Gregorian calendar. */
bool jdate_valid(int year, int month, int day);

#endif
