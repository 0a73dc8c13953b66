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

/*
 * The commands, one group a file: each netlink_*.c holds its commands
 * whole (attribute policies, handlers and the genl_ops that join them)
 * and exports them as one group; netlink.c lists the groups and joins
 * them into the family's table when the module loads. A new command is
 * a new entry in one group.
 */
struct p2pf_nl_cmds {
	const struct genl_ops *ops;
	unsigned int n_ops;
};

#define P2PF_NL_CMDS(table) { .ops = (table), .n_ops = ARRAY_SIZE(table) }

extern const struct p2pf_nl_cmds p2pf_nl_dev_cmds;	/* netlink_dev.c */
extern const struct p2pf_nl_cmds p2pf_nl_ns_cmds;	/* netlink_ns.c */
extern const struct p2pf_nl_cmds p2pf_nl_discover_cmds; /* netlink_discover.c */
extern const struct p2pf_nl_cmds p2pf_nl_replace_cmds;	/* netlink_replace.c */

struct p2pf_devtable;
struct p2pf_net;
/*
 * netlink_ns.c's, for REPLACE_COMMIT too: P2PF_A_CONFIG's contents into
 * @tb (P2PF_CFG_A_MAX + 1 slots), then applied under pn->lock.
 */
int p2pf_nl_parse_config(const struct nlattr *nest, struct nlattr **tb,
			 struct netlink_ext_ack *extack);
void p2pf_nl_apply_config(struct p2pf_net *pn, struct nlattr **tb);
/* Before applying @tb: registers the hooks if it switches discovery on. */
int p2pf_nl_config_want_hooks(struct p2pf_net *pn, struct nlattr **tb,
			      struct netlink_ext_ack *extack);

/*
 * netlink_replace.c: the replacement @info's socket began (under pn->lock),
 * or NULL with the extack message that says it began none.
 */
struct p2pf_devtable *p2pf_nl_pending(struct p2pf_net *pn,
				      struct genl_info *info);
/* netlink_replace.c: drops the replacement of a socket that goes away. */
int p2pf_nl_replace_notifier_register(void);
void p2pf_nl_replace_notifier_unregister(void);

/* A reply to @info carrying command @cmd, or NULL; *@hdr is its header. */
struct sk_buff *p2pf_nl_reply_new(struct genl_info *info, u8 cmd, void **hdr);

#endif /* P2PF_NETLINK_H */
