// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Generic netlink plumbing over libmnl (see nl.h). */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "nl.h"
#include "p2pfence.h"
#include "parse.h"

#define NL_BUFSIZE	65536
/* Acks of one batch must fit the receive buffer: keep batches short. */
#define NL_BATCH_MSGS	64
#define NL_BATCH_SIZE	(NL_BATCH_MSGS * 4096)
#define NL_MSG_RESERVE	4096	/* largest request we build (16 addrs, 64 prefixes) */

struct talk {
	struct nl *nl;
	mnl_cb_t cb;
	void *data;
	struct nl_batch *batch;
};

static int extack_attr(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
		snprintf(nl->extack, sizeof(nl->extack), "%s", mnl_attr_get_str(a));
	else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS ||
		 mnl_attr_get_type(a) == NLMSGERR_ATTR_MISS_TYPE)
		nl->extack_attr = true;
	return MNL_CB_OK;
}

/* Records errno and the extack message of an NLMSG_ERROR/NLMSG_DONE. */
static void record_error(struct nl *nl, const struct nlmsghdr *nlh, int error,
			 size_t tlv_off)
{
	nl->err = -error;
	nl->extack[0] = '\0';
	nl->extack_attr = false;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    tlv_off <= mnl_nlmsg_get_payload_len(nlh))
		mnl_attr_parse(nlh, (unsigned int)tlv_off, extack_attr, nl);
}

static int on_error(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - sizeof(struct nlmsghdr));
	if (t->batch) {
		struct nl_batch *b = t->batch;
		uint32_t i = e->msg.nlmsg_seq - b->first_seq;

		if (i >= b->ncookies) {
			errno = EPROTO;
			return MNL_CB_ERROR;
		}
		if (e->error && !b->failed) {
			b->failed = true;
			b->failed_cookie = b->cookies[i];
			record_error(t->nl, nlh, e->error, off);
		}
		b->pending--;
		return b->pending ? MNL_CB_OK : MNL_CB_STOP;
	}
	if (!e->error)
		return MNL_CB_STOP;
	record_error(t->nl, nlh, e->error, off);
	errno = t->nl->err;
	return MNL_CB_ERROR;
}

static int on_done(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int error = 0;

	/* The end of a dump is checked for consistency like its parts. */
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->nl->dump_intr = true;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(int));
	if (error < 0) {
		record_error(t->nl, nlh, error, sizeof(int));
		errno = t->nl->err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int on_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->nl->dump_intr = true;
	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

static int on_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = on_noop,
	[NLMSG_ERROR] = on_error,
	[NLMSG_DONE] = on_done,
	[NLMSG_OVERRUN] = on_noop,
};

/* Whether the @n bytes at @buf hold the end of the dump @seq. */
static bool dump_ends(const void *buf, size_t n, uint32_t seq)
{
	const struct nlmsghdr *nlh = buf;
	int len = (int)n;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
		if (nlh->nlmsg_seq == seq && (nlh->nlmsg_type == NLMSG_DONE ||
					      nlh->nlmsg_type == NLMSG_ERROR))
			return true;
	return false;
}

/*
 * Reads replies until a callback stops; 0, or -1 (nl->err set, or printed).
 * libmnl stops at a message flagged NLM_F_DUMP_INTR with EINTR: the rest
 * of that dump is read and dropped, and nl->dump_intr tells the caller to
 * ask again.
 */
static int receive(struct talk *t, uint32_t seq)
{
	struct nl *nl = t->nl;
	bool dropping = false;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, nl->bufsize);
		int ret;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			cli_err("netlink receive: %s", strerror(errno));
			nl->err = 0;
			return -1;
		}
		if (dropping) {
			if (dump_ends(nl->buf, (size_t)n, seq))
				return 0;
			continue;
		}
		errno = 0;
		ret = mnl_cb_run2(nl->buf, (size_t)n, seq, nl->portid, on_data, t,
				  ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP)
			return 0;
		if (ret == MNL_CB_ERROR && !nl->err && errno == EINTR) {
			nl->dump_intr = true;
			if (dump_ends(nl->buf, (size_t)n, seq))
				return 0;
			dropping = true;
			continue;
		}
		if (ret == MNL_CB_ERROR) {
			if (!nl->err) {
				cli_err("netlink: %s", strerror(errno ? errno : EPROTO));
				return -1;
			}
			return -1;
		}
	}
}

