// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Naxclow "V720" cloud cameras (the ubiquitous A9 mini cameras, apps
 * V720 / Naxclow Home), UDP side.
 *
 * Verified against the public reverse engineering in intx82/a9-v720
 * (src/prot_udp.py, which quotes the app's encoder; src/cmd_udp.py for
 * command and code numbers; fake_server.md for the message flow). Every
 * frame has a 20-byte little-endian header:
 *   0  payload length (4) == packet length - 20
 *   4  cmd (2): 0 JSON, 1 JPEG, 2 RGB, 3 AAC, 4 G711, 5 raw, 6 PCM,
 *      7 AVI, 8 XML, 100 heartbeat, 101 ping, 102 pong, 114/115 motion,
 *      605 retransmission confirm
 *   6  msg flag (1): 0, or 250-255 for fragments (head/body/end/finish)
 *   7  deal flag (1), 8 forward id (8), 16 package id (4)
 * We require the exact length, a known cmd and a known msg flag; a JSON
 * frame must start with '{', and its "code" gives the kind: 10-12 and
 * 20/21 NAT traversal and 50/51 probes are punch, 100/101 and 110/111
 * registration, 30/31, 36/37 and 301 forwarding through the server are
 * relay, 52/54/55 keepalive. Media and device commands are session.
 * The device's login also runs over TCP 29940, which we do not see.
 */
#include "families.h"

#define NX_HDR			P2P_NAXCLOW_HDR
#define NX_CMD_JSON		0
#define NX_CMD_XML		8
#define NX_CMD_HEARTBEAT	100
#define NX_CMD_PONG		102
#define NX_CMD_MOTION_DIRECT	114
#define NX_CMD_MOTION_LIVE	115
#define NX_CMD_RETRANS_CONFIRM	605
#define NX_FLAG_HEAD		250
#define NX_FLAG_BODY		251
#define NX_FLAG_END		252
/* Where to look for "code" in a JSON frame. */
#define NX_JSON_PEEK		48

static bool nx_cmd_known(u16 cmd)
{
	return cmd <= NX_CMD_XML ||
	       (cmd >= NX_CMD_HEARTBEAT && cmd <= NX_CMD_PONG) ||
	       cmd == NX_CMD_MOTION_DIRECT || cmd == NX_CMD_MOTION_LIVE ||
	       cmd == NX_CMD_RETRANS_CONFIRM;
}

static u8 nx_code_kind(u32 code)
{
	switch (code) {
	case 10: case 11: case 12:	/* NAT request / response */
	case 20: case 21:		/* UDP channel request / response */
	case 50: case 51:		/* probe request / response */
		return P2P_KIND_PUNCH;
	case 100: case 101:		/* register */
	case 110: case 111:		/* register forward */
		return P2P_KIND_REGISTER;
	case 30: case 31:		/* forward id */
	case 36: case 37:		/* sdcard forward id */
	case 301:			/* command forward */
		return P2P_KIND_RELAY;
	case 52: case 54: case 55:	/* online, timestamps */
		return P2P_KIND_KEEPALIVE;
	default:
		return P2P_KIND_SESSION;
	}
}

/* The number after "code": in the first bytes of a JSON body, or -1. */
static int nx_json_code(const u8 *j, u32 n)
{
	u32 i, lim = n < NX_JSON_PEEK ? n : NX_JSON_PEEK;
	int code = -1;

	for (i = 0; i + 6 <= lim; i++)
		if (!memcmp(j + i, "\"code\"", 6))
			break;
	if (i + 6 > lim)
		return -1;
	for (i += 6; i < lim && (j[i] == ' ' || j[i] == ':'); i++)
		;
	for (; i < lim && j[i] >= '0' && j[i] <= '9' && code < 1000; i++)
		code = (code < 0 ? 0 : code * 10) + (j[i] - '0');
	return code;
}

bool p2p_match_naxclow(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u16 cmd;
	u8 kind;
	int code;

	if (!p2p_maybe_naxclow(u) || p[5] > 0x02)
		return false;
	cmd = p2p_le16(p + 4);
	if (!nx_cmd_known(cmd) || (p[6] && p[6] < NX_FLAG_HEAD))
		return false;
	kind = P2P_KIND_SESSION;
	if (cmd == NX_CMD_JSON) {
		/* Only a body or end fragment may start inside the JSON. */
		if (u->len == NX_HDR || (p[NX_HDR] != '{' &&
					 p[6] != NX_FLAG_BODY && p[6] != NX_FLAG_END))
			return false;
		code = nx_json_code(p + NX_HDR, u->len - NX_HDR);
		if (code >= 0)
			kind = nx_code_kind((u32)code);
	} else if (cmd >= NX_CMD_HEARTBEAT && cmd <= NX_CMD_PONG) {
		kind = P2P_KIND_KEEPALIVE;
	}
	v->proto = P2P_PROTO_NAXCLOW;
	v->kind = kind;
	v->msg = cmd;
	return true;
}
