#include "i18n.h"

#include <stdlib.h>
#include <string.h>

void i18n_init(const char *lang, const char *localedir)
{
	/* LANGUAGE outranks LC_MESSAGES in GNU gettext (except in the plain "C"
	 * locale, which the caller has already replaced by C.UTF-8), and it only
	 * affects message catalogues, not character classification. */
	setenv("LANGUAGE", i18n_english(lang) ? "en" : "ja", 1);
	bindtextdomain("madoguchi", localedir);
	bind_textdomain_codeset("madoguchi", "UTF-8");
	textdomain("madoguchi");
}

bool i18n_english(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}
