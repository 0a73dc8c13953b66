// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks: IPv4 and IPv6 FORWARD (a routed box) and the bridge
 * FORWARD (a bridged box), in every namespace.
 *
 * Priority: just after the filter table (NF_IP_PRI_FILTER + 1, and
 * NF_BR_PRI_FILTER_BRIDGED + 1 on the bridge). On FORWARD, source NAT has
 * not happened yet (it is in POSTROUTING), so the source is the device's
 * own at any priority; running after the admin's filter rules means we
 * only inspect, count and report what the ruleset actually lets through.
 * Mark mode's mark is therefore seen by FORWARD chains of a higher
 * priority (filter + 10) and by POSTROUTING; the conntrack mark by every
 * chain from the connection's next packet on (mark.c).
 *
 * The paths a packet takes, and what each one shows us:
 *  - Routed, any ingress (a LAN bridge such as br0 included, with or
 *    without br_netfilter): the inet hook, once.
 *  - Bridged: the bridge hook, once. br_netfilter also runs the inet
 *    FORWARD hooks for it; those skip packets that leave by a bridge port
 *    (compat.h), so nothing is counted twice.
 *  - VLANs: the receive path keeps a frame's outer tag in skb metadata; an
 *    inner tag (802.1ad/QinQ, or a port that does not strip tags) is still
 *    in the packet, and the bridge hook steps over up to two.
 *  - IP fragments: the namespace's nf_defrag (enabled with the hooks, as
 *    nft_socket does) reassembles them in PREROUTING, before any FORWARD
 *    hook, for routed packets and, through br_netfilter, for bridged ones;
 *    the output path fragments them again as they came. A bridge
 *    without br_netfilter does not reassemble: there the first fragment
 *    of a tagged device's datagram is judged as the datagram, at its
 *    real length (datagram.c), and the later ones share its verdict
 *    (fragment.h); a first fragment too short to show the handshake's
 *    start (P2PF_FRAG_FIRST_MIN) is dropped in block mode. An untagged
 *    source's fragments cost a device lookup.
 *  - Non-linear skbs (page frags, frag_list): datagram.c copies what the
 *    recognisers need, the whole payload, however long.
 *  - UDP GSO and GRO (rx-udp-gro-forwarding, fraglist): one skb holds a
 *    train of datagrams of one flow. Each datagram is judged in order as
 *    if it came alone (counters count datagrams); the skb is dropped if
 *    any of them is. The handshake that caused it marks the flow, so the
 *    datagrams after it are flow drops, as they would be if sent one by
 *    one; the benign ones before it go with the train, counted as flow
 *    drops too (splitting the skb to pass them would skip the hooks that
 *    follow ours).
 *  - nftables flowtables: a tagged device's flow is kept out of them
 *    (offload.c), so its packets keep coming through FORWARD.
 *  - NFQUEUE ahead of us: nf_reinject() runs the rest of the chain in
 *    process context with BH enabled; the hooks then disable BH themselves
 *    (as ipt_do_table() does), since the scratch buffer, the per-CPU
 *    counters and the flow table's locks expect it.
 *
 * Ingress interface (device selector `iif`): state->in, the interface as
 * the hook that inspects the packet sees it: for routed traffic the layer
 * 3 interface it arrived on (a bridge such as br0 for hosts behind it),
 * for bridged traffic the bridge port (the inet hooks skip it).
 *
 * Cost: non-UDP packets pay an IP header read; UDP from an untagged source
 * one hash lookup (and a binary search in the selector index when some
 * device has source prefixes or an interface: device.h), a per-CPU
 * counter and a read of the discovery switch;
 * only a tagged device's UDP (or, with discovery on, an untagged one's)
 * has its payload located and recognised.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "compat.h"
#include "datagram.h"
#include "device.h"
#include "discover.h"
#include "enforce.h"
#include "hooks.h"
#include "mark.h"
#include "netns.h"
#include "offload.h"

/* VLAN headers the bridge hook steps over (802.1ad outer + 802.1Q). */
#define P2PF_VLAN_DEPTH		2

