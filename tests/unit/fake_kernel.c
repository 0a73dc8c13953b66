// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A pretend p2pfence module for the CLI's output tests: the libmnl socket
 * calls nl.c makes are defined here, so a test binary linked with the
 * CLI talks to this file instead of the kernel. Requests are answered
 * from struct fake_scene (fake_kernel.h); the events group hands out
 * scene->events one message at a time. Everything nl.c does on its side
 * (family lookup, acks, dumps, attribute parsing) runs unchanged.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>
#include <unistd.h>

#include "devmsg.h"
#include "fake_kernel.h"
#include "p2p_classify.h"

#define FAKE_FAMILY	0x1d
#define FAKE_GROUP	7
#define FAKE_PORTID	4242

const struct fake_scene *fake_scene;

static struct {
	int pipe[2];		/* poll() on the socket finds the read end ready */
	char reply[1 << 16];
	size_t len, off;
	size_t next_event;
	bool joined;
	unsigned int dumps;	/* device dumps answered */
} k;

struct mnl_socket *mnl_socket_open(int bus)
{
	(void)bus;
	if (pipe(k.pipe) < 0 || write(k.pipe[1], "x", 1) != 1)
		return NULL;
	k.len = k.off = 0;
	k.next_event = 0;
	k.joined = false;
	k.dumps = 0;
	return (struct mnl_socket *)&k;
}

int mnl_socket_bind(struct mnl_socket *s, unsigned int groups, pid_t pid)
{
	(void)s, (void)groups, (void)pid;
	return 0;
}

unsigned int mnl_socket_get_portid(const struct mnl_socket *s)
{
	(void)s;
	return FAKE_PORTID;
}

int mnl_socket_get_fd(const struct mnl_socket *s)
{
	(void)s;
	return k.pipe[0];
}

int mnl_socket_setsockopt(const struct mnl_socket *s, int type, void *buf, socklen_t len)
{
	(void)s, (void)buf, (void)len;
	if (type == NETLINK_ADD_MEMBERSHIP)
		k.joined = true;
	return 0;
}

int mnl_socket_close(struct mnl_socket *s)
{
	(void)s;
	close(k.pipe[0]);
	close(k.pipe[1]);
	return 0;
}

/* A reply message to the request req, appended to k.reply. */
static struct nlmsghdr *reply_msg(const struct nlmsghdr *req, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(k.reply + k.len);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = req && (req->nlmsg_flags & NLM_F_DUMP) ? NLM_F_MULTI : 0;
	nlh->nlmsg_seq = req ? req->nlmsg_seq : 0;
	nlh->nlmsg_pid = req ? FAKE_PORTID : 0;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static void commit(struct nlmsghdr *nlh)
{
	k.len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* The ack (error 0) or an error; NLMSG_DONE ends a dump. */
static void finish(const struct nlmsghdr *req, int error)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(k.reply + k.len);

	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = FAKE_PORTID;
	if ((req->nlmsg_flags & NLM_F_DUMP) && !error) {
		nlh->nlmsg_type = NLMSG_DONE;
		nlh->nlmsg_flags = NLM_F_MULTI;
		*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
	} else {
		struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

		nlh->nlmsg_type = NLMSG_ERROR;
		nlh->nlmsg_flags = NLM_F_CAPPED;
		e->error = -error;
		e->msg = *req;
	}
	commit(nlh);
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type, const struct ipaddr *a)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	nl_put_addr(nlh, a);
	mnl_attr_nest_end(nlh, nest);
}

static void put_stats(struct nlmsghdr *nlh, const struct stat_counters *s)
{
	static const struct { uint16_t attr; size_t off; } u64s[] = {
		{ P2PF_STATS_A_PACKETS, offsetof(struct stat_counters, packets) },
		{ P2PF_STATS_A_DETECTED, offsetof(struct stat_counters, detected) },
		{ P2PF_STATS_A_DROPPED, offsetof(struct stat_counters, dropped) },
		{ P2PF_STATS_A_FLOW_DROPPED, offsetof(struct stat_counters, flow_dropped) },
		{ P2PF_STATS_A_MARKED, offsetof(struct stat_counters, marked) },
		{ P2PF_STATS_A_UNTAGGED, offsetof(struct stat_counters, untagged) },
		{ P2PF_STATS_A_EVENTS, offsetof(struct stat_counters, events) },
		{ P2PF_STATS_A_EVENTS_SUPPRESSED, offsetof(struct stat_counters, events_suppressed) },
		{ P2PF_STATS_A_FLOWS_REFUSED, offsetof(struct stat_counters, flows_refused) },
		{ P2PF_STATS_A_DISC_REFUSED, offsetof(struct stat_counters, disc_refused) },
		{ P2PF_STATS_A_TINY_FRAGMENTS, offsetof(struct stat_counters, tiny_fragments) },
	};
	struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_STATS), *bp, *p;
	unsigned int i;

	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
		uint64_t v;

		memcpy(&v, (const char *)s + u64s[i].off, sizeof(v));
		if (s->seen & (1U << u64s[i].attr))
			mnl_attr_put_u64(nlh, u64s[i].attr, v);
	}
	if (s->seen & (1U << P2PF_STATS_A_FLOWS))
		mnl_attr_put_u32(nlh, P2PF_STATS_A_FLOWS, s->flows);
	if (s->seen & (1U << P2PF_STATS_A_DISCOVERED))
		mnl_attr_put_u32(nlh, P2PF_STATS_A_DISCOVERED, s->discovered);
	bp = mnl_attr_nest_start(nlh, P2PF_STATS_A_BY_PROTO);
	for (i = 1; i < 32; i++) {
		if (!(s->proto_seen & (1U << i)))
			continue;
		p = mnl_attr_nest_start(nlh, P2PF_STATS_A_PROTO);
		mnl_attr_put_u8(nlh, P2PF_PSTATS_A_ID, (uint8_t)i);
		mnl_attr_put_u64(nlh, P2PF_PSTATS_A_DETECTED, s->proto_detected[i]);
		mnl_attr_put_u64(nlh, P2PF_PSTATS_A_DROPPED, s->proto_dropped[i]);
		mnl_attr_nest_end(nlh, p);
	}
	mnl_attr_nest_end(nlh, bp);
	mnl_attr_nest_end(nlh, nest);
}

