#include "conf.h"
#include "i18n.h"
#include "paths.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct conf_def {
	const char *key;     /* in the config file */
	const char *opt;     /* on the command line, without "--" */
	const char *env;     /* environment variable */
	bool path;           /* a file or directory */
};

static const struct conf_def defs[CONF_NKEYS] = {
	[CONF_FAQ_DIR]   = { "faq_dir", "faq", "MADOGUCHI_FAQ", true },
	[CONF_DATA_DIR]  = { "data_dir", "data", "MADOGUCHI_DATA", true },
	[CONF_SNAPSHOT]  = { "snapshot", "snapshot", "MADOGUCHI_SNAPSHOT", true },
	[CONF_KEY_FILE]  = { "key_file", "key", "MADOGUCHI_KEY", true },
	[CONF_LOG]       = { "log", "log", "MADOGUCHI_LOG", true },
	[CONF_SPOOL_DIR] = { "spool_dir", "spool-dir", "MADOGUCHI_SPOOL_DIR", true },
	[CONF_SUPERVISOR_GROUP] = { "supervisor_group", "supervisor-group", "MADOGUCHI_SUPERVISOR_GROUP", false },
	[CONF_DESK_HOURS] = { "desk_hours", "desk-hours", "MADOGUCHI_DESK_HOURS", false },
	[CONF_AMBIWIDTH] = { "ambiwidth", "ambiwidth", "MADOGUCHI_AMBIWIDTH", false },
	[CONF_LANG]      = { "lang", "lang", "MADOGUCHI_LANG", false },
	[CONF_COLOR]     = { "color", "color", "MADOGUCHI_COLOR", false },
	[CONF_LOOKUP_LIMIT] = { "lookup_limit", "lookup-limit", "MADOGUCHI_LOOKUP_LIMIT", false },
	[CONF_CONFIG]    = { "config", "config", "MADOGUCHI_CONFIG", false },
};

static int set(struct conf *c, enum conf_key k, const char *v, enum conf_src src)
{
	char *copy = strdup(v);

	if (!copy)
		return -1;
	free(c->value[k]);
	c->value[k] = copy;
	c->src[k] = src;
	return 0;
}

static int set_default(struct conf *c, enum conf_key k, const char *v)
{
	return v ? set(c, k, v, CONF_SRC_DEFAULT) : 0;
}

int conf_init(struct conf *c, struct err *err)
{
	const char *dir = paths_sysconfdir();
	char sysconf[4096];

	memset(c, 0, sizeof *c);
	/* The development build has no system config: CONF_CONFIG stays
	 * unset unless --config or MADOGUCHI_CONFIG names one. */
	if (dir)
		snprintf(sysconf, sizeof sysconf, "%s/madoguchi.conf", dir);
	if (set_default(c, CONF_FAQ_DIR, paths_faqdir()) ||
	    set_default(c, CONF_DATA_DIR, paths_datadir()) ||
	    set_default(c, CONF_AMBIWIDTH, "auto") ||
	    set_default(c, CONF_LANG, "ja") ||
	    set_default(c, CONF_COLOR, "auto") ||
	    set_default(c, CONF_DESK_HOURS, "08:30-17:15") ||
	    set_default(c, CONF_LOOKUP_LIMIT, CONF_LOOKUP_LIMIT_DEFAULT) ||
	    set_default(c, CONF_CONFIG, dir ? sysconf : NULL))
		return err_set(err, _("out of memory"));
	for (int k = 0; k < CONF_NKEYS; k++) {
		const char *v = getenv(defs[k].env);
		if (v && *v && set(c, (enum conf_key)k, v, CONF_SRC_ENV))
			return err_set(err, _("out of memory"));
	}
	return 0;
}

void conf_free(struct conf *c)
{
	for (int k = 0; k < CONF_NKEYS; k++)
		free(c->value[k]);
	free(c->file);
	memset(c, 0, sizeof *c);
}

