// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `p2pfence discover on|off|show [--suggest]|flush` (see discover.h).
 * show lists what each untagged source did; --suggest turns the list into
 * `device add` lines that tag every one of them in block mode.
 */
#include <inttypes.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "devmsg.h"
#include "devspec.h"
#include "discover.h"
#include "nl.h"
#include "output.h"
#include "p2p_classify.h"

struct disc_list {
	struct disc_entry *v;
	size_t n, cap;
	bool bad;
};

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

static bool get_u64(const struct nlattr *a, uint64_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
		return false;
	*v = mnl_attr_get_u64(a);
	return true;
}

/* P2PF_DISC_A_REMOTE: one address and P2PF_DISC_A_PORT. */
static bool parse_remote(const struct nlattr *nest, struct disc_remote *r)
{
	const struct nlattr *a;
	bool addr = false, port = false;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t t = mnl_attr_get_type(a);

		if (t == P2PF_DISC_A_PORT) {
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				return false;
			r->port = mnl_attr_get_u16(a);
			port = true;
		} else if (t == P2PF_ADDR_A_IN || t == P2PF_ADDR_A_IN6) {
			if (!nl_get_addr(a, &r->addr))
				return false;
			addr = true;
		}
	}
	return addr && port;
}

static bool parse_lists(const struct nlattr *a, struct disc_entry *d)
{
	const struct nlattr *x;

	if (mnl_attr_get_type(a) == P2PF_DISC_A_ADDRS) {
		mnl_attr_for_each_nested(x, a) {
			if (d->naddrs == DISC_ADDRS ||
			    !nl_get_addr(x, &d->addrs[d->naddrs]))
				return false;
			d->naddrs++;
		}
		return true;
	}
	mnl_attr_for_each_nested(x, a) {
		if (mnl_attr_get_type(x) != P2PF_DISC_A_REMOTE ||
		    d->nremotes == DISC_REMOTES ||
		    !parse_remote(x, &d->remotes[d->nremotes]))
			return false;
		d->nremotes++;
	}
	return true;
}

static bool parse_entry(const struct nlattr *nest, struct disc_entry *d)
{
	const struct nlattr *a;
	bool ok = true;

	memset(d, 0, sizeof(*d));
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case P2PF_DISC_A_MAC:
			ok = mnl_attr_get_payload_len(a) == 6;
			if (ok)
				memcpy(d->mac, mnl_attr_get_payload(a), 6);
			d->has_mac = true;
			break;
		case P2PF_DISC_A_ADDRS:
		case P2PF_DISC_A_REMOTES:
			ok = parse_lists(a, d);
			break;
		case P2PF_DISC_A_PROTOS: ok = get_u32(a, &d->protos); break;
		case P2PF_DISC_A_KINDS: ok = get_u32(a, &d->kinds); break;
		case P2PF_DISC_A_PACKETS: ok = get_u64(a, &d->packets); break;
		case P2PF_DISC_A_FIRST: ok = get_u64(a, &d->first_ns); break;
		case P2PF_DISC_A_LAST: ok = get_u64(a, &d->last_ns); break;
		default: break;
		}
		if (!ok)
			return false;
	}
	/* An entry is identified by its MAC or, without one, an address. */
	return d->has_mac || d->naddrs > 0;
}

static int disc_cb(const struct nlmsghdr *nlh, void *data)
{
	struct disc_list *l = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PF_A_DISC)
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 64;
			struct disc_entry *v = realloc(l->v, cap * sizeof(*v));

			if (!v) {
				l->bad = true;
				return MNL_CB_ERROR;
			}
			l->v = v;
			l->cap = cap;
		}
		if (!parse_entry(a, &l->v[l->n]))
			l->bad = true;
		else
			l->n++;
	}
	return MNL_CB_OK;
}

static int disc_fetch(struct nl *nl, struct disc_list *l)
{
	memset(l, 0, sizeof(*l));
	if (nl_talk(nl, nl_request(nl, P2PF_CMD_GET_DISCOVERED, NLM_F_DUMP),
		    disc_cb, l) < 0) {
		if (!l->bad)
			nl_perror(nl);
		else
			cli_err("out of memory");
		free(l->v);
		return -1;
	}
	if (l->bad) {
		cli_err("the module sent a malformed discovery entry");
		free(l->v);
		return -1;
	}
	return 0;
}

/* Discovery switch and counters: GET_CONFIG and GET_STATS. */
struct disc_state {
	int on;			/* -1: unknown */
	uint32_t count;
	uint64_t refused;
};

