/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One UDP datagram sent as IP fragments built here, through a raw socket,
 * for udpreplay -F: the kernel fragments a socket's datagrams only where
 * the path MTU asks and never into a first fragment that ends right after
 * the UDP header, which is what a hostile sender would choose.
 */
#ifndef IPFRAG_H
#define IPFRAG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* Payload bytes in each fragment after the first (a multiple of 8). */
#define IPFRAG_LATER	1024

/*
 * Sends @len bytes of UDP payload from @src:@sport to @dst:@dport
 * (@family AF_INET or AF_INET6, IPv4 addresses in the first 4 bytes) so
 * that the first fragment holds the UDP header and @first bytes of the
 * payload (a multiple of 8; the datagram goes unfragmented if it fits).
 * Returns 0, or -1 with errno set.
 */
int ipfrag_send(int family, const struct in6_addr *src, uint16_t sport,
		const struct in6_addr *dst, uint16_t dport,
		const uint8_t *payload, size_t len, size_t first);

#endif
