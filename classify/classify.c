// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Entry point. Every family matcher first checks its own first bytes, so
 * trying them all in turn costs a function call and a test or two per
 * family on every packet that is none of them. Five families start with
 * fixed bytes: one table lookup on the first byte skips those that cannot
 * match; PPPP, Reolink and Naxclow have inline first tests
 * (families.h); TUTK's scrambled magic is worth its call.
 *
 * The order of the chain is the order of precedence, and the dispatch
 * keeps it: each byte's case only removes matchers that reject that byte
 * by their own first test, so both give the same verdict on every input
 * (tests/unit/classify_chain.h holds the plain chain; the fuzzer and
 * tests/unit/test_vectors.c compare the two).
 */
#include "families.h"

/* Families with a fixed first byte, as bits. */
#define P2P_FIRST_STUN		(1U << 0)
#define P2P_FIRST_DAHUA		(1U << 1)
#define P2P_FIRST_XIONGMAI	(1U << 2)
#define P2P_FIRST_GWELL		(1U << 3)
#define P2P_FIRST_TUYA		(1U << 4)

/*
 * By first byte, the fixed-first-byte families that may match: each
 * matcher's own first test (stun.c p[0] <= 1, dahua.c's switch, xiongmai.c
 * 0xFF, gwell.c 0x7E/0x7F, tuya.c p[0] == 0). A table: one load.
 */
static const u8 p2p_first_byte_families[256] = {
	[0x00] = P2P_FIRST_STUN | P2P_FIRST_TUYA,
	[0x01] = P2P_FIRST_STUN,
	['D'] = P2P_FIRST_DAHUA,
	['P'] = P2P_FIRST_DAHUA,
	[0x7E] = P2P_FIRST_GWELL,
	[0x7F] = P2P_FIRST_GWELL,
	[0xFE] = P2P_FIRST_DAHUA,
	[0xFF] = P2P_FIRST_DAHUA | P2P_FIRST_XIONGMAI,
};

static void p2p_no_verdict(struct p2p_verdict *v)
{
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
}

bool p2p_classify(const struct p2p_udp *u, struct p2p_verdict *v)
{
	unsigned int f;

	p2p_no_verdict(v);
	if (!u->payload || !u->len)
		return false;
	f = p2p_first_byte_families[u->payload[0]];
	/*
	 * Direct calls, not a table of function pointers: indirect calls
	 * cost a retpoline each in the kernel.
	 */
	if ((p2p_maybe_pppp(u) && p2p_match_pppp(u, v)) ||
	    ((f & P2P_FIRST_STUN) && p2p_match_stun(u, v)) ||
	    p2p_match_tutk(u, v) ||
	    (p2p_maybe_reolink(u) && p2p_match_reolink(u, v)) ||
	    ((f & P2P_FIRST_DAHUA) && p2p_match_dahua(u, v)) ||
	    ((f & P2P_FIRST_XIONGMAI) && p2p_match_xiongmai(u, v)) ||
	    ((f & P2P_FIRST_GWELL) && p2p_match_gwell(u, v)) ||
	    ((f & P2P_FIRST_TUYA) && p2p_match_tuya(u, v)) ||
	    (p2p_maybe_naxclow(u) && p2p_match_naxclow(u, v)))
		return true;
	p2p_no_verdict(v);
	return false;
}
