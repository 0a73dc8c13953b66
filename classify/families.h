/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One matcher per protocol family, each in its own file. A matcher returns
 * true only when it is sure; it sets v->proto, v->kind and v->msg.
 */
#ifndef P2P_FAMILIES_H
#define P2P_FAMILIES_H

#include "p2p_classify.h"
#include "pppp.h"

bool p2p_match_pppp(const struct p2p_udp *u, struct p2p_verdict *v);	/* pppp.c: PPPP, iLnkP2P */
bool p2p_match_tutk(const struct p2p_udp *u, struct p2p_verdict *v);	/* tutk.c */
bool p2p_match_stun(const struct p2p_udp *u, struct p2p_verdict *v);	/* stun.c */
bool p2p_match_dahua(const struct p2p_udp *u, struct p2p_verdict *v);	/* dahua.c */
bool p2p_match_xiongmai(const struct p2p_udp *u, struct p2p_verdict *v);	/* xiongmai.c */
bool p2p_match_reolink(const struct p2p_udp *u, struct p2p_verdict *v);	/* reolink.c */
bool p2p_match_gwell(const struct p2p_udp *u, struct p2p_verdict *v);	/* gwell.c */
bool p2p_match_tuya(const struct p2p_udp *u, struct p2p_verdict *v);	/* tuya.c */
bool p2p_match_naxclow(const struct p2p_udp *u, struct p2p_verdict *v);	/* naxclow.c */

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

/* The magic, plain or as one of the vendor keys turns it (pppp_keys.c). */
static inline bool p2p_maybe_pppp(const struct p2p_udp *u)
{
	u8 b = u->payload[0];

	return u->len >= P2P_PPPP_HDR && u->len - P2P_PPPP_HDR <= 0xffff &&
	       (b == P2P_PPPP_MAGIC || p2p_pppp_keys_by_first[b]);
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
