// SPDX-License-Identifier: GPL-2.0
/*
 * Flow memory: an rhashtable of remembered (device, remote endpoint) and
 * (device, punched local port) pairs, and for each device that holds any
 * an owner listing them. See flow.h for the rules.
 *
 * Every entry in the table is on exactly one list: its owner's (under the
 * owner's lock) or the private list of whoever took it off the owner's.
 * Whoever takes an entry off its owner's list removes it from the table,
 * drops the counts and frees it, so the insert path (evicting), the sweep
 * and the flushes can race on a device and each entry is still freed
 * once. An owner leaves the xarray, under its lock, as soon as it holds
 * nothing, and is marked dead so that an insert which found it just
 * before looks again. Entries and owners are freed with kfree_rcu(): RCU
 * readers may still hold them, and no callback of ours outlives the
 * module, so unloading needs no rcu_barrier() for them.
 *
 * Lock order: an owner's lock, then the locks taken inside rhashtable and
 * xarray calls. Owner locks are taken with BH off since the packet path
 * takes them in softirq; no two are ever held at once.
 */
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>

#include "flow.h"

/* The entries of one device: exists while it holds any. */
struct p2pf_flow_owner {
	spinlock_t lock;
	struct list_head flows;		/* oldest queued first */
	unsigned int count;
	bool dead;			/* left the xarray: look it up again */
	u32 dev_id;
	struct rcu_head rcu;
};

static unsigned int flow_max = 65536;
module_param(flow_max, uint, 0444);
MODULE_PARM_DESC(flow_max, "Flows remembered per network namespace (default 65536)");

static unsigned int flow_max_per_device = 4096;
module_param(flow_max_per_device, uint, 0444);
MODULE_PARM_DESC(flow_max_per_device,
		 "Flows one device may hold before it replaces its own (default 4096; 0 or above flow_max: flow_max)");

/* The sweep runs at least this often, and at most once per second. */
#define P2PF_FLOW_GC_MAX_PERIOD	(30 * HZ)
/* Entries visited between two chances to reschedule during a sweep. */
#define P2PF_FLOW_SWEEP_BATCH	1024
/*
 * Used entries moved to the back before the front one is evicted anyway:
 * bounds the work of an insert whatever the device's entries look like.
 */
#define P2PF_FLOW_SECOND_CHANCES	8
/* An insert racing with its device's owner being freed looks it up again. */
#define P2PF_FLOW_OWNER_TRIES	4
/* Owners a full table's insert looks at for one holding more than it. */
#define P2PF_FLOW_STEAL_SCAN	16

static const struct rhashtable_params p2pf_flow_params = {
	.key_len = sizeof(struct p2pf_flow_key),
	.key_offset = offsetof(struct p2pf_flow, key),
	.head_offset = offsetof(struct p2pf_flow, node),
	.automatic_shrinking = true,
};

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
static unsigned long p2pf_flow_gc_period(struct p2pf_flows *fl);

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

void p2pf_flow_key_lport(struct p2pf_flow_key *k, u32 dev_id, __be16 port,
			 const struct p2pf_addr *src)
{
	memset(k, 0, sizeof(*k));
	k->dev_id = dev_id;
	k->type = P2PF_FLOW_LPORT;
	k->port = port;
	if (!src)
		return;
	k->family = src->family;
	if (src->family == AF_INET6)
		k->addr = src->in6;
	else
		k->addr.s6_addr32[0] = src->in;
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

/*
 * Removes f, which the caller took off its owner's list, from the table and
 * frees it. The caller drops fl->count: an evicted entry's slot goes to
 * the entry replacing it.
 */
static void p2pf_flow_free(struct p2pf_flows *fl, struct p2pf_flow *f)
{
	WARN_ON_ONCE(rhashtable_remove_fast(&fl->table, &f->node,
					    p2pf_flow_params));
	if (f->key.type == P2PF_FLOW_LPORT)
		atomic_dec(&fl->lport_count);
	kfree_rcu(f, rcu);
}

/* Entries taken off their lists by a sweep or a flush. */
static void p2pf_flow_free_list(struct p2pf_flows *fl, struct list_head *head)
{
	struct p2pf_flow *f, *next;
	unsigned int n = 0;

	list_for_each_entry_safe(f, next, head, list) {
		p2pf_flow_free(fl, f);
		atomic_dec(&fl->count);
		if (++n % P2PF_FLOW_SWEEP_BATCH == 0)
			cond_resched();
	}
	INIT_LIST_HEAD(head);
}

/*
 * Unlocks o (held). One left holding nothing, and not dead already, first
 * leaves the xarray so that no one finds it any more (whoever found it
 * already sees it dead once it has the lock) and is freed after a grace
 * period.
 */
static void p2pf_flow_owner_unlock(struct p2pf_flows *fl,
				   struct p2pf_flow_owner *o)
	__releases(&o->lock)
{
	bool empty = !o->dead && !o->count;

	lockdep_assert_held(&o->lock);
	if (empty) {
		o->dead = true;
		xa_erase_bh(&fl->owners, o->dev_id);
	}
	spin_unlock_bh(&o->lock);
	if (empty)
		kfree_rcu(o, rcu);
}

/*
 * Packet path: the owner of dev_id's entries, created if it has none.
 * NULL: another CPU created it first, look again. ERR_PTR(-ENOSPC): the
 * device holds nothing and the table is full, so it has nothing to evict.
 */
static struct p2pf_flow_owner *p2pf_flow_owner_get(struct p2pf_flows *fl,
						   u32 dev_id)
{
	struct p2pf_flow_owner *o;
	int err;

	o = xa_load(&fl->owners, dev_id);
	if (o)
		return o;
	if (atomic_read(&fl->count) >= fl->max)
		return ERR_PTR(-ENOSPC);
	o = kmalloc(sizeof(*o), GFP_ATOMIC | __GFP_NOWARN);
	if (!o)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&o->lock);
	INIT_LIST_HEAD(&o->flows);
	o->count = 0;
	o->dead = false;
	o->dev_id = dev_id;
	err = xa_insert_bh(&fl->owners, dev_id, o, GFP_ATOMIC | __GFP_NOWARN);
	if (!err)
		return o;
	kfree(o);
	return err == -EBUSY ? NULL : ERR_PTR(err);
}

