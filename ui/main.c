/* The program's entry: the core's command line, given the screens. */
#include "cli.h"

int main(int argc, char **argv)
{
	static const struct cli_screens screens = { 0 };

	return cli_main(argc, argv, &screens);
}