/* An IP packet that holds a fragment of a datagram, not all of it. */
enum p2pf_frag {
	P2PF_FRAG_NONE,
	P2PF_FRAG_FIRST,	/* offset 0: the transport header and the start */
	P2PF_FRAG_LATER,	/* neither: no ports, a middle of the payload */
};

/*
 * Where the transport header starts and the IP packet ends; for a
 * fragment, which one and its datagram's IP id.
 */
struct p2pf_l4 {
	unsigned int off;
	unsigned int end;
	u8 proto;
	u8 frag;
	__be32 frag_id;
};

/*
 * The payloads of the UDP datagrams an skb carries: @len bytes at @off,
 * cut into datagrams of @seg bytes (the last may be shorter). One
 * datagram has seg == len; a UDP GSO or GRO skb (a "train", one flow) has
 * several. A first IP fragment holds only @have bytes of its datagram's
 * @len; otherwise have == len.
 */
struct p2pf_train {
	u32 off;
	u32 len;
	u32 seg;
	u32 have;
};


/*
 * Datagrams inspected in one train. The kernel builds at most
 * UDP_MAX_SEGMENTS (64, 128 on newer kernels) per GSO skb and GRO merges at
 * most 64; the bound keeps a forged train of one-byte segments (a virtio
 * guest chooses gso_size) from costing more than a normal one.
 */
#define P2PF_TRAIN_MAX		128

static bool p2pf_parse_ipv4(const struct sk_buff *skb, unsigned int off,
			    struct p2pf_packet *pkt, struct p2pf_l4 *l4)
{
	const struct iphdr *iph;
	struct iphdr _iph __uninitialized;
	unsigned int hlen, tot;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return false;
	hlen = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (tot < hlen || off + tot > skb->len)
		return false;
	/* Only a bridge without br_netfilter shows fragments (file top). */
	if (unlikely(iph->frag_off & htons(IP_MF | IP_OFFSET))) {
		l4->frag = iph->frag_off & htons(IP_OFFSET) ? P2PF_FRAG_LATER :
							     P2PF_FRAG_FIRST;
		l4->frag_id = (__force __be32)iph->id;
	}
	pkt->src.family = AF_INET;
	pkt->src.in = iph->saddr;
	pkt->dst.family = AF_INET;
	pkt->dst.in = iph->daddr;
	l4->off = off + hlen;
	l4->end = off + tot;
	l4->proto = iph->protocol;
	return true;
}

/*
 * ipv6_skip_exthdr() noting, in the same walk, the Fragment header of a
 * fragment (an offset or more to come): which one, and its
 * identification. A later fragment ends the walk there: its payload
 * starts after that header, and the header's next protocol is what goes
 * in *@nexthdrp.
 */
static int p2pf_skip_ipv6_exthdr(const struct sk_buff *skb, int start,
				 u8 *nexthdrp, struct p2pf_l4 *l4)
{
	union {
		struct ipv6_opt_hdr opt;
		struct frag_hdr frag;
	} _h;
	const struct ipv6_opt_hdr *hp;
	const struct frag_hdr *fh;
	u8 nexthdr = *nexthdrp;

	while (ipv6_ext_hdr(nexthdr)) {
		if (nexthdr == NEXTHDR_NONE)
			return -1;
		if (nexthdr != NEXTHDR_FRAGMENT) {
			hp = skb_header_pointer(skb, start, sizeof(*hp), &_h);
			if (!hp)
				return -1;
			start += nexthdr == NEXTHDR_AUTH ? ipv6_authlen(hp) :
				 ipv6_optlen(hp);
			nexthdr = hp->nexthdr;
			continue;
		}
		fh = skb_header_pointer(skb, start, sizeof(*fh), &_h);
		if (!fh)
			return -1;
		start += sizeof(*fh);
		nexthdr = fh->nexthdr;
		if (!(fh->frag_off & htons(IP6_OFFSET | IP6_MF)))
			continue;	/* an atomic fragment */
		l4->frag_id = fh->identification;
		if (fh->frag_off & htons(IP6_OFFSET)) {
			l4->frag = P2PF_FRAG_LATER;
			break;
		}
		l4->frag = P2PF_FRAG_FIRST;
	}
	*nexthdrp = nexthdr;
	return start;
}

