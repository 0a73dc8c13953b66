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
	struct p2pf_config cfg;
	struct dev_info *devs;
	size_t ndevs;
};

static int snapshot(struct nl *nl, struct state *s)
{
	memset(s, 0, sizeof(*s));
	if (lan_get(nl, &s->lan) < 0 || config_get(nl, &s->cfg) < 0)
		return -1;
	return dev_fetch(nl, NULL, &s->devs, &s->ndevs);
}

int cmd_save(int argc, char **argv, const struct cli_opts *opts)
{
	struct state s;
	struct nl nl;
	size_t i;
	int ret = CLI_OK;

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
	for (i = 0; i < s.ndevs; i++)
		devspec_format(&s.devs[i].spec, stdout);
	if (fflush(stdout) || ferror(stdout)) {
		cli_err("write error: %s", strerror(errno));
		ret = CLI_ERR;
	}
	free(s.devs);
	return ret;
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

/* Replaces the state: flush, LAN, config, then every device, pipelined. */
static bool apply(struct nl *nl, const struct lan_list *lan, unsigned int lan_line,
		  const struct p2pf_config *cfg, unsigned int cfg_line,
		  const struct dev_spec *const *devs, const unsigned int *lines,
		  size_t n, struct failure *f)
{
	struct nl_batch b;
	size_t i;

	if (nl_talk(nl, nl_request(nl, P2PF_CMD_FLUSH_DEVICES, 0), NULL, NULL) < 0)
		return failed(nl, 0, f);
	if (lan && lan_set(nl, lan) < 0)
		return failed(nl, lan_line, f);
	if (cfg->has && config_set(nl, cfg) < 0)
		return failed(nl, cfg_line, f);
	if (nl_batch_init(&b, nl) < 0)
		return failed(nl, 0, f);
	for (i = 0; i < n && !b.failed; i++) {
		struct nlmsghdr *nlh = nl_batch_request(&b, P2PF_CMD_NEW_DEVICE);

		if (!nlh)
			break;
		devmsg_put(nlh, devs[i]);
		nl_batch_commit(&b, nlh, i);
	}
	if ((i < n && !b.failed) || nl_batch_flush(&b) < 0) {
		nl_batch_free(&b);
		return failed(nl, 0, f);
	}
	nl_batch_free(&b);
	if (b.failed)
		return failed(nl, lines ? lines[b.failed_cookie] : 0, f);
	return true;
}

static bool apply_conf(struct nl *nl, const struct conf *c, struct failure *f)
{
	const struct dev_spec **devs = calloc(c->ndevs + 1, sizeof(*devs));
	unsigned int *lines = calloc(c->ndevs + 1, sizeof(*lines));
	bool ok;
	size_t i;

	if (!devs || !lines) {
		free(devs);
		free(lines);
		snprintf(f->msg, sizeof(f->msg), "out of memory");
		f->line = 0;
		return false;
	}
	for (i = 0; i < c->ndevs; i++) {
		devs[i] = &c->devs[i].spec;
		lines[i] = c->devs[i].line;
	}
	ok = apply(nl, c->has_lan ? &c->lan : NULL, c->lan_line, &c->cfg, c->cfg_line,
		   devs, lines, c->ndevs, f);
	free(devs);
	free(lines);
	return ok;
}

static bool apply_state(struct nl *nl, struct state *s, struct failure *f)
{
	const struct dev_spec **devs = calloc(s->ndevs + 1, sizeof(*devs));
	bool ok;
	size_t i;

	if (!devs) {
		snprintf(f->msg, sizeof(f->msg), "out of memory");
		return false;
	}
	for (i = 0; i < s->ndevs; i++) {
		struct dev_spec *d = &s->devs[i].spec;

		/* as a NEW request: absent lists rather than empty nests */
		d->has_addrs = d->naddrs > 0;
		d->has_lan = d->nlan > 0;
		devs[i] = d;
	}
	ok = apply(nl, &s->lan, 0, &s->cfg, 0, devs, NULL, s->ndevs, f);
	free(devs);
	return ok;
}

int cmd_restore(int argc, char **argv, const struct cli_opts *opts)
{
	const char *fname = "<stdin>";
	struct failure fail, rfail;
	struct state old;
	struct conf c;
	struct perr e;
	struct nl nl;
	FILE *f = stdin;
	bool ok;

	(void)opts;
	if (argc > 2) {
		cli_err("unexpected \"%s\"", argv[2]);
		return CLI_USAGE;
	}
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
	if (snapshot(&nl, &old) < 0) {
		conf_free(&c);
		nl_close(&nl);
		return CLI_ERR;
	}
	ok = apply_conf(&nl, &c, &fail);
	if (!ok) {
		if (fail.line)
			cli_err("%s:%u: %s", fname, fail.line, fail.msg);
		else
			cli_err("%s: %s", fname, fail.msg);
		if (apply_state(&nl, &old, &rfail))
			cli_err("nothing changed: the previous configuration is back");
		else
			cli_err("rolling back failed too (%s): the configuration is incomplete",
				rfail.msg);
	}
	free(old.devs);
	conf_free(&c);
	nl_close(&nl);
	return ok ? CLI_OK : CLI_ERR;
}
