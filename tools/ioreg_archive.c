/* ioreg -a: the walk written as an XML property list instead of text.
 *
 * Each entry is a dictionary: its properties (with -l, or when it matches
 * -c/-k/-n), plus IORegistryEntryName, IORegistryEntryLocation (when it has
 * one), IORegistryEntryID, IOObjectClass, IOObjectInheritance (-i),
 * IOObjectRetainCount, for services IOServiceState, IOServiceBusyState and
 * IOServiceBusyTime, and IORegistryEntryChildren.  The top object is the
 * root's dictionary; with -r, the array of matching subtrees (with -t each
 * wrapped in its ancestors, one child each).  Property lists have no sets,
 * so sets become arrays. */
#include <stdlib.h>
#include <string.h>

#include "ioreg.h"
#include "ioreg_private.h"

static CFTypeRef copy_without_sets(CFTypeRef value);

static void add_converted_element(const void *value, void *context)
{
	CFMutableArrayRef array = context;
	CFTypeRef converted = copy_without_sets(value);

	CFArrayAppendValue(array, converted);
	CFRelease(converted);
}

static void add_converted_pair(const void *key, const void *value, void *context)
{
	CFMutableDictionaryRef dictionary = context;
	CFTypeRef converted = copy_without_sets(value);

	CFDictionarySetValue(dictionary, key, converted);
	CFRelease(converted);
}

/* value (+1) with every set inside it made an array; containers are
 * copied, leaves shared. */
static CFTypeRef copy_without_sets(CFTypeRef value)
{
	CFTypeID type = CFGetTypeID(value);
	CFMutableArrayRef array;
	CFMutableDictionaryRef dictionary;

	if (type == CFSetGetTypeID() || type == CFArrayGetTypeID()) {
		array = CFArrayCreateMutable(kCFAllocatorDefault, 0, &kCFTypeArrayCallBacks);
		if (!array)
			ioreg_fatal("can't create array for set replacement");
		if (type == CFSetGetTypeID())
			CFSetApplyFunction(value, add_converted_element, array);
		else
			CFArrayApplyFunction(value, CFRangeMake(0, CFArrayGetCount(value)),
					     add_converted_element, array);
		return array;
	}
	if (type == CFDictionaryGetTypeID()) {
		dictionary = CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
						       &kCFTypeDictionaryKeyCallBacks,
						       &kCFTypeDictionaryValueCallBacks);
		if (!dictionary)
			ioreg_fatal("can't create dictionary");
		CFDictionaryApplyFunction(value, add_converted_pair, dictionary);
		return dictionary;
	}
	return CFRetain(value);
}

static void set_string(CFMutableDictionaryRef dictionary, CFStringRef key, const char *s)
{
	CFStringRef value = CFStringCreateWithCString(kCFAllocatorDefault, s,
						      kCFStringEncodingUTF8);

	/* A name that is not UTF-8 (a dump's MacRoman bytes, kept as they
	 * are) reads as MacRoman rather than ending the listing. */
	if (!value)
		value = CFStringCreateWithCString(kCFAllocatorDefault, s,
						  kCFStringEncodingMacRoman);

	if (!value)
		ioreg_fatal("can't create string");
	CFDictionarySetValue(dictionary, key, value);
	CFRelease(value);
}

static void set_number(CFMutableDictionaryRef dictionary, CFStringRef key, CFNumberType type,
		       const void *n)
{
	CFNumberRef value = CFNumberCreate(kCFAllocatorDefault, type, n);

	if (!value)
		ioreg_fatal("can't create number");
	CFDictionarySetValue(dictionary, key, value);
	CFRelease(value);
}

/* The class chain, base first, OSObject left out. */
static void set_inheritance(CFMutableDictionaryRef dictionary, CFStringRef class_name)
{
	CFMutableArrayRef array = CFArrayCreateMutable(kCFAllocatorDefault, 0,
						       &kCFTypeArrayCallBacks);
	CFStringRef current = CFRetain(class_name);

	if (!array)
		ioreg_fatal("can't create array");
	do {
		CFStringRef super;

		CFArrayInsertValueAtIndex(array, 0, current);
		super = IOObjectCopySuperclassForClass(current);
		CFRelease(current);
		current = super;
	} while (current && !CFEqual(current, CFSTR("OSObject")));
	if (current)
		CFRelease(current);
	CFDictionarySetValue(dictionary, CFSTR("IOObjectInheritance"), array);
	CFRelease(array);
}

