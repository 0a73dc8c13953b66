// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: its table, joined from the groups of
 * commands of the netlink_*.c files (netlink.h), and the read-only
 * commands about the module itself (GET_INFO, GET_PROTO).
 *
 * Every operation is newer than resv_start_op, so the core validates every
 * request strictly against the operation's own policy: an attribute the
 * operation does not use, a wrong length or type, an out-of-range value or
 * an unknown flag bit is refused before a handler runs, with an extack
 * naming the attribute. parallel_ops is set: handlers that change a
 * namespace's state, or read its device table, LAN list or configuration,
 * take the namespace's own mutex (pn->lock), so namespaces do not wait
 * for each other; counters and the discovery dump are read without it.
 */
#include <linux/bits.h>
#include <net/genetlink.h>
#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "netns.h"
#include "p2p_classify.h"
#include "uapi/p2pfence.h"
#include "version.h"

struct sk_buff *p2pf_nl_reply_new(struct genl_info *info, u8 cmd, void **hdr)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &p2pf_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static int p2pf_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	u32 count;

	mutex_lock(&pn->lock);
	count = p2pf_device_count(pn);
	mutex_unlock(&pn->lock);

	msg = p2pf_nl_reply_new(info, P2PF_CMD_GET_INFO, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, P2PF_A_VERSION, P2PF_VERSION) ||
	    nla_put_u32(msg, P2PF_A_DEVICE_LIMIT, p2pf_device_limit(pn)) ||
	    nla_put_u32(msg, P2PF_A_DEVICE_COUNT, count) ||
	    nla_put_u32(msg, P2PF_A_PROTO_MASK, P2PF_PROTOS_ALL)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next protocol id to send. */
static int p2pf_nl_dump_proto(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned int p = max_t(unsigned long, cb->args[0], P2P_PROTO_NONE + 1);
	void *hdr;

	for (; p < P2P_PROTO_COUNT; p++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &p2pf_genl_family,
				  NLM_F_MULTI, P2PF_CMD_GET_PROTO);
		if (!hdr)
			break;
		if (nla_put_u8(skb, P2PF_A_PROTO_ID, p) ||
		    nla_put_string(skb, P2PF_A_PROTO_NAME, p2p_proto_name(p)) ||
		    nla_put_string(skb, P2PF_A_PROTO_DESC, p2p_proto_desc(p))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = p;
	return skb->len;
}

/* The commands about the module itself. */
static const struct genl_ops p2pf_nl_module_ops[] = {
	{
		.cmd = P2PF_CMD_GET_INFO,
		.doit = p2pf_nl_get_info,
	}, {
		.cmd = P2PF_CMD_GET_PROTO,
		.dumpit = p2pf_nl_dump_proto,
	},
};

static const struct p2pf_nl_cmds p2pf_nl_module_cmds =
	P2PF_NL_CMDS(p2pf_nl_module_ops);

/* Every group of commands, in command order. */
static const struct p2pf_nl_cmds *const p2pf_nl_groups[] = {
	&p2pf_nl_module_cmds,
	&p2pf_nl_dev_cmds,
	&p2pf_nl_ns_cmds,
	&p2pf_nl_discover_cmds,
	&p2pf_nl_replace_cmds,
};

/*
 * The family's table: the groups one after the other, joined before the
 * family is registered (room for every command of the uapi; the core
 * refuses a command listed twice), read-only once the module is loaded.
 */
static struct genl_ops p2pf_genl_ops[P2PF_CMD_MAX] __ro_after_init;

static const struct genl_multicast_group p2pf_genl_mcgrps[] = {
	[P2PF_MCGRP_EVENTS] = { .name = P2PF_GENL_MCGRP_EVENTS,
				P2PF_GENL_MCGRP_ADMIN },
};

struct genl_family p2pf_genl_family __ro_after_init = {
	.name = P2PF_GENL_NAME,
	.version = P2PF_GENL_VERSION,
	.maxattr = P2PF_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
	P2PF_GENL_RESV_START_OP(P2PF_CMD_UNSPEC + 1)
	.ops = p2pf_genl_ops,	/* .n_ops: p2pf_nl_join_ops() */
	.mcgrps = p2pf_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(p2pf_genl_mcgrps),
	.module = THIS_MODULE,
};

static int p2pf_nl_join_ops(void)
{
	const struct p2pf_nl_cmds *g;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(p2pf_nl_groups); i++) {
		g = p2pf_nl_groups[i];
		if (WARN_ON(g->n_ops > ARRAY_SIZE(p2pf_genl_ops) - n))
			return -EINVAL;
		memcpy(&p2pf_genl_ops[n], g->ops, g->n_ops * sizeof(*g->ops));
		n += g->n_ops;
	}
	p2pf_genl_family.n_ops = n;
	return 0;
}

int p2pf_genl_register(void)
{
	int err;

	err = p2pf_nl_join_ops();
	if (err)
		return err;
	err = p2pf_nl_replace_notifier_register();
	if (err)
		return err;
	err = genl_register_family(&p2pf_genl_family);
	if (err)
		p2pf_nl_replace_notifier_unregister();
	return err;
}

void p2pf_genl_unregister(void)
{
	genl_unregister_family(&p2pf_genl_family);
	p2pf_nl_replace_notifier_unregister();
}
