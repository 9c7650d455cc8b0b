#!/bin/sh
# gen_big.sh BUSES DEVICES: writes to stdout an ioreg -a XML dump with a
# plane root, BUSES bus entries and DEVICES device entries under each (each
# with a few properties, nested ones included): BUSES * (DEVICES + 1) + 2
# entries, for measuring iokit-html and iokit-diff at scale.
awk -v buses="${1:-100}" -v devs="${2:-199}" 'BEGIN {
	id = 4294967552  # 0x100000100
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<plist version=\"1.0\">"
	printf "<dict><key>IORegistryEntryName</key><string>Root</string><key>IORegistryEntryID</key><integer>%.0f</integer>", id++
	print "<key>IOObjectClass</key><string>IORegistryEntry</string><key>IORegistryEntryChildren</key><array>"
	printf "<dict><key>IORegistryEntryName</key><string>BigMac1,1</string><key>IORegistryEntryID</key><integer>%.0f</integer>", id++
	print "<key>IOObjectClass</key><string>IOPlatformExpertDevice</string><key>IOServiceState</key><integer>6</integer><key>IORegistryEntryChildren</key><array>"
	for (b = 0; b < buses; b++) {
		printf "<dict><key>IORegistryEntryName</key><string>Bus</string><key>IORegistryEntryLocation</key><string>%x</string><key>IORegistryEntryID</key><integer>%.0f</integer>", b, id++
		printf "<key>IOObjectClass</key><string>IOPCIBridge</string><key>IOServiceState</key><integer>6</integer><key>bus-number</key><integer>%d</integer><key>IORegistryEntryChildren</key><array>\n", b
		for (d = 0; d < devs; d++) {
			printf "<dict><key>IORegistryEntryName</key><string>Device%d</string><key>IORegistryEntryLocation</key><string>%x,%x</string><key>IORegistryEntryID</key><integer>%.0f</integer>", d % 7, d, b, id++
			printf "<key>IOObjectClass</key><string>IOPCIDevice</string><key>IOServiceState</key><integer>%d</integer>", d % 50 ? 6 : 2
			printf "<key>device-id</key><data>%s</data><key>model</key><string>Device model %d-%d</string>", (d % 2 ? "AAEC" : "m7zA"), b, d
			printf "<key>IOPowerManagement</key><dict><key>CurrentPowerState</key><integer>%d</integer><key>MaxPowerState</key><integer>2</integer></dict>", d % 3
			printf "<key>compatible</key><data>cGNpODA4NixhM2VkAHBjaWNsYXNzLDBjMDMzMAA=</data><key>slots</key><array><integer>1</integer><integer>%d</integer></array></dict>\n", d
		}
		print "</array></dict>"
	}
	print "</array></dict></array></dict></plist>"
}'
