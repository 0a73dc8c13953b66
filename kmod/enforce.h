/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy for one packet of a tagged device: recognise, remember the flow,
 * report, and decide. Called by hooks.c under rcu_read_lock with BH off.
 */
#ifndef P2PF_ENFORCE_H
#define P2PF_ENFORCE_H

#include <linux/types.h>
#include "packet.h"

struct p2pf_net;
struct p2pf_device;

/* In rising order: a train (hooks.c) takes the highest of its datagrams'. */
enum p2pf_verdict {
	P2PF_VERDICT_PASS,
	P2PF_VERDICT_MARK,	/* pass with the mark set (mark.c) */
	P2PF_VERDICT_DROP,
};

enum p2pf_verdict p2pf_enforce(struct p2pf_net *pn, struct p2pf_device *dev,
			       const struct p2pf_packet *pkt);

/*
 * The datagrams of a dropped or marked train that policy had passed
 * (hooks.c): counted as dropped or marked with it.
 */
void p2pf_enforce_train_dropped(struct p2pf_net *pn, struct p2pf_device *dev,
				const struct p2pf_packet *pkt, u32 n);
void p2pf_enforce_train_marked(struct p2pf_net *pn, struct p2pf_device *dev,
			       u32 n);

/*
 * IP fragments that reached the hooks unreassembled (a bridge without
 * br_netfilter): the first one is judged like a datagram, its verdict @v
 * recorded for the datagram's IP id @id; a later one of a tagged device
 * gets that verdict, or PASS. Not counted: the datagram was, once.
 */
void p2pf_enforce_first_fragment(struct p2pf_net *pn,
				  const struct p2pf_packet *pkt, __be32 id,
				  enum p2pf_verdict v);
/*
 * A first fragment of @dev too short to judge (P2PF_FRAG_FIRST_MIN): in
 * place of p2pf_enforce(), counted as a packet of the device, and as a
 * drop (block) or a mark (mark) of no protocol; counted as tiny in every
 * mode but allow. LAN destinations pass, as any datagram to them does.
 */
enum p2pf_verdict p2pf_enforce_tiny_fragment(struct p2pf_net *pn,
					     struct p2pf_device *dev,
					     const struct p2pf_packet *pkt);
enum p2pf_verdict p2pf_enforce_later_fragment(struct p2pf_net *pn,
					      const struct p2pf_packet *pkt,
					      __be32 id);

/*
 * Namespace setup, before the device table, and teardown, after the hooks
 * and the device table are gone: devices may always use it.
 */
int p2pf_enforce_net_init(struct p2pf_net *pn);
void p2pf_enforce_net_exit(struct p2pf_net *pn);

/*
 * Process context. Flows of one device: on its policy change or deletion,
 * costs that device's own flows only (none: one xarray lookup); all flows:
 * P2PF_CMD_FLUSH_FLOWS, one pass over them.
 */
void p2pf_enforce_forget_device(struct p2pf_net *pn, u32 dev_id);
void p2pf_enforce_forget_flows(struct p2pf_net *pn);
/* Flows remembered now (P2PF_STATS_A_FLOWS). */
u32 p2pf_enforce_flow_count(struct p2pf_net *pn);

#endif /* P2PF_ENFORCE_H */
