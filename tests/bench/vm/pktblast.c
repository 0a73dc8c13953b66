// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pktblast: sends COUNT copies of one Ethernet/IPv4/UDP frame out of an
 * interface as fast as the kernel takes them, for the forwarding bench.
 *
 * Why not pktgen: pktgen always writes its own header (magic BE 9B E9 55)
 * right after the UDP header, so it cannot carry a P2P handshake, and the
 * bench needs every configuration to go through the same sender so their
 * ratios compare like with like.
 *
 * How: an AF_PACKET socket with PACKET_QDISC_BYPASS (the frame goes
 * straight to the driver's xmit, as pktgen's do) and sendmmsg() batches
 * that all point at the same frame, one socket and thread per CPU asked
 * for (-t), each pinned to its CPU. On a veth the receiving stack runs in
 * the softirq that follows each send, on the sender's CPU, so the rate at
 * which the sender gets rid of frames is the rate the far side handles.
 *
 * usage: pktblast -i IFACE -s SRCMAC -d DSTMAC -S SRCIP -D DSTIP
 *                 -l FRAMELEN -n COUNT [-k plain|pppp] [-t THREADS]
 *                 [-P SPORT] [-Q DPORT]
 * Prints "sent N ns T": frames the kernel accepted and the time from the
 * first send to the last, CLOCK_MONOTONIC read in the sending threads.
 * Thread start-up and join stay outside it: under QEMU's icount the
 * guest's clock counts instructions, but a wakeup that crosses to an idle
 * vCPU waits for its next tick (4 ms), so the time around them moved in
 * tick-sized steps between runs of identical work.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define HDRS (14 + 20 + 8)
#define MAX_THREADS 64

struct job {
	int ifindex;
	int cpu;
	unsigned long count;
	unsigned long sent;
	const uint8_t *frame;
	size_t len;
	int err;
	struct timespec first, last;	/* around this thread's sends */
};

static void die(const char *msg)
{
	fprintf(stderr, "pktblast: %s\n", msg);
	exit(2);
}

static void parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != 6)
		die("bad MAC address");
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

static unsigned long parse_num(const char *s, unsigned long lo, unsigned long hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		die("bad number");
	return v;
}

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * The UDP payload. plain: a pattern no recogniser claims (pktgen's magic
 * then counting bytes). pppp: a CS2 PPPP PUNCH_PKT (F1 41, big-endian body
 * length = payload - 4), the punch a camera sends to open a P2P session.
 */
static void fill_payload(uint8_t *p, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)i;
	if (!strcmp(kind, "plain")) {
		static const uint8_t magic[] = { 0xbe, 0x9b, 0xe9, 0x55 };

		memcpy(p, magic, n < 4 ? n : 4);
	} else if (!strcmp(kind, "pppp")) {
		if (n < 4 || n - 4 > 0xffff)
			die("frame too short for a PPPP header");
		p[0] = 0xf1;
		p[1] = 0x41;
		p[2] = (uint8_t)((n - 4) >> 8);
		p[3] = (uint8_t)(n - 4);
	} else {
		die("payload kind must be plain or pppp");
	}
}

static void *blast(void *arg)
{
	struct job *j = arg;
	struct mmsghdr msgs[BATCH];
	struct iovec iov = { .iov_base = (void *)j->frame, .iov_len = j->len };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = j->ifindex,
		.sll_protocol = htons(ETH_P_IP),
	};
	int one = 1, fd;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(j->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	/* Protocol 0: this socket receives nothing, it only sends. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		j->err = errno;
		return NULL;
	}
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &j->first);
	while (j->sent < j->count) {
		unsigned long left = j->count - j->sent;
		int n = sendmmsg(fd, msgs, left < BATCH ? (unsigned int)left : BATCH, 0);

		if (n < 0) {
			/* A full device queue: try again, it drains. */
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			j->err = errno;
			break;
		}
		j->sent += (unsigned long)n;
	}
	clock_gettime(CLOCK_MONOTONIC, &j->last);
	close(fd);
	return NULL;
}

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *smac = NULL, *dmac = NULL, *sip = NULL, *dip = NULL;
	const char *kind = "plain";
	unsigned long len = 64, count = 0, threads = 1, sport = 40000, dport = 9;
	static uint8_t frame[9000];
	struct job jobs[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	long long first = 0, last = 0;
	unsigned long sent = 0;
	int opt, ifindex;
	long ncpu;

	while ((opt = getopt(argc, argv, "i:s:d:S:D:l:n:k:t:P:Q:")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 's': smac = optarg; break;
		case 'd': dmac = optarg; break;
		case 'S': sip = optarg; break;
		case 'D': dip = optarg; break;
		case 'l': len = parse_num(optarg, HDRS + 4, sizeof(frame)); break;
		case 'n': count = parse_num(optarg, 1, 1UL << 40); break;
		case 'k': kind = optarg; break;
		case 't': threads = parse_num(optarg, 1, MAX_THREADS); break;
		case 'P': sport = parse_num(optarg, 1, 65535); break;
		case 'Q': dport = parse_num(optarg, 1, 65535); break;
		default:
			die("usage: pktblast -i IFACE -s SRCMAC -d DSTMAC -S SRCIP -D DSTIP -l LEN -n COUNT [-k plain|pppp] [-t THREADS]");
		}
	}
	if (!ifname || !smac || !dmac || !sip || !dip || !count || optind != argc)
		die("-i, -s, -d, -S, -D and -n are required (see the source's header)");
	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex)
		die("no such interface");

	/* Ethernet */
	parse_mac(dmac, frame);
	parse_mac(smac, frame + 6);
	frame[12] = 0x08;
	frame[13] = 0x00;
	/* IPv4, no options, DF clear, TTL 64 */
	uint8_t *ip = frame + 14;
	uint16_t tot = (uint16_t)(len - 14);

	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[8] = 64;
	ip[9] = 17;
	if (inet_pton(AF_INET, sip, ip + 12) != 1 || inet_pton(AF_INET, dip, ip + 16) != 1)
		die("bad IPv4 address");
	uint16_t csum = ip_checksum(ip, 20);

	ip[10] = (uint8_t)(csum >> 8);
	ip[11] = (uint8_t)csum;
	/* UDP, checksum 0 (none, valid for IPv4) */
	uint8_t *udp = ip + 20;
	uint16_t ulen = (uint16_t)(tot - 20);

	udp[0] = (uint8_t)(sport >> 8);
	udp[1] = (uint8_t)sport;
	udp[2] = (uint8_t)(dport >> 8);
	udp[3] = (uint8_t)dport;
	udp[4] = (uint8_t)(ulen >> 8);
	udp[5] = (uint8_t)ulen;
	fill_payload(udp + 8, len - HDRS, kind);

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	for (unsigned long i = 0; i < threads; i++) {
		jobs[i] = (struct job){
			.ifindex = ifindex, .cpu = (int)(i % (unsigned long)ncpu),
			.count = count / threads + (i < count % threads),
			.frame = frame, .len = len,
		};
		if (pthread_create(&tid[i], NULL, blast, &jobs[i]))
			die("pthread_create failed");
	}
	for (unsigned long i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		if (jobs[i].err) {
			fprintf(stderr, "pktblast: send: %s\n", strerror(jobs[i].err));
			return 1;
		}
		sent += jobs[i].sent;
		if (!i || ns_of(&jobs[i].first) < first)
			first = ns_of(&jobs[i].first);
		if (!i || ns_of(&jobs[i].last) > last)
			last = ns_of(&jobs[i].last);
	}
	printf("sent %lu ns %lld\n", sent, last - first);
	return 0;
}
