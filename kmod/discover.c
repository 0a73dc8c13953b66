// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery table: untagged sources seen speaking P2P. See discover.h for
 * what is recorded and the bounds.
 *
 * Lookups are RCU-only (rhashtable). An entry is allocated (GFP_ATOMIC)
 * only when a new source is discovered, under the table's spinlock, which
 * also guards the id-ordered list (sweeps and flushes walk it under the
 * lock, dumps under RCU); so each entry is unlinked and freed exactly
 * once. Discovery is a rare path (only recognised P2P packets of
 * untagged sources reach an entry), so the per-entry counters are plain
 * atomics rather than per-CPU copies: a per-CPU allocation per entry
 * would cost far more than the occasional shared cache line. The address
 * list and remote ring are changed under a per-entry spinlock taken with
 * trylock: the packet path never waits, and a contended update is skipped
 * (the ring is a sample anyway).
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include "datagram.h"
#include "discover.h"
#include "event.h"
#include "lan.h"
#include "netns.h"
#include "p2p_classify.h"
#include "stats.h"
#include "uapi/p2pfence.h"

#define P2PF_DISC_MAX_CEILING	65536U
#define P2PF_DISC_TIMEOUT_MAX	86400U
/* The sweep runs at most this far apart, and at least a second apart. */
#define P2PF_DISC_GC_MAX_PERIOD	(10 * HZ)

static unsigned int max_discovered = 1024;
static unsigned int discover_timeout = 600;

static int p2pf_disc_max_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, P2PF_DISC_MAX_CEILING);
}

static int p2pf_disc_timeout_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, P2PF_DISC_TIMEOUT_MAX);
}

