/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fate of a datagram's later IP fragments, where nothing reassembles
 * them before the hooks: a bridge without br_netfilter (hooks.c). The
 * first fragment holds the UDP header and the datagram's first bytes, so
 * it is judged; its verdict is remembered here by (addresses, IP id) so
 * that the fragments after it share it. Later fragments carry no ports
 * and no payload start, so nothing else could judge them.
 *
 * A small fixed table per namespace, the oldest entry overwritten: a
 * lost entry lets later fragments through, but without their first
 * fragment no receiver can rebuild the datagram, so forgetting costs
 * bandwidth, never a handshake. Only a tagged device's fragments come
 * here, under a spinlock (fragments are rare, and never untagged ones').
 */
#ifndef P2PF_FRAGMENT_H
#define P2PF_FRAGMENT_H

#include <linux/spinlock.h>
#include <linux/types.h>

#include "enforce.h"
#include "packet.h"

#define P2PF_FRAG_SLOTS		32
/* Longer than any reassembly wait: IPv4's default ipfrag_time. */
#define P2PF_FRAG_LIFE		(30 * HZ)

struct p2pf_frag_slot {
	struct p2pf_addr src;
	struct p2pf_addr dst;
	__be32 id;
	u8 verdict;			/* enum p2pf_verdict, PASS when empty */
	unsigned long expires;		/* jiffies */
};

struct p2pf_frags {
	spinlock_t lock;
	unsigned int next;		/* the slot to overwrite next */
	struct p2pf_frag_slot slot[P2PF_FRAG_SLOTS];
};

void p2pf_frags_init(struct p2pf_frags *fr);

/* A first fragment's verdict, for the fragments of its datagram. */
void p2pf_frags_remember(struct p2pf_frags *fr, const struct p2pf_packet *pkt,
			 __be32 id, enum p2pf_verdict v);

/* A later fragment's: its first fragment's, or PASS if none is known. */
enum p2pf_verdict p2pf_frags_verdict(struct p2pf_frags *fr,
				     const struct p2pf_packet *pkt, __be32 id);

#endif /* P2PF_FRAGMENT_H */
