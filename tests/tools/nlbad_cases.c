// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad cases: malformed and refused requests. Each must fail with the
 * expected errno and extack, and leave devices, LAN and config unchanged.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../kmod/uapi/p2pfence.h"
#include "nlbad.h"

static const char mac1[6] = { 2, 0, 0, 0, 0, 1 };
static const char mac9[6] = { 2, 0, 0, 0, 0, 9 };

/* A NEW_DEVICE request named @name with a valid MAC, for the cases. */
static struct nlmsghdr *new_x(struct nl *nl, const char *name)
{
	struct nlmsghdr *nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);

	put_name(nlh, name);
	put_mac(nlh, mac9, 6);
	return nlh;
}

static void cases_device(struct nl *nl, const char *base)
{
	static const char mcast[6] = { 1, 0, 0x5e, 0, 0, 1 };
	static const char zero[6];
	struct nlmsghdr *nlh;
	struct nlattr *n;
	uint32_t a;
	int i;

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_mac(nlh, mac9, 6);
	expect(nl, "new-missing-name", nlh, EINVAL, "missing device name",
	       E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	expect(nl, "new-no-identity", nlh, EINVAL, "needs a MAC", E_LOC, base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	put_mac(nlh, mac9, 5);
	expect(nl, "new-mac-short", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	put_mac(nlh, mcast, 6);
	expect(nl, "new-mac-multicast", nlh, EINVAL, "unicast", E_LOC, base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	put_mac(nlh, zero, 6);
	expect(nl, "new-mac-zero", nlh, EINVAL, "unicast", E_LOC, base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_strz(nlh, P2PF_A_VERSION, "1");
	expect(nl, "new-unused-attr", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_MAX + 1, 1);
	expect(nl, "new-unknown-attr", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = new_x(nl, "abcdefghijabcdefghijabcdefghijabcdefghij");
	expect(nl, "new-name-too-long", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	mnl_attr_put(nlh, P2PF_A_DEV_NAME, 3, "abc");
	put_mac(nlh, mac9, 6);
	expect(nl, "new-name-no-nul", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = new_x(nl, "a b");
	expect(nl, "new-name-bad-chars", nlh, EINVAL, "device name must be",
	       E_LOC, base);

	nlh = new_x(nl, "");
	expect(nl, "new-name-empty", nlh, EINVAL, "device name must be",
	       E_LOC, base);

	/* "ab" NUL "cd": would be stored as "ab", then never found by name. */
	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	mnl_attr_put(nlh, P2PF_A_DEV_NAME, 6, "ab\0cd");
	put_mac(nlh, mac9, 6);
	expect(nl, "new-name-embedded-nul", nlh, EINVAL, "device name must be",
	       E_LOC, base);

	/* Latin-1 letters pass the kernel's isalnum(), not save/restore. */
	nlh = new_x(nl, "caf\xe9");
	expect(nl, "new-name-latin1", nlh, EINVAL, "device name must be",
	       E_LOC, base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, P2PF_MODE_MAX + 1);
	expect(nl, "new-mode-out-of-range", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_DEV_MODE, 1);
	expect(nl, "new-mode-wrong-size", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_DEV_FLAGS, 1U << 5);
	expect(nl, "new-flags-unknown-bit", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, 1);
	expect(nl, "new-protos-bit0", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, 1U << 31);
	expect(nl, "new-protos-unknown", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, 0);
	expect(nl, "new-protos-empty", nlh, EINVAL, "protocol mask is empty",
	       E_LOC, base);

	nlh = new_x(nl, "x1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 5, "\x0a\0\0\1\0");
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-bad-length", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_put_u32(nlh, P2PF_ADDR_A_MAX + 1, 1);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-unknown-type", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	a = 0;
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-zero", nlh, EINVAL, "unicast host", E_LOC, base);

	nlh = new_x(nl, "x1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN6, 16,
		     "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\1");
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-multicast6", nlh, EINVAL, "unicast host", E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	a = htonl(0xc6336401);
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-twice", nlh, EINVAL, "listed twice", E_LOC, base);

	nlh = new_x(nl, "x1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	for (i = 0; i <= P2PF_ADDRS_MAX; i++) {
		a = htonl(0xc6336401 + i);
		mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &a);
	}
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-addr-too-many", nlh, EINVAL, "too many addresses",
	       E_LOC, base);

	nlh = new_x(nl, "x1");
	a = htonl(0xc6336401);
	{
		char raw[8];
		struct nlattr *in = (struct nlattr *)raw;

		in->nla_len = 8;
		in->nla_type = P2PF_ADDR_A_IN;
		memcpy(raw + 4, &a, 4);
		mnl_attr_put(nlh, P2PF_A_DEV_ADDRS, sizeof(raw), raw);
	}
	expect(nl, "new-addrs-not-nested", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "base1");
	put_mac(nlh, mac9, 6);
	expect(nl, "new-name-taken", nlh, EEXIST, "already exists", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	put_mac(nlh, mac1, 6);
	expect(nl, "new-mac-taken", nlh, EEXIST, "MAC address belongs", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "x1");
	put_addr4(nlh, 0xc0000201);
	expect(nl, "new-address-taken", nlh, EEXIST, "address belongs", E_LOC,
	       base);

	nlh = new_x(nl, "x1");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_LAN);
	a = htonl(0x0a000001);
	put_prefix(nlh, 4, &a, 8);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "new-lan-host-bits", nlh, EINVAL, "beyond its length",
	       E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "nosuch");
	mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, 1);
	expect(nl, "set-no-such-device", nlh, ENOENT, "no such device", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "base1");
	put_mac(nlh, mac9, 3);
	expect(nl, "set-mac-bad-length", nlh, EINVAL, "6 bytes", E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "base2");
	n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "set-no-identity-left", nlh, EINVAL, "needs a MAC", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
	put_name(nlh, "base2");
	put_mac(nlh, mac1, 6);
	expect(nl, "set-mac-taken", nlh, EEXIST, "MAC address belongs", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
	put_name(nlh, "nosuch");
	expect(nl, "del-no-such-device", nlh, ENOENT, "no such device", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
	expect(nl, "del-missing-name", nlh, EINVAL, "missing device name",
	       E_LOC, base);

	nlh = req(nl, P2PF_CMD_GET_DEVICE, 0);
	put_name(nlh, "nosuch");
	expect(nl, "get-no-such-device", nlh, ENOENT, "no such device", E_LOC,
	       base);
}


/* Mark mode's mark and mask: refused unless a non-zero pair, mark in mask. */
static void put_cfg_mark_cases(struct nl *nl, const char *base)
{
	static const struct {
		const char *name, *msg;
		bool has_mark, has_mask;
		uint32_t mark, mask;
	} c[] = {
		{ "config-mark-without-mask", "must be given together", true, false, 1, 0 },
		{ "config-mask-without-mark", "must be given together", false, true, 0, 1 },
		{ "config-mark-mask-0", "mask must not be zero", true, true, 1, 0 },
		{ "config-mark-0", "non-zero and inside its mask", true, true, 0, 0xff },
		{ "config-mark-outside-mask", "non-zero and inside its mask", true, true,
		  0x100, 0xff },
	};
	struct nlmsghdr *nlh;
	struct nlattr *n;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
		n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
		if (c[i].has_mark)
			mnl_attr_put_u32(nlh, P2PF_CFG_A_MARK, c[i].mark);
		if (c[i].has_mask)
			mnl_attr_put_u32(nlh, P2PF_CFG_A_MARK_MASK, c[i].mask);
		mnl_attr_nest_end(nlh, n);
		expect(nl, c[i].name, nlh, EINVAL, c[i].msg, E_LOC, base);
	}
}

static void cases_namespace(struct nl *nl, const char *base)
{
	static const unsigned char v6[16] = { 0xfd };
	struct nlmsghdr *nlh;
	struct nlattr *n;
	uint32_t a;
	int i;

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	expect(nl, "lan-missing", nlh, EINVAL, "missing prefix list", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	a = htonl(0x0a000001);
	put_prefix(nlh, 4, &a, 8);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-host-bits", nlh, EINVAL, "beyond its length", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	a = htonl(0x0a000000);
	put_prefix(nlh, 4, &a, 33);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-v4-length-33", nlh, EINVAL, "above 32", E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	put_prefix(nlh, 6, v6, 129);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-v6-length-129", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	{
		struct nlattr *p = mnl_attr_nest_start(nlh, P2PF_A_PREFIX);

		a = htonl(0x0a000000);
		mnl_attr_put(nlh, P2PF_PREFIX_A_IN, 4, &a);
		mnl_attr_put(nlh, P2PF_PREFIX_A_IN6, 16, v6);
		mnl_attr_put_u8(nlh, P2PF_PREFIX_A_LEN, 8);
		mnl_attr_nest_end(nlh, p);
	}
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-two-families", nlh, EINVAL, "exactly one", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	a = htonl(0x0a000000);
	put_prefix(nlh, 4, &a, -1);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-no-length", nlh, EINVAL, "P2PF_PREFIX_A_LEN", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	for (i = 0; i <= P2PF_LAN_MAX; i++) {
		a = htonl(0x0a000000 + (i << 8));
		put_prefix(nlh, 4, &a, 24);
	}
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-too-many", nlh, EINVAL, "too many prefixes", E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_LAN, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_LAN);
	put_name(nlh, "x1");
	mnl_attr_nest_end(nlh, n);
	expect(nl, "lan-foreign-attr", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	expect(nl, "config-missing", nlh, EINVAL, "missing configuration",
	       E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_cfg_u32(nlh, P2PF_CFG_A_FLOW_TIMEOUT, 0);
	expect(nl, "config-timeout-0", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_cfg_u32(nlh, P2PF_CFG_A_FLOW_TIMEOUT, 86401);
	expect(nl, "config-timeout-86401", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_cfg_u32(nlh, P2PF_CFG_A_FANOUT_THRESHOLD, 1);
	expect(nl, "config-fanout-1", nlh, BADVAL, NULL, E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	put_cfg_u32(nlh, P2PF_CFG_A_EVENT_RATE, 100001);
	expect(nl, "config-rate-too-high", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
	mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, 2);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "config-discovery-2", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	put_cfg_mark_cases(nl, base);

	nlh = req(nl, P2PF_CMD_GET_INFO, 0);
	put_name(nlh, "x1");
	expect(nl, "info-with-attribute", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, 200, 0);
	expect(nl, "unknown-command", nlh, EOPNOTSUPP, NULL, 0, base);

	nlh = req(nl, P2PF_CMD_EVENT, 0);
	expect(nl, "event-command", nlh, EOPNOTSUPP, NULL, 0, base);

	nlh = req(nl, P2PF_CMD_GET_DISCOVERED, NLM_F_DUMP);
	put_name(nlh, "x1");
	expect(nl, "discovered-dump-with-attribute", nlh, BADVAL, NULL,
	       E_MSG | E_LOC, base);

	nlh = req(nl, P2PF_CMD_FLUSH_DISCOVERED, 0);
	put_name(nlh, "x1");
	expect(nl, "discovered-flush-with-attribute", nlh, BADVAL, NULL,
	       E_MSG | E_LOC, base);

	nlh = new_x(nl, "x1");
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->reserved = 1;
	expect(nl, "reserved-header-field", nlh, EINVAL, NULL, 0, base);
}

/*
 * Without CAP_NET_ADMIN: changes and reads of the namespace's state are
 * refused (only module facts are open); the parent checks afterwards that
 * nothing changed, since the child cannot read the state.
 */
static void cases_unprivileged(struct nl *parent, const char *base)
{
	struct nlmsghdr *nlh;
	struct reply r;
	struct nl nl;
	pid_t pid;
	int status;
	char *now;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			die("drop privileges");
		open_or_die(&nl);
		nlh = new_x(&nl, "x1");
		expect(&nl, "unpriv-new-device", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_FLUSH_DEVICES, 0);
		expect(&nl, "unpriv-flush-devices", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_SET_CONFIG, 0);
		put_cfg_u32(nlh, P2PF_CFG_A_FLOW_TIMEOUT, 5);
		expect(&nl, "unpriv-set-config", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_FLUSH_FLOWS, 0);
		expect(&nl, "unpriv-flush-flows", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_FLUSH_DISCOVERED, 0);
		expect(&nl, "unpriv-flush-discovered", nlh, EPERM, NULL,
		       E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_SET_CONFIG, 0);
		{
			struct nlattr *n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);

			mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, 1);
			mnl_attr_nest_end(nlh, n);
		}
		expect(&nl, "unpriv-discovery-on", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_GET_DISCOVERED, NLM_F_DUMP);
		expect(&nl, "unpriv-get-discovered", nlh, EPERM, NULL, E_NOSNAP,
		       base);
		nlh = req(&nl, P2PF_CMD_GET_DEVICE, NLM_F_DUMP);
		expect(&nl, "unpriv-dump-devices", nlh, EPERM, NULL, E_NOSNAP,
		       base);
		nlh = req(&nl, P2PF_CMD_GET_DEVICE, 0);
		put_name(nlh, "base1");
		expect(&nl, "unpriv-get-device", nlh, EPERM, NULL, E_NOSNAP,
		       base);
		nlh = req(&nl, P2PF_CMD_GET_STATS, 0);
		expect(&nl, "unpriv-get-stats", nlh, EPERM, NULL, E_NOSNAP,
		       base);
		nlh = req(&nl, P2PF_CMD_GET_CONFIG, 0);
		expect(&nl, "unpriv-get-config", nlh, EPERM, NULL, E_NOSNAP,
		       base);
		nlh = req(&nl, P2PF_CMD_GET_LAN, 0);
		expect(&nl, "unpriv-get-lan", nlh, EPERM, NULL, E_NOSNAP, base);
		nlh = req(&nl, P2PF_CMD_GET_INFO, 0);
		transact(&nl, nlh, NULL, NULL, &r);
		result(!r.err && r.n == 1, "unpriv-get-info", "errno %d",
		       r.err);
		exit(failures ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		die("waitpid");
	if (WEXITSTATUS(status))
		failures++;
	now = snapshot(parent);
	result(!strcmp(now, base), "unpriv-state-unchanged", "state changed");
	free(now);
}

int cmd_cases(struct nl *nl)
{
	struct nlmsghdr *nlh;
	char *base;

	/* The fixture: a device by MAC and IPv4, one by IPv6 only. */
	nlh = req(nl, P2PF_CMD_FLUSH_DEVICES, 0);
	must(nl, nlh, "flush");
	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "base1");
	put_mac(nlh, mac1, 6);
	put_addr4(nlh, 0xc0000201);
	must(nl, nlh, "add base1");
	nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "base2");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);

		mnl_attr_put(nlh, P2PF_ADDR_A_IN6, 16,
			     "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\2");
		mnl_attr_nest_end(nlh, n);
	}
	must(nl, nlh, "add base2");
	base = snapshot(nl);

	cases_device(nl, base);
	cases_namespace(nl, base);
	cases_unprivileged(nl, base);
	free(base);

	nlh = req(nl, P2PF_CMD_FLUSH_DEVICES, 0);
	must(nl, nlh, "flush");
	return failures ? 1 : 0;
}
