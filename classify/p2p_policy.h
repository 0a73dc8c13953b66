/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The rules the module applies to a tagged device's outbound UDP, shared
 * with the offline `p2pfence classify` so that both judge a packet alike
 * (kmod/enforce.c, kmod/lan.c and kmod/fanout.c; userspace/flowmem.c):
 *
 *  1. A destination inside the LAN prefixes passes at once: nothing is
 *     recognised, remembered or dropped. The defaults are below; the
 *     administrator may replace them.
 *  2. A packet on a remembered flow is part of a P2P session: its remote
 *     endpoint is remembered for the device, or its source port is one
 *     the device punched.
 *  3. Otherwise a recognised message, of any kind, opens a flow: its
 *     remote endpoint, and for hole punching the device's local port too.
 *     LAN search and announce messages are no exception: toward the LAN
 *     rule 1 lets them through, and toward any other address a LAN
 *     message is a device talking P2P to the outside (some clients probe
 *     a remote peer with their LAN search).
 *  4. With the device's fan-out heuristic on (device flag fanout), a
 *     packet that rules 2 and 3 leave alone still counts toward the
 *     distinct remote endpoints (address and port) its local port has
 *     sent to in the current window: the window opens with the port's
 *     first such packet and lasts P2P_FANOUT_WINDOW_S seconds, and the
 *     next packet after it opens a new one. The remote that makes the
 *     count exceed the threshold (P2PF_FANOUT_THRESHOLD_* in the UAPI
 *     header) is hole punching whatever its payload: it is handled as a
 *     punch of no protocol (p2p_fanout_verdict()), which opens its flows
 *     as rule 3 does. The heuristic fires at most once per window.
 *  A remembered flow is forgotten once idle for the flow timeout.
 */
#ifndef P2P_POLICY_H
#define P2P_POLICY_H

#include "p2p_classify.h"

/* Whether a recognised message opens the device's local port too. */
static inline bool p2p_opens_local_port(const struct p2p_verdict *v)
{
	return v->kind == P2P_KIND_PUNCH;
}

/* Rule 4: the length of one fan-out window. */
#define P2P_FANOUT_WINDOW_S	5

/*
 * Rule 4: whether a port's new remote, its @distinct-th in this window,
 * fires the heuristic; @fired: whether it fired already in this window.
 */
static inline bool p2p_fanout_fires(u32 distinct, u32 threshold, bool fired)
{
	return distinct > threshold && !fired;
}

/* Rule 4: what a packet that fires the heuristic is taken for. */
static inline void p2p_fanout_verdict(struct p2p_verdict *v)
{
	v->proto = P2P_PROTO_NONE;
	v->kind = P2P_KIND_PUNCH;
	v->msg = 0;
}

/* Default LAN prefixes, addresses in host byte order. */
struct p2p_lan_range4 {
	u32 addr;
	u8 len;
};

/* IPv6 defaults differ in their first 16 bits only. */
struct p2p_lan_range6 {
	u16 first;
	u8 len;
};

#define P2P_LAN_DEFAULT4	7
#define P2P_LAN_DEFAULT6	3
extern const struct p2p_lan_range4 p2p_lan_default4[P2P_LAN_DEFAULT4];
extern const struct p2p_lan_range6 p2p_lan_default6[P2P_LAN_DEFAULT6];

#endif /* P2P_POLICY_H */