static bool p2pf_parse_ipv6(const struct sk_buff *skb, unsigned int off,
			    struct p2pf_packet *pkt, struct p2pf_l4 *l4)
{
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6 __uninitialized;
	unsigned int end;
	u8 nexthdr;
	int l4off;

	ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
	if (!ip6 || ip6->version != 6)
		return false;
	end = off + sizeof(*ip6) + ntohs(ip6->payload_len);
	if (end > skb->len)
		return false;
	nexthdr = ip6->nexthdr;
	l4off = p2pf_skip_ipv6_exthdr(skb, off + sizeof(*ip6), &nexthdr, l4);
	if (l4off < 0)
		return false;
	pkt->src.family = AF_INET6;
	pkt->src.in6 = ip6->saddr;
	pkt->dst.family = AF_INET6;
	pkt->dst.in6 = ip6->daddr;
	l4->off = l4off;
	l4->end = end;
	l4->proto = nexthdr;
	return true;
}

/* The datagram size of a UDP GSO/GRO train, or 0 for one datagram. */
static u32 p2pf_train_seg(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb) ||
	    !(skb_shinfo(skb)->gso_type & (SKB_GSO_UDP_L4 | SKB_GSO_FRAGLIST)))
		return 0;
	return skb_shinfo(skb)->gso_size;
}

static bool p2pf_parse_udp(const struct sk_buff *skb, struct p2pf_packet *pkt,
			   const struct p2pf_l4 *l4, struct p2pf_train *t)
{
	unsigned int off = l4->off + sizeof(struct udphdr), len, ulen;
	const struct udphdr *uh;
	struct udphdr _uh;
	u32 seg;

	if (l4->end < off)
		return false;
	uh = skb_header_pointer(skb, l4->off, sizeof(_uh), &_uh);
	if (!uh)
		return false;
	pkt->is_udp = true;
	pkt->sport = uh->source;
	pkt->dport = uh->dest;
	pkt->skb = skb;
	len = l4->end - off;
	/* A UDP length shorter than the IP packet ends the datagram. */
	ulen = ntohs(uh->len);
	if (ulen >= sizeof(*uh) && ulen - sizeof(*uh) < len)
		len = ulen - sizeof(*uh);
	t->off = off;
	t->len = min_t(u32, len, P2PF_PAYLOAD_MAX);
	t->have = t->len;
	/* The datagram's length is in its first fragment, not its bytes. */
	if (l4->frag == P2PF_FRAG_FIRST && ulen > sizeof(*uh) + len) {
		t->len = ulen - sizeof(*uh);
		t->seg = t->len;
		return true;
	}
	seg = p2pf_train_seg(skb);
	if (!seg || seg >= t->len)
		seg = t->len;
	else if (t->len / seg >= P2PF_TRAIN_MAX)
		t->len = seg * P2PF_TRAIN_MAX;
	t->seg = seg;
	return true;
}

/* The frame's source MAC when it came in over Ethernet. */
static const u8 *p2pf_src_mac(const struct sk_buff *skb,
			      const struct net_device *in)
{
	if (!in || in->type != ARPHRD_ETHER || !skb_mac_header_was_set(skb) ||
	    skb_mac_header_len(skb) < ETH_HLEN)
		return NULL;
	return eth_hdr(skb)->h_source;
}

/*
 * Each datagram of the train in turn; the train is dropped if any of them
 * is, else marked if any of them is, and then the ones passed are counted
 * as dropped or marked with it.
 */
static enum p2pf_verdict p2pf_enforce_train(struct p2pf_net *pn,
					    struct p2pf_device *dev,
					    struct p2pf_packet *pkt,
					    const struct p2pf_train *t)
{
	enum p2pf_verdict worst = P2PF_VERDICT_PASS, v;
	u32 done = 0, passed = 0;

	do {
		pkt->payload_off = t->off + done;
		pkt->payload_len = min(t->seg, t->len - done);
		pkt->payload_have = min(pkt->payload_len, t->have - done);
		if (!dev) {
			p2pf_discover(pn, pkt);
		} else {
			v = p2pf_enforce(pn, dev, pkt);
			if (v == P2PF_VERDICT_PASS)
				passed++;
			worst = max(worst, v);
		}
		done += t->seg;
	} while (done < t->len);
	if (passed && worst == P2PF_VERDICT_DROP)
		p2pf_enforce_train_dropped(pn, dev, pkt, passed);
	else if (passed && worst == P2PF_VERDICT_MARK)
		p2pf_enforce_train_marked(pn, dev, passed);
	return worst;
}

