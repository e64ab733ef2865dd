/*
 * paths — where the program finds its files when nothing else says.
 *
 * The in-tree build (`make`) points into the source tree, the installed one
 * (`make install`) into PREFIX; only this file is compiled differently, so
 * the rest of the program never guesses.  Only the installed build reads a
 * system config (SYSCONFDIR/madoguchi.conf).  Strings are static.
 */
#ifndef MADOGUCHI_PATHS_H
#define MADOGUCHI_PATHS_H

#include <stddef.h>

const char *paths_datadir(void);   /* data/: synonyms, tables, schemas */
const char *paths_faqdir(void);    /* faq/NN.txt */
const char *paths_localedir(void); /* gettext catalogues */
/* Where madoguchi.conf lives; NULL in the development build, which reads
 * no system config (only --config or MADOGUCHI_CONFIG). */
const char *paths_sysconfdir(void);
/* The installed set-user-ID gate (madoguchi-gate); NULL in a build that has
 * none (the development build: it reads the user's own files). */
const char *paths_gate(void);

/* The account's home: $HOME, else the password database's entry (a
 * session started by cron or sudo may lack HOME); NULL when neither has
 * one.  The string is the environment's or getpwuid's: use it at once. */
const char *paths_home(void);

/* The account's name, for the log and the screens: getuid()'s entry in
 * the password database, else "uid1234" (the form the log has always
 * recorded for an account without one).  Into buf (n bytes). */
void paths_user(char *buf, size_t n);

#endif
