/* The gate's frame reader on arbitrary bytes, as a user's process could
 * send them: it must never read past a frame, crash or leak, and what it
 * accepts must write back to the same bytes (the reader and the writer
 * agree on every field, nested lists too).  src/proto's decoders are
 * fuzzed through the gate's request handler in fuzz_gate. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walks a field list, copying it into w; false when it is malformed. */
static bool walk(struct wire_iter *it, struct wire_out *w, int depth)
{
	struct wire_field f;
	int r;

	while ((r = wire_next(it, &f)) == 1) {
		char text[64];
		char *dup;
		uint64_t v;
		bool b;

		/* Every reading of the field is tried; none may misbehave. */
		(void)wire_text_copy(&f, text, sizeof text);
		dup = wire_text_dup(&f);
		free(dup);
		(void)wire_get_u64(&f, &v);
		(void)wire_get_bool(&f, &b);
		if (f.n >= 5 && depth < WIRE_DEPTH && (f.tag & 1)) {
			struct wire_iter in;
			struct wire_out probe = { 0 };

			/* Read as a nested list when it is one. */
			wire_nested(&f, &in);
			wire_begin(&probe, 0);
			if (walk(&in, &probe, depth + 1)) {
				wire_out_free(&probe);
				wire_nested(&f, &in);
				wire_nest(w, f.tag);
				if (!walk(&in, w, depth + 1))
					abort();
				wire_unnest(w);
				continue;
			}
			wire_out_free(&probe);
		}
		wire_bytes(w, f.tag, f.p, f.n);
	}
	return r == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_out w = { 0 };
	struct wire_iter it;
	struct err err;
	uint8_t type;

	if (wire_open(data, size, &type, &it, &err) == 0) {
		wire_begin(&w, type);
		if (walk(&it, &w, 0)) {
			const uint8_t *f;
			size_t n;

			if (wire_end(&w, WIRE_ANS_MAX + (size_t)WIRE_ANS_MAX) != 0)
				abort();
			f = wire_frame(&w, &n);
			if (n != size + 4 || memcmp(f + 4, data, size) != 0)
				abort();
		}
	}
	wire_out_free(&w);
	return 0;
}
