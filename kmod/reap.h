/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frees objects that the packet path may still be reading, in batches,
 * after a grace period. An object pays for this with the one pointer it
 * is linked by; an rcu_head would cost 16 bytes in each of up to
 * max_devices devices and key sets. A batch costs one rcu_work.
 *
 * p2pf_reap() runs in process context; objects given to it must already
 * be unreachable for new readers.
 */
#ifndef P2PF_REAP_H
#define P2PF_REAP_H

#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct p2pf_reap_node {
	struct p2pf_reap_node *next;
};

struct p2pf_reaper {
	spinlock_t lock;
	/* Given since the batch left; queued as the next batch. */
	struct p2pf_reap_node *pending;
	/*
	 * Unpublished before its grace period began: the work's alone. Not
	 * NULL while a batch is queued or being freed; only the work reads
	 * what it points to.
	 */
	struct p2pf_reap_node *batch;
	struct rcu_work work;
	void (*free)(struct p2pf_reap_node *node);
};

void p2pf_reaper_init(struct p2pf_reaper *r,
		      void (*free)(struct p2pf_reap_node *node));
void p2pf_reap(struct p2pf_reaper *r, struct p2pf_reap_node *node);
/* Module exit, after the last p2pf_reap(): returns when all are freed. */
void p2pf_reaper_drain(struct p2pf_reaper *r);

#endif /* P2PF_REAP_H */
