// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The verb table and its dispatcher (see verbs.h). */
#include <string.h>

#include "output.h"
#include "verbs.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int cmd_help(int argc, char **argv, const struct cli_opts *opts);

/* A verb with its handler; a verb of subcommands (the default named). */
#define VERB(n, f, a, h) { .name = n, .fn = f, .args = a, .help = h }
#define GROUP(n, h, subs, d) \
	{ .name = n, .help = h, .sub = subs, .nsub = N(subs), .dflt = d }

static const struct cli_cmd device_cmds[] = {
	VERB("add", cmd_device_add,
	     "NAME [mac MAC] [ip ADDR]... [prefix PREFIX]... [iif IFNAME] [mode block|monitor|allow|mark] [proto LIST|all] [lan PREFIX]... [fanout on|off]",
	     "register a device and its policy"),
	VERB("set", cmd_device_set,
	     "NAME [mac MAC|none] [ip ADDR|none]... [prefix PREFIX|none]... [iif IFNAME|none] [mode MODE] [proto LIST|all] [lan PREFIX|none]... [fanout on|off]",
	     "change the given properties of a device"),
	VERB("del", cmd_device_del, "NAME", "forget a device"),
	VERB("show", cmd_device_show, "[NAME]", "list devices (-s: with counters)"),
	VERB("flush", cmd_device_flush, "", "forget every device"),
};

static const struct cli_cmd proto_cmds[] = {
	VERB("list", cmd_proto_list, "", "protocols the module recognises"),
};

static const struct cli_cmd lan_cmds[] = {
	VERB("show", cmd_lan_show, "", "the global LAN prefixes (never dropped)"),
	VERB("set", cmd_lan_set, "PREFIX...|none", "replace the global LAN prefixes"),
	VERB("add", cmd_lan_add, "PREFIX...", "add global LAN prefixes"),
	VERB("del", cmd_lan_del, "PREFIX...", "remove global LAN prefixes"),
};

static const struct cli_cmd config_cmds[] = {
	VERB("show", cmd_config_show, "", "module settings of this namespace"),
	VERB("set", cmd_config_set,
	     "[flow-timeout SECONDS] [event-rate N] [fanout-threshold N] [mark VALUE[/MASK]]",
	     "change module settings"),
};

static const struct cli_cmd flows_cmds[] = {
	VERB("flush", cmd_flows_flush, "", "forget every remembered P2P flow"),
};

static const struct cli_cmd discover_cmds[] = {
	VERB("show", cmd_discover_show, "[--suggest]",
	     "untagged sources seen speaking P2P (--suggest: device add lines tagging them)"),
	VERB("on", cmd_discover_on, "", "start recording untagged sources that speak P2P"),
	VERB("off", cmd_discover_off, "", "stop, and forget every recorded source"),
	VERB("flush", cmd_discover_flush, "", "forget every recorded source"),
};

static const struct cli_cmd top_cmds[] = {
	GROUP("device", "tagged devices and their policy", device_cmds, "show"),
	VERB("stats", cmd_stats, "[--prometheus]", "counters: global, per device, per protocol"),
	VERB("monitor", cmd_monitor, "[--count N] [--timeout SECONDS] [--journal | --syslog]",
	     "print detection and drop events as they happen"),
	GROUP("proto", "recognised protocols", proto_cmds, "list"),
	GROUP("lan", "global LAN prefixes", lan_cmds, "show"),
	GROUP("config", "module settings", config_cmds, "show"),
	GROUP("flows", "flow memory", flows_cmds, NULL),
	GROUP("discover", "untagged devices that speak P2P", discover_cmds, "show"),
	VERB("save", cmd_save, "", "print the whole configuration in restore syntax"),
	VERB("restore", cmd_restore, "[FILE]",
	     "replace the configuration with FILE (or stdin), all or nothing"),
	VERB("classify", cmd_classify, "[--device ADDR] FILE.pcap...",
	     "recognise P2P traffic in captures, offline"),
	VERB("version", cmd_version, "", "versions of the CLI and of the module"),
	VERB("help", cmd_help, "[VERB]", "this help"),
};

static int find(const char *word, const struct cli_cmd *cmds, size_t n,
		const char *what, struct perr *e)
{
	return parse_keyword_field(word, &cmds[0].name, n, sizeof(cmds[0]), what, e);
}

/* The subcommand a group runs when given none, or NULL. */
static const struct cli_cmd *default_sub(const struct cli_cmd *t)
{
	size_t i;

	for (i = 0; t->dflt && i < t->nsub; i++)
		if (!strcmp(t->sub[i].name, t->dflt))
			return &t->sub[i];
	return NULL;
}

