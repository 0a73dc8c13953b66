// SPDX-License-Identifier: GPL-2.0
/* Parsing and building of the nested attribute spaces of the uapi. */
#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "enforce.h"
#include "netns.h"
#include "discover.h"
#include "nlattr.h"

static const struct nla_policy p2pf_prefix_policy[P2PF_PREFIX_A_MAX + 1] = {
	[P2PF_PREFIX_A_IN] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[P2PF_PREFIX_A_IN6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[P2PF_PREFIX_A_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* Inside P2PF_A_LAN and P2PF_A_DEV_LAN: P2PF_A_PREFIX only. */
const struct nla_policy p2pf_prefix_list_policy[P2PF_A_MAX + 1] = {
	[P2PF_A_PREFIX] = NLA_POLICY_NESTED(p2pf_prefix_policy),
};

int p2pf_nl_parse_prefix(const struct nlattr *nla, struct p2pf_prefix *pfx,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[P2PF_PREFIX_A_MAX + 1];
	struct p2pf_prefix masked;
	int err;

	err = nla_parse_nested(tb, P2PF_PREFIX_A_MAX, nla, p2pf_prefix_policy,
			       extack);
	if (err)
		return err;
	if (!tb[P2PF_PREFIX_A_IN] == !tb[P2PF_PREFIX_A_IN6]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "prefix needs exactly one of P2PF_PREFIX_A_IN and P2PF_PREFIX_A_IN6");
		return -EINVAL;
	}
	if (!tb[P2PF_PREFIX_A_LEN]) {
		P2PF_SET_ERR_ATTR_MISS(extack, nla, P2PF_PREFIX_A_LEN);
		NL_SET_ERR_MSG(extack, "prefix needs P2PF_PREFIX_A_LEN");
		return -EINVAL;
	}
	memset(pfx, 0, sizeof(*pfx));
	pfx->len = nla_get_u8(tb[P2PF_PREFIX_A_LEN]);
	if (tb[P2PF_PREFIX_A_IN]) {
		pfx->addr.family = AF_INET;
		pfx->addr.in = nla_get_in_addr(tb[P2PF_PREFIX_A_IN]);
		if (pfx->len > 32) {
			NL_SET_ERR_MSG_ATTR(extack, tb[P2PF_PREFIX_A_LEN],
					    "IPv4 prefix length above 32");
			return -EINVAL;
		}
		masked = *pfx;
		masked.addr.in &= inet_make_mask(pfx->len);
	} else {
		pfx->addr.family = AF_INET6;
		pfx->addr.in6 = nla_get_in6_addr(tb[P2PF_PREFIX_A_IN6]);
		masked = *pfx;
		ipv6_addr_prefix(&masked.addr.in6, &pfx->addr.in6, pfx->len);
	}
	if (memcmp(&masked, pfx, sizeof(masked))) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "prefix has bits set beyond its length");
		return -EINVAL;
	}
	return 0;
}

int p2pf_nl_parse_prefixes(const struct nlattr *nest,
			   struct p2pf_prefixes **out,
			   struct netlink_ext_ack *extack)
{
	struct p2pf_prefixes *list;
	const struct nlattr *nla;
	u32 n = 0;
	int rem, err;

	*out = NULL;
	nla_for_each_nested(nla, nest, rem)
		n++;
	if (n > P2PF_LAN_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "too many prefixes (P2PF_LAN_MAX)");
		return -EINVAL;
	}
	if (!n)
		return 0;
	list = p2pf_prefixes_alloc(n);
	if (!list)
		return -ENOMEM;
	n = 0;
	nla_for_each_nested(nla, nest, rem) {
		err = p2pf_nl_parse_prefix(nla, &list->p[n++], extack);
		if (err) {
			kfree(list);
			return err;
		}
	}
	p2pf_prefixes_seal(list);
	*out = list;
	return 0;
}

int p2pf_nl_put_addr(struct sk_buff *skb, int type, const struct p2pf_addr *a)
{
	if (a->family == AF_INET)
		return nla_put_in_addr(skb, type, a->in);
	return nla_put_in6_addr(skb, type, &a->in6);
}

