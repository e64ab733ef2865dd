/*
 * bench_gate — the desk's gate against the program's own in-process desk:
 * the time of a lookup (its event recorded) and of concurrent saves,
 * through madoguchi-gate as installed (setgid, on a socket pair, frames of
 * src/wire and src/proto, as src/desk speaks them) or in this process
 * (src/desk's in-process transport: the same codec and src/gate, no helper).
 *
 * usage: bench_gate lookup DESK N
 *          N lookups of a demo person (verified), one after another, on one
 *          desk.  prints: "lookup MODE N MEDIAN_US P99_US MAX_US ERRORS"
 *        bench_gate writers DESK W N
 *          W processes, each with its own desk, each N saves at once after
 *          a common start.
 *          prints: "MODE W APPENDS_PER_S P50_MS P99_MS MAX_MS ERRORS"
 *          (bench_log's form, for its in-process figure beside it)
 * DESK is the installed helper's path (MODE gate), or in-process with the
 * settings of the environment (MADOGUCHI_SNAPSHOT, _KEY, _LOG, …): "-" as
 * a command writes (MODE in-process), "=" as the screen and the gate
 * write, each entry spooled first (MODE write-ahead).
 * An error is a lookup without a verified verdict recorded in the log, or
 * a save not written; the exit status is 1 when there was one.
 */
#define _GNU_SOURCE
#include "desk.h"
#include "proto.h"
#include "stamp.h"
#include "wire.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- the helper, as src/desk starts it and talks to it ---- */

struct helper {
	pid_t pid;
	int fd;
	struct wire_out w;
	struct buf in;
};

static int helper_start(struct helper *h, const char *gate)
{
	char *const argv[] = { (char *)"madoguchi-gate", NULL };
	char *const envp[] = { NULL };
	int sv[2];

	memset(h, 0, sizeof *h);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	if ((h->pid = fork()) < 0)
		return -1;
	if (h->pid == 0) {
		if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0)
			_exit(127);
		execve(gate, argv, envp);
		_exit(127);
	}
	close(sv[1]);
	h->fd = sv[0];
	return 0;
}

/* Sends h->w and reads the answer into m; -1 on an error answer too. */
static int helper_ask(struct helper *h, uint8_t type, struct proto_msg *m, struct err *err)
{
	enum proto_code code;

	if (wire_end(&h->w, WIRE_REQ_MAX) || wire_send(h->fd, &h->w))
		return err_set(err, "send: %s", strerror(errno));
	if (wire_recv(h->fd, WIRE_ANS_MAX, &h->in, err) != 1 ||
	    proto_open((const uint8_t *)h->in.p, h->in.n, m, err))
		return -1;
	if (m->type == PROTO_ERROR)
		return proto_get_error(m, &code, err), -1;
	return m->type == (type | PROTO_ANSWER) ? 0 : err_set(err, "another answer");
}

static int helper_hello(struct helper *h, struct err *err)
{
	struct proto_hello hello = { .lang = "en" };
	struct proto_msg m;

	proto_put_hello_req(&h->w, &hello);
	return helper_ask(h, PROTO_HELLO, &m, err) || proto_get_hello(&m, &hello, err) ? -1 : 0;
}

static void helper_stop(struct helper *h)
{
	close(h->fd);
	waitpid(h->pid, NULL, 0);
	wire_out_free(&h->w);
	buf_free(&h->in);
}

/* ---- a desk: the helper, or src/desk in this process ---- */

struct side {
	const char *mode;
	struct helper h;             /* mode "gate" */
	struct conf c;               /* in-process */
	struct desk *d;
};

static int side_open(struct side *s, const char *spec, struct err *err)
{
	memset(s, 0, sizeof *s);
	if (strcmp(spec, "-") && strcmp(spec, "=")) {
		s->mode = "gate";
		return helper_start(&s->h, spec) || helper_hello(&s->h, err) ? -1 : 0;
	}
	s->mode = spec[0] == '-' ? "in-process" : "write-ahead";
	return conf_init(&s->c, err) ||
	       desk_open(&s->c, spec[0] == '-' ? APP_LOG_COMMAND : APP_LOG_SCREEN, &s->d, NULL, err) ? -1 : 0;
}

static void side_close(struct side *s)
{
	if (s->d) {
		desk_close(s->d);
		conf_free(&s->c);
	} else {
		helper_stop(&s->h);
	}
}

static int side_lookup(struct side *s, const struct call_request *q, struct call_verdict *v,
		       struct err *err)
{
	struct proto_msg m;
	int rc;

	if (s->d)
		return desk_lookup(s->d, q, v, err);
	proto_put_lookup_req(&s->h.w, q);
	if (helper_ask(&s->h, PROTO_LOOKUP, &m, err) || proto_get_verdict(&m, &rc, v, err))
		return -1;
	return rc;
}

