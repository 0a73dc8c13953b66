/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "p2pfence" generic netlink family (spec: uapi/p2pfence.h). The
 * family is public so that event.c can multicast on the events group.
 */
#ifndef P2PF_NETLINK_H
#define P2PF_NETLINK_H

#include <net/genetlink.h>

/* Multicast groups, in the order of the family's group table. */
enum p2pf_mcgrp {
	P2PF_MCGRP_EVENTS,
};

extern struct genl_family p2pf_genl_family;

int p2pf_genl_register(void);
void p2pf_genl_unregister(void);

/* Command handlers, one file per group of commands. */
int p2pf_nl_new_device(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_set_device(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_del_device(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_get_device(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_dump_devices(struct sk_buff *skb, struct netlink_callback *cb);
int p2pf_nl_flush_devices(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy p2pf_dev_new_policy[];
extern const struct nla_policy p2pf_dev_set_policy[];
extern const struct nla_policy p2pf_dev_name_policy[];

int p2pf_nl_set_lan(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_get_lan(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_get_stats(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_set_config(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_get_config(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_flush_flows(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_dump_discovered(struct sk_buff *skb, struct netlink_callback *cb);
int p2pf_nl_flush_discovered(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy p2pf_lan_policy[];
extern const struct nla_policy p2pf_config_policy[];

struct p2pf_net;
/*
 * P2PF_A_CONFIG's contents into @tb (P2PF_CFG_A_MAX + 1 slots), then
 * applied under pn->lock.
 */
int p2pf_nl_parse_config(const struct nlattr *nest, struct nlattr **tb,
			 struct netlink_ext_ack *extack);
void p2pf_nl_apply_config(struct p2pf_net *pn, struct nlattr **tb);
/* Before applying @tb: registers the hooks if it switches discovery on. */
int p2pf_nl_config_want_hooks(struct p2pf_net *pn, struct nlattr **tb,
			      struct netlink_ext_ack *extack);

int p2pf_nl_replace_begin(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_replace_commit(struct sk_buff *skb, struct genl_info *info);
int p2pf_nl_replace_abort(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy p2pf_replace_commit_policy[];
int p2pf_nl_replace_notifier_register(void);
void p2pf_nl_replace_notifier_unregister(void);

/* A reply to @info carrying command @cmd, or NULL; *@hdr is its header. */
struct sk_buff *p2pf_nl_reply_new(struct genl_info *info, u8 cmd, void **hdr);

#endif /* P2PF_NETLINK_H */
