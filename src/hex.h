/*
 * hex — bytes as lower-case hex digits and back: digests in the log and
 * the snapshot, key files, spooled values that are not UTF-8.
 *
 * Ownership: the caller's buffers; out holds 2n+1 bytes for hex_encode.
 */
#ifndef MADOGUCHI_HEX_H
#define MADOGUCHI_HEX_H

#include <stddef.h>

/* b[0..n) as 2n hex digits and a NUL into out. */
void hex_encode(const void *b, size_t n, char *out);

/* s[0..n) (an even number of hex digits, either case) into n/2 bytes at
 * out.  0, or -1 when s is not that. */
int hex_decode(const char *s, size_t n, void *out);

#endif
