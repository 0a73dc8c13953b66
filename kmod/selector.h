/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices selected by source prefix or ingress interface: an immutable
 * index per device table generation, swapped under RCU, that the packet
 * path asks only after the MAC and exact-address lookups missed and only
 * when some device has such a selector (the pointer is NULL otherwise).
 *
 * Prefixes are flattened into a sorted table of boundaries: each entry
 * starts a range of addresses that the longest prefix covering it decides
 * (possibly none), so a lookup is one binary search, at most
 * log2(2 * prefixes + 1) steps, whatever the nesting. Interfaces are a
 * sorted table of names. No lock, no allocation on the packet path.
 */
#ifndef P2PF_SELECTOR_H
#define P2PF_SELECTOR_H

#include <asm/byteorder.h>
#include <linux/bitmap.h>
#include <linux/idr.h>
#include <linux/if.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include "packet.h"

struct net_device;
struct p2pf_device;

/* A boundary of the prefix table, or an interface name (IFNAMSIZ bytes). */
struct p2pf_sel_ent {
	u64 hi, lo;			/* host order; IPv4 in lo */
	struct p2pf_device *dev;	/* NULL: no prefix covers the range */
};

struct p2pf_selidx {
	struct rcu_head rcu;
	u32 n4, n6, niif;
	struct p2pf_sel_ent *v4, *v6, *iif;	/* parts of e[] */
	/*
	 * IPv4, as an untagged source pays for it: bit o set when some
	 * prefix holds addresses whose first 16 bits are o (8 KiB: a source
	 * outside them all is cleared by one bit test, also one that shares
	 * its first byte with a prefix, as 192.168.1.0/24 does with
	 * 192.169.0.0/24), and the boundaries of v4[] again as host-order u32
	 * (after e[]), searched without 128-bit compares.
	 */
	DECLARE_BITMAP(first16, 1 << 16);
	u32 *k4;
	struct p2pf_sel_ent e[];
};

/* Building an index (control path): counts first, then every selector. */
struct p2pf_selbuild {
	u32 n[3], max[3];		/* IPv4, IPv6, interfaces */
	struct p2pf_sel_src *in[3];
};

int p2pf_selbuild_init(struct p2pf_selbuild *b, u32 n4, u32 n6, u32 niif);
void p2pf_selbuild_prefix(struct p2pf_selbuild *b, const struct p2pf_addr *a,
			  u8 len, struct p2pf_device *dev);
void p2pf_selbuild_iif(struct p2pf_selbuild *b, const char *name,
		       struct p2pf_device *dev);
/* The index (NULL when it would be empty), or an ERR_PTR; frees @b. */
struct p2pf_selidx *p2pf_selbuild_finish(struct p2pf_selbuild *b);

/*
 * An unpublished index whose devices were replaced by others of the same
 * id (replace.c): points each entry at the device @ids holds now.
 */
void p2pf_selidx_remap(struct p2pf_selidx *x, struct idr *ids);

/*
 * Packet path, under rcu_read_lock. First whether @a or @in can select a
 * device at all: for most untagged sources not, which this answers inline
 * in a few instructions (an IPv4 source by one bit of first16).
 */
static inline bool p2pf_sel_may(const struct p2pf_selidx *x,
				const struct p2pf_addr *a,
				const struct net_device *in)
{
	if (x->niif && in)
		return true;
	if (a->family != AF_INET)
		return x->n6;
	return test_bit(be32_to_cpu(a->in) >> 16, x->first16);
}

struct p2pf_device *p2pf_sel_prefix(const struct p2pf_selidx *x,
				    const struct p2pf_addr *a);
struct p2pf_device *p2pf_sel_iif(const struct p2pf_selidx *x,
				 const struct net_device *in);

#endif /* P2PF_SELECTOR_H */
