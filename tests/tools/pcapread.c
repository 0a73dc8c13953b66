// SPDX-License-Identifier: GPL-2.0
/*
 * pcap/pcapng reading and UDP decoding for the VM test tools. Every
 * length read from the file is checked against what is really there, so
 * a damaged file ends with a message, never with a bad read.
 */
#include "pcapread.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define LINKTYPE_NULL		0
#define LINKTYPE_ETHERNET	1
#define LINKTYPE_RAW_OLD	12
#define LINKTYPE_RAW_OLD2	14
#define LINKTYPE_RAW		101
#define LINKTYPE_LOOP		108
#define LINKTYPE_LINUX_SLL	113
#define LINKTYPE_IPV4		228
#define LINKTYPE_IPV6		229
#define LINKTYPE_LINUX_SLL2	276

#define MAX_FRAME		(256u * 1024u)
#define MAX_NG_BLOCK		(16u * 1024u * 1024u)

static int fail(struct pcap_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return -1;
}

static uint32_t get32(const struct pcap_reader *r, const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return r->swap ? __builtin_bswap32(v) : v;
}

static uint16_t get16(const struct pcap_reader *r, const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return r->swap ? __builtin_bswap16(v) : v;
}

static int grow(struct pcap_reader *r, size_t need)
{
	unsigned char *n;

	if (need <= r->cap)
		return 0;
	n = realloc(r->buf, need);
	if (!n)
		return fail(r, "out of memory");
	r->buf = n;
	r->cap = need;
	return 0;
}

/* Reads exactly n bytes: 1 done, 0 clean end of file (nothing read), -1. */
static int readn(struct pcap_reader *r, void *p, size_t n, const char *what)
{
	size_t got = fread(p, 1, n, r->f);

	if (got == n)
		return 1;
	if (got == 0 && feof(r->f))
		return 0;
	return fail(r, "%s: truncated %s", r->path, what);
}

int pcap_open(struct pcap_reader *r, const char *path)
{
	unsigned char h[24];
	uint32_t magic;
	int n;

	memset(r, 0, sizeof(*r));
	r->path = path;
	r->f = fopen(path, "rb");
	if (!r->f)
		return fail(r, "%s: cannot open", path);
	n = readn(r, h, 4, "file header");
	if (n <= 0)
		return n ? -1 : fail(r, "%s: empty file", path);
	memcpy(&magic, h, 4);
	if (magic == 0x0a0d0d0a) {
		/* pcapng: the section header block is read by pcap_next. */
		r->ng = 1;
		rewind(r->f);
		return 0;
	}
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		r->swap = 0;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		r->swap = 1;
	else
		return fail(r, "%s: not a pcap or pcapng file", path);
	if (readn(r, h + 4, 20, "file header") <= 0)
		return fail(r, "%s: truncated file header", path);
	r->linktype = get32(r, h + 20) & 0x0fffffff;
	return 0;
}

static int classic_next(struct pcap_reader *r, struct pcap_frame *fr)
{
	unsigned char h[16];
	uint32_t incl;
	int n = readn(r, h, 16, "record header");

	if (n <= 0)
		return n;
	incl = get32(r, h + 8);
	if (incl > MAX_FRAME)
		return fail(r, "%s: record of %u bytes is implausible", r->path, incl);
	if (grow(r, incl ? incl : 1) < 0)
		return -1;
	if (incl && readn(r, r->buf, incl, "record") <= 0)
		return fail(r, "%s: truncated record", r->path);
	fr->data = r->buf;
	fr->len = incl;
	fr->linktype = r->linktype;
	return 1;
}

