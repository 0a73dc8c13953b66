// SPDX-License-Identifier: GPL-2.0
/*
 * udpreplay [-d ADDR] [-s ADDR] [-P PORT] [-c COUNT] [-i USEC] [-v] FILE.pcap...
 *
 * Sends the UDP payloads found in the capture(s), in order, from the
 * current network namespace through ordinary UDP sockets, so that they
 * cross the test topology like a real host's traffic. Each datagram keeps
 * its destination port and, unless -d is given, its destination address;
 * it leaves from its captured source port when that port can be bound
 * (else from an ephemeral one). Prints "sent N".
 *
 *   -d ADDR   send every datagram to ADDR instead (IPv4 or IPv6)
 *   -s ADDR   bind to this source address
 *   -P PORT   send to PORT instead of the captured destination port
 *   -c COUNT  replay the whole capture COUNT times
 *   -i USEC   pause between datagrams
 *   -v        print each datagram sent
 */
#include "pcapread.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Sockets kept open at once (one per source port and family); beyond
 * that all are closed and reopened as needed, to stay under the fd limit. */
#define MAX_SOCKS 512

struct sock_slot {
	int family;
	uint16_t sport;
	int fd;
};

static struct sock_slot socks[MAX_SOCKS];
static unsigned int nsocks;

struct opts {
	int dst_family, src_family;
	struct in6_addr dst, src;	/* IPv4 in the first 4 bytes */
	long port;
	long count;
	long gap_us;
	int verbose;
};

static int parse_addr(const char *s, int *family, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static socklen_t make_sa(struct sockaddr_storage *ss, int family,
			 const struct in6_addr *a, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a, 4);
		return sizeof(*s4);
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	s6->sin6_addr = *a;
	return sizeof(*s6);
}

/* The socket sending from (family, sport), created on first use. */
static int sock_for(const struct opts *o, int family, uint16_t sport)
{
	struct sockaddr_storage ss;
	static const struct in6_addr any;
	const struct in6_addr *src = &any;
	unsigned int i;
	socklen_t sl;
	int fd;

	for (i = 0; i < nsocks; i++)
		if (socks[i].family == family && socks[i].sport == sport)
			return socks[i].fd;
	if (nsocks == MAX_SOCKS) {
		for (i = 0; i < nsocks; i++)
			close(socks[i].fd);
		nsocks = 0;
	}
	if (o->src_family) {
		if (o->src_family != family) {
			fprintf(stderr, "udpreplay: -s address family differs from the destination's\n");
			return -1;
		}
		src = &o->src;
	}
	fd = socket(family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpreplay: socket");
		return -1;
	}
	sl = make_sa(&ss, family, src, sport);
	if (sport == 0 || bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		/* Port taken or privileged: any port will do. */
		sl = make_sa(&ss, family, src, 0);
		if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
			perror("udpreplay: bind");
			close(fd);
			return -1;
		}
	}
	socks[nsocks].family = family;
	socks[nsocks].sport = sport;
	socks[nsocks].fd = fd;
	nsocks++;
	return fd;
}

static void show(const struct udp_view *u, int family, const struct in6_addr *dst,
		 uint16_t dport)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	inet_ntop(u->family, &u->src, s, sizeof(s));
	inet_ntop(family, dst, d, sizeof(d));
	fprintf(stderr, "udpreplay: %s:%u -> %s:%u %zu bytes\n", s, u->sport, d,
		dport, u->len);
}

/* Replays one file once; returns datagrams sent, -1 on error. */
static long replay(const struct opts *o, const char *path)
{
	struct pcap_reader r;
	struct pcap_frame fr;
	struct udp_view u;
	long sent = 0, frames = 0;
	int n;

	if (pcap_open(&r, path) < 0) {
		fprintf(stderr, "udpreplay: %s\n", r.err);
		pcap_close(&r);
		return -1;
	}
	while ((n = pcap_next(&r, &fr)) == 1) {
		struct sockaddr_storage ss;
		const struct in6_addr *dst = &u.dst;
		int family, fd;
		uint16_t dport;
		socklen_t sl;

		frames++;
		if (!linktype_known(fr.linktype)) {
			fprintf(stderr, "udpreplay: %s: frame %ld: unsupported link type %u\n",
				path, frames, fr.linktype);
			pcap_close(&r);
			return -1;
		}
		if (!udp_decode(&fr, &u))
			continue;
		family = u.family;
		if (o->dst_family) {
			family = o->dst_family;
			dst = &o->dst;
		}
		dport = o->port >= 0 ? (uint16_t)o->port : u.dport;
		if (dport == 0)
			continue;	/* cannot be sent through a UDP socket */
		fd = sock_for(o, family, u.sport);
		if (fd < 0) {
			n = -2;		/* reported by sock_for */
			break;
		}
		sl = make_sa(&ss, family, dst, dport);
		if (o->verbose)
			show(&u, family, dst, dport);
		if (sendto(fd, u.payload, u.len, 0, (struct sockaddr *)&ss, sl) < 0) {
			fprintf(stderr, "udpreplay: %s: frame %ld: send: %s\n", path,
				frames, strerror(errno));
			n = -2;
			break;
		}
		sent++;
		if (o->gap_us > 0)
			usleep((useconds_t)o->gap_us);
	}
	if (n == -1)
		fprintf(stderr, "udpreplay: %s\n", r.err);
	pcap_close(&r);
	return n < 0 ? -1 : sent;
}

static long number(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "udpreplay: bad %s '%s' (%ld..%ld)\n", what, s, min, max);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: udpreplay [-d ADDR] [-s ADDR] [-P PORT] [-c COUNT] [-i USEC] [-v] FILE.pcap...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { .port = -1, .count = 1 };
	long total = 0, rounds;
	int c, i, rc = 0;

	while ((c = getopt(argc, argv, "d:s:P:c:i:vh")) != -1) {
		switch (c) {
		case 'd':
			if (parse_addr(optarg, &o.dst_family, &o.dst) < 0) {
				fprintf(stderr, "udpreplay: bad address '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
			if (parse_addr(optarg, &o.src_family, &o.src) < 0) {
				fprintf(stderr, "udpreplay: bad address '%s'\n", optarg);
				return 2;
			}
			break;
		case 'P':
			o.port = number(optarg, 1, 65535, "port");
			break;
		case 'c':
			o.count = number(optarg, 1, 1000000, "count");
			break;
		case 'i':
			o.gap_us = number(optarg, 0, 10000000, "gap");
			break;
		case 'v':
			o.verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	for (rounds = 0; rounds < o.count && !rc; rounds++) {
		for (i = optind; i < argc; i++) {
			long n = replay(&o, argv[i]);

			if (n < 0) {
				rc = 1;
				break;
			}
			total += n;
		}
	}
	for (i = 0; i < (int)nsocks; i++)
		close(socks[i].fd);
	printf("sent %ld\n", total);
	return rc;
}