static int state_cb(const struct nlmsghdr *nlh, void *data)
{
	struct disc_state *s = data;
	const struct nlattr *a, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint16_t t = mnl_attr_get_type(a);

		if (t != P2PF_A_CONFIG && t != P2PF_A_STATS)
			continue;
		mnl_attr_for_each_nested(x, a) {
			uint16_t xt = mnl_attr_get_type(x);

			if (t == P2PF_A_CONFIG && xt == P2PF_CFG_A_DISCOVERY &&
			    mnl_attr_validate(x, MNL_TYPE_U8) == 0)
				s->on = mnl_attr_get_u8(x);
			else if (t == P2PF_A_STATS && xt == P2PF_STATS_A_DISCOVERED)
				get_u32(x, &s->count);
			else if (t == P2PF_A_STATS && xt == P2PF_STATS_A_DISC_REFUSED)
				get_u64(x, &s->refused);
		}
	}
	return MNL_CB_OK;
}

static int state_fetch(struct nl *nl, struct disc_state *s)
{
	s->on = -1;
	s->count = 0;
	s->refused = 0;
	if (nl_talk(nl, nl_request(nl, P2PF_CMD_GET_CONFIG, 0), state_cb, s) < 0 ||
	    nl_talk(nl, nl_request(nl, P2PF_CMD_GET_STATS, 0), state_cb, s) < 0) {
		nl_perror(nl);
		return -1;
	}
	return 0;
}

void disc_suggest_name(const struct disc_entry *d, char out[P2PF_NAME_MAX])
{
	char v4[16];		/* INET_ADDRSTRLEN */
	unsigned int i;
	size_t n;

	if (d->has_mac) {
		snprintf(out, P2PF_NAME_MAX, "p2p-%02x%02x%02x%02x%02x%02x",
			 d->mac[0], d->mac[1], d->mac[2], d->mac[3], d->mac[4],
			 d->mac[5]);
		return;
	}
	if (d->addrs[0].family == AF_INET) {
		format_ipaddr(&d->addrs[0], v4, sizeof(v4));
		snprintf(out, P2PF_NAME_MAX, "p2p-ip-%s", v4);
		return;
	}
	n = (size_t)snprintf(out, P2PF_NAME_MAX, "p2p-6-");
	for (i = 4; i < 16; i++, n += 2)
		snprintf(out + n, P2PF_NAME_MAX - n, "%02x", d->addrs[0].addr[i]);
}

/* Names of the set bits of mask, comma-separated ("-" when none). */
static void format_mask(uint32_t mask, const char *(*name)(unsigned int),
			bool numeric, char *out, size_t size)
{
	size_t n = 0;
	unsigned int i;

	out[0] = '\0';
	for (i = 0; i < 32 && n < size; i++)
		if (mask & (1u << i)) {
			if (numeric)
				n += (size_t)snprintf(out + n, size - n, "%s%u",
						      n ? "," : "", i);
			else
				n += (size_t)snprintf(out + n, size - n, "%s%s",
						      n ? "," : "", name(i));
		}
	if (!out[0])
		snprintf(out, size, "-");
}

/* Text: the set bits by name (-n: number) after label; JSON: their names. */
static void print_mask(const char *key, const char *label, uint32_t mask,
		       const char *(*name)(unsigned int), bool numeric)
{
	char buf[256];
	unsigned int i;

	format_mask(mask, name, numeric, buf, sizeof(buf));
	print_string(PRINT_TEXT, NULL, label, buf);
	open_array(key);
	for (i = 0; i < 32; i++)
		if (mask & (1u << i))
			print_string(PRINT_JSON, NULL, NULL, name(i));
	close_array();
}

static void show_entry(const struct disc_entry *d, bool numeric)
{
	char name[P2PF_NAME_MAX];
	unsigned int j;

	open_object(NULL);
	print_mac(PRINT_ANY, "mac", "%s", d->has_mac ? d->mac : NULL);
	if (!d->has_mac)
		print_text("(no MAC)");
	open_array("ip");
	for (j = 0; j < d->naddrs; j++)
		print_ipaddr(PRINT_ANY, NULL, " %s", &d->addrs[j]);
	close_array();
	print_mask("proto", "\n\tproto %s", d->protos, p2p_proto_name, numeric);
	print_mask("kind", " kind %s", d->kinds, p2p_kind_name, numeric);
	print_uint(PRINT_ANY, "packets", " packets %" PRIu64 "\n", d->packets);
	print_time(PRINT_ANY, "first_seen", "\tfirst %s", (int64_t)(d->first_ns / 1000000000u), -1);
	print_uint(PRINT_JSON, "first_seen_ns", NULL, d->first_ns);
	print_time(PRINT_ANY, "last_seen", " last %s\n", (int64_t)(d->last_ns / 1000000000u), -1);
	print_uint(PRINT_JSON, "last_seen_ns", NULL, d->last_ns);
	if (d->nremotes)
		print_text("\tremotes");
	open_array("remotes");
	for (j = 0; j < d->nremotes; j++)
		print_endpoint(PRINT_ANY, NULL, " %s", &d->remotes[j].addr, d->remotes[j].port);
	close_array();
	if (d->nremotes)
		print_text("\n");
	disc_suggest_name(d, name);
	print_string(PRINT_JSON, "suggested_name", NULL, name);
	close_object();
}

