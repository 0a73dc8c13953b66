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

struct bydevice_ip {
	int family;
	uint8_t addr[16];
};

struct bydevice_entry {
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

struct bydevice {
	struct bydevice_entry *v;
	size_t n, cap;
	bool oom;
};

void bydevice_init(struct bydevice *d);
void bydevice_add(struct bydevice *d, const struct pkt *p,
		  const struct p2p_verdict *v, const struct timeval *ts);
/* false on allocation failure or a write error. */
bool bydevice_print(struct bydevice *d, const struct cli_opts *opts);
void bydevice_free(struct bydevice *d);

#endif /* P2PFENCE_BYDEVICE_H */