/*
 * The entry of o to evict, o->lock held, o not empty: the front of the
 * list (least recently queued) unless it was used since it was queued,
 * then it goes to the back and the next one is asked. Expired entries are
 * evicted first whatever their place.
 */
static struct p2pf_flow *p2pf_flow_victim(struct p2pf_flow_owner *o,
					  unsigned long now,
					  unsigned long timeout)
{
	struct p2pf_flow *f;
	unsigned int i;

	lockdep_assert_held(&o->lock);
	for (i = 0; i < P2PF_FLOW_SECOND_CHANCES; i++) {
		f = list_first_entry(&o->flows, struct p2pf_flow, list);
		if (p2pf_flow_expired(f, now, timeout) ||
		    !time_after(READ_ONCE(f->last_seen), f->queued))
			return f;
		f->queued = now;
		list_move_tail(&f->list, &o->flows);
	}
	return list_first_entry(&o->flows, struct p2pf_flow, list);
}

/*
 * Inserts nf for its device, owned by o: within the device's share and the
 * table's bound, evicting one of the device's own entries when it must.
 * Returns -EAGAIN when o died before we had its lock, else the result;
 * nf is consumed only for P2PF_FLOW_NEW.
 */
static int p2pf_flow_insert(struct p2pf_flows *fl, struct p2pf_flow_owner *o,
			    struct p2pf_flow *nf, unsigned long timeout)
{
	struct p2pf_flow *victim = NULL, *old;
	int ret;

	spin_lock_bh(&o->lock);
	if (o->dead) {
		spin_unlock_bh(&o->lock);
		return -EAGAIN;
	}
	if (o->count && o->count >= fl->dev_max) {
		victim = p2pf_flow_victim(o, nf->queued, timeout);
	} else if (atomic_inc_return(&fl->count) > fl->max) {
		atomic_dec(&fl->count);
		if (!o->count) {
			ret = P2PF_FLOW_REFUSED;
			goto out;
		}
		victim = p2pf_flow_victim(o, nf->queued, timeout);
	}

	old = rhashtable_lookup_get_insert_fast(&fl->table, &nf->node,
						p2pf_flow_params);
	if (old) {
		/* Remembered meanwhile (a flushed entry not yet freed), or
		 * the table could not grow.
		 */
		if (!victim)
			atomic_dec(&fl->count);
		if (IS_ERR(old)) {
			ret = P2PF_FLOW_REFUSED;
		} else {
			p2pf_flow_touch(old, nf->queued);
			ret = P2PF_FLOW_KNOWN;
		}
		goto out;
	}
	if (nf->key.type == P2PF_FLOW_LPORT)
		atomic_inc(&fl->lport_count);
	list_add_tail(&nf->list, &o->flows);
	o->count++;
	if (victim) {
		list_del(&victim->list);
		o->count--;
		p2pf_flow_free(fl, victim);
	}
	ret = P2PF_FLOW_NEW;
	/* A no-op while it is pending: the sweep runs only while flows exist. */
	queue_delayed_work(system_power_efficient_wq, &fl->gc,
			   p2pf_flow_gc_period(fl));
out:
	p2pf_flow_owner_unlock(fl, o);
	return ret;
}

