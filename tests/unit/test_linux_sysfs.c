/* The live Linux source against generated sysfs fixtures (every subsystem,
 * hot-plug, the write driver, hostile trees) and against this machine's
 * real /sys, compared with sysfs read independently here. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <dirent.h>

#include "driver.h"
#include "drivers/apple_smc.h"
#include "linux_smc.h"
#include "path.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "test_util.h"
#include "linux_sysfs.h"
#include "linux_sysfs_internal.h"
#include "match.h"
#include "user_client.h"
#include "utf8_lax.h"
#include "registry.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

static char fixture_dir[PATH_MAX];	/* DMI + device tree */
static char fixture_nodmi[PATH_MAX];	/* device tree, no DMI */
static char fixture_bare[PATH_MAX];	/* neither */
static char fixture_mac[PATH_MAX];	/* an Intel Mac: Apple DMI, applesmc */
static char fixture_arm[PATH_MAX];	/* Apple Silicon device tree, no DMI */
static char scratch_root[PATH_MAX / 2];

#define FX_PCI "/devices/pci0000:00"
#define FX_USB FX_PCI "/0000:00:14.0/usb1"
#define FX_BAT "/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00/power_supply/BAT0"
#define FX_BACKLIGHT FX_PCI "/0000:00:02.0/backlight/intel_backlight"

static void run(const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0) {
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
		exit(2);
	}
}

static void make_fixture(char *out, const char *name, const char *options)
{
	char cmd[3 * PATH_MAX];

	snprintf(out, PATH_MAX, "%s/%s", scratch_root, name);
	snprintf(cmd, sizeof(cmd), "'%s/tests/fixtures/make_sysfs_fixture.sh' '%s' %s",
		 SRCDIR, out, options);
	run(cmd);
}

/* A private, writable copy of the main fixture for tests that change it. */
static char *copy_fixture(void *ctx)
{
	char *dir = talloc_asprintf(ctx, "%s/copy.XXXXXX", scratch_root);
	char cmd[3 * PATH_MAX];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s/'", fixture_dir, dir);
	run(cmd);
	return dir;
}

static void remove_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run(cmd);
}

struct loaded {
	struct registry *reg;
	struct linux_source *src;
};

static struct loaded load(const char *root, bool hotplug)
{
	struct reg_parse_error err = { 0 };
	char mid[PATH_MAX];
	struct loaded l;

	char state[PATH_MAX];

	snprintf(mid, sizeof(mid), "%s/machine-id", root);
	/* Never the system's /var/lib/iokitfs: a machine without machine-id
	 * keeps the generated UUID here. */
	snprintf(state, sizeof(state), "%s/state", scratch_root);
	struct linux_source_options o = {
		.sysfs_root = root, .hotplug = hotplug,
		.machine_id_path = strcmp(root, "/sys") ? mid : NULL,
		.state_dir = state,
	};
	l.reg = registry_new(test_ctx);
	ck_assert_ptr_nonnull(l.reg);
	l.src = linux_source_load(test_ctx, l.reg, &o, &err);
	ck_assert_msg(l.src != NULL, "load %s: %s", root, err.message);
	return l;
}

static void unload(struct loaded *l)
{
	talloc_free(l->src);
	talloc_free(l->reg);
}

static struct reg_entry *by_devpath(struct loaded *l, const char *devpath)
{
	uint64_t id = linux_source_entry_id(l->src, devpath);

	ck_assert_msg(id != 0, "no entry for %s", devpath);
	return registry_entry_by_id(l->reg, id);
}

static const struct reg_value *prop(const struct reg_entry *e, const char *key)
{
	const struct reg_value *v = reg_entry_property(e, key);

	ck_assert_msg(v != NULL, "%s has no %s", e->name, key);
	return v;
}

static void assert_number(const struct reg_entry *e, const char *key, int64_t want,
			  unsigned width)
{
	const struct reg_value *v = prop(e, key);

	ck_assert_int_eq(v->type, REG_NUMBER);
	ck_assert_msg(v->u.number.value == want, "%s: %s = %lld, want %lld", e->name, key,
		      (long long)v->u.number.value, (long long)want);
	if (width)
		ck_assert_uint_eq(v->u.number.width, width);
}

static void assert_string(const struct reg_entry *e, const char *key, const char *want)
{
	const struct reg_value *v = prop(e, key);

	ck_assert(reg_value_is_string(v));
	ck_assert_str_eq(v->u.string.chars, want);
}

static void assert_bool(const struct reg_entry *e, const char *key, bool want)
{
	const struct reg_value *v = prop(e, key);

	ck_assert_int_eq(v->type, REG_BOOL);
	ck_assert_msg(v->u.boolean == want, "%s: %s", e->name, key);
}

static void assert_data(const struct reg_entry *e, const char *key, const void *want,
			size_t len)
{
	const struct reg_value *v = prop(e, key);

	ck_assert_int_eq(v->type, REG_DATA);
	ck_assert_uint_eq(v->u.data.len, len);
	ck_assert_msg(memcmp(v->u.data.bytes, want, len) == 0, "%s: %s bytes", e->name, key);
}

static void assert_class(const struct reg_entry *e, const char *cls)
{
	ck_assert_msg(strcmp(e->cls->name, cls) == 0, "%s is %s, want %s", e->name,
		      e->cls->name, cls);
}

/* What IOBSDNameMatching finds: the registry's own matching on the
 * dictionary {IOProviderClass=IOService?, "BSD Name"=name} that
 * IOBSDNameMatching builds, exactly one registered, matched service. */
static struct reg_entry *bsd_name_match(struct registry *reg, const char *name)
{
	struct reg_value *m = reg_value_new_dict(test_ctx);
	struct reg_entry **found = NULL, *e;
	size_t n = 0;

	reg_dict_set(m, "BSD Name", reg_value_new_string(m, name));
	ck_assert_int_eq(registry_match(test_ctx, reg, m, false, &found, &n), 0);
	ck_assert_msg(n == 1, "BSD Name %s matched %zu entries", name, n);
	e = found[0];
	talloc_free(found);
	talloc_free(m);
	return e;
}

static struct reg_entry *child_named(struct reg_entry *e, int plane, const char *name,
				     const char *location)
{
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++) {
		struct reg_entry *c = reg_entry_child(e, plane, i);
		const char *loc = reg_entry_location(c, plane);

		if (strcmp(reg_entry_name(c, plane), name) == 0 &&
		    (!location || (loc && strcmp(loc, location) == 0)))
			return c;
	}
	ck_abort_msg("%s has no child %s@%s", e->name, name, location ? location : "");
	return NULL;
}

static struct reg_entry *platform(struct registry *reg, int plane)
{
	struct reg_entry *root = registry_root(reg);

	ck_assert_uint_eq(reg_entry_child_count(root, plane), 1);
	return reg_entry_child(root, plane, 0);
}

static const struct reg_value *attr_value(const struct reg_entry *e, const char *file)
{
	return reg_dict_get(prop(e, "IOLinuxAttributes"), file);
}

static bool skipped(const struct reg_entry *e, const char *file, const char *reason)
{
	const struct reg_value *s = reg_entry_property(e, "IOLinuxSkippedAttributes");
	const struct reg_value *r = s ? reg_dict_get(s, file) : NULL;

	return reg_value_is_string(r) && (!reason || strstr(r->u.string.chars, reason));
}

/* ---- fixtures ---- */

