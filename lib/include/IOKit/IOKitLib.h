/* IOKit/IOKitLib.h for libIOKit on Linux: Apple's IOKitLib API with
 * Apple's signatures, over an iokitfs mount (found through IOKIT_ROOT, else
 * /run/iokit, else the first iokitfs mount in /proc/self/mounts).
 *
 * io_object_t handles are 32-bit names in a per-process table, as Mach port
 * names are on macOS: the same registry entry returned twice to a process
 * is the same name with one more user reference (mach_port_get_refs reports
 * it); IOObjectRelease drops one.  A released or unknown name gives
 * MACH_SEND_INVALID_DEST, a handle of the wrong kind kIOReturnBadArgument.
 *
 * Every call that needs the registry is one request to the daemon; the
 * entries an iterator returns carry their names and class, so reading those
 * costs nothing more.
 *
 * Parameters Apple declares as `const io_name_t` or `const io_string_t`
 * are written `const char *` here: the same type (an array parameter is a
 * pointer), without GCC's -Wstringop-overread warning for every string
 * literal shorter than the array.
 *
 * Not every declaration below is implemented yet: notifications
 * (IONotificationPort*, IOServiceAdd*Notification), user-client connections
 * (IOServiceOpen, IOConnect*), busy state and the catalogue calls come with
 * their own modules; a program that uses one before then fails to link. */
#ifndef _IOKIT_IOKITLIB_H
#define _IOKIT_IOKITLIB_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <stdint.h>

#include <mach/mach_types.h>
#include <mach/mach_init.h>
#include <mach/mach_port.h>
#include <mach/message.h>

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFDictionary.h>
/* What macOS's IOKitLib.h brings in through CFRunLoop.h and CFString.h,
 * and what tools that include only this header go on to use (CFSTR,
 * CFNumber, CFData, CFShow). */
#include <CoreFoundation/CFRunLoop.h>
#include <CoreFoundation/CFString.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFNumber.h>
#include <CoreFoundation/CFByteOrder.h>	/* and libkern/OSByteOrder.h */
#include <dispatch/dispatch.h>

#include <IOKit/IOTypes.h>
#include <IOKit/IOKitKeys.h>
#include <IOKit/OSMessageNotification.h>

#include <AvailabilityMacros.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The run loop (CoreFoundation/CFRunLoop.h) and dispatch queue
 * (dispatch/dispatch.h) types, declared here too so that this header
 * stands alone.  (Repeating an identical typedef is valid C11.) */
typedef struct __CFRunLoopSource *CFRunLoopSourceRef;
typedef struct dispatch_queue_s *dispatch_queue_t;

/* ---- types ---- */

typedef struct IONotificationPort *IONotificationPortRef;

typedef void (*IOServiceMatchingCallback)(void *refcon, io_iterator_t iterator);
typedef void (*IOServiceInterestCallback)(void *refcon, io_service_t service,
					  uint32_t messageType, void *messageArgument);

typedef void (*IOAsyncCallback0)(void *refcon, IOReturn result);
typedef void (*IOAsyncCallback1)(void *refcon, IOReturn result, void *arg0);
typedef void (*IOAsyncCallback2)(void *refcon, IOReturn result, void *arg0, void *arg1);
typedef void (*IOAsyncCallback)(void *refcon, IOReturn result, void **args, uint32_t numArgs);

/* ---- main port ---- */

/* Both are MACH_PORT_NULL: variables, not macros, as on macOS. */
extern const mach_port_t kIOMainPortDefault;
extern const mach_port_t kIOMasterPortDefault;

kern_return_t IOMainPort(mach_port_t bootstrapPort, mach_port_t *mainPort);
kern_return_t IOMasterPort(mach_port_t bootstrapPort, mach_port_t *mainPort);

/* ---- notification ports ---- */

IONotificationPortRef IONotificationPortCreate(mach_port_t mainPort);
void IONotificationPortDestroy(IONotificationPortRef notify);
CFRunLoopSourceRef IONotificationPortGetRunLoopSource(IONotificationPortRef notify);
mach_port_t IONotificationPortGetMachPort(IONotificationPortRef notify);
kern_return_t IONotificationPortSetImportanceReceiver(IONotificationPortRef notify);
void IONotificationPortSetDispatchQueue(IONotificationPortRef notify, dispatch_queue_t queue);
void IODispatchCalloutFromMessage(void *unused, mach_msg_header_t *msg, void *reference);
kern_return_t IOCreateReceivePort(uint32_t msgType, mach_port_t *recvPort);

/* ---- IOObject ---- */

