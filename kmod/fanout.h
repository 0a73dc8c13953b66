/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hole-punch fan-out heuristic (device flag P2PF_DEV_F_FANOUT): a device
 * that sends from one local UDP port to more distinct remote endpoints than
 * the configured threshold within P2PF_FANOUT_WINDOW is punching holes,
 * whatever the payload looks like. The rule (rule 4 of p2p_policy.h) is
 * shared with the offline classify, which counts exactly.
 *
 * State is a small fixed table per namespace, allocated with it: slots are
 * chosen by hashing (device, local port), and each holds a bitmap of hashed
 * remote endpoints for the current window. Distinct remotes are counted as
 * newly set bits, so hash collisions can only under-count: with 4096 bits,
 * counts below ~500 are within 6 %, and very high thresholds are reached
 * later than configured. A busy slot is taken over when its window ends.
 * Nothing is allocated and no lock is taken on the packet path; concurrent
 * updates of one slot may lose a count, which a heuristic can afford.
 */
#ifndef P2PF_FANOUT_H
#define P2PF_FANOUT_H

#include <linux/types.h>

#include "packet.h"
#include "p2p_policy.h"

#define P2PF_FANOUT_SLOTS	32
#define P2PF_FANOUT_BITS	4096
#define P2PF_FANOUT_WINDOW	(P2P_FANOUT_WINDOW_S * HZ)

struct p2pf_fanout_slot {
	u32 dev_id;
	__be16 lport;
	bool fired;			/* reported once per window */
	unsigned long start;		/* jiffies: window start */
	atomic_t distinct;
	unsigned long seen[BITS_TO_LONGS(P2PF_FANOUT_BITS)];
};

struct p2pf_fanout {
	struct p2pf_fanout_slot *slots;	/* P2PF_FANOUT_SLOTS */
	u32 seed;
};

int p2pf_fanout_init(struct p2pf_fanout *fo);
void p2pf_fanout_destroy(struct p2pf_fanout *fo);

/*
 * Packet path: records pkt's remote endpoint for (dev_id, source port);
 * true once, when the number of distinct remotes in this window exceeds
 * threshold.
 */
bool p2pf_fanout_check(struct p2pf_fanout *fo, u32 dev_id,
		       const struct p2pf_packet *pkt, unsigned int threshold);

#endif /* P2PF_FANOUT_H */
