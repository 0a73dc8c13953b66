// SPDX-License-Identifier: GPL-2.0
/* nlbad: netlink plumbing (libmnl), request helpers, state snapshots. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../kmod/uapi/p2pfence.h"
#include "nlbad.h"

static char buf[1 << 16];
int failures;

void die(const char *what)
{
	perror(what);
	exit(2);
}

void result(bool ok, const char *name, const char *fmt, ...)
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

/* Reads one batch of replies; false once the ack, error or end came. */
bool read_part(struct nl *nl, data_cb cb, void *arg, struct reply *r)
{
	ssize_t got = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
	const struct nlmsghdr *m;
	int len = (int)got;
	bool more = true;

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
			more = false;
		} else if (m->nlmsg_type == NLMSG_DONE) {
			int e = *(const int *)mnl_nlmsg_get_payload(m);

			r->err = e < 0 ? -e : 0;
			parse_extack(m, sizeof(int), r);
			more = false;
		} else if (m->nlmsg_type == nl->family) {
			r->n++;
			if (cb)
				cb(m, arg);
		}
	}
	return more;
}

/* Sends @nlh and reads until the ack, error or end of dump. */
void transact(struct nl *nl, struct nlmsghdr *nlh, data_cb cb,
		     void *arg, struct reply *r)
{
	memset(r, 0, sizeof(*r));
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		die("sendto");
	while (read_part(nl, cb, arg, r))
		;
}

static void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)arg = mnl_attr_get_u16(a);
}

void nl_open(struct nl *nl)
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
struct nlmsghdr *req(struct nl *nl, uint8_t cmd, uint16_t flags)
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
void put_name(struct nlmsghdr *nlh, const char *name)
{
	mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, name);
}

void put_mac(struct nlmsghdr *nlh, const char *mac, int len)
{
	mnl_attr_put(nlh, P2PF_A_DEV_MAC, len, mac);
}

void put_addr4(struct nlmsghdr *nlh, uint32_t host_order)
{
	uint32_t be = htonl(host_order);
	struct nlattr *n = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);

	mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, &be);
	mnl_attr_nest_end(nlh, n);
}

void put_prefix(struct nlmsghdr *nlh, int family, const void *addr,
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

void put_cfg_u32(struct nlmsghdr *nlh, int type, uint32_t v)
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

char *snapshot(struct nl *nl)
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
void expect(struct nl *nl, const char *name, struct nlmsghdr *nlh,
		   int err, const char *sub, int flags, const char *base)
{
	struct reply r;
	bool err_ok;
	char *now;

	transact(nl, copy_msg(nlh), NULL, NULL, &r);
	err_ok = err == BADVAL ? (r.err == EINVAL || r.err == ERANGE) :
				 r.err == err;
	now = (flags & E_NOSNAP) ? strdup(base) : snapshot(nl);
	if (!now)
		die("strdup");
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

void must(struct nl *nl, struct nlmsghdr *nlh, const char *what)
{
	struct reply r;

	transact(nl, nlh, NULL, NULL, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: %s: %s (%s)\n", what, strerror(r.err),
			r.msg);
		exit(2);
	}
}
