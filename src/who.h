/*
 * who — the account that asked: the real uid and gid the kernel gave the
 * process when it started, and its supplementary groups.
 *
 * The desk's gate is installed setuid and setgid to the data account
 * (doc/gate.md) and takes that account's ids whole at start (real, saved
 * and effective), so that the operator who started it can neither signal
 * it nor reach its memory.  From then on getuid() is the gate's account:
 * who_keep(), called first, keeps the caller's, and every record and
 * access check asks here.  A process that never called who_keep() (the
 * program itself, the in-process desk) is its own caller.
 *
 * Supplementary groups are not changed by setresuid/setresgid: they stay
 * the caller's, and are read when asked.
 */
#ifndef MADOGUCHI_WHO_H
#define MADOGUCHI_WHO_H

#include <stdbool.h>
#include <sys/types.h>

/* Keeps the real uid and gid; before any change of ids. */
void who_keep(void);

uid_t who_uid(void);
gid_t who_gid(void);

/* Whether the process runs under ids that are not its caller's: the
 * gate, set-user-ID or set-group-ID (an older install). */
bool who_privileged(void);

/* Whether the caller has gid as its real or a supplementary group. */
bool who_in_group(gid_t gid);

#endif
