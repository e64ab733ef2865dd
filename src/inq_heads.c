#include "inq_heads.h"
#include "inq_private.h"
#include "inq_schema.h"
#include "hostlog.h"
#include "stamp.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

/* What identifies our lines in any of the log's forms: the ident with its
 * PID, then the word.  journalctl's short forms and rsyslog's files both
 * put "madoguchi[PID]: " before the message. */
int inq_head_of_line(const char *line, struct inq_head *h, struct err *err)
{
	static const char ident[] = "madoguchi[", word[] = "]: head ";
	const char *p = line;

	while ((p = strstr(p, ident))) {
		const char *q = p + sizeof ident - 1, *d = q;

		while (*d >= '0' && *d <= '9')
			d++;
		p = q;
		if (d == q || strncmp(d, word, sizeof word - 1) != 0)
			continue;
		d += sizeof word - 1;
		return inq_head_parse(d, strcspn(d, " \t\r\n"), h, err) ? -1 : 1;
	}
	return 0;
}

void inq_heads_mark(struct inq_log *log, enum inq_table t, long long seq, const char *hash)
{
	log->head[t].seq = seq;
	snprintf(log->head[t].hash, sizeof log->head[t].hash, "%s", hash);
}

void inq_heads_clear(struct inq_log *log)
{
	for (int t = 0; t < INQ_NTABLES; t++)
		log->head[t].seq = 0;
}

void inq_heads_announce(struct inq_log *log)
{
	char at[STAMP_TIME_LEN + 1], line[160];

	stamp_now(at);
	for (int t = 0; t < INQ_NTABLES; t++) {
		if (log->head[t].seq <= 0)
			continue;
		snprintf(line, sizeof line, "head %s:%lld:%s at %s", inq_tables[t].name,
			 log->head[t].seq, log->head[t].hash, at);
		if (log->on_head) {
			log->on_head(log->on_head_ctx, line);
		} else {
			hostlog_line(LOG_INFO, "%s", line);
		}
	}
	inq_heads_clear(log);
}
