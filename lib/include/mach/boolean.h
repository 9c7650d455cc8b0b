/* mach/boolean.h: boolean_t as macOS defines it (unsigned int on x86_64,
 * int on arm64). */
#ifndef _MACH_BOOLEAN_H_
#define _MACH_BOOLEAN_H_

#if defined(__x86_64__) || defined(__i386__)
typedef unsigned int	boolean_t;
#else
typedef int		boolean_t;
#endif

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

#endif
