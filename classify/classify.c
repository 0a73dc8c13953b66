// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Entry point. Most UDP is none of the families, so the question asked
 * of every packet is "which matchers could possibly match?", answered
 * from the first byte and three inline tests (families.h), before any
 * matcher is called: a benign packet costs a table load and a few
 * compares, and no call.
 *
 * The order of the chain is the order of precedence, and the dispatch
 * keeps it: a family leaves the set only when its matcher's own first
 * test would reject the packet, so both give the same verdict on every
 * input (tests/unit/classify_chain.h holds the plain chain; the fuzzer
 * and tests/unit/test_vectors.c compare the two).
 */
#include "families.h"

/*
 * By first byte, the families whose matcher accepts it in its first test:
 * PPPP's magic F1 and what each vendor key turns it into (pppp_keys.c),
 * stun.c p[0] <= 1, TUTK's plain CC51 variant, dahua.c's switch, xiongmai.c
 * 0xFF, gwell.c 0x7E/0x7F, tuya.c p[0] == 0. The unit test checks the
 * PPPP entries against p2p_pppp_keys_by_first[].
 */
const u16 p2p_first_byte_families[256] = {
	[0x00] = P2P_MAY_STUN | P2P_MAY_TUYA,
	[0x01] = P2P_MAY_STUN,
	[0x28] = P2P_MAY_PPPP,
	[0x2b] = P2P_MAY_PPPP,
	[0x2c] = P2P_MAY_PPPP,
	[0x2d] = P2P_MAY_PPPP,
	[0x49] = P2P_MAY_PPPP,
	['D'] = P2P_MAY_DAHUA,
	['P'] = P2P_MAY_DAHUA,
	[0x51] = P2P_MAY_TUTK,
	[0x5b] = P2P_MAY_PPPP,
	[0x5d] = P2P_MAY_PPPP,
	[0x7E] = P2P_MAY_GWELL,
	[0x7F] = P2P_MAY_GWELL,
	[0x9d] = P2P_MAY_PPPP,
	[0x9f] = P2P_MAY_PPPP,
	[0xa5] = P2P_MAY_PPPP,
	[0xa9] = P2P_MAY_PPPP,
	[0xaa] = P2P_MAY_PPPP,
	[0xb1] = P2P_MAY_PPPP,
	[0xd1] = P2P_MAY_PPPP,
	[0xe4] = P2P_MAY_PPPP,
	[0xed] = P2P_MAY_PPPP,
	[P2P_PPPP_MAGIC] = P2P_MAY_PPPP,
	[0xfa] = P2P_MAY_PPPP,
	[0xFE] = P2P_MAY_DAHUA,
	[0xFF] = P2P_MAY_DAHUA | P2P_MAY_XIONGMAI,
};

/*
 * Direct calls, not a table of function pointers: indirect calls cost a
 * retpoline each in the kernel.
 */
static bool p2p_match_some(const struct p2p_udp *u, struct p2p_verdict *v,
			   unsigned int may)
{
	if (((may & P2P_MAY_PPPP) && p2p_match_pppp(u, v)) ||
	    ((may & P2P_MAY_STUN) && p2p_match_stun(u, v)) ||
	    ((may & P2P_MAY_TUTK) && p2p_match_tutk(u, v)) ||
	    ((may & P2P_MAY_REOLINK) && p2p_match_reolink(u, v)) ||
	    ((may & P2P_MAY_DAHUA) && p2p_match_dahua(u, v)) ||
	    ((may & P2P_MAY_XIONGMAI) && p2p_match_xiongmai(u, v)) ||
	    ((may & P2P_MAY_GWELL) && p2p_match_gwell(u, v)) ||
	    ((may & P2P_MAY_TUYA) && p2p_match_tuya(u, v)) ||
	    ((may & P2P_MAY_NAXCLOW) && p2p_match_naxclow(u, v)))
		return true;
	/* A matcher that gave up half way may have written to *v. */
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	return false;
}

bool p2p_classify(const struct p2p_udp *u, struct p2p_verdict *v)
{
	unsigned int may;

	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	if (!u->payload || !u->len)
		return false;
	may = p2p_first_byte_families[u->payload[0]];
	if (p2p_maybe_tutk(u))
		may |= P2P_MAY_TUTK;
	if (p2p_maybe_reolink(u))
		may |= P2P_MAY_REOLINK;
	if (p2p_maybe_naxclow(u))
		may |= P2P_MAY_NAXCLOW;
	if (!may)
		return false;
	return p2p_match_some(u, v, may);
}
