// SPDX-License-Identifier: GPL-2.0
/* LAN prefix lists and the "is this destination local?" test. */
#include <linux/bitmap.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include "device.h"
#include "lan.h"
#include "netns.h"
#include "p2p_policy.h"

struct p2pf_prefixes *p2pf_prefixes_alloc(u32 n)
{
	struct p2pf_prefixes *list;

	list = kzalloc(size_add(struct_size(list, p, n),
				array_size(n, sizeof(*list->v4))),
		       GFP_KERNEL_ACCOUNT);
	if (!list)
		return NULL;
	list->n = n;
	list->v4 = (struct p2pf_net4 *)&list->p[n];
	return list;
}

void p2pf_prefixes_seal(struct p2pf_prefixes *list)
{
	struct p2pf_net4 *e;
	u32 i, len;

	list->n4 = 0;
	for (i = 0; i < list->n; i++) {
		if (list->p[i].addr.family != AF_INET)
			continue;
		e = &list->v4[list->n4++];
		len = list->p[i].len;
		e->mask = len ? ~0U << (32 - len) : 0;
		e->net = be32_to_cpu(list->p[i].addr.in) & e->mask;
		/* A /len with len < 8 spans 2^(8 - len) first bytes. */
		bitmap_set(list->first4, e->net >> 24,
			   len < 8 ? 1U << (8 - len) : 1);
	}
}

void p2pf_prefixes_free_rcu(struct p2pf_prefixes *list)
{
	if (list)
		kfree_rcu(list, rcu);
}

struct p2pf_prefixes *p2pf_prefixes_default(void)
{
	struct p2pf_prefixes *list;
	unsigned int i, n = 0;

	list = p2pf_prefixes_alloc(P2P_LAN_DEFAULT4 + P2P_LAN_DEFAULT6);
	if (!list)
		return NULL;
	for (i = 0; i < P2P_LAN_DEFAULT4; i++, n++) {
		list->p[n].addr.family = AF_INET;
		list->p[n].addr.in = cpu_to_be32(p2p_lan_default4[i].addr);
		list->p[n].len = p2p_lan_default4[i].len;
	}
	for (i = 0; i < P2P_LAN_DEFAULT6; i++, n++) {
		list->p[n].addr.family = AF_INET6;
		list->p[n].addr.in6.s6_addr16[0] =
			cpu_to_be16(p2p_lan_default6[i].first);
		list->p[n].len = p2p_lan_default6[i].len;
	}
	p2pf_prefixes_seal(list);
	return list;
}

static bool p2pf_in_list(const struct p2pf_prefixes *list,
			 const struct p2pf_addr *a)
{
	u32 i, d;

	if (!list)
		return false;
	if (a->family == AF_INET) {
		d = be32_to_cpu(a->in);
		if (!test_bit(d >> 24, list->first4))
			return false;
		for (i = 0; i < list->n4; i++)
			if (!((d ^ list->v4[i].net) & list->v4[i].mask))
				return true;
		return false;
	}
	if (a->family != AF_INET6)
		return false;
	for (i = 0; i < list->n; i++)
		if (list->p[i].addr.family == AF_INET6 &&
		    ipv6_prefix_equal(&a->in6, &list->p[i].addr.in6,
				      list->p[i].len))
			return true;
	return false;
}

bool p2pf_is_lan(const struct p2pf_net *pn, const struct p2pf_device *dev,
		 const struct p2pf_addr *dst)
{
	if (p2pf_in_list(rcu_dereference(pn->lan), dst))
		return true;
	return dev && p2pf_in_list(rcu_dereference(dev->lan), dst);
}