static int ng_next(struct pcap_reader *r, struct pcap_frame *fr)
{
	for (;;) {
		unsigned char h[8];
		uint32_t type, len, body;
		unsigned char *b;
		int n = readn(r, h, 8, "block header");

		if (n <= 0)
			return n;
		memcpy(&type, h, 4);
		if (type == 0x0a0d0d0a) {
			uint32_t bom;

			/* Section header: its byte-order magic sets the order. */
			if (readn(r, &bom, 4, "section header") <= 0)
				return fail(r, "%s: truncated section header", r->path);
			if (bom == 0x1a2b3c4d)
				r->swap = 0;
			else if (bom == 0x4d3c2b1a)
				r->swap = 1;
			else
				return fail(r, "%s: bad pcapng byte-order magic", r->path);
			r->ng_nlinks = 0;
			len = get32(r, h + 4);
			if (len < 16 || len % 4 || len > MAX_NG_BLOCK)
				return fail(r, "%s: bad section header length", r->path);
			if (grow(r, len) < 0)
				return -1;
			if (readn(r, r->buf, len - 12, "section header") <= 0)
				return fail(r, "%s: truncated section header", r->path);
			continue;
		}
		type = get32(r, h);
		len = get32(r, h + 4);
		if (len < 12 || len % 4 || len > MAX_NG_BLOCK)
			return fail(r, "%s: bad pcapng block length %u", r->path, len);
		body = len - 12;
		if (grow(r, len) < 0)
			return -1;
		b = r->buf;
		/* body plus the trailing copy of the length */
		if (readn(r, b, body + 4, "block") <= 0)
			return fail(r, "%s: truncated pcapng block", r->path);
		if (type == 1) {		/* interface description */
			if (body < 8)
				return fail(r, "%s: short interface block", r->path);
			if (r->ng_nlinks < sizeof(r->ng_links) / sizeof(r->ng_links[0]))
				r->ng_links[r->ng_nlinks++] = get16(r, b);
			continue;
		}
		if (type == 6) {		/* enhanced packet */
			uint32_t ifid, caplen;

			if (body < 20)
				return fail(r, "%s: short packet block", r->path);
			ifid = get32(r, b);
			caplen = get32(r, b + 12);
			if (caplen > body - 20)
				return fail(r, "%s: packet block overruns itself", r->path);
			if (ifid >= r->ng_nlinks)
				return fail(r, "%s: packet on undeclared interface %u", r->path, ifid);
			fr->data = b + 20;
			fr->len = caplen;
			fr->linktype = r->ng_links[ifid];
			return 1;
		}
		if (type == 3) {		/* simple packet: interface 0 */
			uint32_t orig;

			if (body < 4 || !r->ng_nlinks)
				return fail(r, "%s: bad simple packet block", r->path);
			orig = get32(r, b);
			fr->data = b + 4;
			fr->len = orig < body - 4 ? orig : body - 4;
			fr->linktype = r->ng_links[0];
			return 1;
		}
		/* Any other block (statistics, name resolution...) is skipped. */
	}
}

int pcap_next(struct pcap_reader *r, struct pcap_frame *fr)
{
	return r->ng ? ng_next(r, fr) : classic_next(r, fr);
}

