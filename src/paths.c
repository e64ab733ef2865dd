#include "paths.h"
#include "who.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef PATHS_DATADIR
#error "PATHS_DATADIR must be set by the Makefile"
#endif

const char *paths_datadir(void) { return PATHS_DATADIR; }
const char *paths_faqdir(void) { return PATHS_FAQDIR; }
const char *paths_localedir(void) { return PATHS_LOCALEDIR; }

/* Only the installed build has a system config: a development build run
 * on a host where the desk is installed must not take the desk's log and
 * snapshot for its own (the tests would write the real log). */
const char *paths_sysconfdir(void)
{
#ifdef PATHS_SYSCONF
	return PATHS_SYSCONF;
#else
	return NULL;
#endif
}

const char *paths_gate(void)
{
#ifdef PATHS_GATE
	return PATHS_GATE;
#else
	return NULL;
#endif
}

const char *paths_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home)
		return home;
	pw = getpwuid(geteuid());
	return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

void paths_user(char *buf, size_t n)
{
	struct passwd *pw = getpwuid(who_uid());

	if (pw && pw->pw_name)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "uid%ld", (long)who_uid());
}