START_TEST(test_platform_dmi)
{
	struct loaded l = load(fixture_dir, false);
	int svc = registry_plane_index(l.reg, "IOService");

	registry_rdlock(l.reg);
	struct reg_entry *pe = platform(l.reg, svc);

	assert_class(pe, "IOPlatformExpertDevice");
	ck_assert_str_eq(pe->name, "ThinkPad X1 Carbon 6th");
	assert_data(pe, "model", "ThinkPad X1 Carbon 6th", 23);
	assert_data(pe, "manufacturer", "LENOVO", 7);
	assert_data(pe, "board-id", "20KHCTO1WW", 11);
	assert_string(pe, "IOPlatformSerialNumber", "PF1ABCDE");
	assert_string(pe, "IOPlatformUUID", "4C4C4544-0031-3510-8052-B4C04F4E4A31");
	/* The device tree's compatible list wins over the model. */
	assert_data(pe, "compatible", "acme,board\0acme,soc", 20);
	const struct reg_value *planes = prop(registry_root(l.reg), "IORegistryPlanes");
	ck_assert_uint_eq(planes->u.dict.count, 3);
	ck_assert_ptr_nonnull(reg_dict_get(planes, "IODeviceTree"));
	ck_assert_ptr_nonnull(reg_dict_get(planes, "IOACPIPlane"));
	ck_assert_ptr_null(reg_dict_get(planes, "IOPower"));
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_platform_fallbacks)
{
	struct loaded l = load(fixture_nodmi, false);
	struct utsname u;
	char model[128];

	registry_rdlock(l.reg);
	struct reg_entry *pe = platform(l.reg, registry_plane_index(l.reg, "IOService"));

	ck_assert_str_eq(pe->name, "Acme Board");
	assert_string(pe, "IOPlatformSerialNumber", "DT123");
	assert_string(pe, "IOPlatformUUID", "01234567-89AB-CDEF-0123-456789ABCDEF");
	ck_assert_ptr_null(reg_entry_property(pe, "manufacturer"));
	registry_unlock(l.reg);
	unload(&l);

	l = load(fixture_bare, false);
	ck_assert_int_eq(uname(&u), 0);
	snprintf(model, sizeof(model), "Linux,%s", u.machine);
	registry_rdlock(l.reg);
	pe = platform(l.reg, registry_plane_index(l.reg, "IOService"));
	ck_assert_str_eq(pe->name, model);
	ck_assert_ptr_null(reg_entry_property(pe, "IOPlatformSerialNumber"));
	assert_string(prop(pe, "IOLinuxPlatformSources") ? pe : pe, "IOPlatformUUID",
		      "01234567-89AB-CDEF-0123-456789ABCDEF");
	ck_assert_int_eq(registry_plane_index(l.reg, "IODeviceTree"), -1);
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_pci)
{
	struct loaded l = load(fixture_dir, false);
	static const uint8_t vendor[] = { 0x86, 0x80, 0, 0 }, cls[] = { 1, 6, 1, 0 };
	static const char compat[] = "pci17aa,2233\0pci8086,a102\0pciclass,010601";

	registry_rdlock(l.reg);
	struct reg_entry *e = by_devpath(&l, FX_PCI "/0000:00:1f.2");

	assert_class(e, "IOPCIDevice");
	ck_assert_str_eq(e->name, "pci8086,a102");
	ck_assert_str_eq(e->location, "1F,2");
	assert_data(e, "vendor-id", vendor, 4);
	assert_data(e, "class-code", cls, 4);
	assert_data(e, "revision-id", "\x31\0\0\0", 4);
	assert_data(e, "compatible", compat, sizeof(compat));
	assert_data(e, "name", "pci8086,a102", 13);
	assert_string(e, "IOName", "pci8086,a102");
	assert_string(e, "pcidebug", "0:31:2");
	assert_string(e, "IOLinuxDriver", "ahci");
	assert_string(e, "IOLinuxSubsystem", "pci");
	/* Never read, and said so. */
	ck_assert(skipped(e, "config", "never read"));
	ck_assert(skipped(e, "remove", NULL));
	ck_assert(skipped(e, "resource", "never read"));
	ck_assert_ptr_null(attr_value(e, "config"));
	ck_assert_ptr_nonnull(attr_value(e, "irq"));
	ck_assert(skipped(by_devpath(&l, FX_PCI "/0000:00:19.0"), "huge_blob", "larger"));
	/* Function 0 has no ",0"; a bridge with no subsystem IDs. */
	ck_assert_str_eq(by_devpath(&l, FX_PCI "/0000:00:19.0")->location, "19");
	e = by_devpath(&l, FX_PCI "/0000:00:1c.4");
	assert_data(e, "compatible", "pci8086,a114\0pciclass,060400",
		    sizeof("pci8086,a114\0pciclass,060400"));
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_block)
{
	struct loaded l = load(fixture_dir, false);

	registry_rdlock(l.reg);
	struct reg_entry *disk = bsd_name_match(l.reg, "sda");
	struct reg_entry *part = bsd_name_match(l.reg, "sda1");
	int svc = registry_plane_index(l.reg, "IOService");

	assert_class(disk, "IOMedia");
	ck_assert(reg_class_conforms_to(disk->cls, "IOService"));
	ck_assert_str_eq(disk->name, "Samsung SSD 860 Media");
	assert_number(disk, "Size", 1953525168LL * 512, 64);
	assert_number(disk, "BSD Major", 8, 32);
	assert_number(disk, "BSD Minor", 0, 32);
	assert_number(disk, "Preferred Block Size", 512, 64);
	assert_bool(disk, "Whole", true);
	assert_bool(disk, "Writable", true);
	assert_bool(disk, "Removable", false);
	assert_string(disk, "IOLinuxDevNode", "/dev/sda");
	ck_assert_str_eq(part->name, "EFI System Partition");
	ck_assert_str_eq(part->location, "1");
	ck_assert_ptr_eq(reg_entry_parent(part, svc, 0), disk);
	assert_bool(part, "Whole", false);
	assert_number(part, "Size", 1048576LL * 512, 64);
	assert_number(part, "Base", 2048 * 512, 64);
	assert_number(part, "BSD Minor", 1, 32);
	assert_number(part, "Preferred Block Size", 512, 64);
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_net)
{
	struct loaded l = load(fixture_dir, false);
	static const uint8_t mac[] = { 0x3c, 0x97, 0x0e, 0x12, 0x34, 0x56 };

	registry_rdlock(l.reg);
	struct reg_entry *eth = bsd_name_match(l.reg, "eth0");
	struct reg_entry *lo = bsd_name_match(l.reg, "lo");

	assert_class(eth, "IOEthernetInterface");
	ck_assert(reg_class_conforms_to(eth->cls, "IONetworkInterface"));
	assert_data(eth, "IOMACAddress", mac, 6);
	assert_number(eth, "IOMaxTransferUnit", 1500, 32);
	assert_number(eth, "IOLinkStatus", 3, 32);
	assert_number(eth, "IOLinkSpeed", 1000000000LL, 64);
	assert_number(eth, "IOInterfaceType", 6, 32);
	assert_string(eth, "IOInterfaceNamePrefix", "eth");
	assert_number(eth, "IOInterfaceUnit", 0, 32);
	ck_assert(skipped(eth, "reset_stats", "write-only"));
	const struct reg_value *stats = attr_value(eth, "statistics");
	ck_assert(stats && stats->type == REG_DICT);
	ck_assert_str_eq(reg_dict_get(stats, "rx_bytes")->u.string.chars, "123456");
	assert_class(lo, "IONetworkInterface");
	assert_number(lo, "IOInterfaceType", 24, 32);
	assert_number(lo, "IOMaxTransferUnit", 65536, 32);
	/* A top-level glue directory keeps the shape: virtual/net/lo. */
	int svc = registry_plane_index(l.reg, "IOService");
	struct reg_entry *up = reg_entry_parent(lo, svc, 0);
	ck_assert_str_eq(up->name, "net");
	assert_class(up, "IOLinuxDeviceGroup");
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_usb_hid)
{
	struct loaded l = load(fixture_dir, false);

	registry_rdlock(l.reg);
	struct reg_entry *dev = by_devpath(&l, FX_USB "/1-2");
	struct reg_entry *kbd = by_devpath(&l, FX_USB "/1-2/1-2.3");
	struct reg_entry *intf = by_devpath(&l, FX_USB "/1-2/1-2:1.0");
	struct reg_entry *hid = by_devpath(&l, FX_USB "/1-2/1-2:1.0/0003:046D:C52B.0001");
	struct reg_entry *input = by_devpath(&l, FX_USB
		"/1-2/1-2:1.0/0003:046D:C52B.0001/input/input5");
	struct reg_entry *ps2 = by_devpath(&l, "/devices/platform/i8042/serio0/input/input0");

	assert_class(dev, "IOUSBHostDevice");
	ck_assert_str_eq(dev->name, "USB Receiver");
	ck_assert_str_eq(dev->location, "1200000");
	assert_number(dev, "idVendor", 0x046d, 32);
	assert_number(dev, "idProduct", 0xc52b, 32);
	assert_number(dev, "bcdDevice", 0x1211, 32);
	assert_number(dev, "locationID", 0x01200000, 32);
	assert_number(dev, "USB Address", 3, 32);
	assert_number(dev, "Device Speed", 1, 32);
	assert_string(dev, "USB Product Name", "USB Receiver");
	assert_string(dev, "USB Vendor Name", "Logitech");
	assert_string(dev, "USB Serial Number", "ABC123");
	assert_number(kbd, "locationID", 0x01230000, 32);
	assert_number(kbd, "Device Speed", 0, 32);
	assert_number(by_devpath(&l, FX_USB), "Device Speed", 2, 32);
	assert_class(intf, "IOUSBHostInterface");
	ck_assert_str_eq(intf->location, "0");
	assert_number(intf, "bInterfaceClass", 3, 32);
	assert_number(intf, "idProduct", 0xc52b, 32);
	assert_class(hid, "IOHIDDevice");
	assert_number(hid, "VendorID", 0x46d, 32);
	assert_number(hid, "ProductID", 0xc52b, 32);
	assert_string(hid, "Transport", "USB");
	assert_string(hid, "Product", "Logitech USB Receiver");
	assert_string(hid, "Manufacturer", "Logitech");
	const struct reg_value *rd = attr_value(hid, "report_descriptor");
	ck_assert(rd && rd->type == REG_DATA && rd->u.data.len == 88);
	/* From the descriptor (linux_hid.c): keyboard + consumer control. */
	ck_assert(reg_value_equal(prop(hid, "ReportDescriptor"), rd));
	assert_number(hid, "PrimaryUsagePage", 1, 32);
	assert_number(hid, "PrimaryUsage", 6, 32);
	ck_assert_uint_eq(prop(hid, "DeviceUsagePairs")->u.array.count, 2);
	assert_number(hid, "MaxInputReportSize", 9, 32);
	assert_number(hid, "MaxOutputReportSize", 2, 32);
	assert_number(hid, "MaxFeatureReportSize", 1, 32);
	assert_class(input, "IOHIDEventService");
	assert_class(ps2, "IOHIDDevice");
	assert_string(ps2, "Transport", "PS2");
	assert_number(ps2, "VersionNumber", 0xab41, 32);
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_power_thermal_cpu)
{
	struct loaded l = load(fixture_dir, false);
	static const uint8_t freq[] = { 0x00, 0xe2, 0xa7, 0xca };	/* 3.4 GHz LE */

	registry_rdlock(l.reg);
	struct reg_entry *bat = by_devpath(&l, FX_BAT);

	assert_class(bat, "AppleSmartBattery");
	ck_assert(reg_class_conforms_to(bat->cls, "IOPMPowerSource"));
	assert_number(bat, "CurrentCapacity", 4000, 32);
	assert_number(bat, "MaxCapacity", 5000, 32);
	assert_number(bat, "DesignCapacity", 5200, 32);
	assert_number(bat, "CycleCount", 42, 32);
	assert_number(bat, "Voltage", 12000, 32);
	assert_number(bat, "Amperage", -1400, 32);	/* current_avg */
	assert_number(bat, "InstantAmperage", -1500, 32);	/* current_now */
	assert_number(bat, "Temperature", 3010, 32);
	assert_bool(bat, "IsCharging", false);
	assert_bool(bat, "ExternalConnected", true);
	struct reg_entry *ac = by_devpath(&l, "/devices/LNXSYSTM:00/LNXSYBUS:00/"
					  "ACPI0003:00/power_supply/AC");
	assert_class(ac, "IOPMPowerSource");
	assert_bool(ac, "ExternalConnected", true);
	struct reg_entry *tz = by_devpath(&l, "/devices/virtual/thermal/thermal_zone0");
	assert_class(tz, "IOLinuxThermalZone");
	assert_number(tz, "Temperature", 4500, 32);
	struct reg_entry *hw = by_devpath(&l, "/devices/platform/coretemp.0/hwmon/hwmon1");
	assert_class(hw, "IOLinuxHwmonSensor");
	const struct reg_value *temps = prop(hw, "Temperatures");
	ck_assert_int_eq(reg_dict_get(temps, "Package id 0")->u.number.value, 5200);
	ck_assert_int_eq(reg_dict_get(temps, "temp2")->u.number.value, 4800);
	struct reg_entry *cpu = by_devpath(&l, "/devices/system/cpu/cpu0");
	assert_class(cpu, "IOCPU");
	assert_data(cpu, "clock-frequency", freq, 4);
	assert_number(cpu, "IOCPUNumber", 0, 32);
	struct reg_entry *bl = by_devpath(&l, FX_BACKLIGHT);
	assert_class(bl, "IOLinuxBacklight");
	assert_number(bl, "IOLinuxBrightness", 500, 32);
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

START_TEST(test_devicetree_acpi)
{
	struct loaded l = load(fixture_dir, false);
	int dt = registry_plane_index(l.reg, "IODeviceTree");
	int acpi = registry_plane_index(l.reg, "IOACPIPlane");

	ck_assert_int_ge(dt, 0);
	ck_assert_int_ge(acpi, 0);
	registry_rdlock(l.reg);
	struct reg_entry *pe = platform(l.reg, dt);

	ck_assert_str_eq(reg_entry_name(pe, dt), "device-tree");
	assert_data(pe, "#address-cells", "\0\0\0\2", 4);
	struct reg_entry *cpus = child_named(pe, dt, "cpus", NULL);
	struct reg_entry *cpu1 = child_named(cpus, dt, "cpu", "1");
	assert_data(cpu1, "reg", "\0\0\0\1", 4);
	assert_data(cpu1, "compatible", "arm,cortex-a53", 15);
	child_named(pe, dt, "memory", "80000000");
	ck_assert_ptr_eq(platform(l.reg, acpi), pe);
	ck_assert_str_eq(reg_entry_name(pe, acpi), "acpi");
	struct reg_entry *sb = child_named(pe, acpi, "_SB", NULL);
	struct reg_entry *pci0 = child_named(sb, acpi, "PCI0", "0");
	struct reg_entry *gfx = child_named(pci0, acpi, "GFX0", "20000");
	child_named(sb, acpi, "AC", NULL);
	assert_class(gfx, "IOACPIPlatformDevice");
	assert_data(gfx, "name", "LNXVIDEO", 9);
	assert_string(by_devpath(&l, FX_PCI "/0000:00:02.0"), "IOLinuxACPIPath",
		      "\\_SB_.PCI0.GFX0");
	ck_assert(!reg_entry_in_plane(by_devpath(&l, "/devices/LNXSYSTM:00"), acpi));
	assert_string(by_devpath(&l, "/devices/platform/soc/serial@1000"),
		      "IOLinuxDeviceTreePath", "/chosen");
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

/* ---- hot-plug ---- */

static void write_file(const char *root, const char *path, const char *text)
{
	char full[PATH_MAX];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "w");
	ck_assert_msg(f != NULL, "%s: %s", full, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static void make_dir(const char *root, const char *path)
{
	char full[PATH_MAX];

	snprintf(full, sizeof(full), "%s%s", root, path);
	ck_assert_int_eq(mkdir(full, 0755), 0);
}

static void add_usb_device(const char *root, const char *devpath)
{
	char p[PATH_MAX];

	make_dir(root, devpath);
	snprintf(p, sizeof(p), "%s/uevent", devpath);
	write_file(root, p, "DEVTYPE=usb_device\n");
	snprintf(p, sizeof(p), "%s/idVendor", devpath);
	write_file(root, p, "0781\n");
	snprintf(p, sizeof(p), "%s/product", devpath);
	write_file(root, p, "Cruzer\n");
	snprintf(p, sizeof(p), "%s%s/subsystem", root, devpath);
	char target[PATH_MAX];
	snprintf(target, sizeof(target), "%s/bus/usb", root);
	ck_assert_int_eq(symlink(target, p), 0);
}

struct counter {
	int added, removed, changed;
};

static void count_events(void *data, const struct reg_event *ev)
{
	struct counter *c = data;

	c->added += ev->kind == REG_EVENT_ENTRY_ADDED;
	c->removed += ev->kind == REG_EVENT_ENTRY_REMOVED;
	c->changed += ev->kind == REG_EVENT_PROPERTY_CHANGED;
}

START_TEST(test_rescan_add_change_remove)
{
	char *root = copy_fixture(test_ctx);
	struct loaded l = load(root, false);
	struct counter c = { 0 };
	uint64_t eth = linux_source_entry_id(l.src, FX_PCI "/0000:00:19.0/net/eth0");
	uint64_t bat = linux_source_entry_id(l.src, FX_BAT);
	uint64_t rx = linux_source_entry_id(l.src, FX_USB "/1-2");
	size_t before = registry_entry_count(l.reg);

	ck_assert(eth && bat && rx);
	registry_wrlock(l.reg);
	ck_assert_int_eq(registry_add_listener(l.reg, count_events, &c), 0);
	registry_unlock(l.reg);

	/* change: same ID, new values, events sent */
	write_file(root, FX_BAT "/charge_now", "4500000\n");
	write_file(root, FX_BAT "/status", "Charging\n");
	ck_assert_int_eq(linux_source_rescan(l.src, FX_BAT), 0);
	ck_assert_uint_eq(linux_source_entry_id(l.src, FX_BAT), bat);
	registry_rdlock(l.reg);
	struct reg_entry *e = registry_entry_by_id(l.reg, bat);
	assert_number(e, "CurrentCapacity", 4500, 32);
	assert_bool(e, "IsCharging", true);
	assert_bool(e, "ExternalConnected", true);
	assert_number(e, "Amperage", 1400, 32);
	assert_number(e, "InstantAmperage", 1500, 32);
	registry_unlock(l.reg);
	ck_assert_int_gt(c.changed, 0);
	ck_assert_int_eq(c.added, 0);

	/* the AC adapter unplugged: the battery hears of it */
	write_file(root, "/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0003:00/power_supply/AC/online",
		   "0\n");
	ck_assert_int_eq(linux_source_rescan(l.src, "/devices/LNXSYSTM:00/LNXSYBUS:00/"
					     "ACPI0003:00/power_supply/AC"), 0);
	registry_rdlock(l.reg);
	assert_bool(registry_entry_by_id(l.reg, bat), "ExternalConnected", false);
	registry_unlock(l.reg);

	/* add */
	add_usb_device(root, FX_USB "/1-2/1-2.4");
	ck_assert_int_eq(linux_source_rescan(l.src, FX_USB "/1-2/1-2.4"), 0);
	uint64_t stick = linux_source_entry_id(l.src, FX_USB "/1-2/1-2.4");
	ck_assert(stick != 0);
	ck_assert_int_eq(c.added, 1);
	registry_rdlock(l.reg);
	e = registry_entry_by_id(l.reg, stick);
	assert_class(e, "IOUSBHostDevice");
	ck_assert_str_eq(e->name, "Cruzer");
	assert_number(e, "locationID", 0x01240000, 32);
	ck_assert_uint_eq(reg_entry_parent(e, registry_plane_index(l.reg, "IOService"), 0)->id,
			  rx);
	registry_unlock(l.reg);
	/* rescanning an unchanged device changes nothing */
	int changed = c.changed;
	ck_assert_int_eq(linux_source_rescan(l.src, FX_USB "/1-2/1-2.4"), 0);
	ck_assert_int_eq(c.changed, changed);

	/* remove: the device and everything below it, nothing else */
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s%s/1-2", root, FX_USB);
	remove_tree(path);
	ck_assert_int_eq(linux_source_rescan(l.src, FX_USB "/1-2"), 0);
	ck_assert_uint_eq(linux_source_entry_id(l.src, FX_USB "/1-2"), 0);
	ck_assert_uint_eq(linux_source_entry_id(l.src, FX_USB "/1-2/1-2.4"), 0);
	ck_assert_uint_eq(linux_source_entry_id(l.src, FX_USB "/1-2/1-2:1.0"), 0);
	ck_assert_int_eq(c.removed, 7);	/* 1-2, 1-2.3, 1-2.4, 1-2:1.0, hid, input5, event5 */
	ck_assert_uint_eq(registry_entry_count(l.reg), before + 1 - 7);
	ck_assert_uint_eq(linux_source_entry_id(l.src, FX_PCI "/0000:00:19.0/net/eth0"), eth);
	registry_rdlock(l.reg);
	ck_assert_ptr_null(registry_entry_by_id(l.reg, stick));
	registry_unlock(l.reg);

	/* bad devpaths */
	ck_assert_int_eq(linux_source_rescan(l.src, "/devices/../etc"), -EINVAL);
	ck_assert_int_eq(linux_source_rescan(l.src, "devices/x"), -EINVAL);
	ck_assert_int_eq(linux_source_rescan(l.src, "/devices/x/"), -EINVAL);
	ck_assert_int_eq(linux_source_rescan(l.src, "/module/usbcore"), -EINVAL);
	/* an unknown, absent device is a no-op */
	ck_assert_int_eq(linux_source_rescan(l.src, "/devices/nothing/here"), 0);

	registry_wrlock(l.reg);
	registry_remove_listener(l.reg, count_events, &c);
	registry_unlock(l.reg);
	unload(&l);
	remove_tree(root);
	talloc_free(root);
}
END_TEST

static void wait_events(struct linux_source *src, unsigned long n)
{
	for (int i = 0; i < 500 && linux_source_events_handled(src) < n; i++)
		usleep(10000);
	ck_assert_uint_ge(linux_source_events_handled(src), n);
}

START_TEST(test_hotplug_thread)
{
	char *root = copy_fixture(test_ctx);
	struct loaded l = load(root, true);
	const char *dummy = "/devices/virtual/net/dummy0";
	char p[PATH_MAX];

	ck_assert_int_eq(linux_source_inject_event(l.src, "add", dummy, NULL), -ENOTCONN);
	ck_assert_int_eq(linux_source_start(l.src), 0);
	make_dir(root, dummy);
	write_file(root, "/devices/virtual/net/dummy0/uevent", "INTERFACE=dummy0\n");
	write_file(root, "/devices/virtual/net/dummy0/type", "1\n");
	write_file(root, "/devices/virtual/net/dummy0/address", "aa:bb:cc:dd:ee:ff\n");
	snprintf(p, sizeof(p), "%s/devices/virtual/net/dummy0/subsystem", root);
	ck_assert_int_eq(symlink("../../../../class/net", p), 0);
	ck_assert_int_eq(linux_source_inject_event(l.src, "add", dummy, NULL), 0);
	wait_events(l.src, 1);
	uint64_t id = linux_source_entry_id(l.src, dummy);
	ck_assert(id != 0);
	registry_rdlock(l.reg);
	assert_class(registry_entry_by_id(l.reg, id), "IOEthernetInterface");
	ck_assert_ptr_eq(bsd_name_match(l.reg, "dummy0"), registry_entry_by_id(l.reg, id));
	registry_unlock(l.reg);

	/* move (rename): the old path goes, the new one comes */
	snprintf(p, sizeof(p), "%s%s", root, dummy);
	char renamed[PATH_MAX];
	snprintf(renamed, sizeof(renamed), "%s/devices/virtual/net/dummy1", root);
	ck_assert_int_eq(rename(p, renamed), 0);
	ck_assert_int_eq(linux_source_inject_event(l.src, "move",
		"/devices/virtual/net/dummy1", dummy), 0);
	wait_events(l.src, 2);
	ck_assert_uint_eq(linux_source_entry_id(l.src, dummy), 0);
	ck_assert(linux_source_entry_id(l.src, "/devices/virtual/net/dummy1") != 0);

	remove_tree(renamed);
	ck_assert_int_eq(linux_source_inject_event(l.src, "remove",
		"/devices/virtual/net/dummy1", NULL), 0);
	ck_assert_int_eq(linux_source_inject_event(l.src, "add", "/bad\tpath", NULL), -EINVAL);
	wait_events(l.src, 3);
	ck_assert_uint_eq(linux_source_entry_id(l.src, "/devices/virtual/net/dummy1"), 0);
	linux_source_stop(l.src);
	linux_source_stop(l.src);	/* twice is harmless */
	unload(&l);
	remove_tree(root);
	talloc_free(root);
}
END_TEST

START_TEST(test_driver_set_properties)
{
	char *root = copy_fixture(test_ctx);
	struct loaded l = load(root, false);
	struct reg_caller rootc = { .uid = 0 }, user = { .uid = 1000 };
	uint64_t bl = linux_source_entry_id(l.src, FX_BACKLIGHT);
	uint64_t sda = linux_source_entry_id(l.src, FX_PCI "/0000:00:1f.2/ata1/host0/"
					     "target0:0:0/0:0:0:0/block/sda");
	struct reg_value *props = reg_value_new_dict(test_ctx);
	char path[PATH_MAX];

	reg_dict_set(props, "IOLinuxBrightness", reg_value_new_number(props, 700, 32));
	ck_assert_int_eq(registry_set_properties(l.reg, bl, props, &user),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(registry_set_properties(l.reg, bl, props, &rootc), REG_IO_SUCCESS);
	snprintf(path, sizeof(path), "%s%s/brightness", root, FX_BACKLIGHT);
	FILE *f = fopen(path, "r");
	char buf[32] = "";
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_str_eq(buf, "700");
	registry_rdlock(l.reg);
	assert_number(registry_entry_by_id(l.reg, bl), "IOLinuxBrightness", 700, 32);
	registry_unlock(l.reg);

	/* beyond max_brightness, and a key that is not settable: nothing written */
	reg_dict_set(props, "IOLinuxBrightness", reg_value_new_number(props, 5000, 32));
	ck_assert_int_eq(registry_set_properties(l.reg, bl, props, &rootc),
			 REG_IO_BAD_ARGUMENT);
	reg_dict_set(props, "IOLinuxBrightness", reg_value_new_number(props, 10, 32));
	reg_dict_set(props, "IOLinuxMaxBrightness", reg_value_new_number(props, 10, 32));
	ck_assert_int_eq(registry_set_properties(l.reg, bl, props, &rootc),
			 REG_IO_NOT_PERMITTED);
	registry_rdlock(l.reg);
	assert_number(registry_entry_by_id(l.reg, bl), "IOLinuxBrightness", 700, 32);
	registry_unlock(l.reg);
	talloc_free(props);

	props = reg_value_new_dict(test_ctx);
	reg_dict_set(props, "Size", reg_value_new_number(props, 1, 64));
	ck_assert_int_eq(registry_set_properties(l.reg, sda, props, &rootc),
			 REG_IO_NOT_PERMITTED);
	talloc_free(props);
	props = reg_value_new_dict(test_ctx);
	reg_dict_set(props, "IOLinuxPowerControl", reg_value_new_string(props, "sometimes"));
	ck_assert_int_eq(registry_set_properties(l.reg, sda, props, &rootc),
			 REG_IO_BAD_ARGUMENT);
	reg_dict_set(props, "IOLinuxPowerControl", reg_value_new_string(props, "on"));
	ck_assert_int_eq(registry_set_properties(l.reg, sda, props, &rootc), REG_IO_SUCCESS);
	talloc_free(props);
	unload(&l);
	remove_tree(root);
	talloc_free(root);
}
END_TEST

/* ---- hostile trees ---- */

START_TEST(test_bad_roots)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct linux_source_options o = { .sysfs_root = "/nonexistent/sysfs" };

	ck_assert_ptr_null(linux_source_load(test_ctx, reg, &o, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "not a sysfs tree"));
	talloc_free(reg);

	/* a symlink loop, a deep tree, a binary uevent, an unreadable file */
	char *dir = talloc_asprintf(test_ctx, "%s/hostile.XXXXXX", scratch_root);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char cmd[4 * PATH_MAX];
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mkdir -p devices/a && printf 'X\\0\\377=\\n' > devices/a/uevent && "
		 "ln -s .. devices/a/loop && ln -s /etc devices/a/subsystem && "
		 "p=devices/a; for i in $(seq 1 100); do p=$p/d; mkdir $p; : > $p/uevent; done && "
		 "printf '\\377\\376' > devices/a/blob && mkfifo devices/a/fifo",
		 dir);
	run(cmd);
	struct loaded l = load(dir, false);
	registry_rdlock(l.reg);
	struct reg_entry *a = by_devpath(&l, "/devices/a");
	const struct reg_value *blob = attr_value(a, "blob");
	ck_assert(blob && blob->type == REG_DATA && blob->u.data.len == 2);
	ck_assert_ptr_null(attr_value(a, "fifo"));
	ck_assert_ptr_null(attr_value(a, "loop"));
	/* The walk stops at its depth limit instead of recursing forever. */
	ck_assert_uint_lt(registry_entry_count(l.reg), 80);
	registry_unlock(l.reg);
	unload(&l);
	remove_tree(dir);
	talloc_free(dir);
}
END_TEST

/* ---- this machine ---- */

static char *read_sys(void *ctx, const char *dir, const char *file)
{
	char path[PATH_MAX], buf[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return talloc_strdup(ctx, buf);
}

/* The devpath of a /sys/class/... or /sys/bus/... link. */
static char *devpath_of(void *ctx, const char *link)
{
	char real[PATH_MAX];

	ck_assert_ptr_nonnull(realpath(link, real));
	ck_assert(strncmp(real, "/sys/devices/", 13) == 0);
	return talloc_strdup(ctx, real + 4);
}

typedef void (*check_fn)(struct loaded *l, const char *dir, const char *name,
			 struct reg_entry *e);

static int each_device(struct loaded *l, const char *listing, check_fn fn)
{
	DIR *d = opendir(listing);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char link[PATH_MAX];

		snprintf(link, sizeof(link), "%s/%s", listing, de->d_name);
		char *devpath = devpath_of(test_ctx, link);
		char *dir = talloc_asprintf(test_ctx, "/sys%s", devpath);

		registry_rdlock(l->reg);
		fn(l, dir, de->d_name, by_devpath(l, devpath));
		registry_unlock(l->reg);
		talloc_free(devpath);
		talloc_free(dir);
		n++;
	}
	closedir(d);
	return n;
}

static void check_pci(struct loaded *l, const char *dir, const char *name,
		      struct reg_entry *e)
{
	(void)l;
	(void)name;
	assert_class(e, "IOPCIDevice");
	static const char *const files[][2] = {
		{ "vendor", "vendor-id" }, { "device", "device-id" },
		{ "class", "class-code" }, { "revision", "revision-id" },
		{ "subsystem_vendor", "subsystem-vendor-id" },
		{ "subsystem_device", "subsystem-id" },
	};
	for (size_t i = 0; i < 6; i++) {
		char *text = read_sys(test_ctx, dir, files[i][0]);
		unsigned long v = strtoul(text, NULL, 16);
		uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

		assert_data(e, files[i][1], le, 4);
		talloc_free(text);
	}
}

static void check_block(struct loaded *l, const char *dir, const char *name,
			struct reg_entry *e)
{
	char *size = read_sys(test_ctx, dir, "size");
	char *ro = read_sys(test_ctx, dir, "ro");

	assert_class(e, "IOMedia");
	assert_string(e, "BSD Name", name);
	assert_number(e, "Size", strtoll(size, NULL, 10) * 512, 64);
	assert_bool(e, "Writable", strcmp(ro, "0") == 0);
	assert_bool(e, "Whole", true);
	ck_assert_ptr_eq(bsd_name_match(l->reg, name), e);
	talloc_free(size);
	talloc_free(ro);
}

static void check_net(struct loaded *l, const char *dir, const char *name,
		      struct reg_entry *e)
{
	char *type = read_sys(test_ctx, dir, "type");
	char *mtu = read_sys(test_ctx, dir, "mtu");
	char *addr = read_sys(test_ctx, dir, "address");
	uint8_t mac[32];
	size_t n = 0;

	assert_class(e, strcmp(type, "1") == 0 ? "IOEthernetInterface" : "IONetworkInterface");
	assert_string(e, "BSD Name", name);
	assert_number(e, "IOMaxTransferUnit", strtoll(mtu, NULL, 10), 32);
	for (char *p = addr; *p && n < sizeof(mac);) {
		char *end;

		mac[n++] = (uint8_t)strtoul(p, &end, 16);
		p = *end == ':' ? end + 1 : end;
	}
	assert_data(e, "IOMACAddress", mac, n);
	ck_assert_ptr_eq(bsd_name_match(l->reg, name), e);
	talloc_free(type);
	talloc_free(mtu);
	talloc_free(addr);
}

START_TEST(test_real_sys)
{
	struct stat st;

	if (stat("/sys/devices", &st) != 0) {
		printf("SKIP: /sys absent\n");
		return;
	}
	struct loaded l = load("/sys", false);
	int npci = each_device(&l, "/sys/bus/pci/devices", check_pci);
	int nblock = each_device(&l, "/sys/block", check_block);
	int nnet = each_device(&l, "/sys/class/net", check_net);

	printf("real /sys: %d PCI, %d block, %d net devices checked, %zu entries\n", npci,
	       nblock, nnet, registry_entry_count(l.reg));
	ck_assert_int_gt(nnet, 0);
	registry_rdlock(l.reg);
	struct reg_entry *pe = platform(l.reg, registry_plane_index(l.reg, "IOService"));
	assert_class(pe, "IOPlatformExpertDevice");
	ck_assert_ptr_nonnull(reg_entry_property(pe, "IOPlatformUUID"));
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

/* The PCI user client: config space reads and writes through "config",
 * BAR N mapped from "resourceN", root only. */
START_TEST(test_pci_user_client)
{
	char *root = copy_fixture(test_ctx);
	char path[PATH_MAX];
	struct loaded l;
	struct reg_connection *conn = NULL;
	struct reg_caller root_caller = { .uid = 0, .gid = 0, .pid = getpid() };
	struct reg_caller user = { .uid = 65534, .gid = 65534, .pid = getpid() };
	uint64_t in[3], out[1];
	uint32_t nout = 1;
	struct reg_uc_map_result map;
	uint64_t id;
	FILE *f;

	/* A 4 KiB BAR 0 with a known first word. */
	snprintf(path, sizeof(path), "%s" FX_PCI "/0000:00:19.0/resource0", root);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 4096; i++)
		fputc(i == 0 ? 0x5a : 0, f);
	fclose(f);
	l = load(root, false);
	id = linux_source_entry_id(l.src, FX_PCI "/0000:00:19.0");
	ck_assert_uint_ne(id, 0);

	ck_assert_int_eq(reg_service_open(test_ctx, l.reg, id, 0, &user, &conn),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_service_open(test_ctx, l.reg, id, 1, &root_caller, &conn),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_service_open(test_ctx, l.reg, id, 0, &root_caller, &conn),
			 REG_IO_SUCCESS);
	/* vendor 0x8086 is the first word of the fixture's config */
	in[0] = 0; in[1] = 2;
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &nout,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(out[0], 0x8086);
	in[0] = 4; in[1] = 4;	/* past the 6-byte fixture config */
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &nout,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	in[0] = 0; in[1] = 3;	/* no 3-byte registers */
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &nout,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	in[0] = 4; in[1] = 2; in[2] = 0x0406;
	ck_assert_int_eq(reg_connection_call_method(conn, 1, in, 3, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	in[0] = 4; in[1] = 1;
	nout = 1;
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &nout,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(out[0], 0x06);

	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 0, REG_MAP_ANYWHERE, &map),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(map.fd, -1);
	ck_assert_ptr_nonnull(map.path);
	ck_assert_str_eq(map.path, path);
	ck_assert_uint_eq(map.size, 4096);
	ck_assert_uint_eq(map.options & REG_MAP_CACHE_MASK, REG_MAP_INHIBIT_CACHE);
	talloc_free(map.path);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 1, REG_MAP_ANYWHERE, &map),
			 REG_IO_BAD_ARGUMENT);	/* no resource1 */
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 9, REG_MAP_ANYWHERE, &map),
			 REG_IO_BAD_ARGUMENT);
	reg_connection_close(conn);
	talloc_free(conn);
	unload(&l);
	remove_tree(root);
	talloc_free(root);
}
END_TEST


