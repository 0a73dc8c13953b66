/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink attribute helpers shared by the command groups: the policy of a
 * prefix list (nested by device, LAN and replacement requests), parsing
 * of prefixes and prefix lists with extack errors, and building of
 * address, prefix and counter nests.
 */
#ifndef P2PF_NLATTR_H
#define P2PF_NLATTR_H

#include <net/genetlink.h>
#include "compat.h"
#include "lan.h"
#include "packet.h"
#include "stats.h"
#include "uapi/p2pfence.h"

struct p2pf_net;

extern const struct nla_policy p2pf_prefix_list_policy[P2PF_A_MAX + 1];

/* A required attribute: the error names it and says what is missing. */
#define P2PF_NL_REQUIRE(info, attr, msg) ({				\
	bool __ok = !!(info)->attrs[attr];				\
	if (!__ok) {							\
		P2PF_SET_ERR_ATTR_MISS((info)->extack, NULL, attr);	\
		NL_SET_ERR_MSG((info)->extack, msg);			\
	}								\
	__ok;								\
})

/* Parses one P2PF_A_PREFIX nest (host bits must be zero). */
int p2pf_nl_parse_prefix(const struct nlattr *nla, struct p2pf_prefix *pfx,
			 struct netlink_ext_ack *extack);
/*
 * Parses a nest of P2PF_A_PREFIX into a new list (NULL when empty).
 * Returns 0 or a negative errno with extack set.
 */
int p2pf_nl_parse_prefixes(const struct nlattr *nest,
			   struct p2pf_prefixes **out,
			   struct netlink_ext_ack *extack);

int p2pf_nl_put_addr(struct sk_buff *skb, int type, const struct p2pf_addr *a);
/* @a as P2PF_ADDR_A_IN or P2PF_ADDR_A_IN6, by its family. */
int p2pf_nl_put_addr_a(struct sk_buff *skb, const struct p2pf_addr *a);
int p2pf_nl_put_prefixes(struct sk_buff *skb, int type,
			 const struct p2pf_prefixes *list);
int p2pf_nl_put_prefix_array(struct sk_buff *skb, int type,
			     const struct p2pf_prefix *pfx, u32 n);
/* The P2PF_A_STATS nest; @pn adds the namespace-only counters. */
int p2pf_nl_put_stats(struct sk_buff *skb, const struct p2pf_counter_sum *s,
		      struct p2pf_net *pn);

#endif /* P2PF_NLATTR_H */
