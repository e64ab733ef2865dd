/* The gate's frames: what is written reads back; every malformed frame a
 * user's process could send is refused, never read past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

/* The body of w's frame (after the length). */
static const uint8_t *body(const struct wire_out *w, size_t *n)
{
	const uint8_t *f = wire_frame(w, n);

	*n -= 4;
	return f + 4;
}

static void round_trip(void **state)
{
	struct wire_out w = { 0 };
	struct wire_iter it, in;
	struct wire_field f;
	struct err err;
	const uint8_t *b;
	uint8_t type;
	uint64_t v;
	bool t;
	char s[64];
	size_t n;

	(void)state;
	wire_begin(&w, 7);
	wire_text(&w, 1, "さいとう");
	wire_text(&w, 2, NULL);               /* absent */
	wire_u64(&w, 3, 0x0102030405060708ull);
	wire_bool(&w, 4, true);
	wire_nest(&w, 5);
	wire_text(&w, 1, "inner");
	wire_nest(&w, 2);
	wire_u64(&w, 9, 42);
	wire_unnest(&w);
	wire_unnest(&w);
	wire_bytes(&w, 6, "", 0);
	assert_int_equal(wire_end(&w, WIRE_REQ_MAX), 0);

	b = body(&w, &n);
	assert_int_equal(wire_open(b, n, &type, &it, &err), 0);
	assert_int_equal(type, 7);
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(f.tag, 1);
	assert_int_equal(wire_text_copy(&f, s, sizeof s), 0);
	assert_string_equal(s, "さいとう");
	assert_int_equal(wire_text_copy(&f, s, 5), -1);   /* does not fit */
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(f.tag, 3);
	assert_int_equal(wire_get_u64(&f, &v), 0);
	assert_true(v == 0x0102030405060708ull);
	assert_int_equal(wire_get_bool(&f, &t), -1);       /* wrong length */
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(wire_get_bool(&f, &t), 0);
	assert_true(t);
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(f.tag, 5);
	wire_nested(&f, &in);
	assert_int_equal(wire_next(&in, &f), 1);
	assert_int_equal(wire_text_copy(&f, s, sizeof s), 0);
	assert_string_equal(s, "inner");
	assert_int_equal(wire_next(&in, &f), 1);
	wire_nested(&f, &in);
	assert_int_equal(wire_next(&in, &f), 1);
	assert_int_equal(wire_get_u64(&f, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(wire_next(&in, &f), 0);
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(f.tag, 6);
	assert_int_equal(f.n, 0);
	assert_int_equal(wire_next(&it, &f), 0);
	wire_out_free(&w);
}

static void malformed_is_refused(void **state)
{
	struct wire_out w = { 0 };
	struct wire_iter it;
	struct wire_field f;
	struct err err;
	uint8_t type, bad[16];
	const uint8_t *b;
	size_t n;

	(void)state;
	assert_int_equal(wire_open((const uint8_t *)"MG", 2, &type, &it, &err), -1);
	assert_int_equal(wire_open((const uint8_t *)"XG\1\1", 4, &type, &it, &err), -1);
	assert_int_equal(wire_open((const uint8_t *)"MG\2\1", 4, &type, &it, &err), -1);
	assert_non_null(strstr(err.msg, "version"));

	/* A field whose length runs past the frame. */
	memcpy(bad, "MG\1\1\1\0\0\0\x09" "abc", 12);
	assert_int_equal(wire_open(bad, 12, &type, &it, &err), 0);
	assert_int_equal(wire_next(&it, &f), -1);
	/* A field head cut short. */
	assert_int_equal(wire_open(bad, 7, &type, &it, &err), 0);
	assert_int_equal(wire_next(&it, &f), -1);

	/* Text with a NUL or invalid UTF-8. */
	wire_begin(&w, 1);
	wire_bytes(&w, 1, "a\0b", 3);
	wire_bytes(&w, 2, "\xff", 1);
	assert_int_equal(wire_end(&w, WIRE_REQ_MAX), 0);
	b = body(&w, &n);
	assert_int_equal(wire_open(b, n, &type, &it, &err), 0);
	assert_int_equal(wire_next(&it, &f), 1);
	assert_null(wire_text_dup(&f));
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(wire_text_copy(&f, (char[8]){ 0 }, 8), -1);
	wire_out_free(&w);

	/* Nesting left open, unnest without nest, a frame over the limit. */
	wire_begin(&w, 1);
	wire_nest(&w, 1);
	assert_int_equal(wire_end(&w, WIRE_REQ_MAX), -1);
	wire_begin(&w, 1);
	wire_unnest(&w);
	assert_int_equal(wire_end(&w, WIRE_REQ_MAX), -1);
	wire_begin(&w, 1);
	wire_bytes(&w, 1, "0123456789", 10);
	assert_int_equal(wire_end(&w, 8), -1);
	for (int i = 0; i <= WIRE_DEPTH; i++)
		wire_nest(&w, 1);
	assert_true(w.bad);
	wire_out_free(&w);
}

/* A peer gone (a gate killed): EPIPE, not a SIGPIPE that would end the
 * operator's screen (and this test). */
static void a_peer_gone_is_epipe(void **state)
{
	struct wire_out w = { 0 };
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	wire_begin(&w, 3);
	wire_text(&w, 1, "x");
	assert_int_equal(wire_end(&w, WIRE_REQ_MAX), 0);
	assert_int_equal(wire_send(sv[0], &w), -1);
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
	wire_out_free(&w);
}

static void over_a_pipe(void **state)
{
	struct wire_out w = { 0 };
	struct buf frame = { 0 };
	struct err err;
	struct wire_iter it;
	struct wire_field f;
	uint8_t type;
	int fd[2];
	char big[10000];

	(void)state;
	memset(big, 'x', sizeof big);
	assert_int_equal(pipe(fd), 0);
	wire_begin(&w, 3);
	wire_textn(&w, 1, big, sizeof big);
	assert_int_equal(wire_end(&w, WIRE_ANS_MAX), 0);
	assert_int_equal(wire_send(fd[1], &w), 0);
	/* Half a frame, then the end: an error, not a frame. */
	assert_int_equal(write(fd[1], "\0\0\0\x20MG\1\1", 8), 8);
	close(fd[1]);
	assert_int_equal(wire_recv(fd[0], WIRE_ANS_MAX, &frame, &err), 1);
	assert_int_equal(wire_open((const uint8_t *)frame.p, frame.n, &type, &it, &err), 0);
	assert_int_equal(type, 3);
	assert_int_equal(wire_next(&it, &f), 1);
	assert_int_equal(f.n, sizeof big);
	assert_int_equal(wire_recv(fd[0], WIRE_ANS_MAX, &frame, &err), -1);
	assert_int_equal(wire_recv(fd[0], WIRE_ANS_MAX, &frame, &err), 0);   /* end */
	close(fd[0]);

	/* A length over the reader's limit is refused before anything is read. */
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], "\x7f\0\0\0MG\1\1", 8), 8);
	close(fd[1]);
	assert_int_equal(wire_recv(fd[0], WIRE_REQ_MAX, &frame, &err), -1);
	close(fd[0]);
	buf_free(&frame);
	wire_out_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(malformed_is_refused),
		cmocka_unit_test(over_a_pipe),
		cmocka_unit_test(a_peer_gone_is_epipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