/* Text starts with the switch and the counters (s); JSON is the list alone. */
static void show(const struct disc_list *l, const struct disc_state *s, bool numeric)
{
	size_t i;

	print_text("discovery %s, %" PRIu32 " source%s, %" PRIu64 " refused (table full)\n",
		   s->on < 0 ? "?" : s->on ? "on" : "off", s->count,
		   s->count == 1 ? "" : "s", s->refused);
	open_array(NULL);
	for (i = 0; i < l->n; i++)
		show_entry(&l->v[i], numeric);
	close_array();
}

static bool tagged_by(const struct disc_entry *d, const struct dev_spec *s)
{
	unsigned int j;

	if (d->has_mac)
		return s->has_mac && !memcmp(s->mac, d->mac, 6);
	for (j = 0; j < s->naddrs; j++)
		if (s->addrs[j].family == d->addrs[0].family &&
		    !memcmp(s->addrs[j].addr, d->addrs[0].addr, 16))
			return true;
	return false;
}

/*
 * tagged[k]: a device already covers source k. The outer loop is over the
 * devices so that each is unpacked once.
 */
static bool *find_tagged(struct nl *nl, const struct disc_list *l)
{
	bool *tagged = calloc(l->n ? l->n : 1, sizeof(*tagged));
	struct dev_list devs;
	struct dev_info di;
	size_t i, k;

	if (!tagged) {
		cli_err("out of memory");
		return NULL;
	}
	if (dev_fetch(nl, NULL, false, &devs) < 0) {
		free(tagged);
		return NULL;
	}
	for (i = 0; i < devs.n; i++) {
		dev_get(&devs, i, &di);
		for (k = 0; k < l->n; k++)
			tagged[k] = tagged[k] || tagged_by(&l->v[k], &di.spec);
	}
	dev_list_free(&devs);
	return tagged;
}

/* `device add` lines in restore syntax, one per untagged source. */
static int show_suggest(struct nl *nl, const struct disc_list *l)
{
	bool *tagged = find_tagged(nl, l);
	size_t i;

	if (!tagged)
		return CLI_ERR;
	printf("# Discovered P2P sources, tagged in block mode (p2pfence discover).\n"
	       "# restore replaces every device: append these lines to the output\n"
	       "# of \"p2pfence save\" and restore the result.\n");
	for (i = 0; i < l->n; i++) {
		const struct disc_entry *d = &l->v[i];
		struct dev_spec s;

		if (tagged[i])
			continue;
		memset(&s, 0, sizeof(s));
		disc_suggest_name(d, s.name);
		s.has_mode = s.has_protos = s.has_fanout = true;
		s.mode = P2PF_MODE_BLOCK;
		s.protos = proto_mask_all();
		if (d->has_mac) {
			s.has_mac = true;
			memcpy(s.mac, d->mac, 6);
		} else {
			s.has_addrs = true;
			s.naddrs = 1;
			s.addrs[0] = d->addrs[0];
		}
		devspec_format(&s, stdout);
	}
	free(tagged);
	return CLI_OK;
}

int cmd_discover_show(int argc, char **argv, const struct cli_opts *opts)
{
	struct disc_state s = { -1, 0, 0 };	/* text only: fetched then */
	struct disc_list l;
	bool suggest = false;
	int i, ret = CLI_OK;
	struct nl nl;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--suggest")) {
			suggest = true;
		} else {
			cli_err("unexpected \"%s\": expected --suggest", argv[i]);
			return CLI_USAGE;
		}
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (disc_fetch(&nl, &l) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	if (suggest)
		ret = show_suggest(&nl, &l);
	else if (!opts->json && state_fetch(&nl, &s) < 0)
		ret = CLI_ERR;
	else
		show(&l, &s, opts->numeric);
	free(l.v);
	nl_close(&nl);
	return ret;
}

static int simple_request(int argc, char **argv, uint8_t cmd, int on)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl nl;
	int ret = CLI_OK;

	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	nlh = nl_request(&nl, cmd, 0);
	if (on >= 0) {
		nest = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
		mnl_attr_put_u8(nlh, P2PF_CFG_A_DISCOVERY, (uint8_t)on);
		mnl_attr_nest_end(nlh, nest);
	}
	if (nl_talk(&nl, nlh, NULL, NULL) < 0) {
		nl_perror(&nl);
		ret = CLI_ERR;
	}
	nl_close(&nl);
	return ret;
}

int cmd_discover_on(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return simple_request(argc, argv, P2PF_CMD_SET_CONFIG, 1);
}

int cmd_discover_off(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return simple_request(argc, argv, P2PF_CMD_SET_CONFIG, 0);
}

int cmd_discover_flush(int argc, char **argv, const struct cli_opts *opts)
{
	(void)opts;
	return simple_request(argc, argv, P2PF_CMD_FLUSH_DISCOVERED, -1);
}
