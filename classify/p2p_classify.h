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

/* Stable protocol ids: they are bit numbers in the policy protocol mask. */
enum p2p_proto {
	P2P_PROTO_NONE = 0,
	P2P_PROTO_PPPP,		/* CS2 Network PPPP, plain, XOR-keyed, Eufy */
	P2P_PROTO_ILNK,		/* Shenzhen Yunni iLnkP2P */
	P2P_PROTO_TUTK,		/* ThroughTek Kalay / IOTC */
	P2P_PROTO_STUN,		/* STUN / TURN (RFC 3489, 5389, 8489, 8656) */
	P2P_PROTO_DAHUA,	/* Dahua Easy4IP / P2P */
	P2P_PROTO_XIONGMAI,	/* Xiongmai XMEye / cloud */
	P2P_PROTO_REOLINK,	/* Reolink Baichuan UDP */
	P2P_PROTO_GWELL,	/* GWell / Yoosee */
	P2P_PROTO_TUYA,		/* Tuya LAN discovery (LAN only) */
	P2P_PROTO_NAXCLOW,	/* Naxclow V720 (A9 mini cameras) */
	P2P_PROTO_COUNT		/* ids are < 32: they fit a u32 mask */
};

/* What the packet is for, from the firewall's point of view. */
enum p2p_kind {
	P2P_KIND_NONE = 0,
	P2P_KIND_REGISTER,	/* device login / registration to the cloud */
	P2P_KIND_LOOKUP,	/* peer or server lookup, server lists */
	P2P_KIND_PUNCH,		/* hole punching, NAT discovery */
	P2P_KIND_RELAY,		/* relay request / handshake / relayed data */
	P2P_KIND_KEEPALIVE,	/* keeps a registration or session alive */
	P2P_KIND_SESSION,	/* data on an established P2P session */
	P2P_KIND_CLOSE,		/* session teardown */
	P2P_KIND_LAN_SEARCH,	/* LAN discovery (P2P when it leaves the LAN) */
	P2P_KIND_LAN_ANNOUNCE,	/* LAN broadcast announce (likewise) */
	P2P_KIND_COUNT
};

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
