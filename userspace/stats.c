// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Counters: decoding, printing, and the `stats` verb (see stats.h). */
#include <inttypes.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devmsg.h"
#include "output.h"
#include "p2p_classify.h"
#include "stats.h"

static bool get_u64(const struct nlattr *a, uint64_t *v)
{
	if (mnl_attr_get_payload_len(a) != 8)
		return false;
	*v = mnl_attr_get_u64(a);
	return true;
}

static bool proto_stats(const struct nlattr *nest, struct stat_counters *s)
{
	uint64_t det = 0, drop = 0;
	const struct nlattr *a;
	int id = -1;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case P2PF_PSTATS_A_ID:
			if (mnl_attr_get_payload_len(a) != 1 || mnl_attr_get_u8(a) >= 32)
				return false;
			id = mnl_attr_get_u8(a);
			break;
		case P2PF_PSTATS_A_DETECTED:
			if (!get_u64(a, &det))
				return false;
			break;
		case P2PF_PSTATS_A_DROPPED:
			if (!get_u64(a, &drop))
				return false;
			break;
		default:
			break;
		}
	}
	if (id < 0)
		return false;
	s->proto_seen |= 1U << id;
	s->proto_detected[id] = det;
	s->proto_dropped[id] = drop;
	return true;
}

bool stats_parse(const struct nlattr *nest, struct stat_counters *s)
{
	const struct nlattr *a, *p;

	memset(s, 0, sizeof(*s));
	s->present = true;
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		bool ok = true;

		switch (type) {
		case P2PF_STATS_A_PACKETS: ok = get_u64(a, &s->packets); break;
		case P2PF_STATS_A_DETECTED: ok = get_u64(a, &s->detected); break;
		case P2PF_STATS_A_DROPPED: ok = get_u64(a, &s->dropped); break;
		case P2PF_STATS_A_FLOW_DROPPED: ok = get_u64(a, &s->flow_dropped); break;
		case P2PF_STATS_A_MARKED: ok = get_u64(a, &s->marked); break;
		case P2PF_STATS_A_UNTAGGED: ok = get_u64(a, &s->untagged); break;
		case P2PF_STATS_A_EVENTS: ok = get_u64(a, &s->events); break;
		case P2PF_STATS_A_EVENTS_SUPPRESSED: ok = get_u64(a, &s->events_suppressed); break;
		case P2PF_STATS_A_FLOWS_REFUSED: ok = get_u64(a, &s->flows_refused); break;
		case P2PF_STATS_A_DISC_REFUSED: ok = get_u64(a, &s->disc_refused); break;
		case P2PF_STATS_A_TINY_FRAGMENTS: ok = get_u64(a, &s->tiny_fragments); break;
		case P2PF_STATS_A_FLOWS:
		case P2PF_STATS_A_DISCOVERED:
			ok = mnl_attr_get_payload_len(a) == 4;
			if (ok)
				*(type == P2PF_STATS_A_FLOWS ? &s->flows : &s->discovered) =
					mnl_attr_get_u32(a);
			break;
		case P2PF_STATS_A_BY_PROTO:
			mnl_attr_for_each_nested(p, a)
				if (mnl_attr_get_type(p) == P2PF_STATS_A_PROTO && !proto_stats(p, s))
					return false;
			break;
		default:
			continue;
		}
		if (!ok)
			return false;
		if (type < 32)
			s->seen |= 1U << type;
	}
	return true;
}

#define SEEN(s, attr) ((s)->seen & (1U << (attr)))

/* The namespace-wide counters appear only in the global reply. */
static const struct {
	int attr;
	const char *key;	/* JSON */
	const char *text;	/* text: the key with '-' for '_' */
	size_t off;
} counters[] = {
#define COUNTER(attr, field, text) { attr, #field, text, offsetof(struct stat_counters, field) }
	COUNTER(P2PF_STATS_A_PACKETS, packets, "packets"),
	COUNTER(P2PF_STATS_A_DETECTED, detected, "detected"),
	COUNTER(P2PF_STATS_A_DROPPED, dropped, "dropped"),
	COUNTER(P2PF_STATS_A_FLOW_DROPPED, flow_dropped, "flow-dropped"),
	COUNTER(P2PF_STATS_A_MARKED, marked, "marked"),
	COUNTER(P2PF_STATS_A_UNTAGGED, untagged, "untagged"),
	COUNTER(P2PF_STATS_A_EVENTS, events, "events"),
	COUNTER(P2PF_STATS_A_EVENTS_SUPPRESSED, events_suppressed, "events-suppressed"),
	COUNTER(P2PF_STATS_A_FLOWS_REFUSED, flows_refused, "flows-refused"),
	COUNTER(P2PF_STATS_A_TINY_FRAGMENTS, tiny_fragments, "tiny-fragments"),
#undef COUNTER
};