const struct cli_cmd *cli_resolve(int argc, char **argv, int *used,
				  const struct cli_cmd **top, struct perr *e)
{
	const struct cli_cmd *t;
	char what[48];
	int i;

	if (argc < 1) {
		perr(e, "missing verb: try \"" CLI_PROG " help\"");
		return NULL;
	}
	i = find(argv[0], top_cmds, N(top_cmds), "verb", e);
	if (i < 0)
		return NULL;
	t = &top_cmds[i];
	*top = t;
	*used = 1;
	if (!t->sub)
		return t;
	if (argc < 2 || (argv[1][0] == '-' && default_sub(t))) {
		if (default_sub(t))
			return default_sub(t);
		perr(e, "%s: missing command: expected %s", t->name, t->sub[0].name);
		return NULL;
	}
	snprintf(what, sizeof(what), "%s command", t->name);
	i = find(argv[1], t->sub, t->nsub, what, e);
	if (i < 0)
		return NULL;
	*used = 2;
	return &t->sub[i];
}

static void usage_line(FILE *f, const struct cli_cmd *top, const struct cli_cmd *c)
{
	fprintf(f, "  %s %s%s%s%s%s\n      %s\n", CLI_PROG, top ? top->name : "",
		top ? " " : "", c->name, *c->args ? " " : "", c->args, c->help);
}

void cli_usage(FILE *f, const struct cli_cmd *top)
{
	size_t i, j;

	if (top) {
		fprintf(f, "Usage:\n");
		if (!top->sub)
			usage_line(f, NULL, top);
		for (j = 0; j < top->nsub; j++)
			usage_line(f, top, &top->sub[j]);
		return;
	}
	fprintf(f, "Usage: %s [-j] [-s] [-n] VERB [ARGS]\n"
		"  -j, --json      JSON output\n"
		"  -s, --stats     include counters\n"
		"  -n, --numeric   numbers instead of protocol and kind names\n"
		"  -h, --help      this help;  -V, --version  the version\n"
		"Verbs (any unambiguous prefix works, e.g. \"dev sh\"):\n", CLI_PROG);
	for (i = 0; i < N(top_cmds); i++) {
		if (!top_cmds[i].sub)
			usage_line(f, NULL, &top_cmds[i]);
		for (j = 0; j < top_cmds[i].nsub; j++)
			usage_line(f, &top_cmds[i], &top_cmds[i].sub[j]);
	}
	fprintf(f, "Exit status: 0 success, 1 error, 2 command line not understood.\n");
}

static int cmd_help(int argc, char **argv, const struct cli_opts *opts)
{
	struct perr e;
	int i;

	(void)opts;
	if (argc < 2) {
		cli_usage(stdout, NULL);
		return CLI_OK;
	}
	i = find(argv[1], top_cmds, N(top_cmds), "verb", &e);
	if (i < 0) {
		cli_err("%s", e.msg);
		return CLI_USAGE;
	}
	cli_usage(stdout, &top_cmds[i]);
	return CLI_OK;
}

static bool wants_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h") || !strcmp(s, "help");
}

/*
 * The handler, between the output layer's start and its one check of
 * stdout. A handler that failed has said why; save checks its own writes.
 */
static int run(const struct cli_cmd *c, int argc, char **argv, const struct cli_opts *opts)
{
	int ret;

	output_init(opts->json);
	ret = c->fn(argc, argv, opts);
	if (ret == CLI_OK && !output_done())
		ret = CLI_ERR;
	return ret;
}

int cli_dispatch(int argc, char **argv, const struct cli_opts *opts)
{
	static char context[64];
	static char *dflt_argv[2];
	const struct cli_cmd *c, *top = NULL;
	struct perr e;
	int used;

	c = cli_resolve(argc, argv, &used, &top, &e);
	if (!c) {
		cli_context = NULL;
		cli_err("%s", e.msg);
		return CLI_USAGE;
	}
	if (top->sub)
		snprintf(context, sizeof(context), "%s %s", top->name, c->name);
	else
		snprintf(context, sizeof(context), "%s", c->name);
	cli_context = context;
	if (c->fn != cmd_help && argc > used && wants_help(argv[used])) {
		cli_usage(stdout, top);
		return CLI_OK;
	}
	if (used == 1 && top->sub) {
		/* default subcommand: the handler still sees its own name first */
		dflt_argv[0] = (char *)c->name;
		if (!cli_no_more_args(argc, argv, 1))
			return CLI_USAGE;
		return run(c, 1, dflt_argv, opts);
	}
	return run(c, argc - used + 1, argv + used - 1, opts);
}
