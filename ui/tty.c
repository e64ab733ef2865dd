#include "tty.h"
#include "input.h"
#include "i18n.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <term.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t signalled;

/* The name the C library resolves for LC_CTYPE from the environment. */
static const char *env_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "POSIX";
}

static bool names_utf8(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot && (strncasecmp(dot + 1, "UTF-8", 5) == 0 || strncasecmp(dot + 1, "utf8", 4) == 0);
}

int tty_check_locale(struct err *err)
{
	char saved[256];
	const char *cur = setlocale(LC_CTYPE, NULL);
	bool utf8;

	snprintf(saved, sizeof saved, "%s", cur ? cur : "C.UTF-8");
	/* A UTF-8 locale that is not installed still says what the terminal
	 * speaks, so the name counts as much as the codeset. */
	utf8 = names_utf8(env_locale());
	if (setlocale(LC_CTYPE, ""))
		utf8 = utf8 || strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	setlocale(LC_CTYPE, saved);
	if (utf8)
		return 0;
	return err_set(err, _("the locale '%s' is not UTF-8 and the screen needs UTF-8; "
		       "run with LANG=C.UTF-8 (or ja_JP.UTF-8) and a UTF-8 terminal"), env_locale());
}

int tty_check_streams(struct err *err)
{
	if (!isatty(STDIN_FILENO))
		return err_set(err, _("standard input is not a terminal; the operator screen needs one "
			       "(use 'madoguchi faq ...' in scripts)"));
	if (!isatty(STDOUT_FILENO))
		return err_set(err, _("standard output is not a terminal; the operator screen needs one "
			       "(use 'madoguchi faq ...' in scripts)"));
	return 0;
}

int tty_check_term(struct err *err)
{
	const char *term = getenv("TERM");
	int status = 0;
	char *cup;

	if (!term || !*term)
		return err_set(err, _("TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"));
	if (strcmp(term, "dumb") == 0)
		return err_set(err, _("TERM=dumb cannot show the screen; set TERM to your terminal type, "
			       "e.g. TERM=xterm-256color"));
	if (setupterm(term, STDOUT_FILENO, &status) != OK)
		return err_set(err, _("TERM=%s is not a terminal type known here (terminfo); "
			       "set TERM to your terminal type, e.g. TERM=xterm-256color"), term);
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (!cup || cup == (char *)-1)
		return err_set(err, _("TERM=%s cannot move the cursor, so it cannot show the screen; "
			       "set TERM to your terminal type, e.g. TERM=xterm-256color"), term);
	return 0;
}

static void put(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads the reply "ESC [ row ; col R" and returns col, or 0. */
static int read_cursor_column(int timeout_ms)
{
	char buf[64];
	size_t n = 0;
	long end = ms_now() + timeout_ms;
	const char *p;
	int row, col;

	while (n < sizeof buf - 1) {
		struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };
		long left = end - ms_now();
		ssize_t r;

		if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
			break;
		r = read(STDIN_FILENO, buf + n, sizeof buf - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if (memchr(buf, 'R', n))
			break;
	}
	buf[n] = '\0';
	p = strstr(buf, "\033[");
	if (p && sscanf(p, "\033[%d;%dR", &row, &col) == 2)
		return col;
	return 0;
}

enum text_ambi tty_probe_ambiwidth(int timeout_ms)
{
	struct termios old, raw;
	int col;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return TEXT_AMBI_SINGLE;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return TEXT_AMBI_SINGLE;
	put("\r\xe2\x91\xa0\033[6n");
	col = read_cursor_column(timeout_ms);
	put("\r\033[K");
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return col == 3 ? TEXT_AMBI_DOUBLE : TEXT_AMBI_SINGLE;
}

static void on_signal(int sig)
{
	signalled = sig;
}

void tty_signals_install(void)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;        /* no SA_RESTART: wgetch() must return */
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

int tty_signalled(void)
{
	return signalled;
}

void tty_paste_mode(bool on)
{
	const char *s = on ? "\033[?2004h" : "\033[?2004l";
	size_t n = strlen(s);

	fflush(stdout);
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;         /* the terminal is gone: nothing to restore */
		s += w;
		n -= (size_t)w;
	}
}

int tty_start(const char *ambiwidth, enum text_ambi *ambi, struct err *err)
{
	if (tty_check_streams(err) || tty_check_locale(err) || tty_check_term(err))
		return -1;
	if (ambiwidth && strcmp(ambiwidth, "double") == 0)
		*ambi = TEXT_AMBI_DOUBLE;
	else if (ambiwidth && strcmp(ambiwidth, "single") == 0)
		*ambi = TEXT_AMBI_SINGLE;
	else
		*ambi = tty_probe_ambiwidth(TTY_PROBE_MS);
	return 0;
}

SCREEN *tty_screen_begin(struct err *err)
{
	SCREEN *scr = newterm(NULL, stdout, stdin);

	if (!scr) {
		err_set(err, _("cannot start the screen on TERM=%s; set TERM to your terminal type"),
			getenv("TERM"));
		return NULL;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(INPUT_SEQ_MS / 2);
	curs_set(0);
	return scr;
}

bool tty_colours(const char *setting)
{
	const char *no = getenv("NO_COLOR");
	bool want = setting && strcmp(setting, "always") == 0;

	if (setting && strcmp(setting, "auto") == 0)
		want = !(no && *no);
	if (!want || !has_colors() || start_color() != OK)
		return false;
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_RED, -1);
	init_pair(TTY_PAIR_LEVEL(0), COLOR_WHITE, COLOR_BLUE);
	init_pair(TTY_PAIR_LEVEL(1), COLOR_BLACK, COLOR_CYAN);
	init_pair(TTY_PAIR_LEVEL(2), COLOR_BLACK, COLOR_YELLOW);
	init_pair(TTY_PAIR_LEVEL(3), COLOR_WHITE, COLOR_RED);
	return true;
}
