/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN prefixes: destinations that policy never drops. Each namespace has a
 * global list and each device an optional extra list; both are immutable
 * arrays swapped under RCU, so the packet path reads them without locks.
 */
#ifndef P2PF_LAN_H
#define P2PF_LAN_H

#include <linux/bitmap.h>
#include <linux/rcupdate.h>
#include "packet.h"
#include "uapi/p2pfence.h"

struct p2pf_net;
struct p2pf_device;

struct p2pf_prefix {
	struct p2pf_addr addr;		/* host bits are zero */
	u8 len;				/* 0..32 or 0..128 */
};

/* An IPv4 prefix as the packet path tests it: host order, mask ready. */
struct p2pf_net4 {
	u32 net;
	u32 mask;
};

struct p2pf_prefixes {
	struct rcu_head rcu;
	u32 n;
	/*
	 * The IPv4 entries of p[] again, in v4[] (in the same allocation),
	 * filled by p2pf_prefixes_seal(): a test costs a XOR and an AND
	 * instead of a call and a mask built per entry. The packet path
	 * tests IPv4 destinations against v4[] only.
	 */
	u32 n4;
	struct p2pf_net4 *v4;
	/*
	 * Bit o set: some IPv4 entry holds addresses whose first byte is o.
	 * Most destinations are public: one bit test clears them.
	 */
	DECLARE_BITMAP(first4, 256);
	struct p2pf_prefix p[];
};

/* Allocates room for @n prefixes (n set, entries to fill). */
struct p2pf_prefixes *p2pf_prefixes_alloc(u32 n);
/*
 * Once p[] is filled, and before the list is published: every list the
 * packet path sees has been sealed.
 */
void p2pf_prefixes_seal(struct p2pf_prefixes *list);
/* The namespace defaults (classify/p2p_policy.h). */
struct p2pf_prefixes *p2pf_prefixes_default(void);
/* Frees after a grace period; NULL is fine. */
void p2pf_prefixes_free_rcu(struct p2pf_prefixes *list);

/*
 * True when @dst lies in the namespace's LAN prefixes or in @dev's extra
 * ones (@dev may be NULL). Caller holds rcu_read_lock.
 */
bool p2pf_is_lan(const struct p2pf_net *pn, const struct p2pf_device *dev,
		 const struct p2pf_addr *dst);

#endif /* P2PF_LAN_H */
