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

#include <linux/types.h>
#include "packet.h"

struct p2pf_net;
struct sk_buff;
struct netlink_callback;

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

/* GET_DISCOVERED dump: cb->args[0] is the id of the last entry sent. */
int p2pf_discover_dump(struct p2pf_net *pn, struct sk_buff *skb,
		       struct netlink_callback *cb);

#endif /* P2PF_DISCOVER_H */
