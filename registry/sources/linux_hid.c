/* report_descriptor to IOHIDDevice's keys; see linux_hid.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_hid.h"

#include <stdio.h>
#include <talloc.h>

#include "hid_properties.h"

void lx_hid_put_descriptor(struct lx_device *dev, struct reg_value *props)
{
	const struct reg_value *attr = reg_dict_get(dev->attrs, "report_descriptor");
	const uint8_t *bytes;
	char *buf = NULL;
	size_t len, at = 0;
	enum hid_desc_status st;
	struct hid_desc_info info;

	if (attr && attr->type == REG_DATA) {
		bytes = attr->u.data.bytes;
		len = attr->u.data.len;
	} else {
		/* Not read as data (a descriptor whose bytes happen to be
		 * UTF-8 text loses a final newline as an attribute): read
		 * the bytes as they are. */
		char *path = talloc_asprintf(dev, "%s/report_descriptor", dev->syspath);

		buf = path ? lx_read_bytes(dev, path, LX_HID_MAX_DESCRIPTOR, &len) : NULL;
		talloc_free(path);
		if (!buf)
			return;
		bytes = (const uint8_t *)buf;
	}
	st = hid_put_descriptor_properties(props, bytes, len);
	if (st != HID_DESC_OK) {
		char *why;

		hid_descriptor_parse(bytes, len, &info, &at);
		why = talloc_asprintf(props, "%s at byte %zu", hid_descriptor_strerror(st), at);
		if (why) {
			struct reg_value *v = reg_value_new_string(props, why);

			if (v)
				reg_dict_set(props, "IOLinuxReportDescriptorError", v);
			talloc_free(why);
		}
	}
	talloc_free(buf);
}
