// SPDX-License-Identifier: GPL-2.0
/*
 * IP fragments built by hand (ipfrag.h). The raw sockets (IPPROTO_RAW:
 * the header is ours) stay open for the process's life.
 */
#include "ipfrag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#define UDP_HLEN	8
#define IP4_HLEN	20
#define IP6_HLEN	40
#define FRAG6_HLEN	8
#define NEXTHDR_FRAGMENT 44

/* The largest packet built: an IPv6 fragment header and a later fragment. */
#define PKT_MAX		(IP6_HLEN + FRAG6_HLEN + IPFRAG_LATER)

static int raw4 = -1, raw6 = -1;

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* The UDP header, its checksum over the pseudo-header and all the payload. */
static void udp_header(uint8_t *h, int family, const struct in6_addr *src,
		       uint16_t sport, const struct in6_addr *dst,
		       uint16_t dport, const uint8_t *payload, size_t len)
{
	size_t alen = family == AF_INET ? 4 : 16;
	uint32_t ulen = (uint32_t)(UDP_HLEN + len);
	uint32_t s = 0;
	uint16_t c;

	h[0] = sport >> 8;
	h[1] = sport & 0xff;
	h[2] = dport >> 8;
	h[3] = dport & 0xff;
	h[4] = (ulen >> 8) & 0xff;
	h[5] = ulen & 0xff;
	h[6] = 0;
	h[7] = 0;
	s = sum16((const uint8_t *)src, alen, s);
	s = sum16((const uint8_t *)dst, alen, s);
	s += IPPROTO_UDP + (ulen & 0xffff) + (ulen >> 16);
	s = sum16(h, UDP_HLEN, s);
	s = sum16(payload, len, s);
	c = fold(s);
	if (!c)
		c = 0xffff;	/* 0 would mean "no checksum" */
	h[6] = c >> 8;
	h[7] = c & 0xff;
}

static int raw_socket(int family)
{
	int *fd = family == AF_INET ? &raw4 : &raw6;

	if (*fd < 0)
		*fd = socket(family, SOCK_RAW, IPPROTO_RAW);
	return *fd;
}

static int send_packet(int family, const struct in6_addr *dst,
		       const uint8_t *pkt, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = raw_socket(family);

	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, dst, 4);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = *dst;
		sl = sizeof(*s6);
	}
	if (sendto(fd, pkt, n, 0, (struct sockaddr *)&ss, sl) != (ssize_t)n)
		return -1;
	return 0;
}

/*
 * One fragment: @n bytes of the datagram (UDP header and payload as one
 * run, @dgram) from byte @off, with more to come when @more.
 */
static int send_fragment(int family, const struct in6_addr *src,
			 const struct in6_addr *dst, uint32_t id,
			 const uint8_t *dgram, size_t off, size_t n, int more,
			 int whole)
{
	uint8_t pkt[PKT_MAX];
	uint8_t *h = pkt;
	size_t hl;

	memset(pkt, 0, IP6_HLEN + FRAG6_HLEN);
	if (family == AF_INET) {
		uint16_t fo = (uint16_t)(off / 8) | (more ? 0x2000 : 0);

		hl = IP4_HLEN;
		h[0] = 0x45;
		h[2] = (uint8_t)((hl + n) >> 8);
		h[3] = (uint8_t)(hl + n);
		h[4] = (uint8_t)(id >> 8);
		h[5] = (uint8_t)id;
		h[6] = fo >> 8;
		h[7] = fo & 0xff;
		h[8] = 64;
		h[9] = IPPROTO_UDP;
		memcpy(h + 12, src, 4);
		memcpy(h + 16, dst, 4);
	} else {
		uint16_t fo = (uint16_t)off | (more ? 1 : 0);

		hl = whole ? IP6_HLEN : IP6_HLEN + FRAG6_HLEN;
		h[0] = 0x60;
		h[4] = (uint8_t)((hl - IP6_HLEN + n) >> 8);
		h[5] = (uint8_t)(hl - IP6_HLEN + n);
		h[6] = whole ? IPPROTO_UDP : NEXTHDR_FRAGMENT;
		h[7] = 64;
		memcpy(h + 8, src, 16);
		memcpy(h + 24, dst, 16);
		if (!whole) {
			h[40] = IPPROTO_UDP;
			h[42] = fo >> 8;
			h[43] = fo & 0xff;
			h[44] = (uint8_t)(id >> 24);
			h[45] = (uint8_t)(id >> 16);
			h[46] = (uint8_t)(id >> 8);
			h[47] = (uint8_t)id;
		}
	}
	memcpy(pkt + hl, dgram + off, n);
	return send_packet(family, dst, pkt, hl + n);
}

int ipfrag_send(int family, const struct in6_addr *src, uint16_t sport,
		const struct in6_addr *dst, uint16_t dport,
		const uint8_t *payload, size_t len, size_t first)
{
	static uint8_t dgram[UDP_HLEN + 65536];
	size_t total = UDP_HLEN + len, off, n;
	uint32_t id;

	if (first % 8 || first > IPFRAG_LATER || len > 65535 - UDP_HLEN -
	    (family == AF_INET ? IP4_HLEN : 0)) {
		errno = EINVAL;
		return -1;
	}
	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		return -1;
	id |= 1;	/* never 0: IPv4 raw sends fill a 0 id themselves */
	udp_header(dgram, family, src, sport, dst, dport, payload, len);
	memcpy(dgram + UDP_HLEN, payload, len);
	if (len <= first)
		return send_fragment(family, src, dst, id, dgram, 0, total, 0, 1);
	n = UDP_HLEN + first;
	if (send_fragment(family, src, dst, id, dgram, 0, n, 1, 0) < 0)
		return -1;
	for (off = n; off < total; off += n) {
		n = total - off < IPFRAG_LATER ? total - off : IPFRAG_LATER;
		if (send_fragment(family, src, dst, id, dgram, off, n,
				  off + n < total, 0) < 0)
			return -1;
	}
	return 0;
}
