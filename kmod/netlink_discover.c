// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery commands: GET_DISCOVERED, a dump of the table read through
 * discover.h's iterator (under RCU, without pn->lock), and
 * FLUSH_DISCOVERED.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "discover.h"
#include "netlink.h"
#include "netns.h"
#include "nlattr.h"

static int p2pf_nl_put_disc_lists(struct sk_buff *skb,
				  const struct p2pf_disc_info *e)
{
	struct nlattr *nest, *one;
	unsigned int i;

	nest = nla_nest_start(skb, P2PF_DISC_A_ADDRS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < e->n_addrs; i++)
		if (p2pf_nl_put_addr_a(skb, &e->addrs[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, P2PF_DISC_A_REMOTES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < e->n_remotes; i++) {
		one = nla_nest_start(skb, P2PF_DISC_A_REMOTE);
		if (!one || p2pf_nl_put_addr_a(skb, &e->remotes[i].addr) ||
		    nla_put_u16(skb, P2PF_DISC_A_PORT,
				ntohs(e->remotes[i].port)))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int p2pf_nl_fill_disc(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct p2pf_disc_info *e)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &p2pf_genl_family, NLM_F_MULTI,
			  P2PF_CMD_GET_DISCOVERED);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, P2PF_A_DISC);
	if (!nest ||
	    (e->has_mac && nla_put(skb, P2PF_DISC_A_MAC, ETH_ALEN, e->mac)) ||
	    p2pf_nl_put_disc_lists(skb, e) ||
	    nla_put_u32(skb, P2PF_DISC_A_PROTOS, e->protos) ||
	    nla_put_u32(skb, P2PF_DISC_A_KINDS, e->kinds) ||
	    nla_put_u64_64bit(skb, P2PF_DISC_A_PACKETS, e->packets,
			      P2PF_DISC_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PF_DISC_A_FIRST, e->first,
			      P2PF_DISC_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PF_DISC_A_LAST, e->last,
			      P2PF_DISC_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: the id of the last entry sent. */
static int p2pf_nl_dump_discovered(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct p2pf_net *pn = p2pf_pernet(sock_net(skb->sk));
	struct p2pf_disc_info info;
	struct p2pf_disc_iter it;

	p2pf_discover_iter_start(pn, &it, cb->args[0]);
	while (p2pf_discover_iter_next(&it, &info)) {
		if (p2pf_nl_fill_disc(skb, cb, &info))
			break;
		cb->args[0] = info.id;
	}
	p2pf_discover_iter_end(&it);
	return skb->len;
}

static int p2pf_nl_flush_discovered(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));

	mutex_lock(&pn->lock);
	p2pf_discover_flush(pn);
	mutex_unlock(&pn->lock);
	return 0;
}

static const struct genl_ops p2pf_nl_discover_ops[] = {
	{
		.cmd = P2PF_CMD_GET_DISCOVERED,
		.dumpit = p2pf_nl_dump_discovered,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_FLUSH_DISCOVERED,
		.doit = p2pf_nl_flush_discovered,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

const struct p2pf_nl_cmds p2pf_nl_discover_cmds =
	P2PF_NL_CMDS(p2pf_nl_discover_ops);