static enum inq_status side_save(struct side *s, struct inq_entry *e, struct err *err)
{
	struct proto_msg m;
	enum inq_status st;
	char uuid[INQ_UUID_LEN + 1];

	if (s->d)
		return desk_save(s->d, e, err);
	/* What desk_save sets before the request leaves. */
	stamp_uuid(e->uuid);
	stamp_now(e->ended_at);
	memcpy(e->started_at, e->ended_at, sizeof e->started_at);
	proto_put_entry(&s->h.w, e);
	if (helper_ask(&s->h, PROTO_SAVE, &m, err) || proto_get_status(&m, &st, uuid, err))
		return INQ_ERROR;
	return st;
}

/* ---- lookups ---- */

static void person(struct call_request *q)
{
	static const char kana[] = "しぶし たろう", birth[] = "S50.3.1";

	memset(q, 0, sizeof *q);
	call_request_set(q, CALL_KANA, kana, strlen(kana));
	call_request_set(q, CALL_BIRTH, birth, strlen(birth));
}

static int lookups(const char *spec, long n)
{
	static struct call_request q;
	static struct call_verdict v;
	struct side s;
	struct err err = { "" };
	double *us = calloc((size_t)n, sizeof *us);
	long errors = 0;

	if (!us)
		return 3;
	if (side_open(&s, spec, &err)) {
		fprintf(stderr, "bench_gate: %s\n", err.msg);
		return 3;
	}
	person(&q);
	for (long i = 0; i < n; i++) {
		double t0 = now_us();
		int rc = side_lookup(&s, &q, &v, &err);

		us[i] = now_us() - t0;
		if (rc != 0 || v.res.match != LOOKUP_VERIFIED || v.logged != CALL_LOGGED) {
			if (!errors)
				fprintf(stderr, "bench_gate: lookup %ld: %s\n", i, rc ? err.msg : "not verified and recorded");
			errors++;
		}
	}
	qsort(us, (size_t)n, sizeof *us, cmp);
	printf("lookup %s %ld %.0f %.0f %.0f %ld\n", s.mode, n, us[n / 2],
	       us[(size_t)((double)n * 0.99)], us[n - 1], errors);
	side_close(&s);
	free(us);
	return errors ? 1 : 0;
}

/* ---- concurrent saves ---- */

static const char note[] = "折り返し電話を希望。カードの明細を確認するよう案内した。";

/* One writer: its own desk, then n saves after the start; latencies (ms)
 * into lat[0..n), -1 for a save not written. */
static void writer(const char *spec, int n, int start_fd, double *lat)
{
	struct side s;
	struct err err = { "" };
	char c;

	if (side_open(&s, spec, &err) || read(start_fd, &c, 1) < 0)
		_exit(2);
	for (int i = 0; i < n; i++) {
		struct inq_entry e = { .disposition = "status", .note = note };
		double t0 = now_us();

		lat[i] = side_save(&s, &e, &err) == INQ_WRITTEN ? (now_us() - t0) / 1e3 : -1;
	}
	side_close(&s);
	_exit(0);
}

static int writers(const char *spec, int w, int n)
{
	size_t total = (size_t)w * (size_t)n, errors = 0;
	const char *mode = strcmp(spec, "-") == 0 ? "in-process" : strcmp(spec, "=") == 0 ? "write-ahead" : "gate";
	double *lat, t0, t1;
	int start[2];

	lat = mmap(NULL, total * sizeof *lat, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w < 1 || n < 1 || lat == MAP_FAILED || pipe(start))
		return 3;
	for (size_t i = 0; i < total; i++)
		lat[i] = -1;
	for (int i = 0; i < w; i++) {
		if (fork() == 0) {
			close(start[1]);
			writer(spec, n, start[0], lat + (size_t)i * (size_t)n);
		}
	}
	close(start[0]);
	usleep(300000);                /* every desk opened and greeted */
	t0 = now_us();
	close(start[1]);
	while (wait(NULL) > 0)
		;
	t1 = now_us();
	qsort(lat, total, sizeof *lat, cmp);
	while (errors < total && lat[errors] < 0)
		errors++;
	if (errors == total) {
		printf("%s %d 0 n/a n/a n/a %zu\n", mode, w, errors);
		return 1;
	}
	printf("%s %d %.0f %.1f %.1f %.1f %zu\n", mode, w, total / ((t1 - t0) / 1e6),
	       lat[errors + (total - errors) / 2], lat[errors + (size_t)((double)(total - errors) * 0.99)],
	       lat[total - 1], errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && strcmp(argv[1], "lookup") == 0)
		return lookups(argv[2], atol(argv[3]) > 0 ? atol(argv[3]) : 1);
	if (argc == 5 && strcmp(argv[1], "writers") == 0)
		return writers(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: bench_gate lookup GATE|-|= N | bench_gate writers GATE|-|= W N\n");
	return 2;
}
