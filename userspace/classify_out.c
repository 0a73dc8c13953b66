// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Output of `p2pfence classify`: see classify_out.h. */
#include "classify_out.h"
#include "p2p_policy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *dir_name(int dir)
{
	return dir == P2P_DIR_OUT ? "out" : dir == P2P_DIR_IN ? "in" : "any";
}

void classify_out_init(struct classify_out *o, const struct cli_opts *opts,
		       bool show_dir, bool show_flow, uint32_t fanout_threshold)
{
	memset(o, 0, sizeof(*o));
	o->opts = opts;
	o->show_dir = show_dir;
	o->show_flow = show_flow;
	o->fanout_threshold = fanout_threshold;
	output_pretty();	/* -j classify: one object per packet, indented */
}

/* The columns after FRAME; DIR and FLOW only when shown. */
static void print_row_tail(const struct classify_out *o, const char *src,
			   const char *dst, const char *len, const char *proto,
			   const char *kind, const char *dir, const char *flow)
{
	print_text("%-24s %-24s %6s %-9s ", src, dst, len, proto);
	if (o->show_dir)
		print_text("%-12s %-4s", kind, dir);
	else
		print_text("%-12s", kind);
	if (o->show_flow)
		print_text(" %s", flow);
	print_text("\n");
}

static void print_row(const struct classify_out *o, unsigned long frame,
		      const char *src, const char *dst, unsigned int len,
		      const char *proto, const char *kind, const char *dir,
		      const char *flow)
{
	char l[16];

	snprintf(l, sizeof(l), "%u", len);
	print_text("%-7lu ", frame);
	print_row_tail(o, src, dst, l, proto, kind, dir, flow);
}

/* Text: the table's header; JSON: the array of packets. */
void classify_out_begin(struct classify_out *o)
{
	print_text("%-7s ", "FRAME");
	print_row_tail(o, "SRC", "DST", "LEN", "PROTO", "KIND", "DIR", "FLOW");
	open_array(NULL);
}

void classify_out_file(struct classify_out *o, const char *path)
{
	(void)o;
	print_string(PRINT_TEXT, NULL, "# %s\n", path);
}

void classify_out_packet(struct classify_out *o, const char *file,
			 unsigned long frame, const struct capture_frame *f,
			 const struct pkt *p, const struct p2p_verdict *v,
			 int dir, bool flow, bool fanout)
{
	char src[ENDPOINT_LEN], dst[ENDPOINT_LEN];
	bool hit = v->proto != P2P_PROTO_NONE;

	format_endpoint(src, sizeof(src), p->family, p->src_ip, p->sport);
	format_endpoint(dst, sizeof(dst), p->family, p->dst_ip, p->dport);
	/* text: a row of the table; JSON: the object, with what the row leaves out */
	if (!output_json())
		print_row(o, frame, src, dst, p->len,
			  hit ? p2p_proto_name(v->proto) : "-",
			  hit ? p2p_kind_name(v->kind) : "-", dir_name(dir),
			  fanout ? "fanout" : flow ? "flow" : "-");
	open_object(NULL);
	print_uint(PRINT_JSON, "frame", NULL, frame);
	print_string(PRINT_JSON, "src", NULL, src);
	print_string(PRINT_JSON, "dst", NULL, dst);
	print_uint(PRINT_JSON, "len", NULL, p->len);
	print_string(PRINT_JSON, "proto", NULL, hit ? p2p_proto_name(v->proto) : NULL);
	print_string(PRINT_JSON, "kind", NULL, hit ? p2p_kind_name(v->kind) : NULL);
	print_bool(PRINT_JSON, "flow", NULL, flow);
	if (fanout)
		print_bool(PRINT_JSON, "fanout", NULL, true);
	if (hit)
		print_uint(PRINT_JSON, "msg", NULL, v->msg);
	print_string(PRINT_JSON, "file", NULL, file);
	print_fixed(PRINT_JSON, "time", NULL, (double)f->ts.tv_sec + f->ts.tv_usec / 1e6, 6);
	if (p->caplen != p->len)
		print_uint(PRINT_JSON, "caplen", NULL, p->caplen);
	if (p->fragment)
		print_bool(PRINT_JSON, "fragment", NULL, true);
	if (o->show_dir)
		print_string(PRINT_JSON, "dir", NULL, dir_name(dir));
	close_object();
}

static void print_summary(const struct classify_summary *s, bool show_flow,
			  uint32_t fanout_threshold)
{
	unsigned int pr, k;

	print_text("\n%lu file%s, %lu frames: %lu UDP classified, %lu fragments (%lu without a UDP header, skipped), %lu not UDP, %lu not IP, %lu malformed",
	       s->files, s->files == 1 ? "" : "s", s->frames, s->udp,
	       s->fragments, s->udp_later_fragments, s->not_udp, s->not_ip,
	       s->malformed);
	if (s->other_hosts)
		print_text(", %lu not from/to --device", s->other_hosts);
	print_text("\n%-10s %-13s %10s\n", "PROTO", "KIND", "PACKETS");
	for (pr = 1; pr < P2P_PROTO_COUNT; pr++)
		for (k = 0; k < P2P_KIND_COUNT; k++)
			if (s->by_proto_kind[pr][k])
				print_text("%-10s %-13s %10lu\n", p2p_proto_name(pr),
				       p2p_kind_name(k), s->by_proto_kind[pr][k]);
	print_text("%-10s %-13s %10lu\n", "(none)", "-",
	       s->by_proto_kind[P2P_PROTO_NONE][P2P_KIND_NONE]);
	if (show_flow && !fanout_threshold)
		print_text("%lu packets on P2P flows that a recognised handshake opened, %lu of them not recognised alone\n",
		       s->on_flow, s->only_on_flow);
	else if (show_flow)
		print_text("%lu packets on P2P flows that a recognised handshake or the fan-out heuristic opened, %lu of them not recognised alone, %lu firing the heuristic (more than %u remotes from one local port within %d s)\n",
		       s->on_flow, s->only_on_flow, s->fanout,
		       fanout_threshold, P2P_FANOUT_WINDOW_S);
}

void classify_out_end(struct classify_out *o)
{
	close_array();
	print_summary(&o->sum, o->show_flow, o->fanout_threshold);
}
