/* SPDX-License-Identifier: GPL-2.0 */
/* Netfilter hooks: registered in every network namespace. */
#ifndef P2PF_HOOKS_H
#define P2PF_HOOKS_H

struct net;

int p2pf_hooks_register(struct net *net);
void p2pf_hooks_unregister(struct net *net);

#endif /* P2PF_HOOKS_H */
