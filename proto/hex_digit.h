/* The value of one hexadecimal digit, shared by every parser of hex text
 * (ioreg literals, escaped file names, SMC key dumps, XML plists, CFUUID
 * strings).  In proto/ so that libIOKit, which may include only proto/ and
 * lib/, uses it too. */
#ifndef IOKITFS_PROTO_HEX_DIGIT_H
#define IOKITFS_PROTO_HEX_DIGIT_H

/* 0-15, or -1 when c is not a hex digit. */
static inline int reg_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
