/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One matcher per protocol family, each in its own file. A matcher returns
 * true only when it is sure; it sets v->proto, v->kind and v->msg.
 */
#ifndef P2P_FAMILIES_H
#define P2P_FAMILIES_H

#include "p2p_classify.h"
#include "pppp.h"
#include "tutk.h"

bool p2p_match_pppp(const struct p2p_udp *u, struct p2p_verdict *v);	/* pppp.c: PPPP, iLnkP2P */
bool p2p_match_tutk(const struct p2p_udp *u, struct p2p_verdict *v);	/* tutk.c */
bool p2p_match_stun(const struct p2p_udp *u, struct p2p_verdict *v);	/* stun.c */
bool p2p_match_dahua(const struct p2p_udp *u, struct p2p_verdict *v);	/* dahua.c */
bool p2p_match_xiongmai(const struct p2p_udp *u, struct p2p_verdict *v);	/* xiongmai.c */
bool p2p_match_reolink(const struct p2p_udp *u, struct p2p_verdict *v);	/* reolink.c */
bool p2p_match_gwell(const struct p2p_udp *u, struct p2p_verdict *v);	/* gwell.c */
bool p2p_match_tuya(const struct p2p_udp *u, struct p2p_verdict *v);	/* tuya.c */
bool p2p_match_naxclow(const struct p2p_udp *u, struct p2p_verdict *v);	/* naxclow.c */

/* The families a packet may belong to, as bits. */
#define P2P_MAY_PPPP		(1U << 0)
#define P2P_MAY_STUN		(1U << 1)
#define P2P_MAY_TUTK		(1U << 2)
#define P2P_MAY_REOLINK		(1U << 3)
#define P2P_MAY_DAHUA		(1U << 4)
#define P2P_MAY_XIONGMAI	(1U << 5)
#define P2P_MAY_GWELL		(1U << 6)
#define P2P_MAY_TUYA		(1U << 7)
#define P2P_MAY_NAXCLOW		(1U << 8)

/* By first byte, the families that may match it (classify.c). */
extern const u16 p2p_first_byte_families[256];

/*
 * The first tests of the families that any first byte may start, inline so
 * that p2p_classify() skips the call for the packets they reject; each
 * matcher starts with the same test.
 */
#define P2P_PPPP_HDR		4	/* F1, type, body length */
#define P2P_PPPP_MAGIC		0xf1
#define P2P_REOLINK_HDR		20	/* the shortest header that carries a magic */
#define P2P_REOLINK_MAGIC1	0xcf	/* byte 1 of every Reolink magic */
#define P2P_REOLINK_PROBE_PORT	2000
#define P2P_NAXCLOW_HDR		20

/*
 * The scramble (tutk.c) only moves bits and XORs a constant, so the plain
 * magic 04 02 is 16 fixed bits of wire bytes 8..15, each at a fixed value:
 * these masks pick them out of the two little-endian words and the values
 * are what the magic requires. tests/unit checks them against
 * p2p_tutk_unscramble().
 */
#define P2P_TUTK_MAGIC_MASK2	0xe01fe00fu	/* wire bytes 8..11 */
#define P2P_TUTK_MAGIC_BITS2	0x2008200du
#define P2P_TUTK_MAGIC_MASK3	0x00010000u	/* wire bytes 12..15 */
#define P2P_TUTK_MAGIC_BITS3	0x00000000u

/*
 * Whether p[off .. off+n-1] holds the n bytes at s as far as they were
 * seen: bytes at or past have, a fragment's unseen rest (p2p_classify.h),
 * are taken to match. The caller checks off + n <= len.
 */
static inline bool p2p_seen_eq(const u8 *p, u32 off, u32 have,
			       const void *s, u32 n)
{
	if (off >= have)
		return true;
	if (have - off < n)
		n = have - off;
	return !memcmp(p + off, s, n);
}

/* The magic, plain or as one of the vendor keys turns it (pppp_keys.c). */
static inline bool p2p_maybe_pppp(const struct p2p_udp *u)
{
	u8 b = u->payload[0];

	return u->len >= P2P_PPPP_HDR && u->len - P2P_PPPP_HDR <= 0xffff &&
	       (b == P2P_PPPP_MAGIC || p2p_pppp_keys_by_first[b]);
}

/* A scrambled block whose plain header opens with the IOTC magic. */
static inline bool p2p_maybe_tutk(const struct p2p_udp *u)
{
	return u->len >= P2P_TUTK_BLOCK &&
	       (p2p_le32(u->payload + 8) & P2P_TUTK_MAGIC_MASK2) ==
			P2P_TUTK_MAGIC_BITS2 &&
	       (p2p_le32(u->payload + 12) & P2P_TUTK_MAGIC_MASK3) ==
			P2P_TUTK_MAGIC_BITS3;
}

/* A 4-byte search probe to the probe port, or a magic. */
static inline bool p2p_maybe_reolink(const struct p2p_udp *u)
{
	if (u->len == 4)
		return u->dport == P2P_REOLINK_PROBE_PORT;
	return u->len >= P2P_REOLINK_HDR &&
	       u->payload[1] == P2P_REOLINK_MAGIC1;
}

/* The header opens with the body length, little-endian. */
static inline bool p2p_maybe_naxclow(const struct p2p_udp *u)
{
	return u->len >= P2P_NAXCLOW_HDR &&
	       p2p_le32(u->payload) == u->len - P2P_NAXCLOW_HDR;
}

#endif /* P2P_FAMILIES_H */
