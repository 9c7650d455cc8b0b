/* -f: device-tree properties decoded as ioreg decodes them (IEEE 1275
 * physical addresses, slot names, PCI ranges, interrupt maps).
 *
 * Cells are 32-bit words in the byte order of the Mac that wrote them
 * (little-endian on Intel and Apple silicon alike).  Unlike ioreg, a value
 * that is not data, or too short for what it claims, falls back to the
 * plain format instead of reading past its end. */
#include <string.h>

#include "ioreg.h"

static uint32_t cell_at(const uint8_t *bytes)
{
	return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
	       (uint32_t)bytes[3] << 24;
}

struct cells {
	const uint8_t *bytes;
	size_t count;
};

static struct cells data_cells(CFDataRef data)
{
	struct cells c = { CFDataGetBytePtr(data), (size_t)CFDataGetLength(data) / 4 };
	return c;
}

/* The first cell of key, searched from entry up its device-tree parents
 * (#address-cells, #size-cells...).  0, with ioreg's error, if none. */
static int32_t inherited_cell(io_registry_entry_t entry, const char *key)
{
	CFStringRef name = CFStringCreateWithCString(kCFAllocatorDefault, key,
						     kCFStringEncodingUTF8);
	CFTypeRef value = NULL;
	uint8_t bytes[4] = { 0 };

	if (name && entry)
		value = IORegistryEntrySearchCFProperty(entry, kIODeviceTreePlane, name,
							kCFAllocatorDefault,
							kIORegistryIterateParents |
								kIORegistryIterateRecursively);
	if (name)
		CFRelease(name);
	if (!value) {
		ioreg_error("unable to get properties");
		return 0;
	}
	if (CFGetTypeID(value) == CFDataGetTypeID()) {
		CFIndex length = CFDataGetLength(value);

		memcpy(bytes, CFDataGetBytePtr(value), length < 4 ? (size_t)length : 4);
	} else if (CFGetTypeID(value) == CFNumberGetTypeID()) {
		int32_t n = 0;

		CFNumberGetValue(value, kCFNumberSInt32Type, &n);
		CFRelease(value);
		return n;
	}
	CFRelease(value);
	return (int32_t)cell_at(bytes);
}

/* The device-tree path of entry without its plane prefix. */
static void devtree_path(io_registry_entry_t entry, io_string_t path)
{
	char *colon;

	if (IORegistryEntryGetPath(entry, kIODeviceTreePlane, path) != KERN_SUCCESS) {
		ioreg_error("unable to get path");
		strcpy(path, "<path error");
		return;
	}
	colon = strchr(path, ':');
	if (colon)
		memmove(path, colon + 1, strlen(colon + 1) + 1);
}

/* The service whose "AAPL,phandle" is phandle (+1), or 0. */
static io_service_t lookup_phandle(uint32_t phandle)
{
	CFStringRef key = CFSTR(kIOPropertyMatchKey);
	CFStringRef phandle_key = CFSTR("AAPL,phandle");
	uint8_t bytes[4] = { (uint8_t)phandle, (uint8_t)(phandle >> 8), (uint8_t)(phandle >> 16),
			     (uint8_t)(phandle >> 24) };
	CFDataRef data = CFDataCreate(kCFAllocatorDefault, bytes, 4);
	CFDictionaryRef properties, matching;

	if (!data)
		return IO_OBJECT_NULL;
	properties = CFDictionaryCreate(kCFAllocatorDefault, (const void **)&phandle_key,
					(const void **)&data, 1, &kCFTypeDictionaryKeyCallBacks,
					&kCFTypeDictionaryValueCallBacks);
	CFRelease(data);
	if (!properties)
		return IO_OBJECT_NULL;
	matching = CFDictionaryCreate(kCFAllocatorDefault, (const void **)&key,
				      (const void **)&properties, 1,
				      &kCFTypeDictionaryKeyCallBacks,
				      &kCFTypeDictionaryValueCallBacks);
	CFRelease(properties);
	if (!matching)
		return IO_OBJECT_NULL;
	return IOServiceGetMatchingService(kIOMainPortDefault, matching);
}

