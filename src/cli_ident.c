#include "cli_ident.h"
#include "ident.h"

#include <stdio.h>
#include <string.h>

static void kinds(char *buf, size_t size)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < IDENT_NKINDS && k < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "",
				      ident_kind_name((enum ident_kind)i));
}

int cli_ident_main(struct cli *c, int argc, char **argv)
{
	struct ident_result r;
	char list[128];
	int kind;

	(void)c;
	kinds(list, sizeof list);
	if (argc != 3)
		return cli_error(CLI_USAGE, "usage: madoguchi normalize KIND VALUE (KIND is one of %s)", list);
	kind = ident_kind_parse(argv[1]);
	if (kind < 0)
		return cli_error(CLI_USAGE, "normalize: unknown kind '%s': use one of %s", argv[1], list);
	if (ident_canon((enum ident_kind)kind, argv[2], strlen(argv[2]), &r))
		return cli_error(CLI_USAGE, "normalize %s: %s", argv[1], r.msg);
	if (r.msg[0])
		fprintf(stderr, "madoguchi: warning: %s\n", r.msg);
	printf("%s\n", r.canon);
	return CLI_OK;
}
