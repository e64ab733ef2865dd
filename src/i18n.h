/*
 * i18n — translated messages through gettext (domain "madoguchi").
 *
 * Message ids are English, as is the C convention; po/ja.po gives the
 * Japanese.  The desk's language is Japanese by default whatever the
 * operator's locale says (a jump host is usually C.UTF-8), so i18n_init()
 * selects the catalogue through LANGUAGE; `--lang en` picks the ids as they
 * are.
 */
#ifndef MADOGUCHI_I18N_H
#define MADOGUCHI_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* lang: "ja" or "en".  localedir: where madoguchi.mo files are. */
void i18n_init(const char *lang, const char *localedir);

/* True when lang (the "lang" setting, NULL meaning the default) asks for
 * English: the one place that decides it, for the catalogue and for data
 * kept in both languages (the disposition labels). */
bool i18n_english(const char *lang);

#endif
