/* IOHIDDevice's descriptor-derived keys; see hid_properties.h. */
#include "hid_properties.h"

#include <talloc.h>

static void put(struct reg_value *props, const char *key, struct reg_value *v)
{
	if (v)
		reg_dict_set(props, key, v);
}

static void put_u32(struct reg_value *props, const char *key, uint32_t n)
{
	put(props, key, reg_value_new_number(props, (int64_t)n, 32));
}

static struct reg_value *usage_pairs(void *ctx, const struct hid_desc_info *info)
{
	struct reg_value *pairs = reg_value_new_array(ctx);

	for (size_t i = 0; pairs && i < info->npairs; i++) {
		struct reg_value *pair = reg_value_new_dict(pairs);
		struct reg_value *page = pair ? reg_value_new_number(pair, info->pairs[i].page, 32)
					      : NULL;
		struct reg_value *usage = pair ? reg_value_new_number(pair, info->pairs[i].usage, 32)
					       : NULL;

		if (!page || !usage || reg_dict_set(pair, "DeviceUsagePage", page) ||
		    reg_dict_set(pair, "DeviceUsage", usage) || reg_array_append(pairs, pair)) {
			talloc_free(pairs);	/* everything made hangs off it */
			return NULL;
		}
	}
	return pairs;
}

enum hid_desc_status hid_put_descriptor_properties(struct reg_value *props,
						   const uint8_t *bytes, size_t len)
{
	struct hid_desc_info info;
	enum hid_desc_status st;

	if (len)
		put(props, "ReportDescriptor", reg_value_new_data(props, bytes, len));
	st = hid_descriptor_parse(bytes, len, &info, NULL);
	if (st != HID_DESC_OK)
		return st;
	if (info.has_primary) {
		put_u32(props, "PrimaryUsagePage", info.primary.page);
		put_u32(props, "PrimaryUsage", info.primary.usage);
	}
	if (info.npairs)
		put(props, "DeviceUsagePairs", usage_pairs(props, &info));
	put_u32(props, "MaxInputReportSize", info.max_input);
	put_u32(props, "MaxOutputReportSize", info.max_output);
	put_u32(props, "MaxFeatureReportSize", info.max_feature);
	return HID_DESC_OK;
}