struct nlmsghdr *nl_request(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = P2PF_GENL_VERSION;
	return nlh;
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct talk t = { nl, cb, data, NULL };

	nl->err = 0;
	nl->extack[0] = '\0';
	nl->extack_attr = false;
	nl->dump_intr = false;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		cli_err("netlink send: %s", strerror(errno));
		return -1;
	}
	return receive(&t, nlh->nlmsg_seq);
}

void nl_strerror(const struct nl *nl, char *out, size_t size)
{
	if (nl->extack[0])
		snprintf(out, size, "kernel: %s (%s)", nl->extack, strerror(nl->err));
	else
		snprintf(out, size, "kernel: %s", strerror(nl->err));
}

void nl_perror(const struct nl *nl)
{
	char msg[400];

	if (!nl->err)
		return;	/* a local failure, already printed */
	nl_strerror(nl, msg, sizeof(msg));
	cli_err("%s", msg);
}

static int family_groups(const struct nlattr *nest, struct nl *nl)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, nest) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				name = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
				 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, P2PF_GENL_MCGRP_EVENTS))
			nl->events_group = id;
	}
	return MNL_CB_OK;
}

static int family_attr(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) >= 0)
		nl->family = mnl_attr_get_u16(a);
	else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS &&
		 mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
		family_groups(a, nl);
	return MNL_CB_OK;
}

static int family_reply(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, data) < 0 ?
	       MNL_CB_ERROR : MNL_CB_OK;
}

int nl_open(struct nl *nl)
{
	struct nlmsghdr *nlh;
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->bufsize = NL_BUFSIZE;
	nl->buf = malloc(nl->bufsize);
	nl->seq = (uint32_t)time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->buf || !nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		cli_err("cannot open a generic netlink socket: %s", strerror(errno));
		nl_close(nl);
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* Best effort: older kernels lack them, errors then carry no text. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++nl->seq;
	((struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr)))->cmd =
		CTRL_CMD_GETFAMILY;
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, P2PF_GENL_NAME);
	if (nl_talk(nl, nlh, family_reply, nl) < 0 || !nl->family) {
		if (nl->err == ENOENT)
			cli_err("the p2pfence kernel module is not loaded (modprobe p2pfence)");
		else
			nl_perror(nl);
		nl_close(nl);
		return -1;
	}
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	nl->sock = NULL;
	nl->buf = NULL;
}

