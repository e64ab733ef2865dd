#include "app.h"

#include <sodium.h>
#include <stdio.h>
#include "i18n.h"
#include "snapshot_key.h"

const char *app_data_path(const struct conf *c, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", conf_get(c, CONF_DATA_DIR), name);
	return buf;
}

int app_faq(const struct conf *c, struct faq **out, struct err *err)
{
	char syn[4096];

	app_data_path(c, "synonyms.tsv", syn, sizeof syn);
	return faq_load(conf_get(c, CONF_FAQ_DIR), syn, out, err);
}

int app_snapshot(const struct conf *c, struct snapshot **out, struct err *err)
{
	const char *path = conf_get(c, CONF_SNAPSHOT), *key_path = conf_get(c, CONF_KEY_FILE);
	uint8_t key[SNAPSHOT_KEY_BYTES];
	int rc;

	if (!path)
		return err_set(err, _("no snapshot; choose one with --snapshot FILE or MADOGUCHI_SNAPSHOT"));
	if (!key_path)
		return err_set(err, _("no key for snapshot %s; give it with --key FILE or MADOGUCHI_KEY"),
			       path);
	if (snapshot_key_load(key_path, false, key, NULL, err))
		return -1;
	rc = snapshot_open(path, key, key_path, out, err);
	sodium_memzero(key, sizeof key);
	return rc;
}

int app_windows(const struct conf *c, struct window_set *out, struct err *err)
{
	char path[4096];

	return window_load(app_data_path(c, "windows.tsv", path, sizeof path), out, err);
}

int app_disps(const struct conf *c, struct inq_disps *out, struct err *err)
{
	char path[4096];

	return inq_disps_load(app_data_path(c, "dispositions.tsv", path, sizeof path), out, err);
}

bool app_log_set(const struct conf *c)
{
	const char *p = conf_get(c, CONF_LOG);

	return p && *p;
}

const char *app_log_path(const struct conf *c, char *buf, size_t size)
{
	if (app_log_set(c)) {
		snprintf(buf, size, "%s", conf_get(c, CONF_LOG));
		return buf;
	}
	return inq_default_path(buf, size);
}

int app_log(const struct conf *c, enum app_log_use use, struct inq_log **out, struct err *err)
{
	struct inq_config cfg = {
		.path = conf_get(c, CONF_LOG),
		.spool_dir = conf_get(c, CONF_SPOOL_DIR),
		.busy_ms = use == APP_LOG_RECORD ? 2000 : 0,
		.write_ahead = use == APP_LOG_SCREEN,
	};

	return inq_open(&cfg, out, err);
}
