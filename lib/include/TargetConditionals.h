/* TargetConditionals.h for libIOKit on Linux.
 *
 * Code written for macOS tests these macros to pick its platform.  We
 * present the macOS API, so the macOS branches are the right ones: TARGET_OS_MAC
 * and TARGET_OS_OSX are 1.  TARGET_OS_LINUX (as swift-corelibs-foundation
 * defines it) is also 1, for code that wants to know the truth. */
#ifndef __TARGETCONDITIONALS__
#define __TARGETCONDITIONALS__

#define TARGET_OS_MAC			1
#define TARGET_OS_OSX			1
#define TARGET_OS_LINUX			1
#define TARGET_OS_UNIX			0
#define TARGET_OS_WIN32			0
#define TARGET_OS_WINDOWS		0
#define TARGET_OS_IPHONE		0
#define TARGET_OS_IOS			0
#define TARGET_OS_TV			0
#define TARGET_OS_WATCH			0
#define TARGET_OS_VISION		0
#define TARGET_OS_BRIDGE		0
#define TARGET_OS_DRIVERKIT		0
#define TARGET_OS_MACCATALYST		0
#define TARGET_OS_UIKITFORMAC		0
#define TARGET_OS_SIMULATOR		0
#define TARGET_OS_EMBEDDED		0
#define TARGET_OS_EMBEDDED_OTHER	0
#define TARGET_IPHONE_SIMULATOR		0
#define TARGET_OS_NANO			0

#if defined(__x86_64__)
#define TARGET_CPU_X86_64		1
#else
#define TARGET_CPU_X86_64		0
#endif
#if defined(__i386__)
#define TARGET_CPU_X86			1
#else
#define TARGET_CPU_X86			0
#endif
#if defined(__aarch64__)
#define TARGET_CPU_ARM64		1
#else
#define TARGET_CPU_ARM64		0
#endif
#if defined(__arm__)
#define TARGET_CPU_ARM			1
#else
#define TARGET_CPU_ARM			0
#endif
#define TARGET_CPU_PPC			0
#define TARGET_CPU_PPC64		0
#define TARGET_CPU_68K			0
#define TARGET_CPU_ALPHA		0
#define TARGET_CPU_MIPS			0
#define TARGET_CPU_SPARC		0

#if defined(__LP64__) || defined(_LP64)
#define TARGET_RT_64_BIT		1
#else
#define TARGET_RT_64_BIT		0
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TARGET_RT_LITTLE_ENDIAN		0
#define TARGET_RT_BIG_ENDIAN		1
#else
#define TARGET_RT_LITTLE_ENDIAN		1
#define TARGET_RT_BIG_ENDIAN		0
#endif
#define TARGET_RT_MAC_CFM		0
#define TARGET_RT_MAC_MACHO		1

#endif
