/* The importer on arbitrary bytes: decoding (UTF-8 and CP932), the CSV
 * reader, every row rule and the person merge must never crash, read out of
 * bounds or leak.  Nothing is written: snapshot_import_check() stops before
 * the database. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "snapshot_import.h"
#include "snapshot_key.h"
#include "snapshot_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[SNAPSHOT_KEY_BYTES] = { 42 };
	struct snapshot_summary sum;
	struct csv_text t;
	struct err err;
	/* The first byte picks the encoding, so both decoders are reached. */
	enum csv_encoding enc = size && (data[0] & 1) ? CSV_CP932 : CSV_UTF8;

	if (size)
		data++, size--;
	if (csv_decode("fuzz.csv", (const char *)data, size, enc, &t, &err) == 0) {
		snapshot_import_check("fuzz.csv", &t, key, ignore, NULL, &sum, &err);
		csv_text_free(&t);
	}
	return 0;
}
