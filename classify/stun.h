/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * STUN/TURN helpers shared by the stateless matcher (stun.c) and, later,
 * by the kernel's flow memory.
 */
#ifndef P2P_STUN_H
#define P2P_STUN_H

#include "p2p_classify.h"

/*
 * TURN ChannelData framing (RFC 8656 section 12): a 2-byte channel number
 * in 0x4000-0x7FFF, a 2-byte length, the data, and up to 3 bytes of
 * padding. Four bytes of framing are far too weak to classify a packet on
 * their own; flow memory uses this only on a flow that carried a
 * ChannelBind.
 */
bool p2p_stun_is_channeldata(const struct p2p_udp *u);

/* STUN header size and RFC 5389 magic cookie. */
#define P2P_STUN_HDR		20
#define P2P_STUN_COOKIE		0x2112A442u

/*
 * Walks the attributes after the 20-byte header of p[0..len-1] (each:
 * 2-byte type, 2-byte length, value padded to 4 bytes), with every byte
 * XORed with @invert first (0x00 for STUN, 0xFF for Dahua's inverted
 * STUN), as far as the bytes were seen: p[have..len-1] are a fragment's
 * unseen rest (p2p_classify.h), so the walk stops at the first attribute
 * whose header is not all before have, and what follows is taken to end
 * at len. Returns the number of attributes walked when each fits in len
 * and the last one ends exactly at len (or the walk reached have), or -1.
 */
int p2p_stun_attr_count_seen(const u8 *p, u32 len, u32 have, u8 invert);

/* The same over a whole message: every byte seen. */
static inline int p2p_stun_attr_count(const u8 *p, u32 len, u8 invert)
{
	return p2p_stun_attr_count_seen(p, len, len, invert);
}

/* Method (12 bits) and class (2 bits) of a STUN message type. */
static inline u16 p2p_stun_method(u16 type)
{
	return (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
}

static inline u8 p2p_stun_class(u16 type)
{
	return ((type >> 4) & 1) | ((type >> 7) & 2);
}

#endif /* P2P_STUN_H */
