/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Counters (P2PF_A_STATS nests): decoding, text and JSON output, `stats`. */
#ifndef P2PFENCE_STATS_H
#define P2PFENCE_STATS_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct stat_counters {
	bool present;
	uint32_t seen;		/* bit n: attribute n of enum p2pf_stats_attr was sent */
	uint64_t packets, detected, dropped, flow_dropped, marked, untagged;
	uint64_t events, events_suppressed, flows_refused;
	uint32_t flows;
	uint32_t discovered;	/* sources in the discovery table now */
	uint64_t disc_refused;
	uint64_t tiny_fragments;	/* first fragments under P2PF_FRAG_FIRST_MIN */
	uint32_t proto_seen;	/* bit n: protocol n has counters */
	uint64_t proto_detected[32], proto_dropped[32];
};

/* false if the nest is malformed. */
bool stats_parse(const struct nlattr *nest, struct stat_counters *s);

/*
 * Through the output layer: the members of a stats object (the caller
 * opened it), or the text "INDENTpackets N detected N ..." and a line per
 * protocol that counted something (-n: its id for its name).
 */
void stats_print(const struct stat_counters *s, const char *indent, bool numeric);

/* What the exposition format shows of a device. */
struct prom_device {
	const char *name;
	uint8_t mode;				/* enum p2pf_mode */
	const struct stat_counters *stats;
};

/*
 * The Prometheus text exposition format (version 0.0.4) of the global
 * counters @g and the @n devices' (prometheus.c).
 */
void stats_prometheus(FILE *f, const struct stat_counters *g,
		      const struct prom_device *devs, size_t n);

#endif /* P2PFENCE_STATS_H */
