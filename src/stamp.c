#include "stamp.h"

#include <ctype.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void stamp_uuid(char out[STAMP_UUID_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);   /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	snprintf(out, STAMP_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

void stamp_at(time_t t, char out[STAMP_TIME_LEN + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, STAMP_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%S.000Z", &tm) == 0)
		out[0] = '\0';
}

void stamp_now(char out[STAMP_TIME_LEN + 1])
{
	struct timespec ts;
	char ms[4];

	clock_gettime(CLOCK_REALTIME, &ts);
	stamp_at(ts.tv_sec, out);
	snprintf(ms, sizeof ms, "%03u", (unsigned)(ts.tv_nsec / 1000000) % 1000u);
	memcpy(out + STAMP_TIME_LEN - 4, ms, 3);     /* the digits before the Z */
}

int stamp_is_uuid(const char *s)
{
	for (int i = 0; i < STAMP_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[STAMP_UUID_LEN] == '\0';
}