static void show_phys_addr(const struct ioreg_node *node, CFDataRef data)
{
	static const char *const spaces[] = { "Config", "I/O", "Mem", "64-bit" };
	struct ioreg_printer *p = node->p;
	struct cells c = data_cells(data);

	if (CFDataGetLength(data) == 0) {
		ioreg_println(p, "<>");
		return;
	}
	ioreg_println(p, "%s", "");
	for (size_t n = 0; n < c.count / 5; n++) {
		const uint8_t *a = c.bytes + n * 20;
		uint32_t hi = cell_at(a);

		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "    %02zu: phys.hi: %08x phys.mid: %08x phys.lo: %08x", n, hi,
			      cell_at(a + 4), cell_at(a + 8));
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "        size.hi: %08x size.lo: %08x", cell_at(a + 12),
			      cell_at(a + 16));
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "        bus: %u dev: %u func: %u reg: %u", (hi >> 16) & 0xff,
			      (hi >> 11) & 0x1f, (hi >> 8) & 0x7, hi & 0xff);
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "        type: %s flags: %s%s%s", spaces[(hi >> 24) & 0x3],
			      hi & 0x80000000 ? "abs" : "rel", hi & 0x40000000 ? ", prefetch" : "",
			      hi & 0x20000000 ? ", alias" : "");
	}
}

static bool show_slot_names(const struct ioreg_node *node, CFDataRef data)
{
	struct ioreg_printer *p = node->p;
	size_t length = (size_t)CFDataGetLength(data);
	const uint8_t *bytes = CFDataGetBytePtr(data);
	size_t at = 4;
	uint32_t slots;

	if (length == 0) {
		ioreg_println(p, "<>");
		return true;
	}
	if (length < 4)
		return false;
	slots = cell_at(bytes);
	if (slots == 0) {
		ioreg_println(p, "<>");
		return true;
	}
	ioreg_println(p, "%s", "");
	for (unsigned slot = 0; slot < 32; slot++) {
		size_t n;

		if (!(slots & (1u << slot)))
			continue;
		n = at < length ? strnlen((const char *)bytes + at, length - at) : 0;
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "    %02u: %.*s", slot, (int)n, (const char *)bytes + at);
		at += n + 1;
	}
	return true;
}

static void show_pci_ranges(const struct ioreg_node *node, CFDataRef data)
{
	static const char *const titles[] = { "-child--", "-parent-", "-size---" };
	struct ioreg_printer *p = node->p;
	struct cells c = data_cells(data);
	io_registry_entry_t parent = IO_OBJECT_NULL;
	int32_t counts[3];
	int64_t element;
	size_t ranges;

	if (CFDataGetLength(data) == 0) {
		ioreg_println(p, "<>");
		return;
	}
	if (IORegistryEntryGetParentEntry(node->service, kIODeviceTreePlane, &parent) !=
	    KERN_SUCCESS) {
		ioreg_error("unable to get device tree parent");
		parent = IO_OBJECT_NULL;
	}
	counts[1] = inherited_cell(parent, "#address-cells");
	if (parent)
		IOObjectRelease(parent);
	counts[0] = inherited_cell(node->service, "#address-cells");
	counts[2] = inherited_cell(node->service, "#size-cells");
	element = (int64_t)counts[0] + counts[1] + counts[2];

	ioreg_println(p, "%s", "");
	ioreg_indent(p, false, node->depth, node->bits);
	ioreg_print(p, "    ");
	for (int j = 0; j < 3; j++) {
		ioreg_print(p, "%s", titles[j]);
		if (counts[j] > 1) {
			ioreg_print(p, "-");
			for (int32_t i = 2; i <= counts[j]; i++)
				ioreg_print(p, "%s", i == counts[j] ? "-------- " : "---------");
		} else {
			ioreg_print(p, " ");
		}
	}
	ioreg_println(p, "%s", "");

	ranges = element > 0 ? c.count / (size_t)element : 0;
	for (size_t r = 0; r < ranges; r++) {
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_print(p, "    ");
		for (int64_t i = 0; i < element; i++)
			ioreg_print(p, "%08x ", cell_at(c.bytes + 4 * (r * (size_t)element + (size_t)i)));
		ioreg_println(p, "%s", "");
	}
}

static void show_interrupt_map(const struct ioreg_node *node, CFDataRef data)
{
	struct ioreg_printer *p = node->p;
	struct cells c = data_cells(data);
	int64_t child_cells = (int64_t)inherited_cell(node->service, "#address-cells") +
			      inherited_cell(node->service, "#interrupt-cells");
	size_t at = 0;

	ioreg_println(p, "%s", "");
	for (long n = 0; at < c.count; n++) {
		io_registry_entry_t parent;
		int64_t parent_cells = 0;
		io_string_t path;

		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_print(p, "    %02ld: ", n);
		ioreg_print(p, "  child: ");
		for (int64_t i = 0; i < child_cells && at < c.count; i++, at++)
			ioreg_print(p, "%08x ", cell_at(c.bytes + 4 * at));
		ioreg_println(p, "%s", "");
		if (at >= c.count)
			break;

		parent = lookup_phandle(cell_at(c.bytes + 4 * at));
		if (!parent)
			ioreg_error("error looking up phandle");
		parent_cells = (int64_t)inherited_cell(parent, "#address-cells") +
			       inherited_cell(parent, "#interrupt-cells");
		path[0] = '\0';
		if (parent) {
			devtree_path(parent, path);
			IOObjectRelease(parent);
		} else {
			ioreg_error("unable to get path");
			strcpy(path, "<path error");
		}
		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_println(p, "        phandle: %08x (%s)", cell_at(c.bytes + 4 * at), path);
		at++;

		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_print(p, "         parent: ");
		for (int64_t i = 0; i < parent_cells && at < c.count; i++, at++)
			ioreg_print(p, "%08x ", cell_at(c.bytes + 4 * at));
		ioreg_println(p, "%s", "");
	}
}

