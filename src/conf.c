#include "conf.h"
#include "paths.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct conf_def {
	const char *key;     /* in the config file */
	const char *opt;     /* on the command line, without "--" */
	const char *env;     /* environment variable */
};

static const struct conf_def defs[CONF_NKEYS] = {
	[CONF_FAQ_DIR]   = { "faq_dir", "faq", "MADOGUCHI_FAQ" },
	[CONF_DATA_DIR]  = { "data_dir", "data", "MADOGUCHI_DATA" },
	[CONF_SNAPSHOT]  = { "snapshot", "snapshot", "MADOGUCHI_SNAPSHOT" },
	[CONF_KEY_FILE]  = { "key_file", "key", "MADOGUCHI_KEY" },
	[CONF_LOG]       = { "log", "log", "MADOGUCHI_LOG" },
	[CONF_SPOOL_DIR] = { "spool_dir", "spool-dir", "MADOGUCHI_SPOOL_DIR" },
	[CONF_SUPERVISOR_GROUP] = { "supervisor_group", "supervisor-group", "MADOGUCHI_SUPERVISOR_GROUP" },
	[CONF_DESK_HOURS] = { "desk_hours", "desk-hours", "MADOGUCHI_DESK_HOURS" },
	[CONF_AMBIWIDTH] = { "ambiwidth", "ambiwidth", "MADOGUCHI_AMBIWIDTH" },
	[CONF_LANG]      = { "lang", "lang", "MADOGUCHI_LANG" },
	[CONF_COLOR]     = { "color", "color", "MADOGUCHI_COLOR" },
	[CONF_CONFIG]    = { "config", "config", "MADOGUCHI_CONFIG" },
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
	char sysconf[4096];

	memset(c, 0, sizeof *c);
	snprintf(sysconf, sizeof sysconf, "%s/madoguchi.conf", paths_sysconfdir());
	if (set_default(c, CONF_FAQ_DIR, paths_faqdir()) ||
	    set_default(c, CONF_DATA_DIR, paths_datadir()) ||
	    set_default(c, CONF_AMBIWIDTH, "auto") ||
	    set_default(c, CONF_LANG, "ja") ||
	    set_default(c, CONF_COLOR, "auto") ||
	    set_default(c, CONF_DESK_HOURS, "08:30-17:15") ||
	    set_default(c, CONF_CONFIG, sysconf))
		return err_set(err, "out of memory");
	for (int k = 0; k < CONF_NKEYS; k++) {
		const char *v = getenv(defs[k].env);
		if (v && *v && set(c, (enum conf_key)k, v, CONF_SRC_ENV))
			return err_set(err, "out of memory");
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
				return err_set(err, "out of memory");
			return 1;
		}
		if (arg[n] != '\0')
			continue;
		if (!next)
			return err_set(err, "option --%s needs a value", defs[k].opt);
		if (set(c, (enum conf_key)k, next, CONF_SRC_ARG))
			return err_set(err, "out of memory");
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

static int parse_line(struct conf *c, const char *path, int lineno, char *line, struct err *err)
{
	char *eq, *key, *val;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return err_set(err, "%s:%d: expected 'key = value'", path, lineno);
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	for (int k = 0; k < CONF_NKEYS; k++) {
		if (k == CONF_CONFIG || strcmp(key, defs[k].key) != 0)
			continue;
		if (c->src[k] > CONF_SRC_FILE)
			return 0;   /* the command line or environment wins */
		if (set(c, (enum conf_key)k, val, CONF_SRC_FILE))
			return err_set(err, "out of memory");
		c->line[k] = lineno;
		return 0;
	}
	return err_set(err, "%s:%d: unknown key '%s' (see 'man madoguchi')", path, lineno, key);
}

int conf_load_file(struct conf *c, struct err *err)
{
	const char *path = c->value[CONF_CONFIG];
	char line[4096];
	struct stat st;
	FILE *f;
	int lineno = 0;

	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && c->src[CONF_CONFIG] == CONF_SRC_DEFAULT)
			return 0;
		return err_set(err, "%s: cannot read the config file: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & S_IWOTH)) {
		fclose(f);
		return err_set(err, "%s: the config file is writable by others; run 'chmod o-w %s'",
			       path, path);
	}
	c->file = strdup(path);
	c->file_found = true;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			fclose(f);
			return err_set(err, "%s:%d: line too long", path, lineno);
		}
		if (parse_line(c, path, lineno, line, err)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
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
		return err_set(err, "%s:%d: %s '%s': %s", c->file ? c->file : "?", c->line[k],
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

/* "HH:MM-HH:MM", opening before closing (a desk closes the same day). */
static int desk_hours_ok(const char *v)
{
	int h1, m1, h2, m2, used = 0;

	if (strlen(v) != 11 || sscanf(v, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4 ||
	    used != 11 || v[2] != ':' || v[5] != '-' || v[8] != ':')
		return 0;
	if (h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59 ||
	    (h2 == 24 && m2 != 0))
		return 0;
	return h1 * 60 + m1 < h2 * 60 + m2;
}

int conf_validate(const struct conf *c, struct err *err)
{
	static const char *const ambi[] = { "auto", "single", "double", NULL };
	static const char *const lang[] = { "ja", "en", NULL };
	static const char *const color[] = { "auto", "always", "never", NULL };

	if (!one_of(c->value[CONF_AMBIWIDTH], ambi))
		return bad_value(c, CONF_AMBIWIDTH, "use auto, single or double", err);
	if (!one_of(c->value[CONF_LANG], lang))
		return bad_value(c, CONF_LANG, "use ja or en", err);
	if (!one_of(c->value[CONF_COLOR], color))
		return bad_value(c, CONF_COLOR, "use auto, always or never", err);
	if (c->value[CONF_DESK_HOURS] && *c->value[CONF_DESK_HOURS] &&
	    !desk_hours_ok(c->value[CONF_DESK_HOURS]))
		return bad_value(c, CONF_DESK_HOURS, "use HH:MM-HH:MM (opening before closing), "
				 "e.g. 08:30-17:15", err);
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
