/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hooks extract from a forwarded packet before any policy runs.
 * Filled on the stack by hooks.c; the UDP fields only for UDP.
 */
#ifndef P2PF_PACKET_H
#define P2PF_PACKET_H

#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/types.h>
#include <net/ipv6.h>

struct net_device;
struct sk_buff;

struct p2pf_addr {
	u8 family;			/* AF_INET or AF_INET6 */
	union {
		__be32 in;
		struct in6_addr in6;
	};
};

static inline bool p2pf_addr_equal(const struct p2pf_addr *a,
				   const struct p2pf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->in6, &b->in6);
	return a->in == b->in;
}

struct p2pf_packet {
	struct p2pf_addr src;
	struct p2pf_addr dst;
	const u8 *mac;			/* ingress L2 source, or NULL */
	const struct net_device *in;	/* ingress interface, or NULL */
	/*
	 * The device was found by prefix or interface: it stands for many
	 * hosts, so what is remembered per host is keyed by source too.
	 */
	bool group;
	bool is_udp;
	__be16 sport;
	__be16 dport;
	/*
	 * One UDP datagram: its payload is payload_len bytes at payload_off
	 * in skb, wherever they lie (linear area, page frags, frag_list).
	 * datagram.c gives the recognisers a linear view of them. In the
	 * first IP fragment of a datagram only the first payload_have bytes
	 * are there; otherwise payload_have == payload_len.
	 */
	const struct sk_buff *skb;
	u32 payload_off;
	u32 payload_len;
	u32 payload_have;
};

#endif /* P2PF_PACKET_H */
