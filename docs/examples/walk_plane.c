/* Prints a plane as a tree (IOService unless given), recursing with child
 * iterators the way ioreg does: one line per entry, "name@location <class>"
 * indented by depth.
 *
 *   cc -Ilib/include walk_plane.c -lIOKit   (IOKIT_ROOT=MNT ./a.out [plane]) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

static int walk(io_registry_entry_t entry, const char *plane, int depth)
{
	io_iterator_t children;
	io_registry_entry_t child;
	io_name_t name, location, class_name;
	int count = 1;

	if (IORegistryEntryGetNameInPlane(entry, plane, name) != KERN_SUCCESS)
		name[0] = '\0';
	if (IOObjectGetClass(entry, class_name) != KERN_SUCCESS)
		class_name[0] = '\0';
	printf("%*s%s", depth * 2, "", name);
	if (IORegistryEntryGetLocationInPlane(entry, plane, location) == KERN_SUCCESS)
		printf("@%s", location);
	printf("  <%s>\n", class_name);
	if (IORegistryEntryGetChildIterator(entry, plane, &children) != KERN_SUCCESS || !children)
		return count;
	while ((child = IOIteratorNext(children))) {
		count += walk(child, plane, depth + 1);
		IOObjectRelease(child);
	}
	IOObjectRelease(children);
	return count;
}

int main(int argc, char **argv)
{
	const char *plane = argc > 1 ? argv[1] : kIOServicePlane;
	io_registry_entry_t root = IORegistryGetRootEntry(kIOMainPortDefault);
	int count;

	if (!root) {
		fprintf(stderr, "no registry\n");
		return 1;
	}
	count = walk(root, plane, 0);
	IOObjectRelease(root);
	fprintf(stderr, "%d entries\n", count);
	return 0;
}
