/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * p2pfence recognisers: the one entry point shared by the kernel module and
 * by userspace (CLI classify, unit tests, fuzzers, benchmarks).
 *
 * Rules every recogniser follows, because the same code runs in softirq
 * context on every packet of a tagged device:
 *  - read only payload[0 .. len-1], checking bounds before every read;
 *  - take payload[have .. len-1] as unseen, not as data: when have < len
 *    (the first IP fragment of a datagram that nothing reassembled; then
 *    have >= P2PF_FRAG_FIRST_MIN, as the module drops shorter ones) those
 *    bytes are zeros standing for the fragments to come, and a check that
 *    reaches them (an attribute walk to the end, a trailer, a checksum,
 *    the exact content of a later field) must take what it cannot see as
 *    consistent and judge the bytes before have alone: a handshake cut
 *    anywhere stays that handshake. Fields within the first
 *    P2PF_FRAG_FIRST_MIN bytes are always seen. With have == len (every
 *    whole datagram) nothing of this applies: no verdict may change;
 *  - no allocation, no floating point, no recursion, constant stack;
 *  - no global mutable state: the result depends on the arguments only.
 */
#ifndef P2P_CLASSIFY_H
#define P2P_CLASSIFY_H

#include "p2p_shim.h"
/* Protocol and kind ids are wire values: the uapi header has them. */
#include "../kmod/uapi/p2pfence.h"

enum p2p_dir {
	P2P_DIR_ANY = 0,	/* unknown (offline captures) */
	P2P_DIR_OUT,		/* from the inspected device toward a remote */
	P2P_DIR_IN,		/* toward the inspected device */
};

struct p2p_udp {
	const u8 *payload;	/* UDP payload, may be NULL when len == 0 */
	u32 len;		/* UDP payload length (from the UDP header) */
	/*
	 * Of len, the bytes that are really there: a first IP fragment's;
	 * payload[have .. len-1] are zeros standing for bytes not seen.
	 * have == len for a whole datagram; never more than len.
	 */
	u32 have;
	u16 sport;		/* host byte order */
	u16 dport;		/* host byte order */
	u8 dir;			/* enum p2p_dir */
};

struct p2p_verdict {
	u8 proto;		/* enum p2p_proto, P2P_PROTO_NONE if no match */
	u8 kind;		/* enum p2p_kind */
	u16 msg;		/* protocol's own message type, for diagnostics */
};

/* Returns true and fills *v when the payload is a known P2P message. */
bool p2p_classify(const struct p2p_udp *u, struct p2p_verdict *v);

const char *p2p_proto_name(unsigned int proto);	/* "pppp", ..., "?" */
const char *p2p_proto_desc(unsigned int proto);	/* one-line description */
const char *p2p_kind_name(unsigned int kind);	/* "register", ..., "?" */
int p2p_proto_by_name(const char *name);		/* id, or -1 */

#endif /* P2P_CLASSIFY_H */
