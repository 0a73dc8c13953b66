/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * p2pfence recognisers: the one entry point shared by the kernel module and
 * by userspace (CLI classify, unit tests, fuzzers, benchmarks).
 *
 * Rules every recogniser follows, because the same code runs in softirq
 * context on every packet of a tagged device:
 *  - read only payload[0 .. len-1], checking bounds before every read;
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
	u32 len;		/* bytes present in payload */
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
