// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `p2pfence classify [--device ADDR] [--by-device] FILE...`: runs the
 * module's recognisers over the UDP packets of capture files, offline,
 * with its flow memory and, with --fanout, its fan-out heuristic.
 * Prints one row (or, with -j, one JSON object) per UDP packet and a
 * per-protocol summary. A file that cannot be read, or ends in the middle
 * of a frame, is an error naming the file and frame; the other files are
 * still read, and the exit status is 1.
 */
#include "cli.h"
#include "classify_out.h"
#include "bydevice.h"
#include "flowmem.h"
#include "parse.h"
#include "pcapread.h"
#include "pktdecode.h"
#include "p2p_classify.h"
#include "p2p_policy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char classify_usage[] =
	"usage: p2pfence classify [--device ADDR] [--by-device] [--per-packet]\n"
	"                         [--lan PREFIX|default]... [--flow-timeout SECONDS]\n"
	"                         [--fanout | --fanout-threshold N] FILE.pcap...\n";

/* --device: an IPv4/IPv6 address or a MAC address. */
struct device_filter {
	bool set;
	bool is_mac;
	int family;
	uint8_t addr[16];
};

/* Any address a capture may hold, loopback too: no device is made of it. */
static bool parse_device(const char *s, struct device_filter *d)
{
	struct perr e;

	memset(d, 0, sizeof(*d));
	d->set = true;
	if (inet_pton(AF_INET, s, d->addr) == 1) {
		d->family = AF_INET;
	} else if (inet_pton(AF_INET6, s, d->addr) == 1) {
		d->family = AF_INET6;
	} else if (parse_mac(s, d->addr, &e)) {
		d->is_mac = true;
	} else {
		return false;
	}
	return true;
}

static bool device_is(const struct device_filter *d, bool has_mac,
		      const uint8_t *mac, int family, const uint8_t *ip)
{
	if (d->is_mac)
		return has_mac && !memcmp(mac, d->addr, 6);
	return family == d->family &&
	       !memcmp(ip, d->addr, family == AF_INET ? 4 : 16);
}

/* Direction of a frame relative to the --device, or -1 to skip it. */
static int device_dir(const struct device_filter *d, const struct pkt *p)
{
	if (!d->set)
		return P2P_DIR_ANY;
	if (device_is(d, p->has_mac, p->src_mac, p->family, p->src_ip))
		return P2P_DIR_OUT;
	if (device_is(d, p->has_dst_mac, p->dst_mac, p->family, p->dst_ip))
		return P2P_DIR_IN;
	return -1;
}

struct classify_run {
	const struct cli_opts *opts;
	struct device_filter device;
	bool by_device;
	bool many_files;
	bool per_packet;		/* no flow memory: each packet alone */
	struct prefix lan[P2PF_LAN_MAX];
	size_t n_lan;
	uint32_t flow_timeout;
	uint32_t fanout_threshold;	/* 0: no fan-out heuristic */
	struct flowmem flows;
	struct classify_out out;
	struct bydevice devices;
};

static void count_frame(struct classify_summary *s, const struct pkt *p)
{
	s->frames++;
	if (p->fragment)
		s->fragments++;
	switch (p->status) {
	case PKT_UDP:
		s->udp++;
		break;
	case PKT_FRAGMENT:
		s->udp_later_fragments++;
		break;
	case PKT_NOT_UDP:
		s->not_udp++;
		break;
	case PKT_NOT_IP:
		s->not_ip++;
		break;
	case PKT_MALFORMED:
		s->malformed++;
		break;
	}
}

/*
 * Whether the module would drop p as part of a P2P flow (or, with
 * --fanout, as the packet that fires the fan-out heuristic), were its
 * sender a tagged device in block mode for every protocol: the --device,
 * or without one each source address. Packets toward the --device are not
 * its outbound traffic and are never on a flow.
 */
static enum flowmem_verdict on_flow(struct classify_run *r,
				    const struct pkt *p,
				    const struct p2p_verdict *v, int dir,
				    const struct timeval *ts)
{
	struct flowmem_device dev;

	if (r->per_packet || dir == P2P_DIR_IN)
		return FLOWMEM_PASS;
	memset(&dev, 0, sizeof(dev));
	if (!r->device.set) {
		dev.kind = (uint8_t)p->family;
		memcpy(dev.addr, p->src_ip, sizeof(dev.addr));
	}
	return flowmem_judge(&r->flows, &dev, p, v, ts);
}

