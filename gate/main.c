/*
 * madoguchi-gate — the one program that opens the desk's snapshot, key and
 * inquiry log, for the operators and supervisors who may not (doc/gate.md).
 *
 * Installed setuid and setgid to the data account (madoguchi-data: no
 * login, its group no members), whose ids it takes whole at start so that
 * its caller cannot signal or trace it, and started by madoguchi itself,
 * one per program, on a socket pair as its standard input and output.  It
 * trusts nothing of its caller's but the real uid and groups the kernel
 * gives it (kept by src/who): not the environment (cleared), the
 * arguments (none are read), open descriptors (closed), the umask, the
 * signal mask and dispositions (reset), nor settings (only the root-owned
 * configuration is read, and refused when anyone but root could have
 * written it).  Resource limits an operator lowered are raised back where
 * the kernel allows; where it does not (a hard file-size limit), the gate
 * refuses to start rather than half-write.  Then it answers requests
 * (src/gate) until its input ends.
 */
#define _GNU_SOURCE 1    /* setresuid, getresuid */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conf.h"
#include "file.h"
#include "gate.h"
#include "i18n.h"
#include "paths.h"
#include "proto.h"
#include "who.h"
#include "wire.h"

/* Only descriptors 0 and 1 (the socket) and 2 (opened on /dev/null when
 * closed) stay; the caller's other descriptors are not ours to keep. */
static int tidy_descriptors(void)
{
	struct stat st;
	long max = sysconf(_SC_OPEN_MAX);

	if (fstat(0, &st) != 0 || fstat(1, &st) != 0)
		return -1;
	if (fcntl(2, F_GETFD) < 0 && open("/dev/null", O_WRONLY) != 2)
		return -1;
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return 0;
#endif
	for (long fd = 3; fd < (max > 0 ? max : 1024); fd++)
		close((int)fd);
	return 0;
}

/* Signals: nothing the terminal or the caller set may stop a write half
 * way, short of SIGKILL (which SQLite survives as it survives a crash). */
static void tidy_signals(void)
{
	static const int ignored[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGXFSZ, SIGUSR1, SIGUSR2,
		SIGALRM,
	};
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	/* Out of the caller's session: its terminal's signals are not ours. */
	setsid();
}

/* The gate's own account, whole: installed setuid and setgid to the data
 * account, it makes the real and saved ids the effective ones, so that
 * the operator who started it is no longer its owner.  An owner may
 * signal a process: a gate stopped (SIGSTOP) while it held the log's
 * write lock held up every other operator's save; and may trace one
 * once it is dumpable again.  The caller's ids are kept first (src/who).
 * A gate installed setgid only (an older install) keeps the caller's
 * uid, as before.  -1 when the kernel refuses. */
static int take_account(void)
{
	uid_t u = geteuid();
	gid_t g = getegid();
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	who_keep();
	if (setresgid(g, g, g) != 0 || setresuid(u, u, u) != 0)
		return -1;
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0)
		return -1;
	return ru == u && eu == u && su == u && rg == g && eg == g && sg == g ? 0 : -1;
}

/* The soft limits back up to the hard ones; no core files (a core would
 * hold the key).  A hard file-size limit below "unlimited" would make
 * appends fail half way: refused. */
static int tidy_limits(const char **why)
{
	static const int raise[] = { RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_DATA, RLIMIT_AS, RLIMIT_STACK };
	struct rlimit r = { 0, 0 };

	setrlimit(RLIMIT_CORE, &r);
	for (size_t i = 0; i < sizeof raise / sizeof raise[0]; i++)
		if (getrlimit(raise[i], &r) == 0 && r.rlim_cur != r.rlim_max) {
			r.rlim_cur = r.rlim_max;
			setrlimit(raise[i], &r);
		}
	if (getrlimit(RLIMIT_FSIZE, &r) == 0 && r.rlim_max != RLIM_INFINITY) {
		*why = _("a file-size limit (ulimit -f) is set; the desk's gate needs none");
		return -1;
	}
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_max < 64) {
		*why = _("the limit of open files (ulimit -n) is below 64");
		return -1;
	}
	return 0;
}

/* The configuration must be what root wrote: a regular file owned by
 * root, writable by nobody else, in a directory only root can change. */
