/* The small shared pieces every room uses: the one JSON string writer,
 * the one UUID and time stamp, hex, and the file steps (a new file is
 * never created through a planted link). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "hex.h"
#include "json.h"
#include "stamp.h"

static void json_one_rule(void **state)
{
	struct buf b = { 0 };

	(void)state;
	json_str(&b, "a\"b\\c", 5);
	assert_string_equal(b.p, "\"a\\\"b\\\\c\"");
	buf_clear(&b);
	/* Controls, DEL, C1 and U+2028 escaped: nothing reaches a terminal. */
	json_str(&b, "\x1b[31m\x7f\xc2\x9b\xe2\x80\xa8\n", 12);
	assert_string_equal(b.p, "\"\\u001b[31m\\u007f\\u009b\\u2028\\u000a\"");
	buf_clear(&b);
	/* Invalid bytes become U+FFFD, valid Japanese stays as is. */
	json_str(&b, "窓\xff口", 7);
	assert_string_equal(b.p, "\"窓\xef\xbf\xbd口\"");
	buf_clear(&b);
	json_str(&b, "a\0b", 3);
	assert_string_equal(b.p, "\"a\\u0000b\"");
	buf_clear(&b);
	json_str_or_null(&b, NULL);
	assert_string_equal(b.p, "null");
	buf_free(&b);
}

static void uuid_and_time(void **state)
{
	char u1[STAMP_UUID_LEN + 1], u2[STAMP_UUID_LEN + 1], t[STAMP_TIME_LEN + 1];

	(void)state;
	stamp_uuid(u1);
	stamp_uuid(u2);
	assert_int_equal(strlen(u1), STAMP_UUID_LEN);
	assert_true(stamp_is_uuid(u1));
	assert_string_not_equal(u1, u2);
	assert_int_equal(u1[14], '4');                       /* version 4 */
	assert_non_null(strchr("89ab", u1[19]));             /* RFC 4122 variant */
	assert_false(stamp_is_uuid("not-a-uuid"));
	assert_false(stamp_is_uuid("0123456789abcdef0123456789abcdef0123"));
	stamp_now(t);
	assert_int_equal(strlen(t), STAMP_TIME_LEN);
	assert_int_equal(t[10], 'T');
	assert_int_equal(t[23], 'Z');
	assert_non_null(strchr("0123456789", t[22]));
	stamp_at((time_t)1795576554, t);
	assert_string_equal(t, "2026-11-25T03:15:54.000Z");
}

static void hex_round_trip(void **state)
{
	unsigned char in[4] = { 0x00, 0x7f, 0x80, 0xff }, out[4];
	char h[9];

	(void)state;
	hex_encode(in, 4, h);
	assert_string_equal(h, "007f80ff");
	assert_int_equal(hex_decode("007F80ff", 8, out), 0);
	assert_memory_equal(in, out, 4);
	assert_int_equal(hex_decode("0", 1, out), -1);
	assert_int_equal(hex_decode("0g", 2, out), -1);
}

static void file_steps(void **state)
{
	char dir[] = "/tmp/madoguchi-base-XXXXXX", path[256], link[256], failed[256], d[256];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a/b/c", dir);
	assert_int_equal(file_mkdirs(path, 0700, failed, sizeof failed), 0);
	assert_int_equal(file_dir_of(path, d, sizeof d), 0);
	snprintf(link, sizeof link, "%s/a/b", dir);
	assert_string_equal(d, link);
	assert_int_equal(file_dir_of("x", d, sizeof d), 0);
	assert_string_equal(d, ".");
	assert_int_equal(file_dir_of("/x", d, sizeof d), 0);
	assert_string_equal(d, "/");
	assert_int_equal(file_dir_of("/a/b", d, 2), -1);

	/* A file where the path needs a directory: named. */
	snprintf(path, sizeof path, "%s/f", dir);
	fd = file_create(path, 0600);
	assert_true(fd >= 0);
	assert_int_equal(file_write_all(fd, "hello", 5), 0);
	close(fd);
	snprintf(link, sizeof link, "%s/f/g", dir);
	assert_int_equal(file_mkdirs(link, 0700, failed, sizeof failed), -1);
	assert_string_equal(failed, link);

	/* Never through what stands there: a file, or a link to one. */
	assert_int_equal(file_create(path, 0600), -1);
	assert_int_equal(errno, EEXIST);
	snprintf(link, sizeof link, "%s/link", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(file_create(link, 0600), -1);
	snprintf(link, sizeof link, "%s/dangling", dir);
	assert_int_equal(symlink("/nonexistent-madoguchi", link), 0);
	assert_int_equal(file_create(link, 0600), -1);
	assert_int_equal(access("/nonexistent-madoguchi", F_OK), -1);
	assert_int_equal(file_fsync_dir(path), 0);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_one_rule),
		cmocka_unit_test(uuid_and_time),
		cmocka_unit_test(hex_round_trip),
		cmocka_unit_test(file_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
