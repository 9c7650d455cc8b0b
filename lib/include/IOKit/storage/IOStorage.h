/* IOKit/storage/IOStorage.h (subset): the storage family's base class. */
#ifndef _IOSTORAGE_H
#define _IOSTORAGE_H

#include <IOKit/IOTypes.h>

#define kIOStorageClass			"IOStorage"
#define kIOStorageCategory		"IOStorage"

typedef UInt32 IOStorageAccess;
enum {
	kIOStorageAccessNone = 0x00,
	kIOStorageAccessReader = 0x01,
	kIOStorageAccessReaderWriter = 0x03,
	kIOStorageAccessSharedLock = 0x04,
	kIOStorageAccessExclusiveLock = 0x08
};

#endif
