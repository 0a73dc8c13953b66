/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we build for
 * (Debian's 5.10, 6.1, 6.12, 6.12-rt and 7.x: tests/lib/kernels.sh) are
 * absorbed. Everything else in kmod/ uses the p2pf_ names below and no
 * version checks. A feature is tested by a macro its header defines, or,
 * for plain functions and struct members, by Kbuild's look at the
 * kernel's headers (the P2PF_HAVE_ flags, see Kbuild).
 */
#ifndef P2PF_COMPAT_H
#define P2PF_COMPAT_H

#include <linux/lockdep.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <net/genetlink.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
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
 * Before 5.13 a namespace's defragmentation, once enabled, stays until the
 * namespace goes (or nf_defrag_ipv4/6 is unloaded): nothing to undo.
 */
#ifdef P2PF_HAVE_DEFRAG_DISABLE
#define p2pf_defrag_ipv4_disable(net) nf_defrag_ipv4_disable(net)
#define p2pf_defrag_ipv6_disable(net) nf_defrag_ipv6_disable(net)
#else
static inline void p2pf_defrag_ipv4_disable(struct net *net) { }
static inline void p2pf_defrag_ipv6_disable(struct net *net) { }
#endif

/*
 * Since 6.1 the core rejects unknown flags and attributes of every command
 * from resv_start_op on; before, strict validation was already the default
 * for per-op policies, so there is nothing to ask for.
 */
#ifdef P2PF_HAVE_GENL_RESV_START_OP
#define P2PF_GENL_RESV_START_OP(op) .resv_start_op = (op),
#else
#define P2PF_GENL_RESV_START_OP(op)
#endif

/*
 * A multicast group only admins may join. GENL_MCAST_CAP_NET_ADMIN (6.6,
 * and stable kernels back to 6.1) asks for CAP_NET_ADMIN in the owning
 * user namespace of the socket's network namespace; older kernels only
 * know cap_sys_admin, CAP_SYS_ADMIN there: stricter, never looser.
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define P2PF_GENL_MCGRP_ADMIN .flags = GENL_MCAST_CAP_NET_ADMIN
#else
#define P2PF_GENL_MCGRP_ADMIN .cap_sys_admin = 1
#endif

/*
 * lockdep_assert_in_softirq() (BH off or serving softirq) came in 5.11;
 * on 5.10 the packet path's "BH must be off" goes unchecked.
 */
#ifndef lockdep_assert_in_softirq
#define lockdep_assert_in_softirq() do { } while (0)
#endif

/* nla_strlcpy() became nla_strscpy() in 5.11 (the copy is the same). */
#ifdef P2PF_HAVE_NLA_STRSCPY
#define p2pf_nla_strscpy(dst, nla, size) nla_strscpy(dst, nla, size)
#else
#define p2pf_nla_strscpy(dst, nla, size) nla_strlcpy(dst, nla, size)
#endif

/*
 * Extack's "attribute missing" report (6.1): which attribute a request
 * lacked, for user space to name. Older kernels carry the message only.
 */
#ifdef NL_SET_ERR_ATTR_MISS
#define P2PF_SET_ERR_ATTR_MISS(extack, nest, type) \
	NL_SET_ERR_ATTR_MISS(extack, nest, type)
#else
#define P2PF_SET_ERR_ATTR_MISS(extack, nest, type) do { } while (0)
#endif

/*
 * NLA_POLICY_FULL_RANGE takes a pointer to const from 6.2 on; 6.1 wants a
 * mutable one, so range objects are declared without const (which both
 * accept) rather than with a version check.
 */

/*
 * __uninitialized (in 6.1, not in 5.10): keeps CONFIG_INIT_STACK_ALL_ZERO
 * from zeroing a hot path's stack object that is written before it is
 * read. Debian's 5.10 is built without stack zeroing, so there the empty
 * definition changes nothing.
 */
#ifndef __uninitialized
#define __uninitialized
#endif

#endif /* P2PF_COMPAT_H */
