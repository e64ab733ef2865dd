/*
 * fuzz_conf — the config parser on arbitrary bytes: conf_parse_buffer over
 * the input, then conf_validate and every conf_get, as `madoguchi config`
 * would print them.  A line that names a file and line must stay one line:
 * the message never holds a newline.
 */
#include "conf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;
	struct err err;

	/* Defaults and the environment (tests/run.sh unsets MADOGUCHI_*). */
	memset(&c, 0, sizeof c);
	if (conf_init(&c, &err) != 0)
		abort();
	if (conf_parse_buffer(&c, "fuzz.conf", (const char *)data, size, &err) == 0) {
		if (conf_validate(&c, &err) != 0 && strchr(err.msg, '\n'))
			abort();
		for (int k = 0; k < CONF_NKEYS; k++) {
			const char *v = conf_get(&c, (enum conf_key)k);

			if (v && strlen(v) > CONF_LINE_MAX)
				abort();
		}
	} else if (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz.conf", 9) != 0) {
		abort();
	}
	conf_free(&c);
	return 0;
}