static void put_device(const struct nlmsghdr *req, const struct fake_device *d,
		       bool interrupted)
{
	struct nlmsghdr *nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_DEVICE);
	struct dev_spec s = d->spec;

	if (interrupted)
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;

	s.has_addrs = s.has_mode = s.has_protos = s.has_fanout = true;
	s.has_lan = s.has_pfx = true;
	s.has_iif = s.iif[0] != '\0';
	devmsg_put(nlh, &s);
	put_stats(nlh, &d->stats);
	commit(nlh);
}

static int get_device(const struct nlmsghdr *req)
{
	const struct fake_scene *sc = fake_scene;
	const struct nlattr *a;
	const char *name = NULL;
	bool interrupted;
	size_t i, sent = 0;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == P2PF_A_DEV_NAME)
			name = mnl_attr_get_str(a);
	interrupted = !name && k.dumps++ < sc->interrupted_dumps;
	for (i = 0; i < sc->ndevices; i++)
		if (!name || !strcmp(name, sc->devices[i].spec.name)) {
			put_device(req, &sc->devices[i], interrupted && sent++);
			if (name)
				return 0;
		}
	return name ? ENOENT : 0;
}

static void get_discovered(const struct nlmsghdr *req)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < fake_scene->ndisc; i++) {
		const struct disc_entry *d = &fake_scene->disc[i];
		struct nlmsghdr *nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_DISCOVERED);
		struct nlattr *e = mnl_attr_nest_start(nlh, P2PF_A_DISC), *n, *r;

		if (d->has_mac)
			mnl_attr_put(nlh, P2PF_DISC_A_MAC, 6, d->mac);
		n = mnl_attr_nest_start(nlh, P2PF_DISC_A_ADDRS);
		for (j = 0; j < d->naddrs; j++)
			nl_put_addr(nlh, &d->addrs[j]);
		mnl_attr_nest_end(nlh, n);
		mnl_attr_put_u32(nlh, P2PF_DISC_A_PROTOS, d->protos);
		mnl_attr_put_u32(nlh, P2PF_DISC_A_KINDS, d->kinds);
		mnl_attr_put_u64(nlh, P2PF_DISC_A_PACKETS, d->packets);
		mnl_attr_put_u64(nlh, P2PF_DISC_A_FIRST, d->first_ns);
		mnl_attr_put_u64(nlh, P2PF_DISC_A_LAST, d->last_ns);
		n = mnl_attr_nest_start(nlh, P2PF_DISC_A_REMOTES);
		for (j = 0; j < d->nremotes; j++) {
			r = mnl_attr_nest_start(nlh, P2PF_DISC_A_REMOTE);
			nl_put_addr(nlh, &d->remotes[j].addr);
			mnl_attr_put_u16(nlh, P2PF_DISC_A_PORT, d->remotes[j].port);
			mnl_attr_nest_end(nlh, r);
		}
		mnl_attr_nest_end(nlh, n);
		mnl_attr_nest_end(nlh, e);
		commit(nlh);
	}
}

static void get_config(const struct nlmsghdr *req)
{
	const struct fake_scene *sc = fake_scene;
	struct nlmsghdr *nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_CONFIG);
	struct nlattr *nest;

	config_put(nlh, &sc->config);
	nest = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
	mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, sc->discovery);
	mnl_attr_nest_end(nlh, nest);
	commit(nlh);
}

static void get_info(const struct nlmsghdr *req)
{
	const struct fake_scene *sc = fake_scene;
	struct nlmsghdr *nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_INFO);

	if (sc->version)
		mnl_attr_put_strz(nlh, P2PF_A_VERSION, sc->version);
	if (sc->device_limit) {
		mnl_attr_put_u32(nlh, P2PF_A_DEVICE_LIMIT, sc->device_limit);
		mnl_attr_put_u32(nlh, P2PF_A_DEVICE_COUNT, (uint32_t)sc->ndevices);
	}
	commit(nlh);
}

