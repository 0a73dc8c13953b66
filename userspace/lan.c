// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence lan show|set|add|del`: the global LAN prefixes. */
#include <string.h>

#include "cli.h"
#include "devspec.h"
#include "output.h"
#include "settings.h"

static void show(const struct lan_list *l)
{
	unsigned int i;

	open_array(NULL);
	for (i = 0; i < l->n; i++)
		print_prefix(PRINT_ANY, NULL, "%s\n", &l->p[i]);
	close_array();
}

int cmd_lan_show(int argc, char **argv, const struct cli_opts *opts)
{
	struct lan_list l;
	struct nl nl;
	int ret;

	(void)opts;
	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	ret = lan_get(&nl, &l) < 0 ? CLI_ERR : CLI_OK;
	if (ret == CLI_OK)
		show(&l);
	nl_close(&nl);
	return ret;
}

static int apply(struct nl *nl, const struct lan_list *l)
{
	if (lan_set(nl, l) < 0) {
		nl_perror(nl);
		return CLI_ERR;
	}
	return CLI_OK;
}

int cmd_lan_set(int argc, char **argv, const struct cli_opts *opts)
{
	struct lan_list l;
	struct perr e;
	struct nl nl;
	int ret;

	(void)opts;
	if (!lan_parse_args(argc - 1, argv + 1, &l, &e)) {
		cli_err("%s", e.msg);
		return argc < 2 ? CLI_USAGE : CLI_ERR;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	ret = apply(&nl, &l);
	nl_close(&nl);
	return ret;
}

static int find(const struct lan_list *l, const struct prefix *p)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (prefix_equal(&l->p[i], p))
			return (int)i;
	return -1;
}

/* add and del: read the list, edit it, write it back. */
static int edit(int argc, char **argv, bool add)
{
	struct lan_list args, cur;
	struct perr e;
	struct nl nl;
	unsigned int i;
	int ret = CLI_ERR;

	if (argc < 2) {
		cli_err("missing prefix");
		return CLI_USAGE;
	}
	if (!lan_parse_args(argc - 1, argv + 1, &args, &e) || !args.n) {
		cli_err("%s", args.n ? e.msg : "\"none\" is only valid with lan set");
		return CLI_ERR;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (lan_get(&nl, &cur) < 0)
		goto out;
	for (i = 0; i < args.n; i++) {
		int at = find(&cur, &args.p[i]);

		if (add && at >= 0) {
			cli_err("prefix \"%s\" is already in the list", argv[i + 1]);
			goto out;
		}
		if (!add && at < 0) {
			cli_err("prefix \"%s\" is not in the list", argv[i + 1]);
			goto out;
		}
		if (add && cur.n == P2PF_LAN_MAX) {
			cli_err("too many prefixes at \"%s\": at most %d", argv[i + 1], P2PF_LAN_MAX);
			goto out;
		}
		if (add)
			cur.p[cur.n++] = args.p[i];
		else
			memmove(&cur.p[at], &cur.p[at + 1], (cur.n-- - (unsigned int)at - 1) * sizeof(cur.p[0]));
	}
	ret = apply(&nl, &cur);
out:
	nl_close(&nl);
	return ret;
}

int cmd_lan_add(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return edit(argc, argv, true);
}

int cmd_lan_del(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return edit(argc, argv, false);
}
