// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * GWell / IoTVideo "GUTES" frames (Yoosee, Wyze GW cameras; GWell's
 * libiotp2pav SDK).
 *
 * Layout from the public reverse-engineered client wlatic/hacky-wyze-gwell
 * (wyze-p2p/pkg/gwell/frame.go, certify.go, rc5.go, discovery.go), which
 * its authors checked against live traffic of Wyze GW cameras. The 24-byte
 * header is little-endian:
 *   0  proto: 0x7F plain, 0x7E encrypted
 *   1  sub-type
 *   2  frame length (2), the whole datagram
 *   4  two session words, 12 sequence, 16 checksum: encrypted on the wire
 *      (RC5 keyed from the header), so not checkable statelessly
 *   20 flags (4): bits 16-19 encryption mode, 21 no-checksum, 22 an
 *      80-byte signature is appended, 24 a 16-byte NTP time is appended;
 *      bits 26-31 are clear in every frame that client builds
 * The header bytes 0-3 and 20-23 stay plain because the frame key is
 * derived from them. We require the proto byte, a sub-type from the
 * table, the exact frame length, the fixed sizes that client documents
 * for the discovery frames, clear top flag bits, and room for the
 * signature and time the flags announce. The client's PortStatReq (0xCA,
 * the first frame it sends to the camera's own address) and its
 * MTP_RES_REQUEST (0xA2) were added from its capture
 * (tests/corpus/real/gwell/), with the fixed sizes its mtp.go builds.
 * The MTP frames of the session itself (first byte 0xC0, KCP inside) are
 * not GUTES frames and are left to the flow memory. List servers listen on UDP
 * 51701 (P2P servers on nearby ports), but the frames are matched on any
 * port. Sub-types not in the table (the device side is not described
 * publicly) are not matched.
 */
#include "families.h"

#define GW_HDR			24
#define GW_PROTO_ENC		0x7E
#define GW_PROTO_PLAIN		0x7F
#define GW_FLAG_SIGNATURE	(1u << 22)
#define GW_FLAG_NTP_TIME	(1u << 24)
#define GW_SIGNATURE_LEN	80
#define GW_NTP_TIME_LEN		16
/* QUIC short headers (first byte 0x40-0x7F) can start 7E/7F too. */
#define GW_QUIC_PORT		443

/*
 * Kind of a sub-type, or P2P_KIND_NONE; *size is its fixed frame size, or
 * 0 when it varies.
 */
static u8 gw_subtype(u8 sub, u32 *size)
{
	*size = 0;
	switch (sub) {
	case 0x15:		/* ListFrmRequest, to :51701 */
		*size = 40;
		return P2P_KIND_LOOKUP;
	case 0x16:		/* ListFrmResponse */
		*size = 176;
		return P2P_KIND_LOOKUP;
	case 0x01:		/* DetectRequest2 (NAT detection) */
		*size = 68;
		return P2P_KIND_PUNCH;
	case 0x02:		/* DetectResponse */
		*size = 56;
		return P2P_KIND_PUNCH;
	case 0x17:		/* DetectRequest */
		*size = 44;
		return P2P_KIND_PUNCH;
	case 0xC3:		/* Detect, encrypted variant */
	case 0xB9:		/* network detect */
	case 0xA4:		/* CALLING: connect to a device */
		return P2P_KIND_PUNCH;
	case 0xCA:		/* PortStatReq / relay port activation */
	case 0xCB:		/* PortStatResp */
		*size = 52;
		return P2P_KIND_PUNCH;
	case 0xA2:		/* MTP_RES_REQUEST: relay resources for a link */
		*size = 122;
		return P2P_KIND_RELAY;
	case 0x0C:		/* session init / CertifyReq */
	case 0x0D:		/* session response */
	case 0xAA:		/* certify */
	case 0xA3:		/* ONLINE_MSG */
	case 0xA6:		/* init_info_msg */
		return P2P_KIND_REGISTER;
	case 0xA0:		/* heartbeat */
		return P2P_KIND_KEEPALIVE;
	case 0xB0:		/* subscribe / stream control */
	case 0xB1:		/* subscribe response / stream data */
		return P2P_KIND_SESSION;
	default:
		return P2P_KIND_NONE;
	}
}

bool p2p_match_gwell(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u32 len = u->len, flags, size, need = GW_HDR;
	u8 kind;

	if (len < GW_HDR || (p[0] != GW_PROTO_PLAIN && p[0] != GW_PROTO_ENC) ||
	    p2p_le16(p + 2) != len)
		return false;
	if (u->sport == GW_QUIC_PORT || u->dport == GW_QUIC_PORT)
		return false;
	flags = p2p_le32(p + 20);
	if (flags >> 26)
		return false;
	if (flags & GW_FLAG_SIGNATURE)
		need += GW_SIGNATURE_LEN;
	if (flags & GW_FLAG_NTP_TIME)
		need += GW_NTP_TIME_LEN;
	if (len < need)
		return false;
	kind = gw_subtype(p[1], &size);
	if (kind == P2P_KIND_NONE || (size && size != len))
		return false;
	v->proto = P2P_PROTO_GWELL;
	v->kind = kind;
	v->msg = p[1];
	return true;
}
