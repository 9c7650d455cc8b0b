/* From a sysfs device to an IOKit entry: the class and the keys, as data.
 *
 * A class rule picks the IOKit class chain for a device by subsystem,
 * devtype, name prefix or an attribute's value; its key rules say which
 * sysfs file becomes which property, with which type and transform.  Rows
 * with the same key are fallbacks: the first that yields a value wins.  A
 * few facts need more than one file (a PCI compatible list, a USB
 * locationID); each class has at most one derive function for those.
 * docs/linux-source.md lists every table in prose. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"
#include "linux_hid.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

enum lx_xform {
	LX_STRING,		/* the text */
	LX_DATA_STRING,		/* the text and a NUL, as data (device-tree style) */
	LX_NUMBER,		/* decimal integer */
	LX_NUMBER_HEX,		/* hexadecimal integer, "0x" optional */
	LX_DATA_LE32,		/* hexadecimal integer as 4 little-endian bytes */
	LX_DATA_LE_NUM,		/* decimal integer as 4 (or 8 if larger) LE bytes */
	LX_BOOL,		/* a non-zero integer */
	LX_BOOL_NOT,		/* a zero integer */
	LX_BOOL_EQ,		/* the text equals param */
	LX_MAC,			/* "aa:bb:cc:dd:ee:ff" as bytes */
	LX_ENUM,		/* param "text=number;...": the number */
};

struct lx_key_rule {
	const char *source;	/* see lx_device_text */
	const char *key;
	enum lx_xform xform;
	unsigned width;		/* numbers: 8, 16, 32, 64 */
	int64_t mul, div;	/* numbers: value * mul / div (0 means 1) */
	const char *param;	/* LX_BOOL_EQ, LX_ENUM; "nonneg" for numbers */
};

typedef void (*lx_derive_fn)(struct lx_device *dev, struct lx_entry_spec *spec);

/* ---- small helpers ---- */

static void put(struct reg_value *props, const char *key, struct reg_value *v)
{
	if (v)
		reg_dict_set(props, key, v);
}

static void put_string(struct reg_value *props, const char *key, const char *s)
{
	if (s)
		put(props, key, reg_value_new_string(props, s));
}

static void put_number(struct reg_value *props, const char *key, int64_t n,
		       unsigned width)
{
	put(props, key, reg_value_new_number(props, n, width));
}

static void put_data_string(struct reg_value *props, const char *key, const char *s)
{
	if (s)
		put(props, key, reg_value_new_data(props, s, strlen(s) + 1));
}

