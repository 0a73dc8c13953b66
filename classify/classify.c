// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Entry point: try each family matcher in turn. Matchers reject on their
 * first byte or two, so the order puts the most common protocols first.
 */
#include "families.h"

typedef bool (*p2p_matcher)(const struct p2p_udp *u, struct p2p_verdict *v);

static const p2p_matcher p2p_matchers[] = {
	p2p_match_pppp,
	p2p_match_stun,
	p2p_match_tutk,
	p2p_match_reolink,
	p2p_match_dahua,
	p2p_match_xiongmai,
	p2p_match_tuya,
	p2p_match_naxclow,
};

bool p2p_classify(const struct p2p_udp *u, struct p2p_verdict *v)
{
	unsigned int i;

	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	if (!u->payload || !u->len)
		return false;
	for (i = 0; i < sizeof(p2p_matchers) / sizeof(p2p_matchers[0]); i++)
		if (p2p_matchers[i](u, v))
			return true;
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_NONE;
	v->msg = 0;
	return false;
}
