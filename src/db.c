#include "db.h"
#include "i18n.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

const char *db_why(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return _("it stayed locked by other writers");
	case SQLITE_FULL: return _("the disk is full");
	case SQLITE_READONLY: return _("it is read-only");
	case SQLITE_CANTOPEN: return _("it cannot be opened");
	case SQLITE_NOTADB: return _("it is not an inquiry log");
	case SQLITE_CORRUPT: return _("it is damaged");
	case SQLITE_IOERR: return _("an I/O error");
	case SQLITE_PERM:
	case SQLITE_AUTH: return _("permission denied");
	default: return _("a database error");
	}
}

const char *db_why_io(const char *path)
{
	char wal[PATH_MAX];
	struct statvfs vfs;
	struct rlimit lim;
	struct stat st;
	off_t biggest = 0;

	if (!path || !*path)
		return NULL;
	if (statvfs(path, &vfs) == 0 && (unsigned long long)vfs.f_bavail * vfs.f_frsize < 256 * 1024)
		return _("the disk is full");
	if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY)
		return NULL;
	if (stat(path, &st) == 0)
		biggest = st.st_size;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0 && st.st_size > biggest)
		biggest = st.st_size;
	if ((unsigned long long)biggest + 256 * 1024 >= (unsigned long long)lim.rlim_cur)
		return _("the file-size limit (ulimit -f) is reached");
	return NULL;
}

int db_fail(struct sqlite3 *db, const char *what, struct err *err)
{
	int rc = sqlite3_extended_errcode(db);
	const char *io = NULL;

	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL)
		io = db_why_io(sqlite3_db_filename(db, "main"));
	return err_set(err, "%s: %s (%s)", what, io ? io : db_why(rc), sqlite3_errmsg(db));
}
