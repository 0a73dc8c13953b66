// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * CS2 Network PPPP and Shenzhen Yunni iLnkP2P (one wire format, two
 * vendors), plain or obfuscated with a known vendor key (pppp.h).
 *
 * Header: F1, type, big-endian body length == UDP payload length - 4.
 * A packet matches only if the magic, the exact length and a known type
 * all agree; DRW/DRW_ACK must also carry their inner marker (and an ACK
 * list that fills the body exactly). One client pads its DRW_ACK with
 * zeros past the declared length (pppp_padded_ack). Type numbers and layouts follow
 * Paul Marrapese's PPPP Wireshark dissector (pmarrapese/iot, the DEF CON
 * 28 research), cross-checked with eufy-security-client's message table,
 * the iLnkP2P client cam-reverse and go2rtc's CS2 client for Xiaomi.
 *
 * False positives: QUIC long headers may start with F1, but then bytes
 * 1..4 are the QUIC version, and no deployed version makes bytes 2..3
 * equal to the payload length minus 4 with byte 1 in the type table
 * (v1 would need a 4-byte packet; grease 0x6a?a?a?a a packet above
 * 2.5 kB). A DNS ID may begin with F1 too: then the flags would have to
 * equal the length. NTP, DTLS, WireGuard, SSDP and mDNS never start with
 * F1, and a length match under a key is a 1-in-65536 event on top of the
 * one first byte a key allows.
 *
 * PPPP or iLnkP2P? The two share framing, ports (32100 server, 32108
 * LAN) and most types; no magic tells them apart. The rule used here,
 * from Marrapese's lansearch tool and cam-reverse:
 *  - type 0x32 with an empty body is iLnkP2P's LAN_SEARCH_EXT;
 *  - a message carrying a device ID (prefix[8] serial[4] check[8]) is
 *    iLnkP2P when the prefix is a Yunni/VStarcam one or when the check
 *    code starts with five letters A-F (Yunni's check-code alphabet);
 *  - but CS2's DSK messages (DEV_LGN_DSK, P2P_REQ_DSK, LIST_REQ_DSK, the
 *    ones Eufy's client sends) are PPPP whatever the check code: the
 *    five-letter rule would otherwise name a CS2 device whose random check
 *    code happens to use A-F only (about 1 in 1500) iLnkP2P;
 *  - everything else is reported as PPPP ("EEEE" devices exist in both,
 *    and iLnk devices with other check codes, like cam-reverse's X5,
 *    look exactly like PPPP). Policies should treat the two alike.
 * Vendor keys are CS2 library features, but a decrypted message is still
 * put through the same rule.
 */
#include "families.h"
#include "pppp.h"

#define PPPP_MAGIC	P2P_PPPP_MAGIC
#define PPPP_HDR	P2P_PPPP_HDR
#define PPPP_DRW	0xd0
#define PPPP_DRW_ACK	0xd1
#define PPPP_DRW_INNER	0xd1
#define PPPP_ACK_INNER2	0xd2	/* cam-reverse's DRW_ACK marker */
#define PPPP_ACK_PADDED	64	/* longest zero-padded DRW_ACK accepted */
#define PPPP_LAN_EXT	0x32
#define PPPP_DEV_LGN_DSK	0x16
#define PPPP_P2P_REQ_DSK	0x26
#define PPPP_LIST_REQ_DSK	0x6a

/* pppp_types[]: low nibble is the enum p2p_kind, the flag marks a DID. */
#define PPPP_KIND_MASK	0x0f
#define PPPP_HAS_DID	0x10
#define K(kind)		(P2P_KIND_##kind)
#define KD(kind)	(P2P_KIND_##kind | PPPP_HAS_DID)

static const u8 pppp_types[256] = {
	[0x00] = K(PUNCH),	/* HELLO: server tells the peer its WAN address */
	[0x01] = K(PUNCH),	/* HELLO_ACK */
	[0x02] = K(PUNCH),	/* HELLO_TO */
	[0x03] = K(PUNCH),	/* HELLO_TO_ACK */
	[0x08] = K(LOOKUP),	/* QUERY_DID */
	[0x09] = K(LOOKUP),	/* QUERY_DID_ACK */
	[0x10] = KD(REGISTER),	/* DEV_LGN */
	[0x11] = K(REGISTER),	/* DEV_LGN_ACK */
	[0x12] = K(REGISTER),	/* DEV_LGN_CRC (payload encrypted) */
	[0x13] = K(REGISTER),	/* DEV_LGN_ACK_CRC */
	[0x14] = KD(REGISTER),	/* DEV_LGN_KEY */
	[0x15] = K(REGISTER),	/* DEV_LGN_ACK_KEY */
	[0x16] = K(REGISTER),	/* DEV_LGN_DSK (payload encrypted) */
	[0x18] = KD(LOOKUP),	/* DEV_ONLINE_REQ */
	[0x19] = K(LOOKUP),	/* DEV_ONLINE_REQ_ACK */
	[0x20] = KD(LOOKUP),	/* P2P_REQ */
	[0x21] = K(LOOKUP),	/* P2P_REQ_ACK */
	[0x26] = KD(LOOKUP),	/* P2P_REQ_DSK (Eufy LOOKUP_WITH_KEY) */
	[0x30] = K(LAN_SEARCH),	/* LAN_SEARCH */
	[0x31] = KD(LAN_ANNOUNCE),	/* LAN_NOTIFY */
	[0x32] = KD(LAN_SEARCH),	/* LAN_NOTIFY_ACK; empty: iLnk LAN_SEARCH_EXT */
	[0x40] = K(PUNCH),	/* PUNCH_TO */
	[0x41] = KD(PUNCH),	/* PUNCH_PKT (also the LAN search reply) */
	[0x42] = KD(PUNCH),	/* P2P_RDY */
	[0x43] = K(PUNCH),	/* P2P_RDY_ACK */
	[0x60] = K(RELAY),	/* RS_LGN: relay server login */
	[0x61] = K(RELAY),	/* RS_LGN_ACK */
	[0x62] = K(RELAY),	/* RS_LGN1 */
	[0x63] = K(RELAY),	/* RS_LGN1_ACK */
	[0x67] = KD(LOOKUP),	/* LIST_REQ1: relay list */
	[0x68] = K(LOOKUP),	/* LIST_REQ */
	[0x69] = K(LOOKUP),	/* LIST_REQ_ACK */
	[0x6a] = KD(LOOKUP),	/* LIST_REQ_DSK (Eufy LOOKUP_WITH_KEY2) */
	[0x70] = K(RELAY),	/* RLY_HELLO */
	[0x71] = K(RELAY),	/* RLY_HELLO_ACK */
	[0x72] = K(RELAY),	/* RLY_PORT */
	[0x73] = K(RELAY),	/* RLY_PORT_ACK */
	[0x74] = K(RELAY),	/* RLY_PORT_KEY */
	[0x75] = K(RELAY),	/* RLY_PORT_ACK_KEY */
	[0x78] = K(RELAY),	/* RLY_BYTE_COUNT */
	[0x80] = KD(RELAY),	/* RLY_REQ */
	[0x81] = K(RELAY),	/* RLY_REQ_ACK */
	[0x82] = K(RELAY),	/* RLY_TO */
	[0x83] = K(RELAY),	/* RLY_PKT */
	[0x84] = KD(RELAY),	/* RLY_RDY */
	[0x85] = K(RELAY),	/* RLY_TO_ACK */
	[0x87] = K(RELAY),	/* RLY_SERVER_REQ(_ACK) */
	[0x90] = K(REGISTER),	/* SDEV_RUN: "super device" (relaying device) */
	[0x91] = K(REGISTER),	/* SDEV_LGN(_ACK) */
	[0x92] = K(REGISTER),	/* SDEV_LGN_CRC(_ACK) */
	[0x94] = K(REGISTER),	/* SDEV_REPORT */
	[0xa0] = K(REGISTER),	/* CONNECT_REPORT: reports to the P2P server */
	[0xa1] = K(REGISTER),	/* REPORT_REQ */
	[0xa2] = K(REGISTER),	/* REPORT */
	[0xd0] = K(SESSION),	/* DRW: session data */
	[0xd1] = K(SESSION),	/* DRW_ACK */
	[0xd8] = K(SESSION),	/* PSR */
	[0xe0] = K(KEEPALIVE),	/* ALIVE */
	[0xe1] = K(KEEPALIVE),	/* ALIVE_ACK */
	[0xf0] = K(CLOSE),	/* CLOSE */
	[0xf1] = K(CLOSE),	/* CLOSE_ACK (go2rtc's Xiaomi CS2 client) */
	[0xf9] = K(SESSION),	/* REPORT_SESSION_READY */
	/* F4..F8 (MGM_*) are server management: never from a camera. */
};

/* Device-ID prefixes of Yunni/VStarcam iLnkP2P networks (lansearch.py). */
#define PPPP_ILNK_PREFIXES	7
static const char pppp_ilnk_prefixes[PPPP_ILNK_PREFIXES][8] = {
	"VSTD", "VSTF", "QHSV", "ROSS", "ISRP", "GCMN", "ELSA",
};

#define PPPP_DID_PREFIX	8
#define PPPP_DID_CHECK	12	/* after the 4-byte serial */
#define PPPP_DID_LEN	20

/* A packet as the recogniser reads it: plain, or through one vendor key. */
struct pppp_pkt {
	const u8 *c;
	const u8 *key4;		/* NULL when plain */
};

static u8 pppp_at(const struct pppp_pkt *pk, u32 i)
{
	return pk->key4 ? p2p_pppp_plain(pk->c, i, pk->key4) : pk->c[i];
}

/* The DID starts at body offset 0; the caller guarantees 20 bytes. */
static bool pppp_did_is_ilnk(const struct pppp_pkt *pk)
{
	u8 prefix[PPPP_DID_PREFIX];
	unsigned int i;

	for (i = 0; i < PPPP_DID_PREFIX; i++)
		prefix[i] = pppp_at(pk, PPPP_HDR + i);
	for (i = 0; i < PPPP_ILNK_PREFIXES; i++)
		if (!memcmp(prefix, pppp_ilnk_prefixes[i], PPPP_DID_PREFIX))
			return true;
	for (i = 0; i < 5; i++) {
		u8 c = pppp_at(pk, PPPP_HDR + PPPP_DID_CHECK + i);

		if (c < 'A' || c > 'F')
			return false;
	}
	return true;
}

static bool pppp_is_ilnk(const struct pppp_pkt *pk, u8 type, u8 info, u32 body)
{
	if (type == PPPP_LAN_EXT && body == 0)
		return true;
	/* CS2's DSK logins and lookups (Eufy's too) exist in CS2's library only. */
	if (type == PPPP_DEV_LGN_DSK || type == PPPP_P2P_REQ_DSK ||
	    type == PPPP_LIST_REQ_DSK)
		return false;
	return (info & PPPP_HAS_DID) && body >= PPPP_DID_LEN &&
	       pppp_did_is_ilnk(pk);
}

/*
 * DRW carries D1 channel index; DRW_ACK a marker, the channel, a count and
 * count x u16. The ACK's marker is D1 in CS2's library and most clients;
 * cam-reverse (an iLnkP2P client) sends D2.
 */
static bool pppp_drw_ok(const struct pppp_pkt *pk, u8 type, u32 body)
{
	u32 count;
	u8 marker;

	if (body < 4)
		return false;
	marker = pppp_at(pk, PPPP_HDR);
	if (type != PPPP_DRW_ACK)
		return marker == PPPP_DRW_INNER;
	if (marker != PPPP_DRW_INNER && marker != PPPP_ACK_INNER2)
		return false;
	count = (u32)pppp_at(pk, PPPP_HDR + 2) << 8 | pppp_at(pk, PPPP_HDR + 3);
	return body == 4 + 2 * count;
}

/*
 * The one exception to the exact length: cam-reverse sends its DRW_ACK in
 * a fixed 32-byte datagram whose header counts the ACK list only, the rest
 * zeros. Accepted for DRW_ACK alone, short, and with every padding byte
 * zero. Returns the body length the header declares, or 0.
 */
static u32 pppp_padded_ack(const struct pppp_pkt *pk, u32 len)
{
	u32 body, i;

	if (len > PPPP_ACK_PADDED || pppp_at(pk, 1) != PPPP_DRW_ACK)
		return 0;
	body = (u32)pppp_at(pk, 2) << 8 | pppp_at(pk, 3);
	if (body < 4 || PPPP_HDR + body >= len)
		return 0;
	for (i = PPPP_HDR + body; i < len; i++)
		if (pppp_at(pk, i))
			return 0;
	return body;
}

static bool pppp_check(const struct p2p_udp *u, const u8 *key4,
		       unsigned int keyno, struct p2p_verdict *v)
{
	struct pppp_pkt pk = { u->payload, key4 };
	u32 body = u->len - PPPP_HDR;
	u8 type, info;

	/* The exact length rejects nearly everything, so it comes first. */
	if (pppp_at(&pk, 2) != (u8)(body >> 8) || pppp_at(&pk, 3) != (u8)body) {
		body = pppp_padded_ack(&pk, u->len);
		if (!body)
			return false;
	}
	type = pppp_at(&pk, 1);
	info = pppp_types[type];
	if (!info)
		return false;
	if ((type == PPPP_DRW || type == PPPP_DRW_ACK) &&
	    !pppp_drw_ok(&pk, type, body))
		return false;
	v->proto = pppp_is_ilnk(&pk, type, info, body) ? P2P_PROTO_ILNK :
							 P2P_PROTO_PPPP;
	v->kind = info & PPPP_KIND_MASK;
	/* Low byte: PPPP type; high byte: 0 plain, else 1 + key index. */
	v->msg = (u16)(keyno << 8 | type);
	return true;
}

bool p2p_match_pppp(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	unsigned int i;
	u32 keys;

	if (!p2p_maybe_pppp(u))
		return false;
	if (p[0] == PPPP_MAGIC)
		return pppp_check(u, NULL, 0, v);
	/* Each key turns the F1 magic into one fixed first byte. */
	keys = p2p_pppp_keys_by_first[p[0]];
	for (i = 0; keys; i++, keys >>= 1)
		if ((keys & 1) &&
		    pppp_check(u, p2p_pppp_keys[i].key4, i + 1, v))
			return true;
	return false;
}
