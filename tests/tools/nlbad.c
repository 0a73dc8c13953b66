// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad: a raw generic-netlink client (libmnl) for testing the p2pfence
 * module's netlink interface from inside the test VM.
 *
 *   nlbad cases             malformed and refused requests: checks the
 *                           errno, the extack message and attribute, and
 *                           that the state (devices, LAN, config) did
 *                           not change; prints PASS:/FAIL: lines
 *   nlbad add-many N [BASE] adds N devices (MAC and IPv4 from BASE on)
 *   nlbad count             dumps the devices, prints "devices N [intr]"
 *   nlbad flush             deletes every device
 *   nlbad dump-intr         adds a device between two parts of a device
 *                           dump (needs a table larger than one part):
 *                           prints "intr" when the dump was flagged
 *   nlbad stat [NAME]       prints "packets P untagged U" of the namespace,
 *                           or "packets P" of device NAME
 *   nlbad snapshot          prints the state as canonical text
 *   nlbad writer ID ROUNDS  adds, changes and deletes devices "wID-k";
 *                           ends with the even k present in monitor mode
 *
 * It builds messages by hand on purpose (wrong lengths, unknown
 * attributes...), so it does not reuse the CLI's request builders.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../kmod/uapi/p2pfence.h"

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;
};

/* What came back for one request. */
struct reply {
	int err;		/* positive errno, 0 for success */
	char msg[256];		/* extack message, "" if none */
	bool has_offs;		/* extack pointed at an attribute */
	bool has_miss;		/* extack named a missing attribute */
	bool intr;		/* a dump part had NLM_F_DUMP_INTR */
	unsigned int n;		/* data messages */
};

typedef void (*data_cb)(const struct nlmsghdr *nlh, void *arg);

static char buf[1 << 16];
static int failures;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s: %s", ok ? "PASS" : "FAIL", name);
	if (!ok) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		failures++;
	}
	putchar('\n');
	fflush(stdout);
}

static void parse_extack(const struct nlmsghdr *nlh, size_t off,
			 struct reply *r)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(r->msg, sizeof(r->msg), "%s",
				 mnl_attr_get_str(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			r->has_offs = true;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			r->has_miss = true;
			break;
		}
	}
}

/* Sends @nlh and reads until the ack, error or end of dump. */
static void transact(struct nl *nl, struct nlmsghdr *nlh, data_cb cb,
		     void *arg, struct reply *r)
{
	bool done = false;

	memset(r, 0, sizeof(*r));
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		die("sendto");
	while (!done) {
		ssize_t got = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len = (int)got;

		if (got < 0)
			die("recvfrom");
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_flags & NLM_F_DUMP_INTR)
				r->intr = true;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

				r->err = -e->error;
				parse_extack(m, sizeof(*e), r);
				done = true;
			} else if (m->nlmsg_type == NLMSG_DONE) {
				int e = *(const int *)mnl_nlmsg_get_payload(m);

				r->err = e < 0 ? -e : 0;
				parse_extack(m, sizeof(int), r);
				done = true;
			} else if (m->nlmsg_type == nl->family) {
				r->n++;
				if (cb)
					cb(m, arg);
			}
		}
	}
}

static void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)arg = mnl_attr_get_u16(a);
}

static void nl_open(struct nl *nl)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	uint16_t id = 0;
	struct reply r;
	int one = 1;

	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket");
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);

	/* Resolve the family id through the controller. */
	nl->family = GENL_ID_CTRL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, P2PF_GENL_NAME);
	transact(nl, nlh, family_cb, &id, &r);
	if (r.err || !id) {
		fprintf(stderr, "nlbad: family %s not found\n", P2PF_GENL_NAME);
		exit(2);
	}
	nl->family = id;
}

/* A request header for @cmd; the caller adds attributes. */
static struct nlmsghdr *req(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	static char rbuf[1 << 14];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = P2PF_GENL_VERSION;
	return nlh;
}

/* Attribute helpers for hand-built requests. */
static void put_name(struct nlmsghdr *nlh, const char *name)
{
	mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, name);
}

static void put_mac(struct nlmsghdr *nlh, const char *mac, int len)
{
	mnl_attr_put(nlh, P2PF_A_DEV_MAC, len, mac);
}

static void put_addr4(struct nlmsghdr *nlh, uint32_t host_order)
{
	uint32_t be = htonl(host_order);
	struct nlattr *n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);

	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &be);
	mnl_attr_nest_end(nlh, n);
}

