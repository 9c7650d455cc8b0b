/* Written the way SMC tools (smcFanControl's smc, osx-cpu-temp) are: only
 * <IOKit/IOKitLib.h>, the AppleSMC structures declared by the tool itself,
 * IOServiceOpen + IOConnectCallStructMethod(KERNEL_INDEX_SMC).  Prints
 * "FNum <n>", "TC0P <celsius>" and "F0Ac <rpm>" (fpe2). */
#include <stdio.h>
#include <string.h>
#include <IOKit/IOKitLib.h>

#define KERNEL_INDEX_SMC	2
#define SMC_CMD_READ_BYTES	5
#define SMC_CMD_READ_KEYINFO	9

typedef struct { char major, minor, build, reserved[1]; UInt16 release; } SMCKeyData_vers_t;
typedef struct { UInt16 version, length; UInt32 cpuPLimit, gpuPLimit, memPLimit; } SMCKeyData_pLimitData_t;
typedef struct { UInt32 dataSize, dataType; char dataAttributes; } SMCKeyData_keyInfo_t;
typedef char SMCBytes_t[32];
typedef struct {
	UInt32 key;
	SMCKeyData_vers_t vers;
	SMCKeyData_pLimitData_t pLimitData;
	SMCKeyData_keyInfo_t keyInfo;
	char result, status, data8;
	UInt32 data32;
	SMCBytes_t bytes;
} SMCKeyData_t;

static io_connect_t conn;

static UInt32 key_code(const char *s)
{
	return (UInt32)s[0] << 24 | (UInt32)s[1] << 16 | (UInt32)s[2] << 8 | (UInt32)s[3];
}

static kern_return_t call(SMCKeyData_t *in, SMCKeyData_t *out)
{
	size_t outsize = sizeof(*out);

	return IOConnectCallStructMethod(conn, KERNEL_INDEX_SMC, in, sizeof(*in), out, &outsize);
}

static int read_key(const char *key, UInt8 *bytes, UInt32 *size)
{
	SMCKeyData_t in, out;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.key = key_code(key);
	in.data8 = SMC_CMD_READ_KEYINFO;
	if (call(&in, &out) != kIOReturnSuccess || out.result)
		return -1;
	*size = out.keyInfo.dataSize;
	in.keyInfo.dataSize = *size;
	in.data8 = SMC_CMD_READ_BYTES;
	memset(&out, 0, sizeof(out));
	if (call(&in, &out) != kIOReturnSuccess || out.result)
		return -1;
	memcpy(bytes, out.bytes, *size);
	return 0;
}

int main(void)
{
	io_service_t smc = IOServiceGetMatchingService(kIOMasterPortDefault,
						       IOServiceMatching("AppleSMC"));
	UInt8 b[32];
	UInt32 n;

	if (!smc || IOServiceOpen(smc, mach_task_self(), 0, &conn) != kIOReturnSuccess) {
		fprintf(stderr, "cannot open AppleSMC\n");
		return 1;
	}
	IOObjectRelease(smc);
	if (read_key("FNum", b, &n) == 0)
		printf("FNum %u\n", b[0]);
	if (read_key("TC0P", b, &n) == 0)
		printf("TC0P %.3f\n", (double)(((int)(signed char)b[0] << 8 | b[1])) / 256.0);
	if (read_key("F0Ac", b, &n) == 0)
		printf("F0Ac %u\n", (unsigned)((b[0] << 8 | b[1]) >> 2));
	IOServiceClose(conn);
	return 0;
}
