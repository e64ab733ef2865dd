/*
 * demo — a synthetic affected list, the same every time.
 *
 * demo_write() generates, from a fixed seed (splitmix64, not rand()), a list
 * consistent with the FAQ: 2,280 people whose user data may have leaked
 * (registered or donated 2019-06-28..2019-07-05 or 2021-03-11..2021-12-24)
 * and 910 card-donation records (2021-03-12..2021-12-29; most donors are
 * among the 2,280, some are not, some donated several times).  Names and
 * readings are realistic; some use variant kanji (髙橋, 山﨑, 渡邉, 齋藤), some
 * readings are only in half-width katakana, some birth dates are era dates.
 * With persons > 0 the list is scaled to that many user-info people (the
 * benchmark's million).
 *
 * The first rows are people documented for trying the lookup (doc/snapshot.md,
 * "Demo data"), e.g. 志布志 太郎, しぶし たろう, born S50.3.1 (1975-03-01),
 * phone 099-472-1111: user info and 2 card records.
 *
 * Ownership: nothing is kept; the file at csv_path is the output.
 */
#ifndef MADOGUCHI_DEMO_H
#define MADOGUCHI_DEMO_H

#include "err.h"

#define DEMO_USERINFO 2280
#define DEMO_CARD_RECORDS 910
#define DEMO_MIN_PERSONS 100

struct demo_counts {
	long rows, userinfo_persons, card_records, card_persons;
};

/* Lists the SHA-256 of each list the demo wrote in a directory. */
#define DEMO_MARKER ".madoguchi-demo"

/* Creates dir (and its parents) if needed and writes the list to csv_path
 * (through a temporary file, renamed).  persons 0 means the FAQ's 2,280.
 * Never replaces what the demo did not make: an existing csv_path must be
 * a list it wrote (the same bytes, or a hash in dir/DEMO_MARKER), and an
 * existing db_path (the snapshot to be imported next; NULL for none) must
 * have been imported from such a list; otherwise nothing is written.
 * 0, or -1 with err. */
int demo_write(const char *dir, const char *csv_path, const char *db_path, long persons,
	       struct demo_counts *n, struct err *err);

#endif
