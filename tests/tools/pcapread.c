// SPDX-License-Identifier: GPL-2.0
/*
 * pcap/pcapng reading for the VM test tools. Every length read from the
 * file is checked against what is really there, so a damaged file ends
 * with a message, never with a bad read.
 *
 * Why not the CLI's userspace/pcapread.c: that one reads through libpcap,
 * and the tools are linked statically for the VM's initramfs, which
 * Debian's libpcap.a cannot be (it needs libdbus and libsystemd, and
 * Debian ships no libsystemd.a). The frames are decoded by the CLI's own
 * decoder (userspace/pktdecode.c, which needs only libpcap's headers),
 * so udpreplay sends what `p2pfence classify` sees as whole datagrams.
 * Against this file's own decoder of before, the datagrams found in every
 * capture the tests make or keep are the same; on damaged frames one
 * thing differs: a UDP datagram whose own length is all captured is sent
 * even when the IP header claims more bytes than the capture holds.
 */
#include "pcapread.h"
#include "pktdecode.h"

#include <pcap/dlt.h>

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

/* The pcap/pcapng link types read here, as the CLI's decoder knows them:
 * every raw IP type goes by the IP version (as it always did here). */
static int dlt_of(uint32_t linktype)
{
	switch (linktype) {
	case LINKTYPE_ETHERNET:
		return DLT_EN10MB;
	case LINKTYPE_RAW: case LINKTYPE_RAW_OLD: case LINKTYPE_RAW_OLD2:
	case LINKTYPE_IPV4: case LINKTYPE_IPV6:
	case LINKTYPE_NULL: case LINKTYPE_LOOP:	/* after their 4-byte header */
		return DLT_RAW;
	case LINKTYPE_LINUX_SLL:
		return DLT_LINUX_SLL;
	case LINKTYPE_LINUX_SLL2:
		return DLT_LINUX_SLL2;
	default:
		return -1;
	}
}

int udp_decode(const struct pcap_frame *fr, struct udp_view *u)
{
	const unsigned char *p = fr->data;
	size_t n = fr->len;
	int dlt = dlt_of(fr->linktype);
	struct pkt k;

	if (fr->linktype == LINKTYPE_NULL || fr->linktype == LINKTYPE_LOOP) {
		if (n < 4)
			return 0;
		p += 4;
		n -= 4;
	}
	if (dlt < 0 || n > MAX_NG_BLOCK)
		return 0;
	pkt_decode(dlt, p, (uint32_t)n, &k);
	/*
	 * Whole datagrams only: not a fragment (an IPv6 atomic fragment,
	 * offset 0 and no more to come, is whole), the payload all captured.
	 */
	if (k.status != PKT_UDP || k.caplen != k.len ||
	    (k.fragment && k.family != AF_INET6))
		return 0;
	u->family = k.family;
	memcpy(&u->src, k.src_ip, sizeof(u->src));
	memcpy(&u->dst, k.dst_ip, sizeof(u->dst));
	u->sport = k.sport;
	u->dport = k.dport;
	u->payload = k.payload;
	u->len = k.len;
	return 1;
}

int linktype_known(uint32_t linktype)
{
	return dlt_of(linktype) >= 0;
}
