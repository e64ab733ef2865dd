#include "access.h"
#include "app.h"
#include "hostlog.h"
#include "i18n.h"
#include "inq_read.h"
#include "inq_store.h"
#include "who.h"
#include "paths.h"

#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

enum access_verdict access_check(const struct conf *c, const char *what, struct err *err)
{
	const char *group = conf_get(c, CONF_SUPERVISOR_GROUP);
	struct group *gr;
	char user[64];

	if (!group || !*group)
		return ACCESS_OK;
	gr = getgrnam(group);
	if (!gr) {
		err_set(err, _("supervisor_group '%s' is not a group on this system; "
			"check the setting (madoguchi config)"), group);
		return ACCESS_ERROR;
	}
	if (who_in_group(gr->gr_gid))
		return ACCESS_OK;
	paths_user(user, sizeof user);
	hostlog_line(LOG_WARNING, "%s refused: user %s (uid %ld) is not in group %s",
		     what, user, (long)who_uid(), group);
	err_set(err, _("%s is for members of group %s; ask your supervisor"), what, group);
	return ACCESS_REFUSED;
}

/* An account outside the desk's group cannot write the log either, so
 * its refusal may only reach the spool; syslog has it already. */
static void record(const struct conf *c, const char *what, const char *outcome)
{
	const char *group = conf_get(c, CONF_SUPERVISOR_GROUP);
	char buf[PATH_MAX];
	const char *path = app_log_path(c, buf, sizeof buf);
	struct inq_access a = { .action = what, .outcome = outcome };
	struct inq_log *log;
	struct err err;

	if (!group || !*group || !path || !inq_is_log(path))
		return;
	if (app_log(c, APP_LOG_RECORD, &log, &err))
		return;
	inq_access_append(log, &a, &err);
	inq_close(log);
}

enum access_verdict access_read_log(const struct conf *c, const char *what, struct err *err)
{
	enum access_verdict v = access_check(c, what, err);

	if (v != ACCESS_ERROR)
		record(c, what, v == ACCESS_OK ? "allowed" : "refused");
	return v;
}
