/* ioreg: shows the I/O Registry as macOS's ioreg does, over libIOKit.
 *
 *   ioreg [-abfilrtxy] [-c class] [-d depth] [-k key] [-n name] [-p plane] [-w width]
 *
 * The walk starts at the registry's root and goes down a plane with
 * child iterators.  Each entry is one node line,
 *   +-o name@location  <class C, id 0x..., registered, matched, active, busy 0 (5 ms), retain 9>
 * and, with -l or when it matches -c/-k/-n, its properties in a { } block.
 * -r prints only the subtrees rooted at matching entries (-t: with their
 * ancestors above them); -a writes the same walk as an XML plist. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ioreg.h"
#include "ioreg_private.h"
#include "no_mount.h"

static const char usage_text[] =
	"usage: ioreg [-abfilrtxy] [-c class] [-d depth] [-k key] [-n name] [-p plane] [-w width]\n"
	"where options are:\n"
	"\t-a archive output\n"
	"\t-b show object name in bold\n"
	"\t-c list properties of objects with the given class\n"
	"\t-d limit tree to the given depth\n"
	"\t-f enable smart formatting\n"
	"\t-i show object inheritance\n"
	"\t-k list properties of objects with the given key\n"
	"\t-l list properties of all objects\n"
	"\t-n list properties of objects with the given name\n"
	"\t-p traverse registry over the given plane (IOService is default)\n"
	"\t-r show subtrees rooted by the given criteria\n"
	"\t-t show location of each subtree\n"
	"\t-w clip output to the given line width (0 is unlimited)\n"
	"\t-x show data and numbers as hexadecimal\n"
	"\t-y do not consider DriverKit classes with -c\n";

/* Exit status, as macOS's ioreg: 0 success, 1 anything else (a bad
 * command line after this usage, no registry, a write error). */
static void usage(void)
{
	fputs(usage_text, stderr);
	exit(1);
}

/* A number option: digits only, else usage (macOS's atoi reads "x" as 0). */
static uint32_t number_arg(int opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!arg[0] || *end || arg[0] == '-' || errno || v > INT32_MAX) {
		fprintf(stderr, "ioreg: -%c needs a number, not \"%s\"\n", opt, arg);
		usage();
	}
	return (uint32_t)v;
}

/* The entries on the path from the root to the current one (-r -t). */
struct entry_stack {
	io_registry_entry_t *entries;
	size_t size;
};

struct walk {
	struct ioreg_options options;
	struct ioreg_printer *p;
	struct entry_stack stack;
};

static bool has_user_class(io_registry_entry_t service, const struct ioreg_options *options,
			   bool *matches)
{
	CFTypeRef value = IORegistryEntryCreateCFProperty(service, CFSTR(kIOUserClassesKey),
							  kCFAllocatorDefault, kNilOptions);
	bool is_array;

	if (!value)
		return false;
	is_array = CFGetTypeID(value) == CFArrayGetTypeID();
	if (is_array)
		*matches = CFArrayContainsValue(value, CFRangeMake(0, CFArrayGetCount(value)),
						options->class_cf);
	CFRelease(value);
	return is_array;
}

bool ioreg_compare(io_registry_entry_t service, const struct ioreg_options *options)
{
	bool match = false;

	if (options->class_name) {
		bool user_match = false;

		/* A DriverKit object answers to the classes it lists. */
		if (options->class_cf && !options->no_user_classes &&
		    has_user_class(service, options, &user_match)) {
			if (!user_match)
				return false;
		} else if (!ioreg_conforms_to(service, options->class_name)) {
			return false;
		}
		match = true;
	}
	if (options->key) {
		CFStringRef key = CFStringCreateWithCString(kCFAllocatorDefault, options->key,
							    kCFStringEncodingUTF8);
		CFTypeRef value;

		if (!key)
			ioreg_fatal("can't create key");
		value = IORegistryEntryCreateCFProperty(service, key, kCFAllocatorDefault,
							kNilOptions);
		CFRelease(key);
		if (!value)
			return false;
		CFRelease(value);
		match = true;
	}
	if (options->name) {
		io_name_t name, location;

		if (IORegistryEntryGetNameInPlane(service, options->plane, name) != KERN_SUCCESS) {
			ioreg_error("can't obtain name");
			strcpy(name, "<name error>");
		}
		if (strchr(options->name, '@')) {
			size_t length = strlen(name);

			if (IORegistryEntryGetLocationInPlane(service, options->plane, location) !=
			    KERN_SUCCESS)
				location[0] = '\0';
			/* Cut to io_name_t, as strlcat would. */
			if (length + 1 < sizeof(name)) {
				size_t room = sizeof(name) - length - 2;
				size_t n = strnlen(location, room);

				name[length] = '@';
				memcpy(name + length + 1, location, n);
				name[length + 1 + n] = '\0';
			}
		}
		if (strcmp(options->name, name) != 0)
			return false;
		match = true;
	}
	return match;
}

