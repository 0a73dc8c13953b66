// SPDX-License-Identifier: GPL-2.0
/*
 * Flow memory: an rhashtable of remembered (device, remote endpoint) and
 * (device, punched local port) pairs. See flow.h for the rules.
 *
 * Removal can race between the packet path's insert, the periodic sweep
 * and a flush: only the caller whose rhashtable_remove_fast() succeeds
 * frees the entry and drops the count, so each entry is freed once.
 * Entries are freed with kfree_rcu(): no callback of ours outlives the
 * module, so unloading needs no rcu_barrier() for them.
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "flow.h"

static unsigned int flow_max = 65536;
module_param(flow_max, uint, 0444);
MODULE_PARM_DESC(flow_max, "Flows remembered per network namespace (default 65536)");

/* The sweep runs at least this often, and at most once per second. */
#define P2PF_FLOW_GC_MAX_PERIOD	(30 * HZ)
/* Entries visited between two chances to reschedule during a sweep. */
#define P2PF_FLOW_SWEEP_BATCH	1024

static const struct rhashtable_params p2pf_flow_params = {
	.key_len = sizeof(struct p2pf_flow_key),
	.key_offset = offsetof(struct p2pf_flow, key),
	.head_offset = offsetof(struct p2pf_flow, node),
	.automatic_shrinking = true,
};

static unsigned long p2pf_flow_timeout(unsigned int timeout_s)
{
	return (unsigned long)max(timeout_s, 1U) * HZ;
}

static bool p2pf_flow_expired(const struct p2pf_flow *f, unsigned long now,
			      unsigned long timeout)
{
	return time_after(now, READ_ONCE(f->last_seen) + timeout);
}

/* Refresh without dirtying the cache line more than once per tick. */
static void p2pf_flow_touch(struct p2pf_flow *f, unsigned long now)
{
	if (READ_ONCE(f->last_seen) != now)
		WRITE_ONCE(f->last_seen, now);
}


static void p2pf_flow_note_timeout(struct p2pf_flows *fl, unsigned long t);

void p2pf_flow_key_remote(struct p2pf_flow_key *k, u32 dev_id,
			  const struct p2pf_addr *addr, __be16 port)
{
	memset(k, 0, sizeof(*k));
	k->dev_id = dev_id;
	k->type = P2PF_FLOW_REMOTE;
	k->family = addr->family;
	k->port = port;
	if (addr->family == AF_INET6)
		k->addr = addr->in6;
	else
		k->addr.s6_addr32[0] = addr->in;
}

void p2pf_flow_key_lport(struct p2pf_flow_key *k, u32 dev_id, __be16 port)
{
	memset(k, 0, sizeof(*k));
	k->dev_id = dev_id;
	k->type = P2PF_FLOW_LPORT;
	k->port = port;
}

bool p2pf_flow_hit(struct p2pf_flows *fl, const struct p2pf_flow_key *k,
		   unsigned int timeout_s, u8 *proto)
{
	unsigned long now = jiffies;
	struct p2pf_flow *f;

	f = rhashtable_lookup(&fl->table, k, p2pf_flow_params);
	if (!f || p2pf_flow_expired(f, now, p2pf_flow_timeout(timeout_s)))
		return false;
	p2pf_flow_touch(f, now);
	*proto = f->proto;
	return true;
}

/* Unlinks and frees f unless someone else already did. */
static void p2pf_flow_unlink(struct p2pf_flows *fl, struct p2pf_flow *f)
{
	if (rhashtable_remove_fast(&fl->table, &f->node, p2pf_flow_params))
		return;
	if (f->key.type == P2PF_FLOW_LPORT)
		atomic_dec(&fl->lport_count);
	atomic_dec(&fl->count);
	kfree_rcu(f, rcu);
}

enum p2pf_flow_result p2pf_flow_remember(struct p2pf_flows *fl,
					 const struct p2pf_flow_key *k,
					 u8 proto, u8 kind,
					 unsigned int timeout_s)
{
	unsigned long timeout = p2pf_flow_timeout(timeout_s);
	unsigned long now = jiffies;
	struct p2pf_flow *f, *old;
	bool was_idle;

	p2pf_flow_note_timeout(fl, timeout);
	f = rhashtable_lookup(&fl->table, k, p2pf_flow_params);
	if (f) {
		/* An idle entry the sweep has not freed yet: a new flow. */
		was_idle = p2pf_flow_expired(f, now, timeout);
		p2pf_flow_touch(f, now);
		return was_idle ? P2PF_FLOW_NEW : P2PF_FLOW_KNOWN;
	}

	if (atomic_inc_return(&fl->count) > READ_ONCE(flow_max))
		goto refused;
	f = kmalloc(sizeof(*f), GFP_ATOMIC | __GFP_NOWARN);
	if (!f)
		goto refused;
	f->key = *k;
	f->last_seen = now;
	f->proto = proto;
	f->kind = kind;
	old = rhashtable_lookup_get_insert_fast(&fl->table, &f->node,
						p2pf_flow_params);
	if (old) {
		/* Another CPU remembered it first, or the insert failed. */
		kfree(f);
		atomic_dec(&fl->count);
		if (IS_ERR(old))
			return P2PF_FLOW_REFUSED;
		p2pf_flow_touch(old, now);
		return P2PF_FLOW_KNOWN;
	}
	if (k->type == P2PF_FLOW_LPORT)
		atomic_inc(&fl->lport_count);
	return P2PF_FLOW_NEW;

refused:
	atomic_dec(&fl->count);
	return P2PF_FLOW_REFUSED;
}

