/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A one-hash Bloom filter in front of the device table's key hash: for
 * each MAC and address key of the table, one bit. A packet whose source
 * MAC (or address) has its bit clear is not tagged by it, which an
 * untagged packet learns from one multiply and one load, without building
 * a key, hashing it with jhash or walking a bucket.
 *
 * Bits are only ever set while a filter is published: a key removed
 * leaves its bit set (a false positive, never a false negative) until
 * the owner rebuilds the filter, and a filter too small for its keys is
 * replaced by a bigger one before the key is inserted. With at least
 * P2PF_KEYFILTER_BITS_PER_KEY / 2 bits per key, at most one untagged
 * source in 16 takes the full lookup.
 *
 * Readers: RCU. Writers: the device table's owner, under pn->lock.
 */
#ifndef P2PF_KEYFILTER_H
#define P2PF_KEYFILTER_H

#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>
#include "packet.h"

#define P2PF_KEYFILTER_BITS_PER_KEY	32
#define P2PF_KEYFILTER_MIN_ORDER	12	/* 512 bytes */
/*
 * 16 MiB, room for 8M keys: more than max_devices devices of
 * P2PF_ADDRS_MAX + 1 keys each can hold, in the host and the guests.
 */
#define P2PF_KEYFILTER_MAX_ORDER	27

struct p2pf_keyfilter {
	struct rcu_head rcu;
	u32 shift;		/* 32 - log2(number of bits) */
	u32 capacity;		/* keys it holds before it must grow */
	unsigned long bits[];
};

/* The NIC-specific bytes mostly; memcpy: a frame's MAC may be unaligned. */
static inline u32 p2pf_keyfilter_hash_mac(const u8 *mac)
{
	u32 low;
	u16 high;

	memcpy(&low, mac + 2, sizeof(low));
	memcpy(&high, mac, sizeof(high));
	return __hash_32(low ^ high);
}

static inline u32 p2pf_keyfilter_hash_addr(const struct p2pf_addr *a)
{
	const __be32 *w = a->in6.s6_addr32;

	if (a->family == AF_INET)
		return __hash_32((__force u32)a->in);
	return __hash_32((__force u32)(w[0] ^ w[1] ^ w[2] ^ w[3]));
}

/* May a key with this hash be in the table? NULL: no filter, maybe. */
static inline bool p2pf_keyfilter_may(const struct p2pf_keyfilter *f, u32 h)
{
	return !f || test_bit(h >> f->shift, f->bits);
}

/* A filter with room for @keys keys and more, no bit set; NULL if no memory. */
struct p2pf_keyfilter *p2pf_keyfilter_alloc(u32 keys);
void p2pf_keyfilter_set(struct p2pf_keyfilter *f, u32 h);
/* After a grace period (kvfree_rcu); NULL is fine. */
void p2pf_keyfilter_free_rcu(struct p2pf_keyfilter *f);
/* Now: no reader can see @f (never published, or a grace period gone). */
void p2pf_keyfilter_free(struct p2pf_keyfilter *f);

#endif /* P2PF_KEYFILTER_H */
