// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Frame decoding for offline classification: see pktdecode.h.
 *
 * Fragments are not reassembled (the CLI reads captures one frame at a
 * time and keeps no state). A first fragment that carries the whole UDP
 * header is decoded like a complete datagram, marked p->fragment, and its
 * payload bytes are handed to the recognisers: they decide on the first
 * bytes of a message, which the first fragment carries, and the module
 * sees the same bytes first once the kernel has reassembled. Later
 * fragments have no UDP header and come back as PKT_FRAGMENT.
 */
#include "pktdecode.h"

#include <pcap/dlt.h>
#include <string.h>
#include <sys/socket.h>

#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define ETH_P_QINQ1	0x9100
#define ARPHRD_ETHER_	1
#define MAX_VLAN_TAGS	4
#define MAX_IPV6_EXT	16
#define IPPROTO_UDP_	17

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void malformed(struct pkt *p, const char *why)
{
	p->status = PKT_MALFORMED;
	p->why = why;
}

bool pkt_linktype_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return true;
	default:
		return false;
	}
}

/* UDP header at udp, with ip_left bytes of IP payload by the IP header and
 * cap_left of them captured. */
static void decode_udp(const uint8_t *udp, uint32_t ip_left, uint32_t cap_left,
		       struct pkt *p)
{
	uint32_t ulen, present;

	if (cap_left < 8) {
		if (ip_left < 8)
			malformed(p, "IP payload shorter than a UDP header");
		else
			malformed(p, "UDP header cut by the capture length");
		return;
	}
	p->sport = be16(udp);
	p->dport = be16(udp + 2);
	ulen = be16(udp + 4);
	if (ulen < 8) {
		malformed(p, "UDP length below 8");
		return;
	}
	/* A first fragment carries only part of the datagram. */
	if (!p->fragment && ulen > ip_left) {
		malformed(p, "UDP length beyond the IP payload");
		return;
	}
	p->len = ulen - 8;
	present = cap_left - 8;
	if (present > p->len)
		present = p->len;
	p->payload = udp + 8;
	p->caplen = present;
	p->status = PKT_UDP;
}

static void decode_ipv4(const uint8_t *ip, uint32_t caplen, struct pkt *p)
{
	uint32_t ihl, total, frag;

	if (caplen < 20) {
		malformed(p, "IPv4 header cut short");
		return;
	}
	if (ip[0] >> 4 != 4) {
		malformed(p, "IPv4 version is not 4");
		return;
	}
	ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	if (ihl < 20) {
		malformed(p, "IPv4 header length below 20");
		return;
	}
	if (ihl > caplen) {
		malformed(p, "IPv4 header length beyond the frame");
		return;
	}
	total = be16(ip + 2);
	if (total < ihl) {
		malformed(p, "IPv4 total length below its header length");
		return;
	}
	p->family = AF_INET;
	memcpy(p->src_ip, ip + 12, 4);
	memcpy(p->dst_ip, ip + 16, 4);
	p->ip_proto = ip[9];
	frag = be16(ip + 6);
	p->fragment = (frag & 0x3fff) != 0;	/* MF or an offset */
	if (p->ip_proto != IPPROTO_UDP_) {
		p->status = PKT_NOT_UDP;
		return;
	}
	if (frag & 0x1fff) {
		p->status = PKT_FRAGMENT;
		return;
	}
	/* Bytes past total are link padding; total past caplen is snaplen. */
	decode_udp(ip + ihl, total - ihl, (total < caplen ? total : caplen) - ihl, p);
	if (p->status == PKT_MALFORMED && p->fragment)
		p->status = PKT_FRAGMENT;
}

/* Extension headers that use the common (next, length in 8-octet units)
 * layout. ESP (50) is opaque and ends the walk as "not UDP". */
static bool ipv6_ext_plain(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 60 || nh == 135 || nh == 139 ||
	       nh == 140;
}

static void decode_ipv6(const uint8_t *ip, uint32_t caplen, struct pkt *p)
{
	uint32_t plen, off = 40, end, hlen;
	uint8_t nh;
	int n;

	if (caplen < 40) {
		malformed(p, "IPv6 header cut short");
		return;
	}
	if (ip[0] >> 4 != 6) {
		malformed(p, "IPv6 version is not 6");
		return;
	}
	plen = be16(ip + 4);
	if (!plen) {
		malformed(p, "IPv6 payload length 0 (jumbogram)");
		return;
	}
	p->family = AF_INET6;
	memcpy(p->src_ip, ip + 8, 16);
	memcpy(p->dst_ip, ip + 24, 16);
	end = 40 + plen;		/* end of the datagram by the header */
	nh = ip[6];
	for (n = 0; n < MAX_IPV6_EXT; n++) {
		p->ip_proto = nh;
		if (nh == IPPROTO_UDP_) {
			uint32_t cap_end = end < caplen ? end : caplen;

			if (off > cap_end) {
				malformed(p, "IPv6 extension headers cut short");
				return;
			}
			decode_udp(ip + off, end - off, cap_end - off, p);
			if (p->status == PKT_MALFORMED && p->fragment)
				p->status = PKT_FRAGMENT;
			return;
		}
		if (nh == 44) {			/* fragment header */
			if (off + 8 > caplen || off + 8 > end) {
				malformed(p, "IPv6 fragment header cut short");
				return;
			}
			p->fragment = true;
			if (be16(ip + off + 2) & 0xfff8) {
				p->ip_proto = ip[off];
				p->status = PKT_FRAGMENT;
				return;
			}
			nh = ip[off];
			off += 8;
			continue;
		}
		if (nh != 51 && !ipv6_ext_plain(nh)) {
			p->status = PKT_NOT_UDP;
			return;
		}
		/* Every extension header is at least 8 bytes long. */
		if (off + 8 > caplen || off + 8 > end) {
			malformed(p, "IPv6 extension header cut short");
			return;
		}
		/* AH counts 4-octet units minus 2, the others 8-octet units minus 1. */
		hlen = nh == 51 ? ((uint32_t)ip[off + 1] + 2) * 4
				: ((uint32_t)ip[off + 1] + 1) * 8;
		if (off + hlen > end) {
			malformed(p, "IPv6 extension header beyond the payload");
			return;
		}
		nh = ip[off];
		off += hlen;
	}
	malformed(p, "too many IPv6 extension headers");
}