kern_return_t IOObjectRelease(io_object_t object);
kern_return_t IOObjectRetain(io_object_t object);
kern_return_t IOObjectGetClass(io_object_t object, io_name_t className);
CFStringRef IOObjectCopyClass(io_object_t object) CF_RETURNS_RETAINED;
CFStringRef IOObjectCopySuperclassForClass(CFStringRef classname) CF_RETURNS_RETAINED;
CFStringRef IOObjectCopyBundleIdentifierForClass(CFStringRef classname) CF_RETURNS_RETAINED;
boolean_t IOObjectConformsTo(io_object_t object, const char *className);
boolean_t IOObjectIsEqualTo(io_object_t object, io_object_t anObject);
uint32_t IOObjectGetKernelRetainCount(io_object_t object);
uint32_t IOObjectGetUserRetainCount(io_object_t object);
uint32_t IOObjectGetRetainCount(io_object_t object);

/* ---- IOIterator ---- */

io_object_t IOIteratorNext(io_iterator_t iterator);
void IOIteratorReset(io_iterator_t iterator);
boolean_t IOIteratorIsValid(io_iterator_t iterator);

/* ---- IOService lookup, notifications, state ---- */

io_service_t IOServiceGetMatchingService(mach_port_t mainPort,
					 CFDictionaryRef matching CF_RELEASES_ARGUMENT);
kern_return_t IOServiceGetMatchingServices(mach_port_t mainPort,
					   CFDictionaryRef matching CF_RELEASES_ARGUMENT,
					   io_iterator_t *existing);
kern_return_t IOServiceAddNotification(mach_port_t mainPort, const char *notificationType,
				       CFDictionaryRef matching, mach_port_t wakePort,
				       uintptr_t reference, io_iterator_t *notification);
kern_return_t IOServiceAddMatchingNotification(IONotificationPortRef notifyPort,
					       const char *notificationType,
					       CFDictionaryRef matching CF_RELEASES_ARGUMENT,
					       IOServiceMatchingCallback callback,
					       void *refCon, io_iterator_t *notification);
kern_return_t IOServiceAddInterestNotification(IONotificationPortRef notifyPort,
					       io_service_t service,
					       const char *interestType,
					       IOServiceInterestCallback callback,
					       void *refCon, io_object_t *notification);
kern_return_t IOServiceMatchPropertyTable(io_service_t service, CFDictionaryRef matching,
					  boolean_t *matches);
kern_return_t IOServiceGetBusyState(io_service_t service, uint32_t *busyState);
kern_return_t IOServiceWaitQuiet(io_service_t service, mach_timespec_t *waitTime);
kern_return_t IOKitGetBusyState(mach_port_t mainPort, uint32_t *busyState);
kern_return_t IOKitWaitQuiet(mach_port_t mainPort, mach_timespec_t *waitTime);
kern_return_t IOServiceOpen(io_service_t service, task_port_t owningTask, uint32_t type,
			    io_connect_t *connect);
kern_return_t IOServiceRequestProbe(io_service_t service, uint32_t options);

enum {
	kIOServiceInteractionAllowed = 0x00000001
};

kern_return_t IOServiceAuthorize(io_service_t service, uint32_t options);
int IOServiceOpenAsFileDescriptor(io_service_t service, int oflag);
kern_return_t IOServiceClose(io_connect_t connect);

/* ---- IOConnect ---- */

kern_return_t IOConnectAddRef(io_connect_t connect);
kern_return_t IOConnectRelease(io_connect_t connect);
kern_return_t IOConnectGetService(io_connect_t connect, io_service_t *service);
kern_return_t IOConnectSetNotificationPort(io_connect_t connect, uint32_t type,
					   mach_port_t port, uintptr_t reference);
/* IOKitLib itself is built with IOCONNECT_MAPMEMORY_10_6; on LP64 both
 * forms are 64 bits wide. */
kern_return_t IOConnectMapMemory(io_connect_t connect, uint32_t memoryType,
				 task_port_t intoTask, vm_address_t *atAddress,
				 vm_size_t *ofSize, IOOptionBits options);
kern_return_t IOConnectMapMemory64(io_connect_t connect, uint32_t memoryType,
				   task_port_t intoTask, mach_vm_address_t *atAddress,
				   mach_vm_size_t *ofSize, IOOptionBits options);
kern_return_t IOConnectUnmapMemory(io_connect_t connect, uint32_t memoryType,
				   task_port_t fromTask, vm_address_t atAddress);
kern_return_t IOConnectUnmapMemory64(io_connect_t connect, uint32_t memoryType,
				     task_port_t fromTask, mach_vm_address_t atAddress);
