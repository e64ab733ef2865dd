/*
 * hostlog — lines for the host's system log (facility authpriv): the
 * chain heads at every append and the refusals of the log's readers.
 *
 * Only the installed build writes there.  The development build (make,
 * make run, make check) is the one the tests run, and on a host where the
 * desk is installed its lines would land in the desk's auth.log, which
 * `log verify --syslog` reads: a test's heads would make the desk's real
 * log look rewritten.  It writes nothing, unless MADOGUCHI_TEST_SYSLOG is
 * set: the tests' catcher (tests/cli/lib-log.sh), preloaded in place of
 * syslog(3), which writes the lines to that file instead.
 *
 * Lines are not translated: administrators' tools search them.
 */
#ifndef MADOGUCHI_HOSTLOG_H
#define MADOGUCHI_HOSTLOG_H

#include <stdbool.h>

/* Whether this build sends its lines to syslog (see above). */
bool hostlog_on(void);

/* One line at LEVEL (LOG_INFO, LOG_WARNING…), ident "madoguchi[PID]". */
void hostlog_line(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
