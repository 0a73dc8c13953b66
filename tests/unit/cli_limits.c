// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Prints the CLI's input limits as its headers define them, for
 * 21-cli-hostile.sh: devices, lines, bytes and line length of a restore
 * file, and the sources classify --by-device keeps.
 */
#include <stdio.h>

#include "bydevice.h"
#include "conffile.h"

int main(void)
{
	printf("%d %d %lu %d %d\n", CONF_MAX_DEVICES, CONF_MAX_LINES, CONF_MAX_BYTES,
	       CONF_MAX_LINE, BYDEV_MAX_SOURCES);
	return 0;
}