kern_return_t IOConnectSetCFProperties(io_connect_t connect, CFTypeRef properties);
kern_return_t IOConnectSetCFProperty(io_connect_t connect, CFStringRef propertyName,
				     CFTypeRef property);
kern_return_t IOConnectCallMethod(mach_port_t connection, uint32_t selector,
				  const uint64_t *input, uint32_t inputCnt,
				  const void *inputStruct, size_t inputStructCnt,
				  uint64_t *output, uint32_t *outputCnt,
				  void *outputStruct, size_t *outputStructCnt);
kern_return_t IOConnectCallAsyncMethod(mach_port_t connection, uint32_t selector,
				       mach_port_t wake_port, uint64_t *reference,
				       uint32_t referenceCnt, const uint64_t *input,
				       uint32_t inputCnt, const void *inputStruct,
				       size_t inputStructCnt, uint64_t *output,
				       uint32_t *outputCnt, void *outputStruct,
				       size_t *outputStructCnt);
kern_return_t IOConnectCallStructMethod(mach_port_t connection, uint32_t selector,
					const void *inputStruct, size_t inputStructCnt,
					void *outputStruct, size_t *outputStructCnt);
kern_return_t IOConnectCallAsyncStructMethod(mach_port_t connection, uint32_t selector,
					     mach_port_t wake_port, uint64_t *reference,
					     uint32_t referenceCnt, const void *inputStruct,
					     size_t inputStructCnt, void *outputStruct,
					     size_t *outputStructCnt);
kern_return_t IOConnectCallScalarMethod(mach_port_t connection, uint32_t selector,
					const uint64_t *input, uint32_t inputCnt,
					uint64_t *output, uint32_t *outputCnt);
kern_return_t IOConnectCallAsyncScalarMethod(mach_port_t connection, uint32_t selector,
					     mach_port_t wake_port, uint64_t *reference,
					     uint32_t referenceCnt, const uint64_t *input,
					     uint32_t inputCnt, uint64_t *output,
					     uint32_t *outputCnt);
kern_return_t IOConnectTrap0(io_connect_t connect, uint32_t index);
kern_return_t IOConnectTrap1(io_connect_t connect, uint32_t index, uintptr_t p1);
kern_return_t IOConnectTrap2(io_connect_t connect, uint32_t index, uintptr_t p1,
			     uintptr_t p2);
kern_return_t IOConnectTrap3(io_connect_t connect, uint32_t index, uintptr_t p1,
			     uintptr_t p2, uintptr_t p3);
kern_return_t IOConnectTrap4(io_connect_t connect, uint32_t index, uintptr_t p1,
			     uintptr_t p2, uintptr_t p3, uintptr_t p4);
kern_return_t IOConnectTrap5(io_connect_t connect, uint32_t index, uintptr_t p1,
			     uintptr_t p2, uintptr_t p3, uintptr_t p4, uintptr_t p5);
kern_return_t IOConnectTrap6(io_connect_t connect, uint32_t index, uintptr_t p1,
			     uintptr_t p2, uintptr_t p3, uintptr_t p4, uintptr_t p5,
			     uintptr_t p6);
kern_return_t IOConnectAddClient(io_connect_t connect, io_connect_t client);

/* The pre-10.5 method calls (deprecated on macOS, kept for old tools):
 * scalars are ints passed through the varargs, outputs as int *, then the
 * structure pointer. */
kern_return_t IOConnectMethodScalarIScalarO(io_connect_t connect, uint32_t index,
					    IOItemCount scalarInputCount,
					    IOItemCount scalarOutputCount, ...);
kern_return_t IOConnectMethodScalarIStructureO(io_connect_t connect, uint32_t index,
					       IOItemCount scalarInputCount,
					       IOByteCount *structureSize, ...);
kern_return_t IOConnectMethodScalarIStructureI(io_connect_t connect, uint32_t index,
					       IOItemCount scalarInputCount,
					       IOByteCount structureSize, ...);
kern_return_t IOConnectMethodStructureIStructureO(io_connect_t connect, uint32_t index,
						  IOItemCount structureInputSize,
						  IOByteCount *structureOutputSize,
						  void *inputStructure, void *ouputStructure);

/* ---- IORegistry ---- */

io_registry_entry_t IORegistryGetRootEntry(mach_port_t mainPort);
io_registry_entry_t IORegistryEntryFromPath(mach_port_t mainPort, const char *path);
io_registry_entry_t IORegistryEntryCopyFromPath(mach_port_t mainPort, CFStringRef path);

enum {
	kIORegistryIterateRecursively = 0x00000001,
	kIORegistryIterateParents = 0x00000002
};

