/*
 * inq_disp — the disposition codes of a call (data/dispositions.tsv:
 * code TAB Japanese label TAB English label), as the wrap-up offers them,
 * `log add` checks them and the review labels them.
 *
 * Ownership: inq_disps_load() fills the caller's struct inq_disps with
 * strings of its own; inq_disps_free() releases them.  Pointers returned
 * by inq_disps_find() and inq_disp_label() live as long as the table.
 */
#ifndef MADOGUCHI_INQ_DISP_H
#define MADOGUCHI_INQ_DISP_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"

struct inq_disp {
	char *code, *label_ja, *label_en;
};

struct inq_disps {
	size_t n;
	struct inq_disp *d;
};

/* Loads the table; '#' lines and blank lines are skipped.  0, or -1 with
 * err naming file:line. */
int inq_disps_load(const char *path, struct inq_disps *out, struct err *err);
void inq_disps_free(struct inq_disps *ds);
const struct inq_disp *inq_disps_find(const struct inq_disps *ds, const char *code);
/* d's label in the desk's language (see i18n_english). */
const char *inq_disp_label(const struct inq_disp *d, bool english);

#endif
