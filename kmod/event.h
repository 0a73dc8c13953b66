/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events: one generic-netlink multicast message on the "events" group per
 * first detection of a flow, sent from the packet path (softirq).
 *
 * A per-namespace rate limit (config event rate, events per second, with a
 * burst of one second's worth) keeps a flood from storming listeners: it is
 * lock-free (one cmpxchg on a "theoretical arrival time", the GCRA form of
 * a token bucket). Events over the limit are counted; the next event that
 * goes out carries how many were suppressed since the previous one. Nothing
 * is allocated, and the limit is not charged, when nobody listens.
 */
#ifndef P2PF_EVENT_H
#define P2PF_EVENT_H

#include <linux/atomic.h>

#include "packet.h"

struct p2pf_net;

struct p2pf_events {
	atomic64_t tat;		/* ns: when the bucket is full again */
	atomic64_t pending;	/* suppressed, not yet reported */
};

/* What one event reports. */
struct p2pf_event {
	const char *dev_name;		/* NULL for an untagged source */
	const struct p2pf_packet *pkt;	/* addresses, ports, MAC */
	u8 proto;			/* enum p2p_proto */
	u8 kind;			/* enum p2p_kind */
	u8 action;			/* enum p2pf_action */
};

void p2pf_events_init(struct p2pf_events *ev);

/*
 * Packet path: rate-limits (pn's config event rate), then multicasts to
 * pn's listeners; counts P2PF_CTR_EVENTS or P2PF_CTR_EVENTS_SUPPRESSED.
 */
void p2pf_event_report(struct p2pf_net *pn, struct p2pf_events *ev,
		       const struct p2pf_event *e);

#endif /* P2PF_EVENT_H */