static unsigned int p2pf_apply(struct p2pf_net *pn, struct sk_buff *skb,
			       enum p2pf_verdict v)
{
	switch (v) {
	case P2PF_VERDICT_DROP:
		return NF_DROP;
	case P2PF_VERDICT_MARK:
		p2pf_mark(pn, skb);
		return NF_ACCEPT;
	default:
		return NF_ACCEPT;
	}
}

/*
 * The UDP of a tagged device (@dev), or of an untagged source while
 * discovery is on (@dev NULL): the part of the path that reads payloads.
 * Out of line, so that the untagged path before it stays short.
 */
static noinline unsigned int p2pf_judge(struct p2pf_net *pn,
					struct sk_buff *skb,
					struct p2pf_device *dev,
					struct p2pf_packet *pkt,
					const struct p2pf_l4 *l4)
{
	struct p2pf_train t;
	enum p2pf_verdict v;

	if (unlikely(l4->frag == P2PF_FRAG_LATER)) {
		v = p2pf_enforce_later_fragment(pn, pkt, l4->frag_id);
		return p2pf_apply(pn, skb, v);
	}
	if (!p2pf_parse_udp(skb, pkt, l4, &t))
		return NF_ACCEPT;
	if (dev && READ_ONCE(dev->mode) != P2PF_MODE_ALLOW)
		p2pf_offload_keep_out(skb);
	if (likely(l4->frag != P2PF_FRAG_FIRST) || !dev)
		return p2pf_apply(pn, skb, p2pf_enforce_train(pn, dev, pkt, &t));
	/* The handshake's start must be in it to be judged (uapi header). */
	if (t.have < min_t(u32, t.len, P2PF_FRAG_FIRST_MIN))
		v = p2pf_enforce_tiny_fragment(pn, dev, pkt);
	else
		v = p2pf_enforce_train(pn, dev, pkt, &t);
	p2pf_enforce_first_fragment(pn, pkt, l4->frag_id, v);
	return p2pf_apply(pn, skb, v);
}

/*
 * Every forwarded IP packet of a namespace with hooks comes here; most
 * leave after the header read and the device lookup. Only what those read
 * is filled in here: the addresses (family and address; nothing reads an
 * IPv4 address's unused bytes), the ingress, and group, which the lookup
 * may set. p2pf_parse_udp() and the train loop fill the rest.
 */
static unsigned int p2pf_inspect(struct p2pf_net *pn, struct sk_buff *skb,
				 unsigned int off,
				 const struct nf_hook_state *state, bool ipv6)
{
	/* Each field is written before it is read (above): no zeroing. */
	struct p2pf_packet pkt __uninitialized;
	struct p2pf_l4 l4 __uninitialized;
	struct p2pf_device *dev;
	bool ok;

	l4.frag = P2PF_FRAG_NONE;
	ok = ipv6 ? p2pf_parse_ipv6(skb, off, &pkt, &l4) :
		    p2pf_parse_ipv4(skb, off, &pkt, &l4);
	if (!ok || l4.proto != IPPROTO_UDP)
		return NF_ACCEPT;
	pkt.mac = p2pf_src_mac(skb, state->in);
	pkt.in = state->in;
	pkt.group = false;

	dev = p2pf_device_lookup(pn, &pkt);
	if (unlikely(l4.frag == P2PF_FRAG_LATER)) {
		/* No ports: nothing for discovery in it. */
		if (!dev)
			return NF_ACCEPT;
	} else if (!dev) {
		p2pf_count_net(pn->stats, P2PF_CTR_UNTAGGED);
		if (likely(!READ_ONCE(pn->cfg.discovery)))
			return NF_ACCEPT;
	}
	return p2pf_judge(pn, skb, dev, &pkt, &l4);
}

