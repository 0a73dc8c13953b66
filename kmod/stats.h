/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU packet counters, one set per namespace and one per device. The
 * packet path only increments the local CPU's copy; readers sum all CPUs.
 */
#ifndef P2PF_STATS_H
#define P2PF_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include "p2p_classify.h"

struct p2pf_net;
struct p2pf_device;

enum p2pf_ctr {
	P2PF_CTR_PACKETS,		/* UDP of tagged devices inspected */
	P2PF_CTR_DETECTED,		/* recognised as P2P */
	P2PF_CTR_DROPPED,		/* dropped, handshakes and flows */
	P2PF_CTR_FLOW_DROPPED,		/* dropped by the flow memory */
	P2PF_CTR_MARKED,		/* marked (mark mode) */
	/* Namespace-wide only (device copies stay zero): */
	P2PF_CTR_UNTAGGED,		/* UDP of untagged sources */
	P2PF_CTR_FLOWS_REFUSED,		/* flow table full */
	P2PF_CTR_EVENTS,		/* events sent */
	P2PF_CTR_EVENTS_SUPPRESSED,	/* events lost to the rate limit */
	P2PF_CTR_DISC_REFUSED,		/* discovery table full */
	__P2PF_CTR_MAX
};

struct p2pf_counters {
	struct u64_stats_sync syncp;
	u64_stats_t c[__P2PF_CTR_MAX];
	u64_stats_t proto_detected[P2P_PROTO_COUNT];
	u64_stats_t proto_dropped[P2P_PROTO_COUNT];
};

/* A consistent-enough snapshot summed over CPUs. */
struct p2pf_counter_sum {
	u64 c[__P2PF_CTR_MAX];
	u64 proto_detected[P2P_PROTO_COUNT];
	u64 proto_dropped[P2P_PROTO_COUNT];
};

struct p2pf_counters __percpu *p2pf_counters_alloc(void);
void p2pf_counters_sum(struct p2pf_counters __percpu *pc,
		       struct p2pf_counter_sum *sum);

/*
 * Counts one event @what for @dev (may be NULL: namespace only) and for the
 * namespace. For P2PF_CTR_DETECTED and P2PF_CTR_DROPPED, @proto (an enum
 * p2p_proto) is counted too when it is a real protocol. Packet path only:
 * BH must be off.
 */
void p2pf_count(struct p2pf_net *pn, struct p2pf_device *dev,
		enum p2pf_ctr what, unsigned int proto);

#endif /* P2PF_STATS_H */
