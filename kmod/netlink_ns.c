// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace-wide commands: LAN prefixes, counters, configuration and flow
 * memory (discovery's are in netlink_discover.c).
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include "discover.h"
#include "enforce.h"
#include "mark.h"
#include "netlink.h"
#include "hooks.h"
#include "netns.h"
#include "nlattr.h"

static const struct nla_policy p2pf_lan_policy[P2PF_A_MAX + 1] = {
	[P2PF_A_LAN] = NLA_POLICY_NESTED(p2pf_prefix_list_policy),
};

/* Not const: 6.1's nla_policy points at a mutable range (see compat.h). */
static struct netlink_range_validation p2pf_flow_timeout_range = {
	.min = P2PF_FLOW_TIMEOUT_MIN,
	.max = P2PF_FLOW_TIMEOUT_MAX,
};

static struct netlink_range_validation p2pf_event_rate_range = {
	.max = P2PF_EVENT_RATE_MAX,
};

static const struct nla_policy p2pf_cfg_policy[P2PF_CFG_A_MAX + 1] = {
	[P2PF_CFG_A_FLOW_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &p2pf_flow_timeout_range),
	[P2PF_CFG_A_EVENT_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &p2pf_event_rate_range),
	[P2PF_CFG_A_DISCOVERY] = NLA_POLICY_MAX(NLA_U8, 1),
	[P2PF_CFG_A_FANOUT_THRESHOLD] = NLA_POLICY_RANGE(NLA_U32,
						       P2PF_FANOUT_THRESHOLD_MIN,
						       P2PF_FANOUT_THRESHOLD_MAX),
	[P2PF_CFG_A_MARK] = { .type = NLA_U32 },
	[P2PF_CFG_A_MARK_MASK] = { .type = NLA_U32 },
};

static const struct nla_policy p2pf_config_policy[P2PF_A_MAX + 1] = {
	[P2PF_A_CONFIG] = NLA_POLICY_NESTED(p2pf_cfg_policy),
};

static int p2pf_nl_set_lan(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_prefixes *list, *old;
	int err;

	if (!P2PF_NL_REQUIRE(info, P2PF_A_LAN,
			     "missing prefix list (P2PF_A_LAN)"))
		return -EINVAL;
	err = p2pf_nl_parse_prefixes(info->attrs[P2PF_A_LAN], &list,
				     info->extack);
	if (err)
		return err;
	mutex_lock(&pn->lock);
	old = rcu_replace_pointer(pn->lan, list, lockdep_is_held(&pn->lock));
	mutex_unlock(&pn->lock);
	p2pf_prefixes_free_rcu(old);
	return 0;
}

static int p2pf_nl_get_lan(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = p2pf_nl_reply_new(info, P2PF_CMD_GET_LAN, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->lock);
	err = p2pf_nl_put_prefixes(msg, P2PF_A_LAN,
				   rcu_dereference_protected(pn->lan,
							     lockdep_is_held(&pn->lock)));
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int p2pf_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_counter_sum sum;
	struct sk_buff *msg;
	void *hdr;

	msg = p2pf_nl_reply_new(info, P2PF_CMD_GET_STATS, &hdr);
	if (!msg)
		return -ENOMEM;
	p2pf_counters_sum(pn->stats, &sum);
	if (p2pf_nl_put_stats(msg, &sum, pn)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * The mark and its mask as a pair: a mark outside its mask, or a zero
 * one, would mark nothing or more than the admin's rules look at.
 */
static int p2pf_nl_check_mark(struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *a = tb[P2PF_CFG_A_MARK], *m = tb[P2PF_CFG_A_MARK_MASK];
	u32 value, mask;

	if (!a && !m)
		return 0;
	if (!a || !m) {
		NL_SET_ERR_MSG_ATTR(extack, a ?: m,
				    "mark and mark mask must be given together");
		return -EINVAL;
	}
	value = nla_get_u32(a);
	mask = nla_get_u32(m);
	if (!mask) {
		NL_SET_ERR_MSG_ATTR(extack, m, "mark mask must not be zero");
		return -EINVAL;
	}
	if (!value || (value & ~mask)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "mark must be non-zero and inside its mask");
		return -EINVAL;
	}
	return 0;
}

int p2pf_nl_parse_config(const struct nlattr *nest, struct nlattr **tb,
			 struct netlink_ext_ack *extack)
{
	int err;

	err = nla_parse_nested(tb, P2PF_CFG_A_MAX, nest, p2pf_cfg_policy,
			       extack);
	return err ?: p2pf_nl_check_mark(tb, extack);
}

void p2pf_nl_apply_config(struct p2pf_net *pn, struct nlattr **tb)
{
	struct p2pf_config *cfg = &pn->cfg;

	lockdep_assert_held(&pn->lock);
	if (tb[P2PF_CFG_A_FLOW_TIMEOUT])
		WRITE_ONCE(cfg->flow_timeout,
			   nla_get_u32(tb[P2PF_CFG_A_FLOW_TIMEOUT]));
	if (tb[P2PF_CFG_A_EVENT_RATE])
		WRITE_ONCE(cfg->event_rate,
			   nla_get_u32(tb[P2PF_CFG_A_EVENT_RATE]));
	if (tb[P2PF_CFG_A_FANOUT_THRESHOLD])
		WRITE_ONCE(cfg->fanout_threshold,
			   nla_get_u32(tb[P2PF_CFG_A_FANOUT_THRESHOLD]));
	if (tb[P2PF_CFG_A_MARK])
		WRITE_ONCE(cfg->mark,
			   p2pf_mark_pack(nla_get_u32(tb[P2PF_CFG_A_MARK]),
					  nla_get_u32(tb[P2PF_CFG_A_MARK_MASK])));
	if (tb[P2PF_CFG_A_DISCOVERY])
		p2pf_discover_set(pn, nla_get_u8(tb[P2PF_CFG_A_DISCOVERY]));
}

int p2pf_nl_config_want_hooks(struct p2pf_net *pn, struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	int err;

	if (!tb[P2PF_CFG_A_DISCOVERY] || !nla_get_u8(tb[P2PF_CFG_A_DISCOVERY]))
		return 0;
	err = p2pf_hooks_want(pn);
	if (err)
		NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
	return err;
}

static int p2pf_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct nlattr *tb[P2PF_CFG_A_MAX + 1];
	int err;

	if (!P2PF_NL_REQUIRE(info, P2PF_A_CONFIG,
			     "missing configuration (P2PF_A_CONFIG)"))
		return -EINVAL;
	err = p2pf_nl_parse_config(info->attrs[P2PF_A_CONFIG], tb,
				   info->extack);
	if (err)
		return err;
	mutex_lock(&pn->lock);
	err = p2pf_nl_config_want_hooks(pn, tb, info->extack);
	if (!err)
		p2pf_nl_apply_config(pn, tb);
	p2pf_hooks_idle(pn);
	mutex_unlock(&pn->lock);
	return err;
}

static int p2pf_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_config cfg;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	mutex_lock(&pn->lock);
	cfg = pn->cfg;
	mutex_unlock(&pn->lock);
	msg = p2pf_nl_reply_new(info, P2PF_CMD_GET_CONFIG, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, P2PF_A_CONFIG);
	if (!nest ||
	    nla_put_u32(msg, P2PF_CFG_A_FLOW_TIMEOUT, cfg.flow_timeout) ||
	    nla_put_u32(msg, P2PF_CFG_A_EVENT_RATE, cfg.event_rate) ||
	    nla_put_u8(msg, P2PF_CFG_A_DISCOVERY, cfg.discovery) ||
	    nla_put_u32(msg, P2PF_CFG_A_FANOUT_THRESHOLD,
			cfg.fanout_threshold) ||
	    nla_put_u32(msg, P2PF_CFG_A_MARK, p2pf_mark_value(cfg.mark)) ||
	    nla_put_u32(msg, P2PF_CFG_A_MARK_MASK, p2pf_mark_mask(cfg.mark))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int p2pf_nl_flush_flows(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));

	mutex_lock(&pn->lock);
	p2pf_enforce_forget_flows(pn);
	mutex_unlock(&pn->lock);
	return 0;
}

static const struct genl_ops p2pf_nl_ns_ops[] = {
	{
		.cmd = P2PF_CMD_SET_LAN,
		.doit = p2pf_nl_set_lan,
		.policy = p2pf_lan_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_GET_LAN,
		.doit = p2pf_nl_get_lan,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_GET_STATS,
		.doit = p2pf_nl_get_stats,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_SET_CONFIG,
		.doit = p2pf_nl_set_config,
		.policy = p2pf_config_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_GET_CONFIG,
		.doit = p2pf_nl_get_config,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_FLUSH_FLOWS,
		.doit = p2pf_nl_flush_flows,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

const struct p2pf_nl_cmds p2pf_nl_ns_cmds = P2PF_NL_CMDS(p2pf_nl_ns_ops);
