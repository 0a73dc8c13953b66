// SPDX-License-Identifier: GPL-2.0
/*
 * The payload of a forwarded UDP datagram, as the recognisers must see
 * it: at its real length and whole, wherever the bytes lie.
 *
 * Real NICs and GRO put payload in page frags, reassembled fragments hang
 * off frag_list, and a UDP GSO/GRO skb carries a train of datagrams of one
 * flow. A payload that is not all in the linear area is copied into this
 * CPU's scratch buffer, big enough for the largest UDP payload, so that a
 * recogniser that checks an exact length or walks to the last attribute
 * reads the same bytes it would on a linear skb, and padding a handshake
 * past any fixed bound gains nothing. A first IP fragment that nothing
 * reassembled (hooks.c) shows the datagram's length with the bytes that
 * did not come yet as zeros, and says how many are real (p2p_udp.have):
 * what decides a handshake is at its start, and a recogniser whose check
 * reaches past have takes the unseen rest as consistent. Only a
 * tagged device's (or, with discovery on, an untagged source's) datagrams
 * that reach the recognisers are copied; flow-memory hits and LAN
 * destinations never are.
 */
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include "compat.h"
#include "datagram.h"

/* Used only with BH off: one packet per CPU at a time (hooks.c). */
static DEFINE_PER_CPU(u8 *, p2pf_scratch);

bool p2pf_classify_packet(const struct p2pf_packet *pkt,
			  struct p2p_verdict *v)
{
	const struct sk_buff *skb = pkt->skb;
	struct p2p_udp u = {
		.len = pkt->payload_len,
		.have = pkt->payload_have,
		.sport = ntohs(pkt->sport),
		.dport = ntohs(pkt->dport),
		.dir = P2P_DIR_OUT,
	};
	u32 have = pkt->payload_have;
	u8 *buf;

	/* The scratch buffer is this CPU's: no other packet may run here. */
	lockdep_assert_in_softirq();
	if (have == u.len && pkt->payload_off + u.len <= skb_headlen(skb)) {
		u.payload = skb->data + pkt->payload_off;
		return p2p_classify(&u, v);
	}
	buf = __this_cpu_read(p2pf_scratch);
	if (u.len <= P2PF_PAYLOAD_MAX && have <= u.len &&
	    !skb_copy_bits(skb, pkt->payload_off, buf, have)) {
		/* Stand-ins for the bytes to come: u.have tells them apart. */
		memset(buf + have, 0, u.len - have);
		u.payload = buf;
		return p2p_classify(&u, v);
	}
	/* Unreadable: the IP and UDP lengths were checked against skb->len. */
	u.payload = NULL;
	u.len = 0;
	u.have = 0;
	return p2p_classify(&u, v);
}

int p2pf_scratch_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		u8 *buf = kvmalloc_node(P2PF_PAYLOAD_MAX, GFP_KERNEL,
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