static void show_interrupts(const struct ioreg_node *node, CFDataRef data)
{
	struct ioreg_printer *p = node->p;
	struct cells c = data_cells(data);
	size_t at = 0;

	ioreg_println(p, "%s", "");
	for (long n = 0; at < c.count; n++) {
		uint32_t cell = cell_at(c.bytes + 4 * at);

		ioreg_indent(p, false, node->depth, node->bits);
		ioreg_print(p, "    %02ld: ", n);
		if (at + 1 < c.count) {
			uint32_t sense = cell_at(c.bytes + 4 * (at + 1));

			ioreg_print(p, "specifier: %08x (vector: %02x) sense: %08x (", cell,
				    cell & 0xff, sense);
			if (sense & 0x2)	/* HyperTransport */
				ioreg_print(p, "HyperTransport vector: %04x, ",
					    (sense >> 16) & 0xffff);
			ioreg_println(p, "%s)", sense & 1 ? "level" : "edge");
			at += 2;
		} else {
			ioreg_println(p, "parent interrupt-map entry: %08x", cell);
			at++;
		}
	}
}

static bool show_interrupt_parent(const struct ioreg_node *node, CFDataRef data)
{
	struct ioreg_printer *p = node->p;
	io_service_t parent;
	io_string_t path;
	uint32_t phandle;

	if (CFDataGetLength(data) < 4)
		return false;
	phandle = cell_at(CFDataGetBytePtr(data));
	parent = lookup_phandle(phandle);
	if (!parent)
		return false;	/* ioreg prints nothing, not even the newline */
	path[0] = '\0';
	devtree_path(parent, path);
	IOObjectRelease(parent);
	ioreg_print(p, "<%08x>", phandle);
	if (path[0])
		ioreg_print(p, " (%s)", path);
	ioreg_println(p, "%s", "");
	return true;
}

/* "reg" is decoded only under a device-tree parent named pci*. */
static bool parent_is_pci(io_registry_entry_t service)
{
	io_registry_entry_t parent;
	io_name_t name;
	bool pci;

	if (IORegistryEntryGetParentEntry(service, kIODeviceTreePlane, &parent) != KERN_SUCCESS)
		return false;
	if (IORegistryEntryGetNameInPlane(parent, kIODeviceTreePlane, name) != KERN_SUCCESS) {
		ioreg_error("could not get name of parent");
		strcpy(name, "<name error>");
	}
	IOObjectRelease(parent);
	pci = strncmp(name, "pci", 3) == 0;
	return pci;
}

static bool key_is(CFStringRef key, const char *name)
{
	char buffer[32];

	return CFStringGetCString(key, buffer, sizeof(buffer), kCFStringEncodingUTF8) &&
	       strcmp(buffer, name) == 0;
}

bool ioreg_show_devtree_property(const struct ioreg_node *node, CFStringRef key,
				 CFTypeRef value)
{
	if (CFGetTypeID(key) != CFStringGetTypeID() || CFGetTypeID(value) != CFDataGetTypeID())
		return false;
	if (key_is(key, "reg")) {
		if (!parent_is_pci(node->service))
			return false;
		show_phys_addr(node, value);
		return true;
	}
	if (key_is(key, "assigned-addresses")) {
		show_phys_addr(node, value);
		return true;
	}
	if (key_is(key, "slot-names"))
		return show_slot_names(node, value);
	if (key_is(key, "ranges")) {
		show_pci_ranges(node, value);
		return true;
	}
	if (key_is(key, "interrupt-map")) {
		show_interrupt_map(node, value);
		return true;
	}
	if (key_is(key, "interrupts")) {
		show_interrupts(node, value);
		return true;
	}
	if (key_is(key, "interrupt-parent"))
		return show_interrupt_parent(node, value);
	return false;
}
