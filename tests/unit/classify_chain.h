/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reference p2p_classify() must agree with: every family matcher tried
 * in precedence order, without classify.c's first-byte dispatch. Used by
 * tests/unit/test_vectors.c and tests/fuzz/fuzz_classify.c.
 */
#ifndef P2P_CLASSIFY_CHAIN_H
#define P2P_CLASSIFY_CHAIN_H

#include "families.h"

static inline bool p2p_classify_chain(const struct p2p_udp *u,
				      struct p2p_verdict *v)
{
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	if (!u->payload || !u->len)
		return false;
	if (p2p_match_pppp(u, v) || p2p_match_stun(u, v) ||
	    p2p_match_tutk(u, v) || p2p_match_reolink(u, v) ||
	    p2p_match_dahua(u, v) || p2p_match_xiongmai(u, v) ||
	    p2p_match_gwell(u, v) || p2p_match_tuya(u, v) ||
	    p2p_match_naxclow(u, v))
		return true;
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	return false;
}

#endif /* P2P_CLASSIFY_CHAIN_H */