static void get_protos(const struct nlmsghdr *req)
{
	size_t i;

	for (i = 0; i < fake_scene->nprotos; i++) {
		struct nlmsghdr *nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_PROTO);

		mnl_attr_put_u8(nlh, P2PF_A_PROTO_ID, fake_scene->protos[i].id);
		mnl_attr_put_strz(nlh, P2PF_A_PROTO_NAME, fake_scene->protos[i].name);
		mnl_attr_put_strz(nlh, P2PF_A_PROTO_DESC, fake_scene->protos[i].desc);
		commit(nlh);
	}
}

static int p2pfence_request(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct nlmsghdr *nlh;

	switch (g->cmd) {
	case P2PF_CMD_GET_INFO:
		get_info(req);
		return 0;
	case P2PF_CMD_GET_PROTO:
		get_protos(req);
		return 0;
	case P2PF_CMD_GET_DEVICE:
		return get_device(req);
	case P2PF_CMD_GET_STATS:
		nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_STATS);
		put_stats(nlh, &fake_scene->global);
		commit(nlh);
		return 0;
	case P2PF_CMD_GET_CONFIG:
		get_config(req);
		return 0;
	case P2PF_CMD_GET_LAN:
		nlh = reply_msg(req, FAKE_FAMILY, P2PF_CMD_GET_LAN);
		nl_put_prefix_list(nlh, P2PF_A_LAN, fake_scene->lan.p, fake_scene->lan.n);
		commit(nlh);
		return 0;
	case P2PF_CMD_GET_DISCOVERED:
		get_discovered(req);
		return 0;
	default:
		return EOPNOTSUPP;	/* the output tests change nothing */
	}
}

static void family_reply(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = reply_msg(req, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	struct nlattr *groups, *grp;

	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, P2PF_GENL_MCGRP_EVENTS);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, FAKE_GROUP);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);
	commit(nlh);
}

ssize_t mnl_socket_sendto(const struct mnl_socket *s, const void *buf, size_t len)
{
	const struct nlmsghdr *req = buf;
	int error = 0;

	(void)s;
	k.len = k.off = 0;
	if (req->nlmsg_type == GENL_ID_CTRL) {
		if (fake_scene->no_module)
			error = ENOENT;
		else
			family_reply(req);
	} else {
		error = p2pfence_request(req);
	}
	finish(req, error);
	return (ssize_t)len;
}

/* One event message of the scene, as the events group would send it. */
static void next_event(void)
{
	const struct fake_event *ev = &fake_scene->events[k.next_event++];
	struct nlmsghdr *nlh = reply_msg(NULL, FAKE_FAMILY, P2PF_CMD_EVENT);
	struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_EVENT);

	mnl_attr_put_u64(nlh, P2PF_EV_A_TIME, ev->time_ns);
	if (ev->dev)
		mnl_attr_put_strz(nlh, P2PF_EV_A_DEV_NAME, ev->dev);
	if (ev->has_mac)
		mnl_attr_put(nlh, P2PF_EV_A_MAC, 6, ev->mac);
	if (ev->src.family) {
		put_addr(nlh, P2PF_EV_A_SRC, &ev->src);
		mnl_attr_put_u16(nlh, P2PF_EV_A_SPORT, ev->sport);
	}
	if (ev->dst.family) {
		put_addr(nlh, P2PF_EV_A_DST, &ev->dst);
		mnl_attr_put_u16(nlh, P2PF_EV_A_DPORT, ev->dport);
	}
	if (ev->proto >= 0)
		mnl_attr_put_u8(nlh, P2PF_EV_A_PROTO, (uint8_t)ev->proto);
	if (ev->kind >= 0)
		mnl_attr_put_u8(nlh, P2PF_EV_A_KIND, (uint8_t)ev->kind);
	if (ev->action >= 0)
		mnl_attr_put_u8(nlh, P2PF_EV_A_ACTION, (uint8_t)ev->action);
	if (ev->suppressed)
		mnl_attr_put_u64(nlh, P2PF_EV_A_SUPPRESSED, ev->suppressed);
	mnl_attr_nest_end(nlh, nest);
	commit(nlh);
}

ssize_t mnl_socket_recvfrom(const struct mnl_socket *s, void *buf, size_t size)
{
	size_t n;

	(void)s;
	if (k.off == k.len && k.joined && k.next_event < fake_scene->nevents) {
		k.len = k.off = 0;
		next_event();
	}
	if (k.off == k.len) {
		errno = EAGAIN;	/* a real socket would block: end the test */
		return -1;
	}
	n = k.len - k.off < size ? k.len - k.off : size;
	memcpy(buf, k.reply + k.off, n);
	k.off += n;
	return (ssize_t)n;
}
