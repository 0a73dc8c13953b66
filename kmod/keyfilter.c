// SPDX-License-Identifier: GPL-2.0
/* The device table's key filter: allocation and bits (keyfilter.h). */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include "keyfilter.h"

struct p2pf_keyfilter *p2pf_keyfilter_alloc(u32 keys)
{
	u64 want = (u64)keys * P2PF_KEYFILTER_BITS_PER_KEY;
	unsigned int order = clamp_t(unsigned int, order_base_2(want),
				     P2PF_KEYFILTER_MIN_ORDER,
				     P2PF_KEYFILTER_MAX_ORDER);
	struct p2pf_keyfilter *f;

	f = kvzalloc(struct_size(f, bits, BITS_TO_LONGS(1UL << order)),
		     GFP_KERNEL_ACCOUNT);
	if (!f)
		return NULL;
	f->shift = 32 - order;
	/* Grows when it falls to half the bits per key it was built for. */
	f->capacity = (1U << order) / (P2PF_KEYFILTER_BITS_PER_KEY / 2);
	return f;
}

void p2pf_keyfilter_set(struct p2pf_keyfilter *f, u32 h)
{
	set_bit(h >> f->shift, f->bits);
}

void p2pf_keyfilter_free_rcu(struct p2pf_keyfilter *f)
{
	if (f)
		kvfree_rcu(f, rcu);
}

void p2pf_keyfilter_free(struct p2pf_keyfilter *f)
{
	kvfree(f);
}
