/*
 * conf — the effective settings and where each came from.
 *
 * Every setting has one key (as in madoguchi.conf), one command-line option
 * and one environment variable.  Precedence: command line, environment,
 * config file, built-in default.  conf_get() returns the winning value;
 * `madoguchi config` prints them all with their source.
 *
 * Ownership: struct conf owns every value string; the pointers conf_get()
 * returns live as long as the struct conf.
 */
#ifndef MADOGUCHI_CONF_H
#define MADOGUCHI_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

enum conf_key {
	CONF_FAQ_DIR, CONF_DATA_DIR, CONF_SNAPSHOT, CONF_KEY_FILE, CONF_LOG,
	CONF_SPOOL_DIR, CONF_SUPERVISOR_GROUP, CONF_DESK_HOURS, CONF_AMBIWIDTH,
	CONF_LANG, CONF_COLOR, CONF_LOOKUP_LIMIT, CONF_CONFIG,
	CONF_NKEYS
};

enum conf_src { CONF_SRC_DEFAULT, CONF_SRC_FILE, CONF_SRC_ENV, CONF_SRC_ARG };

struct conf {
	char *value[CONF_NKEYS];
	enum conf_src src[CONF_NKEYS];
	int line[CONF_NKEYS];    /* line in the config file, for messages */
	char *file;              /* the config file read, or NULL */
	bool file_found;
	bool no_home;            /* "~/" paths refused (the desk's gate: it
	                            would be the operator's home) */
};

/* Fills defaults and the environment.  0, or -1 with err. */
int conf_init(struct conf *c, struct err *err);
void conf_free(struct conf *c);

/* If arg is a global option ("--faq", "--faq=DIR", …) takes it (and its
 * value from next, when separate) and returns how many argv words it used
 * (1 or 2); 0 when arg is not a global option; -1 with err on a missing
 * value. */
int conf_take_option(struct conf *c, const char *arg, const char *next, struct err *err);

#define CONF_LINE_MAX 4095         /* bytes in one line of a config file */
#define CONF_FILE_MAX (1 << 20)    /* bytes in a config file */

/* Parses config text (len bytes, not NUL-terminated, may hold any byte):
 * "key = value" lines, blank lines and lines starting with '#'.  name is the
 * file's name for messages ("NAME:LINE: ...").  Like conf_load_file, it does
 * not override values from the command line or environment.  0, or -1 with
 * err naming the line. */
int conf_parse_buffer(struct conf *c, const char *name, const char *buf, size_t len,
		      struct err *err);

/* Reads the config file chosen by --config, MADOGUCHI_CONFIG, or the system
 * one (a missing system file is not an error).  Does not override values
 * from the command line or environment.  0, or -1 with err naming the line. */
int conf_load_file(struct conf *c, struct err *err);

/* Checks the values that have a fixed vocabulary or format (ambiwidth,
 * lang, color, desk_hours).  0, or -1 with err naming the file and line,
 * the environment variable or the option the value came from. */
int conf_validate(const struct conf *c, struct err *err);

/* desk_hours "HH:MM-HH:MM" (24-hour clock, opening before closing, 24:00
 * allowed as closing) into minutes since midnight; either pointer may be
 * NULL.  0, or -1 when malformed. */
int conf_desk_hours(const char *v, int *open_min, int *close_min);

/* lookup_limit: counts of lookups per time, "30/10m, 300/1d" (m minutes,
 * h hours, d days), or "off".  0 with up to max windows into per[] and
 * secs[] (*n of them; 0 for off), or -1 when malformed. */
#define CONF_LOOKUP_LIMIT_DEFAULT "30/10m, 300/1d"
int conf_lookup_limits(const char *v, long per[], long secs[], size_t max, size_t *n);

const char *conf_get(const struct conf *c, enum conf_key k);  /* NULL if unset */
const char *conf_key_name(enum conf_key k);
const char *conf_src_name(enum conf_src s);

#endif
