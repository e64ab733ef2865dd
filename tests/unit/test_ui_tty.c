/* ui/tty: the start-up checks and the ambiwidth probe, the latter against
 * a pseudo-terminal that answers (or not) like Tera Term or PuTTY would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tty.h"

static void test_locale(void **state)
{
	struct err err = { "" };

	(void)state;
	setenv("LC_ALL", "C", 1);
	assert_int_equal(tty_check_locale(&err), -1);
	assert_non_null(strstr(err.msg, "the locale 'C' is not UTF-8"));
	assert_non_null(strstr(err.msg, "LANG=C.UTF-8"));
	unsetenv("LC_ALL");
	unsetenv("LC_CTYPE");
	setenv("LANG", "POSIX", 1);
	assert_int_equal(tty_check_locale(&err), -1);
	assert_non_null(strstr(err.msg, "'POSIX'"));
	/* Not installed here, but it says UTF-8: the terminal speaks it. */
	setenv("LANG", "ja_JP.UTF-8", 1);
	assert_int_equal(tty_check_locale(&err), 0);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(tty_check_locale(&err), 0);
	/* The check leaves the program's own locale as it was. */
	assert_string_equal(setlocale(LC_CTYPE, NULL), "C.UTF-8");
}

static void test_term(void **state)
{
	struct err err = { "" };

	(void)state;
	setenv("TERM", "dumb", 1);
	assert_int_equal(tty_check_term(&err), -1);
	assert_non_null(strstr(err.msg, "TERM=dumb"));
	setenv("TERM", "no-such-terminal-here", 1);
	assert_int_equal(tty_check_term(&err), -1);
	assert_non_null(strstr(err.msg, "no-such-terminal-here"));
	unsetenv("TERM");
	assert_int_equal(tty_check_term(&err), -1);
	assert_non_null(strstr(err.msg, "TERM is not set"));
	setenv("TERM", "vt100", 1);
	assert_int_equal(tty_check_term(&err), 0);
}

/* Runs the probe in a child on a new pty and answers with `reply` (NULL:
 * silence).  Returns what the probe decided; *asked says whether the
 * child printed ① and ESC [ 6 n. */
static int probe_with(const char *reply, bool *asked)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), status;
	char buf[256];
	size_t n = 0;
	pid_t pid;

	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int slave = open(ptsname(master), O_RDWR);

		if (slave < 0)
			_exit(99);
		dup2(slave, 0);
		dup2(slave, 1);
		_exit(tty_probe_ambiwidth(300) == TEXT_AMBI_DOUBLE ? 2 : 1);
	}
	*asked = false;
	for (int i = 0; i < 50 && !*asked; i++) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = read(master, buf + n, sizeof buf - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		*asked = strstr(buf, "\xe2\x91\xa0\033[6n") != NULL;
	}
	if (*asked && reply)
		assert_true(write(master, reply, strlen(reply)) == (ssize_t)strlen(reply));
	/* Drain what it prints (the erase) until the child is done. */
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		assert_int_equal(w, 0);
		if (poll(&p, 1, 50) > 0 && read(master, buf, sizeof buf) < 0) {
			assert_int_equal(waitpid(pid, &status, 0), pid);
			break;
		}
	}
	close(master);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_probe_double(void **state)
{
	bool asked;

	(void)state;
	/* Tera Term "Japanese/UTF-8", PuTTY CJK: ① took two columns. */
	assert_int_equal(probe_with("\033[7;3R", &asked), 2);
	assert_true(asked);
}

static void test_probe_single(void **state)
{
	bool asked;

	(void)state;
	assert_int_equal(probe_with("\033[7;2R", &asked), 1);
	assert_true(asked);
}

static void test_probe_silent_terminal(void **state)
{
	bool asked;

	(void)state;
	assert_int_equal(probe_with(NULL, &asked), 1);
	assert_true(asked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_probe_double),
		cmocka_unit_test(test_probe_single),
		cmocka_unit_test(test_probe_silent_terminal),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
