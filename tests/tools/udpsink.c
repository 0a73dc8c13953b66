// SPDX-License-Identifier: GPL-2.0
/*
 * udpsink [-p PORT] [-i IFNAME] [-F] [-w FILE] SECONDS
 *
 * Counts the UDP datagrams (IPv4 and IPv6) that arrive in the current
 * network namespace during SECONDS, on any interface, to any address and
 * port, whether or not a socket listens: a packet socket sees them before
 * the stack. Only incoming packets count (not those we send, not those
 * merely seen in promiscuous mode), loopback is ignored, and on a bridge
 * only the bridge device counts, not its ports (else a datagram would
 * count twice). Prints "received N".
 *
 * Each datagram counts once: a fragmented one counts with its first
 * fragment (offset 0, and only if it is UDP), later fragments count 0.
 * A GSO packet (several datagrams in one skb, SKB_GSO_UDP_L4, as UDP_SEGMENT
 * senders make them and veth passes them on) counts as the datagrams it
 * holds; kernels before 6.2 cannot report its segment size to a packet
 * socket, so there it counts once and a warning on stderr says so. A
 * datagram in a VLAN-tagged frame (one or two tags, 802.1Q or 802.1ad)
 * counts like an untagged one; but the kernel shows a tagged frame once on
 * the parent device and again on each VLAN device it passes through, so
 * where VLAN devices exist use -i to count on one interface only.
 *
 *   -p PORT    count only datagrams to this destination port
 *   -i IFNAME  count only what arrives on IFNAME, frames for other hosts
 *              included (so a bridge port counts what it forwards); the
 *              bridge-port and loopback rules do not apply then
 *   -F         also print "fragments N": the IP fragments seen (first and
 *              later ones, of any protocol), to prove traffic was fragmented
 *   -w FILE    create FILE once the socket is open (to synchronise tests)
 *
 * SIGTERM or SIGINT ends the count early: what is queued is still counted.
 */
#include "tool.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif
#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

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

/* What one packet holds, as far as counting goes. */
struct pkt_info {
	long dport;		/* -1: no datagram starts here (not UDP, later fragment) */
	size_t payload;		/* UDP payload length per the IP header */
	int fragment;		/* an IP fragment (first or later) */
};

/* Decodes the IPv4 or IPv6 packet at p (n bytes captured); proto is its
 * ethertype. VLAN headers still in the data (a second tag: the kernel
 * moves only the outer one out) are skipped, two at most. */
static void decode(unsigned int proto, const unsigned char *p, size_t n,
		   struct pkt_info *pi)
{
	int tags;

	pi->dport = -1;
	pi->payload = 0;
	pi->fragment = 0;
	for (tags = 0; proto == ETH_P_8021Q || proto == ETH_P_8021AD; tags++) {
		if (tags == 2 || n < 4)
			return;
		proto = be16(p + 2);
		p += 4;
		n -= 4;
	}
	if (proto == ETH_P_IP) {
		size_t ihl, tot;

		if (n < 20 || p[0] >> 4 != 4)
			return;
		ihl = (size_t)(p[0] & 15) * 4;
		tot = be16(p + 2);
		if (ihl < 20 || n < ihl)
			return;
		if (be16(p + 6) & 0x3fff)	/* MF or an offset */
			pi->fragment = 1;
		if (p[9] != IPPROTO_UDP || (be16(p + 6) & 0x1fff))
			return;	/* later fragment: the first one counts */
		pi->payload = tot >= ihl + 8 ? tot - ihl - 8 : 0;
		pi->dport = n >= ihl + 4 ? (long)be16(p + ihl + 2) : 0;
		return;
	}
	if (proto == ETH_P_IPV6) {
		size_t off = 40, plen;
		unsigned int next, hops = 0;
		int later = 0;

		if (n < 40 || p[0] >> 4 != 6)
			return;
		next = p[6];
		plen = be16(p + 4) + 40;	/* end of the packet per its header */
		while (next != IPPROTO_UDP) {
			if (++hops > 8 || off + 8 > n)
				return;
			if (next == 0 || next == 43 || next == 60) {
				next = p[off];
				off += ((size_t)p[off + 1] + 1) * 8;
			} else if (next == 44) {
				pi->fragment = 1;
				if (be16(p + off + 2) & 0xfff8)
					later = 1;
				next = p[off];
				off += 8;
				if (later)
					return;	/* later fragment */
			} else {
				return;
			}
		}
		pi->payload = plen >= off + 8 ? plen - off - 8 : 0;
		pi->dport = n >= off + 4 ? (long)be16(p + off + 2) : 0;
	}
}



static void usage(void)
{
	fprintf(stderr, "usage: udpsink [-p PORT] [-i IFNAME] [-F] [-w FILE] SECONDS\n");
	exit(2);
}

static int set_vnet(int fd, int on)
{
	return setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &on, sizeof(on));
}

/*
 * Takes the next packet off the socket: its address, link header length
 * and, with vnet, its GSO description (gso_type VIRTIO_NET_HDR_GSO_NONE when
 * not GSO). It is peeked first with the vnet header: a kernel that cannot
 * describe the packet's GSO (UDP before 6.2) fails that peek, and the packet
 * is then read without the header, *undescribed set. Returns the bytes
 * read (link header included), -1 when nothing was there.
 */
