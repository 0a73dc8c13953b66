// SPDX-License-Identifier: GPL-2.0
/*
 * Batched RCU freeing (reap.h). Objects given while a batch waits for its
 * grace period go to the next batch, never into the waiting one: that
 * grace period began before they were unpublished.
 */
#include <linux/sched.h>
#include "reap.h"

/* Under r->lock: the pending objects become the batch, if there are any. */
static void p2pf_reaper_next(struct p2pf_reaper *r)
{
	r->batch = r->pending;
	r->pending = NULL;
	if (r->batch)
		queue_rcu_work(system_unbound_wq, &r->work);
}

static void p2pf_reaper_run(struct work_struct *work)
{
	struct p2pf_reaper *r = container_of(to_rcu_work(work),
					     struct p2pf_reaper, work);
	struct p2pf_reap_node *node = r->batch, *next;

	for (; node; node = next) {
		next = node->next;
		r->free(node);
		cond_resched();
	}
	spin_lock(&r->lock);
	p2pf_reaper_next(r);
	spin_unlock(&r->lock);
}

void p2pf_reaper_init(struct p2pf_reaper *r,
		      void (*free)(struct p2pf_reap_node *node))
{
	spin_lock_init(&r->lock);
	r->pending = NULL;
	r->batch = NULL;
	INIT_RCU_WORK(&r->work, p2pf_reaper_run);
	r->free = free;
}

void p2pf_reap(struct p2pf_reaper *r, struct p2pf_reap_node *node)
{
	spin_lock(&r->lock);
	node->next = r->pending;
	r->pending = node;
	if (!r->batch)
		p2pf_reaper_next(r);
	spin_unlock(&r->lock);
}

void p2pf_reaper_drain(struct p2pf_reaper *r)
{
	bool busy;

	for (;;) {
		spin_lock(&r->lock);
		busy = r->batch;
		spin_unlock(&r->lock);
		if (!busy)
			return;
		/* A batch may queue the next one as it finishes: again. */
		flush_rcu_work(&r->work);
	}
}
