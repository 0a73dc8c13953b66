// SPDX-License-Identifier: GPL-2.0
/*
 * Policy for the outbound UDP of tagged devices: recognise the P2P
 * handshake, remember the flow it opens, report it once, and drop it (and
 * what follows on the flow) in block mode, or have hooks.c mark it in mark
 * mode (mark.c).
 *
 * The rules are those of classify/p2p_policy.h, which the offline
 * classify shares. Order on the packet path, cheapest first: LAN
 * destinations leave at once; in block and mark mode the flow memory is
 * asked before any recogniser runs, so an established (opaque) session costs one
 * or two hash lookups.
 */
#include <linux/slab.h>

#include "datagram.h"
#include "device.h"
#include "enforce.h"
#include "event.h"
#include "fanout.h"
#include "flow.h"
#include "fragment.h"
#include "lan.h"
#include "netns.h"
#include "p2p_policy.h"
#include "stats.h"
#include "uapi/p2pfence.h"

struct p2pf_enforce_net {
	struct p2pf_flows flows;
	struct p2pf_events events;
	struct p2pf_fanout fanout;
	struct p2pf_frags frags;
};

/* Block or mark mode: a packet on a remembered flow; *proto its opener. */
static bool p2pf_enforce_flow_hit(struct p2pf_enforce_net *en,
				  struct p2pf_device *dev,
				  const struct p2pf_packet *pkt,
				  unsigned int timeout, u8 *proto)
{
	struct p2pf_flow_key k;

	if (p2pf_flow_owner_idle(&dev->flow_last, timeout))
		return false;
	p2pf_flow_key_remote(&k, dev->id, &pkt->dst, pkt->dport);
	if (p2pf_flow_hit(&en->flows, &k, timeout, proto))
		goto hit;
	if (!p2pf_flows_have_lport(&en->flows))
		return false;
	p2pf_flow_key_lport(&k, dev->id, pkt->sport,
			    pkt->group ? &pkt->src : NULL);
	if (!p2pf_flow_hit(&en->flows, &k, timeout, proto))
		return false;
hit:
	p2pf_flow_owner_active(&dev->flow_last);
	return true;
}

/*
 * Remembers the flow a recognised handshake opens: the remote endpoint,
 * and for hole punching the local port too. Returns whether this is the
 * first detection (or the table could not tell), which is what events
 * report.
 */
static bool p2pf_enforce_remember(struct p2pf_net *pn,
				  struct p2pf_enforce_net *en,
				  struct p2pf_device *dev,
				  const struct p2pf_packet *pkt,
				  const struct p2p_verdict *v,
				  unsigned int timeout)
{
	enum p2pf_flow_result r, rl = P2PF_FLOW_KNOWN;
	struct p2pf_flow_key k;

	/* First: a packet on another CPU must not skip the new flow. */
	p2pf_flow_owner_active(&dev->flow_last);

	p2pf_flow_key_remote(&k, dev->id, &pkt->dst, pkt->dport);
	r = p2pf_flow_remember(&en->flows, &k, v->proto, v->kind, timeout);
	if (p2p_opens_local_port(v)) {
		p2pf_flow_key_lport(&k, dev->id, pkt->sport,
				    pkt->group ? &pkt->src : NULL);
		rl = p2pf_flow_remember(&en->flows, &k, v->proto, v->kind,
					timeout);
	}
	if (r == P2PF_FLOW_REFUSED || rl == P2PF_FLOW_REFUSED)
		p2pf_count(pn, NULL, P2PF_CTR_FLOWS_REFUSED, P2P_PROTO_NONE);
	return r != P2PF_FLOW_KNOWN || rl != P2PF_FLOW_KNOWN;
}

/*
 * The mode a tagged device's packet to @dst is judged in: P2PF_MODE_ALLOW
 * lets it pass. Counted as the device's unless it stays on the LAN.
 */
