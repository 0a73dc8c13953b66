/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flow memory: after a recognised handshake, the session it opens is
 * usually opaque (encrypted data, punched UDP). The handshake marks the
 * device's remote endpoint, and for hole punching the device's local port,
 * so that the packets which follow are judged without a recogniser.
 *
 * One table per network namespace. Lookups are RCU-only and take no lock;
 * an entry is allocated (GFP_ATOMIC) only when a new handshake is
 * remembered. Idle entries expire after the configured timeout: lookups
 * ignore them at once and a periodic sweep frees them.
 *
 * Limits (module parameters, read when a namespace is created):
 *  - flow_max (default 65536): entries in the namespace's table;
 *  - flow_max_per_device (default 4096; 0 or above flow_max means
 *    flow_max): entries one device may hold.
 * A device at its share that remembers a new flow evicts one of its own
 * entries to make room, so a device flooding new flows (or a LAN host
 * spoofing its MAC) only ever evicts its own. When the whole table is
 * full (it takes at least ceil(flow_max / flow_max_per_device) devices
 * flooding at once, 16 with the defaults), a device below its share
 * takes the room of one entry of a device holding at least two more than
 * it, the largest among a few owners scanned (p2pf_flow_steal()); else a
 * device that holds entries evicts one of its own and one that holds
 * none is refused (counted as P2PF_CTR_FLOWS_REFUSED), and the sweep is
 * run early so that idle entries make room. So however many devices
 * flood, they take room from each other, and a device with few flows
 * (a camera's sessions) still gets its new ones; it is refused only when
 * every owner scanned holds about as few.
 *
 * Eviction takes the device's least recently used entry, approximated by
 * a second chance: entries are kept in insertion order and one used since
 * it was queued (a lookup hit refreshed it) is moved to the back instead,
 * a few times at most. A flood of one-shot handshakes from a device (or
 * from a host spoofing it) thus evicts the flood's own stale entries
 * before that device's live sessions, without any lock or list update on
 * the lookup path.
 */
#ifndef P2PF_FLOW_H
#define P2PF_FLOW_H

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "packet.h"

enum p2pf_flow_type {
	P2PF_FLOW_REMOTE = 1,	/* device <-> remote address and port */
	P2PF_FLOW_LPORT,	/* device's punched local port, any remote */
};

/* Hashed as raw bytes: no padding, always fully initialised. */
struct p2pf_flow_key {
	u32 dev_id;
	u8 type;		/* enum p2pf_flow_type */
	u8 family;		/* AF_INET, AF_INET6; 0: any source (LPORT) */
	__be16 port;		/* remote port, or the local port */
	/* Remote address, or the LPORT's source (IPv4 in s6_addr32[0]). */
	struct in6_addr addr;
};

struct p2pf_flow {
	struct rhash_head node;
	struct p2pf_flow_key key;
	unsigned long last_seen;	/* jiffies, READ_ONCE/WRITE_ONCE */
	u8 proto;			/* what opened the flow */
	u8 kind;
	/* Under the owner's lock: */
	unsigned long queued;		/* jiffies when put at the list's end */
	struct list_head list;		/* owner's list, or a private one */
	struct rcu_head rcu;
};

struct p2pf_flows {
	struct rhashtable table;
	struct xarray owners;		/* dev_id -> its entries (flow.c) */
	atomic_t count;			/* entries now */
	atomic_t lport_count;		/* of which P2PF_FLOW_LPORT */
	unsigned int max;		/* flow_max */
	unsigned int dev_max;		/* flow_max_per_device, clamped */
	unsigned long timeout;		/* jiffies, last value seen */
	unsigned long next_kick;	/* jiffies: earliest early sweep */
	unsigned long steal_from;	/* dev_id: where the next scan starts */
	struct delayed_work gc;
};

enum p2pf_flow_result {
	P2PF_FLOW_NEW,		/* first time: report it */
	P2PF_FLOW_KNOWN,	/* already remembered: refreshed */
	P2PF_FLOW_REFUSED,	/* table full, device holds none, or no memory */
};

int p2pf_flows_init(struct p2pf_flows *fl, unsigned int timeout_s);
void p2pf_flows_destroy(struct p2pf_flows *fl);

void p2pf_flow_key_remote(struct p2pf_flow_key *k, u32 dev_id,
			  const struct p2pf_addr *addr, __be16 port);
/*
 * @src: the source address, for a device that stands for many hosts
 * (found by prefix or interface), whose hosts punch their own ports; NULL
 * for one host, whose ports hold for all its addresses.
 */
void p2pf_flow_key_lport(struct p2pf_flow_key *k, u32 dev_id, __be16 port,
			 const struct p2pf_addr *src);

/*
 * Packet path, under rcu_read_lock: true when the key is remembered and
 * not idle for longer than timeout_s; refreshes the entry and tells which
 * protocol opened the flow.
 */
bool p2pf_flow_hit(struct p2pf_flows *fl, const struct p2pf_flow_key *k,
		   unsigned int timeout_s, u8 *proto);
/* The flow timeout in jiffies (0 s counts as 1). */
static inline unsigned long p2pf_flow_timeout(unsigned int timeout_s)
{
	return (unsigned long)max(timeout_s, 1U) * HZ;
}

/*
 * An owner's (a device's) last flow activity, *last: jiffies | 1 when it
 * last remembered or hit a flow, 0 never. Every flow of the owner was seen
 * at or before it, so once it is older than the timeout the owner has no
 * live flow and its packets skip the lookups.
 */
static inline void p2pf_flow_owner_active(unsigned long *last)
{
	unsigned long now = jiffies | 1;

	if (READ_ONCE(*last) != now)
		WRITE_ONCE(*last, now);
}

static inline bool p2pf_flow_owner_idle(const unsigned long *last,
					unsigned int timeout_s)
{
	unsigned long t = READ_ONCE(*last);

	return !t || time_after(jiffies, t + p2pf_flow_timeout(timeout_s));
}

/* Packet path: whether any local-port flow exists (skips a lookup). */
static inline bool p2pf_flows_have_lport(struct p2pf_flows *fl)
{
	return atomic_read(&fl->lport_count) > 0;
}

enum p2pf_flow_result p2pf_flow_remember(struct p2pf_flows *fl,
					 const struct p2pf_flow_key *k,
					 u8 proto, u8 kind,
					 unsigned int timeout_s);

/*
 * Process context. Flushing a device costs its own entries only; flushing
 * all of them one pass over every device's entries.
 */
void p2pf_flows_flush_owner(struct p2pf_flows *fl, u32 dev_id);
void p2pf_flows_flush(struct p2pf_flows *fl);

u32 p2pf_flows_count(struct p2pf_flows *fl);

#endif /* P2PF_FLOW_H */