/*
 * The table is full and device @dev_id holds @mine entries, fewer than its
 * share: evicts one entry (p2pf_flow_victim's choice) of the device that
 * holds the most among the next P2PF_FLOW_STEAL_SCAN owners, if that is at
 * least two more than @mine. So flooding devices, each held to its share,
 * take room from each other and never from a device that holds fewer, and
 * a device with few flows always gets one (as conntrack's early drop gives
 * a new connection the room of an idle one). Bounded work, packet path,
 * under rcu_read_lock; takes one owner lock, with none held.
 */
static bool p2pf_flow_steal(struct p2pf_flows *fl, u32 dev_id,
			    unsigned int mine, unsigned long now,
			    unsigned long timeout)
{
	unsigned long idx = READ_ONCE(fl->steal_from), wrapped = 0;
	struct p2pf_flow_owner *o, *best = NULL;
	unsigned int most = mine + 1, seen = 0, n;
	struct p2pf_flow *victim = NULL;

	while (seen < P2PF_FLOW_STEAL_SCAN) {
		o = xa_find(&fl->owners, &idx, ULONG_MAX, XA_PRESENT);
		if (!o) {
			if (wrapped++)
				break;
			idx = 0;
			continue;
		}
		n = data_race(o->count);	/* a hint: checked again under the lock */
		if (o->dev_id != dev_id && n > most) {
			best = o;
			most = n;
		}
		seen++;
		idx++;
	}
	WRITE_ONCE(fl->steal_from, idx);
	if (!best)
		return false;
	spin_lock_bh(&best->lock);
	if (!best->dead && best->count > mine + 1) {
		victim = p2pf_flow_victim(best, now, timeout);
		list_del(&victim->list);
		best->count--;
	}
	p2pf_flow_owner_unlock(fl, best);
	if (!victim)
		return false;
	p2pf_flow_free(fl, victim);
	atomic_dec(&fl->count);
	return true;
}

/*
 * The table is full for a device holding nothing: sweep idle entries now
 * rather than at the next period, at most once a second.
 */
static void p2pf_flow_kick(struct p2pf_flows *fl, unsigned long now)
{
	unsigned long next = READ_ONCE(fl->next_kick);

	if (time_before(now, next) ||
	    cmpxchg(&fl->next_kick, next, now + HZ) != next)
		return;
	mod_delayed_work(system_power_efficient_wq, &fl->gc, 0);
}

enum p2pf_flow_result p2pf_flow_remember(struct p2pf_flows *fl,
					 const struct p2pf_flow_key *k,
					 u8 proto, u8 kind,
					 unsigned int timeout_s)
{
	unsigned long timeout = p2pf_flow_timeout(timeout_s);
	unsigned long now = jiffies;
	struct p2pf_flow_owner *o;
	struct p2pf_flow *f;
	unsigned int tries, held;
	bool was_idle;
	int ret;

	p2pf_flow_note_timeout(fl, timeout);
	f = rhashtable_lookup(&fl->table, k, p2pf_flow_params);
	if (f) {
		/* An idle entry the sweep has not freed yet: a new flow. */
		was_idle = p2pf_flow_expired(f, now, timeout);
		p2pf_flow_touch(f, now);
		return was_idle ? P2PF_FLOW_NEW : P2PF_FLOW_KNOWN;
	}

	/*
	 * Full: room from a device holding more, else the device replaces
	 * its own (p2pf_flow_insert); holding nothing, it is refused
	 * without an allocation.
	 */
	if (atomic_read(&fl->count) >= fl->max) {
		o = xa_load(&fl->owners, k->dev_id);
		/* A hint for the choice below, racing with inserts. */
		held = o ? data_race(o->count) : 0;
		if (!(held < fl->dev_max &&
		      p2pf_flow_steal(fl, k->dev_id, held, now, timeout)) &&
		    !o) {
			p2pf_flow_kick(fl, now);
			return P2PF_FLOW_REFUSED;
		}
	}
	f = kmalloc(sizeof(*f), GFP_ATOMIC | __GFP_NOWARN);
	if (!f)
		return P2PF_FLOW_REFUSED;
	f->key = *k;
	f->last_seen = now;
	f->queued = now;
	f->proto = proto;
	f->kind = kind;
	for (tries = 0; tries < P2PF_FLOW_OWNER_TRIES; tries++) {
		o = p2pf_flow_owner_get(fl, k->dev_id);
		if (!o)
			continue;
		if (IS_ERR(o)) {
			if (PTR_ERR(o) == -ENOSPC)
				p2pf_flow_kick(fl, now);
			break;
		}
		ret = p2pf_flow_insert(fl, o, f, timeout);
		if (ret == -EAGAIN)
			continue;
		if (ret != P2PF_FLOW_NEW)
			kfree(f);
		if (ret == P2PF_FLOW_REFUSED)
			p2pf_flow_kick(fl, now);
		return ret;
	}
	kfree(f);
	return P2PF_FLOW_REFUSED;
}