static int trusted(const char *path, struct err *err)
{
	char dir[PATH_MAX];
	struct stat st;

	if (lstat(path, &st) != 0)
		return err_set(err, _("%s: cannot read the desk's configuration: %s"), path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
		return err_set(err, _("%s: the desk's configuration must be a file owned by root "
				      "that only root may write (chown root:root, chmod 644)"), path);
	if (file_dir_of(path, dir, sizeof dir) || stat(dir, &st) != 0 || st.st_uid != 0 ||
	    (st.st_mode & 022))
		return err_set(err, _("%s: its directory %s must be owned by root and writable by "
				      "root alone"), path, dir);
	return 0;
}

/* Files the gate creates belong to its account (the data account), in
 * the data group: what keeps them from the operators is also the data
 * directory, which others must not enter.  The log must be set
 * (no account's own log), and the spool is the gate's own, beside it. */
static int check_layout(struct conf *c, struct err *err)
{
	const char *log = conf_get(c, CONF_LOG), *spool = conf_get(c, CONF_SPOOL_DIR);
	char dir[PATH_MAX], def[PATH_MAX + 8];
	struct stat st;

	if (!log || log[0] != '/')
		return err_set(err, "%s", _("the desk's configuration sets no log (log = /var/lib/"
					    "madoguchi/inquiry.db); ask the office"));
	if (file_dir_of(log, dir, sizeof dir) || stat(dir, &st) != 0)
		return err_set(err, _("the log's directory %s cannot be reached: %s"), dir,
			       strerror(errno));
	if ((st.st_mode & 0007) || st.st_gid != getegid())
		return err_set(err, _("the log's directory %s is open to others or not the data "
				      "group's (chgrp madoguchi-data, chmod 2770); the gate will "
				      "not write there"), dir);
	if (!spool || !*spool) {
		snprintf(def, sizeof def, "%s/spool", dir);
		free(c->value[CONF_SPOOL_DIR]);
		if (!(c->value[CONF_SPOOL_DIR] = strdup(def)))
			return err_set(err, "%s", _("out of memory"));
		c->src[CONF_SPOOL_DIR] = CONF_SRC_DEFAULT;
		spool = def;
	}
	/* Shared by every operator's gate: the data group's, 2770 (the
	 * umask is 007, the parent's setgid bit is inherited). */
	if (mkdir(conf_get(c, CONF_SPOOL_DIR), 02770) != 0 && errno != EEXIST)
		return err_set(err, _("the gate's spool %s cannot be made: %s"),
			       conf_get(c, CONF_SPOOL_DIR), strerror(errno));
	return 0;
}

static int load_settings(struct conf *c, struct err *err)
{
	const char *dir = paths_sysconfdir();
	char path[PATH_MAX];

	if (!dir)
		return err_set(err, "%s", _("this build has no desk configuration"));
	snprintf(path, sizeof path, "%s/madoguchi.conf", dir);
	if (conf_init(c, err) || trusted(path, err))
		return -1;
	/* conf_init read no environment: it was cleared before. */
	free(c->value[CONF_CONFIG]);
	if (!(c->value[CONF_CONFIG] = strdup(path)))
		return err_set(err, "%s", _("out of memory"));
	c->src[CONF_CONFIG] = CONF_SRC_ARG;
	/* "~/" would be the operator's home: not a place for the desk's data. */
	c->no_home = true;
	return conf_load_file(c, err) || conf_validate(c, err) || check_layout(c, err) ? -1 : 0;
}

static int send_frame(void *ctx, const struct wire_out *w)
{
	(void)ctx;
	return wire_send(1, w);
}

/* The program's first request, read before anything can fail: a failure
 * is then answered to it, and in its language (a HELLO carries it). */
static int first_request(struct buf *frame)
{
	struct proto_hello h;
	struct proto_msg m;
	struct err err;
	int r = wire_recv(0, WIRE_REQ_MAX, frame, &err);

	if (r == 1 && proto_open((const uint8_t *)frame->p, frame->n, &m, &err) == 0 &&
	    m.type == PROTO_HELLO && proto_get_hello_req(&m, &h, &err) == 0)
		i18n_init(h.lang, paths_localedir());
	return r;
}

/* A gate that cannot serve answers its first request with why. */
static int refuse(const char *why)
{
	struct wire_out w = { 0 };

	proto_put_error(&w, PROTO_E_FAIL, why);
	if (wire_end(&w, WIRE_ANS_MAX) == 0)
		wire_send(1, &w);
	wire_out_free(&w);
	return 2;
}

int main(void)
{
	struct conf c;
	struct gate *g;
	struct buf frame = { 0 };
	struct err err = { "" };
	const char *why = NULL;
	int r;

	if (take_account() || tidy_descriptors())
		return 2;
	clearenv();
	umask(007);
	tidy_signals();
	setlocale(LC_ALL, "C.UTF-8");
	i18n_init("ja", paths_localedir());
	if ((r = first_request(&frame)) != 1) {
		buf_free(&frame);
		return r < 0 ? 2 : 0;
	}
	if (tidy_limits(&why)) {
		buf_free(&frame);
		return refuse(why);
	}
	/* No write-ahead spool as the screen's own log has (APP_LOG_SCREEN):
	 * the gate's writes go on when the screen that asked is killed, and
	 * a request sent again to a new gate is saved once (by its UUID). */
	if (load_settings(&c, &err) || gate_new(&c, GATE_HELPER, APP_LOG_COMMAND, &g, &err)) {
		buf_free(&frame);
		return refuse(err.msg);
	}
	do {
		if (gate_handle(g, (const uint8_t *)frame.p, frame.n, send_frame, NULL))
			break;
	} while ((r = wire_recv(0, WIRE_REQ_MAX, &frame, &err)) == 1);
	gate_free(g);
	conf_free(&c);
	buf_free(&frame);
	return r < 0 ? 2 : 0;
}