/* ---- what every Mac registry holds (issue 13) ---- */

static struct reg_entry *resources(struct loaded *l)
{
	struct reg_class *c = registry_class_get(l->reg, "IOResources");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ninstances, 1);
	return c->instances[0];
}

START_TEST(test_resources_root_keys)
{
	struct loaded l = load(fixture_dir, false);
	struct utsname u;
	struct reg_entry **found = NULL;
	size_t n = 0;

	ck_assert_int_eq(uname(&u), 0);
	registry_rdlock(l.reg);
	struct reg_entry *root = registry_root(l.reg);
	int svc = registry_plane_index(l.reg, "IOService");
	struct reg_entry *pe = platform(l.reg, svc), *res = resources(&l);
	const struct reg_value *v = prop(root, "IOKitBuildVersion");

	ck_assert(reg_value_is_string(v));
	ck_assert_msg(strncmp(v->u.string.chars, "Linux Kernel Version ", 21) == 0 &&
			      strstr(v->u.string.chars, u.release),
		      "IOKitBuildVersion %s", v->u.string.chars);
	if (strcmp(u.machine, "x86_64") == 0) {
		assert_number(root, "OSKernelCPUType", 16777223, 32);
		assert_number(root, "OSKernelCPUSubtype", 3, 32);
	} else if (strcmp(u.machine, "aarch64") == 0) {
		assert_number(root, "OSKernelCPUType", 0x0100000c, 32);
	}
	v = reg_dict_get(prop(root, "IOKitDiagnostics"), "Classes");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(reg_dict_get(v, "IOResources")->u.number.value, 1);
	ck_assert_int_eq(reg_dict_get(v, "AppleSmartBattery")->u.number.value, 1);
	ck_assert_ptr_nonnull(reg_dict_get(prop(root, "IOLinuxPlatformSources"),
					   "IOKitBuildVersion"));
	/* IOResources: a child of the platform entry, as on macOS. */
	assert_class(res, "IOResources");
	ck_assert_ptr_eq(reg_entry_parent(res, svc, 0), pe);
	assert_string(res, "IOKit", "IOService");
	assert_string(res, "IOPlatformUUID", "4C4C4544-0031-3510-8052-B4C04F4E4A31");
	assert_string(res, "SMBIOS", "IOService");
	v = prop(res, "IOResourceMatched");
	ck_assert_uint_eq(v->u.array.count, 3);
	ck_assert_str_eq(reg_dict_get(prop(res, "IOLinuxPlatformSources"),
				      "IOPlatformUUID")->u.string.chars, "DMI product_uuid");
	/* Matching on it, as tools test that IOKit is up. */
	struct reg_value *m = reg_value_new_dict(test_ctx);

	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOResources"));
	reg_dict_set(m, "IOResourceMatch", reg_value_new_string(m, "IOKit"));
	ck_assert_int_eq(registry_match(test_ctx, l.reg, m, false, &found, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_eq(found[0], res);
	talloc_free(found);
	talloc_free(m);
	/* No session source for a fixture root: no IOConsoleUsers. */
	ck_assert_ptr_null(reg_entry_property(root, "IOConsoleUsers"));
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

static const char *uuid_of(struct loaded *l, const char **from)
{
	struct reg_entry *pe = platform(l->reg, registry_plane_index(l->reg, "IOService"));
	const struct reg_value *src = reg_dict_get(prop(pe, "IOLinuxPlatformSources"),
						   "IOPlatformUUID");

	*from = src ? src->u.string.chars : "";
	return prop(pe, "IOPlatformUUID")->u.string.chars;
}

static struct loaded load_opts(const struct linux_source_options *o)
{
	struct reg_parse_error err = { 0 };
	struct loaded l;

	l.reg = registry_new(test_ctx);
	l.src = linux_source_load(test_ctx, l.reg, o, &err);
	ck_assert_msg(l.src != NULL, "load: %s", err.message);
	return l;
}

/* DMI, /etc/machine-id, /var/lib/dbus/machine-id, a kept UUID, one for
 * this load only. */
START_TEST(test_uuid_chain)
{
	char *state = talloc_asprintf(test_ctx, "%s/uuid-state", scratch_root);
	char *mid = talloc_asprintf(test_ctx, "%s/machine-id", fixture_bare);
	char *missing = talloc_asprintf(test_ctx, "%s/no-such-file", scratch_root);
	char first[64], path[PATH_MAX];
	const char *from;
	FILE *f;

	/* The dbus copy when /etc/machine-id is missing. */
	struct linux_source_options o = { .sysfs_root = fixture_bare, .machine_id_path = missing,
					  .dbus_machine_id_path = mid, .state_dir = state };
	struct loaded l = load_opts(&o);

	registry_rdlock(l.reg);
	ck_assert_str_eq(uuid_of(&l, &from), "01234567-89AB-CDEF-0123-456789ABCDEF");
	ck_assert_ptr_nonnull(strstr(from, mid));
	registry_unlock(l.reg);
	unload(&l);

	/* Neither (a container): generated once, kept, the same next time. */
	o.machine_id_path = o.dbus_machine_id_path = "";
	l = load_opts(&o);
	registry_rdlock(l.reg);
	snprintf(first, sizeof(first), "%s", uuid_of(&l, &from));
	ck_assert_msg(strstr(from, "kept in") != NULL, "from %s", from);
	ck_assert_uint_eq(strlen(first), 36);
	ck_assert_int_eq(first[14], '4');	/* a version 4 UUID */
	registry_unlock(l.reg);
	unload(&l);
	snprintf(path, sizeof(path), "%s/platform-uuid", state);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[64] = "";

	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	ck_assert_int_eq(strncmp(line, first, 36), 0);
	l = load_opts(&o);
	registry_rdlock(l.reg);
	ck_assert_str_eq(uuid_of(&l, &from), first);
	/* IOResources publishes the same. */
	assert_string(resources(&l), "IOPlatformUUID", first);
	registry_unlock(l.reg);
	unload(&l);

	/* A state directory that cannot be made: one UUID for this load. */
	o.state_dir = "/proc/iokitfs-cannot-exist";
	l = load_opts(&o);
	registry_rdlock(l.reg);
	ck_assert_uint_eq(strlen(uuid_of(&l, &from)), 36);
	ck_assert_msg(strstr(from, "this load only") != NULL, "from %s", from);
	registry_unlock(l.reg);
	unload(&l);
	talloc_free(state);
	talloc_free(mid);
	talloc_free(missing);
}
END_TEST

static void *file_bytes(void *ctx, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = talloc_array(ctx, char, 65536);

	ck_assert_ptr_nonnull(f);
	*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

START_TEST(test_smbios)
{
	struct loaded l = load(fixture_dir, false);
	char path[PATH_MAX + 64];
	size_t len;
	void *bytes;

	registry_rdlock(l.reg);
	struct reg_class *c = registry_class_get(l.reg, "AppleSMBIOS");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ninstances, 1);
	struct reg_entry *e = c->instances[0];

	snprintf(path, sizeof(path), "%s/firmware/dmi/tables/DMI", fixture_dir);
	bytes = file_bytes(test_ctx, path, &len);
	assert_data(e, "SMBIOS", bytes, len);
	talloc_free(bytes);
	snprintf(path, sizeof(path), "%s/firmware/dmi/tables/smbios_entry_point", fixture_dir);
	bytes = file_bytes(test_ctx, path, &len);
	ck_assert_uint_eq(len, 24);
	assert_data(e, "SMBIOS-EPS", bytes, len);
	talloc_free(bytes);
	ck_assert_ptr_nonnull(reg_dict_get(prop(e, "IOLinuxPlatformSources"), "SMBIOS"));
	registry_unlock(l.reg);
	unload(&l);

	/* No tables: no AppleSMBIOS, and IOResources does not claim one. */
	l = load(fixture_nodmi, false);
	registry_rdlock(l.reg);
	c = registry_class_get(l.reg, "AppleSMBIOS");
	ck_assert(!c || c->ninstances == 0);
	ck_assert_ptr_null(reg_entry_property(resources(&l), "SMBIOS"));
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

static void wait_events(struct linux_source *src, unsigned long n);

/* logind's session files, and a login seen through inotify. */
START_TEST(test_console_users)
{
	char *sessions = talloc_asprintf(test_ctx, "%s/sessions.XXXXXX", scratch_root);

	ck_assert_ptr_nonnull(mkdtemp(sessions));
	write_file(sessions, "/3", "UID=0\nUSER=root\nACTIVE=1\nSTATE=active\nSEAT=seat0\n"
				  "TTY=tty1\n");
	write_file(sessions, "/7", "UID=0\nUSER=root\nACTIVE=0\nSTATE=closing\n");
	struct linux_source_options o = { .sysfs_root = fixture_bare, .hotplug = true,
					  .sessions_dir = sessions, .machine_id_path = "" };
	struct loaded l = load_opts(&o);

	registry_rdlock(l.reg);
	const struct reg_value *users = prop(registry_root(l.reg), "IOConsoleUsers");

	ck_assert_int_eq(users->type, REG_ARRAY);
	ck_assert_uint_eq(users->u.array.count, 1);	/* the closing one has left */
	const struct reg_value *u = users->u.array.items[0];

	ck_assert_str_eq(reg_dict_get(u, "kCGSSessionUserNameKey")->u.string.chars, "root");
	ck_assert_int_eq(reg_dict_get(u, "kCGSSessionUserIDKey")->u.number.value, 0);
	ck_assert_int_eq(reg_dict_get(u, "kCGSSessionIDKey")->u.number.value, 3);
	ck_assert(reg_dict_get(u, "kCGSSessionOnConsoleKey")->u.boolean);
	ck_assert(reg_dict_get(u, "kCGSessionLoginDoneKey")->u.boolean);
	ck_assert_str_eq(reg_dict_get(u, "IOLinuxSessionTTY")->u.string.chars, "tty1");
	struct reg_entry *res = resources(&l);

	ck_assert(reg_value_identical(prop(res, "IOConsoleUsers"), users));
	assert_data(res, "IOConsoleUsersSeed", "\1\0\0\0", 4);
	registry_unlock(l.reg);

	/* A second login (an ssh session: no seat) arrives while running. */
	ck_assert_int_eq(linux_source_start(l.src), 0);
	unsigned long before = linux_source_events_handled(l.src);

	write_file(sessions, "/9", "UID=0\nUSER=root\nACTIVE=1\nSTATE=online\n");
	wait_events(l.src, before + 1);
	for (int i = 0; i < 500; i++) {
		registry_rdlock(l.reg);
		size_t n = prop(registry_root(l.reg), "IOConsoleUsers")->u.array.count;
		registry_unlock(l.reg);
		if (n == 2)
			break;
		usleep(10000);
	}
	registry_rdlock(l.reg);
	users = prop(registry_root(l.reg), "IOConsoleUsers");
	ck_assert_uint_eq(users->u.array.count, 2);
	ck_assert(!reg_dict_get(users->u.array.items[1], "kCGSSessionOnConsoleKey")->u.boolean);
	ck_assert_int_eq(prop(resources(&l), "IOConsoleUsersSeed")->u.data.bytes[0], 2);
	registry_unlock(l.reg);
	unload(&l);
	remove_tree(sessions);
	talloc_free(sessions);
}
END_TEST

START_TEST(test_cpu_and_network_shapes)
{
	struct loaded l = load(fixture_dir, false);
	static const uint8_t mac[] = { 0x3c, 0x97, 0x0e, 0x12, 0x34, 0x56 };

	registry_rdlock(l.reg);
	int svc = registry_plane_index(l.reg, "IOService");
	struct reg_entry *cpu = by_devpath(&l, "/devices/system/cpu/cpu1");

	assert_number(cpu, "processor-number", 1, 32);
	assert_number(cpu, "logical-cpu-id", 1, 32);
	assert_string(cpu, "IOCPUState", "Running");
	/* The interface's parent is its IOEthernetController, with the MAC
	 * (Apple's GetPrimaryMACAddress reads it there). */
	struct reg_entry *eth = by_devpath(&l, FX_PCI "/0000:00:19.0/net/eth0");
	struct reg_entry *ctl = reg_entry_parent(eth, svc, 0);

	assert_class(ctl, "IOEthernetController");
	ck_assert_str_eq(ctl->name, "e1000e");
	assert_data(ctl, "IOMACAddress", mac, 6);
	ck_assert_ptr_eq(reg_entry_parent(ctl, svc, 0), by_devpath(&l, FX_PCI "/0000:00:19.0"));
	ck_assert(prop(eth, "IOPrimaryInterface")->u.boolean);
	ck_assert_ptr_null(reg_entry_property(by_devpath(&l, "/devices/virtual/net/lo"),
					      "IOPrimaryInterface"));
	/* The battery and the adapter in macOS's units. */
	struct reg_entry *bat = by_devpath(&l, FX_BAT);

	assert_number(bat, "Amperage", -1400, 32);
	assert_number(bat, "InstantAmperage", -1500, 32);
	assert_number(bat, "AvgTimeToEmpty", 160, 32);
	assert_number(bat, "ManufactureDate", (2018 - 1980) << 9 | 7 << 5 | 19, 32);
	assert_number(by_devpath(&l, "/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0003:00/"
				 "power_supply/AC"), "IOLinuxCurrentMax", 3250, 32);
	registry_unlock(l.reg);
	unload(&l);

	/* Apple Silicon: the device tree's CPU nodes get logical-cpu-id. */
	l = load(fixture_arm, false);
	registry_rdlock(l.reg);
	int dt = registry_plane_index(l.reg, "IODeviceTree");
	struct reg_entry *node = registry_lookup_path_in_plane(l.reg, "/cpus/cpu@1", dt);

	ck_assert_ptr_nonnull(node);
	assert_data(node, "logical-cpu-id", "\1\0\0\0", 4);
	assert_data(node, "compatible", "apple,firestorm\0arm,armv8", 26);
	assert_number(by_devpath(&l, "/devices/system/cpu/cpu1"), "logical-cluster-id", 1, 32);
	assert_data(platform(l.reg, registry_plane_index(l.reg, "IOService")), "compatible",
		    "apple,j313\0apple,t8103\0apple,arm-platform", 42);
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

/* A stand-in for applesmc's key_at_index cursor. */
struct fake_smc {
	uint32_t cursor;
	unsigned selects;
	struct {
		const char *name, *type;
		uint8_t len, data[4];
	} keys[3];
	uint32_t count;
};

static int fake_select(void *data, uint32_t index)
{
	struct fake_smc *f = data;

	if (index >= f->count)
		return -EINVAL;
	f->cursor = index;
	f->selects++;
	return 0;
}

static ssize_t fake_read(void *data, const char *attr, void *buf, size_t cap)
{
	struct fake_smc *f = data;
	char text[32];
	size_t n;

	if (strcmp(attr, "key_count") == 0)
		n = (size_t)snprintf(text, sizeof(text), "%u\n", f->count);
	else if (strcmp(attr, "key_at_index_name") == 0)
		n = (size_t)snprintf(text, sizeof(text), "%s\n", f->keys[f->cursor].name);
	else if (strcmp(attr, "key_at_index_type") == 0)
		n = (size_t)snprintf(text, sizeof(text), "%s\n", f->keys[f->cursor].type);
	else if (strcmp(attr, "key_at_index_data_length") == 0)
		n = (size_t)snprintf(text, sizeof(text), "%u\n", f->keys[f->cursor].len);
	else if (strcmp(attr, "key_at_index_data") == 0) {
		n = f->keys[f->cursor].len;
		memcpy(text, f->keys[f->cursor].data, n);
	} else
		return -ENOENT;
	if (n > cap)
		n = cap;
	memcpy(buf, text, n);
	return (ssize_t)n;
}

START_TEST(test_smc_sysfs)
{
	struct fake_smc f = {
		.count = 3,
		.keys = { { "#KEY", "ui32", 4, { 0, 0, 0, 3 } },
			  { "F0Ac", "fpe2", 2, { 0x1f, 0x40 } },
			  { "TC0P", "sp78", 2, { 0x2d, 0x80 } } },
	};
	struct lx_smc_io io = { fake_select, fake_read, &f };
	const char *why = NULL;
	struct smc_key_table *t = lx_smc_load_table(test_ctx, &io, &why);

	ck_assert_msg(t != NULL, "%s", why);
	ck_assert_uint_eq(t->count, 3);
	struct smc_key *k = smc_keys_find(t, smc_fourcc("F0Ac"));

	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->type, smc_fourcc("fpe2"));
	ck_assert_uint_eq(k->size, 2);
	ck_assert_uint_eq(k->attributes, SMC_ATTR_READ);	/* no generic write */
	/* A read selects the key again and takes fresh bytes: fans move. */
	f.keys[1].data[0] = 0x20;
	ck_assert_int_eq(t->refresh(t->refresh_data, (size_t)(k - t->keys), k), 0);
	ck_assert_uint_eq(k->data[0], 0x20);
	talloc_free(t);
	/* A table listing a key twice is refused. */
	f.keys[2].name = "F0Ac";
	ck_assert_ptr_null(lx_smc_load_table(test_ctx, &io, &why));
	ck_assert_ptr_nonnull(strstr(why, "twice"));

	/* The Intel Mac fixture: AppleSMC with the driver on the sysfs keys. */
	struct loaded l = load(fixture_mac, false);

	registry_rdlock(l.reg);
	struct reg_class *c = registry_class_get(l.reg, "AppleSMC");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ninstances, 1);
	struct reg_entry *smc = c->instances[0];

	ck_assert_str_eq(smc->name, "AppleSMC");
	assert_string(smc, "IOUserClientClass", "AppleSMCClient");
	t = apple_smc_table(smc);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->count, 2);	/* TC0P and #KEY */
	k = smc_keys_find(t, smc_fourcc("TC0P"));
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->data[0], 0x2d);
	ck_assert_uint_eq(k->data[1], 0x80);
	ck_assert_str_eq(platform(l.reg, registry_plane_index(l.reg, "IOService"))->name,
			 "MacBookPro11,1");
	registry_unlock(l.reg);
	unload(&l);
}
END_TEST

/* Ownership pinned: one device rescanned and changed thousands of times
 * leaves the registry's talloc block count where it was. */
START_TEST(test_rescan_soak)
{
	char *root = copy_fixture(test_ctx);
	char *dir = talloc_asprintf(test_ctx, "%s%s", root, FX_BAT);
	struct loaded l = load(root, false);
	size_t steady = 0;

	for (int i = 0; i < 3000; i++) {
		char value[32];

		snprintf(value, sizeof(value), "%d\n", 4000000 - (i % 2) * 1000);
		write_file(dir, "/charge_now", value);
		ck_assert_int_eq(linux_source_rescan(l.src, FX_BAT), 0);
		ck_assert_int_eq(linux_source_rescan(l.src, FX_PCI "/0000:00:19.0/net/eth0"), 0);
		if (i == 1)
			steady = talloc_total_blocks(l.reg);
	}
	ck_assert_uint_eq(talloc_total_blocks(l.reg), steady);
	registry_rdlock(l.reg);
	assert_number(by_devpath(&l, FX_BAT), "CurrentCapacity", 3999, 32);
	registry_unlock(l.reg);
	unload(&l);
	remove_tree(root);
	talloc_free(dir);
	talloc_free(root);
}
END_TEST

/* ---- the loader against a plain reader ---- */

/* The reading rules, done the plain way (a stat per name, full paths,
 * files read whole with stdio), as the source did before it read
 * directories through one listing with d_type: the fast path must give
 * the same attributes, uevent keys, skipped files and links, in the same
 * order. */
static const char *const plain_denied[] = {
	"bind", "config", "delete", "eeprom", "new_id", "nvmem", "remove",
	"remove_id", "rescan", "reset", "rom", "scan", "unbind", "vpd",
};

static bool plain_is_denied(const char *name)
{
	if (strncmp(name, "resource", 8) == 0)
		return true;
	for (size_t i = 0; i < sizeof(plain_denied) / sizeof(plain_denied[0]); i++)
		if (strcmp(name, plain_denied[i]) == 0)
			return true;
	return false;
}

static int plain_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static struct reg_value *plain_value(void *ctx, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = talloc_size(ctx, 65537);
	size_t n = f ? fread(buf, 1, 65537, f) : 0;
	struct reg_value *v;
	bool text = true;

	ck_assert_ptr_nonnull(f);
	fclose(f);
	if (n > 65536) {
		talloc_free(buf);
		return NULL;	/* too large: skipped */
	}
	for (size_t i = 0; i < n && text; i++) {
		unsigned char c = (unsigned char)buf[i];
		size_t seq;

		if (c == 0)
			text = false;
		else if (c >= 0x80 && (seq = reg_utf8_lax_seq((unsigned char *)buf, n, i)))
			i += seq - 1;
		else if (c >= 0x80)
			text = false;
	}
	if (text && n > 0 && buf[n - 1] == '\n')
		n--;
	v = text ? reg_value_new_string_len(ctx, buf, n) : reg_value_new_data(ctx, buf, n);
	talloc_free(buf);
	return v;
}

static void plain_read_dir(const char *dir, struct reg_value *dict, struct reg_value *uevent,
			   struct reg_value *skipped, const char *prefix, unsigned depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, plain_cmp);

	ck_assert_int_ge(n, 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *path = talloc_asprintf(dict, "%s/%s", dir, name);
		char *key = talloc_asprintf(dict, "%s%s", prefix, name);
		struct stat st, ust;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    lstat(path, &st) != 0 || S_ISLNK(st.st_mode)) {
			/* links: facts, compared below */
		} else if (S_ISDIR(st.st_mode)) {
			char *ue = talloc_asprintf(path, "%s/uevent", path);

			if (lstat(ue, &ust) != 0 && depth + 1 <= 2) {
				struct reg_value *group = reg_value_new_dict(dict);
				char *pfx = talloc_asprintf(path, "%s/", key);

				plain_read_dir(path, group, uevent, skipped, pfx, depth + 1);
				if (group->u.dict.count)
					reg_dict_set(dict, name, group);
				else
					talloc_free(group);
			}
		} else if (!S_ISREG(st.st_mode)) {
			/* neither */
		} else if (depth == 0 && strcmp(name, "uevent") == 0) {
			FILE *f = fopen(path, "r");
			char line[4096];

			ck_assert_ptr_nonnull(f);
			while (fgets(line, sizeof(line), f)) {
				char *eq = strchr(line, '=');

				line[strcspn(line, "\n")] = '\0';
				if (!eq || eq == line)
					continue;
				*eq = '\0';
				reg_dict_set(uevent, line, reg_value_new_string(uevent, eq + 1));
			}
			fclose(f);
		} else if (plain_is_denied(name)) {
			reg_dict_set(skipped, key, reg_value_new_string(skipped,
				     "never read (side effects or binary)"));
		} else if (!(st.st_mode & 0444)) {
			reg_dict_set(skipped, key, reg_value_new_string(skipped, "write-only"));
		} else {
			struct reg_value *v = plain_value(dict, path);

			if (v)
				reg_dict_set(dict, name, v);
			else
				reg_dict_set(skipped, key, reg_value_new_string(skipped,
					     "larger than 65536 bytes"));
		}
		talloc_free(path);
		talloc_free(key);
		free(names[i]);
	}
	free(names);
}