static void put_prefix(struct nlmsghdr *nlh, int family, const void *addr,
		       int len)
{
	struct nlattr *p = mnl_attr_nest_start(nlh, P2PF_A_PREFIX);

	if (family == 4)
		mnl_attr_put(nlh, P2PF_PREFIX_A_IN, 4, addr);
	else
		mnl_attr_put(nlh, P2PF_PREFIX_A_IN6, 16, addr);
	if (len >= 0)
		mnl_attr_put_u8(nlh, P2PF_PREFIX_A_LEN, len);
	mnl_attr_nest_end(nlh, p);
}

static void put_cfg_u32(struct nlmsghdr *nlh, int type, uint32_t v)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);

	mnl_attr_put_u32(nlh, type, v);
	mnl_attr_nest_end(nlh, n);
}

/* Snapshot: every attribute but the counters, as hex, message by message. */
struct text {
	char *s;
	size_t len;
	FILE *f;
};

static void text_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct text *t = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		const unsigned char *p = mnl_attr_get_payload(a);
		uint16_t i;

		if (mnl_attr_get_type(a) == P2PF_A_STATS)
			continue;
		fprintf(t->f, "%u:", mnl_attr_get_type(a));
		for (i = 0; i < mnl_attr_get_payload_len(a); i++)
			fprintf(t->f, "%02x", p[i]);
		fputc(' ', t->f);
	}
	fputc('\n', t->f);
}

static char *snapshot(struct nl *nl)
{
	static const uint8_t cmds[] = { P2PF_CMD_GET_DEVICE, P2PF_CMD_GET_LAN,
					P2PF_CMD_GET_CONFIG };
	struct text t = { 0 };
	struct reply r;
	unsigned int i;

	t.f = open_memstream(&t.s, &t.len);
	if (!t.f)
		die("open_memstream");
	for (i = 0; i < sizeof(cmds); i++) {
		struct nlmsghdr *nlh = req(nl, cmds[i],
					   i ? 0 : NLM_F_DUMP);

		transact(nl, nlh, text_cb, &t, &r);
		if (r.err)
			fprintf(t.f, "error %d\n", r.err);
	}
	fclose(t.f);
	return t.s;
}

/* Expectation flags. */
#define E_MSG	1	/* an extack message is required */
#define E_LOC	2	/* extack must point at (or name) an attribute */
#define BADVAL	(-1)	/* policy failure: EINVAL or ERANGE */

static struct nlmsghdr *copy_msg(const struct nlmsghdr *nlh)
{
	static char cbuf[1 << 14];

	memcpy(cbuf, nlh, nlh->nlmsg_len);
	return (struct nlmsghdr *)cbuf;
}

/*
 * Sends a request that must fail with @err, carry an extack message
 * containing @sub (when given), and leave the state as it was (@base).
 */
static void expect(struct nl *nl, const char *name, struct nlmsghdr *nlh,
		   int err, const char *sub, int flags, const char *base)
{
	struct reply r;
	bool err_ok;
	char *now;

	transact(nl, copy_msg(nlh), NULL, NULL, &r);
	err_ok = err == BADVAL ? (r.err == EINVAL || r.err == ERANGE) :
				 r.err == err;
	now = snapshot(nl);
	if (!err_ok)
		result(false, name, "errno %d (%s), want %d, msg '%s'", r.err,
		       strerror(r.err), err, r.msg);
	else if ((flags & E_MSG) && !r.msg[0])
		result(false, name, "no extack message");
	else if (sub && !strstr(r.msg, sub))
		result(false, name, "extack '%s' lacks '%s'", r.msg, sub);
	else if ((flags & E_LOC) && !r.has_offs && !r.has_miss)
		result(false, name, "extack names no attribute ('%s')", r.msg);
	else if (strcmp(now, base))
		result(false, name, "state changed");
	else
		result(true, name, NULL);
	free(now);
}

