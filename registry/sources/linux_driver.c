/* setProperties for Linux entries: the few sysfs attributes whose writing
 * has an honest IOKit meaning (a backlight's or LED's brightness, runtime
 * power management) are writable by root through their property; every
 * other key is refused with kIOReturnNotPermitted (EPERM).  All keys are
 * checked before any file is written, so a refused dictionary changes
 * nothing. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "driver.h"
#include "ioreturn.h"

struct settable {
	const char *key;
	const char *file;		/* relative to the device directory */
	const char *subsystems;		/* ":backlight:leds:", or NULL: any */
};

static const struct settable settables[] = {
	{ "IOLinuxBrightness", "brightness", ":backlight:leds:" },
	{ "IOLinuxPowerControl", "power/control", NULL },
};

static const struct settable *find_settable(const char *subsystem, const char *key)
{
	for (size_t i = 0; i < sizeof(settables) / sizeof(settables[0]); i++) {
		char pat[64];

		if (strcmp(settables[i].key, key))
			continue;
		if (!settables[i].subsystems)
			return &settables[i];
		snprintf(pat, sizeof(pat), ":%s:", subsystem ? subsystem : "");
		if (strstr(settables[i].subsystems, pat))
			return &settables[i];
	}
	return NULL;
}

bool lx_entry_has_settable(const char *subsystem, const struct reg_value *props)
{
	for (size_t i = 0; i < props->u.dict.count; i++)
		if (find_settable(subsystem, props->u.dict.keys[i]))
			return true;
	return false;
}

/* The text to write for key, or NULL when the value is not acceptable. */
static char *value_text(void *ctx, const struct reg_entry *e, const char *key,
			const struct reg_value *v)
{
	if (strcmp(key, "IOLinuxBrightness") == 0) {
		const struct reg_value *max = reg_entry_property(e, "IOLinuxMaxBrightness");

		if (v->type != REG_NUMBER || v->u.number.value < 0)
			return NULL;
		if (max && max->type == REG_NUMBER && v->u.number.value > max->u.number.value)
			return NULL;
		return talloc_asprintf(ctx, "%" PRId64, v->u.number.value);
	}
	if (strcmp(key, "IOLinuxPowerControl") == 0) {
		if (!reg_value_is_string(v) || (strcmp(v->u.string.chars, "auto") &&
						strcmp(v->u.string.chars, "on")))
			return NULL;
		return talloc_strdup(ctx, v->u.string.chars);
	}
	return NULL;
}

static int write_file(const char *path, const char *text)
{
	/* O_TRUNC means nothing to sysfs; it keeps a fixture's file exact. */
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n == (ssize_t)len ? 0 : (n < 0 ? (int)n : -EIO);
}

/* The property as sysfs now says, after a write. */
static struct reg_value *reread(const char *path, const struct reg_value *like)
{
	char *text = lx_read_file(NULL, path, 4096, NULL);
	struct reg_value *v = NULL;

	if (!text)
		return NULL;
	if (like->type == REG_NUMBER) {
		char *end;
		long long n = strtoll(text, &end, 10);

		if (end != text)
			v = reg_value_new_number(NULL, n, like->u.number.width);
	} else {
		v = reg_value_new_string(NULL, text);
	}
	talloc_free(text);
	return v;
}

static int lx_set_properties(struct registry *reg, struct reg_entry *e,
			     const struct reg_value *props,
			     const struct reg_caller *caller)
{
	const struct lx_driver_data *dd = e->driver_data;
	void *tmp;
	char **texts;
	int ret = REG_IO_SUCCESS;

	if (!dd)
		return REG_IO_UNSUPPORTED;
	if (!props || props->type != REG_DICT)
		return REG_IO_BAD_ARGUMENT;
	if (!caller || caller->uid != 0)
		return REG_IO_NOT_PRIVILEGED;
	tmp = talloc_new(NULL);
	texts = tmp ? talloc_zero_array(tmp, char *, props->u.dict.count + 1) : NULL;
	if (!texts) {
		talloc_free(tmp);
		return REG_IO_NO_MEMORY;
	}
	for (size_t i = 0; i < props->u.dict.count; i++) {
		const char *key = props->u.dict.keys[i];

		if (!find_settable(dd->subsystem, key) || !reg_entry_property(e, key)) {
			ret = REG_IO_NOT_PERMITTED;
			goto out;
		}
		texts[i] = value_text(texts, e, key, props->u.dict.values[i]);
		if (!texts[i]) {
			ret = REG_IO_BAD_ARGUMENT;
			goto out;
		}
	}
	for (size_t i = 0; i < props->u.dict.count; i++) {
		const char *key = props->u.dict.keys[i];
		const struct settable *s = find_settable(dd->subsystem, key);
		char *path = talloc_asprintf(tmp, "%s/%s", dd->syspath, s->file);
		struct reg_value *now;
		int err;

		if (!path) {
			ret = REG_IO_NO_MEMORY;
			goto out;
		}
		err = write_file(path, texts[i]);
		if (err == -EACCES || err == -EPERM) {
			ret = REG_IO_NOT_PRIVILEGED;
			goto out;
		}
		if (err) {
			ret = err == -EINVAL ? REG_IO_BAD_ARGUMENT : REG_IO_IO_ERROR;
			goto out;
		}
		now = reread(path, reg_entry_property(e, key));
		if (now && registry_set_property(reg, e, key, now) != 0)
			talloc_free(now);
	}
out:
	talloc_free(tmp);
	return ret;
}

const struct reg_driver lx_sysfs_driver = {
	.name = "IOLinuxSysfsDriver",
	.set_properties = lx_set_properties,
	.remove_property = NULL,
};

/* PCI devices: the same property policy, plus their user client
 * (linux_pci_client.c). */
const struct reg_driver lx_pci_driver = {
	.name = "IOLinuxPCIDriver",
	.set_properties = lx_set_properties,
	.remove_property = NULL,
	.user_client = &lx_pci_user_client,
};
