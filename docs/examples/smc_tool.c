/* A command-line SMC tool written the way macOS SMC tools are (smcFanControl's
 * smc.c, iStats): open AppleSMC's user client and talk to it with struct
 * method 2 (kSMCHandleYPCEvent) and an SMCKeyData_t.
 *
 *   smc_tool -l              every key: name, type and bytes
 *   smc_tool -r KEY          one key
 *   smc_tool -w KEY HEX...   write bytes (root), e.g. -w F0Mn 05 dc
 *
 *   cc -Ilib/include smc_tool.c -lIOKit   (IOKIT_ROOT=MNT ./a.out -l) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <IOKit/IOKitLib.h>

#define KERNEL_INDEX_SMC	2
#define SMC_CMD_READ_BYTES	5
#define SMC_CMD_WRITE_BYTES	6
#define SMC_CMD_READ_INDEX	8
#define SMC_CMD_READ_KEYINFO	9

typedef struct {
	char major;
	char minor;
	char build;
	char reserved[1];
	UInt16 release;
} SMCKeyData_vers_t;

typedef struct {
	UInt16 version;
	UInt16 length;
	UInt32 cpuPLimit;
	UInt32 gpuPLimit;
	UInt32 memPLimit;
} SMCKeyData_pLimitData_t;

typedef struct {
	UInt32 dataSize;
	UInt32 dataType;
	char dataAttributes;
} SMCKeyData_keyInfo_t;

typedef unsigned char SMCBytes_t[32];

typedef struct {
	UInt32 key;
	SMCKeyData_vers_t vers;
	SMCKeyData_pLimitData_t pLimitData;
	SMCKeyData_keyInfo_t keyInfo;
	char result;
	char status;
	char data8;
	UInt32 data32;
	SMCBytes_t bytes;
} SMCKeyData_t;

static io_connect_t conn;

static UInt32 fourcc(const char *s)
{
	UInt32 v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | (unsigned char)(s[i] ? s[i] : ' ');	/* padded */
	return v;
}

static void fourcc_text(UInt32 v, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = (char)(v >> (24 - 8 * i));
	out[4] = '\0';
}

static kern_return_t smc_call(SMCKeyData_t *in, SMCKeyData_t *out)
{
	size_t out_size = sizeof(*out);

	return IOConnectCallStructMethod(conn, KERNEL_INDEX_SMC, in, sizeof(*in), out,
					 &out_size);
}

/* Reads key: size, type and bytes.  Returns 0, or prints why and -1. */
static int read_key(UInt32 key, SMCKeyData_t *val)
{
	SMCKeyData_t in, out;
	kern_return_t kr;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.key = key;
	in.data8 = SMC_CMD_READ_KEYINFO;
	kr = smc_call(&in, &out);
	if (kr != kIOReturnSuccess || out.result) {
		fprintf(stderr, "smc_tool: key info: %#x, SMC result %#x\n", kr,
			(unsigned char)out.result);
		return -1;
	}
	in.keyInfo.dataSize = out.keyInfo.dataSize;
	in.data8 = SMC_CMD_READ_BYTES;
	*val = out;
	memset(&out, 0, sizeof(out));
	kr = smc_call(&in, &out);
	if (kr != kIOReturnSuccess || out.result) {
		fprintf(stderr, "smc_tool: read: %#x, SMC result %#x\n", kr,
			(unsigned char)out.result);
		return -1;
	}
	memcpy(val->bytes, out.bytes, sizeof(out.bytes));
	return 0;
}

static void print_key(UInt32 key, const SMCKeyData_t *val)
{
	char name[5], type[5];

	fourcc_text(key, name);
	fourcc_text(val->keyInfo.dataType, type);
	printf("  %s  [%s]  (bytes", name, type);
	for (UInt32 i = 0; i < val->keyInfo.dataSize && i < sizeof(val->bytes); i++)
		printf(" %02x", val->bytes[i]);
	printf(")\n");
}

static int list_keys(void)
{
	SMCKeyData_t in, out, val;
	UInt32 count;

	if (read_key(fourcc("#KEY"), &val) != 0)
		return 1;
	count = (UInt32)val.bytes[0] << 24 | (UInt32)val.bytes[1] << 16 |
		(UInt32)val.bytes[2] << 8 | val.bytes[3];
	for (UInt32 i = 0; i < count; i++) {
		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		in.data8 = SMC_CMD_READ_INDEX;
		in.data32 = i;
		if (smc_call(&in, &out) != kIOReturnSuccess || out.result) {
			fprintf(stderr, "smc_tool: no key at index %u\n", (unsigned)i);
			return 1;
		}
		if (read_key(out.key, &val) != 0)
			return 1;
		print_key(out.key, &val);
	}
	return 0;
}

static int write_key(const char *name, int nbytes, char **hex)
{
	SMCKeyData_t in, out, info;
	kern_return_t kr;

	if (read_key(fourcc(name), &info) != 0)
		return 1;
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.key = fourcc(name);
	in.data8 = SMC_CMD_WRITE_BYTES;
	in.keyInfo.dataSize = (UInt32)nbytes;
	for (int i = 0; i < nbytes && i < 32; i++)
		in.bytes[i] = (unsigned char)strtoul(hex[i], NULL, 16);
	kr = smc_call(&in, &out);
	if (kr != kIOReturnSuccess || out.result) {
		fprintf(stderr, "smc_tool: write: %#x, SMC result %#x\n", kr,
			(unsigned char)out.result);
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	io_service_t service;
	SMCKeyData_t val;
	kern_return_t kr;
	int ret = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: %s -l | -r KEY | -w KEY HEX...\n", argv[0]);
		return 2;
	}
	service = IOServiceGetMatchingService(kIOMasterPortDefault, IOServiceMatching("AppleSMC"));
	if (!service) {
		fprintf(stderr, "smc_tool: no AppleSMC\n");
		return 1;
	}
	kr = IOServiceOpen(service, mach_task_self(), 0, &conn);
	IOObjectRelease(service);
	if (kr != kIOReturnSuccess) {
		fprintf(stderr, "smc_tool: IOServiceOpen: %#x\n", kr);
		return 1;
	}
	if (!strcmp(argv[1], "-l")) {
		ret = list_keys();
	} else if (!strcmp(argv[1], "-r") && argc == 3 && strlen(argv[2]) <= 4) {
		ret = read_key(fourcc(argv[2]), &val) ? 1 : 0;
		if (!ret)
			print_key(fourcc(argv[2]), &val);
	} else if (!strcmp(argv[1], "-w") && argc >= 4 && strlen(argv[2]) <= 4) {
		ret = write_key(argv[2], argc - 3, argv + 3);
	} else {
		fprintf(stderr, "usage: %s -l | -r KEY | -w KEY HEX...\n", argv[0]);
	}
	IOServiceClose(conn);
	return ret;
}
