// SPDX-License-Identifier: GPL-2.0
/*
 * Event reporting on the "events" multicast group; see event.h.
 */
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "event.h"
#include "netlink.h"
#include "netns.h"
#include "stats.h"
#include "uapi/p2pfence.h"

/* Burst: a listener may receive one second's worth at once. */
#define P2PF_EVENT_BURST_NS	NSEC_PER_SEC

static size_t p2pf_event_addr_size(void)
{
	return nla_total_size(nla_total_size(sizeof(struct in6_addr)));
}

static size_t p2pf_event_size(void)
{
	return nla_total_size(0) +			/* P2PF_A_EVENT */
		nla_total_size_64bit(sizeof(u64)) +	/* TIME */
		nla_total_size(P2PF_NAME_MAX) +		/* DEV_NAME */
		nla_total_size(ETH_ALEN) +		/* MAC */
		2 * p2pf_event_addr_size() +		/* SRC, DST */
		2 * nla_total_size(sizeof(u16)) +	/* SPORT, DPORT */
		3 * nla_total_size(sizeof(u8)) +	/* PROTO, KIND, ACTION */
		nla_total_size_64bit(sizeof(u64));	/* SUPPRESSED */
}

/* GCRA: allow when the bucket would not overflow one burst. */
static bool p2pf_event_allowed(struct p2pf_events *ev, unsigned int rate)
{
	s64 now = ktime_get_ns();
	s64 interval, old, next;

	if (!rate)
		return false;
	interval = div_u64(NSEC_PER_SEC, rate);
	do {
		old = atomic64_read(&ev->tat);
		next = max(old, now) + interval;
		if (next - now > P2PF_EVENT_BURST_NS)
			return false;
	} while (atomic64_cmpxchg(&ev->tat, old, next) != old);
	return true;
}

static int p2pf_event_put_addr(struct sk_buff *skb, int type,
			       const struct p2pf_addr *a)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (a->family == AF_INET6) {
		if (nla_put_in6_addr(skb, P2PF_ADDR_A_IN6, &a->in6))
			return -EMSGSIZE;
	} else if (nla_put_in_addr(skb, P2PF_ADDR_A_IN, a->in)) {
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int p2pf_event_fill(struct sk_buff *skb, const struct p2pf_event *e,
			   u64 suppressed)
{
	const struct p2pf_packet *pkt = e->pkt;
	struct nlattr *nest;

	nest = nla_nest_start(skb, P2PF_A_EVENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, P2PF_EV_A_TIME, ktime_get_real_ns(),
			      P2PF_EV_A_PAD) ||
	    (e->dev_name &&
	     nla_put_string(skb, P2PF_EV_A_DEV_NAME, e->dev_name)) ||
	    (pkt->mac && nla_put(skb, P2PF_EV_A_MAC, ETH_ALEN, pkt->mac)) ||
	    p2pf_event_put_addr(skb, P2PF_EV_A_SRC, &pkt->src) ||
	    nla_put_u16(skb, P2PF_EV_A_SPORT, ntohs(pkt->sport)) ||
	    p2pf_event_put_addr(skb, P2PF_EV_A_DST, &pkt->dst) ||
	    nla_put_u16(skb, P2PF_EV_A_DPORT, ntohs(pkt->dport)) ||
	    nla_put_u8(skb, P2PF_EV_A_PROTO, e->proto) ||
	    nla_put_u8(skb, P2PF_EV_A_KIND, e->kind) ||
	    nla_put_u8(skb, P2PF_EV_A_ACTION, e->action) ||
	    (suppressed && nla_put_u64_64bit(skb, P2PF_EV_A_SUPPRESSED,
					     suppressed, P2PF_EV_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void p2pf_event_report(struct p2pf_net *pn, struct p2pf_events *ev,
		       const struct p2pf_event *e)
{
	struct sk_buff *skb;
	u64 suppressed;
	void *hdr;

	if (!genl_has_listeners(&p2pf_genl_family, pn->net, P2PF_MCGRP_EVENTS))
		return;
	if (!p2pf_event_allowed(ev, READ_ONCE(pn->cfg.event_rate)))
		goto suppress;

	skb = genlmsg_new(p2pf_event_size(), GFP_ATOMIC);
	if (!skb)
		goto suppress;
	hdr = genlmsg_put(skb, 0, 0, &p2pf_genl_family, 0, P2PF_CMD_EVENT);
	if (!hdr)
		goto free;
	suppressed = atomic64_xchg(&ev->pending, 0);
	if (p2pf_event_fill(skb, e, suppressed)) {
		atomic64_add(suppressed, &ev->pending);
		goto free;
	}
	genlmsg_end(skb, hdr);
	/* Fails when the last listener left or a queue is full. */
	if (genlmsg_multicast_netns(&p2pf_genl_family, pn->net, skb, 0,
				    P2PF_MCGRP_EVENTS, GFP_ATOMIC)) {
		atomic64_add(suppressed, &ev->pending);
		goto suppress;
	}
	p2pf_count(pn, NULL, P2PF_CTR_EVENTS, P2P_PROTO_NONE);
	return;

free:
	nlmsg_free(skb);
suppress:
	atomic64_inc(&ev->pending);
	p2pf_count(pn, NULL, P2PF_CTR_EVENTS_SUPPRESSED, P2P_PROTO_NONE);
}

void p2pf_events_init(struct p2pf_events *ev)
{
	atomic64_set(&ev->tat, 0);
	atomic64_set(&ev->pending, 0);
}