/* --lan: a prefix, or "default" for the module's defaults (p2p_policy.h). */
static bool add_lan(struct classify_run *r, const char *s)
{
	struct prefix *pfx;
	struct perr e;
	unsigned int i;

	if (strcmp(s, "default")) {
		if (r->n_lan >= P2PF_LAN_MAX) {
			fprintf(stderr, "p2pfence: classify: --lan: more than %d prefixes\n",
				P2PF_LAN_MAX);
			return false;
		}
		if (!parse_prefix(s, &r->lan[r->n_lan], &e)) {
			fprintf(stderr, "p2pfence: classify: --lan: %s\n", e.msg);
			return false;
		}
		r->n_lan++;
		return true;
	}
	if (r->n_lan + P2P_LAN_DEFAULT4 + P2P_LAN_DEFAULT6 > P2PF_LAN_MAX) {
		fprintf(stderr, "p2pfence: classify: --lan: more than %d prefixes\n",
			P2PF_LAN_MAX);
		return false;
	}
	for (i = 0; i < P2P_LAN_DEFAULT4; i++) {
		uint32_t a = htonl(p2p_lan_default4[i].addr);

		pfx = &r->lan[r->n_lan++];
		memset(pfx, 0, sizeof(*pfx));
		pfx->family = AF_INET;
		pfx->len = p2p_lan_default4[i].len;
		memcpy(pfx->addr, &a, 4);
	}
	for (i = 0; i < P2P_LAN_DEFAULT6; i++) {
		pfx = &r->lan[r->n_lan++];
		memset(pfx, 0, sizeof(*pfx));
		pfx->family = AF_INET6;
		pfx->len = p2p_lan_default6[i].len;
		pfx->addr[0] = (uint8_t)(p2p_lan_default6[i].first >> 8);
		pfx->addr[1] = (uint8_t)p2p_lan_default6[i].first;
	}
	return true;
}

static void classify_frame(struct classify_run *r, const struct capture *c,
			   const struct capture_frame *f)
{
	enum flowmem_verdict flow;
	struct p2p_verdict v;
	struct p2p_udp u;
	struct pkt p;
	int dir;

	pkt_decode(c->dlt, f->data, f->caplen, &p);
	dir = device_dir(&r->device, &p);
	if (dir < 0) {
		r->out.sum.other_hosts++;
		return;
	}
	count_frame(&r->out.sum, &p);
	if (p.status == PKT_MALFORMED) {
		fprintf(stderr, "p2pfence: %s: frame %lu: %s (skipped)\n",
			c->name, c->frame, p.why);
		return;
	}
	if (p.status != PKT_UDP)
		return;
	u.payload = p.payload;
	u.len = p.caplen;
	u.have = u.len;		/* a whole datagram, or what was captured */
	u.sport = p.sport;
	u.dport = p.dport;
	u.dir = (uint8_t)dir;
	p2p_classify(&u, &v);
	if (v.proto >= P2P_PROTO_COUNT || v.kind >= P2P_KIND_COUNT) {
		fprintf(stderr, "p2pfence: %s: frame %lu: recogniser returned proto %u kind %u, out of range\n",
			c->name, c->frame, v.proto, v.kind);
		v.proto = P2P_PROTO_NONE;
		v.kind = P2P_KIND_NONE;
	}
	r->out.sum.by_proto_kind[v.proto][v.kind]++;
	flow = on_flow(r, &p, &v, dir, &f->ts);
	if (flow != FLOWMEM_PASS) {
		r->out.sum.on_flow++;
		if (v.proto == P2P_PROTO_NONE)
			r->out.sum.only_on_flow++;
	}
	if (flow == FLOWMEM_FANOUT)
		r->out.sum.fanout++;
	if (r->by_device) {
		if (!bydevice_add(&r->devices, &p, &v, &f->ts) && r->devices.full)
			fprintf(stderr, "p2pfence: %s: frame %lu: more than %d distinct sources, the --by-device limit (classify without --by-device has none)\n",
				c->name, c->frame, BYDEV_MAX_SOURCES);
	} else
		classify_out_packet(&r->out, c->name, c->frame, f, &p, &v, dir,
				    flow != FLOWMEM_PASS, flow == FLOWMEM_FANOUT);
}

