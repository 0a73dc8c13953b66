// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad limits / nlbad limit WHAT VALUE: the bounds of the uapi header, and
 * one raw request that puts a value at a bound, so that a test can hold
 * the kernel's refusals against the header and the CLI's
 * (tests/vm/limits/guest.sh).
 *
 *   nlbad limits            prints "NAME VALUE" per bound and per default
 *                           of the namespace settings, as the header
 *                           (kmod/uapi/p2pfence.h, classify/p2p_classify.h)
 *                           says at build time; needs no module
 *   nlbad limit WHAT VALUE  sends the request for WHAT with VALUE and
 *                           prints "ok", or "refused ERRNO-NAME: EXTACK"
 *                           and exits 1. A device the kernel took is
 *                           deleted again; settings and the LAN list
 *                           stay as set (the caller restores them).
 *
 * WHAT, and what VALUE is:
 *   flow-timeout, event-rate, fanout-threshold, discovery   the setting
 *   mark            the mark, with the mask 0xff (VALUE 0x100 is outside)
 *   name            a new device's name length (characters)
 *   iif             its ingress interface name length
 *   addrs           its number of addresses (IPv4)
 *   prefixes        its number of source prefixes (IPv4 /24s)
 *   dev-lan         its number of LAN prefixes (IPv4 /24s)
 *   prefix4-len     the length of its one IPv4 source prefix (10.0.0.0)
 *   prefix6-len     the length of its one IPv6 source prefix (fd00::)
 *   mode, protos, flags   its dev-mode, dev-protos, dev-flags
 *   lan             the number of prefixes in the global LAN list (/24s)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/uapi/p2pfence.h"
#include "nlbad.h"
#include "p2p_classify.h"

static const char lim_mac[6] = { 2, 0, 0, 0x11, 0x11, 1 };

int cmd_limits(void)
{
	printf("name-max %d\n", P2PF_NAME_MAX);
	printf("ifnamsiz %d\n", IFNAMSIZ);
	printf("addrs-max %d\n", P2PF_ADDRS_MAX);
	printf("prefixes-max %d\n", P2PF_PREFIXES_MAX);
	printf("lan-max %d\n", P2PF_LAN_MAX);
	printf("flow-timeout-default %d\n", P2PF_FLOW_TIMEOUT_DEFAULT);
	printf("event-rate-default %d\n", P2PF_EVENT_RATE_DEFAULT);
	printf("fanout-threshold-default %d\n", P2PF_FANOUT_THRESHOLD_DEFAULT);
	printf("mark-default %u\n", (unsigned int)P2PF_MARK_DEFAULT);
	printf("mark-mask-default %u\n", (unsigned int)P2PF_MARK_MASK_DEFAULT);
	printf("flow-timeout-min %d\n", P2PF_FLOW_TIMEOUT_MIN);
	printf("flow-timeout-max %d\n", P2PF_FLOW_TIMEOUT_MAX);
	printf("event-rate-max %d\n", P2PF_EVENT_RATE_MAX);
	printf("fanout-threshold-min %d\n", P2PF_FANOUT_THRESHOLD_MIN);
	printf("fanout-threshold-max %d\n", P2PF_FANOUT_THRESHOLD_MAX);
	printf("mode-max %d\n", P2PF_MODE_MAX);
	printf("proto-count %d\n", P2P_PROTO_COUNT);
	printf("dev-flags-all %u\n", (unsigned int)__P2PF_DEV_F_ALL);
	return 0;
}

/* @n prefixes 10.(i / 256).(i % 256).0/24 (i from @first) in a @type nest. */
static void put_prefix_list(struct nlmsghdr *nlh, int type, unsigned int first,
			    unsigned int n)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	unsigned int i;

	for (i = first; i < first + n; i++) {
		uint32_t a = htonl(0x0a000000 | (i & 0xffff) << 8);

		put_prefix(nlh, 4, &a, 24);
	}
	mnl_attr_nest_end(nlh, nest);
}

/*
 * A NEW_DEVICE request with @v put at the bound @what; the device's name
 * in @name (NAME_LEN bytes).
 */
