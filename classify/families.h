/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One matcher per protocol family, each in its own file. A matcher returns
 * true only when it is sure; it sets v->proto, v->kind and v->msg.
 */
#ifndef P2P_FAMILIES_H
#define P2P_FAMILIES_H

#include "p2p_classify.h"

bool p2p_match_pppp(const struct p2p_udp *u, struct p2p_verdict *v);	/* pppp.c: PPPP, iLnkP2P */
bool p2p_match_tutk(const struct p2p_udp *u, struct p2p_verdict *v);	/* tutk.c */
bool p2p_match_stun(const struct p2p_udp *u, struct p2p_verdict *v);	/* stun.c */
bool p2p_match_dahua(const struct p2p_udp *u, struct p2p_verdict *v);	/* dahua.c */
bool p2p_match_xiongmai(const struct p2p_udp *u, struct p2p_verdict *v);	/* xiongmai.c */
bool p2p_match_reolink(const struct p2p_udp *u, struct p2p_verdict *v);	/* reolink.c */
bool p2p_match_gwell(const struct p2p_udp *u, struct p2p_verdict *v);	/* gwell.c */
bool p2p_match_tuya(const struct p2p_udp *u, struct p2p_verdict *v);	/* tuya.c */
bool p2p_match_naxclow(const struct p2p_udp *u, struct p2p_verdict *v);	/* naxclow.c */

#endif /* P2P_FAMILIES_H */
