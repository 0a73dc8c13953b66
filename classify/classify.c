// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Entry point: try each family matcher in turn. Matchers reject on their
 * first byte or two, so the order puts the most common protocols first.
 */
#include "families.h"

bool p2p_classify(const struct p2p_udp *u, struct p2p_verdict *v)
{
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	if (!u->payload || !u->len)
		return false;
	/*
	 * Direct calls, not a table of function pointers: indirect calls
	 * cost a retpoline each in the kernel, and measured in userspace the
	 * chain takes half the time of the table on random packets.
	 */
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
