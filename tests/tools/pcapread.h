/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal reader for classic pcap and pcapng files, and the UDP datagram
 * inside a captured frame (through the CLI's userspace/pktdecode.c).
 * Without libpcap, so the VM test tools can be linked statically.
 */
#ifndef PCAPREAD_H
#define PCAPREAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

struct pcap_reader {
	FILE *f;
	const char *path;
	int ng;			/* pcapng rather than classic pcap */
	int swap;		/* file byte order differs from ours */
	uint32_t linktype;	/* classic: the file's; pcapng: interface 0's */
	uint32_t ng_links[64];	/* pcapng: link type per interface id */
	unsigned int ng_nlinks;
	unsigned char *buf;
	size_t cap;
	char err[160];
};

struct pcap_frame {
	const unsigned char *data;
	size_t len;		/* captured bytes */
	uint32_t linktype;
};

/* A UDP datagram found in a frame; addresses in network byte order. */
struct udp_view {
	int family;		/* AF_INET or AF_INET6 */
	struct in6_addr src, dst;	/* IPv4 in the first 4 bytes */
	uint16_t sport, dport;	/* host byte order */
	const unsigned char *payload;
	size_t len;
};

int pcap_open(struct pcap_reader *r, const char *path);
/* 1: a frame, 0: end of file, -1: error (message in r->err). */
int pcap_next(struct pcap_reader *r, struct pcap_frame *fr);
void pcap_close(struct pcap_reader *r);

/*
 * 1: fr holds a complete UDP datagram (described in *u), 0: not UDP or
 * not complete (a fragment, a truncated capture, another protocol).
 */
int udp_decode(const struct pcap_frame *fr, struct udp_view *u);

/* 1 if udp_decode understands frames of this link type. */
int linktype_known(uint32_t linktype);

#endif
