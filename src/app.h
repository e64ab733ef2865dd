/*
 * app — what the settings name, opened: the FAQ with its synonyms, the
 * snapshot with its key, the inquiry log with its spool, the data files
 * (dispositions.tsv, windows.tsv), the log's path.  The command line and
 * the screens open them all here, so each file is found one way and a
 * missing one is said one way.
 *
 * Also the exit statuses a run ends with: the command line's subcommands
 * and the screens return them alike.
 *
 * Ownership: what an app_ function opens is the caller's to close (faq_free,
 * snapshot_close, inq_close, window_set_free, inq_disps_free); the settings
 * are borrowed for the call only.
 */
#ifndef MADOGUCHI_APP_H
#define MADOGUCHI_APP_H

#include <stddef.h>
#include "conf.h"
#include "err.h"
#include "faq.h"
#include "inq_disp.h"
#include "inq_store.h"
#include "snapshot_read.h"
#include "window.h"

/* 0 success, 1 a negative answer (no match, verify failed), 2 a usage or
 * input error (one line for the user), 3 an internal failure. */
enum app_exit { APP_OK = 0, APP_NO = 1, APP_USAGE = 2, APP_FAIL = 3 };

/* DATA_DIR/name in buf (returned). */
const char *app_data_path(const struct conf *c, const char *name, char *buf, size_t size);

/* The FAQ of faq_dir with data_dir/synonyms.tsv.  0, or -1 with err
 * naming the file and line. */
int app_faq(const struct conf *c, struct faq **out, struct err *err);

/* The snapshot (--snapshot) checked against its key (--key).  0, or -1
 * with one line in err saying what to do. */
int app_snapshot(const struct conf *c, struct snapshot **out, struct err *err);

/* data_dir/windows.tsv and data_dir/dispositions.tsv.  0, or -1 with err
 * naming file:line. */
int app_windows(const struct conf *c, struct window_set *out, struct err *err);
int app_disps(const struct conf *c, struct inq_disps *out, struct err *err);

/* Whether a log is set (--log, MADOGUCHI_LOG, log =): without one, the
 * log is this account's own (inq_default_path). */
bool app_log_set(const struct conf *c);

/* The log's path: the one set, else this account's own; NULL when there
 * is none (no home directory).  buf holds it. */
const char *app_log_path(const struct conf *c, char *buf, size_t size);

/* How the log is opened.  A screen spools each entry before writing it,
 * so that a screen killed at any moment of a save loses nothing; a record
 * beside a read of the log waits for the log 2 s at most and goes to the
 * spool after, so that it never holds up the answer. */
enum app_log_use { APP_LOG_COMMAND, APP_LOG_SCREEN, APP_LOG_RECORD };

/* The log (the one set, else this account's own) with the spool directory
 * set.  0, or -1 with err (see inq_open). */
int app_log(const struct conf *c, enum app_log_use use, struct inq_log **out, struct err *err);

#endif
