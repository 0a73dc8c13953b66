/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Decodes one captured frame down to its UDP payload: link layer (Ethernet
 * with 802.1Q/802.1ad tags, Linux cooked SLL and SLL2, raw IPv4/IPv6),
 * IPv4 with options, IPv6 with extension headers, UDP. Reads only the
 * caplen bytes it is given; never allocates.
 */
#ifndef P2PFENCE_PKTDECODE_H
#define P2PFENCE_PKTDECODE_H

#include <stdbool.h>
#include <stdint.h>

enum pkt_status {
	PKT_UDP,		/* UDP with its payload located */
	PKT_FRAGMENT,		/* IP fragment without a usable UDP header */
	PKT_NOT_UDP,		/* IP, another transport */
	PKT_NOT_IP,		/* ARP, LLDP, ... */
	PKT_MALFORMED,		/* header lengths that do not add up */
};

struct pkt {
	enum pkt_status status;
	const char *why;	/* PKT_MALFORMED: what is wrong */
	bool has_mac;		/* src_mac (and dst_mac when has_dst_mac) */
	bool has_dst_mac;
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	int family;		/* AF_INET, AF_INET6, 0 before the IP layer */
	uint8_t src_ip[16];	/* IPv4 uses the first 4 bytes */
	uint8_t dst_ip[16];
	uint8_t ip_proto;	/* transport protocol number */
	bool fragment;		/* part of a fragmented datagram */
	uint16_t sport;		/* host byte order */
	uint16_t dport;
	const uint8_t *payload;	/* UDP payload bytes present in the frame */
	uint32_t caplen;	/* how many of them */
	uint32_t len;		/* UDP payload length the UDP header claims */
};

/* pcap link types handled (values of pcap_datalink()). */
bool pkt_linktype_supported(int dlt);

/* Fills *p for a frame of link type dlt; always sets p->status. */
void pkt_decode(int dlt, const uint8_t *frame, uint32_t caplen, struct pkt *p);

#endif /* P2PFENCE_PKTDECODE_H */
