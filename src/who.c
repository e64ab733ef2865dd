#include "who.h"

#include <stdlib.h>
#include <unistd.h>

/* Set once, before the gate changes its ids; never written after. */
static struct {
	bool kept;
	uid_t uid;
	gid_t gid;
} caller;

void who_keep(void)
{
	caller.uid = getuid();
	caller.gid = getgid();
	caller.kept = true;
}

uid_t who_uid(void)
{
	return caller.kept ? caller.uid : getuid();
}

gid_t who_gid(void)
{
	return caller.kept ? caller.gid : getgid();
}

bool who_privileged(void)
{
	return who_uid() != geteuid() || who_gid() != getegid();
}

bool who_in_group(gid_t gid)
{
	gid_t *list;
	int n;
	bool found = false;

	if (who_gid() == gid)
		return true;
	n = getgroups(0, NULL);
	if (n <= 0)
		return false;
	list = calloc((size_t)n, sizeof *list);
	if (!list)
		return false;
	n = getgroups(n, list);
	for (int i = 0; i < n && !found; i++)
		found = list[i] == gid;
	free(list);
	return found;
}
