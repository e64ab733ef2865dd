/*
 * csv — an RFC 4180 reader for the affected list.
 *
 * csv_load() reads a whole file, takes its SHA-256 (the snapshot records
 * which source it was built from), converts CP932 to UTF-8 with iconv when
 * asked, drops a UTF-8 byte order mark and rejects invalid UTF-8, naming
 * the line.  csv_next() then hands out one record at a time: quoted fields,
 * doubled quotes, newlines inside quotes, CRLF or LF line ends.  Each
 * record carries the physical line it starts on, so errors can name it.
 *
 * Ownership: struct csv_text owns its bytes (csv_text_free).  struct csv
 * borrows the text it reads and owns the field storage; the pointers in
 * field[] are valid until the next csv_next() or csv_free().
 */
#ifndef MADOGUCHI_CSV_H
#define MADOGUCHI_CSV_H

#include <stddef.h>
#include "buf.h"
#include "err.h"

enum csv_encoding { CSV_UTF8, CSV_CP932 };

struct csv_text {
	char *data;                  /* UTF-8, no BOM */
	size_t len;
	unsigned char sha256[32];    /* of the file's bytes as read */
};

/* Reads and decodes path.  0, or -1 with err ("FILE:LINE: …"). */
int csv_load(const char *path, enum csv_encoding enc, struct csv_text *t, struct err *err);

/* The same from bytes in memory (tests, fuzzing); name is used in errors. */
int csv_decode(const char *name, const char *in, size_t n, enum csv_encoding enc,
	       struct csv_text *t, struct err *err);
void csv_text_free(struct csv_text *t);

/* "utf-8" / "cp932" (also "utf8", "sjis", "shift_jis"); -1 when unknown. */
int csv_encoding_parse(const char *s);

struct csv {
	const char *p, *end;
	long line;                   /* physical line of p */
	long rec_line;               /* where the last record started */
	struct buf buf;              /* field bytes, each NUL-terminated */
	size_t *off;                 /* field start offsets in buf */
	char **field;
	size_t *flen;                /* field lengths (fields may hold NUL) */
	size_t nfield, cap;
};

void csv_init(struct csv *c, const char *data, size_t len);
void csv_free(struct csv *c);

/* Reads the next record into field[0..nfield).  1 when a record was read,
 * 0 at the end, -1 with err ("line N: …") on an unterminated quote or text
 * after a closing quote. */
int csv_next(struct csv *c, struct err *err);

#endif
