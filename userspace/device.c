// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence device add|set|del|show|flush`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devmsg.h"
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
	if (argc > want) {
		cli_err("unexpected \"%s\"", argv[want]);
		return false;
	}
	return true;
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

static void show_json(struct json *w, const struct dev_info *di, bool with_stats)
{
	const struct dev_spec *d = &di->spec;
	char buf[64];
	unsigned int i;

	json_object_begin(w);
	json_key_string(w, "name", d->name);
	if (d->has_mac) {
		format_mac(d->mac, buf);
		json_key_string(w, "mac", buf);
	} else {
		json_key_null(w, "mac");
	}
	json_key(w, "ip");
	json_array_begin(w);
	for (i = 0; i < d->naddrs; i++) {
		format_ipaddr(&d->addrs[i], buf, sizeof(buf));
		json_string(w, buf);
	}
	json_array_end(w);
	json_key(w, "prefix");
	json_array_begin(w);
	for (i = 0; i < d->npfx; i++) {
		format_prefix(&d->pfx[i], buf, sizeof(buf));
		json_string(w, buf);
	}
	json_array_end(w);
	if (d->iif[0])
		json_key_string(w, "iif", d->iif);
	else
		json_key_null(w, "iif");
	json_key_string(w, "mode", mode_name(d->mode));
	json_key(w, "proto");
	json_array_begin(w);
	for (i = 1; i < 32; i++)
		if (d->protos & (1U << i))
			json_string(w, p2p_proto_name(i));
	json_array_end(w);
	json_key(w, "lan");
	json_array_begin(w);
	for (i = 0; i < d->nlan; i++) {
		format_prefix(&d->lan[i], buf, sizeof(buf));
		json_string(w, buf);
	}
	json_array_end(w);
	json_key_bool(w, "fanout", d->fanout);
	if (with_stats) {
		json_key(w, "stats");
		json_object_begin(w);
		stats_json(w, &di->stats);
		json_object_end(w);
	}
	json_object_end(w);
}

static void show_text(const struct dev_info *di, const struct cli_opts *o)
{
	const struct dev_spec *d = &di->spec;
	char buf[256];
	unsigned int i;

	if (o->numeric) {
		size_t n = 0;

		buf[0] = '\0';
		for (i = 1; i < 32 && n < sizeof(buf); i++)
			if (d->protos & (1U << i))
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u", n ? "," : "", i);
	} else
		format_proto_list(d->protos, buf, sizeof(buf));
	printf("%s: mode %s proto %s fanout %s\n", d->name, mode_name(d->mode), buf,
	       d->fanout ? "on" : "off");
	if (d->has_mac) {
		format_mac(d->mac, buf);
		printf("    mac %s\n", buf);
	}
	for (i = 0; i < d->naddrs; i++) {
		format_ipaddr(&d->addrs[i], buf, sizeof(buf));
		printf("    ip %s\n", buf);
	}
	for (i = 0; i < d->npfx; i++) {
		format_prefix(&d->pfx[i], buf, sizeof(buf));
		printf("    prefix %s\n", buf);
	}
	if (d->iif[0])
		printf("    iif %s\n", d->iif);
	for (i = 0; i < d->nlan; i++) {
		format_prefix(&d->lan[i], buf, sizeof(buf));
		printf("    lan %s\n", buf);
	}
	if (o->stats)
		stats_text(stdout, &di->stats, "    ", o->numeric);
}

int cmd_device_show(int argc, char **argv, const struct cli_opts *opts)
{
	char name[P2PF_NAME_MAX];
	struct dev_info *devs = NULL;
	struct perr e;
	size_t n = 0, i;
	struct nl nl;
	int ret = CLI_OK;

	if (argc > 2) {
		cli_err("unexpected \"%s\"", argv[2]);
		return CLI_USAGE;
	}
	if (argc == 2 && !parse_name(argv[1], name, &e)) {
		cli_err("%s", e.msg);
		return CLI_ERR;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (dev_fetch(&nl, argc == 2 ? name : NULL, &devs, &n) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	if (opts->json) {
		struct json w;

		json_init(&w, stdout, false);
		json_array_begin(&w);
		for (i = 0; i < n; i++)
			show_json(&w, &devs[i], opts->stats);
		json_array_end(&w);
		if (!json_finish(&w)) {
			cli_err("internal error writing JSON");
			ret = CLI_ERR;
		}
	} else {
		for (i = 0; i < n; i++)
			show_text(&devs[i], opts);
	}
	if (fflush(stdout) || ferror(stdout)) {
		cli_err("write error: %s", strerror(errno));
		ret = CLI_ERR;
	}
	free(devs);
	nl_close(&nl);
	return ret;
}