/* "Super:...:Class", OSObject left out. */
static void show_inheritance(struct ioreg_printer *p, io_registry_entry_t service)
{
	CFStringRef class_name = ioreg_copy_class(service);
	CFMutableStringRef chain;
	CFStringRef current;
	char *text;
	CFIndex size;

	if (!class_name)
		return;
	chain = CFStringCreateMutable(kCFAllocatorDefault, 0);
	if (!chain)
		ioreg_fatal("can't create string");
	CFStringAppend(chain, class_name);
	current = class_name;
	for (;;) {
		CFStringRef super = IOObjectCopySuperclassForClass(current);

		CFRelease(current);
		current = super;
		if (!current || CFEqual(current, CFSTR("OSObject")))
			break;
		CFStringInsert(chain, 0, CFSTR(":"));
		CFStringInsert(chain, 0, current);
	}
	if (current)
		CFRelease(current);
	size = CFStringGetMaximumSizeForEncoding(CFStringGetLength(chain), kCFStringEncodingUTF8) +
	       1;
	text = malloc((size_t)size);
	if (!text)
		ioreg_fatal("can't allocate buffer");
	if (CFStringGetCString(chain, text, size, kCFStringEncodingUTF8))
		ioreg_print(p, "%s", text);
	free(text);
	CFRelease(chain);
}

static void show_item(const void *key, const void *value, void *context)
{
	const struct ioreg_node *node = context;

	ioreg_show_property(node, key, value);
}

static void show_properties(struct walk *w, io_registry_entry_t service, uint32_t depth,
			    const struct ioreg_bits *bits)
{
	struct ioreg_node node = { service, depth, bits, &w->options, w->p };
	CFMutableDictionaryRef properties = NULL;

	ioreg_indent(w->p, false, depth, bits);
	ioreg_println(w->p, "{");
	if (IORegistryEntryCreateCFProperties(service, &properties, kCFAllocatorDefault,
					      kNilOptions) != KERN_SUCCESS) {
		ioreg_error("can't obtain properties");
		properties = NULL;
	}
	if (properties) {
		CFDictionaryApplyFunction(properties, show_item, &node);
		CFRelease(properties);
	}
	ioreg_indent(w->p, false, depth, bits);
	ioreg_println(w->p, "}");
	ioreg_indent(w->p, false, depth, bits);
	ioreg_println(w->p, "%s", "");
}

/* The node line, then the properties if they are wanted. */
static void show(struct walk *w, io_registry_entry_t service, uint32_t depth,
		 const struct ioreg_bits *bits)
{
	const struct ioreg_options *options = &w->options;
	struct ioreg_printer *p = w->p;
	io_name_t name, location, class_name;
	uint64_t id;

	if (IORegistryEntryGetNameInPlane(service, options->plane, name) != KERN_SUCCESS) {
		ioreg_error("can't obtain name");
		strcpy(name, "<name error>");
	}
	ioreg_indent(p, true, depth, bits);
	if (options->bold)
		ioreg_print_bold(p, true);
	ioreg_print(p, "%s", name);
	if (options->bold)
		ioreg_print_bold(p, false);
	if (IORegistryEntryGetLocationInPlane(service, options->plane, location) == KERN_SUCCESS)
		ioreg_print(p, "@%s", location);

	ioreg_print(p, "  <class ");
	if (options->inheritance) {
		show_inheritance(p, service);
	} else {
		if (ioreg_get_class(service, class_name) != KERN_SUCCESS) {
			ioreg_error("can't obtain class");
			strcpy(class_name, "<class error>");
		}
		ioreg_print(p, "%s", class_name);
	}

	if (IORegistryEntryGetRegistryEntryID(service, &id) == KERN_SUCCESS)
		ioreg_print(p, ", id 0x%llx", (unsigned long long)id);

	if (ioreg_conforms_to(service, "IOService")) {
		uint64_t state = 0, busy_time = 0;
		uint32_t busy = 0;

		if (ioreg_busy_state(service, &state, &busy, &busy_time) != KERN_SUCCESS) {
			ioreg_error("can't obtain state");
			state = busy_time = busy = 0;
		}
		ioreg_print(p, ", %sregistered, %smatched, %sactive",
			    state & kIOServiceRegisteredState ? "" : "!",
			    state & kIOServiceMatchedState ? "" : "!",
			    state & kIOServiceInactiveState ? "in" : "");
		ioreg_print(p, ", busy %lu", (unsigned long)busy);
		if (busy_time)
			ioreg_print(p, " (%lld ms)", (long long)(busy_time / kMillisecondScale));
	}
	ioreg_print(p, ", retain %lu", (unsigned long)IOObjectGetKernelRetainCount(service));
	ioreg_println(p, ">");

	if (options->list || ioreg_compare(service, options))
		show_properties(w, service, depth, bits);
}

