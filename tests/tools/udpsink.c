// SPDX-License-Identifier: GPL-2.0
/*
 * udpsink [-p PORT] [-w FILE] SECONDS
 *
 * Counts the UDP datagrams (IPv4 and IPv6) that arrive in the current
 * network namespace during SECONDS, on any interface, to any address and
 * port, whether or not a socket listens: a packet socket sees them before
 * the stack. Only incoming packets count (not those we send, not those
 * merely seen in promiscuous mode), loopback is ignored, and on a bridge
 * only the bridge device counts, not its ports (else a datagram would
 * count twice). Prints "received N".
 *
 *   -p PORT   count only datagrams to this destination port
 *   -w FILE   create FILE once the socket is open (to synchronise tests)
 *
 * SIGTERM or SIGINT ends the count early: what is queued is still counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_IFINDEX 4096

/* Per ifindex: 0 unknown, 1 counted, 2 a bridge port (ignored). */
static unsigned char ifkind[MAX_IFINDEX];

static int is_bridge_port(int ifindex)
{
	char name[IF_NAMESIZE], path[64 + IF_NAMESIZE];

	if (ifindex <= 0 || ifindex >= MAX_IFINDEX)
		return 0;
	if (!ifkind[ifindex]) {
		ifkind[ifindex] = 1;
		if (if_indextoname((unsigned int)ifindex, name)) {
			snprintf(path, sizeof(path), "/sys/class/net/%s/brport", name);
			if (access(path, F_OK) == 0)
				ifkind[ifindex] = 2;
		}
	}
	return ifkind[ifindex] == 2;
}

static unsigned int be16(const unsigned char *p)
{
	return (unsigned int)(p[0] << 8 | p[1]);
}

/* Destination port of the UDP datagram at p, or -1 if not UDP. */
static long udp_dport(unsigned int proto, const unsigned char *p, size_t n)
{
	if (proto == ETH_P_IP) {
		size_t ihl;

		if (n < 20 || p[0] >> 4 != 4 || p[9] != IPPROTO_UDP)
			return -1;
		if (be16(p + 6) & 0x1fff)
			return -1;	/* later fragment: the first one counts */
		ihl = (size_t)(p[0] & 15) * 4;
		return n >= ihl + 4 ? (long)be16(p + ihl + 2) : 0;
	}
	if (proto == ETH_P_IPV6) {
		size_t off = 40;
		unsigned int next, hops = 0;

		if (n < 40 || p[0] >> 4 != 6)
			return -1;
		next = p[6];
		while (next != IPPROTO_UDP) {
			if (++hops > 8 || off + 8 > n)
				return -1;
			if (next == 0 || next == 43 || next == 60) {
				next = p[off];
				off += ((size_t)p[off + 1] + 1) * 8;
			} else if (next == 44) {
				if (be16(p + off + 2) & 0xfff8)
					return -1;	/* later fragment */
				next = p[off];
				off += 8;
			} else {
				return -1;
			}
		}
		return n >= off + 4 ? (long)be16(p + off + 2) : 0;
	}
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: udpsink [-p PORT] [-w FILE] SECONDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	const char *ready = NULL;
	long port = -1, count = 0;
	double secs, end;
	int c, fd, bufsz = 8 << 20;
	char *e;

	while ((c = getopt(argc, argv, "p:w:h")) != -1) {
		switch (c) {
		case 'p':
			port = strtol(optarg, &e, 10);
			if (*optarg == '\0' || *e || port < 1 || port > 65535) {
				fprintf(stderr, "udpsink: bad port '%s'\n", optarg);
				return 2;
			}
			break;
		case 'w':
			ready = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	secs = strtod(argv[optind], &e);
	if (*argv[optind] == '\0' || *e || !(secs >= 0 && secs <= 86400)) {
		fprintf(stderr, "udpsink: bad duration '%s' (seconds, 0..86400)\n", argv[optind]);
		return 2;
	}
	/* Cooked packet socket: data starts at the network header. */
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (fd < 0) {
		fprintf(stderr, "udpsink: packet socket: %s\n", strerror(errno));
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (!f) {
			fprintf(stderr, "udpsink: %s: %s\n", ready, strerror(errno));
			return 1;
		}
		fclose(f);
	}
	struct sigaction sa = { .sa_handler = on_stop };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	end = now() + secs;
	for (;;) {
		struct sockaddr_ll sll;
		socklen_t sl = sizeof(sll);
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = end - now();
		ssize_t n;
		long dport;

		int r;

		if (left <= 0 && !stop)
			break;
		/* Once told to stop, only drain what is already queued. */
		r = poll(&pfd, 1, stop ? 0 : (int)(left * 1000) + 1);
		if (r <= 0) {
			if (stop && r == 0)
				break;
			continue;
		}
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&sll, &sl);
		if (n < 0)
			continue;
		if (sll.sll_pkttype == PACKET_OUTGOING || sll.sll_pkttype == PACKET_OTHERHOST)
			continue;
		if (sll.sll_hatype == ARPHRD_LOOPBACK || is_bridge_port(sll.sll_ifindex))
			continue;
		dport = udp_dport(ntohs(sll.sll_protocol), buf, (size_t)n);
		if (dport < 0 || (port >= 0 && dport != port))
			continue;
		count++;
	}
	close(fd);
	printf("received %ld\n", count);
	return 0;
}
