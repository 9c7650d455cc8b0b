/* Availability.h for libIOKit on Linux.
 *
 * On macOS these macros attach version attributes to declarations.  Here
 * every API is simply present, so they expand to nothing; the version
 * numbers exist so that `#if __MAC_OS_X_VERSION_MIN_REQUIRED >= ...` tests
 * in portable code pick the modern (macOS 12) API spellings. */
#ifndef __AVAILABILITY__
#define __AVAILABILITY__

#define __MAC_10_0	1000
#define __MAC_10_1	1010
#define __MAC_10_2	1020
#define __MAC_10_3	1030
#define __MAC_10_4	1040
#define __MAC_10_5	1050
#define __MAC_10_6	1060
#define __MAC_10_7	1070
#define __MAC_10_8	1080
#define __MAC_10_9	1090
#define __MAC_10_10	101000
#define __MAC_10_11	101100
#define __MAC_10_12	101200
#define __MAC_10_13	101300
#define __MAC_10_14	101400
#define __MAC_10_15	101500
#define __MAC_11_0	110000
#define __MAC_12_0	120000
#define __MAC_13_0	130000
#define __MAC_14_0	140000
#define __MAC_15_0	150000
#define __MAC_NA	9999

#define __IPHONE_2_0	20000
#define __IPHONE_NA	99999

#ifndef __MAC_OS_X_VERSION_MIN_REQUIRED
#define __MAC_OS_X_VERSION_MIN_REQUIRED	__MAC_12_0
#endif
#ifndef __MAC_OS_X_VERSION_MAX_ALLOWED
#define __MAC_OS_X_VERSION_MAX_ALLOWED	__MAC_15_0
#endif

#define __OSX_AVAILABLE_STARTING(_mac, _iphone)
#define __OSX_AVAILABLE_BUT_DEPRECATED(_macIntro, _macDep, _iphoneIntro, _iphoneDep)
#define __OSX_AVAILABLE_BUT_DEPRECATED_MSG(_macIntro, _macDep, _iphoneIntro, _iphoneDep, _msg)
#define __OSX_AVAILABLE(_vers)
#define __OSX_DEPRECATED(_start, _dep, _msg)
#define __OSX_UNAVAILABLE
#define __IOS_AVAILABLE(_vers)
#define __IOS_PROHIBITED
#define __IOS_UNAVAILABLE
#define __IOS_DEPRECATED(_start, _dep, _msg)
#define __TVOS_AVAILABLE(_vers)
#define __TVOS_PROHIBITED
#define __TVOS_UNAVAILABLE
#define __WATCHOS_AVAILABLE(_vers)
#define __WATCHOS_PROHIBITED
#define __WATCHOS_UNAVAILABLE
#define __API_AVAILABLE(...)
#define __API_DEPRECATED(...)
#define __API_DEPRECATED_WITH_REPLACEMENT(...)
#define __API_UNAVAILABLE(...)
#define __SPI_AVAILABLE(...)

#ifndef API_AVAILABLE
#define API_AVAILABLE(...)
#define API_AVAILABLE_BEGIN(...)
#define API_AVAILABLE_END
#define API_DEPRECATED(...)
#define API_DEPRECATED_WITH_REPLACEMENT(...)
#define API_DEPRECATED_BEGIN(...)
#define API_DEPRECATED_END
#define API_UNAVAILABLE(...)
#define API_UNAVAILABLE_BEGIN(...)
#define API_UNAVAILABLE_END
#define SPI_AVAILABLE(...)
#endif

#endif