/* Whether the depth limit lets an entry at depth show its children. */
static bool children_shown(const struct ioreg_options *options, uint32_t depth)
{
	return options->depth == 0 || options->depth > depth + 1;
}

static void scan(struct walk *w, io_registry_entry_t service, bool has_more_siblings,
		 uint32_t depth, struct ioreg_bits *bits)
{
	io_iterator_t children;
	io_registry_entry_t next;

	if (IORegistryEntryGetChildIterator(service, w->options.plane, &children) != KERN_SUCCESS)
		return;
	next = IOIteratorNext(children);
	ioreg_bits_set(bits, depth, has_more_siblings);
	if (children_shown(&w->options, depth))
		ioreg_bits_set(bits, depth + 1, next != IO_OBJECT_NULL);

	show(w, service, depth, bits);

	if (children_shown(&w->options, depth)) {
		while (next) {
			io_registry_entry_t child = next;

			next = IOIteratorNext(children);
			scan(w, child, next != IO_OBJECT_NULL, depth + 1, bits);
			IOObjectRelease(child);
		}
	}
	if (next)
		IOObjectRelease(next);
	IOObjectRelease(children);
}

/* A fresh tree drawing for one printed (sub)tree. */
static void scan_tree(struct walk *w, io_registry_entry_t service, uint32_t depth)
{
	struct ioreg_bits bits = { NULL, 0 };

	scan(w, service, false, depth, &bits);
	ioreg_bits_free(&bits);
}

static void stack_put(struct entry_stack *stack, uint32_t depth, io_registry_entry_t entry)
{
	if (depth >= stack->size) {
		size_t size = stack->size ? stack->size * 2 : 64;
		io_registry_entry_t *grown;

		while (size <= depth)
			size *= 2;
		grown = realloc(stack->entries, size * sizeof(*grown));
		if (!grown)
			ioreg_fatal("can't allocate buffer");
		stack->entries = grown;
		stack->size = size;
	}
	stack->entries[depth] = entry;
}

/* Shows the ancestors of a subtree (-t): each has only its child column. */
static void show_ancestors(struct walk *w, uint32_t depth)
{
	for (uint32_t i = 0; i < depth; i++) {
		struct ioreg_bits bits = { NULL, 0 };

		ioreg_bits_set(&bits, i + 1, true);
		show(w, w->stack.entries[i], i, &bits);
		ioreg_bits_free(&bits);
	}
}

/* -r: prints each subtree rooted at a matching entry.  Entries inside a
 * printed subtree (within its depth limit) are not tested again. */
static void search(struct walk *w, io_registry_entry_t service, uint32_t matched_depth,
		   uint32_t depth)
{
	io_iterator_t children;
	io_registry_entry_t child;

	if (matched_depth < depth + 1 && ioreg_compare(service, &w->options)) {
		uint32_t limit = w->options.depth;

		matched_depth = limit ? depth + limit : UINT32_MAX;
		if (w->options.tree) {
			show_ancestors(w, depth);
			if (limit)
				w->options.depth += depth;
			scan_tree(w, service, depth);
			w->options.depth = limit;
		} else {
			scan_tree(w, service, 0);
		}
		ioreg_println(w->p, "%s", "");
	}

	stack_put(&w->stack, depth, service);
	if (IORegistryEntryGetChildIterator(service, w->options.plane, &children) != KERN_SUCCESS)
		return;
	while ((child = IOIteratorNext(children))) {
		search(w, child, matched_depth, depth + 1);
		IOObjectRelease(child);
	}
	IOObjectRelease(children);
}

static uint32_t terminal_width(void)
{
	struct winsize size;

	if (isatty(fileno(stdout)) && ioctl(fileno(stdout), TIOCGWINSZ, &size) == 0)
		return size.ws_col;
	return 0;
}

