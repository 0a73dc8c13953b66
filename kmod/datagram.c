// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP datagrams of a forwarded skb, as the recognisers must see them:
 * at their real length and whole, wherever the bytes lie.
 *
 * Real NICs and GRO put payload in page frags, reassembled fragments hang
 * off frag_list, and a UDP GSO/GRO skb carries a train of datagrams of one
 * flow. A payload that is not all in the linear area is copied into this
 * CPU's scratch buffer, big enough for the largest UDP payload, so that a
 * recogniser that checks an exact length or walks to the last attribute
 * reads the same bytes it would on a linear skb, and padding a handshake
 * past any fixed bound gains nothing. Only a tagged device's (or, with
 * discovery on, an untagged source's) datagrams that reach the recognisers
 * are copied; flow-memory hits and LAN destinations never are.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "datagram.h"

#define P2PF_SCRATCH_LEN	(U16_MAX - sizeof(struct udphdr))

/*
 * Datagrams inspected in one train. The kernel builds at most
 * UDP_MAX_SEGMENTS (64, 128 on newer kernels) per GSO skb and GRO merges at
 * most 64; the bound keeps a forged train of one-byte segments (a virtio
 * guest chooses gso_size) from costing more than a normal one.
 */
#define P2PF_TRAIN_MAX		128

/* Used only with BH off: one packet per CPU at a time (hooks.c). */
static DEFINE_PER_CPU(u8 *, p2pf_scratch);

bool p2pf_parse_ipv4(const struct sk_buff *skb, unsigned int off,
		     struct p2pf_packet *pkt, struct p2pf_l4 *l4)
{
	const struct iphdr *iph;
	struct iphdr _iph;
	unsigned int hlen, tot;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return false;
	hlen = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (tot < hlen || off + tot > skb->len)
		return false;
	/*
	 * Later fragments carry no transport header. Routed traffic is
	 * reassembled before the hooks (nf_defrag, netns.c); see hooks.c for
	 * the bridge.
	 */
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

bool p2pf_parse_ipv6(const struct sk_buff *skb, unsigned int off,
		     struct p2pf_packet *pkt, struct p2pf_l4 *l4)
{
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;
	unsigned int end;
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

/* The datagram size of a UDP GSO/GRO train, or 0 for one datagram. */
static u32 p2pf_train_seg(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb) ||
	    !(skb_shinfo(skb)->gso_type & (SKB_GSO_UDP_L4 | SKB_GSO_FRAGLIST)))
		return 0;
	return skb_shinfo(skb)->gso_size;
}

bool p2pf_parse_udp(const struct sk_buff *skb, struct p2pf_packet *pkt,
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
	t->len = min_t(u32, len, P2PF_SCRATCH_LEN);
	seg = p2pf_train_seg(skb);
	if (!seg || seg >= t->len)
		seg = t->len;
	else if (t->len / seg >= P2PF_TRAIN_MAX)
		t->len = seg * P2PF_TRAIN_MAX;
	t->seg = seg;
	return true;
}

bool p2pf_classify_packet(const struct p2pf_packet *pkt,
			  struct p2p_verdict *v)
{
	const struct sk_buff *skb = pkt->skb;
	struct p2p_udp u = {
		.len = pkt->payload_len,
		.sport = ntohs(pkt->sport),
		.dport = ntohs(pkt->dport),
		.dir = P2P_DIR_OUT,
	};
	u8 *buf;

	if (pkt->payload_off + u.len <= skb_headlen(skb)) {
		u.payload = skb->data + pkt->payload_off;
		return p2p_classify(&u, v);
	}
	buf = __this_cpu_read(p2pf_scratch);
	if (u.len <= P2PF_SCRATCH_LEN &&
	    !skb_copy_bits(skb, pkt->payload_off, buf, u.len)) {
		u.payload = buf;
		return p2p_classify(&u, v);
	}
	/* Unreadable: the IP and UDP lengths were checked against skb->len. */
	u.payload = NULL;
	u.len = 0;
	return p2p_classify(&u, v);
}

int p2pf_scratch_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		u8 *buf = kvmalloc_node(P2PF_SCRATCH_LEN, GFP_KERNEL,
					cpu_to_node(cpu));

		if (!buf) {
			p2pf_scratch_exit();
			return -ENOMEM;
		}
		per_cpu(p2pf_scratch, cpu) = buf;
	}
	return 0;
}

void p2pf_scratch_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(p2pf_scratch, cpu));
		per_cpu(p2pf_scratch, cpu) = NULL;
	}
}
