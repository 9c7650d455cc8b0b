/* Superclasses of IOKit's well-known classes, for sources that name a
 * class without its inheritance chain (ioreg text, the Linux source). */
#ifndef IOKITFS_REGISTRY_BUILTIN_CLASSES_H
#define IOKITFS_REGISTRY_BUILTIN_CLASSES_H

#include <stddef.h>

/* Superclass of a well-known IOKit class, or NULL when the class is unknown. */
const char *reg_builtin_superclass(const char *class_name);

/* The table itself, in its (strcmp) order, for tests and --check listings. */
size_t reg_builtin_class_count(void);
const char *reg_builtin_class_at(size_t i);

#endif
