/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Output of `p2pfence classify`: table rows or JSON objects, and the summary. */
#ifndef P2PFENCE_CLASSIFY_OUT_H
#define P2PFENCE_CLASSIFY_OUT_H

#include "cli.h"
#include "output.h"
#include "pcapread.h"
#include "pktdecode.h"
#include "p2p_classify.h"

#include <stddef.h>

struct classify_summary {
	unsigned long files;
	unsigned long frames;		/* frames from/to --device (all without it) */
	unsigned long other_hosts;	/* frames --device left out */
	unsigned long udp;		/* classified UDP packets */
	unsigned long fragments;	/* IP fragments, first ones included */
	unsigned long udp_later_fragments;
	unsigned long not_udp;
	unsigned long not_ip;
	unsigned long malformed;
	unsigned long by_proto_kind[P2P_PROTO_COUNT][P2P_KIND_COUNT];
	unsigned long on_flow;		/* on a flow a handshake opened */
	unsigned long only_on_flow;	/* of which no recogniser names */
	unsigned long fanout;		/* of which fired the fan-out heuristic */
};

struct classify_out {
	const struct cli_opts *opts;
	bool show_dir;			/* --device given: directions are known */
	bool show_flow;			/* flow memory on (not --per-packet) */
	uint32_t fanout_threshold;	/* --fanout: its threshold, else 0 */
	struct classify_summary sum;
};

void classify_out_init(struct classify_out *o, const struct cli_opts *opts,
		       bool show_dir, bool show_flow, uint32_t fanout_threshold);
void classify_out_begin(struct classify_out *o);
void classify_out_file(struct classify_out *o, const char *path);
void classify_out_packet(struct classify_out *o, const char *file,
			 unsigned long frame, const struct capture_frame *f,
			 const struct pkt *p, const struct p2p_verdict *v,
			 int dir, bool flow, bool fanout);
/* Closes the JSON array, or prints the summary. */
void classify_out_end(struct classify_out *o);

#endif /* P2PFENCE_CLASSIFY_OUT_H */