static void parse_options(int argc, char **argv, struct ioreg_options *options)
{
	int c;

	memset(options, 0, sizeof(*options));
	options->plane = kIOServicePlane;
	options->width = terminal_width();

	while ((c = getopt(argc, argv, ":abc:d:fhik:ln:p:rsStw:xy")) != -1) {
		switch (c) {
		case 'a':
			options->archive = true;
			break;
		case 'b':
			options->bold = true;
			break;
		case 'c':
			options->class_name = optarg;
			if (options->class_cf)
				CFRelease(options->class_cf);
			options->class_cf = CFStringCreateWithCString(kCFAllocatorDefault, optarg,
								      kCFStringEncodingUTF8);
			break;
		case 'd':
			options->depth = number_arg('d', optarg);
			break;
		case 'f':
			options->format = true;
			break;
		case 'i':
			options->inheritance = true;
			break;
		case 'k':
			options->key = optarg;
			break;
		case 'l':
			options->list = true;
			break;
		case 'n':
			options->name = optarg;
			break;
		case 'p':
			options->plane = optarg;
			break;
		case 'r':
			options->root = true;
			break;
		case 's':
		case 'S':
			break;	/* state is always shown */
		case 't':
			options->tree = true;
			break;
		case 'w':
			options->width = number_arg('w', optarg);
			break;
		case 'x':
			options->hex = true;
			break;
		case 'y':
			options->no_user_classes = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			fprintf(stderr, "ioreg: -%c needs an argument\n", optopt);
			usage();
			break;
		default:
			fprintf(stderr, "ioreg: unknown option -%c\n", optopt);
			usage();
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ioreg: unexpected argument \"%s\"\n", argv[optind]);
		usage();
	}
	/* ioreg allocates its line buffer with this width as an int. */
	if ((int32_t)options->width < 0)
		ioreg_fatal("can't allocate buffer");
}

/* macOS's ioreg draws only Root for a plane that does not exist; the
 * output stays the same, and stderr says why (names compared with the
 * root's IORegistryPlanes, as macOS tools list planes). */
static void warn_unknown_plane(io_registry_entry_t root, const char *plane)
{
	CFTypeRef planes = IORegistryEntryCreateCFProperty(root, CFSTR(kIORegistryPlanesKey),
							   kCFAllocatorDefault, 0);
	CFStringRef name = CFStringCreateWithCString(kCFAllocatorDefault, plane,
						     kCFStringEncodingUTF8);

	if (planes && name && CFGetTypeID(planes) == CFDictionaryGetTypeID() &&
	    !CFDictionaryContainsKey(planes, name)) {
		CFIndex n = CFDictionaryGetCount(planes);
		const void **keys = calloc((size_t)n + 1, sizeof(*keys));

		fprintf(stderr, "ioreg: no plane named %s; the registry's planes:", plane);
		if (keys) {
			CFDictionaryGetKeysAndValues(planes, keys, NULL);
			for (CFIndex i = 0; i < n; i++) {
				char buf[128];

				if (CFGetTypeID(keys[i]) == CFStringGetTypeID() &&
				    CFStringGetCString(keys[i], buf, sizeof(buf),
						       kCFStringEncodingUTF8))
					fprintf(stderr, " %s", buf);
			}
			free(keys);
		}
		fputc('\n', stderr);
	}
	if (name)
		CFRelease(name);
	if (planes)
		CFRelease(planes);
}

int main(int argc, char **argv)
{
	struct ioreg_printer printer;
	struct walk w = { .p = &printer };
	io_registry_entry_t root;
	int status = 0;

	/* --help, the one long option (before getopt, which takes no long ones) */
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	parse_options(argc, argv, &w.options);
	/* ioreg says itself why the root service is missing (below) */
	setenv("IOKIT_QUIET", "1", 0);
	ioreg_printer_init(&printer, stdout, w.options.width);
	if (w.options.bold)
		ioreg_printer_init_bold(&printer);

	root = IORegistryGetRootEntry(kIOMainPortDefault);
	if (!root) {
		char reason[4400];

		fflush(stdout);
		fprintf(stderr, "ioreg: error: can't obtain I/O Kit's root service.\n"
				"ioreg: %s.\n", iokit_no_mount_reason(reason, sizeof(reason)));
		return 1;
	}

	if (strcmp(w.options.plane, kIOServicePlane) != 0)
		warn_unknown_plane(root, w.options.plane);
	if (w.options.archive)
		status = ioreg_archive(stdout, root, &w.options);
	else if (w.options.root)
		search(&w, root, 0, 0);
	else
		scan_tree(&w, root, 0);

	IOObjectRelease(root);
	free(w.stack.entries);
	if (w.options.class_cf)
		CFRelease(w.options.class_cf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("ioreg: stdout");
		status = 1;
	}
	return status;
}