/*
 * Takes o's entries off its list onto @out: the idle ones (expired for
 * @timeout), or all when @timeout is 0. An owner left empty is freed, as
 * is one an insert created but could not fill (a racing insert then looks
 * again). Holds o->lock for one pass over o's list, at most
 * flow_max_per_device entries, or none for a flush.
 */
static void p2pf_flow_owner_take(struct p2pf_flows *fl,
				 struct p2pf_flow_owner *o,
				 unsigned long timeout, struct list_head *out)
{
	unsigned long now = jiffies;
	struct p2pf_flow *f, *next;

	spin_lock_bh(&o->lock);
	if (o->dead)
		goto unlock;
	if (!timeout) {
		list_splice_tail_init(&o->flows, out);
		o->count = 0;
	} else {
		list_for_each_entry_safe(f, next, &o->flows, list) {
			if (!p2pf_flow_expired(f, now, timeout))
				continue;
			list_move_tail(&f->list, out);
			o->count--;
		}
	}
unlock:
	p2pf_flow_owner_unlock(fl, o);
}

/*
 * One pass over every device's entries, freeing the idle ones, or all of
 * them when @timeout is 0. Process context; entries inserted meanwhile
 * may survive, which is fine for every caller.
 */
static void p2pf_flow_sweep(struct p2pf_flows *fl, unsigned long timeout)
{
	struct p2pf_flow_owner *o;
	unsigned long id;
	LIST_HEAD(doomed);

	/* Owners are freed by RCU: hold it from finding one to locking it. */
	rcu_read_lock();
	xa_for_each(&fl->owners, id, o) {
		p2pf_flow_owner_take(fl, o, timeout, &doomed);
		if (list_empty(&doomed) && !need_resched())
			continue;
		rcu_read_unlock();
		p2pf_flow_free_list(fl, &doomed);
		cond_resched();
		rcu_read_lock();
	}
	rcu_read_unlock();
}

void p2pf_flows_flush_owner(struct p2pf_flows *fl, u32 dev_id)
{
	struct p2pf_flow_owner *o;
	LIST_HEAD(doomed);

	rcu_read_lock();
	o = xa_load(&fl->owners, dev_id);
	if (o)
		p2pf_flow_owner_take(fl, o, 0, &doomed);
	rcu_read_unlock();
	p2pf_flow_free_list(fl, &doomed);
}

void p2pf_flows_flush(struct p2pf_flows *fl)
{
	p2pf_flow_sweep(fl, 0);
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

	if (!atomic_read(&fl->count))
		return;		/* idle: the next new flow starts it again */
	p2pf_flow_sweep(fl, READ_ONCE(fl->timeout));
	if (atomic_read(&fl->count))
		queue_delayed_work(system_power_efficient_wq, &fl->gc,
				   p2pf_flow_gc_period(fl));
}

int p2pf_flows_init(struct p2pf_flows *fl, unsigned int timeout_s)
{
	int err;

	atomic_set(&fl->count, 0);
	atomic_set(&fl->lport_count, 0);
	fl->max = READ_ONCE(flow_max);
	fl->dev_max = READ_ONCE(flow_max_per_device);
	if (!fl->dev_max || fl->dev_max > fl->max)
		fl->dev_max = fl->max;
	fl->timeout = p2pf_flow_timeout(timeout_s);
	fl->next_kick = jiffies;
	fl->steal_from = 0;
	err = rhashtable_init(&fl->table, &p2pf_flow_params);
	if (err)
		return err;
	/* Its lock is taken in softirq by the packet path. */
	xa_init_flags(&fl->owners, XA_FLAGS_LOCK_BH);
	INIT_DELAYED_WORK(&fl->gc, p2pf_flow_gc);
	return 0;
}

static void p2pf_flow_free_now(void *ptr, void *arg)
{
	kfree(ptr);
}

/*
 * Call once no packet path can reach fl any more (hooks unregistered):
 * entries and owners are freed at once, no list needs unlinking.
 */
void p2pf_flows_destroy(struct p2pf_flows *fl)
{
	struct p2pf_flow_owner *o;
	unsigned long id;

	cancel_delayed_work_sync(&fl->gc);
	rhashtable_free_and_destroy(&fl->table, p2pf_flow_free_now, NULL);
	xa_for_each(&fl->owners, id, o)
		kfree(o);
	xa_destroy(&fl->owners);
}

u32 p2pf_flows_count(struct p2pf_flows *fl)
{
	return atomic_read(&fl->count);
}
