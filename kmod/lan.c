// SPDX-License-Identifier: GPL-2.0
/* LAN prefix lists and the "is this destination local?" test. */
#include <linux/inetdevice.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include "device.h"
#include "lan.h"
#include "netns.h"

struct p2pf_prefixes *p2pf_prefixes_alloc(u32 n)
{
	struct p2pf_prefixes *list;

	list = kzalloc(struct_size(list, p, n), GFP_KERNEL_ACCOUNT);
	if (list)
		list->n = n;
	return list;
}

void p2pf_prefixes_free_rcu(struct p2pf_prefixes *list)
{
	if (list)
		kfree_rcu(list, rcu);
}

/* Private, link-local, CGNAT, multicast and broadcast ranges. */
static const struct {
	__be32 in;
	u8 len;
} p2pf_lan4[] = {
	{ cpu_to_be32(0x0a000000), 8 },		/* 10.0.0.0/8 */
	{ cpu_to_be32(0xac100000), 12 },	/* 172.16.0.0/12 */
	{ cpu_to_be32(0xc0a80000), 16 },	/* 192.168.0.0/16 */
	{ cpu_to_be32(0x64400000), 10 },	/* 100.64.0.0/10 */
	{ cpu_to_be32(0xa9fe0000), 16 },	/* 169.254.0.0/16 */
	{ cpu_to_be32(0xe0000000), 4 },		/* 224.0.0.0/4 */
	{ cpu_to_be32(0xffffffff), 32 },	/* 255.255.255.255/32 */
};

/* ULA, link-local and multicast: only the first 16 bits matter. */
static const struct {
	__be16 first;
	u8 len;
} p2pf_lan6[] = {
	{ cpu_to_be16(0xfc00), 7 },		/* fc00::/7 */
	{ cpu_to_be16(0xfe80), 10 },		/* fe80::/10 */
	{ cpu_to_be16(0xff00), 8 },		/* ff00::/8 */
};

struct p2pf_prefixes *p2pf_prefixes_default(void)
{
	struct p2pf_prefixes *list;
	unsigned int i, n = 0;

	list = p2pf_prefixes_alloc(ARRAY_SIZE(p2pf_lan4) +
				   ARRAY_SIZE(p2pf_lan6));
	if (!list)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(p2pf_lan4); i++, n++) {
		list->p[n].addr.family = AF_INET;
		list->p[n].addr.in = p2pf_lan4[i].in;
		list->p[n].len = p2pf_lan4[i].len;
	}
	for (i = 0; i < ARRAY_SIZE(p2pf_lan6); i++, n++) {
		list->p[n].addr.family = AF_INET6;
		list->p[n].addr.in6.s6_addr16[0] = p2pf_lan6[i].first;
		list->p[n].len = p2pf_lan6[i].len;
	}
	return list;
}

bool p2pf_prefix_contains(const struct p2pf_prefix *pfx,
			  const struct p2pf_addr *a)
{
	if (pfx->addr.family != a->family)
		return false;
	if (a->family == AF_INET)
		return !((a->in ^ pfx->addr.in) & inet_make_mask(pfx->len));
	return ipv6_prefix_equal(&a->in6, &pfx->addr.in6, pfx->len);
}

static bool p2pf_in_list(const struct p2pf_prefixes *list,
			 const struct p2pf_addr *a)
{
	u32 i;

	if (!list)
		return false;
	for (i = 0; i < list->n; i++)
		if (p2pf_prefix_contains(&list->p[i], a))
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
