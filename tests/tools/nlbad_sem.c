// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad semantics: what accepted requests do. SET replaces only the
 * properties present, a zero-length MAC or an empty nest clears, freed
 * identities can be reused at once, LAN and config round-trip.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/uapi/p2pfence.h"
#include "nlbad.h"

/* One device as GET_DEVICE reports it. */
struct dev_view {
	bool found, has_mac;
	unsigned char mac[6];
	unsigned int n_addrs, n_lan;
	uint32_t first_addr4;	/* host order, 0 if none */
	uint8_t mode;
	uint32_t protos, flags;
};

static unsigned int nest_count(const struct nlattr *nest)
{
	const struct nlattr *a;
	unsigned int n = 0;

	mnl_attr_for_each_nested(a, nest)
		n++;
	return n;
}

static void dev_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dev_view *v = arg;
	const struct nlattr *a, *in;

	v->found = true;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case P2PF_A_DEV_MAC:
			v->has_mac = true;
			memcpy(v->mac, mnl_attr_get_payload(a), 6);
			break;
		case P2PF_A_DEV_ADDRS:
			v->n_addrs = nest_count(a);
			mnl_attr_for_each_nested(in, a)
				if (!v->first_addr4 &&
				    mnl_attr_get_type(in) == P2PF_ADDR_A_IN)
					v->first_addr4 = ntohl(mnl_attr_get_u32(in));
			break;
		case P2PF_A_DEV_MODE:
			v->mode = mnl_attr_get_u8(a);
			break;
		case P2PF_A_DEV_PROTOS:
			v->protos = mnl_attr_get_u32(a);
			break;
		case P2PF_A_DEV_FLAGS:
			v->flags = mnl_attr_get_u32(a);
			break;
		case P2PF_A_DEV_LAN:
			v->n_lan = nest_count(a);
			break;
		}
	}
}

static struct dev_view get_dev(struct nl *nl, const char *name)
{
	struct dev_view v = { 0 };
	struct nlmsghdr *nlh = req(nl, P2PF_CMD_GET_DEVICE, 0);
	struct reply r;

	put_name(nlh, name);
	transact(nl, nlh, dev_cb, &v, &r);
	return v;
}

/* Succeeds or not, quietly: for "this is allowed now" checks. */
static int try(struct nl *nl, struct nlmsghdr *nlh)
{
	struct reply r;

	transact(nl, nlh, NULL, NULL, &r);
	return r.err;
}

static const char mac_a[6] = { 2, 0, 0, 0x5e, 0x11, 1 };

static void sem_device(struct nl *nl)
{
	struct nlmsghdr *nlh;
	struct dev_view v;
	struct nlattr *n;
	uint32_t a;

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "s1");
	put_mac(nlh, mac_a, 6);
	put_addr4(nlh, 0xc6336401);
	mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, P2PF_MODE_MONITOR);
	mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, 0x6);
	mnl_attr_put_u32(nlh, P2PF_A_DEV_FLAGS, P2PF_DEV_F_FANOUT);
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_LAN);
	a = htonl(0x0a010000);
	put_prefix(nlh, 4, &a, 16);
	mnl_attr_nest_end(nlh, n);
	must(nl, nlh, "add s1");
	v = get_dev(nl, "s1");
	result(v.found && v.has_mac && !memcmp(v.mac, mac_a, 6) &&
	       v.n_addrs == 1 && v.first_addr4 == 0xc6336401 &&
	       v.mode == P2PF_MODE_MONITOR && v.protos == 0x6 &&
	       v.flags == P2PF_DEV_F_FANOUT && v.n_lan == 1,
	       "sem-new-all-properties", "device reads back differently");

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "s1");
	mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, P2PF_MODE_BLOCK);
	must(nl, nlh, "set s1 mode");
	v = get_dev(nl, "s1");
	result(v.mode == P2PF_MODE_BLOCK && v.has_mac && v.n_addrs == 1 &&
	       v.protos == 0x6 && v.flags == P2PF_DEV_F_FANOUT &&
	       v.n_lan == 1, "sem-set-only-present",
	       "other properties changed");

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "s1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	a = htonl(0xc6336402);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	a = htonl(0xc6336403);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	mnl_attr_nest_end(nlh, n);
	must(nl, nlh, "set s1 addrs");
	v = get_dev(nl, "s1");
	result(v.n_addrs == 2 && v.first_addr4 == 0xc6336402 && v.has_mac,
	       "sem-set-addrs-replace", "addrs %u first %x", v.n_addrs,
	       v.first_addr4);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "s2");
	put_addr4(nlh, 0xc6336401);
	result(!try(nl, nlh), "sem-freed-address-reusable", "refused");
	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "s3");
	put_addr4(nlh, 0xc6336403);
	result(try(nl, nlh) == EEXIST, "sem-kept-address-owned", "accepted");

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "s1");
	put_mac(nlh, "", 0);
	must(nl, nlh, "clear s1 mac");
	v = get_dev(nl, "s1");
	result(!v.has_mac && v.n_addrs == 2, "sem-set-mac-clear",
	       "mac still there or addresses lost");
	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "s3");
	put_mac(nlh, mac_a, 6);
	result(!try(nl, nlh), "sem-freed-mac-reusable", "refused");

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "s1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_LAN);
	mnl_attr_nest_end(nlh, n);
	must(nl, nlh, "clear s1 lan");
	v = get_dev(nl, "s1");
	result(v.n_lan == 0 && v.n_addrs == 2, "sem-set-lan-clear",
	       "lan %u", v.n_lan);

	nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
	put_name(nlh, "s1");
	must(nl, nlh, "del s1");
	v = get_dev(nl, "s1");
	result(!v.found, "sem-del", "still there");
}

