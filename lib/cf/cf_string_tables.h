/* Single-byte encodings CF code uses: the upper halves of Mac OS Roman (from
 * proto/macroman_table.h, shared with the daemon) and Windows-1252 as Unicode
 * code points (ISO Latin-1 is the identity).
 * Generated from the encodings' published mappings; Windows-1252's five
 * undefined bytes map to the C1 controls of the same value. */
#ifndef IOKITFS_LIB_CF_STRING_TABLES_H
#define IOKITFS_LIB_CF_STRING_TABLES_H

#include <stdint.h>

#include "macroman_table.h"	/* mac_roman_high */

/* 0x80..0x9f in Windows-1252; 0xa0..0xff equal Latin-1 */
static const uint16_t cp1252_c1[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

#endif