static __always_inline u8 p2pf_enforce_mode(struct p2pf_net *pn,
					    struct p2pf_device *dev,
					    const struct p2pf_addr *dst)
{
	if (p2pf_is_lan(pn, dev, dst))
		return P2PF_MODE_ALLOW;
	p2pf_count_packet(pn->stats, &dev->stats);
	return READ_ONCE(dev->mode);
}

/* What @mode does to a packet judged P2P (@proto; NONE: no protocol). */
static enum p2pf_verdict p2pf_enforce_act(struct p2pf_net *pn,
					  struct p2pf_device *dev, u8 mode,
					  unsigned int proto)
{
	if (mode == P2PF_MODE_MARK) {
		p2pf_count(pn, dev, P2PF_CTR_MARKED, P2P_PROTO_NONE);
		return P2PF_VERDICT_MARK;
	}
	if (mode != P2PF_MODE_BLOCK)
		return P2PF_VERDICT_PASS;
	p2pf_count(pn, dev, P2PF_CTR_DROPPED, proto);
	return P2PF_VERDICT_DROP;
}

/* A recognised P2P packet (or fan-out) of a device in any mode but allow. */
static enum p2pf_verdict p2pf_enforce_detected(struct p2pf_net *pn,
					       struct p2pf_enforce_net *en,
					       struct p2pf_device *dev,
					       const struct p2pf_packet *pkt,
					       const struct p2p_verdict *v,
					       u8 mode)
{
	struct p2pf_event e = {
		.dev_name = dev->name,
		.pkt = pkt,
		.proto = v->proto,
		.kind = v->kind,
		.action = mode == P2PF_MODE_BLOCK ? P2PF_ACTION_DROP :
			  mode == P2PF_MODE_MARK ? P2PF_ACTION_MARK :
			  P2PF_ACTION_PASS,
	};

	p2pf_count(pn, dev, P2PF_CTR_DETECTED, v->proto);
	if (p2pf_enforce_remember(pn, en, dev, pkt, v,
				  READ_ONCE(pn->cfg.flow_timeout)))
		p2pf_event_report(pn, &en->events, &e);
	return p2pf_enforce_act(pn, dev, mode, v->proto);
}

enum p2pf_verdict p2pf_enforce(struct p2pf_net *pn, struct p2pf_device *dev,
			       const struct p2pf_packet *pkt)
{
	struct p2pf_enforce_net *en = pn->enforce;
	unsigned int timeout;
	struct p2p_verdict v;
	u8 mode;

	if (!pkt->is_udp)
		return P2PF_VERDICT_PASS;
	mode = p2pf_enforce_mode(pn, dev, &pkt->dst);
	if (mode == P2PF_MODE_ALLOW)
		return P2PF_VERDICT_PASS;

	timeout = READ_ONCE(pn->cfg.flow_timeout);
	if (mode != P2PF_MODE_MONITOR &&
	    p2pf_enforce_flow_hit(en, dev, pkt, timeout, &v.proto)) {
		if (mode == P2PF_MODE_BLOCK)
			p2pf_count(pn, dev, P2PF_CTR_FLOW_DROPPED,
				   P2P_PROTO_NONE);
		return p2pf_enforce_act(pn, dev, mode, v.proto);
	}

	if (p2pf_classify_packet(pkt, &v) &&
	    (READ_ONCE(dev->protos) & BIT(v.proto)))
		return p2pf_enforce_detected(pn, en, dev, pkt, &v, mode);

	/* Whatever the payload, one port talking to many remotes punches. */
	if ((READ_ONCE(dev->flags) & P2PF_DEV_F_FANOUT) &&
	    p2pf_fanout_check(&en->fanout, dev->id, pkt,
			      READ_ONCE(pn->cfg.fanout_threshold))) {
		p2p_fanout_verdict(&v);
		return p2pf_enforce_detected(pn, en, dev, pkt, &v, mode);
	}
	return P2PF_VERDICT_PASS;
}