static char *plain_link(void *ctx, const char *dir, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	return talloc_strdup(ctx, strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
}

static void assert_same_value(const struct reg_entry *e, const char *key,
			      const struct reg_value *want, const char *devpath)
{
	const struct reg_value *got = reg_entry_property(e, key);

	if (!want || (want->type == REG_DICT && !want->u.dict.count && strcmp(key, "IOLinuxSkippedAttributes") == 0)) {
		ck_assert_msg(!got, "%s: %s present", devpath, key);
		return;
	}
	if (want->type == REG_STRING && got && got->type == REG_STRING)
		ck_assert_msg(strcmp(got->u.string.chars, want->u.string.chars) == 0,
			      "%s: %s is \"%s\", read plainly \"%s\"", devpath, key,
			      got->u.string.chars, want->u.string.chars);
	ck_assert_msg(got && reg_value_identical(got, want), "%s: %s differs from a plain read",
		      devpath, key);
}

struct plain_walk {
	const char *root;
	int devices;
};

static bool plain_check_entry(void *data, struct reg_entry *e)
{
	struct plain_walk *w = data;
	const struct reg_value *path = reg_entry_property(e, "IOLinuxSysfsPath");

	if (!path || path->type != REG_STRING || !reg_entry_property(e, "IOLinuxUEvent"))
		return true;	/* glue directories and controllers: no attributes */
	const char *devpath = path->u.string.chars;
	void *tmp = talloc_new(NULL);
	char *dir = talloc_asprintf(tmp, "%s%s", w->root, devpath);
	struct reg_value *attrs = reg_value_new_dict(tmp);
	struct reg_value *uevent = reg_value_new_dict(tmp);
	struct reg_value *skipped = reg_value_new_dict(tmp);
	char *subsystem = plain_link(tmp, dir, "subsystem");
	char *driver = plain_link(tmp, dir, "driver");

	plain_read_dir(dir, attrs, uevent, skipped, "", 0);
	assert_same_value(e, "IOLinuxAttributes", attrs, devpath);
	assert_same_value(e, "IOLinuxUEvent", uevent, devpath);
	assert_same_value(e, "IOLinuxSkippedAttributes", skipped, devpath);
	assert_same_value(e, "IOLinuxSubsystem",
			  subsystem ? reg_value_new_string(tmp, subsystem) : NULL, devpath);
	assert_same_value(e, "IOLinuxDriver",
			  driver ? reg_value_new_string(tmp, driver) : NULL, devpath);
	w->devices++;
	talloc_free(tmp);
	return true;
}

struct devpath_list {
	char **paths;
	size_t n;
};

static bool collect_devpath(void *data, struct reg_entry *e)
{
	struct devpath_list *dl = data;
	const struct reg_value *p = reg_entry_property(e, "IOLinuxSysfsPath");

	if (p && p->type == REG_STRING && reg_entry_property(e, "IOLinuxUEvent"))
		dl->paths[dl->n++] = talloc_strdup(dl->paths, p->u.string.chars);
	return true;
}

/* Every device of every fixture, as loaded, against a plain reading of its
 * directory; then every device rescanned alone (its directory read with no
 * walk around it) changes nothing. */
START_TEST(test_fast_reader_matches_plain_reader)
{
	/* And a wide tree: more subdirectories than the reader keeps open
	 * at once (256), each device with an attribute group, one of them
	 * with a child device below a group-like directory. */
	char *wide = copy_fixture(test_ctx);
	/* The same tree on tmpfs, where the reader trusts a short listing or
	 * uevent read to be the end (lx_short_is_end), and on the scratch
	 * directory's file system, where it does not when that is not tmpfs:
	 * both paths are compared with the plain reader. */
	char *shm = NULL;

	if (access("/dev/shm", W_OK) == 0) {
		shm = talloc_strdup(test_ctx, "/dev/shm/iokitfs-sysfs-test.XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(shm));
	}

	make_dir(wide, "/devices/platform/wide");
	for (int i = 0; i < 300; i++) {
		char dev[128], path[256], text[64];

		snprintf(dev, sizeof(dev), "/devices/platform/wide/w%d", i);
		make_dir(wide, dev);
		snprintf(path, sizeof(path), "%s/uevent", dev);
		snprintf(text, sizeof(text), "MODALIAS=platform:w%d\nDRIVER=w\n", i);
		write_file(wide, path, text);
		snprintf(path, sizeof(path), "%s/power", dev);
		make_dir(wide, path);
		snprintf(path, sizeof(path), "%s/power/control", dev);
		write_file(wide, path, i % 2 ? "auto\n" : "on\n");
		snprintf(path, sizeof(path), "%s/index", dev);
		snprintf(text, sizeof(text), "%d\n", i);
		write_file(wide, path, text);
	}
	make_dir(wide, "/devices/platform/wide/w7/sub");
	make_dir(wide, "/devices/platform/wide/w7/sub/leaf");
	write_file(wide, "/devices/platform/wide/w7/sub/leaf/uevent", "DEVTYPE=leaf\n");
	write_file(wide, "/devices/platform/wide/w7/sub/leaf/value", "42\n");

	if (shm) {
		char cmd[3 * PATH_MAX];

		snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s/'", wide, shm);
		run(cmd);
		ck_assert(lx_short_is_end(shm));
	}

	const char *roots[] = { fixture_dir, fixture_nodmi, fixture_bare, fixture_mac,
				fixture_arm, wide, shm };

	for (size_t r = 0; r < sizeof(roots) / sizeof(roots[0]) && roots[r]; r++) {
		struct loaded l = load(roots[r], false);
		struct plain_walk w = { .root = roots[r] };
		struct counter c = { 0 };

		registry_rdlock(l.reg);
		registry_foreach_entry(l.reg, plain_check_entry, &w);
		registry_unlock(l.reg);
		ck_assert_int_ge(w.devices, 20);

		/* The devpaths first: a rescan changes the table under foreach. */
		void *tmp = talloc_new(NULL);
		char **devpaths = talloc_array(tmp, char *, registry_entry_count(l.reg) + 1);
		size_t n = 0;

		struct devpath_list dl = { devpaths, 0 };

		registry_rdlock(l.reg);
		registry_foreach_entry(l.reg, collect_devpath, &dl);
		registry_unlock(l.reg);
		n = dl.n;
		ck_assert_uint_eq(n, (size_t)w.devices);
		registry_wrlock(l.reg);
		ck_assert_int_eq(registry_add_listener(l.reg, count_events, &c), 0);
		registry_unlock(l.reg);
		for (size_t i = 0; i < n; i++)
			ck_assert_int_eq(linux_source_rescan(l.src, devpaths[i]), 0);
		ck_assert_msg(c.added == 0 && c.removed == 0 && c.changed == 0,
			      "%s: rescanning every device changed %d, added %d, removed %d",
			      roots[r], c.changed, c.added, c.removed);
		talloc_free(tmp);
		unload(&l);
	}
	remove_tree(wide);
	talloc_free(wide);
	if (shm) {
		remove_tree(shm);
		talloc_free(shm);
	}
}
END_TEST

static Suite *linux_sysfs_suite(void)
{
	Suite *s = suite_create("linux_sysfs");
	TCase *tc = tcase_create("fixtures");

	LEAK_CHECKED(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_platform_dmi);
	tcase_add_test(tc, test_platform_fallbacks);
	tcase_add_test(tc, test_pci);
	tcase_add_test(tc, test_pci_user_client);
	tcase_add_test(tc, test_block);
	tcase_add_test(tc, test_net);
	tcase_add_test(tc, test_usb_hid);
	tcase_add_test(tc, test_power_thermal_cpu);
	tcase_add_test(tc, test_devicetree_acpi);
	tcase_add_test(tc, test_bad_roots);
	tcase_add_test(tc, test_resources_root_keys);
	tcase_add_test(tc, test_uuid_chain);
	tcase_add_test(tc, test_smbios);
	tcase_add_test(tc, test_cpu_and_network_shapes);
	tcase_add_test(tc, test_smc_sysfs);
	tcase_add_test(tc, test_fast_reader_matches_plain_reader);
	suite_add_tcase(s, tc);

	tc = tcase_create("hotplug");
	LEAK_CHECKED(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rescan_add_change_remove);
	tcase_add_test(tc, test_hotplug_thread);
	tcase_add_test(tc, test_driver_set_properties);
	tcase_add_test(tc, test_console_users);
	tcase_add_test(tc, test_rescan_soak);
	suite_add_tcase(s, tc);

	tc = tcase_create("real_sys");
	LEAK_CHECKED(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_real_sys);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char tmpl[] = "/tmp/iokitfs-sysfs-test.XXXXXX";
	int failed;

	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(scratch_root, sizeof(scratch_root), "%s", tmpl);
	make_fixture(fixture_dir, "full", "");
	make_fixture(fixture_nodmi, "nodmi", "--no-dmi");
	make_fixture(fixture_bare, "bare", "--no-dmi --no-dt");
	make_fixture(fixture_mac, "mac", "--mac --no-dt");
	make_fixture(fixture_arm, "arm", "--arm --no-dmi");
	failed = test_run_suite(linux_sysfs_suite());
	remove_tree(scratch_root);
	return failed;
}