static void must(struct nl *nl, struct nlmsghdr *nlh, const char *what)
{
	struct reply r;

	transact(nl, nlh, NULL, NULL, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: %s: %s (%s)\n", what, strerror(r.err),
			r.msg);
		exit(2);
	}
}

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
	mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, 1);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "config-discovery-on", nlh, EOPNOTSUPP,
	       "discovery not implemented", E_LOC, base);

	nlh = req(nl, P2PF_CMD_SET_CONFIG, 0);
	n = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
	mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, 2);
	mnl_attr_nest_end(nlh, n);
	expect(nl, "config-discovery-2", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, P2PF_CMD_GET_INFO, 0);
	put_name(nlh, "x1");
	expect(nl, "info-with-attribute", nlh, BADVAL, NULL, E_MSG | E_LOC,
	       base);

	nlh = req(nl, 200, 0);
	expect(nl, "unknown-command", nlh, EOPNOTSUPP, NULL, 0, base);

	nlh = req(nl, P2PF_CMD_EVENT, 0);
	expect(nl, "event-command", nlh, EOPNOTSUPP, NULL, 0, base);

	nlh = req(nl, P2PF_CMD_GET_DISCOVERED, NLM_F_DUMP);
	expect(nl, "discovered-dump", nlh, EOPNOTSUPP,
	       "discovery not implemented", E_MSG, base);

	nlh = req(nl, P2PF_CMD_FLUSH_DISCOVERED, 0);
	expect(nl, "discovered-flush", nlh, EOPNOTSUPP,
	       "discovery not implemented", E_MSG, base);

	nlh = new_x(nl, "x1");
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->reserved = 1;
	expect(nl, "reserved-header-field", nlh, EINVAL, NULL, 0, base);
}

/* Without CAP_NET_ADMIN: changes refused, reads allowed. */
static void cases_unprivileged(const char *base)
{
	struct nlmsghdr *nlh;
	struct reply r;
	struct nl nl;
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			die("drop privileges");
		nl_open(&nl);
		nlh = new_x(&nl, "x1");
		expect(&nl, "unpriv-new-device", nlh, EPERM, NULL, 0, base);
		nlh = req(&nl, P2PF_CMD_FLUSH_DEVICES, 0);
		expect(&nl, "unpriv-flush-devices", nlh, EPERM, NULL, 0, base);
		nlh = req(&nl, P2PF_CMD_SET_CONFIG, 0);
		put_cfg_u32(nlh, P2PF_CFG_A_FLOW_TIMEOUT, 5);
		expect(&nl, "unpriv-set-config", nlh, EPERM, NULL, 0, base);
		nlh = req(&nl, P2PF_CMD_FLUSH_FLOWS, 0);
		expect(&nl, "unpriv-flush-flows", nlh, EPERM, NULL, 0, base);
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
}

static int cmd_cases(struct nl *nl)
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
	cases_unprivileged(base);
	free(base);

	nlh = req(nl, P2PF_CMD_FLUSH_DEVICES, 0);
	must(nl, nlh, "flush");
	return failures ? 1 : 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Device i: MAC 02:aa:ii:ii:ii:ii, IPv4 100.(i>>16).(i>>8).i + 1 in 10/8. */
static int cmd_add_many(struct nl *nl, unsigned int count, unsigned int first)
{
	double t0 = now_ms();
	unsigned int i;

	for (i = first; i < first + count; i++) {
		struct nlmsghdr *nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
		char mac[6] = { 2, (char)0xaa, (char)(i >> 24),
				(char)(i >> 16), (char)(i >> 8), (char)i };
		char name[32];

		snprintf(name, sizeof(name), "d%u", i);
		put_name(nlh, name);
		put_mac(nlh, mac, 6);
		put_addr4(nlh, 0x0a000000 + i + 1);
		must(nl, nlh, name);
	}
	printf("added %u devices in %.0f ms\n", count, now_ms() - t0);
	return 0;
}

static int cmd_count(struct nl *nl)
{
	struct nlmsghdr *nlh = req(nl, P2PF_CMD_GET_DEVICE, NLM_F_DUMP);
	double t0 = now_ms();
	struct reply r;

	transact(nl, nlh, NULL, NULL, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: dump: %s\n", strerror(r.err));
		return 1;
	}
	printf("devices %u%s in %.0f ms\n", r.n, r.intr ? " intr" : "",
	       now_ms() - t0);
	return 0;
}

static int cmd_snapshot(struct nl *nl)
{
	char *s = snapshot(nl);

	fputs(s, stdout);
	free(s);
	return 0;
}

/* Writer @id: ROUNDS of add all, set all to monitor, delete odd ones. */
static int cmd_writer(struct nl *nl, unsigned int id, unsigned int rounds)
{
	unsigned int round, k;
	struct nlmsghdr *nlh;
	struct reply r;
	char name[32];

	for (round = 0; round < rounds; round++) {
		for (k = 0; k < 20; k++) {
			char mac[6] = { 2, (char)0xbb, 0, (char)id, 0,
					(char)k };

			snprintf(name, sizeof(name), "w%u-%u", id, k);
			nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
			put_name(nlh, name);
			put_mac(nlh, mac, 6);
			transact(nl, nlh, NULL, NULL, &r);
			if (r.err && r.err != EEXIST)
				goto fail;
			nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
			put_name(nlh, name);
			mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE,
					P2PF_MODE_MONITOR);
			must(nl, nlh, name);
			if (k % 2) {
				nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
				put_name(nlh, name);
				must(nl, nlh, name);
			}
		}
	}
	return 0;