static ssize_t next_packet(int fd, int vnet, unsigned char *buf, size_t size,
			   struct sockaddr_ll *sll, struct virtio_net_hdr *vh,
			   size_t *net_off, int *undescribed)
{
	char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct iovec iov[2];
	struct msghdr msg;
	struct cmsghdr *cm;
	int flags = MSG_DONTWAIT | MSG_TRUNC;
	ssize_t n;

	memset(vh, 0, sizeof(*vh));
	*net_off = 0;
	*undescribed = 0;
	for (;;) {
		memset(&msg, 0, sizeof(msg));
		iov[0].iov_base = vh;
		iov[0].iov_len = sizeof(*vh);
		iov[1].iov_base = buf;
		iov[1].iov_len = size;
		msg.msg_name = sll;
		msg.msg_namelen = sizeof(*sll);
		msg.msg_iov = vnet ? iov : iov + 1;
		msg.msg_iovlen = vnet ? 2 : 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		n = recvmsg(fd, &msg, flags | (vnet ? MSG_PEEK : 0));
		if (n >= 0 || !vnet || errno != EINVAL)
			break;
		/* Only the vnet header failed: read this one without it. */
		set_vnet(fd, 0);
		vnet = 0;
		*undescribed = 1;
	}
	if (*undescribed)
		set_vnet(fd, 1);
	if (n < 0)
		return -1;
	if (vnet) {
		unsigned char scratch[sizeof(*vh) + 1];

		/* Now take the peeked packet off the queue. */
		if (recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT | MSG_TRUNC) < 0)
			return -1;
		n -= (ssize_t)sizeof(*vh);
		if (n < 0)
			n = 0;
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level == SOL_PACKET && cm->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(cm), sizeof(aux));
			*net_off = aux.tp_net;
		}
	}
	if ((size_t)n > size)
		n = (ssize_t)size;	/* truncated: the headers are all we need */
	if (*net_off > (size_t)n)
		*net_off = (size_t)n;
	return n;
}

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 17];
	const char *ready = NULL, *ifname = NULL;
	long port = -1, count = 0, frags = 0, undescribed_n = 0;
	unsigned int ifindex = 0;
	int show_frags = 0, vnet, one = 1;
	double secs, end;
	int c, fd, bufsz = 8 << 20;
	char *e;

	while ((c = getopt(argc, argv, "p:i:Fw:h")) != -1) {
		switch (c) {
		case 'p':
			port = strtol(optarg, &e, 10);
			if (*optarg == '\0' || *e || port < 1 || port > 65535) {
				fprintf(stderr, "udpsink: bad port '%s'\n", optarg);
				return 2;
			}
			break;
		case 'i':
			if (*optarg == '\0' || strlen(optarg) >= IF_NAMESIZE) {
				fprintf(stderr, "udpsink: bad interface name '%s'\n", optarg);
				return 2;
			}
			ifname = optarg;
			break;
		case 'F':
			show_frags = 1;
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
	secs = tool_seconds("udpsink", argv[optind]);
	if (ifname) {
		ifindex = if_nametoindex(ifname);
		if (!ifindex) {
			fprintf(stderr, "udpsink: no interface '%s' in this namespace\n", ifname);
			return 1;
		}
	}
	/*
	 * Raw packet socket with the vnet header (which tells a GSO packet's
	 * segment size) and the auxiliary data (where the network header
	 * starts: from there on the data is what a cooked socket shows).
	 * Opened with no protocol, so that nothing queues before the bind.
	 */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		fprintf(stderr, "udpsink: packet socket: %s\n", strerror(errno));
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) < 0) {
		fprintf(stderr, "udpsink: PACKET_AUXDATA: %s\n", strerror(errno));
		return 1;
	}
	vnet = set_vnet(fd, 1) == 0;
	struct sockaddr_ll bsll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = (int)ifindex,
	};

	if (bind(fd, (struct sockaddr *)&bsll, sizeof(bsll)) < 0) {
		fprintf(stderr, "udpsink: bind to %s: %s\n", ifname ? ifname : "all interfaces",
			strerror(errno));
		return 1;
	}
	if (ready && tool_ready("udpsink", ready) < 0)
		return 1;
	tool_catch_stop();
	end = tool_now() + secs;
	for (;;) {
		struct sockaddr_ll sll;
		struct virtio_net_hdr vh;
		struct pkt_info pi;
		size_t net_off;
		int undescribed;
		ssize_t n;

		/* Once told to stop, only drain what is already queued. */
		if (!tool_wait(fd, end))
			break;
		n = next_packet(fd, vnet, buf, sizeof(buf), &sll, &vh, &net_off, &undescribed);
		if (n < 0)
			continue;
		/* On a named interface, frames for another host count too:
		 * a bridge port sees the frames it forwards that way. */
		if (sll.sll_pkttype == PACKET_OUTGOING ||
		    (sll.sll_pkttype == PACKET_OTHERHOST && !ifindex))
			continue;
		if (ifindex) {
			if (sll.sll_ifindex != (int)ifindex)
				continue;
		} else if (sll.sll_hatype == ARPHRD_LOOPBACK || is_bridge_port(sll.sll_ifindex)) {
			continue;
		}
		decode(ntohs(sll.sll_protocol), buf + net_off, (size_t)n - net_off, &pi);
		frags += pi.fragment;
		if (pi.dport < 0 || (port >= 0 && pi.dport != port))
			continue;
		if ((vh.gso_type & ~VIRTIO_NET_HDR_GSO_ECN) == VIRTIO_NET_HDR_GSO_UDP_L4 &&
		    vh.gso_size > 0 && pi.payload > vh.gso_size)
			count += (long)((pi.payload + vh.gso_size - 1) / vh.gso_size);
		else
			count++;
		undescribed_n += undescribed;
	}
	close(fd);
	printf("received %ld\n", count);
	if (show_frags)
		printf("fragments %ld\n", frags);
	fflush(stdout);
	/* After the counts: tests wait for the first line of either kind. */
	if (undescribed_n)
		fprintf(stderr, "udpsink: %ld GSO packets counted as one datagram each: this kernel does not tell their segment size\n",
			undescribed_n);
	return 0;
}
