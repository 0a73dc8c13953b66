// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad: requests and replies through the CLI's netlink layer
 * (userspace/nl.c), hand-built attributes, state snapshots, expectations.
 */
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

/* Data messages to the caller's callback, counted. */
struct talk_cb {
	data_cb cb;
	void *arg;
	struct reply *r;
};

static int on_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk_cb *t = data;

	t->r->n++;
	if (t->cb)
		t->cb(nlh, t->arg);
	return MNL_CB_OK;
}

/* Sends @nlh and reads until the ack, error or end of dump. */
void transact(struct nl *nl, struct nlmsghdr *nlh, data_cb cb,
	      void *arg, struct reply *r)
{
	struct talk_cb t = { cb, arg, r };

	memset(r, 0, sizeof(*r));
	if (nl_talk(nl, nlh, on_data, &t) < 0) {
		if (!nl->err)
			exit(2);	/* a local failure, printed */
		r->err = nl->err;
		snprintf(r->msg, sizeof(r->msg), "%s", nl->extack);
		r->has_loc = nl->extack_attr;
	}
	r->intr = nl->dump_intr;
}

void open_or_die(struct nl *nl)
{
	if (nl_open(nl) < 0)
		exit(2);
}

/*
 * Every request asks for an ack, dumps too (as nl_talk does for the
 * others): the kernel answers a dump with its end alone.
 */
struct nlmsghdr *req(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	return nl_request(nl, cmd, NLM_F_ACK | flags);
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
	else if ((flags & E_LOC) && !r.has_loc)
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