/* One entry's dictionary, without children (+1). */
static CFMutableDictionaryRef archive_entry(io_registry_entry_t service,
					    const struct ioreg_options *options)
{
	CFMutableDictionaryRef dictionary = NULL;
	io_name_t name, location, class_name;
	uint64_t id;
	uint32_t count;
	CFStringRef class_cf;

	if (options->list || ioreg_compare(service, options)) {
		CFMutableDictionaryRef properties = NULL;

		if (IORegistryEntryCreateCFProperties(service, &properties, kCFAllocatorDefault,
						      kNilOptions) != KERN_SUCCESS) {
			ioreg_error("can't obtain properties");
			properties = NULL;
		}
		if (properties) {
			dictionary = (CFMutableDictionaryRef)copy_without_sets(properties);
			CFRelease(properties);
		}
	}
	if (!dictionary) {
		dictionary = CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
						       &kCFTypeDictionaryKeyCallBacks,
						       &kCFTypeDictionaryValueCallBacks);
		if (!dictionary)
			ioreg_fatal("can't create dictionary");
	}

	if (IORegistryEntryGetNameInPlane(service, options->plane, name) != KERN_SUCCESS) {
		ioreg_error("can't obtain name");
		strcpy(name, "<name error>");
	}
	set_string(dictionary, CFSTR("IORegistryEntryName"), name);
	if (IORegistryEntryGetLocationInPlane(service, options->plane, location) == KERN_SUCCESS)
		set_string(dictionary, CFSTR("IORegistryEntryLocation"), location);

	if (IORegistryEntryGetRegistryEntryID(service, &id) != KERN_SUCCESS) {
		ioreg_error("can't obtain identifier");
		id = UINT64_MAX;
	}
	set_number(dictionary, CFSTR("IORegistryEntryID"), kCFNumberSInt64Type, &id);

	if (ioreg_get_class(service, class_name) != KERN_SUCCESS) {
		ioreg_error("can't obtain class");
		strcpy(class_name, "<class error>");
	}
	set_string(dictionary, CFSTR("IOObjectClass"), class_name);
	if (options->inheritance) {
		class_cf = CFStringCreateWithCString(kCFAllocatorDefault, class_name,
						     kCFStringEncodingUTF8);
		if (!class_cf)
			ioreg_fatal("can't create class");
		set_inheritance(dictionary, class_cf);
		CFRelease(class_cf);
	}

	count = IOObjectGetKernelRetainCount(service);
	set_number(dictionary, CFSTR("IOObjectRetainCount"), kCFNumberSInt32Type, &count);

	if (ioreg_conforms_to(service, "IOService")) {
		uint64_t state = 0, busy_time = 0;
		uint32_t busy = 0;

		if (ioreg_busy_state(service, &state, &busy, &busy_time) != KERN_SUCCESS) {
			ioreg_error("can't obtain state");
			state = busy_time = busy = 0;
		}
		set_number(dictionary, CFSTR("IOServiceState"), kCFNumberSInt64Type, &state);
		set_number(dictionary, CFSTR("IOServiceBusyState"), kCFNumberSInt32Type, &busy);
		set_number(dictionary, CFSTR("IOServiceBusyTime"), kCFNumberSInt64Type, &busy_time);
	}
	return dictionary;
}

/* An entry and its children down to the depth limit (+1), or NULL when
 * its children cannot be listed. */
static CFMutableDictionaryRef archive_scan(io_registry_entry_t service, uint32_t depth,
					   const struct ioreg_options *options)
{
	io_iterator_t children;
	io_registry_entry_t next;
	CFMutableDictionaryRef dictionary;

	if (IORegistryEntryGetChildIterator(service, options->plane, &children) != KERN_SUCCESS)
		return NULL;
	next = IOIteratorNext(children);
	dictionary = archive_entry(service, options);
	if ((options->depth == 0 || options->depth > depth + 1) && next) {
		CFMutableArrayRef array = CFArrayCreateMutable(kCFAllocatorDefault, 0,
							       &kCFTypeArrayCallBacks);

		if (!array)
			ioreg_fatal("can't create array");
		while (next) {
			io_registry_entry_t child = next;
			CFMutableDictionaryRef object;

			next = IOIteratorNext(children);
			object = archive_scan(child, depth + 1, options);
			if (!object)
				ioreg_fatal("can't obtain child");
			CFArrayAppendValue(array, object);
			CFRelease(object);
			IOObjectRelease(child);
		}
		CFDictionarySetValue(dictionary, CFSTR("IORegistryEntryChildren"), array);
		CFRelease(array);
	}
	if (next)
		IOObjectRelease(next);
	IOObjectRelease(children);
	return dictionary;
}

