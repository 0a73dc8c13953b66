// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Dahua P2P (Easy4IP cloud, gDMSS/SmartPSS remote access).
 *
 * Layouts verified against the public client khoanguyen-3fc/dh-p2p
 * (main.py, helpers.py, src/ptcp.rs, dh-p2p.lua) and libprotoident's
 * lpi_dahua.cc (44-byte packets starting FF FE FF E7):
 *
 *  - Signalling: HTTP-like text over UDP (server port 8800), request line
 *    "DHGET <path> HTTP/1.1" or "DHPOST <path> HTTP/1.1". We require the
 *    method, a path starting with '/', and " HTTP/1." after it. The path
 *    gives the kind: /probe/ and /online/ find servers and devices,
 *    /relay/ and /device/<sn>/relay-channel set up a relay,
 *    /device/<sn>/p2p-channel starts hole punching. Other paths (the
 *    device side's own requests are not documented publicly) count as
 *    lookup: still cloud signalling.
 *  - Hole punching: a STUN Binding whose every byte is inverted (so the
 *    first bytes are FF FE / FE FE, ~0x0001 / ~0x0101). We require an
 *    inverted Binding type, an inverted length that is a multiple of 4
 *    and fits, and inverted attributes ending exactly at the end (of a
 *    first fragment: those it holds, fitting in the datagram).
 *  - Session: "PTCP" (phony TCP) packets, a 24-byte header then an
 *    optional body; a 0x10 payload body carries its own length, which
 *    must match; a 0x13 body is the heartbeat; a 16-byte 0x12 body ending
 *    in "DISC" closes a channel (the same type without it acknowledges
 *    one), as dh-p2p's main.py sends it (tests/corpus/real/dahua/).
 */
#include "families.h"
#include "stun.h"

#define DH_PTCP_HDR		24
#define DH_PTCP_BODY_PAYLOAD	0x10
#define DH_PTCP_BODY_HEARTBEAT	0x13
#define DH_PTCP_BODY_CHANNEL	0x12	/* channel ack; with "DISC": close */
#define DH_PTCP_DISC_BODY	16
#define DH_PTCP_PAYLOAD_HDR	12
/*
 * The request line is short; never scan further than this. A first
 * fragment holds at least this much (p2p_classify.h), so the scan reads
 * seen bytes only; the version after the path may be unseen.
 */
#define DH_LINE_MAX		256
_Static_assert(DH_LINE_MAX <= P2PF_FRAG_FIRST_MIN, "request line scan");

static bool dh_has(const u8 *p, u32 len, u32 off, const char *s, u32 n)
{
	return off <= len && len - off >= n && !memcmp(p + off, s, n);
}

static u8 dh_path_kind(const u8 *p, u32 start, u32 end)
{
	static const char p2p[] = "/p2p-channel";
	static const char relay[] = "/relay-channel";
	u32 n = end - start;

	if (dh_has(p, end, start, "/probe/", 7) ||
	    dh_has(p, end, start, "/online/", 8))
		return P2P_KIND_LOOKUP;
	if (dh_has(p, end, start, "/relay/", 7))
		return P2P_KIND_RELAY;
	if (dh_has(p, end, start, "/device/", 8)) {
		if (n >= sizeof(p2p) - 1 &&
		    !memcmp(p + end - (sizeof(p2p) - 1), p2p, sizeof(p2p) - 1))
			return P2P_KIND_PUNCH;
		if (n >= sizeof(relay) - 1 &&
		    !memcmp(p + end - (sizeof(relay) - 1), relay,
			    sizeof(relay) - 1))
			return P2P_KIND_RELAY;
	}
	return P2P_KIND_LOOKUP;
}

static bool dh_text(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u32 len = u->len, start, end, lim;

	if (dh_has(p, len, 0, "DHGET ", 6))
		start = 6;
	else if (dh_has(p, len, 0, "DHPOST ", 7))
		start = 7;
	else
		return false;
	if (start >= len || p[start] != '/')
		return false;
	lim = len < DH_LINE_MAX ? len : DH_LINE_MAX;
	for (end = start; end < lim; end++)
		if (p[end] == ' ' || p[end] == '\r' || p[end] == '\n')
			break;
	/* A long path may leave the version to the next fragment. */
	if (end >= lim || p[end] != ' ' || len - end - 1 < 7 ||
	    !p2p_seen_eq(p, end + 1, u->have, "HTTP/1.", 7))
		return false;
	v->proto = P2P_PROTO_DAHUA;
	v->kind = dh_path_kind(p, start, end);
	v->msg = p2p_be16(p + 2);	/* "GE" or "PO" */
	return true;
}

static bool dh_inverted_stun(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u16 type, mlen;

	if (u->len < P2P_STUN_HDR + 4 || (p[0] != 0xFF && p[0] != 0xFE))
		return false;
	type = (u16)~p2p_be16(p);
	mlen = (u16)~p2p_be16(p + 2);
	if (p2p_stun_method(type) != 0x001 || (mlen & 3) ||
	    mlen > u->len - P2P_STUN_HDR)
		return false;
	if (p2p_stun_attr_count_seen(p, u->len, u->have, 0xFF) < 1)
		return false;
	v->proto = P2P_PROTO_DAHUA;
	v->kind = P2P_KIND_PUNCH;
	v->msg = type;
	return true;
}

static bool dh_ptcp(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload, *b = u->payload + DH_PTCP_HDR;
	u32 len = u->len;
	u8 kind = P2P_KIND_SESSION;
	u16 msg = 0xFFFF;	/* no body: a bare acknowledgement */

	if (!dh_has(p, len, 0, "PTCP", 4) || len < DH_PTCP_HDR)
		return false;
	if (len > DH_PTCP_HDR) {
		/* Every body starts with a 4-byte type/length word. */
		if (len - DH_PTCP_HDR < 4)
			return false;
		msg = b[0];
		if (b[0] == DH_PTCP_BODY_PAYLOAD &&
		    (len - DH_PTCP_HDR < DH_PTCP_PAYLOAD_HDR || b[1] ||
		     p2p_be16(b + 2) != len - DH_PTCP_HDR - DH_PTCP_PAYLOAD_HDR ||
		     p2p_be32(b + 8)))
			return false;
		if (b[0] == DH_PTCP_BODY_HEARTBEAT)
			kind = P2P_KIND_KEEPALIVE;
		if (b[0] == DH_PTCP_BODY_CHANNEL &&
		    len - DH_PTCP_HDR == DH_PTCP_DISC_BODY &&
		    !memcmp(b + 12, "DISC", 4))
			kind = P2P_KIND_CLOSE;
	}
	v->proto = P2P_PROTO_DAHUA;
	v->kind = kind;
	v->msg = msg;
	return true;
}

bool p2p_match_dahua(const struct p2p_udp *u, struct p2p_verdict *v)
{
	if (u->len < 4)
		return false;
	switch (u->payload[0]) {
	case 'D':
		return dh_text(u, v);
	case 'P':
		return dh_ptcp(u, v);
	case 0xFE:
	case 0xFF:
		return dh_inverted_stun(u, v);
	default:
		return false;
	}
}
