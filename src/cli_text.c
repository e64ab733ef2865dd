#include "cli_text.h"
#include "cli.h"
#include "i18n.h"
#include "text_display.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_text_put(FILE *out, const char *s)
{
	char *d;

	if (!s)
		return;
	d = text_display(s, strlen(s), TEXT_AMBI_SINGLE);
	/* Out of memory: nothing of s, rather than s raw. */
	fputs(d ? d : "?", out);
	free(d);
}

/* fmt's message made safe (malloc'd; NULL when memory runs out). */
static char *safe(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *safe(const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return text_display(msg, strlen(msg), TEXT_AMBI_SINGLE);
}

int cli_text_error(int status, const char *fmt, ...)
{
	va_list ap;
	char *d;

	va_start(ap, fmt);
	d = safe(fmt, ap);
	va_end(ap);
	status = cli_error(status, "%s", d ? d : "?");
	free(d);
	return status;
}

void cli_text_warn(const char *fmt, ...)
{
	va_list ap;
	char *d;

	va_start(ap, fmt);
	d = safe(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("madoguchi: warning: %s\n"), d ? d : "?");
	free(d);
}
