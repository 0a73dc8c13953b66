// SPDX-License-Identifier: GPL-2.0
/*
 * Hole-punch fan-out heuristic; see fanout.h.
 */
#include <linux/bitops.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "fanout.h"

static u32 p2pf_fanout_remote_hash(const struct p2pf_packet *pkt, u32 seed)
{
	u32 h = (__force u32)pkt->dport;

	if (pkt->dst.family == AF_INET6)
		return jhash2((const u32 *)&pkt->dst.in6, 4, seed ^ h);
	return jhash_2words((__force u32)pkt->dst.in, h, seed);
}

/* Starts a new window in slot s for (dev_id, lport). */
static void p2pf_fanout_reset(struct p2pf_fanout_slot *s, u32 dev_id,
			      __be16 lport, unsigned long now)
{
	WRITE_ONCE(s->dev_id, dev_id);
	WRITE_ONCE(s->lport, lport);
	WRITE_ONCE(s->start, now);
	WRITE_ONCE(s->fired, false);
	atomic_set(&s->distinct, 0);
	bitmap_zero(s->seen, P2PF_FANOUT_BITS);
}

bool p2pf_fanout_check(struct p2pf_fanout *fo, u32 dev_id,
		       const struct p2pf_packet *pkt, unsigned int threshold)
{
	unsigned long now = jiffies;
	struct p2pf_fanout_slot *s;
	u32 bit, distinct;
	bool ended;

	s = &fo->slots[jhash_2words(dev_id, (__force u32)pkt->sport, fo->seed) %
		       P2PF_FANOUT_SLOTS];
	ended = time_after(now, READ_ONCE(s->start) + P2PF_FANOUT_WINDOW);
	if (READ_ONCE(s->dev_id) != dev_id || READ_ONCE(s->lport) != pkt->sport) {
		if (!ended)
			return false;	/* slot busy with another port */
		p2pf_fanout_reset(s, dev_id, pkt->sport, now);
	} else if (ended) {
		p2pf_fanout_reset(s, dev_id, pkt->sport, now);
	}

	bit = p2pf_fanout_remote_hash(pkt, fo->seed) % P2PF_FANOUT_BITS;
	if (test_and_set_bit(bit, s->seen))
		return false;
	distinct = atomic_inc_return(&s->distinct);
	if (!p2p_fanout_fires(distinct, threshold, READ_ONCE(s->fired)))
		return false;
	WRITE_ONCE(s->fired, true);
	return true;
}

int p2pf_fanout_init(struct p2pf_fanout *fo)
{
	unsigned int i;

	fo->slots = kvcalloc(P2PF_FANOUT_SLOTS, sizeof(*fo->slots),
			    GFP_KERNEL_ACCOUNT);
	if (!fo->slots)
		return -ENOMEM;
	fo->seed = get_random_u32();
	/* Empty slots: device id 0 never matches, and the window is over. */
	for (i = 0; i < P2PF_FANOUT_SLOTS; i++)
		fo->slots[i].start = jiffies - P2PF_FANOUT_WINDOW - 1;
	return 0;
}

void p2pf_fanout_destroy(struct p2pf_fanout *fo)
{
	kvfree(fo->slots);
	fo->slots = NULL;
}
