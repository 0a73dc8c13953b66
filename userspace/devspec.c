// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Device policy arguments: parsing and writing back (see devspec.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <sys/socket.h>

#include "devspec.h"
#include "p2p_classify.h"

enum dev_kw {
	KW_MAC, KW_IP, KW_MODE, KW_PROTO, KW_LAN, KW_FANOUT, KW_PREFIX, KW_IIF,
	KW_COUNT
};
static const char *const dev_keywords[KW_COUNT] = {
	"mac", "ip", "mode", "proto", "lan", "fanout", "prefix", "iif"
};
/* Keywords older than prefix and iif: "i" and "p" still abbreviate ip and proto. */
#define KW_FIRST_COUNT	(KW_FANOUT + 1)

static int dev_keyword(const char *word, struct perr *e)
{
	struct perr ignored;
	int kw = parse_keyword(word, dev_keywords, KW_FIRST_COUNT, "keyword", &ignored);

	return kw >= 0 ? kw : parse_keyword(word, dev_keywords, KW_COUNT, "keyword", e);
}

static bool add_addr(struct dev_spec *d, const char *s, struct perr *e)
{
	struct ipaddr a;
	unsigned int i;

	if (!parse_ipaddr(s, &a, e))
		return false;
	for (i = 0; i < d->naddrs; i++)
		if (ipaddr_equal(&d->addrs[i], &a))
			return perr(e, "address \"%s\" given twice", s);
	if (d->naddrs == P2PF_ADDRS_MAX)
		return perr(e, "too many addresses at \"%s\": at most %d per device",
			    s, P2PF_ADDRS_MAX);
	d->addrs[d->naddrs++] = a;
	return true;
}

/* Adds a prefix to a device's LAN or source list; @what names the list. */
static bool add_prefix(struct prefix *list, unsigned int *n, unsigned int max,
		       const char *what, const char *s, struct perr *e)
{
	struct prefix p;
	unsigned int i;

	if (!parse_prefix(s, &p, e))
		return false;
	for (i = 0; i < *n; i++)
		if (prefix_equal(&list[i], &p))
			return perr(e, "prefix \"%s\" given twice", s);
	if (*n == max)
		return perr(e, "too many %s prefixes at \"%s\": at most %u per device",
			    what, s, max);
	list[(*n)++] = p;
	return true;
}

bool parse_ifname(const char *s, char out[IFNAMSIZ], struct perr *e)
{
	size_t len = strlen(s), i;

	if (!len || len >= IFNAMSIZ)
		return perr(e, "invalid interface name \"%s\": 1 to %d characters",
			    s, IFNAMSIZ - 1);
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return perr(e, "invalid interface name \"%s\"", s);
	for (i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]))
			return perr(e, "invalid interface name \"%s\": no '/', ':' or blanks",
				    s);
	memset(out, 0, IFNAMSIZ);
	memcpy(out, s, len);
	return true;
}

/*
 * "ip none" / "lan none" clear the list, so they may not be mixed with
 * values; *cleared remembers a none already seen.
 */
static bool list_none(const char *kw, const char *val, bool for_set,
		      bool has, unsigned int n, bool *cleared, struct perr *e)
{
	if (!for_set)
		return perr(e, "\"%s none\" only makes sense with device set", kw);
	if (*cleared || (has && n))
		return perr(e, "\"%s %s\" cannot be combined with other %s values", kw, val, kw);
	*cleared = true;
	return true;
}

static bool parse_one(struct dev_spec *d, int kw, const char *val,
		      bool for_set, bool *ip_none, bool *lan_none, bool *pfx_none,
		      struct perr *e)
{
	switch (kw) {
	case KW_PREFIX:
		if (!strcmp(val, "none"))
			return list_none("prefix", val, for_set, d->has_pfx, d->npfx, pfx_none,
					 e) && (d->has_pfx = true);
		if (*pfx_none)
			return perr(e, "\"prefix none\" cannot be combined with other prefix values");
		d->has_pfx = true;
		return add_prefix(d->pfx, &d->npfx, P2PF_PREFIXES_MAX, "source", val, e);
	case KW_IIF:
		if (d->has_iif)
			return perr(e, "iif given twice");
		d->has_iif = true;
		if (!strcmp(val, "none")) {
			if (!for_set)
				return perr(e, "\"iif none\" only makes sense with device set");
			return true;
		}
		return parse_ifname(val, d->iif, e);
	case KW_MAC:
		if (d->has_mac)
			return perr(e, "mac given twice");
		d->has_mac = true;
		if (!strcmp(val, "none")) {
			if (!for_set)
				return perr(e, "\"mac none\" only makes sense with device set");
			d->mac_clear = true;
			return true;
		}
		return parse_mac(val, d->mac, e);
	case KW_IP:
		if (!strcmp(val, "none"))
			return list_none("ip", val, for_set, d->has_addrs, d->naddrs, ip_none, e) &&
			       (d->has_addrs = true);
		if (*ip_none)
			return perr(e, "\"ip none\" cannot be combined with other ip values");
		d->has_addrs = true;
		return add_addr(d, val, e);
	case KW_MODE:
		if (d->has_mode)
			return perr(e, "mode given twice");
		d->has_mode = true;
		return parse_mode(val, &d->mode, e);
	case KW_PROTO:
		if (d->has_protos)
			return perr(e, "proto given twice");
		d->has_protos = true;
		return parse_proto_list(val, &d->protos, e);
	case KW_LAN:
		if (!strcmp(val, "none"))
			return list_none("lan", val, for_set, d->has_lan, d->nlan, lan_none, e) &&
			       (d->has_lan = true);
		if (*lan_none)
			return perr(e, "\"lan none\" cannot be combined with other lan values");
		d->has_lan = true;
		return add_prefix(d->lan, &d->nlan, P2PF_LAN_MAX, "LAN", val, e);
	default:
		if (d->has_fanout)
			return perr(e, "fanout given twice");
		d->has_fanout = true;
		return parse_onoff(val, &d->fanout, e);
	}
}

