/*
 * file — the few file-system steps the log, the spool, the snapshot and
 * the demo share: making a directory path, the directory of a path, a
 * write that finishes, a directory synced after a rename, and a new file
 * created only where nothing (not even a link) stands.
 *
 * Functions return 0, or -1 with errno set, so each caller says the
 * failure in its own words (naming its own file).
 *
 * Ownership: the caller's buffers and descriptors.
 */
#ifndef MADOGUCHI_FILE_H
#define MADOGUCHI_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* mkdir -p with mode for each directory made (existing ones are kept as
 * they are).  On failure *failed (when not NULL, size bytes) names the
 * directory that could not be made. */
int file_mkdirs(const char *dir, mode_t mode, char *failed, size_t size);

/* The directory part of path: "." for a bare name, "/" for "/x".
 * -1 (ENAMETOOLONG) when it does not fit in size. */
int file_dir_of(const char *path, char *out, size_t size);

/* write(2) until all n bytes are written (EINTR retried). */
int file_write_all(int fd, const void *p, size_t n);

/* fsync of the directory holding path, so a rename or a new file in it
 * survives a crash. */
int file_fsync_dir(const char *path);

/* A new regular file at path, opened for writing with mode (the umask
 * applies): O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, so an existing file or a
 * symbolic link planted there is never written through (EEXIST). */
int file_create(const char *path, mode_t mode);

#endif