void pcap_close(struct pcap_reader *r)
{
	if (r->f)
		fclose(r->f);
	free(r->buf);
	r->f = NULL;
	r->buf = NULL;
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* UDP header at p (n bytes left, IP payload length ip_len). */
static int udp_at(const unsigned char *p, size_t n, size_t ip_len,
		  struct udp_view *u)
{
	size_t ulen;

	if (ip_len > n || ip_len < 8)
		return 0;	/* truncated capture */
	ulen = be16(p + 4);
	if (ulen < 8 || ulen > ip_len)
		return 0;
	u->sport = be16(p);
	u->dport = be16(p + 2);
	u->payload = p + 8;
	u->len = ulen - 8;
	return 1;
}

static int ipv4(const unsigned char *p, size_t n, struct udp_view *u)
{
	size_t ihl, tot;

	if (n < 20 || p[0] >> 4 != 4)
		return 0;
	ihl = (size_t)(p[0] & 15) * 4;
	tot = be16(p + 2);
	if (ihl < 20 || tot < ihl || tot > n || p[9] != IPPROTO_UDP)
		return 0;
	if (be16(p + 6) & 0x3fff)
		return 0;	/* a fragment: the datagram is not whole */
	memset(&u->src, 0, sizeof(u->src));
	memset(&u->dst, 0, sizeof(u->dst));
	memcpy(&u->src, p + 12, 4);
	memcpy(&u->dst, p + 16, 4);
	u->family = AF_INET;
	return udp_at(p + ihl, n - ihl, tot - ihl, u);
}

static int ipv6(const unsigned char *p, size_t n, struct udp_view *u)
{
	size_t off = 40, plen;
	unsigned int next, hops = 0;

	if (n < 40 || p[0] >> 4 != 6)
		return 0;
	plen = be16(p + 4);
	if (40 + plen > n)
		return 0;
	next = p[6];
	/* Walk the extension headers that may precede UDP. */
	while (next != IPPROTO_UDP) {
		if (++hops > 8 || off + 8 > 40 + plen)
			return 0;
		switch (next) {
		case 0: case 43: case 60:	/* hop-by-hop, routing, dest opts */
			next = p[off];
			off += ((size_t)p[off + 1] + 1) * 8;
			break;
		case 44:			/* fragment */
			if (be16(p + off + 2) & 0xfff9)
				return 0;	/* not a whole datagram */
			next = p[off];
			off += 8;
			break;
		default:
			return 0;
		}
	}
	if (off > 40 + plen)
		return 0;
	memcpy(&u->src, p + 8, 16);
	memcpy(&u->dst, p + 24, 16);
	u->family = AF_INET6;
	return udp_at(p + off, n - off, 40 + plen - off, u);
}

static int l3(unsigned int ethertype, const unsigned char *p, size_t n,
	      struct udp_view *u)
{
	if (ethertype == 0x0800)
		return ipv4(p, n, u);
	if (ethertype == 0x86dd)
		return ipv6(p, n, u);
	return 0;
}

static int by_version(const unsigned char *p, size_t n, struct udp_view *u)
{
	if (n < 1)
		return 0;
	return (p[0] >> 4) == 4 ? ipv4(p, n, u) : ipv6(p, n, u);
}

int udp_decode(const struct pcap_frame *fr, struct udp_view *u)
{
	const unsigned char *p = fr->data;
	size_t n = fr->len, off;
	unsigned int et;

	switch (fr->linktype) {
	case LINKTYPE_ETHERNET:
		if (n < 14)
			return 0;
		et = be16(p + 12);
		off = 14;
		/* 802.1Q / 802.1ad tags, possibly stacked */
		while ((et == 0x8100 || et == 0x88a8 || et == 0x9100) && off + 4 <= n) {
			et = be16(p + off + 2);
			off += 4;
		}
		return l3(et, p + off, n - off, u);
	case LINKTYPE_RAW:
	case LINKTYPE_RAW_OLD:
	case LINKTYPE_RAW_OLD2:
	case LINKTYPE_IPV4:
	case LINKTYPE_IPV6:
		return by_version(p, n, u);
	case LINKTYPE_LINUX_SLL:
		return n < 16 ? 0 : l3(be16(p + 14), p + 16, n - 16, u);
	case LINKTYPE_LINUX_SLL2:
		return n < 20 ? 0 : l3(be16(p), p + 20, n - 20, u);
	case LINKTYPE_NULL:
	case LINKTYPE_LOOP:
		return n < 4 ? 0 : by_version(p + 4, n - 4, u);
	default:
		return 0;
	}
}

int linktype_known(uint32_t linktype)
{
	switch (linktype) {
	case LINKTYPE_ETHERNET: case LINKTYPE_RAW: case LINKTYPE_RAW_OLD:
	case LINKTYPE_RAW_OLD2: case LINKTYPE_IPV4: case LINKTYPE_IPV6:
	case LINKTYPE_LINUX_SLL: case LINKTYPE_LINUX_SLL2:
	case LINKTYPE_NULL: case LINKTYPE_LOOP:
		return 1;
	default:
		return 0;
	}
}
