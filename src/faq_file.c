#include "faq_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "i18n.h"

/* ---- Reading ------------------------------------------------------------ */

int faq_file_read(const char *path, size_t max, const char *what, char **out,
		  size_t *len, struct err *err)
{
	struct stat st;
	char *buf;
	size_t n = 0;
	/* O_NONBLOCK: opening a FIFO (or a terminal) named like an entry
	 * would otherwise wait for a writer before the type is seen. */
	int rc = 0, fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return err_set(err, _("%s: cannot read the %s: %s"), path, what, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, _("%s: the %s is not a regular file"), path, what);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		rc = errno;
		close(fd);
		return err_set(err, _("%s: cannot read the %s: %s"), path, what, strerror(rc));
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return err_set(err, _("%s: too large for a %s (%lld bytes, at most %zu)"), path,
			       what, (long long)st.st_size, max);
	}
	buf = malloc(max + 2);
	if (!buf) {
		close(fd);
		return err_set(err, _("%s: out of memory"), path);
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, max + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = err_set(err, _("%s: cannot read the %s: %s"), path, what, strerror(errno));
			break;
		}
		n += (size_t)r;
		if (r == 0)
			break;
		if (n > max) {
			rc = err_set(err, _("%s: too large for a %s (more than %zu bytes)"), path,
				     what, max);
			break;
		}
	}
	close(fd);
	if (rc) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* ---- Characters --------------------------------------------------------- */

/* The name of a control character, to say which one a message means. */
static const char *control_name(ucs4_t uc)
{
	switch (uc) {
	case 0x00: return " (NUL)";
	case 0x07: return " (BEL)";
	case 0x08: return _(" (backspace)");
	case 0x09: return _(" (tab)");
	case 0x0b: return _(" (vertical tab)");
	case 0x0c: return _(" (form feed)");
	case 0x0d: return _(" (carriage return)");
	case 0x1b: return " (ESC)";
	case 0x7f: return " (DEL)";
	case 0xfeff: return _(" (byte order mark)");
	case 0x2028: return _(" (line separator)");
	case 0x2029: return _(" (paragraph separator)");
	default: return "";
	}
}

static bool is_bidi_control(ucs4_t uc)
{
	return (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069) ||
	       uc == 0x200e || uc == 0x200f || uc == 0x061c;
}

/* Characters that would let a text redraw or reorder the screen, or that
 * an editor shows as nothing: refused in the data rather than hidden. */
static bool is_forbidden(ucs4_t uc, bool allow_tab)
{
	if (uc == '\n' || (uc == '\t' && allow_tab))
		return false;
	return uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || is_bidi_control(uc) ||
	       uc == 0xfeff || uc == 0x2028 || uc == 0x2029;
}

int faq_file_check(const char *path, const char *buf, size_t len, bool allow_tab,
		   struct err *err)
{
	const uint8_t *p = (const uint8_t *)buf, *end = p + len, *line = p;
	size_t lineno = 1, chars = 0;

	while (p < end) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (k < 0)
			return err_set(err, _("%s:%zu: invalid UTF-8 (byte 0x%02x at byte column %zu); "
					      "save the file as UTF-8"), path, lineno, *p,
				       (size_t)(p - line) + 1);
		chars++;
		if (uc == '\r' && p + 1 < end && p[1] == '\n') {
			p++;
			continue;
		}
		if (is_forbidden(uc, allow_tab))
			return err_set(err, _("%s:%zu: control character U+%04X%s at character %zu; "
					      "remove it"), path, lineno, (unsigned)uc,
				       control_name(uc), chars);
		p += k;
		if (uc == '\n') {
			lineno++;
			line = p;
			chars = 0;
		}
	}
	return 0;
}

size_t faq_file_bom(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- Lines -------------------------------------------------------------- */

bool faq_file_line(struct faq_file_lines *l, const char **s, size_t *n)
{
	const char *nl;

	if (l->pos >= l->len)
		return false;
	*s = l->buf + l->pos;
	nl = memchr(*s, '\n', l->len - l->pos);
	*n = nl ? (size_t)(nl - *s) : l->len - l->pos;
	l->pos += *n + (nl ? 1 : 0);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	l->no++;
	return true;
}

size_t faq_file_space(const char *s, size_t n)
{
	if (n >= 1 && (*s == ' ' || *s == '\t'))
		return 1;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

void faq_file_trim(const char **s, size_t *n)
{
	size_t k;

	while (*n && (k = faq_file_space(*s, *n)) != 0) {
		*s += k;
		*n -= k;
	}
	for (;;) {
		if (*n >= 1 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
			(*n)--;
		else if (*n >= 3 && memcmp(*s + *n - 3, "\xE3\x80\x80", 3) == 0)
			*n -= 3;
		else
			break;
	}
}

bool faq_file_blank(const char *s, size_t n)
{
	faq_file_trim(&s, &n);
	return n == 0;
}

int faq_file_quote_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (int)max;
}
