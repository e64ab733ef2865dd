#include "inq_disp.h"
#include "i18n.h"
#include "inq_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int disp_line(struct inq_disps *ds, char *line, const char *path, int lineno, struct err *err)
{
	char *f[3], *save = NULL;
	struct inq_disp *grown;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	for (char *t = strtok_r(line, "\t", &save); t && n < 3; t = strtok_r(NULL, "\t", &save))
		f[n++] = t;
	if (n != 3 || !inq_code_ok(f[0]))
		return err_set(err, _("%s:%d: expected code<TAB>Japanese label<TAB>English label "
				      "(code: a-z, 0-9, _)"), path, lineno);
	if (inq_disps_find(ds, f[0]))
		return err_set(err, _("%s:%d: code '%s' appears twice"), path, lineno, f[0]);
	grown = realloc(ds->d, (ds->n + 1) * sizeof *grown);
	if (!grown)
		return err_set(err, _("out of memory"));
	ds->d = grown;
	ds->d[ds->n] = (struct inq_disp){ strdup(f[0]), strdup(f[1]), strdup(f[2]) };
	if (!ds->d[ds->n].code || !ds->d[ds->n].label_ja || !ds->d[ds->n].label_en) {
		ds->n++;
		return err_set(err, _("out of memory"));
	}
	ds->n++;
	return 0;
}

int inq_disps_load(const char *path, struct inq_disps *out, struct err *err)
{
	char line[1024];
	int lineno = 0;
	FILE *f = fopen(path, "r");

	memset(out, 0, sizeof *out);
	if (!f)
		return err_set(err, _("%s: cannot read the disposition codes: %s"), path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (disp_line(out, line, path, lineno, err)) {
			fclose(f);
			inq_disps_free(out);
			return -1;
		}
	}
	fclose(f);
	if (out->n == 0)
		return err_set(err, _("%s: no disposition codes"), path);
	return 0;
}

void inq_disps_free(struct inq_disps *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->d[i].code);
		free(ds->d[i].label_ja);
		free(ds->d[i].label_en);
	}
	free(ds->d);
	memset(ds, 0, sizeof *ds);
}

const struct inq_disp *inq_disps_find(const struct inq_disps *ds, const char *code)
{
	for (size_t i = 0; i < ds->n; i++)
		if (strcmp(ds->d[i].code, code) == 0)
			return &ds->d[i];
	return NULL;
}

const char *inq_disp_label(const struct inq_disp *d, bool english)
{
	return english ? d->label_en : d->label_ja;
}