struct archive_search {
	struct ioreg_options options;
	io_registry_entry_t *stack;
	size_t stack_size;
	CFMutableArrayRef found;	/* NULL until something matches */
};

static void remember(struct archive_search *s, uint32_t depth, io_registry_entry_t service)
{
	if (depth >= s->stack_size) {
		size_t size = s->stack_size ? s->stack_size * 2 : 64;
		io_registry_entry_t *grown;

		while (size <= depth)
			size *= 2;
		grown = realloc(s->stack, size * sizeof(*grown));
		if (!grown)
			ioreg_fatal("can't allocate buffer");
		s->stack = grown;
		s->stack_size = size;
	}
	s->stack[depth] = service;
}

static void archive_search(struct archive_search *s, io_registry_entry_t service,
			   uint32_t matched_depth, uint32_t depth)
{
	io_iterator_t children;
	io_registry_entry_t child;

	if (matched_depth < depth + 1 && ioreg_compare(service, &s->options)) {
		uint32_t limit = s->options.depth;
		CFMutableDictionaryRef dictionary;

		matched_depth = limit ? depth + limit : UINT32_MAX;
		if (s->options.tree) {
			if (limit)
				s->options.depth += depth;
			dictionary = archive_scan(service, depth, &s->options);
			s->options.depth = limit;
			/* Wrap the subtree in its ancestors, nearest first. */
			for (uint32_t i = depth; dictionary && i > 0; i--) {
				CFMutableDictionaryRef parent = archive_entry(s->stack[i - 1],
									      &s->options);

				CFDictionarySetValue(parent, CFSTR("IORegistryEntryChildren"),
						     dictionary);
				CFRelease(dictionary);
				dictionary = parent;
			}
		} else {
			dictionary = archive_scan(service, 0, &s->options);
		}
		if (dictionary) {
			if (!s->found) {
				s->found = CFArrayCreateMutable(kCFAllocatorDefault, 0,
								&kCFTypeArrayCallBacks);
				if (!s->found)
					ioreg_fatal("can't create array");
			}
			CFArrayAppendValue(s->found, dictionary);
			CFRelease(dictionary);
		}
	}

	remember(s, depth, service);
	if (IORegistryEntryGetChildIterator(service, s->options.plane, &children) != KERN_SUCCESS)
		return;
	while ((child = IOIteratorNext(children))) {
		archive_search(s, child, matched_depth, depth + 1);
		IOObjectRelease(child);
	}
	IOObjectRelease(children);
}

int ioreg_archive(FILE *out, io_registry_entry_t root, const struct ioreg_options *options)
{
	CFTypeRef object;
	CFDataRef xml;
	CFErrorRef error = NULL;
	size_t length;

	if (options->root) {
		struct archive_search s = { .options = *options };

		archive_search(&s, root, 0, 0);
		free(s.stack);
		object = s.found;
	} else {
		object = archive_scan(root, 0, options);
	}
	if (!object)
		return 0;	/* nothing matched: nothing written */

	xml = CFPropertyListCreateData(kCFAllocatorDefault, object, kCFPropertyListXMLFormat_v1_0,
				       0, &error);
	CFRelease(object);
	if (!xml || error) {
		if (error)
			CFRelease(error);
		if (xml)
			CFRelease(xml);
		ioreg_fatal("CFPropertyListWrite(): error");
	}
	length = (size_t)CFDataGetLength(xml);
	if (fwrite(CFDataGetBytePtr(xml), 1, length, out) != length) {
		CFRelease(xml);
		ioreg_fatal("can't write the archive");
	}
	CFRelease(xml);
	return 0;
}
