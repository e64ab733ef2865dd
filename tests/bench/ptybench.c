/*
 * ptybench — runs a terminal program in a pseudo-terminal of a given size
 * and measures what a user at that terminal would see:
 *   start_ms  from fork to the moment MARKER has been drawn (the first
 *             complete screen: the marker is text drawn last);
 *   rss_kb, pss_kb  of the program once the screen is up (smaps_rollup);
 *   key_bytes the bytes the program sent back for each key of KEYS, one key
 *             at a time, each counted until the output has been idle 150 ms.
 * It answers the cursor-position query (ESC [ 6 n) like a terminal, so
 * programs that probe the terminal do not wait for a timeout.
 *
 * usage: ptybench [-c COLS] [-r ROWS] [-k KEYS] [-e END] [-w MS] -m MARKER -- CMD ARG...
 * KEYS is sent one UTF-8 character at a time, each in its own write as a
 * terminal sends a keystroke; "\e" (Esc), "\r" (Enter), "\b" (BackSpace:
 * DEL, 0x7f, as xterm, Tera Term and PuTTY send it) and "\AX" (Alt-X: ESC
 * and X in one write) are understood.
 * Output: "start_ms N", "rss_kb N", "pss_kb N", "key_bytes N N N ...", and
 * with KEYS "rss_end_kb N", "pss_end_kb N" measured after the last key.
 * With -e END: "last_key_ms N", from the write of the last key to the
 * moment END has been drawn after it (a lookup's verdict: the screen's
 * answer to Enter, end to end), -1 when it never was.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reads what is there within timeout ms; answers DSR; returns bytes read
 * or -1 at end of file. */
static long pump(int fd, int timeout, char *seen, size_t *seen_len, size_t seen_cap)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[65536];
	long total = 0;

	while (poll(&p, 1, timeout) > 0) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return total ? total : -1;
		total += n;
		if (memmem(buf, (size_t)n, "\033[6n", 4))
			if (write(fd, "\033[1;2R", 6) < 0)
				return -1;
		if (seen) {
			size_t room = seen_cap - *seen_len - 1;
			size_t k = (size_t)n < room ? (size_t)n : room;
			memcpy(seen + *seen_len, buf, k);
			*seen_len += k;
			seen[*seen_len] = '\0';
		}
		timeout = p.revents & POLLIN ? timeout : 0;
	}
	return total;
}

/* Reads until text has been drawn (it may come in pieces): *at gets the ms
 * since t0 at that moment, or stays -1 after wait_ms.  Returns the bytes
 * read. */
static long until_drawn(int fd, const char *text, double t0, int wait_ms, double *at)
{
	static char seen[1 << 20];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	long total = 0;

	while (now_ms() - t0 < wait_ms && poll(&p, 1, 50) >= 0) {
		ssize_t n;

		if (!(p.revents & POLLIN))
			continue;
		n = read(fd, seen + len, sizeof seen - 1 - len);
		if (n <= 0)
			break;
		total += n;
		len += (size_t)n;
		seen[len] = '\0';
		if (strstr(seen, text)) {
			*at = now_ms() - t0;
			break;
		}
		if (len == sizeof seen - 1)
			len = 0;
	}
	return total;
}

static long mem_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	long v = -1;
	size_t n = strlen(field);
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static size_t next_key(const char *s, char *key)
{
	size_t n = 1;

	if (s[0] == '\\' && s[1] == 'e') { key[0] = 27; key[1] = 0; return 2; }
	if (s[0] == '\\' && s[1] == 'r') { key[0] = '\r'; key[1] = 0; return 2; }
	if (s[0] == '\\' && s[1] == 'b') { key[0] = 0x7f; key[1] = 0; return 2; }
	/* \AX: Alt-X, ESC and X in one write, as a terminal sends it */
	if (s[0] == '\\' && s[1] == 'A' && s[2]) { key[0] = 27; key[1] = s[2]; key[2] = 0; return 3; }
	if ((unsigned char)s[0] >= 0xC0)
		while ((s[n] & 0xC0) == 0x80)
			n++;
	memcpy(key, s, n);
	key[n] = 0;
	return n;
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *marker = NULL, *keys = "", *end = NULL;
	static char seen[1 << 22];
	size_t seen_len = 0;
	int opt, fd, wait_ms = 5000, status;
	double t0, start = -1, last_key = -1;
	pid_t pid;

	while ((opt = getopt(argc, argv, "c:r:k:m:w:e:")) != -1) {
		switch (opt) {
		case 'c': ws.ws_col = (unsigned short)atoi(optarg); break;
		case 'r': ws.ws_row = (unsigned short)atoi(optarg); break;
		case 'k': keys = optarg; break;
		case 'm': marker = optarg; break;
		case 'e': end = optarg; break;
		case 'w': wait_ms = atoi(optarg); break;
		default: return 2;
		}
	}
	if (!marker || optind >= argc) {
		fprintf(stderr, "usage: ptybench [-c COLS] [-r ROWS] [-k KEYS] [-e END] -m MARKER -- CMD...\n");
		return 2;
	}
	t0 = now_ms();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptybench: forkpty");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	while (now_ms() - t0 < wait_ms) {
		if (pump(fd, 20, seen, &seen_len, sizeof seen) < 0)
			break;
		if (strstr(seen, marker)) {
			start = now_ms() - t0;
			break;
		}
	}
	pump(fd, 200, NULL, NULL, 0);   /* let the first screen settle */
	printf("start_ms %.2f\n", start);
	printf("rss_kb %ld\npss_kb %ld\n", mem_kb(pid, "Rss"), mem_kb(pid, "Pss"));
	printf("key_bytes");
	for (const char *k = keys; *k;) {
		char key[8];
		double sent;

		k += next_key(k, key);
		sent = now_ms();
		if (write(fd, key, strlen(key)) < 0)
			break;
		if (end && !*k) {
			/* The last key: each read looked at as it comes, until END
			 * is drawn; then the usual idle. */
			long got = until_drawn(fd, end, sent, wait_ms, &last_key);

			printf(" %ld", got + pump(fd, 150, NULL, NULL, 0));
			continue;
		}
		printf(" %ld", pump(fd, 150, NULL, NULL, 0));
	}
	printf("\n");
	if (end)
		printf("last_key_ms %.2f\n", last_key);
	/* After the keys too: a screen that grows with use (a call) shows it. */
	if (*keys)
		printf("rss_end_kb %ld\npss_end_kb %ld\n", mem_kb(pid, "Rss"), mem_kb(pid, "Pss"));
	kill(pid, SIGTERM);
	pump(fd, 200, NULL, NULL, 0);
	waitpid(pid, &status, 0);
	return start < 0 ? 1 : 0;
}
