/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The verb table: `p2pfence VERB [OBJECT-VERB] ARGS`, resolved with ip(8)
 * style abbreviations. Kept apart from main() so unit tests can check
 * the resolution without running any command.
 */
#ifndef P2PFENCE_VERBS_H
#define P2PFENCE_VERBS_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "parse.h"

/* name comes first: the table is searched by it (parse_keyword_field()). */
struct cli_cmd {
	const char *name;
	cli_handler fn;			/* NULL when sub is set */
	const char *args;		/* usage text after the words */
	const char *help;		/* one line */
	const struct cli_cmd *sub;	/* second-level verbs, or NULL */
	size_t nsub;
	const char *dflt;		/* name of the sub used when none is given, or NULL */
};

/*
 * Resolves the verb words at the start of argv. On success returns the
 * command to run and sets *used to the number of words consumed (1 or 2;
 * 1 when a default subcommand was taken) and *top to the first-level
 * entry. Returns NULL with a message in e otherwise.
 */
const struct cli_cmd *cli_resolve(int argc, char **argv, int *used,
				  const struct cli_cmd **top, struct perr *e);

/* Runs argv (after the global options). Returns the exit code. */
int cli_dispatch(int argc, char **argv, const struct cli_opts *opts);

/* The usage of everything (NULL) or of one first-level verb. */
void cli_usage(FILE *f, const struct cli_cmd *top);

#endif /* P2PFENCE_VERBS_H */