fail:
	fprintf(stderr, "nlbad: writer %u: %s: %s\n", id, name,
		strerror(r.err));
	return 1;
}

/* Reads messages of a dump in progress; false at its end. */
static bool dump_part(struct nl *nl, struct reply *r)
{
	ssize_t got = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
	const struct nlmsghdr *m;
	int len = (int)got;

	if (got < 0)
		die("recvfrom");
	for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
	     m = mnl_nlmsg_next(m, &len)) {
		if (m->nlmsg_flags & NLM_F_DUMP_INTR)
			r->intr = true;
		if (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == NLMSG_ERROR)
			return false;
		r->n++;
	}
	return true;
}

static int cmd_dump_intr(struct nl *nl)
{
	static const char mac[6] = { 2, 0, 0, 0x1e, 0x1e, 1 };
	struct nlmsghdr *nlh;
	struct reply r = { 0 };
	struct nl other;

	nlh = req(nl, P2PF_CMD_GET_DEVICE, NLM_F_DUMP);
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		die("sendto");
	if (!dump_part(nl, &r)) {
		fprintf(stderr, "nlbad: the dump fits one part\n");
		return 1;
	}
	nl_open(&other);
	nlh = req(&other, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "intr-probe");
	put_mac(nlh, mac, 6);
	must(&other, nlh, "add intr-probe");
	while (dump_part(nl, &r))
		;
	nlh = req(&other, P2PF_CMD_DEL_DEVICE, 0);
	put_name(nlh, "intr-probe");
	must(&other, nlh, "del intr-probe");
	printf("%s after %u devices\n", r.intr ? "intr" : "consistent", r.n);
	return 0;
}

static void stat_cb(const struct nlmsghdr *nlh, void *arg)
{
	uint64_t *v = arg;
	const struct nlattr *a, *s;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PF_A_STATS)
			continue;
		mnl_attr_for_each_nested(s, a) {
			if (mnl_attr_get_type(s) == P2PF_STATS_A_PACKETS)
				v[0] = mnl_attr_get_u64(s);
			else if (mnl_attr_get_type(s) == P2PF_STATS_A_UNTAGGED)
				v[1] = mnl_attr_get_u64(s);
		}
	}
}

static int cmd_stat(struct nl *nl, const char *name)
{
	uint64_t v[2] = { 0, 0 };
	struct nlmsghdr *nlh;
	struct reply r;

	nlh = req(nl, name ? P2PF_CMD_GET_DEVICE : P2PF_CMD_GET_STATS, 0);
	if (name)
		put_name(nlh, name);
	transact(nl, nlh, stat_cb, v, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: stat: %s (%s)\n", strerror(r.err), r.msg);
		return 1;
	}
	if (name)
		printf("packets %llu\n", (unsigned long long)v[0]);
	else
		printf("packets %llu untagged %llu\n",
		       (unsigned long long)v[0], (unsigned long long)v[1]);
	return 0;
}

int main(int argc, char **argv)
{
	struct nl nl;

	if (argc < 2) {
		fprintf(stderr, "usage: nlbad cases|add-many N [FIRST]|count|flush|dump-intr|stat [NAME]|snapshot|writer ID ROUNDS\n");
		return 2;
	}
	nl_open(&nl);
	if (!strcmp(argv[1], "cases"))
		return cmd_cases(&nl);
	if (!strcmp(argv[1], "add-many") && argc >= 3)
		return cmd_add_many(&nl, strtoul(argv[2], NULL, 0),
				    argc > 3 ? strtoul(argv[3], NULL, 0) : 0);
	if (!strcmp(argv[1], "count"))
		return cmd_count(&nl);
	if (!strcmp(argv[1], "flush")) {
		must(&nl, req(&nl, P2PF_CMD_FLUSH_DEVICES, 0), "flush");
		return 0;
	}
	if (!strcmp(argv[1], "dump-intr"))
		return cmd_dump_intr(&nl);
	if (!strcmp(argv[1], "stat"))
		return cmd_stat(&nl, argc > 2 ? argv[2] : NULL);
	if (!strcmp(argv[1], "snapshot"))
		return cmd_snapshot(&nl);
	if (!strcmp(argv[1], "writer") && argc == 4)
		return cmd_writer(&nl, strtoul(argv[2], NULL, 0),
				  strtoul(argv[3], NULL, 0));
	fprintf(stderr, "nlbad: unknown command %s\n", argv[1]);
	return 2;
}
