/* IOPSKeys.h: the keys and values of a power source description
 * (IOPowerSources.h), with the strings macOS uses, so code written for
 * macOS compares and prints the same text. */
#ifndef _IOKIT_PS_IOPSKEYS_H
#define _IOKIT_PS_IOPSKEYS_H

/* Keys of a power source description. */
#define kIOPSPowerSourceIDKey		"Power Source ID"
#define kIOPSPowerSourceStateKey	"Power Source State"
#define kIOPSCurrentCapacityKey		"Current Capacity"	/* percent */
#define kIOPSMaxCapacityKey		"Max Capacity"		/* 100 */
#define kIOPSDesignCapacityKey		"DesignCapacity"	/* mAh */
#define kIOPSNominalCapacityKey		"Nominal Capacity"	/* mAh */
#define kIOPSTimeToEmptyKey		"Time to Empty"		/* minutes, -1 unknown */
#define kIOPSTimeToFullChargeKey	"Time to Full Charge"	/* minutes, -1 unknown */
#define kIOPSIsChargingKey		"Is Charging"
#define kIOPSIsChargedKey		"Is Charged"
#define kIOPSIsFinishingChargeKey	"Is Finishing Charge"
#define kIOPSIsPresentKey		"Is Present"
#define kIOPSVoltageKey			"Voltage"		/* mV */
#define kIOPSCurrentKey			"Current"		/* mA, < 0 discharging */
#define kIOPSNameKey			"Name"
#define kIOPSTypeKey			"Type"
#define kIOPSTransportTypeKey		"Transport Type"
#define kIOPSHardwareSerialNumberKey	"Hardware Serial Number"
#define kIOPSBatteryHealthKey		"BatteryHealth"	/* Good, Fair, Poor */
#define kIOPSBatteryHealthConditionKey	"BatteryHealthCondition"
#define kIOPSDesignCycleCountKey	"DesignCycleCount"
#define kIOPSBatteryProvidesTimeRemaining "Battery Provides Time Remaining"

/* Values. */
#define kIOPSACPowerValue		"AC Power"
#define kIOPSBatteryPowerValue		"Battery Power"
#define kIOPSOffLineValue		"Off Line"
#define kIOPSInternalType		"Internal"
#define kIOPSSerialTransportType	"Serial"
#define kIOPSUSBTransportType		"USB"
#define kIOPSNetworkTransportType	"Ethernet"
#define kIOPSInternalBatteryType	"InternalBattery"
#define kIOPSUPSType			"UPS"
#define kIOPSGoodValue			"Good"
#define kIOPSFairValue			"Fair"
#define kIOPSPoorValue			"Poor"
#define kIOPSCheckBatteryValue		"Check Battery"
#define kIOPSPermanentFailureValue	"Permanent Battery Failure"

/* IOPSCopyExternalPowerAdapterDetails. */
#define kIOPSPowerAdapterIDKey		"AdapterID"
#define kIOPSPowerAdapterWattsKey	"Watts"
#define kIOPSPowerAdapterRevisionKey	"AdapterRevision"
#define kIOPSPowerAdapterSerialNumberKey "SerialNumber"
#define kIOPSPowerAdapterFamilyKey	"FamilyCode"
#define kIOPSPowerAdapterCurrentKey	"Current"
#define kIOPSPowerAdapterSourceKey	"Source"

/* IOPSGetProvidingPowerSourceType's answers (IOPM.h on macOS). */
#ifndef kIOPMACPowerKey
#define kIOPMACPowerKey			"AC Power"
#define kIOPMBatteryPowerKey		"Battery Power"
#define kIOPMUPSPowerKey		"UPS Power"
#endif

#endif