static void decode_ip(uint16_t ethertype, const uint8_t *l3, uint32_t caplen,
		      struct pkt *p)
{
	if (ethertype == ETH_P_IPV4)
		decode_ipv4(l3, caplen, p);
	else if (ethertype == ETH_P_IPV6)
		decode_ipv6(l3, caplen, p);
	else
		p->status = PKT_NOT_IP;
}

/* Skips 802.1Q / 802.1ad tags; returns the inner ethertype and moves *off. */
static bool skip_vlan(const uint8_t *f, uint32_t caplen, uint32_t *off,
		      uint16_t *type, struct pkt *p)
{
	int n;

	for (n = 0; n < MAX_VLAN_TAGS; n++) {
		if (*type != ETH_P_8021Q && *type != ETH_P_8021AD && *type != ETH_P_QINQ1)
			return true;
		if (*off + 4 > caplen) {
			malformed(p, "VLAN tag cut short");
			return false;
		}
		*type = be16(f + *off + 2);
		*off += 4;
	}
	if (*type == ETH_P_8021Q || *type == ETH_P_8021AD || *type == ETH_P_QINQ1) {
		malformed(p, "too many VLAN tags");
		return false;
	}
	return true;
}

static void decode_ether(const uint8_t *f, uint32_t caplen, struct pkt *p)
{
	uint32_t off = 14;
	uint16_t type;

	if (caplen < 14) {
		malformed(p, "Ethernet header cut short");
		return;
	}
	memcpy(p->dst_mac, f, 6);
	memcpy(p->src_mac, f + 6, 6);
	p->has_mac = p->has_dst_mac = true;
	type = be16(f + 12);
	if (!skip_vlan(f, caplen, &off, &type, p))
		return;
	decode_ip(type, f + off, caplen - off, p);
}

/* SLL and SLL2 carry one link-layer address: the sender's. */
static void sll_addr(const uint8_t *addr, uint16_t hatype, uint32_t halen,
		     struct pkt *p)
{
	if (hatype == ARPHRD_ETHER_ && halen == 6) {
		memcpy(p->src_mac, addr, 6);
		p->has_mac = true;
	}
}

/* Linux cooked headers: where SLL (16 bytes) and SLL2 (20) keep things. */
struct cooked_layout {
	uint32_t hdrlen, type_off, hatype_off, addr_off;
	const char *short_why;
};

static const struct cooked_layout sll_layout = { 16, 14, 2, 6,
	"Linux cooked (SLL) header cut short" };
static const struct cooked_layout sll2_layout = { 20, 0, 8, 12,
	"Linux cooked (SLL2) header cut short" };

static void decode_cooked(const struct cooked_layout *l, const uint8_t *f,
			  uint32_t caplen, struct pkt *p)
{
	uint32_t off = l->hdrlen, halen;
	uint16_t type;

	if (caplen < l->hdrlen) {
		malformed(p, l->short_why);
		return;
	}
	/* The address length is 16 bits in SLL, 8 bits (at 11) in SLL2. */
	halen = l == &sll_layout ? be16(f + 4) : f[11];
	sll_addr(f + l->addr_off, be16(f + l->hatype_off), halen, p);
	type = be16(f + l->type_off);
	if (!skip_vlan(f, caplen, &off, &type, p))
		return;
	decode_ip(type, f + off, caplen - off, p);
}

static void decode_raw(int dlt, const uint8_t *f, uint32_t caplen, struct pkt *p)
{
	unsigned int version;

	if (!caplen) {
		malformed(p, "empty frame");
		return;
	}
	version = f[0] >> 4;
	if ((dlt == DLT_IPV4 && version != 4) || (dlt == DLT_IPV6 && version != 6)) {
		malformed(p, "IP version does not match the link type");
		return;
	}
	if (version == 4)
		decode_ipv4(f, caplen, p);
	else if (version == 6)
		decode_ipv6(f, caplen, p);
	else
		malformed(p, "raw frame is neither IPv4 nor IPv6");
}

void pkt_decode(int dlt, const uint8_t *frame, uint32_t caplen, struct pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->status = PKT_NOT_IP;
	if (!frame)
		caplen = 0;
	switch (dlt) {
	case DLT_EN10MB:
		decode_ether(frame, caplen, p);
		break;
	case DLT_LINUX_SLL:
		decode_cooked(&sll_layout, frame, caplen, p);
		break;
	case DLT_LINUX_SLL2:
		decode_cooked(&sll2_layout, frame, caplen, p);
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		decode_raw(dlt, frame, caplen, p);
		break;
	default:
		malformed(p, "unsupported link type");
	}
}
