/* CoreFoundation/CFPlugInCOM.h for libIOKit on Linux: the COM types IOKit
 * plug-in interfaces are written with (IUnknown and its vtable).  There is
 * no CFPlugIn loader here: IOCreatePlugInInterfaceForService answers as
 * macOS does when no plug-in is installed. */
#ifndef __COREFOUNDATION_CFPLUGINCOM__
#define __COREFOUNDATION_CFPLUGINCOM__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFUUID.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef SInt32 HRESULT;
typedef UInt32 ULONG;
typedef void *LPVOID;
typedef CFUUIDBytes REFIID;

#define SUCCEEDED(Status)	((HRESULT)(Status) >= 0)
#define FAILED(Status)		((HRESULT)(Status) < 0)
#define IS_ERROR(Status)	((unsigned long)(Status) >> 31 == SEVERITY_ERROR)
#define HRESULT_CODE(hr)	((hr) & 0xFFFF)
#define HRESULT_FACILITY(hr)	(((hr) >> 16) & 0x1fff)
#define SCODE_SEVERITY(sc)	(((sc) >> 31) & 0x1)
#define SEVERITY_SUCCESS	0
#define SEVERITY_ERROR		1
#define MAKE_HRESULT(sev, fac, code) \
	((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | \
		   ((unsigned long)(code))))

#define S_OK		((HRESULT)0x00000000L)
#define S_FALSE		((HRESULT)0x00000001L)
#define E_UNEXPECTED	((HRESULT)0x8000FFFFL)
#define E_NOTIMPL	((HRESULT)0x80000001L)
#define E_OUTOFMEMORY	((HRESULT)0x80000002L)
#define E_INVALIDARG	((HRESULT)0x80000003L)
#define E_NOINTERFACE	((HRESULT)0x80000004L)
#define E_POINTER	((HRESULT)0x80000005L)
#define E_HANDLE	((HRESULT)0x80000006L)
#define E_ABORT		((HRESULT)0x80000007L)
#define E_FAIL		((HRESULT)0x80000008L)
#define E_ACCESSDENIED	((HRESULT)0x80000009L)

/* 00000000-0000-0000-C000-000000000046 */
#define IUnknownUUID CFUUIDGetConstantUUIDWithBytes(kCFAllocatorSystemDefault, \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, \
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)

#define IUNKNOWN_C_GUTS \
	void *_reserved; \
	HRESULT (*QueryInterface)(void *thisPointer, REFIID iid, LPVOID *ppv); \
	ULONG (*AddRef)(void *thisPointer); \
	ULONG (*Release)(void *thisPointer)

typedef struct IUnknownVTbl {
	IUNKNOWN_C_GUTS;
} IUnknownVTbl;

#ifdef __cplusplus
}
#endif

#endif
