/* IOKit/storage/IOBlockStorageDriver.h (subset): class name and the keys
 * of its "Statistics" dictionary. */
#ifndef _IOBLOCKSTORAGEDRIVER_H
#define _IOBLOCKSTORAGEDRIVER_H

#include <IOKit/storage/IOStorage.h>

#define kIOBlockStorageDriverClass			"IOBlockStorageDriver"
#define kIOBlockStorageDriverStatisticsKey		"Statistics"
#define kIOBlockStorageDriverStatisticsBytesReadKey	"Bytes (Read)"
#define kIOBlockStorageDriverStatisticsBytesWrittenKey	"Bytes (Write)"
#define kIOBlockStorageDriverStatisticsReadErrorsKey	"Errors (Read)"
#define kIOBlockStorageDriverStatisticsWriteErrorsKey	"Errors (Write)"
#define kIOBlockStorageDriverStatisticsLatentReadTimeKey "Latency Time (Read)"
#define kIOBlockStorageDriverStatisticsLatentWriteTimeKey "Latency Time (Write)"
#define kIOBlockStorageDriverStatisticsReadsKey		"Operations (Read)"
#define kIOBlockStorageDriverStatisticsWritesKey	"Operations (Write)"
#define kIOBlockStorageDriverStatisticsReadRetriesKey	"Retries (Read)"
#define kIOBlockStorageDriverStatisticsWriteRetriesKey	"Retries (Write)"
#define kIOBlockStorageDriverStatisticsTotalReadTimeKey	"Total Time (Read)"
#define kIOBlockStorageDriverStatisticsTotalWriteTimeKey "Total Time (Write)"

#endif