static bool parse_int(const char *text, int base, int64_t *out)
{
	char *end;
	long long v;

	while (isspace((unsigned char)*text))
		text++;
	if (!*text)
		return false;
	if (base == 16 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		text += 2;
	errno = 0;
	if (base == 16) {
		unsigned long long u = strtoull(text, &end, 16);
		v = (long long)u;
	} else {
		v = strtoll(text, &end, base);
	}
	if (errno || end == text)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

static bool scale(int64_t *v, int64_t mul, int64_t div)
{
	if (mul && __builtin_mul_overflow(*v, mul, v))
		return false;
	if (div)
		*v /= div;
	return true;
}

static void le_bytes(uint8_t *out, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

static struct reg_value *parse_mac(void *ctx, const char *text)
{
	uint8_t bytes[32];
	size_t n = 0;
	const char *p = text;

	while (*p && n < sizeof(bytes)) {
		char *end;
		unsigned long b;

		if (!isxdigit((unsigned char)p[0]))
			return NULL;
		b = strtoul(p, &end, 16);
		if (end - p > 2 || b > 0xff)
			return NULL;
		bytes[n++] = (uint8_t)b;
		p = end;
		if (*p == ':')
			p++;
		else if (*p)
			return NULL;
	}
	return n ? reg_value_new_data(ctx, bytes, n) : NULL;
}

static bool enum_lookup(const char *param, const char *text, int64_t *out)
{
	size_t tlen = strlen(text);
	const char *p = param;

	while (p && *p) {
		const char *eq = strchr(p, '=');
		const char *semi = strchr(p, ';');

		if (!eq)
			return false;
		if ((size_t)(eq - p) == tlen && strncmp(p, text, tlen) == 0) {
			char *end;
			long long v = strtoll(eq + 1, &end, 10);

			if (end == eq + 1 || (*end && *end != ';'))
				return false;
			*out = v;
			return true;
		}
		p = semi ? semi + 1 : NULL;
	}
	return false;
}

/* One key rule applied: a value, or NULL when the source is absent or does
 * not parse (then a later fallback row may supply the key). */
static struct reg_value *apply_key_rule(void *ctx, struct lx_device *dev,
					const struct lx_key_rule *r)
{
	const char *text = lx_device_text(dev, r->source);
	int64_t v;
	uint8_t bytes[8];

	if (!text)
		return NULL;
	switch (r->xform) {
	case LX_STRING:
		return reg_value_new_string(ctx, text);
	case LX_DATA_STRING:
		return reg_value_new_data(ctx, text, strlen(text) + 1);
	case LX_NUMBER:
	case LX_NUMBER_HEX:
		if (!parse_int(text, r->xform == LX_NUMBER ? 10 : 16, &v) ||
		    !scale(&v, r->mul, r->div))
			return NULL;
		if (r->param && strcmp(r->param, "nonneg") == 0 && v < 0)
			return NULL;
		return reg_value_new_number(ctx, v, r->width ? r->width : 32);
	case LX_DATA_LE32:
		if (!parse_int(text, 16, &v))
			return NULL;
		le_bytes(bytes, (uint64_t)v, 4);
		return reg_value_new_data(ctx, bytes, 4);
	case LX_DATA_LE_NUM:
		if (!parse_int(text, 10, &v) || !scale(&v, r->mul, r->div) || v < 0)
			return NULL;
		le_bytes(bytes, (uint64_t)v, v > UINT32_MAX ? 8 : 4);
		return reg_value_new_data(ctx, bytes, v > UINT32_MAX ? 8 : 4);
	case LX_BOOL:
	case LX_BOOL_NOT:
		if (!parse_int(text, 10, &v))
			return NULL;
		return reg_value_new_bool(ctx, (v != 0) == (r->xform == LX_BOOL));
	case LX_BOOL_EQ:
		return reg_value_new_bool(ctx, strcmp(text, r->param) == 0);
	case LX_MAC:
		return parse_mac(ctx, text);
	case LX_ENUM:
		if (!enum_lookup(r->param, text, &v))
			return NULL;
		return reg_value_new_number(ctx, v, r->width ? r->width : 32);
	}
	return NULL;
}

static const char *text_of(const struct reg_value *props, const char *key)
{
	const struct reg_value *v = reg_dict_get(props, key);

	return reg_value_is_string(v) ? v->u.string.chars : NULL;
}

static bool number_of(const struct reg_value *props, const char *key, int64_t *out)
{
	const struct reg_value *v = reg_dict_get(props, key);

	if (!v || v->type != REG_NUMBER)
		return false;
	*out = v->u.number.value;
	return true;
}

/* ---- derive functions ---- */

static bool hex_attr(struct lx_device *dev, const char *source, int64_t *out)
{
	const char *t = lx_device_text(dev, source);

	return t && parse_int(t, 16, out);
}

/* "0000:00:1f.2": domain, bus, device, function. */
static bool pci_address(const char *name, unsigned *domain, unsigned *bus,
			unsigned *devno, unsigned *fn)
{
	int used = 0;

	if (sscanf(name, "%x:%x:%x.%x%n", domain, bus, devno, fn, &used) != 4)
		return false;
	return name[used] == '\0';
}

static void derive_pci(struct lx_device *dev, struct lx_entry_spec *s)
{
	int64_t ven, did, sven = 0, sdev = 0, cls = 0;
	unsigned domain, bus, devno, fn;
	char buf[128], compat[200];
	size_t clen = 0;

	if (pci_address(dev->kernel_name, &domain, &bus, &devno, &fn)) {
		s->location = fn ? talloc_asprintf(s->props, "%X,%X", devno, fn)
				 : talloc_asprintf(s->props, "%X", devno);
		snprintf(buf, sizeof(buf), "%u:%u:%u", bus, devno, fn);
		put_string(s->props, "pcidebug", buf);
	}
	if (!hex_attr(dev, "vendor", &ven) || !hex_attr(dev, "device", &did))
		return;
	hex_attr(dev, "subsystem_vendor", &sven);
	hex_attr(dev, "subsystem_device", &sdev);
	hex_attr(dev, "class", &cls);
	snprintf(buf, sizeof(buf), "pci%" PRIx64 ",%" PRIx64, ven, did);
	s->name = talloc_strdup(s->props, buf);
	put_string(s->props, "IOName", buf);
	put_data_string(s->props, "name", buf);
	/* Most specific first, as Open Firmware and macOS order them. */
	if (sven && (sven != ven || sdev != did))
		clen += (size_t)snprintf(compat + clen, sizeof(compat) - clen,
					 "pci%" PRIx64 ",%" PRIx64, sven, sdev) + 1;
	clen += (size_t)snprintf(compat + clen, sizeof(compat) - clen, "%s", buf) + 1;
	clen += (size_t)snprintf(compat + clen, sizeof(compat) - clen,
				 "pciclass,%06" PRIx64, cls & 0xffffff) + 1;
	put(s->props, "compatible", reg_value_new_data(s->props, compat, clen));
}

/* macOS's locationID: the bus in the top byte, then one nibble per hub
 * port from the root ("1-2.3" is 0x01230000). */
static bool usb_location_id(const char *name, uint32_t *out)
{
	unsigned bus;
	uint32_t id;
	int shift = 20;
	const char *p;
	char *end;

	if (strncmp(name, "usb", 3) == 0) {
		bus = (unsigned)strtoul(name + 3, &end, 10);
		if (end == name + 3 || *end)
			return false;
		*out = (uint32_t)(bus & 0xff) << 24;
		return true;
	}
	bus = (unsigned)strtoul(name, &end, 10);
	if (end == name || *end != '-')
		return false;
	id = (uint32_t)(bus & 0xff) << 24;
	p = end + 1;
	while (*p && *p != ':') {
		unsigned long port = strtoul(p, &end, 10);

		if (end == p)
			return false;
		if (shift >= 0)
			id |= (uint32_t)(port > 15 ? 15 : port) << shift;
		shift -= 4;
		p = end;
		if (*p == '.')
			p++;
		else if (*p && *p != ':')
			return false;
	}
	*out = id;
	return true;
}

static void derive_usb_device(struct lx_device *dev, struct lx_entry_spec *s)
{
	uint32_t loc;
	const char *product = text_of(s->props, "USB Product Name");

	if (usb_location_id(dev->kernel_name, &loc)) {
		put_number(s->props, "locationID", loc, 32);
		s->location = talloc_asprintf(s->props, "%x", loc);
	}
	s->name = talloc_strdup(s->props, product ? product : "IOUSBHostDevice");
}

static void derive_usb_interface(struct lx_device *dev, struct lx_entry_spec *s)
{
	uint32_t loc;
	int64_t n;
	const char *iface = lx_device_text(dev, "interface");

	if (usb_location_id(dev->kernel_name, &loc))
		put_number(s->props, "locationID", loc, 32);
	if (number_of(s->props, "bInterfaceNumber", &n))
		s->location = talloc_asprintf(s->props, "%" PRIx64, n);
	s->name = talloc_strdup(s->props, iface ? iface : "IOUSBHostInterface");
}

static void derive_block(struct lx_device *dev, struct lx_entry_spec *s)
{
	bool whole = !dev->devtype || strcmp(dev->devtype, "partition") != 0;
	int64_t start;

	put(s->props, "Whole", reg_value_new_bool(s->props, whole));
	put_string(s->props, "BSD Name", dev->kernel_name);
	if (whole) {
		const char *model = lx_device_text(dev, "device/model");
		char *trimmed = NULL;

		if (model) {
			size_t len = strlen(model);

			while (len && isspace((unsigned char)model[len - 1]))
				len--;
			trimmed = talloc_strndup(s->props, model, len);
		}
		s->name = talloc_asprintf(s->props, "%s Media", trimmed && trimmed[0]
					  ? trimmed : dev->kernel_name);
		talloc_free(trimmed);
		return;
	}
	const char *partname = lx_device_text(dev, "uevent:PARTNAME");
	const char *part = lx_device_text(dev, "partition");

	s->name = talloc_strdup(s->props, partname && partname[0] ? partname
							 : dev->kernel_name);
	if (part)
		s->location = talloc_strdup(s->props, part);
	if (parse_int(lx_device_text(dev, "start") ?: "", 10, &start) &&
	    scale(&start, 512, 0))
		put_number(s->props, "Base", start, 64);
}

static void derive_net(struct lx_device *dev, struct lx_entry_spec *s)
{
	const char *name = dev->kernel_name;
	size_t len = strlen(name), digits = len;

	put_string(s->props, "BSD Name", name);
	while (digits && isdigit((unsigned char)name[digits - 1]))
		digits--;
	if (digits < len && digits > 0) {
		char *prefix = talloc_strndup(s->props, name, digits);

		put_string(s->props, "IOInterfaceNamePrefix", prefix);
		talloc_free(prefix);
		put_number(s->props, "IOInterfaceUnit", strtoll(name + digits, NULL, 10), 32);
	}
}

/* A battery that reports energy (µWh) instead of charge (µAh): convert
 * with its design voltage, the only honest way to get mAh. */
static void derive_battery(struct lx_device *dev, struct lx_entry_spec *s)
{
	static const char *const pairs[][2] = {
		{ "CurrentCapacity", "energy_now" },
		{ "MaxCapacity", "energy_full" },
		{ "DesignCapacity", "energy_full_design" },
	};
	int64_t uv, uwh, ma;

	if (parse_int(lx_device_text(dev, "voltage_min_design") ?: "", 10, &uv) && uv > 0) {
		for (size_t i = 0; i < 3; i++) {
			if (reg_dict_get(s->props, pairs[i][0]))
				continue;
			if (parse_int(lx_device_text(dev, pairs[i][1]) ?: "", 10, &uwh) &&
			    uwh >= 0 && uwh < INT64_MAX / 1000)
				put_number(s->props, pairs[i][0], uwh * 1000 / uv, 32);
		}
	}
	/* Linux reports the current's magnitude on some drivers; macOS's
	 * Amperage is negative while discharging. */
	const char *status = lx_device_text(dev, "status");

	if (status && strcmp(status, "Discharging") == 0) {
		if (number_of(s->props, "Amperage", &ma) && ma > 0)
			put_number(s->props, "Amperage", -ma, 32);
		if (number_of(s->props, "InstantAmperage", &ma) && ma > 0)
			put_number(s->props, "InstantAmperage", -ma, 32);
	}
	/* ManufactureDate packed as the Smart Battery spec (and macOS) has it:
	 * (year - 1980) << 9 | month << 5 | day. */
	int64_t y, m, d;

	if (parse_int(lx_device_text(dev, "manufacture_year") ?: "", 10, &y) &&
	    parse_int(lx_device_text(dev, "manufacture_month") ?: "", 10, &m) &&
	    parse_int(lx_device_text(dev, "manufacture_day") ?: "", 10, &d) && y >= 1980 &&
	    y < 1980 + 128 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		put_number(s->props, "ManufactureDate", (y - 1980) << 9 | m << 5 | d, 32);
}

static const char *hid_transport(unsigned long bus)
{
	switch (bus) {
	case 0x01: return "PCI";
	case 0x03: return "USB";
	case 0x05: return "Bluetooth";
	case 0x06: return "Virtual";
	case 0x11: return "PS2";
	case 0x18: return "I2C";
	case 0x1c: return "SPI";
	default: return NULL;
	}
}

static void derive_hid(struct lx_device *dev, struct lx_entry_spec *s)
{
	const char *id = lx_device_text(dev, "uevent:HID_ID");
	unsigned long bus, vendor, product;
	const char *product_name = text_of(s->props, "Product");

	if (id && sscanf(id, "%lx:%lx:%lx", &bus, &vendor, &product) == 3) {
		put_number(s->props, "VendorID", (int64_t)(vendor & 0xffffffff), 32);
		put_number(s->props, "ProductID", (int64_t)(product & 0xffffffff), 32);
		put_string(s->props, "Transport", hid_transport(bus));
	}
	if (product_name)
		s->name = talloc_strdup(s->props, product_name);
	lx_hid_put_descriptor(dev, s->props);	/* linux_hid.c */
}

static void derive_input(struct lx_device *dev, struct lx_entry_spec *s)
{
	const char *product_name = text_of(s->props, "Product");
	int64_t bus;

	if (hex_attr(dev, "id/bustype", &bus))
		put_string(s->props, "Transport", hid_transport((unsigned long)bus));
	if (product_name)
		s->name = talloc_strdup(s->props, product_name);
}

/* The keys macOS tools read from a CPU: the kernel's CPU number is
 * processor-number (Intel Macs' device tree) and logical-cpu-id (Apple
 * Silicon's); IOCPUState as IOCPU reports it.  An offline CPU is
 * "Stopped"; a CPU with no online file (the boot CPU) cannot be taken
 * offline and runs. */
static void derive_cpu(struct lx_device *dev, struct lx_entry_spec *s)
{
	const char *online = lx_device_text(dev, "online");
	int64_t n;

	if (parse_int(dev->kernel_name + 3, 10, &n)) {
		put_number(s->props, "IOCPUNumber", n, 32);
		put_number(s->props, "processor-number", n, 32);
		put_number(s->props, "logical-cpu-id", n, 32);
	}
	put_string(s->props, "IOCPUState", online && strcmp(online, "0") == 0 ? "Stopped"
									      : "Running");
}

/* The Intel Mac SMC (applesmc): named as macOS names it; the user client
 * comes with the driver (linux_smc.c). */
static void derive_smc(struct lx_device *dev, struct lx_entry_spec *s)
{
	(void)dev;
	s->name = talloc_strdup(s->props, "AppleSMC");
	put_string(s->props, "IOUserClientClass", "AppleSMCClient");
}

/* hwmon channels (temp1_input, fan2_input ...) gathered by kind, named by
 * their label file when there is one. */
static void derive_hwmon(struct lx_device *dev, struct lx_entry_spec *s)
{
	static const struct {
		const char *prefix, *key;
		int64_t div;
	} kinds[] = {
		{ "temp", "Temperatures", 10 },	/* m°C to centi-°C */
		{ "fan", "Fans", 1 },		/* RPM */
		{ "in", "Voltages", 1 },	/* mV */
		{ "curr", "Currents", 1 },	/* mA */
		{ "power", "Powers", 1000 },	/* µW to mW */
	};
	const struct reg_value *attrs = dev->attrs;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct reg_value *dict = reg_value_new_dict(s->props);
		size_t plen = strlen(kinds[k].prefix);

		if (!dict)
			return;
		for (size_t i = 0; i < attrs->u.dict.count; i++) {
			const char *file = attrs->u.dict.keys[i];
			const char *rest = file + plen;
			char *end;
			int64_t v;

			if (strncmp(file, kinds[k].prefix, plen) || !isdigit((unsigned char)*rest))
				continue;
			strtoul(rest, &end, 10);
			if (strcmp(end, "_input") != 0)
				continue;
			if (!reg_value_is_string(attrs->u.dict.values[i]) ||
			    !parse_int(attrs->u.dict.values[i]->u.string.chars, 10, &v))
				continue;
			char *channel = talloc_strndup(dict, file, (size_t)(end - file));
			char *label_file = talloc_asprintf(dict, "%s_label", channel);
			const char *label = label_file ? lx_device_text(dev, label_file) : NULL;

			put_number(dict, label ? label : channel, v / kinds[k].div, 32);
			talloc_free(channel);
			talloc_free(label_file);
		}
		if (dict->u.dict.count)
			reg_dict_set(s->props, kinds[k].key, dict);
		else
			talloc_free(dict);
	}
}

/* "\_SB_.PCI0.S08_" -> "S08"; macOS shows ACPI names without padding. */
static void derive_acpi(struct lx_device *dev, struct lx_entry_spec *s)
{
	const char *path = lx_device_text(dev, "path");
	int64_t adr;

	if (!path || strcmp(path, "\\") == 0)
		return;
	const char *seg = strrchr(path, '.');

	seg = seg ? seg + 1 : (path[0] == '\\' ? path + 1 : path);
	size_t len = strlen(seg);

	while (len > 1 && seg[len - 1] == '_')
		len--;
	s->acpi_name = talloc_strndup(s->props, seg, len);
	if (hex_attr(dev, "adr", &adr))
		s->acpi_location = talloc_asprintf(s->props, "%" PRIx64, adr);
}

/* ---- the tables ---- */

#define END { NULL, NULL, 0, 0, 0, 0, NULL }

static const char *const pci_classes[] = { "IOPCIDevice", "IOService" };
static const struct lx_key_rule pci_keys[] = {
	{ "vendor", "vendor-id", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "device", "device-id", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "subsystem_vendor", "subsystem-vendor-id", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "subsystem_device", "subsystem-id", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "class", "class-code", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "revision", "revision-id", LX_DATA_LE32, 0, 0, 0, NULL },
	{ "irq", "IOLinuxIRQ", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const usb_device_classes[] = { "IOUSBHostDevice", "IOService" };
/* USB numbers are 32-bit: macOS shows idProduct 0x8290 and bDeviceClass
 * 0xef as positive numbers, which narrower signed widths would not. */
static const struct lx_key_rule usb_device_keys[] = {
	{ "idVendor", "idVendor", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "idProduct", "idProduct", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bcdDevice", "bcdDevice", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bDeviceClass", "bDeviceClass", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bDeviceSubClass", "bDeviceSubClass", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bDeviceProtocol", "bDeviceProtocol", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bMaxPacketSize0", "bMaxPacketSize0", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bNumConfigurations", "bNumConfigurations", LX_NUMBER, 32, 0, 0, NULL },
	{ "bConfigurationValue", "kUSBCurrentConfiguration", LX_NUMBER, 32, 0, 0, NULL },
	{ "product", "USB Product Name", LX_STRING, 0, 0, 0, NULL },
	{ "manufacturer", "USB Vendor Name", LX_STRING, 0, 0, 0, NULL },
	{ "serial", "USB Serial Number", LX_STRING, 0, 0, 0, NULL },
	{ "devnum", "USB Address", LX_NUMBER, 32, 0, 0, NULL },
	/* kUSBDeviceSpeed{Low,Full,High,Super,SuperPlus} */
	{ "speed", "USBSpeed", LX_ENUM, 32, 0, 0,
	  "1.5=0;12=1;480=2;5000=3;10000=4;20000=4" },
	{ "speed", "Device Speed", LX_ENUM, 32, 0, 0,
	  "1.5=0;12=1;480=2;5000=3;10000=4;20000=4" },
	END
};

static const char *const usb_interface_classes[] = { "IOUSBHostInterface", "IOService" };
static const struct lx_key_rule usb_interface_keys[] = {
	{ "bInterfaceNumber", "bInterfaceNumber", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bAlternateSetting", "bAlternateSetting", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bInterfaceClass", "bInterfaceClass", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bInterfaceSubClass", "bInterfaceSubClass", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bInterfaceProtocol", "bInterfaceProtocol", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "bNumEndpoints", "bNumEndpoints", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "../idVendor", "idVendor", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "../idProduct", "idProduct", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "../bcdDevice", "bcdDevice", LX_NUMBER_HEX, 32, 0, 0, NULL },
	END
};

static const char *const media_classes[] = { "IOMedia", "IOStorage", "IOService" };
static const struct lx_key_rule media_keys[] = {
	{ "uevent:MAJOR", "BSD Major", LX_NUMBER, 32, 0, 0, NULL },
	{ "uevent:MINOR", "BSD Minor", LX_NUMBER, 32, 0, 0, NULL },
	{ "size", "Size", LX_NUMBER, 64, 512, 0, NULL },	/* 512-byte sectors */
	{ "removable", "Removable", LX_BOOL, 0, 0, 0, NULL },
	{ "../removable", "Removable", LX_BOOL, 0, 0, 0, NULL },
	{ "removable", "Ejectable", LX_BOOL, 0, 0, 0, NULL },
	{ "../removable", "Ejectable", LX_BOOL, 0, 0, 0, NULL },
	{ "ro", "Writable", LX_BOOL_NOT, 0, 0, 0, NULL },
	{ "queue/logical_block_size", "Preferred Block Size", LX_NUMBER, 64, 0, 0, NULL },
	{ "../queue/logical_block_size", "Preferred Block Size", LX_NUMBER, 64, 0, 0, NULL },
	{ "partition", "Partition ID", LX_NUMBER, 32, 0, 0, NULL },
	{ "uevent:PARTUUID", "UUID", LX_STRING, 0, 0, 0, NULL },
	END
};

static const char *const ethernet_classes[] = {
	"IOEthernetInterface", "IONetworkInterface", "IOService"
};
static const char *const network_classes[] = { "IONetworkInterface", "IOService" };
static const struct lx_key_rule net_keys[] = {
	{ "address", "IOMACAddress", LX_MAC, 0, 0, 0, NULL },
	{ "addr_len", "IOMediaAddressLength", LX_NUMBER, 32, 0, 0, NULL },
	{ "mtu", "IOMaxTransferUnit", LX_NUMBER, 32, 0, 0, NULL },
	/* ARPHRD_* to IFT_*: ether, loopback, IP tunnels, 802.11 */
	{ "type", "IOInterfaceType", LX_ENUM, 32, 0, 0,
	  "1=6;772=24;768=131;769=131;776=131;778=131;801=6" },
	/* kIONetworkLinkValid | kIONetworkLinkActive */
	{ "carrier", "IOLinkStatus", LX_ENUM, 32, 0, 0, "1=3;0=1" },
	{ "operstate", "IOLinkStatus", LX_ENUM, 32, 0, 0,
	  "up=3;down=1;lowerlayerdown=1;dormant=1;notpresent=1;unknown=0" },
	{ "speed", "IOLinkSpeed", LX_NUMBER, 64, 1000000, 0, "nonneg" },	/* Mb/s */
	{ "operstate", "IOLinuxOperState", LX_STRING, 0, 0, 0, NULL },
	{ "ifindex", "IOLinuxInterfaceIndex", LX_NUMBER, 32, 0, 0, NULL },
	{ "uevent:IFINDEX", "IOLinuxInterfaceIndex", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const battery_classes[] = {
	"AppleSmartBattery", "IOPMPowerSource", "IOService"
};
static const struct lx_key_rule battery_keys[] = {
	{ "charge_now", "CurrentCapacity", LX_NUMBER, 32, 0, 1000, NULL },	/* µAh */
	{ "charge_full", "MaxCapacity", LX_NUMBER, 32, 0, 1000, NULL },
	{ "charge_full_design", "DesignCapacity", LX_NUMBER, 32, 0, 1000, NULL },
	{ "cycle_count", "CycleCount", LX_NUMBER, 32, 0, 0, NULL },
	{ "status", "IsCharging", LX_BOOL_EQ, 0, 0, 0, "Charging" },
	{ "status", "FullyCharged", LX_BOOL_EQ, 0, 0, 0, "Full" },
	{ "present", "BatteryInstalled", LX_BOOL, 0, 0, 0, NULL },
	{ "voltage_now", "Voltage", LX_NUMBER, 32, 0, 1000, NULL },		/* µV */
	{ "current_avg", "Amperage", LX_NUMBER, 32, 0, 1000, NULL },		/* µA */
	{ "current_now", "Amperage", LX_NUMBER, 32, 0, 1000, NULL },
	{ "current_now", "InstantAmperage", LX_NUMBER, 32, 0, 1000, NULL },
	{ "time_to_empty_avg", "AvgTimeToEmpty", LX_NUMBER, 32, 0, 60, "nonneg" },	/* s */
	{ "time_to_empty_now", "InstantTimeToEmpty", LX_NUMBER, 32, 0, 60, "nonneg" },
	{ "time_to_full_avg", "AvgTimeToFull", LX_NUMBER, 32, 0, 60, "nonneg" },
	{ "temp", "Temperature", LX_NUMBER, 32, 10, 0, NULL },		/* 0.1 °C */
	{ "manufacturer", "Manufacturer", LX_STRING, 0, 0, 0, NULL },
	{ "model_name", "DeviceName", LX_STRING, 0, 0, 0, NULL },
	{ "serial_number", "BatterySerialNumber", LX_STRING, 0, 0, 0, NULL },
	{ "capacity", "IOLinuxCapacityPercent", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const apple_smc_classes[] = { "AppleSMC", "IOService" };

static const char *const power_source_classes[] = { "IOPMPowerSource", "IOService" };
static const struct lx_key_rule power_source_keys[] = {
	{ "online", "ExternalConnected", LX_BOOL, 0, 0, 0, NULL },
	{ "type", "Type", LX_STRING, 0, 0, 0, NULL },
	{ "current_max", "IOLinuxCurrentMax", LX_NUMBER, 32, 0, 1000, "nonneg" },	/* µA */
	{ "voltage_max", "IOLinuxVoltageMax", LX_NUMBER, 32, 0, 1000, "nonneg" },	/* µV */
	END
};

static const char *const hid_classes[] = { "IOHIDDevice", "IOService" };
static const struct lx_key_rule hid_keys[] = {
	{ "uevent:HID_NAME", "Product", LX_STRING, 0, 0, 0, NULL },
	{ "uevent:HID_UNIQ", "SerialNumber", LX_STRING, 0, 0, 0, NULL },
	{ "../../manufacturer", "Manufacturer", LX_STRING, 0, 0, 0, NULL },
	{ "country", "CountryCode", LX_NUMBER_HEX, 32, 0, 0, NULL },
	END
};

static const char *const hid_event_classes[] = { "IOHIDEventService", "IOService" };
static const struct lx_key_rule input_keys[] = {
	{ "name", "Product", LX_STRING, 0, 0, 0, NULL },
	{ "id/vendor", "VendorID", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "id/product", "ProductID", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "id/version", "VersionNumber", LX_NUMBER_HEX, 32, 0, 0, NULL },
	{ "uniq", "SerialNumber", LX_STRING, 0, 0, 0, NULL },
	{ "phys", "IOLinuxPhysicalPath", LX_STRING, 0, 0, 0, NULL },
	END
};

static const char *const cpu_classes[] = { "IOCPU", "IOService" };
static const struct lx_key_rule cpu_keys[] = {
	{ "cpufreq/cpuinfo_max_freq", "clock-frequency", LX_DATA_LE_NUM, 0, 1000, 0, NULL },
	{ "topology/physical_package_id", "IOLinuxCPUPackage", LX_NUMBER, 32, 0, 0, NULL },
	{ "topology/core_id", "IOLinuxCPUCore", LX_NUMBER, 32, 0, 0, NULL },
	{ "topology/cluster_id", "logical-cluster-id", LX_NUMBER, 32, 0, 0, "nonneg" },
	{ "online", "IOLinuxCPUOnline", LX_BOOL, 0, 0, 0, NULL },
	END
};

static const char *const thermal_zone_classes[] = {
	"IOLinuxThermalZone", "IOLinuxDevice", "IOService"
};
static const struct lx_key_rule thermal_zone_keys[] = {
	{ "temp", "Temperature", LX_NUMBER, 32, 0, 10, NULL },	/* m°C to centi-°C */
	{ "type", "IOLinuxThermalType", LX_STRING, 0, 0, 0, NULL },
	{ "policy", "IOLinuxThermalPolicy", LX_STRING, 0, 0, 0, NULL },
	END
};

static const char *const cooling_classes[] = {
	"IOLinuxCoolingDevice", "IOLinuxDevice", "IOService"
};
static const struct lx_key_rule cooling_keys[] = {
	{ "type", "IOLinuxCoolingType", LX_STRING, 0, 0, 0, NULL },
	{ "cur_state", "IOLinuxCoolingState", LX_NUMBER, 32, 0, 0, NULL },
	{ "max_state", "IOLinuxCoolingMaxState", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const hwmon_classes[] = {
	"IOLinuxHwmonSensor", "IOLinuxDevice", "IOService"
};
static const struct lx_key_rule hwmon_keys[] = {
	{ "name", "IOLinuxSensorName", LX_STRING, 0, 0, 0, NULL },
	END
};

static const char *const backlight_classes[] = {
	"IOLinuxBacklight", "IOLinuxDevice", "IOService"
};
static const char *const led_classes[] = { "IOLinuxLED", "IOLinuxDevice", "IOService" };
static const struct lx_key_rule brightness_keys[] = {
	{ "brightness", "IOLinuxBrightness", LX_NUMBER, 32, 0, 0, NULL },
	{ "max_brightness", "IOLinuxMaxBrightness", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const acpi_classes[] = {
	"IOACPIPlatformDevice", "IOPlatformDevice", "IOService"
};
static const struct lx_key_rule acpi_keys[] = {
	{ "hid", "name", LX_DATA_STRING, 0, 0, 0, NULL },
	{ "hid", "compatible", LX_DATA_STRING, 0, 0, 0, NULL },
	{ "path", "IOLinuxACPIPath", LX_STRING, 0, 0, 0, NULL },
	{ "uid", "_UID", LX_STRING, 0, 0, 0, NULL },
	{ "adr", "_ADR", LX_NUMBER_HEX, 64, 0, 0, NULL },
	{ "status", "_STA", LX_NUMBER, 32, 0, 0, NULL },
	END
};

static const char *const generic_classes[] = { "IOLinuxDevice", "IOService" };
static const struct lx_key_rule no_keys[] = { END };

#define CHAIN(a) (a), sizeof(a) / sizeof((a)[0])

/* First match wins; the last row matches everything. */
static const struct {
	const char *subsystem, *devtype, *name_prefix, *attr, *attr_value, *not_under;
	const char *const *classes;
	size_t nclasses;
	const struct lx_key_rule *keys;
	lx_derive_fn derive;
} class_rules[] = {
	{ "pci", NULL, NULL, NULL, NULL, NULL, CHAIN(pci_classes), pci_keys, derive_pci },
	{ "usb", "usb_device", NULL, NULL, NULL, NULL, CHAIN(usb_device_classes),
	  usb_device_keys, derive_usb_device },
	{ "usb", "usb_interface", NULL, NULL, NULL, NULL, CHAIN(usb_interface_classes),
	  usb_interface_keys, derive_usb_interface },
	{ "block", NULL, NULL, NULL, NULL, NULL, CHAIN(media_classes), media_keys,
	  derive_block },
	{ "net", NULL, NULL, "type", "1", NULL, CHAIN(ethernet_classes), net_keys,
	  derive_net },
	{ "net", NULL, NULL, NULL, NULL, NULL, CHAIN(network_classes), net_keys, derive_net },
	{ "power_supply", NULL, NULL, "type", "Battery", NULL, CHAIN(battery_classes),
	  battery_keys, derive_battery },
	{ "power_supply", NULL, NULL, NULL, NULL, NULL, CHAIN(power_source_classes),
	  power_source_keys, NULL },
	{ "platform", NULL, "applesmc", NULL, NULL, NULL, CHAIN(apple_smc_classes), no_keys,
	  derive_smc },
	{ "hid", NULL, NULL, NULL, NULL, NULL, CHAIN(hid_classes), hid_keys, derive_hid },
	{ "input", NULL, "input", NULL, NULL, "hid", CHAIN(hid_classes), input_keys,
	  derive_input },
	{ "input", NULL, "input", NULL, NULL, NULL, CHAIN(hid_event_classes), input_keys,
	  derive_input },
	{ "cpu", NULL, "cpu", NULL, NULL, NULL, CHAIN(cpu_classes), cpu_keys, derive_cpu },
	{ "thermal", NULL, "thermal_zone", NULL, NULL, NULL, CHAIN(thermal_zone_classes),
	  thermal_zone_keys, NULL },
	{ "thermal", NULL, "cooling_device", NULL, NULL, NULL, CHAIN(cooling_classes),
	  cooling_keys, NULL },
	{ "hwmon", NULL, NULL, NULL, NULL, NULL, CHAIN(hwmon_classes), hwmon_keys,
	  derive_hwmon },
	{ "backlight", NULL, NULL, NULL, NULL, NULL, CHAIN(backlight_classes),
	  brightness_keys, NULL },
	{ "leds", NULL, NULL, NULL, NULL, NULL, CHAIN(led_classes), brightness_keys, NULL },
	{ "acpi", NULL, NULL, NULL, NULL, NULL, CHAIN(acpi_classes), acpi_keys, derive_acpi },
	{ NULL, NULL, NULL, NULL, NULL, NULL, CHAIN(generic_classes), no_keys, NULL },
};

static bool under_subsystem(const struct lx_device *dev, const char *subsystem)
{
	char pattern[80];

	snprintf(pattern, sizeof(pattern), ":%s:", subsystem);
	return strstr(dev->ancestors, pattern) != NULL;
}

static size_t find_rule(struct lx_device *dev)
{
	size_t n = sizeof(class_rules) / sizeof(class_rules[0]);

	for (size_t i = 0; i < n; i++) {
		const char *t;

		if (class_rules[i].subsystem && (!dev->subsystem ||
		    strcmp(class_rules[i].subsystem, dev->subsystem)))
			continue;
		if (class_rules[i].devtype && (!dev->devtype ||
		    strcmp(class_rules[i].devtype, dev->devtype)))
			continue;
		if (class_rules[i].name_prefix &&
		    strncmp(dev->kernel_name, class_rules[i].name_prefix,
			    strlen(class_rules[i].name_prefix)))
			continue;
		if (class_rules[i].attr && (!(t = lx_device_text(dev, class_rules[i].attr)) ||
		    strcmp(t, class_rules[i].attr_value)))
			continue;
		if (class_rules[i].not_under && under_subsystem(dev, class_rules[i].not_under))
			continue;
		return i;
	}
	return n - 1;
}

/* Linux facts every entry carries, whatever its class. */
static void put_linux_facts(struct lx_device *dev, struct reg_value *props)
{
	const char *modalias = lx_device_text(dev, "uevent:MODALIAS");
	const char *devname = lx_device_text(dev, "uevent:DEVNAME");

	put_string(props, "IOLinuxSysfsPath", dev->devpath);
	put_string(props, "IOLinuxSubsystem", dev->subsystem);
	put_string(props, "IOLinuxDriver", dev->driver);
	put_string(props, "IOLinuxDevType", dev->devtype);
	put_string(props, "IOLinuxModalias", modalias ? modalias
					     : lx_device_text(dev, "modalias"));
	if (devname) {
		char *node = talloc_asprintf(props, "/dev/%s", devname);

		put_string(props, "IOLinuxDevNode", node);
		talloc_free(node);
	}
	/* Runtime PM, writable by root through the driver (linux_driver.c). */
	put_string(props, "IOLinuxPowerControl", lx_device_text(dev, "power/control"));
	put_string(props, "IOLinuxACPIPath", dev->acpi_path);
	put_string(props, "IOLinuxDeviceTreePath", dev->of_path);
}

int lx_build_entry(void *ctx, struct lx_device *dev, struct lx_entry_spec *out)
{
	size_t r = find_rule(dev);
	struct reg_value *props = reg_value_new_dict(ctx);

	memset(out, 0, sizeof(*out));
	if (!props)
		return -ENOMEM;
	out->props = props;
	out->classes = class_rules[r].classes;
	out->nclasses = class_rules[r].nclasses;
	for (const struct lx_key_rule *k = class_rules[r].keys; k->source; k++) {
		if (reg_dict_get(props, k->key))
			continue;	/* an earlier row supplied it */
		put(props, k->key, apply_key_rule(props, dev, k));
	}
	if (class_rules[r].derive)
		class_rules[r].derive(dev, out);
	if (!out->name)
		out->name = talloc_strdup(props, dev->kernel_name);
	put_linux_facts(dev, props);
	/* Everything sysfs showed, raw, so nothing is lost in the mapping. */
	reg_dict_set(props, "IOLinuxUEvent", dev->uevent);
	reg_dict_set(props, "IOLinuxAttributes", dev->attrs);
	if (dev->skipped->u.dict.count)
		reg_dict_set(props, "IOLinuxSkippedAttributes", dev->skipped);
	dev->uevent = dev->attrs = dev->skipped = NULL;
	return out->name ? 0 : -ENOMEM;
}

static const char *const glue_classes[] = { "IOLinuxDeviceGroup", "IOService" };

int lx_build_glue(void *ctx, const char *devpath, struct lx_entry_spec *out)
{
	const char *slash = strrchr(devpath, '/');

	memset(out, 0, sizeof(*out));
	out->props = reg_value_new_dict(ctx);
	if (!out->props)
		return -ENOMEM;
	out->classes = glue_classes;
	out->nclasses = 2;
	out->name = talloc_strdup(out->props, slash ? slash + 1 : devpath);
	put_string(out->props, "IOLinuxSysfsPath", devpath);
	return out->name ? 0 : -ENOMEM;
}
