// SPDX-License-Identifier: GPL-2.0
/* Per-CPU counters: increment locally, sum on demand. */
#include <linux/slab.h>
#include "device.h"
#include "netns.h"
#include "stats.h"

struct p2pf_counters __percpu *p2pf_counters_alloc(void)
{
	struct p2pf_counters __percpu *pc;
	int cpu;

	pc = alloc_percpu_gfp(struct p2pf_counters, GFP_KERNEL_ACCOUNT);
	if (!pc)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pc, cpu)->syncp);
	return pc;
}

void p2pf_counters_sum(struct p2pf_counters __percpu *pc,
		       struct p2pf_counter_sum *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct p2pf_counters *c = per_cpu_ptr(pc, cpu);
		struct p2pf_counter_sum one;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			for (i = 0; i < __P2PF_CTR_MAX; i++)
				one.c[i] = u64_stats_read(&c->c[i]);
			for (i = 0; i < P2P_PROTO_COUNT; i++) {
				one.proto_detected[i] =
					u64_stats_read(&c->proto_detected[i]);
				one.proto_dropped[i] =
					u64_stats_read(&c->proto_dropped[i]);
			}
		} while (u64_stats_fetch_retry(&c->syncp, start));

		for (i = 0; i < __P2PF_CTR_MAX; i++)
			sum->c[i] += one.c[i];
		for (i = 0; i < P2P_PROTO_COUNT; i++) {
			sum->proto_detected[i] += one.proto_detected[i];
			sum->proto_dropped[i] += one.proto_dropped[i];
		}
	}
}

static void p2pf_counters_inc(struct p2pf_counters __percpu *pc,
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

void p2pf_count(struct p2pf_net *pn, struct p2pf_device *dev,
		enum p2pf_ctr what, unsigned int proto)
{
	if (dev)
		p2pf_counters_inc(dev->stats, what, proto);
	p2pf_counters_inc(pn->stats, what, proto);
}
