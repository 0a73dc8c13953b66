// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Xiongmai (XMEye / NETSurveillance "Sofia") LAN device search.
 *
 * Verified against OpenIPC/python-dvr's DeviceManager.py (SearchXM and
 * the network-config broadcast): a 20-byte DVRIP header in UDP to port
 * 34569, little-endian fields:
 *   0  0xFF head
 *   1  version (0 or 1)
 *   2  2 reserved bytes
 *   4  session id (4), 8 sequence (4), 12 total/current packet (2)
 *   14 message id (2): 1530 search request, 1531 search reply,
 *      1532 set network config, 1533 its reply
 *   16 data length (4) == payload length - 20
 * We require the head, the version, a message id from that table, the
 * exact data length and port 34569 on one side (the protocol fixes it).
 *
 * XMEye's cloud side (registration with the xmsecu.com servers, NAT
 * traversal) has no public wire description we could verify, so it is
 * not matched; the DVRIP control channel is TCP 34567, not our hook.
 */
#include "families.h"

#define XM_HDR			20
#define XM_SEARCH_PORT		34569
#define XM_MSG_SEARCH_REQ	1530
#define XM_MSG_NETCFG_RSP	1533

bool p2p_match_xiongmai(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u16 msg;

	if (u->len < XM_HDR || p[0] != 0xFF || p[1] > 1)
		return false;
	if (u->sport != XM_SEARCH_PORT && u->dport != XM_SEARCH_PORT)
		return false;
	msg = p2p_le16(p + 14);
	if (msg < XM_MSG_SEARCH_REQ || msg > XM_MSG_NETCFG_RSP)
		return false;
	if (p2p_le32(p + 16) != u->len - XM_HDR)
		return false;
	v->proto = P2P_PROTO_XIONGMAI;
	v->kind = P2P_KIND_LAN_SEARCH;
	v->msg = msg;
	return true;
}
