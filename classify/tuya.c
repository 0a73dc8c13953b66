// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tuya LAN discovery broadcasts (UDP 6666 plain, 6667 encrypted, 7000 for
 * protocol 3.5). LAN-only traffic: it is recognised for reporting, and
 * its kinds are LAN kinds, which policy never drops.
 *
 * Frames, from tinytuya (core/header.py, message_helper.py,
 * command_types.py) and Tuya's lan_protocol.h; checked on nDPI's
 * tuya_lp.pcap:
 *  - 3.1-3.4: 00 00 55 AA, seq (4), cmd (4), length (4, big-endian) =
 *    bytes after this 16-byte header, ending with 00 00 AA 55.
 *  - 3.5: 00 00 66 99, 2 reserved bytes, seq (4), cmd (4), length (4) =
 *    bytes after this 18-byte header excluding the 00 00 99 66 suffix.
 * We require prefix, exact length, suffix (as far as a first IP fragment
 * holds it: p2p_classify.h), and a discovery command:
 * 0x00 (3.1 UDP), 0x13 (3.3 UDP_NEW), 0x23 (3.4 BOARDCAST_LPV34) are
 * device announces; 0x25 (REQ_DEVINFO) is the app's search on port 7000.
 */
#include "families.h"

#define TUYA_PREFIX_55AA	0x000055AAu
#define TUYA_SUFFIX_55AA	"\x00\x00\xAA\x55"
#define TUYA_PREFIX_6699	0x00006699u
#define TUYA_SUFFIX_6699	"\x00\x00\x99\x66"
#define TUYA_SUFFIX		4
#define TUYA_HDR_55AA		16
#define TUYA_HDR_6699		18

static u8 tuya_kind(u32 cmd)
{
	switch (cmd) {
	case 0x00:
	case 0x13:
	case 0x23:
		return P2P_KIND_LAN_ANNOUNCE;
	case 0x25:
		return P2P_KIND_LAN_SEARCH;
	default:
		return P2P_KIND_NONE;
	}
}

bool p2p_match_tuya(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u32 len = u->len, prefix, cmd, hdr, body;
	const char *suffix;

	if (len < TUYA_HDR_6699 + 4 || p[0] || p[1])
		return false;
	prefix = p2p_be32(p);
	if (prefix == TUYA_PREFIX_55AA) {
		hdr = TUYA_HDR_55AA;
		suffix = TUYA_SUFFIX_55AA;
		body = len - hdr;		/* suffix included */
	} else if (prefix == TUYA_PREFIX_6699) {
		hdr = TUYA_HDR_6699;
		suffix = TUYA_SUFFIX_6699;
		body = len - hdr - TUYA_SUFFIX;	/* suffix excluded */
	} else {
		return false;
	}
	/* A first fragment's suffix is in the fragments to come. */
	if (p2p_be32(p + hdr - 4) != body ||
	    !p2p_seen_eq(p, len - TUYA_SUFFIX, u->have, suffix, TUYA_SUFFIX))
		return false;
	cmd = p2p_be32(p + hdr - 8);
	if (tuya_kind(cmd) == P2P_KIND_NONE)
		return false;
	v->proto = P2P_PROTO_TUYA;
	v->kind = tuya_kind(cmd);
	v->msg = (u16)cmd;
	return true;
}
