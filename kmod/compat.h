/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we build for
 * (Debian's 6.1 and 6.12, and newer) are absorbed. Everything else in
 * kmod/ uses the p2pf_ names below and no version checks.
 */
#ifndef P2PF_COMPAT_H
#define P2PF_COMPAT_H

#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <net/genetlink.h>
#include <net/netfilter/nf_conntrack.h>

/*
 * br_netfilter runs the inet FORWARD hooks for bridged packets too, with
 * the bridge port they leave by in physoutdev (what xt_physdev's
 * --physdev-is-bridged tests). Routed packets that came in through a
 * bridge carry bridge netfilter state as well, but no physoutdev.
 */
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
static inline bool p2pf_skb_bridged(const struct sk_buff *skb)
{
	return nf_bridge_get_physoutdev(skb);
}
#else
static inline bool p2pf_skb_bridged(const struct sk_buff *skb)
{
	return false;
}
#endif

/*
 * The conntrack mark exists only with CONFIG_NF_CONNTRACK_MARK (Debian
 * has it). Written only when it changes: a connection's every packet
 * would otherwise dirty the entry's cache line.
 */
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
static inline void p2pf_ct_mark_set(struct nf_conn *ct, u32 value, u32 mask)
{
	u32 old = READ_ONCE(ct->mark), new = (old & ~mask) | value;

	if (new != old)
		WRITE_ONCE(ct->mark, new);
}
#else
static inline void p2pf_ct_mark_set(struct nf_conn *ct, u32 value, u32 mask)
{
}
#endif

/* from_timer() was renamed timer_container_of() in 6.16. */
#ifdef timer_container_of
#define p2pf_timer_container_of(var, t, field) timer_container_of(var, t, field)
#else
#define p2pf_timer_container_of(var, t, field) from_timer(var, t, field)
#endif

/*
 * NLA_POLICY_FULL_RANGE takes a pointer to const from 6.2 on; 6.1 wants a
 * mutable one, so range objects are declared without const (which both
 * accept) rather than with a version check.
 */

#endif /* P2PF_COMPAT_H */