/*
 * Removes every entry for which drop() is true. Process context; entries
 * inserted concurrently may survive, which is fine for every caller: the
 * device whose flows are flushed has already been changed or unpublished.
 */
static void p2pf_flow_sweep(struct p2pf_flows *fl,
			    bool (*drop)(const struct p2pf_flow *f,
					 unsigned long arg),
			    unsigned long arg)
{
	struct rhashtable_iter iter;
	struct p2pf_flow *f;
	unsigned int seen = 0;

	rhashtable_walk_enter(&fl->table, &iter);
	rhashtable_walk_start(&iter);
	while ((f = rhashtable_walk_next(&iter))) {
		if (IS_ERR(f)) {
			if (PTR_ERR(f) == -EAGAIN)
				continue;	/* resized: walk goes on */
			break;
		}
		if (drop(f, arg))
			p2pf_flow_unlink(fl, f);
		if (++seen % P2PF_FLOW_SWEEP_BATCH == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

static bool p2pf_flow_is_idle(const struct p2pf_flow *f, unsigned long timeout)
{
	return p2pf_flow_expired(f, jiffies, timeout);
}

static bool p2pf_flow_of_dev(const struct p2pf_flow *f, unsigned long dev_id)
{
	return f->key.dev_id == dev_id;
}

static bool p2pf_flow_any(const struct p2pf_flow *f, unsigned long unused)
{
	return true;
}

void p2pf_flows_flush_dev(struct p2pf_flows *fl, u32 dev_id)
{
	if (fl->ready)
		p2pf_flow_sweep(fl, p2pf_flow_of_dev, dev_id);
}

void p2pf_flows_flush(struct p2pf_flows *fl)
{
	if (fl->ready)
		p2pf_flow_sweep(fl, p2pf_flow_any, 0);
}

static unsigned long p2pf_flow_gc_period(struct p2pf_flows *fl)
{
	return clamp(READ_ONCE(fl->timeout) / 2, (unsigned long)HZ,
		     (unsigned long)P2PF_FLOW_GC_MAX_PERIOD);
}

/*
 * The sweep follows the timeout the packet path uses; a changed timeout
 * reschedules it (rare: only when the configuration changed).
 */
static void p2pf_flow_note_timeout(struct p2pf_flows *fl, unsigned long t)
{
	if (READ_ONCE(fl->timeout) == t)
		return;
	WRITE_ONCE(fl->timeout, t);
	mod_delayed_work(system_power_efficient_wq, &fl->gc,
			 p2pf_flow_gc_period(fl));
}

static void p2pf_flow_gc(struct work_struct *work)
{
	struct p2pf_flows *fl = container_of(to_delayed_work(work),
					     struct p2pf_flows, gc);

	if (atomic_read(&fl->count))
		p2pf_flow_sweep(fl, p2pf_flow_is_idle, READ_ONCE(fl->timeout));
	queue_delayed_work(system_power_efficient_wq, &fl->gc,
			   p2pf_flow_gc_period(fl));
}

int p2pf_flows_init(struct p2pf_flows *fl, unsigned int timeout_s)
{
	int err;

	atomic_set(&fl->count, 0);
	atomic_set(&fl->lport_count, 0);
	fl->timeout = p2pf_flow_timeout(timeout_s);
	err = rhashtable_init(&fl->table, &p2pf_flow_params);
	if (err)
		return err;
	INIT_DELAYED_WORK(&fl->gc, p2pf_flow_gc);
	queue_delayed_work(system_power_efficient_wq, &fl->gc,
			   p2pf_flow_gc_period(fl));
	fl->ready = true;
	return 0;
}

static void p2pf_flow_free_now(void *ptr, void *arg)
{
	kfree(ptr);
}

/* Call once no packet path can reach fl any more (hooks unregistered). */
void p2pf_flows_destroy(struct p2pf_flows *fl)
{
	if (!fl->ready)
		return;
	fl->ready = false;
	cancel_delayed_work_sync(&fl->gc);
	rhashtable_free_and_destroy(&fl->table, p2pf_flow_free_now, NULL);
}

u32 p2pf_flows_count(struct p2pf_flows *fl)
{
	return fl->ready ? (u32)atomic_read(&fl->count) : 0;
}
