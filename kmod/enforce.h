/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy for one packet of a tagged device: recognise, remember the flow,
 * report, and decide. Called by hooks.c under rcu_read_lock with BH off.
 */
#ifndef P2PF_ENFORCE_H
#define P2PF_ENFORCE_H

#include "packet.h"

struct p2pf_net;
struct p2pf_device;

/* Returns NF_ACCEPT or NF_DROP. */
unsigned int p2pf_enforce(struct p2pf_net *pn, struct p2pf_device *dev,
			  const struct p2pf_packet *pkt);

#endif /* P2PF_ENFORCE_H */
