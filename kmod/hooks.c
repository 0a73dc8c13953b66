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
 *
 * br_netfilter (when loaded) also runs the inet FORWARD hooks for bridged
 * packets; those carry bridge netfilter state and are skipped there, since
 * the bridge hook has judged them already.
 *
 * Cost: non-UDP packets pay an IP header read; UDP from an untagged source
 * one hash lookup, a per-CPU counter and a read of the discovery switch;
 * only a tagged device's UDP (or, with discovery on, an untagged one's)
 * has its payload located and recognised.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include "compat.h"
#include "device.h"
#include "discover.h"
#include "enforce.h"
#include "hooks.h"
#include "netns.h"

/*
 * Payload bytes copied when the UDP payload is not in the linear area.
 * Handshakes are short and recognisers decide on the first bytes, so a
 * bounded copy loses nothing they need.
 */
#define P2PF_SCRATCH_LEN	512

struct p2pf_scratch {
	u8 buf[P2PF_SCRATCH_LEN];
};

/* Hooks run with BH off: a softirq cannot preempt another on this CPU. */
static DEFINE_PER_CPU(struct p2pf_scratch, p2pf_scratch);

/* Where the transport header starts and the IP packet ends. */
struct p2pf_l4 {
	unsigned int off;
	unsigned int end;
	u8 proto;
};

static bool p2pf_parse_ipv4(const struct sk_buff *skb, struct p2pf_packet *pkt,
			    struct p2pf_l4 *l4)
{
	unsigned int off = skb_network_offset(skb), hlen, tot;
	const struct iphdr *iph;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return false;
	hlen = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (tot < hlen || off + tot > skb->len)
		return false;
	/* Later fragments carry no transport header. */
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	pkt->src.family = AF_INET;
	pkt->src.in = iph->saddr;
	pkt->dst.family = AF_INET;
	pkt->dst.in = iph->daddr;
	l4->off = off + hlen;
	l4->end = off + tot;
	l4->proto = iph->protocol;
	return true;
}

static bool p2pf_parse_ipv6(const struct sk_buff *skb, struct p2pf_packet *pkt,
			    struct p2pf_l4 *l4)
{
	unsigned int off = skb_network_offset(skb), end;
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;
	__be16 frag_off;
	u8 nexthdr;
	int l4off;

	ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
	if (!ip6 || ip6->version != 6)
		return false;
	end = off + sizeof(*ip6) + ntohs(ip6->payload_len);
	if (end > skb->len)
		return false;
	nexthdr = ip6->nexthdr;
	l4off = ipv6_skip_exthdr(skb, off + sizeof(*ip6), &nexthdr, &frag_off);
	if (l4off < 0 || (frag_off & htons(~0x7)))
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

/* The UDP ports and a readable view of (the start of) the payload. */
static bool p2pf_parse_udp(const struct sk_buff *skb, struct p2pf_packet *pkt,
			   const struct p2pf_l4 *l4)
{
	unsigned int off = l4->off + sizeof(struct udphdr), len, ulen;
	const struct udphdr *uh;
	struct udphdr _uh;
	u8 *buf;

	if (l4->end < off)
		return false;
	uh = skb_header_pointer(skb, l4->off, sizeof(_uh), &_uh);
	if (!uh)
		return false;
	pkt->is_udp = true;
	pkt->sport = uh->source;
	pkt->dport = uh->dest;
	len = l4->end - off;
	ulen = ntohs(uh->len);
	if (ulen >= sizeof(*uh) && ulen - sizeof(*uh) < len)
		len = ulen - sizeof(*uh);

	if (off + len <= skb_headlen(skb)) {
		pkt->payload = skb->data + off;
		pkt->payload_len = len;
		return true;
	}
	len = min_t(unsigned int, len, P2PF_SCRATCH_LEN);
	buf = this_cpu_ptr(&p2pf_scratch)->buf;
	if (skb_copy_bits(skb, off, buf, len))
		return false;
	pkt->payload = buf;
	pkt->payload_len = len;
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

static unsigned int p2pf_inspect(struct sk_buff *skb,
				 const struct nf_hook_state *state, bool ipv6)
{
	struct p2pf_net *pn = p2pf_pernet(state->net);
	struct p2pf_device *dev;
	struct p2pf_packet pkt;
	struct p2pf_l4 l4;
	bool ok;

	memset(&pkt, 0, sizeof(pkt));
	ok = ipv6 ? p2pf_parse_ipv6(skb, &pkt, &l4) :
		    p2pf_parse_ipv4(skb, &pkt, &l4);
	if (!ok || l4.proto != IPPROTO_UDP)
		return NF_ACCEPT;
	pkt.mac = p2pf_src_mac(skb, state->in);

	dev = p2pf_device_lookup(pn, &pkt);
	if (!dev) {
		p2pf_count(pn, NULL, P2PF_CTR_UNTAGGED, P2P_PROTO_NONE);
		if (unlikely(READ_ONCE(pn->cfg.discovery)) &&
		    p2pf_parse_udp(skb, &pkt, &l4))
			p2pf_discover(pn, &pkt);
		return NF_ACCEPT;
	}
	if (!p2pf_parse_udp(skb, &pkt, &l4))
		return NF_ACCEPT;
	return p2pf_enforce(pn, dev, &pkt);
}

static unsigned int p2pf_hook_inet(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	if (p2pf_skb_bridged(skb))
		return NF_ACCEPT;
	return p2pf_inspect(skb, state, state->pf == NFPROTO_IPV6);
}

/*
 * Bridged frames still tagged with an 802.1Q header (no VLAN offload, no
 * vlan_filtering) are not parsed: they pass uninspected.
 */
static unsigned int p2pf_hook_bridge(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return p2pf_inspect(skb, state, false);
	case htons(ETH_P_IPV6):
		return p2pf_inspect(skb, state, true);
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops p2pf_hook_ops[] = {
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

int p2pf_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, p2pf_hook_ops,
				     ARRAY_SIZE(p2pf_hook_ops));
}

void p2pf_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, p2pf_hook_ops, ARRAY_SIZE(p2pf_hook_ops));
}