/*
 * Hooks run in softirq context, except after an NFQUEUE verdict: then
 * nf_reinject() runs the rest of the chain in process context with BH
 * enabled, and two packets could share this CPU's scratch buffer and
 * counters.
 */
static unsigned int p2pf_inspect_bh(struct p2pf_net *pn, struct sk_buff *skb,
				    unsigned int off,
				    const struct nf_hook_state *state,
				    bool ipv6)
{
	unsigned int verdict;

	if (likely(softirq_count()))
		return p2pf_inspect(pn, skb, off, state, ipv6);
	local_bh_disable();
	verdict = p2pf_inspect(pn, skb, off, state, ipv6);
	local_bh_enable();
	return verdict;
}

static unsigned int p2pf_hook_inet(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	if (p2pf_skb_bridged(skb))
		return NF_ACCEPT;
	return p2pf_inspect_bh(priv, skb, skb_network_offset(skb), state,
			       state->pf == NFPROTO_IPV6);
}

static unsigned int p2pf_hook_bridge(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	unsigned int off = skb_network_offset(skb);
	__be16 proto = skb->protocol;
	int depth;

	for (depth = 0; eth_type_vlan(proto); depth++) {
		const struct vlan_hdr *vh;
		struct vlan_hdr _vh;

		if (depth == P2PF_VLAN_DEPTH)
			return NF_ACCEPT;
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return NF_ACCEPT;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	switch (proto) {
	case htons(ETH_P_IP):
		return p2pf_inspect_bh(priv, skb, off, state, false);
	case htons(ETH_P_IPV6):
		return p2pf_inspect_bh(priv, skb, off, state, true);
	}
	return NF_ACCEPT;
}

/* Each namespace registers its own copy, priv set to its p2pf_net. */
static const struct nf_hook_ops p2pf_hook_ops[P2PF_HOOK_OPS] = {
	{
		.hook = p2pf_hook_inet,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = NF_IP_PRI_FILTER + 1,
	}, {
		.hook = p2pf_hook_inet,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_FORWARD,
		.priority = NF_IP6_PRI_FILTER + 1,
	}, {
		.hook = p2pf_hook_bridge,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_FORWARD,
		.priority = NF_BR_PRI_FILTER_BRIDGED + 1,
	},
};

/* Reassembly first, so that no FORWARD hook ever sees a fragment. */
static int p2pf_hooks_register(struct p2pf_net *pn)
{
	struct net *net = pn->net;
	int err, i;

	memcpy(pn->hook_ops, p2pf_hook_ops, sizeof(pn->hook_ops));
	for (i = 0; i < P2PF_HOOK_OPS; i++)
		pn->hook_ops[i].priv = pn;
	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_v4;
	err = nf_register_net_hooks(net, pn->hook_ops, P2PF_HOOK_OPS);
	if (err)
		goto err_v6;
	return 0;

err_v6:
	p2pf_defrag_ipv6_disable(net);
err_v4:
	p2pf_defrag_ipv4_disable(net);
	return err;
}

/*
 * Packets already inside a hook may still run it: whatever they use lives
 * until the namespace exits, which waits for them.
 */
static void p2pf_hooks_unregister(struct p2pf_net *pn)
{
	nf_unregister_net_hooks(pn->net, pn->hook_ops, P2PF_HOOK_OPS);
	p2pf_defrag_ipv6_disable(pn->net);
	p2pf_defrag_ipv4_disable(pn->net);
}

int p2pf_hooks_want(struct p2pf_net *pn)
{
	int err;

	lockdep_assert_held(&pn->lock);
	if (pn->hooks_on)
		return 0;
	err = p2pf_hooks_register(pn);
	if (!err)
		pn->hooks_on = true;
	return err;
}

void p2pf_hooks_idle(struct p2pf_net *pn)
{
	lockdep_assert_held(&pn->lock);
	if (!pn->hooks_on || p2pf_devtable_live(pn)->dev_count ||
	    READ_ONCE(pn->cfg.discovery))
		return;
	p2pf_hooks_unregister(pn);
	pn->hooks_on = false;
}

void p2pf_hooks_netns_exit(struct p2pf_net *pn)
{
	if (pn->hooks_on)
		p2pf_hooks_unregister(pn);
	pn->hooks_on = false;
}
