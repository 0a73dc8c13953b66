// SPDX-License-Identifier: GPL-2.0
/*
 * udpreplay [-d ADDR] [-s ADDR] [-P PORT] [-c COUNT] [-i USEC] [-g] [-G K]
 *           [-F FIRST] [-v] FILE.pcap...
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
 *   -i USEC   pause between datagrams (between sends with -G)
 *   -g        paged: send each datagram with a UDP_SEGMENT control message
 *             whose segment size is at least its length, so that the kernel
 *             builds it with its payload in page fragments (a non-linear
 *             skb) yet sends it as one ordinary, non-GSO datagram; a payload
 *             that does not fit one segment (the path MTU less the headers)
 *             is an error, never split
 *   -G K      GSO batches (K 2..64): up to K consecutive datagrams to the same
 *             destination address and port from the same source port, all
 *             of one length but the last (which may be shorter), go in ONE
 *             send with UDP_SEGMENT set to that length: the kernel makes one
 *             GSO skb (SKB_GSO_UDP_L4) holding them all, segmented only where
 *             a device needs it. A group of one is sent normally (paged with
 *             -g). Needs a route whose device offloads checksums and segments
 *             no larger than the path MTU allows
 *   -F FIRST  fragments made here (ipfrag.h, a raw socket): each datagram
 *             goes as IP fragments, the first holding its UDP header and
 *             FIRST bytes of payload (0..1024, a multiple of 8; 0: the
 *             header alone), the others up to 1024 bytes each; a datagram
 *             of at most FIRST bytes goes whole. Same source address and
 *             port as a socket's datagram would have. Not with -g or -G
 *   -v        print each datagram sent (and each group of -G)
 *
 * "sent N" counts datagrams, however many sends carried them.
 */
#include "ipfrag.h"
#include "pcapread.h"

#include "tool.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

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
	long batch;		/* -G: datagrams per send at most; 1 without */
	int paged;		/* -g */
	long frag_first;	/* -F: first fragment's payload; -1 without */
	int verbose;
};

/* Datagrams waiting to go in one send (-G), or the one datagram to send. */
struct group {
	int family;
	struct in6_addr dst;
	uint16_t dport, sport;
	size_t seg;		/* length of the first datagram */
	size_t len;		/* bytes in buf */
	int n;			/* datagrams in buf */
	int closed;		/* the last one was shorter: no more may join */
	long first_frame, last_frame;
	unsigned char buf[65536];
};

static struct group grp;

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

/* Largest UDP payload of one IP packet (GSO skbs obey the same limit). */
static size_t max_payload(int family)
{
	return family == AF_INET ? 65535 - 20 - 8 : 65535 - 8;
}

/* Whether a datagram may join the waiting group (-G). */
static int joins(const struct opts *o, int family, const struct in6_addr *dst,
		 uint16_t dport, uint16_t sport, size_t len)
{
	return grp.n < o->batch && !grp.closed && len > 0 && len <= grp.seg &&
	       grp.family == family && grp.dport == dport && grp.sport == sport &&
	       !memcmp(&grp.dst, dst, sizeof(*dst)) &&
	       grp.len + len <= max_payload(family);
}

/*
 * The source a datagram from @fd to @dst gets: the address the route
 * chooses (or -s), the port @fd is bound to.
 */
static int source_of(const struct opts *o, int fd, int family,
		     const struct in6_addr *dst, struct in6_addr *src,
		     uint16_t *sport)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int probe;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
		return -1;
	*sport = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
			((struct sockaddr_in6 *)&ss)->sin6_port);
	memset(src, 0, sizeof(*src));
	if (o->src_family) {
		*src = o->src;
		return 0;
	}
	probe = socket(family, SOCK_DGRAM, 0);
	if (probe < 0)
		return -1;
	sl = make_sa(&ss, family, dst, 9);
	if (connect(probe, (struct sockaddr *)&ss, sl) < 0 ||
	    getsockname(probe, (struct sockaddr *)&ss, &sl) < 0) {
		close(probe);
		return -1;
	}
	close(probe);
	if (family == AF_INET)
		memcpy(src, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	else
		*src = ((struct sockaddr_in6 *)&ss)->sin6_addr;
	return 0;
}

/* -F: the one waiting datagram, @len bytes, as fragments; 0 or -1. */
static int send_fragmented(const struct opts *o, int fd, size_t len)
{
	struct in6_addr src;
	uint16_t sport;

	if (source_of(o, fd, grp.family, &grp.dst, &src, &sport) < 0)
		return -1;
	return ipfrag_send(grp.family, &src, sport, &grp.dst, grp.dport,
			   grp.buf, len, (size_t)o->frag_first);
}

