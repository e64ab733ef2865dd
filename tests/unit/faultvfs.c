/*
 * faultvfs — a SQLite VFS over the default one that fails the Nth write or
 * sync (counted together, from when it is armed) with an I/O error, once.
 * Included by the tests that need it; registered as "faultvfs".
 *
 *   faultvfs_register();
 *   faultvfs_arm(n);          n = 1: the next write or sync fails
 *   ... run something ...
 *   faultvfs_fired();         did the armed failure happen?
 *   faultvfs_disarm();
 */
#include <sqlite3.h>
#include <string.h>

struct fv_file {
	sqlite3_file base;
	sqlite3_file *real;        /* follows this struct in the same allocation */
};

static struct {
	sqlite3_vfs vfs;
	sqlite3_vfs *real;
	long countdown;            /* 0: disarmed */
	int fired;
	sqlite3_io_methods methods;
} fv;

static int fv_hit(void)
{
	if (fv.countdown <= 0)
		return 0;
	if (--fv.countdown > 0)
		return 0;
	fv.fired = 1;
	return 1;
}

static sqlite3_file *real_of(sqlite3_file *f)
{
	return ((struct fv_file *)f)->real;
}

static int fv_close(sqlite3_file *f)
{
	return real_of(f)->pMethods->xClose(real_of(f));
}

static int fv_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return real_of(f)->pMethods->xRead(real_of(f), p, n, off);
}

static int fv_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (fv_hit())
		return SQLITE_IOERR_WRITE;
	return real_of(f)->pMethods->xWrite(real_of(f), p, n, off);
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int fv_sync(sqlite3_file *f, int flags)
{
	if (fv_hit())
		return SQLITE_IOERR_FSYNC;
	return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int fv_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int fv_lock(sqlite3_file *f, int l)
{
	return real_of(f)->pMethods->xLock(real_of(f), l);
}

static int fv_unlock(sqlite3_file *f, int l)
{
	return real_of(f)->pMethods->xUnlock(real_of(f), l);
}

static int fv_check(sqlite3_file *f, int *out)
{
	return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int fv_fcntl(sqlite3_file *f, int op, void *arg)
{
	return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

static int fv_sector(sqlite3_file *f)
{
	return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int fv_dev(sqlite3_file *f)
{
	return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

static int fv_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, ext, pp);
}

static int fv_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}

static void fv_shmbarrier(sqlite3_file *f)
{
	real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int fv_shmunmap(sqlite3_file *f, int del)
{
	return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct fv_file *ff = (struct fv_file *)f;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = fv.real->xOpen(fv.real, name, ff->real, flags, out);
	if (rc != SQLITE_OK || !ff->real->pMethods) {
		f->pMethods = NULL;
		return rc;
	}
	fv.methods.iVersion = ff->real->pMethods->iVersion < 2 ? ff->real->pMethods->iVersion : 2;
	f->pMethods = &fv.methods;
	return SQLITE_OK;
}

static int fv_delete(sqlite3_vfs *v, const char *n, int sync) { (void)v; return fv.real->xDelete(fv.real, n, sync); }
static int fv_access(sqlite3_vfs *v, const char *n, int fl, int *o) { (void)v; return fv.real->xAccess(fv.real, n, fl, o); }
static int fv_full(sqlite3_vfs *v, const char *n, int sz, char *o) { (void)v; return fv.real->xFullPathname(fv.real, n, sz, o); }
static void *fv_dlopen(sqlite3_vfs *v, const char *n) { (void)v; return fv.real->xDlOpen(fv.real, n); }
static void fv_dlerror(sqlite3_vfs *v, int n, char *m) { (void)v; fv.real->xDlError(fv.real, n, m); }
static void (*fv_dlsym(sqlite3_vfs *v, void *h, const char *s))(void) { (void)v; return fv.real->xDlSym(fv.real, h, s); }
static void fv_dlclose(sqlite3_vfs *v, void *h) { (void)v; fv.real->xDlClose(fv.real, h); }
static int fv_random(sqlite3_vfs *v, int n, char *o) { (void)v; return fv.real->xRandomness(fv.real, n, o); }
static int fv_sleep(sqlite3_vfs *v, int us) { (void)v; return fv.real->xSleep(fv.real, us); }
static int fv_time(sqlite3_vfs *v, double *t) { (void)v; return fv.real->xCurrentTime(fv.real, t); }
static int fv_lasterr(sqlite3_vfs *v, int n, char *m) { (void)v; return fv.real->xGetLastError(fv.real, n, m); }
static int fv_time64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; return fv.real->xCurrentTimeInt64(fv.real, t); }

static int faultvfs_register(void)
{
	if (fv.real)
		return SQLITE_OK;
	fv.real = sqlite3_vfs_find(NULL);
	if (!fv.real)
		return SQLITE_ERROR;
	fv.methods = (sqlite3_io_methods){
		2, fv_close, fv_read, fv_write, fv_truncate, fv_sync, fv_size, fv_lock, fv_unlock,
		fv_check, fv_fcntl, fv_sector, fv_dev, fv_shmmap, fv_shmlock, fv_shmbarrier,
		fv_shmunmap, NULL, NULL,
	};
	fv.vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct fv_file) + fv.real->szOsFile,
		.mxPathname = fv.real->mxPathname,
		.zName = "faultvfs",
		.xOpen = fv_open, .xDelete = fv_delete, .xAccess = fv_access,
		.xFullPathname = fv_full, .xDlOpen = fv_dlopen, .xDlError = fv_dlerror,
		.xDlSym = fv_dlsym, .xDlClose = fv_dlclose, .xRandomness = fv_random,
		.xSleep = fv_sleep, .xCurrentTime = fv_time, .xGetLastError = fv_lasterr,
		.xCurrentTimeInt64 = fv_time64,
	};
	return sqlite3_vfs_register(&fv.vfs, 0);
}

static void faultvfs_arm(long n)
{
	fv.countdown = n;
	fv.fired = 0;
}

static void faultvfs_disarm(void)
{
	fv.countdown = 0;
}

static int faultvfs_fired(void)
{
	return fv.fired;
}
