/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netfilter hooks (and the defragmentation they rely on): registered in a
 * namespace only while something needs them, a device or discovery, so
 * that a namespace where p2pfence has nothing to do costs its packets
 * nothing. Changes that may need them call p2pf_hooks_want() first (it can
 * fail, and then the change must not happen); every change that may leave
 * them unneeded calls p2pf_hooks_idle() after. Both under pn->lock.
 */
#ifndef P2PF_HOOKS_H
#define P2PF_HOOKS_H

struct p2pf_net;

int p2pf_hooks_want(struct p2pf_net *pn);
void p2pf_hooks_idle(struct p2pf_net *pn);
/* Namespace exit (pre_exit): no request can race with it any more. */
void p2pf_hooks_netns_exit(struct p2pf_net *pn);

#endif /* P2PF_HOOKS_H */