#define NAME_LEN 256
static struct nlmsghdr *new_device(struct nl *nl, const char *what,
				   unsigned long v, char *name)
{
	struct nlmsghdr *nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	static const unsigned char fd00[16] = { 0xfd };
	char s[NAME_LEN];
	unsigned long i;

	if (!strcmp(what, "name")) {
		if (v >= NAME_LEN)
			return NULL;
		memset(name, 'n', v);
		name[v] = '\0';
		put_name(nlh, name);
		put_mac(nlh, lim_mac, 6);
		return nlh;
	}
	strcpy(name, "lim");
	put_name(nlh, name);
	if (!strcmp(what, "iif")) {
		if (v >= sizeof(s))
			return NULL;
		memset(s, 'i', v);
		s[v] = '\0';
		mnl_attr_put_strz(nlh, P2PF_A_DEV_IIF, s);
	} else if (!strcmp(what, "addrs")) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);

		for (i = 0; i < v && i < 1024; i++) {
			uint32_t a = htonl(0xc6336401 + (uint32_t)i);

			mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
		}
		mnl_attr_nest_end(nlh, nest);
	} else if (!strcmp(what, "prefixes")) {
		put_prefix_list(nlh, P2PF_A_DEV_PREFIXES, 0x1100, (unsigned int)v);
	} else if (!strcmp(what, "dev-lan")) {
		put_mac(nlh, lim_mac, 6);
		put_prefix_list(nlh, P2PF_A_DEV_LAN, 0x2200, (unsigned int)v);
	} else if (!strcmp(what, "prefix4-len") || !strcmp(what, "prefix6-len")) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_DEV_PREFIXES);
		uint32_t a = htonl(0x0a000000);

		if (what[6] == '4')
			put_prefix(nlh, 4, &a, (int)(v & 0xff));
		else
			put_prefix(nlh, 6, fd00, (int)(v & 0xff));
		mnl_attr_nest_end(nlh, nest);
	} else if (!strcmp(what, "mode")) {
		put_mac(nlh, lim_mac, 6);
		mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, (uint8_t)v);
	} else if (!strcmp(what, "protos")) {
		put_mac(nlh, lim_mac, 6);
		mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, (uint32_t)v);
	} else if (!strcmp(what, "flags")) {
		put_mac(nlh, lim_mac, 6);
		mnl_attr_put_u32(nlh, P2PF_A_DEV_FLAGS, (uint32_t)v);
	} else {
		return NULL;
	}
	return nlh;
}

/* The request for @what at @v; @created: the device it adds, or "". */
static struct nlmsghdr *request(struct nl *nl, const char *what,
				unsigned long v, char *created)
{
	static const struct {
		const char *what;
		int type;
	} cfg[] = {
		{ "flow-timeout", P2PF_CFG_A_FLOW_TIMEOUT },
		{ "event-rate", P2PF_CFG_A_EVENT_RATE },
		{ "fanout-threshold", P2PF_CFG_A_FANOUT_THRESHOLD },
	};
	struct nlmsghdr *nlh;
	struct nlattr *n;
	size_t i;

	created[0] = '\0';
	for (i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++) {
		if (strcmp(what, cfg[i].what))
			continue;
		nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
		put_cfg_u32(nlh, cfg[i].type, (uint32_t)v);
		return nlh;
	}
	if (!strcmp(what, "discovery") || !strcmp(what, "mark")) {
		nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
		n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
		if (what[0] == 'd') {
			mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, (uint8_t)v);
		} else {
			mnl_attr_put_u32(nlh, P2PF_CFG_A_MARK, (uint32_t)v);
			mnl_attr_put_u32(nlh, P2PF_CFG_A_MARK_MASK, 0xff);
		}
		mnl_attr_nest_end(nlh, n);
		return nlh;
	}
	if (!strcmp(what, "lan")) {
		nlh = req(nl, P2PF_CMD_SET_LAN, 0);
		put_prefix_list(nlh, P2PF_A_LAN, 0x3300, (unsigned int)v);
		return nlh;
	}
	return new_device(nl, what, v, created);
}

int cmd_limit(struct nl *nl, const char *what, const char *value)
{
	char created[NAME_LEN], *end;
	struct nlmsghdr *nlh;
	unsigned long v;
	struct reply r;

	errno = 0;
	v = strtoul(value, &end, 0);
	if (*end || errno) {
		fprintf(stderr, "nlbad: limit: bad value %s\n", value);
		return 2;
	}
	nlh = request(nl, what, v, created);
	if (!nlh) {
		fprintf(stderr, "nlbad: limit: unknown bound %s or value out of reach\n",
			what);
		return 2;
	}
	transact(nl, nlh, NULL, NULL, &r);
	if (r.err) {
		printf("refused %s: %s\n", r.err == EINVAL ? "EINVAL" :
		       r.err == ERANGE ? "ERANGE" : strerror(r.err), r.msg);
		return 1;
	}
	if (created[0]) {
		nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
		put_name(nlh, created);
		must(nl, nlh, "delete the device again");
	}
	printf("ok\n");
	return 0;
}
