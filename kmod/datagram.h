/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Showing the recognisers a datagram's payload whole, however the skb is
 * laid out (hooks.c finds the datagrams).
 *
 * Callers run under rcu_read_lock with BH off (hooks.c sees to it;
 * p2pf_classify_packet() asserts BH off): the linear view may live in
 * this CPU's scratch buffer until the next call.
 */
#ifndef P2PF_DATAGRAM_H
#define P2PF_DATAGRAM_H

#include <linux/types.h>
#include "packet.h"
#include "p2p_classify.h"

struct sk_buff;

/* The largest UDP payload: what one datagram can hold, and the scratch. */
#define P2PF_PAYLOAD_MAX	(U16_MAX - 8)

/* Runs the recognisers on pkt's datagram, whole. */
bool p2pf_classify_packet(const struct p2pf_packet *pkt,
			  struct p2p_verdict *v);

/* Module-wide: the per-CPU scratch buffers for non-linear payloads. */
int p2pf_scratch_init(void);
void p2pf_scratch_exit(void);

#endif /* P2PF_DATAGRAM_H */