static uint64_t counter(const struct stat_counters *s, size_t i)
{
	uint64_t v;

	memcpy(&v, (const char *)s + counters[i].off, sizeof(v));
	return v;
}

/* packets, detected and dropped are always there: the contract names them. */
static bool shown_counter(const struct stat_counters *s, size_t i)
{
	return i < 3 || SEEN(s, counters[i].attr);
}

void stats_print(const struct stat_counters *s, const char *indent, bool numeric)
{
	unsigned int id;
	size_t i;

	print_text("%s", indent);
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		if (!shown_counter(s, i))
			continue;
		print_text("%s%s ", i ? " " : "", counters[i].text);
		print_uint(PRINT_ANY, counters[i].key, "%" PRIu64, counter(s, i));
	}
	if (SEEN(s, P2PF_STATS_A_FLOWS))
		print_uint(PRINT_ANY, "flows", " flows %" PRIu64, s->flows);
	print_text("\n");
	open_object("by_proto");
	for (id = 1; id < 32; id++) {
		uint64_t det = s->proto_detected[id], drop = s->proto_dropped[id];

		/* text leaves out the protocols that did nothing */
		if (!(s->proto_seen & (1U << id)) || (!output_json() && !det && !drop))
			continue;
		open_object(p2p_proto_name(id));
		if (numeric)
			print_text("%s  proto %u", indent, id);
		else
			print_text("%s  %s", indent, p2p_proto_name(id));
		print_uint(PRINT_ANY, "detected", " detected %" PRIu64, det);
		print_uint(PRINT_ANY, "dropped", " dropped %" PRIu64 "\n", drop);
		close_object();
	}
	close_object();
}

static int global_reply(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == P2PF_A_STATS && !stats_parse(a, data))
			return MNL_CB_ERROR;
	return MNL_CB_OK;
}

/*
 * The exposition format groups the samples by metric, every device under
 * each, so stats_prometheus() takes them all at once: a name, a mode and
 * the counters already fetched, not each device unpacked whole.
 */
static int prometheus(const struct stat_counters *g, const struct dev_list *devs)
{
	static const struct stat_counters none;
	struct prom_device *all = malloc((devs->n ? devs->n : 1) * sizeof(*all));
	struct dev_info di;
	size_t i;

	if (!all) {
		cli_err("out of memory");
		return CLI_ERR;
	}
	for (i = 0; i < devs->n; i++) {
		const struct dev_entry *e = &devs->v[i];

		dev_get(devs, i, &di);
		all[i].name = e->spec;	/* the packed spec begins with it */
		all[i].mode = di.spec.mode;
		all[i].stats = e->stats ? e->stats : &none;
	}
	stats_prometheus(stdout, g, all, devs->n);
	free(all);
	return CLI_OK;
}

int cmd_stats(int argc, char **argv, const struct cli_opts *opts)
{
	struct stat_counters g = { 0 };
	struct dev_list devs = { NULL, 0 };
	struct dev_info di;
	size_t i;
	struct nl nl;
	int ret = CLI_ERR;
	bool prom = false;

	if (argc > 1) {
		static const char *const words[] = { "--prometheus" };
		struct perr e;

		if (parse_keyword(argv[1], words, 1, "option", &e) < 0) {
			cli_err("%s", e.msg);
			return CLI_USAGE;
		}
		prom = true;
	}
	if (!cli_no_more_args(argc, argv, 2))
		return CLI_USAGE;
	if (prom && opts->json) {
		cli_err("-j and --prometheus exclude each other");
		return CLI_USAGE;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_GET_STATS, 0), global_reply, &g) < 0) {
		if (nl.err)
			nl_perror(&nl);
		goto out;
	}
	if (dev_fetch(&nl, NULL, true, &devs) < 0)
		goto out;
	if (prom) {
		ret = prometheus(&g, &devs);
		goto out;
	}
	open_object(NULL);
	open_object("global");
	print_text("global:\n");
	stats_print(&g, "    ", opts->numeric);
	close_object();
	open_array("devices");
	for (i = 0; i < devs.n; i++) {
		dev_get(&devs, i, &di);
		open_object(NULL);
		print_string(PRINT_ANY, "name", "device %s:\n", di.spec.name);
		open_object("stats");
		stats_print(&di.stats, "    ", opts->numeric);
		close_object();
		close_object();
	}
	close_array();
	close_object();
	ret = CLI_OK;
out:
	dev_list_free(&devs);
	nl_close(&nl);
	return ret;
}
