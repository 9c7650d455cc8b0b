/* Reads the raw SMBIOS table the way macOS tools do (dmidecode's macOS
 * port, system-info tools): IOServiceGetMatchingService(
 * IOServiceMatching("AppleSMBIOS")), then its "SMBIOS-EPS" (entry point)
 * and "SMBIOS" (structure table) data, and prints the version and each
 * structure's type, handle and first string; for types 0, 1 and 2 (BIOS,
 * system, baseboard) the strings the standard names.
 *
 *   cc -Ilib/include smbios.c -lIOKit   (IOKIT_ROOT=MNT ./a.out) */
#include <stdio.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

/* String number n (1-based) of the structure at s (formatted length len). */
static const char *smbios_string(const UInt8 *s, CFIndex len, const UInt8 *end, int n)
{
	const char *p = (const char *)s + len;

	if (n <= 0)
		return "";
	while (--n > 0 && (const UInt8 *)p < end) {
		p += strnlen(p, (size_t)(end - (const UInt8 *)p)) + 1;
		if ((const UInt8 *)p < end && !*p)
			return "";
	}
	return (const UInt8 *)p < end ? p : "";
}

int main(void)
{
	io_service_t smbios = IOServiceGetMatchingService(kIOMainPortDefault,
							  IOServiceMatching("AppleSMBIOS"));
	CFDataRef table, eps;
	const UInt8 *p, *end;

	if (!smbios) {
		fprintf(stderr, "no AppleSMBIOS service\n");
		return 1;
	}
	table = IORegistryEntryCreateCFProperty(smbios, CFSTR("SMBIOS"), kCFAllocatorDefault, 0);
	eps = IORegistryEntryCreateCFProperty(smbios, CFSTR("SMBIOS-EPS"), kCFAllocatorDefault, 0);
	IOObjectRelease(smbios);
	if (!table || !eps || CFGetTypeID(table) != CFDataGetTypeID() ||
	    CFGetTypeID(eps) != CFDataGetTypeID()) {
		fprintf(stderr, "AppleSMBIOS has no SMBIOS data\n");
		return 1;
	}
	p = CFDataGetBytePtr(eps);
	if (CFDataGetLength(eps) >= 24 && memcmp(p, "_SM3_", 5) == 0)
		printf("SMBIOS %u.%u (64-bit entry point)\n", p[7], p[8]);
	else if (CFDataGetLength(eps) >= 31 && memcmp(p, "_SM_", 4) == 0)
		printf("SMBIOS %u.%u\n", p[6], p[7]);
	else
		printf("SMBIOS entry point not recognised\n");
	p = CFDataGetBytePtr(table);
	end = p + CFDataGetLength(table);
	while (p + 4 <= end) {
		UInt8 type = p[0], len = p[1];
		unsigned handle = p[2] | (unsigned)p[3] << 8;
		const UInt8 *next;

		if (len < 4 || p + len > end)
			break;
		printf("type %u handle 0x%04X", type, handle);
		if (type == 0 && len >= 0x09)
			printf(" vendor \"%s\" version \"%s\"", smbios_string(p, len, end, p[4]),
			       smbios_string(p, len, end, p[5]));
		if (type == 1 && len >= 0x08)
			printf(" manufacturer \"%s\" product \"%s\" serial \"%s\"",
			       smbios_string(p, len, end, p[4]), smbios_string(p, len, end, p[5]),
			       smbios_string(p, len, end, p[7]));
		if (type == 2 && len >= 0x08)
			printf(" manufacturer \"%s\" product \"%s\"",
			       smbios_string(p, len, end, p[4]), smbios_string(p, len, end, p[5]));
		printf("\n");
		/* The string set ends with two NULs. */
		for (next = p + len; next + 1 < end && (next[0] || next[1]); next++)
			;
		p = next + 2;
		if (type == 127)
			break;
	}
	CFRelease(table);
	CFRelease(eps);
	return 0;
}
