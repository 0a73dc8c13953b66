// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `p2pfence save` and `p2pfence restore [FILE]`. save prints the whole
 * state in restore syntax (devices sorted by name, so save -> restore ->
 * save is byte-identical). restore validates the whole file first, then
 * replaces the state; if the module refuses anything on the way it puts
 * the previous state back and names the line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conffile.h"
#include "devmsg.h"

struct state {
	struct lan_list lan;
	struct cfg_values cfg;
	struct dev_list devs;
};

static int snapshot(struct nl *nl, struct state *s)
{
	memset(s, 0, sizeof(*s));
	if (lan_get(nl, &s->lan) < 0 || config_get(nl, &s->cfg) < 0)
		return -1;
	return dev_fetch(nl, NULL, false, &s->devs);
}

int cmd_save(int argc, char **argv, const struct cli_opts *opts)
{
	struct dev_info di;
	struct state s;
	struct nl nl;
	size_t i;

	(void)opts;
	if (argc > 1) {
		cli_err("unexpected \"%s\": save writes to stdout (p2pfence save > FILE)", argv[1]);
		return CLI_USAGE;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (snapshot(&nl, &s) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	printf("# p2pfence configuration, written by \"p2pfence save\".\n"
	       "# Apply with \"p2pfence restore FILE\": it replaces every device.\n");
	lan_format(&s.lan, stdout);
	config_format(&s.cfg, stdout);
	/* A failed write is the dispatcher's to report, as for every verb. */
	for (i = 0; i < s.devs.n; i++) {
		dev_get(&s.devs, i, &di);
		devspec_format(&di.spec, stdout);
	}
	dev_list_free(&s.devs);
	return CLI_OK;
}

/* Where applying stopped: line 0 means a step without a line of its own. */
struct failure {
	unsigned int line;
	char msg[400];
};

static bool failed(struct nl *nl, unsigned int line, struct failure *f)
{
	f->line = line;
	if (nl->err)
		nl_strerror(nl, f->msg, sizeof(f->msg));
	else
		snprintf(f->msg, sizeof(f->msg), "netlink failure (see above)");
	return false;
}

/* Drops this socket's pending table; closing the socket would too. */
static void abort_replace(struct nl *nl)
{
	int err = nl->err;
	char extack[sizeof(nl->extack)];

	memcpy(extack, nl->extack, sizeof(extack));
	nl_talk(nl, nl_request(nl, P2PF_CMD_REPLACE_ABORT, 0), NULL, NULL);
	nl->err = err;
	memcpy(nl->extack, extack, sizeof(extack));
}

/*
 * Replaces the state in one step (uapi: P2PF_CMD_REPLACE_*): every device
 * goes into a pending table, pipelined, and the commit swaps it in with
 * the LAN list and the configuration. Until then the old state holds; on
 * any failure it stays, and so it does if we die half-way.
 */
static bool apply(struct nl *nl, const struct conf *c, struct failure *f)
{
	struct nlmsghdr *nlh;
	struct dev_spec spec;
	struct nl_batch b;
	size_t i;

	if (nl_talk(nl, nl_request(nl, P2PF_CMD_REPLACE_BEGIN, 0), NULL, NULL) < 0)
		return failed(nl, 0, f);
	if (nl_batch_init(&b, nl) < 0) {
		abort_replace(nl);
		return failed(nl, 0, f);
	}
	for (i = 0; i < c->ndevs && !b.failed; i++) {
		nlh = nl_batch_request(&b, P2PF_CMD_NEW_DEVICE);
		if (!nlh)
			break;
		devspec_unpack(c->devs[i].spec, &spec);
		devmsg_put(nlh, &spec);
		mnl_attr_put(nlh, P2PF_A_REPLACE, 0, NULL);
		nl_batch_commit(&b, nlh, i);
	}
	if ((i < c->ndevs && !b.failed) || nl_batch_flush(&b) < 0 || b.failed) {
		unsigned int line = b.failed ? c->devs[b.failed_cookie].line : 0;

		nl_batch_free(&b);
		abort_replace(nl);
		return failed(nl, line, f);
	}
	nl_batch_free(&b);
	nlh = nl_request(nl, P2PF_CMD_REPLACE_COMMIT, 0);
	if (c->has_lan)
		nl_put_prefix_list(nlh, P2PF_A_LAN, c->lan.p, c->lan.n);
	if (c->cfg.has)
		config_put(nlh, &c->cfg);
	if (nl_talk(nl, nlh, NULL, NULL) < 0) {
		abort_replace(nl);
		return failed(nl, c->has_lan ? c->lan_line : c->cfg_line, f);
	}
	return true;
}

int cmd_restore(int argc, char **argv, const struct cli_opts *opts)
{
	const char *fname = "<stdin>";
	struct failure fail;
	struct conf c;
	struct perr e;
	struct nl nl;
	FILE *f = stdin;
	bool ok;

	(void)opts;
	if (!cli_no_more_args(argc, argv, 2))
		return CLI_USAGE;
	if (argc == 2 && strcmp(argv[1], "-")) {
		fname = argv[1];
		f = fopen(fname, "r");
		if (!f) {
			cli_err("%s: %s", fname, strerror(errno));
			return CLI_ERR;
		}
	}
	ok = conf_parse(f, fname, &c, &e);
	if (f != stdin)
		fclose(f);
	if (!ok) {
		cli_err("%s", e.msg);
		return CLI_ERR;
	}
	if (nl_open(&nl) < 0) {
		conf_free(&c);
		return CLI_ERR;
	}
	ok = apply(&nl, &c, &fail);
	if (!ok) {
		if (fail.line)
			cli_err("%s:%u: %s", fname, fail.line, fail.msg);
		else
			cli_err("%s: %s", fname, fail.msg);
		cli_err("nothing changed: the previous configuration is still in place");
	}
	conf_free(&c);
	nl_close(&nl);
	return ok ? CLI_OK : CLI_ERR;
}
