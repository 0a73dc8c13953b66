/* SPDX-License-Identifier: GPL-2.0 */
/* Mark mode: tagging a packet and its connection for the admin's rules. */
#ifndef P2PF_MARK_H
#define P2PF_MARK_H

#include <linux/types.h>

struct p2pf_net;
struct sk_buff;

/*
 * The namespace's mark and mask travel as one u64 (mask in the high half)
 * so that the packet path reads a matching pair in one load.
 */
static inline u64 p2pf_mark_pack(u32 value, u32 mask)
{
	return (u64)mask << 32 | value;
}

static inline u32 p2pf_mark_value(u64 m)
{
	return lower_32_bits(m);
}

static inline u32 p2pf_mark_mask(u64 m)
{
	return upper_32_bits(m);
}

/* Packet path (hooks.c): sets skb->mark, and the conntrack mark if any. */
void p2pf_mark(struct p2pf_net *pn, struct sk_buff *skb);

#endif /* P2PF_MARK_H */
