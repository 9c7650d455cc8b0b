/* IOKit/pwr_mgt/IOPM.h (subset): power-state flags, the battery keys of
 * AppleSmartBattery / IOPMPowerSource entries (kIOPMPS*) and the legacy
 * battery-info keys. */
#ifndef _IOKIT_IOPM_H
#define _IOKIT_IOPM_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMessage.h>
#include <IOKit/IOReturn.h>
#include <IOKit/pwr_mgt/IOPMKeys.h>

enum {
	kIOPMPowerOn = 0x00000002,
	kIOPMDeviceUsable = 0x00008000,
	kIOPMLowPower = 0x00010000,
	kIOPMPreventIdleSleep = 0x00000040,
	kIOPMSleepCapability = 0x00000004,
	kIOPMRestartCapability = 0x00000080,
	kIOPMSleep = 0x00000001,
	kIOPMRestart = 0x00000080,
	kIOPMInitialDeviceState = 0x00000100,
	kIOPMRootDomainState = 0x00000200
};

/* Power source (battery) registry keys */
#define kIOPMPSExternalConnectedKey		"ExternalConnected"
#define kIOPMPSExternalChargeCapableKey		"ExternalChargeCapable"
#define kIOPMPSBatteryInstalledKey		"BatteryInstalled"
#define kIOPMPSIsChargingKey			"IsCharging"
#define kIOPMFullyChargedKey			"FullyCharged"
#define kIOPMPSAtWarnLevelKey			"AtWarnLevel"
#define kIOPMPSAtCriticalLevelKey		"AtCriticalLevel"
#define kIOPMPSCurrentCapacityKey		"CurrentCapacity"
#define kIOPMPSMaxCapacityKey			"MaxCapacity"
#define kIOPMPSDesignCapacityKey		"DesignCapacity"
#define kIOPMPSTimeRemainingKey			"TimeRemaining"
#define kIOPMPSAmperageKey			"Amperage"
#define kIOPMPSVoltageKey			"Voltage"
#define kIOPMPSCycleCountKey			"CycleCount"
#define kIOPMPSMaxErrKey			"MaxErr"
#define kIOPMPSAdapterInfoKey			"AdapterInfo"
#define kIOPMPSLocationKey			"Location"
#define kIOPMPSErrorConditionKey		"ErrorCondition"
#define kIOPMPSManufacturerKey			"Manufacturer"
#define kIOPMPSManufactureDateKey		"ManufactureDate"
#define kIOPMPSModelKey				"Model"
#define kIOPMPSSerialKey			"Serial"
#define kIOPMDeviceNameKey			"DeviceName"
#define kIOPMPSLegacyBatteryInfoKey		"LegacyBatteryInfo"
#define kIOPMPSBatteryHealthKey			"BatteryHealth"
#define kIOPMPSHealthConfidenceKey		"HealthConfidence"
#define kIOPMPSCapacityEstimatedKey		"CapacityEstimated"
#define kIOPMPSBatteryChargeStatusKey		"ChargeStatus"
#define kIOPMPSBatteryTemperatureKey		"Temperature"
#define kIOPMPSAdapterDetailsKey		"AdapterDetails"
#define kIOPMPSChargerConfigurationKey		"ChargerConfiguration"
#define kIOPMPSInstantAmperageKey		"InstantAmperage"
#define kIOPMPSAvgTimeToEmptyKey		"AvgTimeToEmpty"
#define kIOPMPSAvgTimeToFullKey			"AvgTimeToFull"
#define kIOPMPSInstantTimeToEmptyKey		"InstantTimeToEmpty"
#define kIOPMPSInstantTimeToFullKey		"InstantTimeToFull"
#define kIOPMPSPostChargeWaitSecondsKey		"PostChargeWaitSeconds"
#define kIOPMPSPostDishargeWaitSecondsKey	"PostDischargeWaitSeconds"

/* Legacy battery info dictionary keys */
#define kIOBatteryInfoKey		"IOBatteryInfo"
#define kIOBatteryCurrentChargeKey	"Current"
#define kIOBatteryCapacityKey		"Capacity"
#define kIOBatteryFlagsKey		"Flags"
#define kIOBatteryVoltageKey		"Voltage"
#define kIOBatteryAmperageKey		"Amperage"
#define kIOBatteryCycleCountKey		"Cycle Count"

enum {
	kIOBatteryInstalled = (1 << 2),
	kIOBatteryCharge = (1 << 1),
	kIOBatteryChargerConnect = (1 << 0)
};

#endif
