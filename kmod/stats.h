/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet counters. The namespace's set is per CPU: untagged traffic counts
 * in it. A device's set is small, because there may be 100 000 devices:
 * only its packet count, which every packet of the device touches, is per
 * CPU (8 bytes a CPU); the counts of P2P packets are shared atomics,
 * allocated on the device's first detection.
 * Readers sum all CPUs.
 */
#ifndef P2PF_STATS_H
#define P2PF_STATS_H

#include <linux/atomic.h>
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
	P2PF_CTR_TINY_FRAGMENTS,	/* first fragments too short */
	__P2PF_CTR_MAX
};

struct p2pf_counters {
	struct u64_stats_sync syncp;
	u64_stats_t c[__P2PF_CTR_MAX];
	u64_stats_t proto_detected[P2P_PROTO_COUNT];
	u64_stats_t proto_dropped[P2P_PROTO_COUNT];
};

/*
 * What only P2P traffic of a device counts: detections and drops, their
 * split by protocol, and the flow drops and marks, which only follow a
 * detection (a flow is opened by one). Allocated on the first detection.
 */
struct p2pf_dev_rare {
	atomic64_t detected, dropped, flow_dropped, marked;
	atomic64_t proto_detected[P2P_PROTO_COUNT];
	atomic64_t proto_dropped[P2P_PROTO_COUNT];
};

struct p2pf_dev_pcpu {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
};

struct p2pf_dev_counters {
	struct p2pf_dev_pcpu __percpu *pcpu;
	/*
	 * NULL until the first detection (GFP_ATOMIC, installed with
	 * cmpxchg). If that allocation fails, the namespace's counters still
	 * count the packet and a later packet tries again.
	 */
	struct p2pf_dev_rare *rare;
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

int p2pf_dev_counters_init(struct p2pf_dev_counters *dc);
void p2pf_dev_counters_free(struct p2pf_dev_counters *dc);
/* Control path: no packet may free the set meanwhile (RCU or the lock). */
void p2pf_dev_counters_sum(const struct p2pf_dev_counters *dc,
			   struct p2pf_counter_sum *sum);

/*
 * Counts one event @what for @dev (may be NULL: namespace only) and for the
 * namespace. For P2PF_CTR_DETECTED and P2PF_CTR_DROPPED, @proto (an enum
 * p2p_proto) is counted too when it is a real protocol. Packet path only:
 * BH must be off (asserted).
 */
void p2pf_count(struct p2pf_net *pn, struct p2pf_device *dev,
		enum p2pf_ctr what, unsigned int proto);

/* A tagged device's packet, in its own set alone. BH must be off. */
static inline void p2pf_dev_count_packet(struct p2pf_dev_counters *dc)
{
	struct p2pf_dev_pcpu *c = this_cpu_ptr(dc->pcpu);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets);
	u64_stats_update_end(&c->syncp);
}

/*
 * Counts one @what of the namespace's set @pc, and its @proto (an enum
 * p2p_proto) for P2PF_CTR_DETECTED and P2PF_CTR_DROPPED when that is a
 * real protocol, in one update section. BH must be off.
 */
static inline void p2pf_count_net_proto(struct p2pf_counters __percpu *pc,
					enum p2pf_ctr what, unsigned int proto)
{
	struct p2pf_counters *c = this_cpu_ptr(pc);
	bool real = proto > P2P_PROTO_NONE && proto < P2P_PROTO_COUNT;

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->c[what]);
	if (real && what == P2PF_CTR_DETECTED)
		u64_stats_inc(&c->proto_detected[proto]);
	else if (real && what == P2PF_CTR_DROPPED)
		u64_stats_inc(&c->proto_dropped[proto]);
	u64_stats_update_end(&c->syncp);
}

/*
 * Counts one @what of the namespace's set @pc alone: inline, for the count
 * every UDP packet of an untagged source pays (the protocol tests fold
 * away). BH must be off.
 */
static inline void p2pf_count_net(struct p2pf_counters __percpu *pc,
				  enum p2pf_ctr what)
{
	p2pf_count_net_proto(pc, what, P2P_PROTO_NONE);
}

/*
 * Counts one packet of a tagged device, in its set @dc and in the
 * namespace's @pc: inline, for the count every such packet pays. BH must
 * be off.
 */
static inline void p2pf_count_packet(struct p2pf_counters __percpu *pc,
				     struct p2pf_dev_counters *dc)
{
	p2pf_dev_count_packet(dc);
	p2pf_count_net(pc, P2PF_CTR_PACKETS);
}

#endif /* P2PF_STATS_H */
