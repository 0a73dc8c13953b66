// SPDX-License-Identifier: GPL-2.0
/*
 * Replacing every device at once, for restore: a netlink socket begins a
 * pending generation of the device table, fills it with the same checks
 * as live adds, and commits it. The commit publishes it with one pointer
 * swap, so the old policy holds until the new one is complete and no
 * packet ever meets a half-applied table; a replacement that is aborted,
 * or whose socket closes (the CLI killed mid-way), leaves nothing behind.
 * One replacement per namespace at a time: a second socket gets -EBUSY.
 *
 * Unchanged devices (same name, identity and policy) are carried over
 * whole: the pending copy took the live device's id when it was added,
 * and at the swap the live device object itself takes the copy's place
 * in the new table, so its counters and remembered flows go on.
 */
#include <linux/rcupdate.h>
#include "device.h"
#include "enforce.h"
#include "netns.h"
#include "replace.h"

int p2pf_replace_begin(struct p2pf_net *pn, u32 portid)
{
	struct p2pf_devtable *t;

	lockdep_assert_held(&pn->lock);
	if (pn->pending && pn->pending_portid != portid)
		return -EBUSY;
	t = p2pf_devtable_new();
	if (!t)
		return -ENOMEM;
	if (pn->pending)
		p2pf_devtable_free(pn->pending);
	WRITE_ONCE(pn->pending, t);
	pn->pending_portid = portid;
	return 0;
}

struct p2pf_devtable *p2pf_replace_table(struct p2pf_net *pn, u32 portid)
{
	lockdep_assert_held(&pn->lock);
	if (pn->pending && pn->pending_portid == portid)
		return pn->pending;
	return NULL;
}

int p2pf_replace_abort(struct p2pf_net *pn, u32 portid)
{
	lockdep_assert_held(&pn->lock);
	if (!pn->pending || pn->pending_portid != portid)
		return -ENOENT;
	p2pf_devtable_free(pn->pending);
	WRITE_ONCE(pn->pending, NULL);
	return 0;
}

void p2pf_replace_swap(struct p2pf_net *pn)
{
	struct p2pf_devtable *old = p2pf_devtable_live(pn), *t = pn->pending;
	struct p2pf_device *dev, *prev;
	int id;

	lockdep_assert_held(&pn->lock);
	idr_for_each_entry(&t->ids, dev, id) {
		prev = idr_find(&old->ids, id);
		if (!prev || !p2pf_device_same(pn, prev, dev))
			continue;
		p2pf_device_adopt(pn, t, dev, prev);
		idr_remove(&old->ids, id);
		dev->gc_next = old->orphans;
		old->orphans = dev;
	}
	p2pf_devtable_adopted(t);
	rcu_assign_pointer(pn->devs, t);
	WRITE_ONCE(pn->pending, NULL);
	p2pf_gen_bump(pn);
	/* What is left in the old table went away or changed. */
	idr_for_each_entry(&old->ids, dev, id)
		p2pf_enforce_forget_device(pn, id);
	p2pf_devtable_retire(old);
}

void p2pf_replace_release(struct p2pf_net *pn, u32 portid)
{
	/* Every generic netlink socket of the system ends up here. */
	if (!READ_ONCE(pn->pending))
		return;
	mutex_lock(&pn->lock);
	p2pf_replace_abort(pn, portid);
	mutex_unlock(&pn->lock);
}
