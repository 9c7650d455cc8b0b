/* IOKit/IOBSD.h: the BSD-name keys (xnu's strings). */
#ifndef _IOBSD_H
#define _IOBSD_H

#define kIOBSDKey	"IOBSD"
#define kIOBSDNameKey	"BSD Name"
#define kIOBSDNamesKey	"BSD Names"
#define kIOBSDMajorKey	"BSD Major"
#define kIOBSDMinorKey	"BSD Minor"
#define kIOBSDUnitKey	"BSD Unit"

#endif
