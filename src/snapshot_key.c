#include "snapshot_key.h"
#include "file.h"
#include "hex.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int snapshot_key_write(const char *path, const uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err)
{
	char text[2 * SNAPSHOT_KEY_BYTES + 2];
	int fd = file_create(path, 0600), saved;

	if (fd < 0)
		return err_set(err, _("key file %s: cannot create: %s"), path, strerror(errno));
	hex_encode(key, SNAPSHOT_KEY_BYTES, text);
	strcat(text, "\n");
	if (file_write_all(fd, text, strlen(text)) || fsync(fd) != 0) {
		saved = errno;
		sodium_memzero(text, sizeof text);
		close(fd);
		unlink(path);
		return err_set(err, _("key file %s: cannot write: %s"), path, strerror(saved));
	}
	sodium_memzero(text, sizeof text);
	close(fd);
	return 0;
}

static int key_create(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], struct err *err)
{
	randombytes_buf(key, SNAPSHOT_KEY_BYTES);
	return snapshot_key_write(path, key, err);
}

int snapshot_key_prepare(const char *path, uint8_t key[SNAPSHOT_KEY_BYTES], bool *is_new,
			 struct err *err)
{
	struct stat st;

	*is_new = false;
	if (path && *path && lstat(path, &st) != 0 && errno == ENOENT) {
		if (sodium_init() < 0)
			return err_set(err, _("libsodium cannot start"));
		randombytes_buf(key, SNAPSHOT_KEY_BYTES);
		*is_new = true;
		return 0;
	}
	return snapshot_key_load(path, false, key, NULL, err);
}

/* Opens the key file for reading: the file itself, not a link to it,
 * and no more readable than a private key should be.  The fd, or -1. */
static int open_key(const char *path, struct err *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 && errno == ELOOP)
		return err_set(err, _("key file %s is a symbolic link; give the real file"), path);
	if (fd < 0)
		return err_set(err, _("key file %s: %s"), path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, _("key file %s is not a regular file"), path);
	}
	if (st.st_mode & 0007) {
		close(fd);
		return err_set(err, _("key file %s is %s by others (mode %04o); run chmod 600 %s "
			       "(or 640 for a group of operators)"), path,
			       st.st_mode & 0004 ? _("readable") : _("accessible"),
			       (unsigned)(st.st_mode & 07777), path);
	}
	return fd;
}

int snapshot_key_load(const char *path, bool create, uint8_t key[SNAPSHOT_KEY_BYTES],
		      bool *created, struct err *err)
{
	char text[2 * SNAPSHOT_KEY_BYTES + 8];
	struct stat st;
	ssize_t n;
	int fd;

	if (sodium_init() < 0)
		return err_set(err, _("libsodium cannot start"));
	if (created)
		*created = false;
	if (!path || !*path)
		return err_set(err, _("no key file; give one with --key FILE or MADOGUCHI_KEY"));
	if (create && lstat(path, &st) != 0 && errno == ENOENT) {
		if (key_create(path, key, err))
			return -1;
		if (created)
			*created = true;
		return 0;
	}
	if ((fd = open_key(path, err)) < 0)
		return -1;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0)
		return err_set(err, _("key file %s: %s"), path, strerror(errno));
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	text[n] = '\0';
	if (n != 2 * SNAPSHOT_KEY_BYTES || hex_decode(text, (size_t)n, key) != 0) {
		sodium_memzero(text, sizeof text);
		return err_set(err, _("key file %s does not hold a key (64 hex digits)"), path);
	}
	sodium_memzero(text, sizeof text);
	return 0;
}