bool devspec_parse(int argc, char **argv, bool for_set, struct dev_spec *d,
		   struct perr *e)
{
	bool ip_none = false, lan_none = false, pfx_none = false;
	int i;

	memset(d, 0, sizeof(*d));
	if (argc < 1)
		return perr(e, "missing device name");
	if (!parse_name(argv[0], d->name, e))
		return false;
	for (i = 1; i < argc; i += 2) {
		int kw = dev_keyword(argv[i], e);

		if (kw < 0)
			return false;
		if (i + 1 >= argc)
			return perr(e, "missing value after \"%s\"", dev_keywords[kw]);
		if (!parse_one(d, kw, argv[i + 1], for_set, &ip_none, &lan_none, &pfx_none, e))
			return false;
	}
	if (for_set && argc == 1)
		return perr(e, "nothing to change: expected mac, ip, prefix, iif, mode, proto, lan or fanout");
	if (!for_set && !d->has_protos)
		d->protos = proto_mask_all();	/* the module's default, for display */
	if (!for_set && !d->has_mac && !d->naddrs && !d->npfx && !d->iif[0])
		return perr(e, "device \"%s\" needs a mac or at least one ip to be recognised",
			    d->name);
	return true;
}


/* By hand: a dump of 100 000 devices formats as many MACs. */
void format_mac(const uint8_t m[6], char out[18])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		out[3 * i] = hex[m[i] >> 4];
		out[3 * i + 1] = hex[m[i] & 15];
		out[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/* Dotted decimal by hand: glibc's inet_ntop() goes through sprintf(). */
static void format_ipv4(const uint8_t b[4], char out[16])
{
	char *p = out;
	int i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

void format_ipaddr(const struct ipaddr *a, char *out, size_t size)
{
	if (a->family == AF_INET && size >= INET_ADDRSTRLEN)
		format_ipv4(a->addr, out);
	else if (!inet_ntop(a->family, a->addr, out, (socklen_t)size))
		snprintf(out, size, "?");
}

void format_prefix(const struct prefix *p, char *out, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(out, size, "%s/%u", a, p->len);
}

void format_proto_list(uint32_t mask, char *out, size_t size)
{
	size_t o = 0;
	unsigned int i;

	out[0] = '\0';
	if ((mask & proto_mask_all()) == proto_mask_all()) {
		snprintf(out, size, "all");
		return;
	}
	for (i = 1; i < 32 && o < size; i++)
		if (mask & (1U << i))
			o += (size_t)snprintf(out + o, size - o, "%s%s", o ? "," : "",
					      p2p_proto_name(i));
}

void devspec_format(const struct dev_spec *d, FILE *f)
{
	char buf[256];
	unsigned int i;

	fprintf(f, "device add %s", d->name);
	if (d->has_mac && !d->mac_clear) {
		format_mac(d->mac, buf);
		fprintf(f, " mac %s", buf);
	}
	for (i = 0; i < d->naddrs; i++) {
		format_ipaddr(&d->addrs[i], buf, sizeof(buf));
		fprintf(f, " ip %s", buf);
	}
	for (i = 0; i < d->npfx; i++) {
		format_prefix(&d->pfx[i], buf, sizeof(buf));
		fprintf(f, " prefix %s", buf);
	}
	if (d->iif[0])
		fprintf(f, " iif %s", d->iif);
	format_proto_list(d->protos, buf, sizeof(buf));
	fprintf(f, " mode %s proto %s", mode_name(d->mode), buf);
	for (i = 0; i < d->nlan; i++) {
		format_prefix(&d->lan[i], buf, sizeof(buf));
		fprintf(f, " lan %s", buf);
	}
	fprintf(f, " fanout %s\n", d->fanout ? "on" : "off");
}
