/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Discovery: which untagged sources speak P2P. When the namespace's
 * discovery switch is on, the outbound UDP of untagged sources toward
 * non-LAN destinations also goes through the recognisers (never dropped;
 * LAN kinds ignored), and every source seen speaking P2P gets an entry:
 * identity (MAC, or address without one), a few addresses, protocol and
 * kind masks, a packet count, first/last seen and a ring of the latest
 * remote endpoints.
 *
 * Bounds: at most max_discovered entries per namespace (module
 * parameter); when full, new sources are refused and counted, existing
 * entries are never evicted early (a flood of spoofed sources cannot push
 * the real camera out). Entries idle for discover_timeout seconds
 * (module parameter, writable at run time) are freed by a periodic sweep.
 * The table is flushed when discovery is switched off.
 */
#ifndef P2PF_DISCOVER_H
#define P2PF_DISCOVER_H

#include <linux/if_ether.h>
#include <linux/types.h>
#include "packet.h"

struct p2pf_net;
struct p2pf_disc;
struct p2pf_disc_net;

/* What an entry keeps: its first addresses, its latest remotes. */
#define P2PF_DISC_ADDRS		4
#define P2PF_DISC_REMOTES	4

struct p2pf_disc_remote {
	struct p2pf_addr addr;
	__be16 port;
};

int p2pf_discover_net_init(struct p2pf_net *pn);
/* After the hooks are gone: frees every entry. */
void p2pf_discover_net_exit(struct p2pf_net *pn);

/*
 * Packet path, under rcu_read_lock with BH off, for an untagged source's
 * UDP when discovery is on. Never changes the verdict.
 */
void p2pf_discover(struct p2pf_net *pn, const struct p2pf_packet *pkt);

/*
 * Process context, caller holds pn->lock (asserted). Switches discovery
 * on or off (off flushes the table once no packet path can still insert).
 */
void p2pf_discover_set(struct p2pf_net *pn, bool on);
/*
 * Forgets every entry (P2PF_CMD_FLUSH_DISCOVERED). Process context, caller
 * holds pn->lock (asserted), as for every change made through netlink;
 * the table's own spinlock is what keeps it safe beside the packet path
 * and the sweep.
 */
void p2pf_discover_flush(struct p2pf_net *pn);
/* Entries now (P2PF_STATS_A_DISCOVERED). */
u32 p2pf_discover_count(struct p2pf_net *pn);

/* One entry as P2PF_CMD_GET_DISCOVERED reports it: a copy. */
struct p2pf_disc_info {
	u64 id;				/* rises in table order */
	bool has_mac;			/* identified by @mac, else by address */
	u8 mac[ETH_ALEN];
	u8 n_addrs;
	u8 n_remotes;
	struct p2pf_addr addrs[P2PF_DISC_ADDRS];
	struct p2pf_disc_remote remotes[P2PF_DISC_REMOTES];	/* newest first */
	u32 protos;			/* bit n: enum p2p_proto n seen */
	u32 kinds;			/* bit n: enum p2p_kind n seen */
	u64 packets;
	u64 first;			/* CLOCK_REALTIME ns */
	u64 last;
};

/*
 * Reading the table in id order, in process context; pn->lock is neither
 * needed nor asserted (the dump runs without it). p2pf_discover_iter_start()
 * enters an RCU read-side section and p2pf_discover_iter_end() leaves it:
 * the caller must not sleep in between. Each p2pf_discover_iter_next()
 * copies the next entry whose id is above @after (or above the previous
 * one's) into @info, taking the entry's lock with spin_lock_bh(), and
 * returns false at the end of the table. Entries added or removed
 * meanwhile may or may not be seen.
 */
struct p2pf_disc_iter {
	struct p2pf_disc_net *d;
	struct p2pf_disc *pos;
	u64 after;
};

void p2pf_discover_iter_start(struct p2pf_net *pn, struct p2pf_disc_iter *it,
			      u64 after) __acquires(RCU);
bool p2pf_discover_iter_next(struct p2pf_disc_iter *it,
			     struct p2pf_disc_info *info);
void p2pf_discover_iter_end(struct p2pf_disc_iter *it) __releases(RCU);

#endif /* P2PF_DISCOVER_H */
