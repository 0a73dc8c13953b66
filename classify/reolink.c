// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reolink "Baichuan" UDP (BcUdp), as implemented by the open-source
 * neolink client (crates/core/src/bcudp/{model,de,xml,xml_crypto}.rs and
 * dissector/udp.md); our vectors are neolink's own sample packets.
 * All header words are little-endian.
 *
 *  - Discovery, magic 3A CF 87 2A: size, 1, transmission id (tid), CRC,
 *    then size bytes of XML XORed with a fixed 8-word key, each key word
 *    plus tid. We require the exact size, the constant 1, and that the
 *    first bytes decrypt to "<P2P>". The element after it names the
 *    message, "X2Y_NAME" with X/Y in C(lient) D(evice) R(egister)
 *    M(iddle-man server), which gives the kind.
 *  - Data, magic 10 CF 87 2A: connection id, 0, packet id, size, then
 *    exactly size bytes.
 *  - Ack, magic 20 CF 87 2A: connection id, 0, group id (0 or all ones),
 *    packet id, latency, size, then exactly size bytes.
 *  - The client's binary LAN probe "AA AA 00 00" broadcast to UDP 2000.
 */
#include "families.h"

#define RL_MAGIC_DISC		0x2A87CF3Au
#define RL_MAGIC_DATA		0x2A87CF10u
#define RL_MAGIC_ACK		0x2A87CF20u
#define RL_DISC_HDR		P2P_REOLINK_HDR
#define RL_DATA_HDR		P2P_REOLINK_HDR
#define RL_ACK_HDR		28
#define RL_PROBE_PORT		P2P_REOLINK_PROBE_PORT
/* "<P2P>" + up to 3 blanks + '<' + a tag of up to 12 characters + '>' */
#define RL_XML_PEEK		22

static const u32 rl_xml_key[8] = {
	0x1f2d3c4b, 0x5a6c7f8d, 0x38172e4b, 0x8271635a,
	0x863f1a2b, 0xa5c6f7d8, 0x8371e1b4, 0x17f2d3a5,
};

static u8 rl_plain(const u8 *enc, u32 i, u32 tid)
{
	u32 k = rl_xml_key[(i / 4) % 8] + tid;

	return enc[i] ^ (u8)(k >> (8 * (i % 4)));
}

/* Kind from a tag such as C2D_T, D2C_C_R, C2M_Q, C2R_HB (n chars). */
static u8 rl_tag_kind(const u8 *t, u32 n)
{
	bool server, device;

	if (n < 5 || t[1] != '2' || t[3] != '_')
		return P2P_KIND_LOOKUP;
	if ((n == 6 && !memcmp(t + 3, "_HB", 3)))
		return P2P_KIND_KEEPALIVE;
	if (n == 8 && !memcmp(t + 3, "_DISC", 5))
		return P2P_KIND_CLOSE;
	server = t[0] == 'R' || t[0] == 'M' || t[2] == 'R' || t[2] == 'M';
	device = t[0] == 'D' || t[2] == 'D';
	if (server)
		return device ? P2P_KIND_REGISTER : P2P_KIND_LOOKUP;
	/* C2D_S, C2D_C and the reply D2C_C_R are LAN broadcasts. */
	if ((n == 5 && (t[4] == 'S' || t[4] == 'C')) ||
	    (n == 7 && !memcmp(t + 3, "_C_R", 4)))
		return P2P_KIND_LAN_SEARCH;
	return P2P_KIND_PUNCH;
}

static bool rl_discovery(const u8 *p, u32 len, struct p2p_verdict *v)
{
	static const char open[] = "<P2P>";
	const u8 *x = p + RL_DISC_HDR;
	u32 n = len - RL_DISC_HDR, tid, i, t;
	u8 tag[12];

	if (p2p_le32(p + 4) != n || p2p_le32(p + 8) != 1 || n < sizeof(open))
		return false;
	tid = p2p_le32(p + 12);
	for (i = 0; i < sizeof(open) - 1; i++)
		if (rl_plain(x, i, tid) != open[i])
			return false;
	/* Skip blanks, then read the first element's name. */
	while (i < n && i < 8 && (rl_plain(x, i, tid) == '\n' ||
				  rl_plain(x, i, tid) == '\r' ||
				  rl_plain(x, i, tid) == ' '))
		i++;
	v->kind = P2P_KIND_LOOKUP;
	if (i < n && rl_plain(x, i, tid) == '<') {
		for (i++, t = 0; i < n && i < RL_XML_PEEK && t < sizeof(tag); i++, t++) {
			tag[t] = rl_plain(x, i, tid);
			if (tag[t] == '>')
				break;
		}
		if (t < sizeof(tag) && i < n && i < RL_XML_PEEK)
			v->kind = rl_tag_kind(tag, t);
	}
	v->proto = P2P_PROTO_REOLINK;
	v->msg = 0x3A;
	return true;
}

bool p2p_match_reolink(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u32 len = u->len, magic, group;

	if (!p2p_maybe_reolink(u))
		return false;
	if (len == 4 && p2p_be32(p) == 0xAAAA0000u) {
		v->proto = P2P_PROTO_REOLINK;
		v->kind = P2P_KIND_LAN_SEARCH;
		v->msg = 0xAA;
		return true;
	}
	/* All three magics share the bytes CF 87 2A. */
	if (len == 4)
		return false;
	magic = p2p_le32(p);
	if (magic == RL_MAGIC_DISC)
		return rl_discovery(p, len, v);
	if (p2p_le32(p + 8) != 0)
		return false;
	if (magic == RL_MAGIC_DATA) {
		if (p2p_le32(p + 16) != len - RL_DATA_HDR)
			return false;
	} else if (magic == RL_MAGIC_ACK) {
		group = p2p_le32(p + 12);
		if (len < RL_ACK_HDR || (group != 0 && group != 0xFFFFFFFFu) ||
		    p2p_le32(p + 24) != len - RL_ACK_HDR)
			return false;
	} else {
		return false;
	}
	v->proto = P2P_PROTO_REOLINK;
	v->kind = P2P_KIND_SESSION;
	v->msg = p[0];
	return true;
}