int conf_take_option(struct conf *c, const char *arg, const char *next, struct err *err)
{
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	for (int k = 0; k < CONF_NKEYS; k++) {
		size_t n = strlen(defs[k].opt);
		if (strncmp(arg, defs[k].opt, n) != 0)
			continue;
		if (arg[n] == '=') {
			if (set(c, (enum conf_key)k, arg + n + 1, CONF_SRC_ARG))
				return err_set(err, _("out of memory"));
			return 1;
		}
		if (arg[n] != '\0')
			continue;
		if (!next)
			return err_set(err, _("option --%s needs a value"), defs[k].opt);
		if (set(c, (enum conf_key)k, next, CONF_SRC_ARG))
			return err_set(err, _("out of memory"));
		return 2;
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* A path in the config file: the file serves every operator from
 * wherever each started the program, so a relative path would name a
 * different file for each; "~/" is the operator's own home (a per-user
 * spool, as the example file suggests), as a shell would read it.  The
 * expanded value goes to out (size bytes). */
static int file_path(const char *name, int lineno, const char *key, const char *val,
		     bool no_home, char *out, size_t size, struct err *err)
{
	const char *home;

	if (val[0] == '/')
		return snprintf(out, size, "%s", val) < (int)size ? 0 :
			err_set(err, _("%s:%d: '%s' is too long"), name, lineno, key);
	if (!(val[0] == '~' && (val[1] == '/' || val[1] == '\0')))
		return err_set(err, _("%s:%d: %s '%s': use an absolute path (or ~/ for each "
			       "operator's home)"), name, lineno, key, val);
	if (no_home)
		return err_set(err, _("%s:%d: %s '%s': ~/ is each operator's own home; the desk's "
			       "data needs a path of its own (e.g. /var/lib/madoguchi)"),
			       name, lineno, key, val);
	if (!(home = paths_home()))
		return err_set(err, _("%s:%d: %s '%s': this account has no home directory"),
			       name, lineno, key, val);
	if (snprintf(out, size, "%s%s", home, val + 1) >= (int)size)
		return err_set(err, _("%s:%d: '%s' is too long"), name, lineno, key);
	return 0;
}

/* One "key = value" line (NUL-terminated, without its newline). */
static int parse_line(struct conf *c, const char *name, int lineno, char *line, struct err *err)
{
	char *eq, *key, *val, path[CONF_LINE_MAX + 1];

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return err_set(err, _("%s:%d: expected 'key = value'"), name, lineno);
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if (strcmp(key, defs[CONF_CONFIG].key) == 0)
		return err_set(err, _("%s:%d: 'config' cannot be set in a config file; use --config "
			       "or MADOGUCHI_CONFIG"), name, lineno);
	for (int k = 0; k < CONF_NKEYS; k++) {
		if (k == CONF_CONFIG || strcmp(key, defs[k].key) != 0)
			continue;
		/* Two lines for one key: which one was meant is a guess. */
		if (c->line[k])
			return err_set(err, _("%s:%d: '%s' is already set on line %d; keep one of them"),
				       name, lineno, key, c->line[k]);
		if (*val == '\0')
			return err_set(err, _("%s:%d: '%s' has no value; remove the line to use the default"),
				       name, lineno, key);
		c->line[k] = lineno;
		if (defs[k].path) {
			if (file_path(name, lineno, key, val, c->no_home, path, sizeof path, err))
				return -1;
			val = path;
		}
		if (c->src[k] > CONF_SRC_FILE)
			return 0;   /* the command line or environment wins */
		if (set(c, (enum conf_key)k, val, CONF_SRC_FILE))
			return err_set(err, _("out of memory"));
		return 0;
	}
	return err_set(err, _("%s:%d: unknown key '%s' (see 'man madoguchi')"), name, lineno, key);
}

int conf_parse_buffer(struct conf *c, const char *name, const char *buf, size_t len,
		      struct err *err)
{
	char line[CONF_LINE_MAX + 1];
	int lineno = 0;

	if (!c->file || strcmp(c->file, name) != 0) {
		free(c->file);
		c->file = strdup(name);
		if (!c->file)
			return err_set(err, _("out of memory"));
	}
	/* Notepad and Excel save UTF-8 with a byte order mark: not part of
	 * the first key. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		lineno++;
		if (n > CONF_LINE_MAX)
			return err_set(err, _("%s:%d: line too long (at most %d bytes)"), name, lineno,
				       CONF_LINE_MAX);
		if (memchr(buf, '\0', n))
			return err_set(err, _("%s:%d: a NUL byte; the config file must be text"), name,
				       lineno);
		memcpy(line, buf, n);
		line[n] = '\0';
		if (parse_line(c, name, lineno, line, err))
			return -1;
		if (!nl)
			break;
		buf += n + 1;
		len -= n + 1;
	}
	return 0;
}

/* Reads all of a config file, refusing one writable by others: whoever may
 * write it chooses the log and the snapshot of every operator. */
static int read_config(const char *path, char **out, size_t *outlen, struct err *err)
{
	struct stat st;
	size_t n = 0;
	char *buf;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return err_set(err, _("%s: cannot read the config file: %s"), path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
		fclose(f);
		return err_set(err, _("%s: the config file is not a regular file"), path);
	}
	/* MADOGUCHI_CONFIG=/dev/null: no settings (a device is not read: a
	 * terminal would wait for input). */
	if (S_ISCHR(st.st_mode)) {
		fclose(f);
		*out = NULL;
		*outlen = 0;
		return 0;
	}
	if (st.st_mode & S_IWOTH) {
		fclose(f);
		return err_set(err, _("%s: the config file is writable by others; run 'chmod o-w %s'"),
			       path, path);
	}
	if (st.st_size > CONF_FILE_MAX) {
		fclose(f);
		return err_set(err, _("%s: the config file is larger than %d bytes"), path,
			       CONF_FILE_MAX);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return err_set(err, _("out of memory"));
	}
	n = fread(buf, 1, (size_t)st.st_size + 1, f);
	if (ferror(f) || n > (size_t)st.st_size) {
		err_set(err, ferror(f) ? _("%s: cannot read the config file") :
			_("%s: cannot read the config file (it grew while being read)"), path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = buf;
	*outlen = n;
	return 0;
}

int conf_load_file(struct conf *c, struct err *err)
{
	const char *path = c->value[CONF_CONFIG];
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return 0;   /* the development build, and no config given */
	if (faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) != 0 && errno == ENOENT && c->src[CONF_CONFIG] == CONF_SRC_DEFAULT)
		return 0;
	if (read_config(path, &buf, &len, err))
		return -1;
	c->file_found = true;
	rc = conf_parse_buffer(c, path, buf, len, err);
	free(buf);
	return rc;
}

static int one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

/* "FILE:LINE: key" for a value from the config file, "--opt" or "ENV"
 * otherwise: the message names where the user typed it. */
static int bad_value(const struct conf *c, enum conf_key k, const char *hint, struct err *err)
{
	switch (c->src[k]) {
	case CONF_SRC_FILE:
		return err_set(err, _("%s:%d: %s '%s': %s"), c->file ? c->file : "?", c->line[k],
			       defs[k].key, c->value[k], hint);
	case CONF_SRC_ENV:
		return err_set(err, "%s '%s': %s", defs[k].env, c->value[k], hint);
	case CONF_SRC_ARG:
		return err_set(err, "--%s '%s': %s", defs[k].opt, c->value[k], hint);
	case CONF_SRC_DEFAULT:
		break;
	}
	return err_set(err, "%s '%s': %s", defs[k].key, c->value[k], hint);
}

/* "HH:MM" of a 24-hour clock into minutes, or -1. */
static int clock_minutes(const char *s)
{
	int h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');

	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

int conf_desk_hours(const char *v, int *open_min, int *close_min)
{
	int a, b;

	if (strlen(v) != 11 || v[5] != '-')
		return -1;
	a = clock_minutes(v);
	b = clock_minutes(v + 6);
	if (a < 0 || b < 0 || a >= b)
		return -1;
	if (open_min)
		*open_min = a;
	if (close_min)
		*close_min = b;
	return 0;
}

/* "30/10m": 30 lookups in 10 minutes; *s is advanced past it. */
static int one_limit(const char **s, long *per, long *secs)
{
	char *end;
	long n, t = 1;

	n = strtol(*s, &end, 10);
	if (end == *s || n < 1 || n > 1000000 || *end != '/')
		return -1;
	*s = end + 1;
	if (isdigit((unsigned char)**s)) {
		t = strtol(*s, &end, 10);
		if (t < 1 || t > 1000)
			return -1;
		*s = end;
	}
	switch (**s) {
	case 'm': t *= 60; break;
	case 'h': t *= 3600; break;
	case 'd': t *= 86400; break;
	default: return -1;
	}
	(*s)++;
	*per = n;
	*secs = t;
	return 0;
}

int conf_lookup_limits(const char *v, long per[], long secs[], size_t max, size_t *n)
{
	*n = 0;
	while (*v == ' ')
		v++;
	if (strcmp(v, "off") == 0)
		return 0;
	for (;;) {
		while (*v == ' ')
			v++;
		if (*n == max || one_limit(&v, &per[*n], &secs[*n]))
			return -1;
		(*n)++;
		while (*v == ' ')
			v++;
		if (*v == '\0')
			return 0;
		if (*v++ != ',')
			return -1;
	}
}

int conf_validate(const struct conf *c, struct err *err)
{
	static const char *const ambi[] = { "auto", "single", "double", NULL };
	static const char *const lang[] = { "ja", "en", NULL };
	static const char *const color[] = { "auto", "always", "never", NULL };

	if (!one_of(c->value[CONF_AMBIWIDTH], ambi))
		return bad_value(c, CONF_AMBIWIDTH, _("use auto, single or double"), err);
	if (!one_of(c->value[CONF_LANG], lang))
		return bad_value(c, CONF_LANG, _("use ja or en"), err);
	if (!one_of(c->value[CONF_COLOR], color))
		return bad_value(c, CONF_COLOR, _("use auto, always or never"), err);
	if (c->value[CONF_DESK_HOURS] && conf_desk_hours(c->value[CONF_DESK_HOURS], NULL, NULL))
		return bad_value(c, CONF_DESK_HOURS,
				 _("use HH:MM-HH:MM, opening before closing (e.g. 08:30-17:15)"), err);
	if (c->value[CONF_LOOKUP_LIMIT]) {
		long per[8], secs[8];
		size_t n;

		if (conf_lookup_limits(c->value[CONF_LOOKUP_LIMIT], per, secs, 8, &n))
			return bad_value(c, CONF_LOOKUP_LIMIT, _("use counts per time, like 30/10m, "
					 "300/1d (m minutes, h hours, d days), or off"), err);
	}
	return 0;
}

const char *conf_get(const struct conf *c, enum conf_key k)
{
	return k < CONF_NKEYS ? c->value[k] : NULL;
}

const char *conf_key_name(enum conf_key k)
{
	return k < CONF_NKEYS ? defs[k].key : "?";
}

/* Not translated: the `config` command's lines are read by scripts. */
const char *conf_src_name(enum conf_src s)
{
	switch (s) {
	case CONF_SRC_ARG: return "command line";
	case CONF_SRC_ENV: return "environment";
	case CONF_SRC_FILE: return "config file";
	case CONF_SRC_DEFAULT: break;
	}
	return "default";
}
