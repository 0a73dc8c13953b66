// SPDX-License-Identifier: GPL-2.0
/*
 * Replacement commands (BEGIN, COMMIT, ABORT; NEW_DEVICE with
 * P2PF_A_REPLACE is in netlink_dev.c) and the socket-release notifier
 * that drops the pending table of a socket that went away.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include "device.h"
#include "hooks.h"
#include "lan.h"
#include "netlink.h"
#include "netns.h"
#include "nlattr.h"
#include "replace.h"

static const struct nla_policy p2pf_replace_commit_policy[P2PF_A_MAX + 1] = {
	[P2PF_A_LAN] = NLA_POLICY_NESTED(p2pf_prefix_list_policy),
	[P2PF_A_CONFIG] = { .type = NLA_NESTED },
};

static int p2pf_nl_replace_begin(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	int err;

	mutex_lock(&pn->lock);
	err = p2pf_replace_begin(pn, info->snd_portid);
	mutex_unlock(&pn->lock);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack,
			       "another replacement (restore) is in progress");
	return err;
}

struct p2pf_devtable *p2pf_nl_pending(struct p2pf_net *pn,
				      struct genl_info *info)
{
	struct p2pf_devtable *t = p2pf_replace_table(pn, info->snd_portid);

	if (!t)
		NL_SET_ERR_MSG(info->extack,
			       "no replacement in progress on this socket (P2PF_CMD_REPLACE_BEGIN)");
	return t;
}

/* LAN list and configuration are checked before anything changes. */
static int p2pf_nl_replace_commit(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct nlattr *cfg[P2PF_CFG_A_MAX + 1] = {};
	struct p2pf_prefixes *lan = NULL;
	struct p2pf_devtable *t;
	int err;

	if (info->attrs[P2PF_A_CONFIG]) {
		err = p2pf_nl_parse_config(info->attrs[P2PF_A_CONFIG], cfg,
					   info->extack);
		if (err)
			return err;
	}
	if (info->attrs[P2PF_A_LAN]) {
		err = p2pf_nl_parse_prefixes(info->attrs[P2PF_A_LAN], &lan,
					     info->extack);
		if (err)
			return err;
	}
	mutex_lock(&pn->lock);
	t = p2pf_nl_pending(pn, info);
	err = t ? p2pf_devtable_prepare(t) : -ENOENT;
	if (err) {
		mutex_unlock(&pn->lock);
		kfree(lan);
		return err;
	}
	err = p2pf_nl_config_want_hooks(pn, cfg, info->extack);
	if (!err && t->dev_count)
		err = p2pf_hooks_want(pn);
	if (err) {
		/* Nothing changed; the replacement stays for an abort. */
		p2pf_hooks_idle(pn);
		mutex_unlock(&pn->lock);
		kfree(lan);
		return err;
	}
	p2pf_replace_swap(pn);
	if (lan)
		lan = rcu_replace_pointer(pn->lan, lan,
					  lockdep_is_held(&pn->lock));
	p2pf_nl_apply_config(pn, cfg);
	p2pf_hooks_idle(pn);
	mutex_unlock(&pn->lock);
	p2pf_prefixes_free_rcu(lan);
	return 0;
}

static int p2pf_nl_replace_abort(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	int err;

	mutex_lock(&pn->lock);
	err = p2pf_replace_abort(pn, info->snd_portid);
	mutex_unlock(&pn->lock);
	if (err)
		NL_SET_ERR_MSG(info->extack,
			       "no replacement in progress on this socket");
	return err;
}

static const struct genl_ops p2pf_nl_replace_ops[] = {
	{
		.cmd = P2PF_CMD_REPLACE_BEGIN,
		.doit = p2pf_nl_replace_begin,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_REPLACE_COMMIT,
		.doit = p2pf_nl_replace_commit,
		.policy = p2pf_replace_commit_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_REPLACE_ABORT,
		.doit = p2pf_nl_replace_abort,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

const struct p2pf_nl_cmds p2pf_nl_replace_cmds =
	P2PF_NL_CMDS(p2pf_nl_replace_ops);

static int p2pf_nl_release(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    n->portid)
		p2pf_replace_release(p2pf_pernet(n->net), n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block p2pf_nl_release_nb = {
	.notifier_call = p2pf_nl_release,
};

int p2pf_nl_replace_notifier_register(void)
{
	return netlink_register_notifier(&p2pf_nl_release_nb);
}

void p2pf_nl_replace_notifier_unregister(void)
{
	netlink_unregister_notifier(&p2pf_nl_release_nb);
}
