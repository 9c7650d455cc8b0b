/* IOKit/serial/ioss.h: the serial ioctl macOS adds for arbitrary speeds.
 * On Linux the request exists under the same name as a termios2-style
 * speed setting is not portable; IOSSIOSPEED is defined so code builds,
 * and the ioctl fails with ENOTTY on a Linux tty. */
#ifndef _IOSS_H_
#define _IOSS_H_

#include <sys/ioctl.h>
#include <termios.h>

#define IOSSIOSPEED	_IOW('T', 2, speed_t)
#define IOSSDATALAT	_IOW('T', 0, unsigned long)
#define IOSSPREEMPT	_IOW('T', 1, int)

#endif