/*
 * A train of datagrams (hooks.c) is dropped whole when one of them is: the
 * @n that policy passed go with it, counted as drops of the flow that the
 * dropped one opened or belonged to.
 */
void p2pf_enforce_train_dropped(struct p2pf_net *pn, struct p2pf_device *dev,
				const struct p2pf_packet *pkt, u32 n)
{
	u8 proto = P2P_PROTO_NONE;

	p2pf_enforce_flow_hit(pn->enforce, dev, pkt,
			      READ_ONCE(pn->cfg.flow_timeout), &proto);
	while (n--) {
		p2pf_count(pn, dev, P2PF_CTR_FLOW_DROPPED, P2P_PROTO_NONE);
		p2pf_count(pn, dev, P2PF_CTR_DROPPED, proto);
	}
}

/* Likewise a marked train: its mark covers the @n datagrams passed. */
void p2pf_enforce_train_marked(struct p2pf_net *pn, struct p2pf_device *dev,
			       u32 n)
{
	while (n--)
		p2pf_count(pn, dev, P2PF_CTR_MARKED, P2P_PROTO_NONE);
}

void p2pf_enforce_first_fragment(struct p2pf_net *pn,
				  const struct p2pf_packet *pkt, __be32 id,
				  enum p2pf_verdict v)
{
	if (v != P2PF_VERDICT_PASS)
		p2pf_frags_remember(&pn->enforce->frags, pkt, id, v);
}

enum p2pf_verdict p2pf_enforce_tiny_fragment(struct p2pf_net *pn,
					     struct p2pf_device *dev,
					     const struct p2pf_packet *pkt)
{
	u8 mode = p2pf_enforce_mode(pn, dev, &pkt->dst);

	if (mode == P2PF_MODE_ALLOW)
		return P2PF_VERDICT_PASS;
	p2pf_count(pn, NULL, P2PF_CTR_TINY_FRAGMENTS, P2P_PROTO_NONE);
	return p2pf_enforce_act(pn, dev, mode, P2P_PROTO_NONE);
}

enum p2pf_verdict p2pf_enforce_later_fragment(struct p2pf_net *pn,
					      const struct p2pf_packet *pkt,
					      __be32 id)
{
	return p2pf_frags_verdict(&pn->enforce->frags, pkt, id);
}

int p2pf_enforce_net_init(struct p2pf_net *pn)
{
	struct p2pf_enforce_net *en;
	int err;

	en = kzalloc(sizeof(*en), GFP_KERNEL_ACCOUNT);
	if (!en)
		return -ENOMEM;
	err = p2pf_flows_init(&en->flows, pn->cfg.flow_timeout);
	if (err)
		goto err_free;
	err = p2pf_fanout_init(&en->fanout);
	if (err)
		goto err_flows;
	p2pf_events_init(&en->events);
	p2pf_frags_init(&en->frags);
	pn->enforce = en;
	return 0;

err_flows:
	p2pf_flows_destroy(&en->flows);
err_free:
	kfree(en);
	return err;
}

/*
 * After the hooks and the devices are gone: nothing on the packet path or
 * in a device can reach it.
 */
void p2pf_enforce_net_exit(struct p2pf_net *pn)
{
	struct p2pf_enforce_net *en = pn->enforce;

	pn->enforce = NULL;
	p2pf_fanout_destroy(&en->fanout);
	p2pf_flows_destroy(&en->flows);
	kfree(en);
}

void p2pf_enforce_forget_device(struct p2pf_net *pn, u32 dev_id)
{
	p2pf_flows_flush_owner(&pn->enforce->flows, dev_id);
}

void p2pf_enforce_forget_flows(struct p2pf_net *pn)
{
	p2pf_flows_flush(&pn->enforce->flows);
}

u32 p2pf_enforce_flow_count(struct p2pf_net *pn)
{
	return p2pf_flows_count(&pn->enforce->flows);
}
