#include "hostlog.h"
#include "paths.h"

#include <stdarg.h>
#include <stdlib.h>
#include <syslog.h>

/* The installed build is the one with a system config. */
bool hostlog_on(void)
{
	return paths_sysconfdir() || getenv("MADOGUCHI_TEST_SYSLOG");
}

void hostlog_line(int level, const char *fmt, ...)
{
	va_list ap;

	if (!hostlog_on())
		return;
	va_start(ap, fmt);
	openlog("madoguchi", LOG_PID, LOG_AUTHPRIV);
	vsyslog(LOG_AUTHPRIV | level, fmt, ap);
	closelog();
	va_end(ap);
}