static const struct kernel_param_ops p2pf_disc_max_ops = {
	.set = p2pf_disc_max_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops p2pf_disc_timeout_ops = {
	.set = p2pf_disc_timeout_set,
	.get = param_get_uint,
};

module_param_cb(max_discovered, &p2pf_disc_max_ops, &max_discovered, 0444);
MODULE_PARM_DESC(max_discovered,
		 "Discovered sources per network namespace (1..65536, default 1024)");
module_param_cb(discover_timeout, &p2pf_disc_timeout_ops, &discover_timeout,
		0644);
MODULE_PARM_DESC(discover_timeout,
		 "Seconds before an idle discovered source is forgotten (1..86400, default 600)");

/* Hashed as raw bytes: no padding, always fully initialised. */
struct p2pf_disc_key {
	u8 mac[ETH_ALEN];
	u8 family;		/* 0: identified by MAC, else by addr */
	u8 zero;
	struct in6_addr addr;	/* IPv4 in s6_addr32[0] */
};

struct p2pf_disc {
	struct rhash_head node;
	struct list_head list;		/* id order; under the table lock */
	struct p2pf_disc_key key;
	u64 id;
	u64 first;			/* CLOCK_REALTIME ns, set once */
	atomic64_t last;		/* CLOCK_REALTIME ns */
	unsigned long last_j;		/* jiffies, for expiry */
	atomic64_t packets;
	atomic_t protos;
	atomic_t kinds;
	spinlock_t lock;		/* the fields below */
	u8 n_addrs;
	u8 n_remotes;
	u8 next_remote;
	struct p2pf_addr addrs[P2PF_DISC_ADDRS];
	struct p2pf_disc_remote remotes[P2PF_DISC_REMOTES];
	struct rcu_head rcu;
};

struct p2pf_disc_net {
	struct rhashtable table;
	spinlock_t lock;		/* entries, count, next_id, inserts */
	struct list_head entries;
	u32 count;			/* written under lock, read anywhere */
	u64 next_id;
	/* Own rate limit: a discovery flood cannot starve drop reports. */
	struct p2pf_events events;
	struct delayed_work gc;
};

static const struct rhashtable_params p2pf_disc_params = {
	.key_len = sizeof(struct p2pf_disc_key),
	.key_offset = offsetof(struct p2pf_disc, key),
	.head_offset = offsetof(struct p2pf_disc, node),
	.automatic_shrinking = true,
};

static void p2pf_disc_key_init(struct p2pf_disc_key *k,
			       const struct p2pf_packet *pkt)
{
	memset(k, 0, sizeof(*k));
	if (pkt->mac) {
		memcpy(k->mac, pkt->mac, ETH_ALEN);
		return;
	}
	k->family = pkt->src.family;
	if (pkt->src.family == AF_INET6)
		k->addr = pkt->src.in6;
	else
		k->addr.s6_addr32[0] = pkt->src.in;
}

/* Under e->lock. */
static void p2pf_disc_note_addr(struct p2pf_disc *e, const struct p2pf_addr *a)
{
	unsigned int i;

	lockdep_assert_held(&e->lock);
	for (i = 0; i < e->n_addrs; i++)
		if (p2pf_addr_equal(&e->addrs[i], a))
			return;
	if (e->n_addrs < P2PF_DISC_ADDRS)
		e->addrs[e->n_addrs++] = *a;
}

/* Under e->lock: a ring of the latest distinct remote endpoints. */
static void p2pf_disc_note_remote(struct p2pf_disc *e,
				  const struct p2pf_packet *pkt)
{
	struct p2pf_disc_remote *r;
	unsigned int i;

	lockdep_assert_held(&e->lock);
	for (i = 0; i < e->n_remotes; i++)
		if (e->remotes[i].port == pkt->dport &&
		    p2pf_addr_equal(&e->remotes[i].addr, &pkt->dst))
			return;
	r = &e->remotes[e->next_remote];
	r->addr = pkt->dst;
	r->port = pkt->dport;
	e->next_remote = (e->next_remote + 1) % P2PF_DISC_REMOTES;
	if (e->n_remotes < P2PF_DISC_REMOTES)
		e->n_remotes++;
}

static void p2pf_disc_note(struct p2pf_disc *e, const struct p2pf_packet *pkt,
			   const struct p2p_verdict *v)
{
	unsigned long now = jiffies;

	atomic64_inc(&e->packets);
	/* Read first: a set bit costs no write to the shared line. */
	if (!(atomic_read(&e->protos) & BIT(v->proto)))
		atomic_or(BIT(v->proto), &e->protos);
	if (!(atomic_read(&e->kinds) & BIT(v->kind)))
		atomic_or(BIT(v->kind), &e->kinds);
	atomic64_set(&e->last, ktime_get_real_ns());
	if (READ_ONCE(e->last_j) != now)
		WRITE_ONCE(e->last_j, now);
	if (!spin_trylock(&e->lock))
		return;
	p2pf_disc_note_addr(e, &pkt->src);
	p2pf_disc_note_remote(e, pkt);
	spin_unlock(&e->lock);
}

static unsigned long p2pf_disc_timeout(void)
{
	return (unsigned long)READ_ONCE(discover_timeout) * HZ;
}

static unsigned long p2pf_disc_gc_period(void)
{
	return clamp(p2pf_disc_timeout() / 2, (unsigned long)HZ,
		     (unsigned long)P2PF_DISC_GC_MAX_PERIOD);
}

/*
 * A new source: the entry, or NULL when the table is full or memory is
 * short (counted). *added says whether this call created it (another CPU
 * may have won the race).
 */
static struct p2pf_disc *p2pf_disc_add(struct p2pf_net *pn,
				       struct p2pf_disc_net *d,
				       const struct p2pf_disc_key *k,
				       bool *added)
{
	unsigned int max = READ_ONCE(max_discovered);
	struct p2pf_disc *e, *old;

	*added = false;
	if (READ_ONCE(d->count) >= max)
		goto refused;
	e = kzalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		goto refused;
	e->key = *k;
	e->first = ktime_get_real_ns();
	atomic64_set(&e->last, e->first);
	e->last_j = jiffies;
	spin_lock_init(&e->lock);

	spin_lock_bh(&d->lock);
	if (d->count >= max) {
		spin_unlock_bh(&d->lock);
		kfree(e);
		goto refused;
	}
	old = rhashtable_lookup_get_insert_fast(&d->table, &e->node,
						p2pf_disc_params);
	if (old) {
		spin_unlock_bh(&d->lock);
		kfree(e);
		if (IS_ERR(old))
			goto refused;
		return old;
	}
	e->id = ++d->next_id;
	list_add_tail_rcu(&e->list, &d->entries);
	WRITE_ONCE(d->count, d->count + 1);
	spin_unlock_bh(&d->lock);
	/* A no-op while pending: the sweep runs only while entries exist. */
	queue_delayed_work(system_power_efficient_wq, &d->gc,
			   p2pf_disc_gc_period());
	*added = true;
	return e;

refused:
	p2pf_count(pn, NULL, P2PF_CTR_DISC_REFUSED, P2P_PROTO_NONE);
	return NULL;
}

void p2pf_discover(struct p2pf_net *pn, const struct p2pf_packet *pkt)
{
	struct p2pf_disc_net *d = pn->disc;
	struct p2pf_disc_key k;
	struct p2pf_disc *e;
	struct p2p_verdict v;
	bool added = false;

	if (!pkt->is_udp || p2pf_is_lan(pn, NULL, &pkt->dst))
		return;
	/* As policy does (p2p_policy.h): any kind counts outside the LAN. */
	if (!p2pf_classify_packet(pkt, &v))
		return;

	p2pf_disc_key_init(&k, pkt);
	e = rhashtable_lookup(&d->table, &k, p2pf_disc_params);
	if (!e)
		e = p2pf_disc_add(pn, d, &k, &added);
	if (!e)
		return;
	p2pf_disc_note(e, pkt, &v);
	if (added) {
		struct p2pf_event ev = {
			.pkt = pkt,
			.proto = v.proto,
			.kind = v.kind,
			.action = P2PF_ACTION_DISCOVERED,
		};

		p2pf_event_report(pn, &d->events, &ev);
	}
}

/* Under d->lock. */
static void p2pf_disc_unlink(struct p2pf_disc_net *d, struct p2pf_disc *e)
{
	lockdep_assert_held(&d->lock);
	rhashtable_remove_fast(&d->table, &e->node, p2pf_disc_params);
	list_del_rcu(&e->list);
	WRITE_ONCE(d->count, d->count - 1);
	kfree_rcu(e, rcu);
}

/* Removes every entry idle for longer than @idle jiffies (0: every one). */
static void p2pf_disc_sweep(struct p2pf_disc_net *d, unsigned long idle)
{
	struct p2pf_disc *e, *tmp;
	unsigned long now = jiffies;

	spin_lock_bh(&d->lock);
	list_for_each_entry_safe(e, tmp, &d->entries, list)
		if (!idle || time_after(now, READ_ONCE(e->last_j) + idle))
			p2pf_disc_unlink(d, e);
	spin_unlock_bh(&d->lock);
}

static void p2pf_disc_gc(struct work_struct *work)
{
	struct p2pf_disc_net *d = container_of(to_delayed_work(work),
					       struct p2pf_disc_net, gc);

	if (!READ_ONCE(d->count))
		return;		/* idle: the next new source starts it again */
	p2pf_disc_sweep(d, p2pf_disc_timeout());
	if (READ_ONCE(d->count))
		queue_delayed_work(system_power_efficient_wq, &d->gc,
				   p2pf_disc_gc_period());
}

void p2pf_discover_flush(struct p2pf_net *pn)
{
	lockdep_assert_held(&pn->lock);
	p2pf_disc_sweep(pn->disc, 0);
}

void p2pf_discover_set(struct p2pf_net *pn, bool on)
{
	lockdep_assert_held(&pn->lock);
	if (pn->cfg.discovery == on)
		return;
	WRITE_ONCE(pn->cfg.discovery, on);
	if (on)
		return;
	/* Packets that saw the switch on may still insert: wait for them. */
	synchronize_rcu();
	p2pf_discover_flush(pn);
}

u32 p2pf_discover_count(struct p2pf_net *pn)
{
	return READ_ONCE(pn->disc->count);
}

/* A copy of @e: its lists under its lock, the newest remote first. */
static void p2pf_disc_read(struct p2pf_disc *e, struct p2pf_disc_info *info)
{
	unsigned int i, at;

	info->id = e->id;
	info->has_mac = !e->key.family;
	memcpy(info->mac, e->key.mac, ETH_ALEN);
	spin_lock_bh(&e->lock);
	info->n_addrs = e->n_addrs;
	memcpy(info->addrs, e->addrs, sizeof(info->addrs));
	info->n_remotes = e->n_remotes;
	for (i = 0; i < e->n_remotes; i++) {
		at = (e->next_remote + P2PF_DISC_REMOTES - 1 - i) %
		     P2PF_DISC_REMOTES;
		info->remotes[i] = e->remotes[at];
	}
	spin_unlock_bh(&e->lock);
	info->protos = atomic_read(&e->protos);
	info->kinds = atomic_read(&e->kinds);
	info->packets = atomic64_read(&e->packets);
	info->first = e->first;
	info->last = atomic64_read(&e->last);
}

void p2pf_discover_iter_start(struct p2pf_net *pn, struct p2pf_disc_iter *it,
			      u64 after) __acquires(RCU)
{
	rcu_read_lock();
	it->d = pn->disc;
	/* The list head as an entry: the walk goes on from its next. */
	it->pos = list_entry(&it->d->entries, struct p2pf_disc, list);
	it->after = after;
}

bool p2pf_discover_iter_next(struct p2pf_disc_iter *it,
			     struct p2pf_disc_info *info)
{
	struct p2pf_disc *e = it->pos;

	list_for_each_entry_continue_rcu(e, &it->d->entries, list) {
		if (e->id <= it->after)
			continue;
		it->pos = e;
		it->after = e->id;
		p2pf_disc_read(e, info);
		return true;
	}
	it->pos = e;
	return false;
}

void p2pf_discover_iter_end(struct p2pf_disc_iter *it) __releases(RCU)
{
	rcu_read_unlock();
}

int p2pf_discover_net_init(struct p2pf_net *pn)
{
	struct p2pf_disc_net *d;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	err = rhashtable_init(&d->table, &p2pf_disc_params);
	if (err) {
		kfree(d);
		return err;
	}
	spin_lock_init(&d->lock);
	INIT_LIST_HEAD(&d->entries);
	p2pf_events_init(&d->events);
	INIT_DELAYED_WORK(&d->gc, p2pf_disc_gc);
	pn->disc = d;
	return 0;
}

void p2pf_discover_net_exit(struct p2pf_net *pn)
{
	struct p2pf_disc_net *d = pn->disc;
	struct p2pf_disc *e, *tmp;

	pn->disc = NULL;
	cancel_delayed_work_sync(&d->gc);
	/* No reader is left (hooks gone, netlink done with this netns). */
	list_for_each_entry_safe(e, tmp, &d->entries, list)
		kfree(e);
	rhashtable_destroy(&d->table);
	kfree(d);
}
