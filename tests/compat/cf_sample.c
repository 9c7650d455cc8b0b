/* A CoreFoundation program written the way macOS code is written: it
 * includes <CoreFoundation/CoreFoundation.h> only and must build with
 * `cc -Ilib/include cf_sample.c` plus libIOKit.  It builds a property
 * table, prints it with CFShow, writes it as an XML plist, reads it back
 * and checks that the copy is equal.  Exit status 0 means it all held. */
#include <CoreFoundation/CoreFoundation.h>

static CFDictionaryRef make_properties(void)
{
	CFMutableDictionaryRef dict;
	CFMutableArrayRef compatible;
	CFNumberRef vendor;
	CFDataRef reg;
	SInt32 vendor_id = 0x8086;
	const UInt8 reg_bytes[] = { 0x00, 0x10, 0x02, 0x00 };

	dict = CFDictionaryCreateMutable(kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks,
					 &kCFTypeDictionaryValueCallBacks);
	compatible = CFArrayCreateMutable(kCFAllocatorDefault, 0, &kCFTypeArrayCallBacks);
	CFArrayAppendValue(compatible, CFSTR("pci8086,a12f"));
	CFArrayAppendValue(compatible, CFSTR("pciclass,0c0330"));

	vendor = CFNumberCreate(kCFAllocatorDefault, kCFNumberSInt32Type, &vendor_id);
	reg = CFDataCreate(kCFAllocatorDefault, reg_bytes, sizeof(reg_bytes));

	CFDictionarySetValue(dict, CFSTR("IOName"), CFSTR("XHC1"));
	CFDictionarySetValue(dict, CFSTR("vendor-id"), vendor);
	CFDictionarySetValue(dict, CFSTR("compatible"), compatible);
	CFDictionarySetValue(dict, CFSTR("reg"), reg);
	CFDictionarySetValue(dict, CFSTR("built-in"), kCFBooleanTrue);

	CFRelease(vendor);
	CFRelease(reg);
	CFRelease(compatible);
	return dict;
}

int main(void)
{
	CFDictionaryRef props = make_properties();
	CFStringRef summary;
	CFDataRef xml;
	CFErrorRef error = NULL;
	CFPropertyListFormat format = 0;
	CFPropertyListRef back;
	char name[64];
	int status = 0;

	CFShow(props);

	summary = CFStringCreateWithFormat(kCFAllocatorDefault, NULL,
					   CFSTR("%@ has %ld properties, vendor %@"),
					   CFDictionaryGetValue(props, CFSTR("IOName")),
					   (long)CFDictionaryGetCount(props),
					   CFDictionaryGetValue(props, CFSTR("vendor-id")));
	CFShow(summary);
	CFRelease(summary);

	xml = CFPropertyListCreateData(kCFAllocatorDefault, props, kCFPropertyListXMLFormat_v1_0, 0,
				       &error);
	if (xml == NULL) {
		CFShow(error);
		CFRelease(error);
		CFRelease(props);
		return 1;
	}
	fwrite(CFDataGetBytePtr(xml), 1, (size_t)CFDataGetLength(xml), stdout);

	back = CFPropertyListCreateWithData(kCFAllocatorDefault, xml,
					    kCFPropertyListImmutable, &format, &error);
	if (back == NULL) {
		CFShow(error);
		CFRelease(error);
		status = 1;
	} else {
		if (!CFEqual(back, props) || format != kCFPropertyListXMLFormat_v1_0)
			status = 1;
		if (!CFStringGetCString(CFDictionaryGetValue(back, CFSTR("IOName")), name,
					sizeof(name), kCFStringEncodingUTF8) ||
		    strcmp(name, "XHC1") != 0)
			status = 1;
		CFRelease(back);
	}
	printf("round trip: %s\n", status == 0 ? "equal" : "DIFFERENT");

	CFRelease(xml);
	CFRelease(props);
	return status;
}