int nl_join_events(struct nl *nl)
{
	int g = (int)nl->events_group;

	if (!g) {
		cli_err("the module offers no \"%s\" multicast group", P2PF_GENL_MCGRP_EVENTS);
		return -1;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0) {
		cli_err("cannot join the events group: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int nl_batch_init(struct nl_batch *b, struct nl *nl)
{
	memset(b, 0, sizeof(*b));
	b->nl = nl;
	b->size = NL_BATCH_SIZE;
	b->buf = malloc(b->size);
	b->cookies = calloc(NL_BATCH_MSGS, sizeof(*b->cookies));
	if (!b->buf || !b->cookies) {
		cli_err("out of memory");
		nl_batch_free(b);
		return -1;
	}
	return 0;
}

void nl_batch_free(struct nl_batch *b)
{
	free(b->buf);
	free(b->cookies);
	b->buf = NULL;
	b->cookies = NULL;
}

struct nlmsghdr *nl_batch_request(struct nl_batch *b, uint8_t cmd)
{
	struct nl *nl = b->nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if ((b->ncookies == NL_BATCH_MSGS || b->size - b->used < NL_MSG_RESERVE) &&
	    nl_batch_flush(b) < 0)
		return NULL;
	nlh = mnl_nlmsg_put_header(b->buf + b->used);
	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	if (!b->ncookies)
		b->first_seq = nlh->nlmsg_seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = P2PF_GENL_VERSION;
	return nlh;
}

void nl_batch_commit(struct nl_batch *b, struct nlmsghdr *nlh, uintptr_t cookie)
{
	b->used += NLMSG_ALIGN(nlh->nlmsg_len);
	b->cookies[b->ncookies++] = cookie;
}

int nl_batch_flush(struct nl_batch *b)
{
	struct talk t = { b->nl, NULL, NULL, b };
	int ret = 0;

	if (!b->ncookies)
		return 0;
	b->pending = b->ncookies;
	if (mnl_socket_sendto(b->nl->sock, b->buf, b->used) < 0) {
		cli_err("netlink send: %s", strerror(errno));
		ret = -1;
	} else if (receive(&t, 0) < 0) {
		ret = -1;
	}
	b->used = 0;
	b->ncookies = 0;
	return ret;
}

void nl_put_addr(struct nlmsghdr *nlh, const struct ipaddr *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, P2PF_ADDR_A_IN, 4, a->addr);
	else
		mnl_attr_put(nlh, P2PF_ADDR_A_IN6, 16, a->addr);
}

bool nl_get_addr(const struct nlattr *attr, struct ipaddr *a)
{
	uint16_t type = mnl_attr_get_type(attr);
	uint16_t len = mnl_attr_get_payload_len(attr);

	memset(a, 0, sizeof(*a));
	if (type == P2PF_ADDR_A_IN && len == 4)
		a->family = AF_INET;
	else if (type == P2PF_ADDR_A_IN6 && len == 16)
		a->family = AF_INET6;
	else
		return false;
	memcpy(a->addr, mnl_attr_get_payload(attr), len);
	return true;
}

bool nl_get_addr_nest(const struct nlattr *nest, struct ipaddr *a)
{
	const struct nlattr *attr;
	bool found = false;

	mnl_attr_for_each_nested(attr, nest) {
		if (found || !nl_get_addr(attr, a))
			return false;
		found = true;
	}
	return found;
}

void nl_put_prefix_list(struct nlmsghdr *nlh, uint16_t type,
			const struct prefix *list, unsigned int n)
{
	struct nlattr *outer = mnl_attr_nest_start(nlh, type);
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nlattr *p = mnl_attr_nest_start(nlh, P2PF_A_PREFIX);

		if (list[i].family == AF_INET)
			mnl_attr_put(nlh, P2PF_PREFIX_A_IN, 4, list[i].addr);
		else
			mnl_attr_put(nlh, P2PF_PREFIX_A_IN6, 16, list[i].addr);
		mnl_attr_put_u8(nlh, P2PF_PREFIX_A_LEN, list[i].len);
		mnl_attr_nest_end(nlh, p);
	}
	mnl_attr_nest_end(nlh, outer);
}

static bool get_prefix(const struct nlattr *nest, struct prefix *p)
{
	const struct nlattr *a;
	bool has_len = false;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t len = mnl_attr_get_payload_len(a);

		switch (mnl_attr_get_type(a)) {
		case P2PF_PREFIX_A_IN:
			if (len != 4 || p->family)
				return false;
			p->family = AF_INET;
			memcpy(p->addr, mnl_attr_get_payload(a), 4);
			break;
		case P2PF_PREFIX_A_IN6:
			if (len != 16 || p->family)
				return false;
			p->family = AF_INET6;
			memcpy(p->addr, mnl_attr_get_payload(a), 16);
			break;
		case P2PF_PREFIX_A_LEN:
			if (len < 1)
				return false;
			p->len = mnl_attr_get_u8(a);
			has_len = true;
			break;
		default:
			break;	/* newer modules may add attributes */
		}
	}
	return p->family && has_len && p->len <= (p->family == AF_INET ? 32 : 128);
}

bool nl_get_prefix_list(const struct nlattr *nest, struct prefix *list,
			unsigned int *n, unsigned int max)
{
	const struct nlattr *a;

	*n = 0;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != P2PF_A_PREFIX)
			continue;
		if (*n == max || !get_prefix(a, &list[*n]))
			return false;
		(*n)++;
	}
	return true;
}