/* Reads one file; false when it could not be read to its end. */
static bool classify_file(struct classify_run *r, const char *path)
{
	struct capture_frame f;
	struct capture c;
	int rc = 0;

	if (capture_open(&c, path)) {
		fprintf(stderr, "p2pfence: %s\n", c.err);
		return false;
	}
	r->out.sum.files++;
	if (r->many_files && !r->by_device)
		classify_out_file(&r->out, path);
	while (!r->devices.full && (rc = capture_next(&c, &f)) == 1)
		classify_frame(r, &c, &f);
	if (r->devices.full)	/* stop: the summary cannot be complete */
		rc = -2;
	if (rc == -1)
		fprintf(stderr, "p2pfence: %s\n", c.err);
	capture_close(&c);
	return rc == 0;
}

/*
 * argv[*i], an option, and the number of @what after it, in min..max;
 * false after the message saying what is wrong.
 */
static bool opt_number(int argc, char **argv, int *i, const char *what,
		       uint32_t min, uint32_t max, uint32_t *v)
{
	const char *opt = argv[*i];
	struct perr e;

	if (*i + 1 >= argc) {
		fprintf(stderr, "p2pfence: classify: %s needs a number of %s\n",
			opt, what);
		return false;
	}
	if (!parse_u32(argv[++*i], min, max, v, &e)) {
		fprintf(stderr, "p2pfence: classify: %s: %s\n", opt, e.msg);
		return false;
	}
	return true;
}

int cmd_classify(int argc, char **argv, const struct cli_opts *opts)
{
	struct classify_run r;
	bool ok = true;
	int i, first;

	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.flow_timeout = P2PF_FLOW_TIMEOUT_DEFAULT;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--device")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "p2pfence: classify: --device needs an address\n");
				return 1;
			}
			if (!parse_device(argv[++i], &r.device)) {
				fprintf(stderr, "p2pfence: classify: --device: '%s' is not an IPv4, IPv6 or MAC address\n",
					argv[i]);
				return 1;
			}
		} else if (!strcmp(argv[i], "--by-device")) {
			r.by_device = true;
		} else if (!strcmp(argv[i], "--per-packet")) {
			r.per_packet = true;
		} else if (!strcmp(argv[i], "--lan")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "p2pfence: classify: --lan needs a prefix or \"default\"\n");
				return 1;
			}
			if (!add_lan(&r, argv[++i]))
				return 1;
		} else if (!strcmp(argv[i], "--flow-timeout")) {
			if (!opt_number(argc, argv, &i, "seconds",
					P2PF_FLOW_TIMEOUT_MIN,
					P2PF_FLOW_TIMEOUT_MAX, &r.flow_timeout))
				return 1;
		} else if (!strcmp(argv[i], "--fanout")) {
			if (!r.fanout_threshold)
				r.fanout_threshold = P2PF_FANOUT_THRESHOLD_DEFAULT;
		} else if (!strcmp(argv[i], "--fanout-threshold")) {
			if (!opt_number(argc, argv, &i, "remotes",
					P2PF_FANOUT_THRESHOLD_MIN,
					P2PF_FANOUT_THRESHOLD_MAX,
					&r.fanout_threshold))
				return 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(classify_usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "p2pfence: classify: unknown option '%s'\n%s",
				argv[i], classify_usage);
			return 1;
		} else {
			break;
		}
	}
	first = i;
	if (first >= argc) {
		fprintf(stderr, "p2pfence: classify: no capture file given\n%s",
			classify_usage);
		return 1;
	}
	if (r.per_packet && r.fanout_threshold) {
		fprintf(stderr, "p2pfence: classify: --fanout counts remotes across packets: not with --per-packet\n");
		return 1;
	}
	r.many_files = argc - first > 1;
	flowmem_init(&r.flows, r.flow_timeout, r.lan, r.n_lan);
	if (r.fanout_threshold)
		flowmem_set_fanout(&r.flows, r.fanout_threshold);
	classify_out_init(&r.out, opts, r.device.set, !r.per_packet,
			  r.fanout_threshold);
	if (r.by_device)
		bydevice_init(&r.devices);
	else
		classify_out_begin(&r.out);
	for (i = first; i < argc && !r.devices.full; i++)
		ok &= classify_file(&r, argv[i]);
	if (r.by_device) {
		ok &= bydevice_print(&r.devices);
		bydevice_free(&r.devices);
	} else {
		classify_out_end(&r.out);
	}
	if (r.flows.oom) {
		fprintf(stderr, "p2pfence: classify: out of memory for the flow memory: some flows were not remembered\n");
		ok = false;
	}
	flowmem_free(&r.flows);
	return ok ? 0 : 1;
}
