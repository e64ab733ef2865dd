/* The gate's request handler on arbitrary frames, as a user's process
 * could send them to madoguchi-gate: every request decoder (src/proto) and
 * every check behind it must answer (an error is an answer) without
 * crashing, reading out of bounds or leaking.  The gate runs in-process
 * over a log and spool in a temporary directory, with no snapshot: a
 * lookup is answered "no snapshot", a save is checked and may be written. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "gate.h"
#include "wire.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct conf conf;
static struct gate *gate;

static int discard(void *ctx, const struct wire_out *w)
{
	size_t n;

	(void)ctx;
	/* An answer is always a whole frame. */
	if (!wire_frame(w, &n) || n < 4 + WIRE_HEAD)
		abort();
	return 0;
}

static void set(const char *arg)
{
	struct err err;

	if (conf_take_option(&conf, arg, NULL, &err) != 1)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/fuzz_gate.XXXXXX", arg[256];
	struct err err;

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir) || conf_init(&conf, &err))
		abort();
	snprintf(arg, sizeof arg, "--log=%s/inquiry.db", dir);
	set(arg);
	snprintf(arg, sizeof arg, "--spool-dir=%s/spool", dir);
	set(arg);
	set("--lookup-limit=off");
	set("--supervisor-group=");
	if (gate_new(&conf, GATE_IN_PROCESS, APP_LOG_COMMAND, &gate, &err))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > WIRE_REQ_MAX)
		return 0;
	gate_handle(gate, data, size, discard, NULL);
	return 0;
}
