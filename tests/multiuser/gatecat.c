/*
 * gatecat — what an operator could write to talk to madoguchi-gate without
 * madoguchi, and a stand-in for syslog; the multi-user tests compile it
 * (tests/multiuser/gate-*.sh) and run it as an operator or as root.
 *
 *   gatecat GATE
 *     starts GATE as madoguchi does (a socket pair as its standard input
 *     and output, an empty environment), writes this program's standard
 *     input to it byte for byte (frames the test made), closes its side
 *     for writing, and prints each answer frame until the gate ends:
 *       answer TYPE                  (hex), then per field
 *         TAG "TEXT"                 printable text
 *         TAG u64 N                  8 bytes (a number)
 *         TAG hex HEX                anything else (nested fields)
 *       error CODE MESSAGE           an error answer (type 0xff)
 *       gate pid PID / gate exit N | gate signal N
 *     The frames are not checked beyond their length: that is the gate's
 *     job, and what the tests look at.  With GATECAT_ENV set, the gate
 *     gets this program's environment instead of an empty one (what an
 *     operator would try: MADOGUCHI_*, LD_PRELOAD).
 *
 *   gatecat -s SOCKET FILE
 *     a syslog daemon's socket: binds a datagram socket at SOCKET (0666)
 *     and appends each message to FILE as a line, as received ("<PRI>"
 *     first).  Runs until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int read_all(int fd, void *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int printable(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

static void fields(const uint8_t *p, size_t n, int error)
{
	uint64_t code = 0;

	while (n >= 5) {
		uint8_t tag = p[0];
		size_t len = (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 | p[4];
		const uint8_t *v = p + 5;

		if (len > n - 5) {
			printf("  (a field runs past the frame)\n");
			return;
		}
		if (len == 8 && !printable(v, 8)) {
			uint64_t u = 0;

			for (int i = 0; i < 8; i++)
				u = u << 8 | v[i];
			if (error && tag == 1)
				code = u;
			else
				printf("  %u u64 %llu\n", tag, (unsigned long long)u);
		} else if (printable(v, len)) {
			if (error && tag == 2)
				printf("error %llu %.*s\n", (unsigned long long)code, (int)len, (const char *)v);
			else
				printf("  %u \"%.*s\"\n", tag, (int)len, (const char *)v);
		} else {
			printf("  %u hex ", tag);
			for (size_t i = 0; i < len && i < 64; i++)
				printf("%02x", v[i]);
			printf("%s\n", len > 64 ? "..." : "");
		}
		p += 5 + len;
		n -= 5 + len;
	}
}

static int client(const char *gate)
{
	char *const argv[] = { (char *)"madoguchi-gate", NULL };
	char *const envp[] = { NULL };
	uint8_t buf[65536];
	int sv[2], status;
	ssize_t n;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return perror("socketpair"), 2;
	if ((pid = fork()) < 0)
		return perror("fork"), 2;
	if (pid == 0) {
		if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0)
			_exit(127);
		execve(gate, argv, getenv("GATECAT_ENV") ? environ : envp);
		_exit(127);
	}
	close(sv[1]);
	printf("gate pid %ld\n", (long)pid);
	fflush(stdout);
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(sv[0], buf, (size_t)n) != n)
			break;
	shutdown(sv[0], SHUT_WR);
	for (;;) {
		uint8_t len[4];
		uint32_t size;
		uint8_t *body;

		if (read_all(sv[0], len, 4))
			break;
		size = (uint32_t)len[0] << 24 | (uint32_t)len[1] << 16 | (uint32_t)len[2] << 8 | len[3];
		if (size < 4 || size > (8u << 20) || !(body = malloc(size))) {
			printf("a frame of %lu bytes\n", (unsigned long)size);
			break;
		}
		if (read_all(sv[0], body, size)) {
			printf("a frame cut short\n");
			free(body);
			break;
		}
		if (body[3] != 0xff)
			printf("answer %02x\n", body[3]);
		fields(body + 4, size - 4, body[3] == 0xff);
		free(body);
	}
	close(sv[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		printf("gate exit %d\n", WEXITSTATUS(status));
	else
		printf("gate signal %d\n", WTERMSIG(status));
	return 0;
}

static int listener(const char *path, const char *file)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char msg[8192];
	int s, out;

	if (strlen(path) >= sizeof a.sun_path)
		return fprintf(stderr, "gatecat: %s: path too long\n", path), 2;
	strcpy(a.sun_path, path);
	unlink(path);
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) || chmod(path, 0666))
		return perror(path), 2;
	if ((out = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		return perror(file), 2;
	for (;;) {
		ssize_t n = recv(s, msg, sizeof msg - 1, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return perror("recv"), 2;
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\0'))
			n--;
		msg[n++] = '\n';
		if (write(out, msg, (size_t)n) != n)
			return perror(file), 2;
	}
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "-s") == 0)
		return listener(argv[2], argv[3]);
	if (argc == 2)
		return client(argv[1]);
	fprintf(stderr, "usage: gatecat GATE <frames | gatecat -s SOCKET FILE\n");
	return 2;
}
