// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Prints stats_prometheus() for known counters: a namespace, a device in
 * block mode and one in mark mode, two protocols. tests/check.d/22-prometheus.sh
 * checks the text with promtool and its values against these numbers.
 */
#include <stdio.h>
#include <string.h>

#include "devmsg.h"
#include "p2p_classify.h"
#include "stats.h"

static void fill(struct stat_counters *s, uint64_t base)
{
	memset(s, 0, sizeof(*s));
	s->present = true;
	s->packets = base + 100;
	s->detected = base + 10;
	s->dropped = base + 7;
	s->flow_dropped = 3;
	s->marked = base + 5;
	s->proto_seen = (1U << P2P_PROTO_PPPP) | (1U << P2P_PROTO_TUTK);
	s->proto_detected[P2P_PROTO_PPPP] = 6;
	s->proto_dropped[P2P_PROTO_PPPP] = 4;
	s->proto_detected[P2P_PROTO_TUTK] = 4;
	s->proto_dropped[P2P_PROTO_TUTK] = 3;
}

int main(void)
{
	static struct stat_counters ds[2];
	struct prom_device d[2] = {
		{ "front.door-1", P2PF_MODE_BLOCK, &ds[0] },
		{ "nvr_2", P2PF_MODE_MARK, &ds[1] },
	};
	struct stat_counters g;

	fill(&g, 1000);
	g.untagged = 5000;
	g.events = 42;
	g.events_suppressed = 8;
	g.flows = 12;
	g.flows_refused = 1;
	g.discovered = 2;
	g.disc_refused = 0;
	g.tiny_fragments = 17;
	fill(&ds[0], 0);
	fill(&ds[1], 20);
	stats_prometheus(stdout, &g, d, 2);
	return ferror(stdout) ? 1 : 0;
}