kern_return_t IORegistryCreateIterator(mach_port_t mainPort, const char *plane,
				       IOOptionBits options, io_iterator_t *iterator);
kern_return_t IORegistryEntryCreateIterator(io_registry_entry_t entry, const char *plane,
					    IOOptionBits options, io_iterator_t *iterator);
kern_return_t IORegistryIteratorEnterEntry(io_iterator_t iterator);
kern_return_t IORegistryIteratorExitEntry(io_iterator_t iterator);

kern_return_t IORegistryEntryGetName(io_registry_entry_t entry, io_name_t name);
kern_return_t IORegistryEntryGetNameInPlane(io_registry_entry_t entry, const char *plane,
					    io_name_t name);
kern_return_t IORegistryEntryGetLocationInPlane(io_registry_entry_t entry,
						const char *plane, io_name_t location);
kern_return_t IORegistryEntryGetPath(io_registry_entry_t entry, const char *plane,
				     io_string_t path);
CFStringRef IORegistryEntryCopyPath(io_registry_entry_t entry, const char *plane)
	CF_RETURNS_RETAINED;
kern_return_t IORegistryEntryGetRegistryEntryID(io_registry_entry_t entry, uint64_t *entryID);

kern_return_t IORegistryEntryCreateCFProperties(io_registry_entry_t entry,
						CFMutableDictionaryRef *properties,
						CFAllocatorRef allocator, IOOptionBits options);
CFTypeRef IORegistryEntryCreateCFProperty(io_registry_entry_t entry, CFStringRef key,
					  CFAllocatorRef allocator, IOOptionBits options)
	CF_RETURNS_RETAINED;
CFTypeRef IORegistryEntrySearchCFProperty(io_registry_entry_t entry, const char *plane,
					  CFStringRef key, CFAllocatorRef allocator,
					  IOOptionBits options) CF_RETURNS_RETAINED;
kern_return_t IORegistryEntryGetProperty(io_registry_entry_t entry,
					 const char *propertyName,
					 io_struct_inband_t buffer, uint32_t *size);
kern_return_t IORegistryEntrySetCFProperties(io_registry_entry_t entry, CFTypeRef properties);
kern_return_t IORegistryEntrySetCFProperty(io_registry_entry_t entry, CFStringRef propertyName,
					   CFTypeRef property);

kern_return_t IORegistryEntryGetChildIterator(io_registry_entry_t entry, const char *plane,
					      io_iterator_t *iterator);
kern_return_t IORegistryEntryGetChildEntry(io_registry_entry_t entry, const char *plane,
					   io_registry_entry_t *child);
kern_return_t IORegistryEntryGetParentIterator(io_registry_entry_t entry,
					       const char *plane, io_iterator_t *iterator);
kern_return_t IORegistryEntryGetParentEntry(io_registry_entry_t entry, const char *plane,
					    io_registry_entry_t *parent);
boolean_t IORegistryEntryInPlane(io_registry_entry_t entry, const char *plane);

/* ---- matching dictionaries ---- */

CFMutableDictionaryRef IOServiceMatching(const char *name) CF_RETURNS_RETAINED;
CFMutableDictionaryRef IOServiceNameMatching(const char *name) CF_RETURNS_RETAINED;
CFMutableDictionaryRef IOBSDNameMatching(mach_port_t mainPort, uint32_t options,
					 const char *bsdName) CF_RETURNS_RETAINED;
CFMutableDictionaryRef IOOpenFirmwarePathMatching(mach_port_t mainPort, uint32_t options,
						  const char *path);
CFMutableDictionaryRef IORegistryEntryIDMatching(uint64_t entryID) CF_RETURNS_RETAINED;
kern_return_t IOServiceOFPathToBSDName(mach_port_t mainPort, const char *openFirmwarePath,
				       io_name_t bsdName);

/* ---- misc ---- */

kern_return_t OSGetNotificationFromMessage(mach_msg_header_t *msg, uint32_t index,
					   uint32_t *type, uintptr_t *reference,
					   void **content, vm_size_t *size);
kern_return_t IOCatalogueSendData(mach_port_t mainPort, uint32_t flag, const char *buffer,
				  uint32_t size);
kern_return_t IOCatalogueTerminate(mach_port_t mainPort, uint32_t flag, io_name_t description);
kern_return_t IOCatalogueGetData(mach_port_t mainPort, uint32_t flag, char **buffer,
				 uint32_t *size);
kern_return_t IOCatalogueModuleLoaded(mach_port_t mainPort, io_name_t name);
kern_return_t IOCatalogueReset(mach_port_t mainPort, uint32_t flag);

#ifdef __cplusplus
}
#endif

#endif