/* Sends the waiting group; returns the datagrams it held, -1 on error. */
static long flush(const struct opts *o, const char *path)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint16_t))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = grp.buf, .iov_len = grp.len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	uint16_t gso;
	ssize_t r;
	int fd, n = grp.n;

	grp.n = 0;
	grp.len = 0;
	fd = sock_for(o, grp.family, grp.sport);
	if (fd < 0)
		return -1;	/* reported by sock_for */
	msg.msg_name = &ss;
	msg.msg_namelen = make_sa(&ss, grp.family, &grp.dst, grp.dport);
	if (o->frag_first >= 0) {
		r = send_fragmented(o, fd, iov.iov_len);
	} else if (n == 1 && !o->paged) {
		r = sendmsg(fd, &msg, 0);
	} else {
		/* Paged alone: any segment size not below the length will do. */
		gso = (uint16_t)(n > 1 ? grp.seg : iov.iov_len ? iov.iov_len : 1);
		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_UDP;
		cm->cmsg_type = UDP_SEGMENT;
		cm->cmsg_len = CMSG_LEN(sizeof(gso));
		memcpy(CMSG_DATA(cm), &gso, sizeof(gso));
		if (o->verbose && n > 1)
			fprintf(stderr, "udpreplay: GSO send of %d datagrams, %zu bytes, segment size %u\n",
				n, iov.iov_len, gso);
		r = sendmsg(fd, &msg, 0);
	}
	if (r < 0) {
		int e = errno;
		char why[160];

		snprintf(why, sizeof(why), "%s", strerror(e));
		if ((e == EINVAL || e == EMSGSIZE) && n > 1)
			snprintf(why, sizeof(why), "%s: GSO segments of %zu bytes do not fit the path MTU",
				 strerror(e), grp.seg);
		else if ((e == EINVAL || e == EMSGSIZE) && o->paged)
			snprintf(why, sizeof(why), "%s: a payload of %zu bytes does not fit one segment (the path MTU less the headers); -g never splits a datagram",
				 strerror(e), grp.seg);
		else if (e == EPERM && o->frag_first >= 0)
			snprintf(why, sizeof(why), "%s: -F sends through a raw socket, which needs CAP_NET_RAW",
				 strerror(e));
		else if (e == EIO && (o->paged || n > 1))
			snprintf(why, sizeof(why), "%s: the route's device does not offload UDP checksums, which UDP_SEGMENT needs",
				 strerror(e));
		if (grp.first_frame == grp.last_frame)
			fprintf(stderr, "udpreplay: %s: frame %ld: send: %s\n", path,
				grp.last_frame, why);
		else
			fprintf(stderr, "udpreplay: %s: frames %ld-%ld: send: %s\n", path,
				grp.first_frame, grp.last_frame, why);
		return -1;
	}
	if (o->gap_us > 0)
		usleep((useconds_t)o->gap_us);
	return n;
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
			const struct in6_addr *dst = &u.dst;
		int family;
		uint16_t dport;

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
		if (grp.n && !joins(o, family, dst, dport, u.sport, u.len)) {
			long k = flush(o, path);

			if (k < 0) {
				n = -2;
				break;
			}
			sent += k;
		}
		if (o->verbose)
			show(&u, family, dst, dport);
		if (!grp.n) {
			grp.family = family;
			grp.dst = *dst;
			grp.dport = dport;
			grp.sport = u.sport;
			grp.seg = u.len;
			grp.first_frame = frames;
		}
		memcpy(grp.buf + grp.len, u.payload, u.len);
		grp.len += u.len;
		grp.n++;
		grp.closed = u.len < grp.seg;
		grp.last_frame = frames;
	}
	if (n == 0 && grp.n) {
		long k = flush(o, path);

		if (k < 0)
			n = -2;
		else
			sent += k;
	}
	grp.n = 0;
	grp.len = 0;
	if (n == -1)
		fprintf(stderr, "udpreplay: %s\n", r.err);
	pcap_close(&r);
	return n < 0 ? -1 : sent;
}

static void usage(void)
{
	fprintf(stderr, "usage: udpreplay [-d ADDR] [-s ADDR] [-P PORT] [-c COUNT] [-i USEC] [-g] [-G K] [-F FIRST] [-v] FILE.pcap...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { .port = -1, .count = 1, .batch = 1, .frag_first = -1 };
	long total = 0, rounds;
	int c, i, rc = 0;

	while ((c = getopt(argc, argv, "d:s:P:c:i:gG:F:vh")) != -1) {
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
			o.port = tool_number("udpreplay", optarg, 1, 65535, "port");
			break;
		case 'c':
			o.count = tool_number("udpreplay", optarg, 1, 1000000, "count");
			break;
		case 'i':
			o.gap_us = tool_number("udpreplay", optarg, 0, 10000000, "gap");
			break;
		case 'g':
			o.paged = 1;
			break;
		case 'G':
			o.batch = tool_number("udpreplay", optarg, 2, 64, "GSO batch");
			break;
		case 'F':
			o.frag_first = tool_number("udpreplay", optarg, 0,
						   IPFRAG_LATER, "first fragment");
			if (o.frag_first % 8) {
				fprintf(stderr, "udpreplay: bad first fragment '%s' (a multiple of 8)\n",
					optarg);
				return 2;
			}
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
	if (o.frag_first >= 0 && (o.paged || o.batch > 1)) {
		fprintf(stderr, "udpreplay: -F makes its own fragments: not with -g or -G\n");
		return 2;
	}
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
