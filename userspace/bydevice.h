/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * `classify --by-device`: one summary per sending device (by source MAC
 * when the capture has one, else by source address): its addresses, the
 * P2P protocols and kinds it sent, packet counts, first/last seen and a
 * few remote endpoints (those of P2P packets when there are any).
 */
#ifndef P2PFENCE_BYDEVICE_H
#define P2PFENCE_BYDEVICE_H

#include "cli.h"
#include "classify_out.h"

#include <sys/time.h>

#define BYDEV_MAX_IPS 4
#define BYDEV_MAX_REMOTES 4
/*
 * At most this many distinct sources: 2^18, four /16 networks' worth of
 * devices, far more than one LAN has (more means spoofed or scanning
 * sources, better read without --by-device, which keeps nothing per
 * source). It bounds the table to about 125 MiB (sizeof(struct
 * bydevice_entry) is about 480 bytes, plus a 4-byte index slot at a load
 * of at most 1/2).
 */
#define BYDEV_MAX_SOURCES 262144

struct bydevice_ip {
	int family;
	uint8_t addr[16];
};

struct bydevice_entry {
	size_t seen;			/* first-seen rank: breaks ties in the output */
	bool has_mac;
	uint8_t mac[6];
	unsigned int nips;
	struct bydevice_ip ips[BYDEV_MAX_IPS];	/* ips[0] is the key without a MAC */
	unsigned long packets;
	unsigned long p2p;
	unsigned long by_proto[P2P_PROTO_COUNT];
	uint32_t kinds;			/* bit per enum p2p_kind */
	struct timeval first, last;
	bool remotes_p2p;		/* remotes[] are P2P packets' destinations */
	unsigned int nremotes;
	char remotes[BYDEV_MAX_REMOTES][ENDPOINT_LEN];
};

/*
 * v holds the sources in first-seen order; slot, an open-addressing index
 * keyed by source (a keyed hash of the MAC or address), maps each to its
 * place in v, so adding a packet costs the same with 10 or 200 000 sources.
 */
struct bydevice {
	struct bydevice_entry *v;
	size_t n, cap;
	uint32_t *slot;			/* 0 free, else index in v + 1 */
	size_t nslots;			/* a power of two, >= 2 * n */
	uint8_t key[16];
	bool oom;
	bool full;			/* a source past BYDEV_MAX_SOURCES */
};

void bydevice_init(struct bydevice *d);
/*
 * false, and nothing more is counted, once memory ran out (oom) or a
 * source past BYDEV_MAX_SOURCES came (full): the caller names the frame.
 */
bool bydevice_add(struct bydevice *d, const struct pkt *p,
		  const struct p2p_verdict *v, const struct timeval *ts);
/* Sorts and prints, once; false on oom or full. */
bool bydevice_print(struct bydevice *d);
void bydevice_free(struct bydevice *d);

#endif /* P2PFENCE_BYDEVICE_H */
