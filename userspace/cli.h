/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What every verb of the p2pfence CLI shares: the global options, the
 * handler signature, the exit codes and the one-line error reporting.
 */
#ifndef P2PFENCE_CLI_H
#define P2PFENCE_CLI_H

#include <stdbool.h>

#include "../kmod/version.h"

struct cli_opts { bool json; bool stats; bool numeric; };

/* Exit codes, documented in p2pfence(8). */
#define CLI_OK		0	/* success */
#define CLI_ERR		1	/* bad value, kernel refusal, module missing */
#define CLI_USAGE	2	/* the command line could not be understood */

#ifndef CLI_PROG		/* tests/tools/nlbad names itself */
#define CLI_PROG	"p2pfence"
#endif
/* The module's version is the project's: kmod/version.h is its one home. */
#define CLI_VERSION	P2PF_VERSION

/*
 * Handlers get argv[0] == their own (sub)verb, e.g. "add" for
 * `p2pfence device add cam1 ...`, and return one of the exit codes.
 */
typedef int (*cli_handler)(int argc, char **argv, const struct cli_opts *opts);

/* "device add": set by the dispatcher, prefixes every error line. */
extern const char *cli_context;

/* Prints "p2pfence: CONTEXT: MESSAGE" on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* argc <= max, or false after saying `unexpected "argv[max]"`. */
bool cli_no_more_args(int argc, char **argv, int max);

/* Every handler, one per verb of the table in verbs.c. */
int cmd_device_add(int argc, char **argv, const struct cli_opts *opts);
int cmd_device_set(int argc, char **argv, const struct cli_opts *opts);
int cmd_device_del(int argc, char **argv, const struct cli_opts *opts);
int cmd_device_show(int argc, char **argv, const struct cli_opts *opts);
int cmd_device_flush(int argc, char **argv, const struct cli_opts *opts);
int cmd_stats(int argc, char **argv, const struct cli_opts *opts);
int cmd_monitor(int argc, char **argv, const struct cli_opts *opts);
int cmd_proto_list(int argc, char **argv, const struct cli_opts *opts);
int cmd_lan_show(int argc, char **argv, const struct cli_opts *opts);
int cmd_lan_set(int argc, char **argv, const struct cli_opts *opts);
int cmd_lan_add(int argc, char **argv, const struct cli_opts *opts);
int cmd_lan_del(int argc, char **argv, const struct cli_opts *opts);
int cmd_config_show(int argc, char **argv, const struct cli_opts *opts);
int cmd_config_set(int argc, char **argv, const struct cli_opts *opts);
int cmd_flows_flush(int argc, char **argv, const struct cli_opts *opts);
int cmd_save(int argc, char **argv, const struct cli_opts *opts);
int cmd_restore(int argc, char **argv, const struct cli_opts *opts);
int cmd_version(int argc, char **argv, const struct cli_opts *opts);
int cmd_classify(int argc, char **argv, const struct cli_opts *opts);
int cmd_discover_on(int argc, char **argv, const struct cli_opts *opts);
int cmd_discover_off(int argc, char **argv, const struct cli_opts *opts);
int cmd_discover_show(int argc, char **argv, const struct cli_opts *opts);
int cmd_discover_flush(int argc, char **argv, const struct cli_opts *opts);

#endif /* P2PFENCE_CLI_H */