/* The reply's first attribute of @type, copied whole (header included). */
struct saved {
	unsigned char data[8192];
	size_t len;
	uint16_t type;
};

static void save_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct saved *s = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == s->type &&
		    mnl_attr_get_payload_len(a) <= sizeof(s->data)) {
			s->len = mnl_attr_get_payload_len(a);
			memcpy(s->data, mnl_attr_get_payload(a), s->len);
		}
	}
}

static struct saved *fetch(struct nl *nl, uint8_t cmd, uint16_t type)
{
	struct saved *s = calloc(1, sizeof(*s));
	struct reply r;

	if (!s)
		die("calloc");
	s->type = type;
	transact(nl, req(nl, cmd, 0), save_cb, s, &r);
	return s;
}

static void put_saved(struct nlmsghdr *nlh, const struct saved *s)
{
	mnl_attr_put(nlh, s->type | NLA_F_NESTED, s->len, s->data);
}

static bool same(const struct saved *a, const struct saved *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void sem_namespace(struct nl *nl)
{
	static const unsigned char net6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct saved *lan0, *lan1, *lan2, *cfg0, *cfg1;
	struct nlmsghdr *nlh;
	struct nlattr *n;
	uint32_t a;

	lan0 = fetch(nl, P2PF_CMD_GET_LAN, P2PF_A_LAN);
	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	a = htonl(0xc0000200);
	put_prefix(nlh, 4, &a, 24);
	put_prefix(nlh, 6, net6, 32);
	mnl_attr_nest_end(nlh, n);
	must(nl, nlh, "set lan");
	lan1 = fetch(nl, P2PF_CMD_GET_LAN, P2PF_A_LAN);
	result(!same(lan0, lan1) && lan1->len, "sem-lan-replaced",
	       "LAN list unchanged");
	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	put_saved(nlh, lan0);
	must(nl, nlh, "restore lan");
	lan2 = fetch(nl, P2PF_CMD_GET_LAN, P2PF_A_LAN);
	result(same(lan0, lan2) && lan0->len, "sem-lan-round-trip",
	       "GET_LAN fed to SET_LAN differs");

	cfg0 = fetch(nl, P2PF_CMD_GET_CONFIG, P2PF_A_CONFIG);
	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_cfg_u32(nlh, P2PF_CFG_A_FLOW_TIMEOUT, 30);
	must(nl, nlh, "set config");
	cfg1 = fetch(nl, P2PF_CMD_GET_CONFIG, P2PF_A_CONFIG);
	result(!same(cfg0, cfg1), "sem-config-set", "config unchanged");
	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_saved(nlh, cfg0);
	must(nl, nlh, "restore config");
	free(cfg1);
	cfg1 = fetch(nl, P2PF_CMD_GET_CONFIG, P2PF_A_CONFIG);
	result(same(cfg0, cfg1), "sem-config-round-trip",
	       "GET_CONFIG fed to SET_CONFIG differs");
	free(lan0);
	free(lan1);
	free(lan2);
	free(cfg0);
	free(cfg1);
}

int cmd_semantics(struct nl *nl)
{
	must(nl, req(nl, P2PF_CMD_FLUSH_DEVICES, 0), "flush");
	sem_device(nl);
	sem_namespace(nl);
	must(nl, req(nl, P2PF_CMD_FLUSH_DEVICES, 0), "flush");
	return failures ? 1 : 0;
}
