// SPDX-License-Identifier: GPL-2.0 OR MIT
/* One-line error reporting shared by every verb (see cli.h). */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

const char *cli_context;

bool cli_no_more_args(int argc, char **argv, int max)
{
	if (argc <= max)
		return true;
	cli_err("unexpected \"%s\"", argv[max]);
	return false;
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (cli_context)
		fprintf(stderr, "%s: %s: ", CLI_PROG, cli_context);
	else
		fprintf(stderr, "%s: ", CLI_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
