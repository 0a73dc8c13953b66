// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * p2pfence: global options, then hand over to the verb table (verbs.c).
 * Global options come before the verb, like ip(8): -j -s -n, or combined
 * (-js); -h/--help and -V/--version stand alone.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "verbs.h"

/* Returns 0 when s was a flag group it understood, -1 otherwise. */
static int short_flags(const char *s, struct cli_opts *o)
{
	for (s++; *s; s++) {
		if (*s == 'j')
			o->json = true;
		else if (*s == 's')
			o->stats = true;
		else if (*s == 'n')
			o->numeric = true;
		else
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_opts o = { false, false, false };
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli_usage(stdout, NULL);
			return CLI_OK;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("%s %s\n", CLI_PROG, CLI_VERSION);
			return CLI_OK;
		}
		if (!strcmp(a, "--json"))
			o.json = true;
		else if (!strcmp(a, "--stats"))
			o.stats = true;
		else if (!strcmp(a, "--numeric"))
			o.numeric = true;
		else if (a[1] == '-' || short_flags(a, &o)) {
			cli_err("unknown option \"%s\": expected -j, -s, -n, -h or -V", a);
			return CLI_USAGE;
		}
	}
	if (i == argc) {
		cli_usage(stderr, NULL);
		return CLI_USAGE;
	}
	return cli_dispatch(argc - i, argv + i, &o);
}
