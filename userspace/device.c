// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence device add|set|del|show|flush`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devmsg.h"
#include "output.h"
#include "p2p_classify.h"

/* Sends one request built by fill(); prints the kernel's refusal. */
static int simple_request(uint8_t cmd, const struct dev_spec *d, const char *name)
{
	struct nlmsghdr *nlh;
	struct nl nl;
	int ret = CLI_OK;

	if (nl_open(&nl) < 0)
		return CLI_ERR;
	nlh = nl_request(&nl, cmd, 0);
	if (d)
		devmsg_put(nlh, d);
	else if (name)
		mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, name);
	if (nl_talk(&nl, nlh, NULL, NULL) < 0) {
		if (nl.err == ENOENT && (d || name))
			cli_err("no device \"%s\"", d ? d->name : name);
		else
			nl_perror(&nl);
		ret = CLI_ERR;
	}
	nl_close(&nl);
	return ret;
}

static int add_or_set(int argc, char **argv, bool for_set)
{
	struct dev_spec d;
	struct perr e;

	if (argc < 2) {
		cli_err("missing device name");
		return CLI_USAGE;
	}
	if (!devspec_parse(argc - 1, argv + 1, for_set, &d, &e)) {
		cli_err("%s", e.msg);
		return CLI_ERR;
	}
	return simple_request(for_set ? P2PF_CMD_SET_DEVICE : P2PF_CMD_NEW_DEVICE, &d, NULL);
}

int cmd_device_add(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return add_or_set(argc, argv, false);
}

int cmd_device_set(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return add_or_set(argc, argv, true);
}

/* argc must be exactly want; otherwise a usage error naming the problem. */
static bool arg_count(int argc, char **argv, int want, const char *missing)
{
	if (argc < want) {
		cli_err("missing %s", missing);
		return false;
	}
	return cli_no_more_args(argc, argv, want);
}

int cmd_device_del(int argc, char **argv, const struct cli_opts *opts)
{
	char name[P2PF_NAME_MAX];
	struct perr e;

	(void)opts;
	if (!arg_count(argc, argv, 2, "device name"))
		return CLI_USAGE;
	if (!parse_name(argv[1], name, &e)) {
		cli_err("%s", e.msg);
		return CLI_ERR;
	}
	return simple_request(P2PF_CMD_DEL_DEVICE, NULL, name);
}

int cmd_device_flush(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	if (!arg_count(argc, argv, 1, ""))
		return CLI_USAGE;
	return simple_request(P2PF_CMD_FLUSH_DEVICES, NULL, NULL);
}

/* Protocol ids ("1,3") for -n, else names ("pppp,tutk" or "all"). */
static void proto_words(uint32_t protos, bool numeric, char *buf, size_t size)
{
	size_t n = 0;
	unsigned int i;

	if (!numeric) {
		format_proto_list(protos, buf, size);
		return;
	}
	buf[0] = '\0';
	for (i = 1; i < 32 && n < size; i++)
		if (protos & (1U << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%u", n ? "," : "", i);
}

/*
 * Text: "NAME: mode M proto P fanout F" and a line per property; JSON:
 * every key, null or [] when unset. The two orders differ: mode, proto
 * and fanout are written once for each.
 */
static void show_device(const struct dev_info *di, const struct cli_opts *o)
{
	const struct dev_spec *d = &di->spec;
	char buf[256];
	unsigned int i;

	open_object(NULL);
	print_string(PRINT_ANY, "name", "%s:", d->name);
	proto_words(d->protos, o->numeric, buf, sizeof(buf));
	print_text(" mode %s proto %s fanout %s\n", mode_name(d->mode), buf,
		   d->fanout ? "on" : "off");
	print_mac(PRINT_ANY, "mac", "    mac %s\n", d->has_mac ? d->mac : NULL);
	open_array("ip");
	for (i = 0; i < d->naddrs; i++)
		print_ipaddr(PRINT_ANY, NULL, "    ip %s\n", &d->addrs[i]);
	close_array();
	open_array("prefix");
	for (i = 0; i < d->npfx; i++)
		print_prefix(PRINT_ANY, NULL, "    prefix %s\n", &d->pfx[i]);
	close_array();
	print_string(PRINT_ANY, "iif", "    iif %s\n", d->iif[0] ? d->iif : NULL);
	print_string(PRINT_JSON, "mode", NULL, mode_name(d->mode));
	open_array("proto");
	for (i = 1; i < 32; i++)
		if (d->protos & (1U << i))
			print_string(PRINT_JSON, NULL, NULL, p2p_proto_name(i));
	close_array();
	open_array("lan");
	for (i = 0; i < d->nlan; i++)
		print_prefix(PRINT_ANY, NULL, "    lan %s\n", &d->lan[i]);
	close_array();
	print_bool(PRINT_JSON, "fanout", NULL, d->fanout);
	if (o->stats) {
		open_object("stats");
		stats_print(&di->stats, "    ", o->numeric);
		close_object();
	}
	close_object();
}

int cmd_device_show(int argc, char **argv, const struct cli_opts *opts)
{
	char name[P2PF_NAME_MAX];
	struct dev_list devs;
	struct dev_info di;
	struct perr e;
	size_t i;
	struct nl nl;
	int ret = CLI_OK;

	if (!cli_no_more_args(argc, argv, 2))
		return CLI_USAGE;
	if (argc == 2 && !parse_name(argv[1], name, &e)) {
		cli_err("%s", e.msg);
		return CLI_ERR;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (dev_fetch(&nl, argc == 2 ? name : NULL, opts->stats, &devs) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	open_array(NULL);
	for (i = 0; i < devs.n; i++) {
		dev_get(&devs, i, &di);
		show_device(&di, opts);
	}
	close_array();
	dev_list_free(&devs);
	nl_close(&nl);
	return ret;
}
