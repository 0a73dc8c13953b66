/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the UDP datagram(s) in a forwarded skb and showing the
 * recognisers its payload whole, however the skb is laid out.
 *
 * Callers run under rcu_read_lock with BH off (hooks.c sees to it): the
 * linear view may live in this CPU's scratch buffer until the next call.
 */
#ifndef P2PF_DATAGRAM_H
#define P2PF_DATAGRAM_H

#include <linux/types.h>
#include "packet.h"
#include "p2p_classify.h"

struct sk_buff;

/* Where the transport header starts and the IP packet ends. */
struct p2pf_l4 {
	unsigned int off;
	unsigned int end;
	u8 proto;
};

/* The IP header at @off: addresses into @pkt, the transport into @l4. */
bool p2pf_parse_ipv4(const struct sk_buff *skb, unsigned int off,
		     struct p2pf_packet *pkt, struct p2pf_l4 *l4);
bool p2pf_parse_ipv6(const struct sk_buff *skb, unsigned int off,
		     struct p2pf_packet *pkt, struct p2pf_l4 *l4);

/*
 * The payloads of the UDP datagrams an skb carries: @len bytes at @off,
 * cut into datagrams of @seg bytes (the last may be shorter). One
 * datagram has seg == len; a UDP GSO or GRO skb (a "train", one flow) has
 * several.
 */
struct p2pf_train {
	u32 off;
	u32 len;
	u32 seg;
};

/* The UDP header at @l4: ports into @pkt, the payloads into @t. */
bool p2pf_parse_udp(const struct sk_buff *skb, struct p2pf_packet *pkt,
		    const struct p2pf_l4 *l4, struct p2pf_train *t);

/* Runs the recognisers on pkt's datagram, whole. */
bool p2pf_classify_packet(const struct p2pf_packet *pkt,
			  struct p2p_verdict *v);

/* Module-wide: the per-CPU scratch buffers for non-linear payloads. */
int p2pf_scratch_init(void);
void p2pf_scratch_exit(void);

#endif /* P2PF_DATAGRAM_H */