int p2pf_nl_put_addr_a(struct sk_buff *skb, const struct p2pf_addr *a)
{
	return p2pf_nl_put_addr(skb, a->family == AF_INET ? P2PF_ADDR_A_IN :
				P2PF_ADDR_A_IN6, a);
}

int p2pf_nl_put_prefixes(struct sk_buff *skb, int type,
			 const struct p2pf_prefixes *list)
{
	return p2pf_nl_put_prefix_array(skb, type, list ? list->p : NULL,
					list ? list->n : 0);
}

int p2pf_nl_put_prefix_array(struct sk_buff *skb, int type,
			     const struct p2pf_prefix *pfx, u32 n)
{
	struct nlattr *nest, *one;
	u32 i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		const struct p2pf_prefix *p = &pfx[i];

		one = nla_nest_start(skb, P2PF_A_PREFIX);
		if (!one ||
		    p2pf_nl_put_addr(skb, p->addr.family == AF_INET ?
				     P2PF_PREFIX_A_IN : P2PF_PREFIX_A_IN6,
				     &p->addr) ||
		    nla_put_u8(skb, P2PF_PREFIX_A_LEN, p->len))
			goto cancel;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int p2pf_nl_put_by_proto(struct sk_buff *skb,
				const struct p2pf_counter_sum *s)
{
	struct nlattr *nest, *one;
	unsigned int p;

	nest = nla_nest_start(skb, P2PF_STATS_A_BY_PROTO);
	if (!nest)
		return -EMSGSIZE;
	for (p = P2P_PROTO_NONE + 1; p < P2P_PROTO_COUNT; p++) {
		one = nla_nest_start(skb, P2PF_STATS_A_PROTO);
		if (!one ||
		    nla_put_u8(skb, P2PF_PSTATS_A_ID, p) ||
		    nla_put_u64_64bit(skb, P2PF_PSTATS_A_DETECTED,
				      s->proto_detected[p], P2PF_PSTATS_A_PAD) ||
		    nla_put_u64_64bit(skb, P2PF_PSTATS_A_DROPPED,
				      s->proto_dropped[p], P2PF_PSTATS_A_PAD))
			goto cancel;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int p2pf_nl_put_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, P2PF_STATS_A_PAD);
}

int p2pf_nl_put_stats(struct sk_buff *skb, const struct p2pf_counter_sum *s,
		      struct p2pf_net *pn)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, P2PF_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (p2pf_nl_put_u64(skb, P2PF_STATS_A_PACKETS,
			    s->c[P2PF_CTR_PACKETS]) ||
	    p2pf_nl_put_u64(skb, P2PF_STATS_A_DETECTED,
			    s->c[P2PF_CTR_DETECTED]) ||
	    p2pf_nl_put_u64(skb, P2PF_STATS_A_DROPPED,
			    s->c[P2PF_CTR_DROPPED]) ||
	    p2pf_nl_put_u64(skb, P2PF_STATS_A_FLOW_DROPPED,
			    s->c[P2PF_CTR_FLOW_DROPPED]) ||
	    p2pf_nl_put_u64(skb, P2PF_STATS_A_MARKED,
			    s->c[P2PF_CTR_MARKED]) ||
	    p2pf_nl_put_by_proto(skb, s))
		goto cancel;
	if (pn &&
	    (nla_put_u32(skb, P2PF_STATS_A_FLOWS, p2pf_enforce_flow_count(pn)) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_FLOWS_REFUSED,
			     s->c[P2PF_CTR_FLOWS_REFUSED]) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_EVENTS,
			     s->c[P2PF_CTR_EVENTS]) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_EVENTS_SUPPRESSED,
			     s->c[P2PF_CTR_EVENTS_SUPPRESSED]) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_UNTAGGED,
			     s->c[P2PF_CTR_UNTAGGED]) ||
	     nla_put_u32(skb, P2PF_STATS_A_DISCOVERED,
			 p2pf_discover_count(pn)) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_DISC_REFUSED,
			     s->c[P2PF_CTR_DISC_REFUSED]) ||
	     p2pf_nl_put_u64(skb, P2PF_STATS_A_TINY_FRAGMENTS,
			     s->c[P2PF_CTR_TINY_FRAGMENTS])))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
