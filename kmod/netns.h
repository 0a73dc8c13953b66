/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state. Each namespace has its own device table,
 * LAN prefixes, configuration, counters and netfilter hooks; the netlink
 * family is netnsok, so a namespace only ever sees its own state.
 */
#ifndef P2PF_NETNS_H
#define P2PF_NETNS_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "lan.h"
#include "stats.h"

/* IPv4 FORWARD, IPv6 FORWARD, bridge FORWARD (hooks.c). */
#define P2PF_HOOK_OPS		3

struct p2pf_enforce_net;
struct p2pf_disc_net;
struct p2pf_devtable;

/* Tunables of P2PF_A_CONFIG. Written under pn->lock, read with READ_ONCE. */
struct p2pf_config {
	u32 flow_timeout;		/* seconds */
	u32 event_rate;			/* events per second, 0 = none */
	u32 fanout_threshold;		/* remotes per source port */
	u64 mark;			/* mark.h: mask << 32 | value */
	u8 discovery;			/* 0 or 1: see discover.h */
};

struct p2pf_net {
	struct net *net;
	/*
	 * Serialises every change made through netlink (devices, pending
	 * table, LAN list, configuration, hooks, flushes) and the reads that
	 * need a stable device table; functions that rely on it assert it.
	 * The packet path and the flow and discovery sweeps never take it
	 * (flow.c and discover.c have their own locks); namespace init and
	 * exit run without it, when no request can reach the namespace.
	 */
	struct mutex lock;

	/*
	 * Device table (device.c): the live generation, which the packet
	 * path reads under RCU, and the one a replacement (restore) is
	 * building, private to the netlink port that began it.
	 */
	struct p2pf_devtable __rcu *devs;
	struct p2pf_devtable *pending;
	u32 pending_portid;
	/* The next device id to try: ids are unique across both tables. */
	u32 next_id;
	/* Bumped on every device change: dump consistency. */
	u32 gen;

	struct p2pf_prefixes __rcu *lan;
	struct p2pf_config cfg;
	struct p2pf_counters __percpu *stats;

	/*
	 * hooks.c: registered while a device or discovery needs them, from
	 * this namespace's own copy of the ops, whose priv points back here
	 * (so a packet finds its namespace's state without net_generic()).
	 */
	bool hooks_on;
	struct nf_hook_ops hook_ops[P2PF_HOOK_OPS];

	/* Owned by enforce.c: flow memory, event limiter. */
	struct p2pf_enforce_net *enforce;
	/* Owned by discover.c: untagged sources seen speaking P2P. */
	struct p2pf_disc_net *disc;
};

extern unsigned int p2pf_net_id;

/* Inline: every forwarded packet of a namespace with hooks asks. */
static inline struct p2pf_net *p2pf_pernet(const struct net *net)
{
	return net_generic(net, p2pf_net_id);
}

int p2pf_netns_register(void);
void p2pf_netns_unregister(void);

#endif /* P2PF_NETNS_H */
