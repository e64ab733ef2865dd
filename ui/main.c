/* The program's entry: the core's command line, given the screens. */
#include "cli.h"
#include "operator.h"
#include "review.h"

int main(int argc, char **argv)
{
	static const struct cli_screens screens = {
		.operator_screen = ui_operator_main,
		.review_screen = ui_review_main,
	};

	return cli_main(argc, argv, &screens);
}
