// SPDX-License-Identifier: GPL-2.0
/* Counters: increment on the packet path, sum on demand (stats.h). */
#include <linux/slab.h>
#include "compat.h"
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

int p2pf_dev_counters_init(struct p2pf_dev_counters *dc)
{
	int cpu;

	dc->pcpu = alloc_percpu_gfp(struct p2pf_dev_pcpu, GFP_KERNEL_ACCOUNT);
	if (!dc->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(dc->pcpu, cpu)->syncp);
	return 0;
}

void p2pf_dev_counters_free(struct p2pf_dev_counters *dc)
{
	free_percpu(dc->pcpu);
	kfree(dc->rare);
}

void p2pf_dev_counters_sum(const struct p2pf_dev_counters *dc,
			   struct p2pf_counter_sum *sum)
{
	/* Pairs with the cmpxchg that installed it zeroed. */
	const struct p2pf_dev_rare *r = smp_load_acquire(&dc->rare);
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct p2pf_dev_pcpu *c = per_cpu_ptr(dc->pcpu, cpu);
		unsigned int start;
		u64 n;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			n = u64_stats_read(&c->packets);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		sum->c[P2PF_CTR_PACKETS] += n;
	}
	if (!r)
		return;
	sum->c[P2PF_CTR_DETECTED] = atomic64_read(&r->detected);
	sum->c[P2PF_CTR_DROPPED] = atomic64_read(&r->dropped);
	sum->c[P2PF_CTR_FLOW_DROPPED] = atomic64_read(&r->flow_dropped);
	sum->c[P2PF_CTR_MARKED] = atomic64_read(&r->marked);
	for (i = 0; i < P2P_PROTO_COUNT; i++) {
		sum->proto_detected[i] = atomic64_read(&r->proto_detected[i]);
		sum->proto_dropped[i] = atomic64_read(&r->proto_dropped[i]);
	}
}

static struct p2pf_dev_rare *p2pf_dev_rare(struct p2pf_dev_counters *dc)
{
	/* Pairs with the cmpxchg below: a block seen is seen zeroed. */
	struct p2pf_dev_rare *r = smp_load_acquire(&dc->rare);
	struct p2pf_dev_rare *fresh;

	if (likely(r))
		return r;
	fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC | __GFP_NOWARN);
	if (!fresh)
		return NULL;
	r = cmpxchg(&dc->rare, NULL, fresh);
	if (!r)
		return fresh;
	kfree(fresh);	/* another CPU installed one first */
	return r;
}

static void p2pf_dev_count(struct p2pf_dev_counters *dc, enum p2pf_ctr what,
			   unsigned int proto)
{
	bool real = proto > P2P_PROTO_NONE && proto < P2P_PROTO_COUNT;
	struct p2pf_dev_rare *r;

	switch (what) {
	case P2PF_CTR_PACKETS:
		p2pf_dev_count_packet(dc);
		return;
	case P2PF_CTR_DETECTED:
	case P2PF_CTR_DROPPED:
	case P2PF_CTR_FLOW_DROPPED:
	case P2PF_CTR_MARKED:
		break;
	default:	/* namespace-wide only */
		return;
	}
	r = p2pf_dev_rare(dc);
	if (!r)
		return;
	switch (what) {
	case P2PF_CTR_DETECTED:
		atomic64_inc(&r->detected);
		if (real)
			atomic64_inc(&r->proto_detected[proto]);
		break;
	case P2PF_CTR_DROPPED:
		atomic64_inc(&r->dropped);
		if (real)
			atomic64_inc(&r->proto_dropped[proto]);
		break;
	case P2PF_CTR_FLOW_DROPPED:
		atomic64_inc(&r->flow_dropped);
		break;
	default:
		atomic64_inc(&r->marked);
		break;
	}
}

void p2pf_count(struct p2pf_net *pn, struct p2pf_device *dev,
		enum p2pf_ctr what, unsigned int proto)
{
	/* Per-CPU sets (u64_stats): BH off, as stats.h says. */
	lockdep_assert_in_softirq();
	if (dev)
		p2pf_dev_count(&dev->stats, what, proto);
	p2pf_count_net_proto(pn->stats, what, proto);
}
