/*
 * libFuzzer target: the e-mail address (ident kind "email").  An accepted
 * address has one @ with something before it, a domain with a dot and no
 * empty label, no space, no upper-case ASCII and none of the ASCII
 * characters an unquoted address cannot hold: see ident_harness.h.
 */
#include "ident_harness.h"

static bool shape(const char *canon)
{
	const char *at = strchr(canon, '@'), *dom;

	if (!at || at == canon || strchr(at + 1, '@'))
		return false;
	dom = at + 1;
	if (!strchr(dom, '.') || dom[0] == '.' || dom[strlen(dom) - 1] == '.' || strstr(dom, ".."))
		return false;
	for (const char *p = canon; *p; p++)
		if (*p == ' ' || (*p >= 'A' && *p <= 'Z') || strchr("\"(),:;<>[\\]", *p))
			return false;
	for (const char *p = dom; *p; p++)
		if (strchr("!#$%&'*+/=?^_`{|}~", *p))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return harness_run(IDENT_EMAIL, data, size, shape);
}
