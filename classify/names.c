// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Names of protocols and kinds, as the CLI and the netlink dump show them. */
#include "p2p_classify.h"

static const char *const p2p_proto_names[P2P_PROTO_COUNT] = {
	[P2P_PROTO_NONE] = "none",
	[P2P_PROTO_PPPP] = "pppp",
	[P2P_PROTO_ILNK] = "ilnkp2p",
	[P2P_PROTO_TUTK] = "tutk",
	[P2P_PROTO_STUN] = "stun",
	[P2P_PROTO_DAHUA] = "dahua",
	[P2P_PROTO_XIONGMAI] = "xiongmai",
	[P2P_PROTO_REOLINK] = "reolink",
	[P2P_PROTO_GWELL] = "gwell",
	[P2P_PROTO_TUYA] = "tuya",
	[P2P_PROTO_NAXCLOW] = "naxclow",
};

static const char *const p2p_proto_descs[P2P_PROTO_COUNT] = {
	[P2P_PROTO_NONE] = "no protocol",
	[P2P_PROTO_PPPP] = "CS2 Network PPPP (plain, XOR-keyed, Eufy)",
	[P2P_PROTO_ILNK] = "Shenzhen Yunni iLnkP2P",
	[P2P_PROTO_TUTK] = "ThroughTek Kalay / TUTK IOTC",
	[P2P_PROTO_STUN] = "STUN / TURN (RFC 3489, 5389, 8489, 8656)",
	[P2P_PROTO_DAHUA] = "Dahua Easy4IP / P2P",
	[P2P_PROTO_XIONGMAI] = "Xiongmai XMEye / cloud",
	[P2P_PROTO_REOLINK] = "Reolink Baichuan UDP",
	[P2P_PROTO_GWELL] = "GWell / Yoosee",
	[P2P_PROTO_TUYA] = "Tuya LAN discovery (LAN only)",
	[P2P_PROTO_NAXCLOW] = "Naxclow V720 cloud cameras (A9 mini)",
};

static const char *const p2p_kind_names[P2P_KIND_COUNT] = {
	[P2P_KIND_NONE] = "none",
	[P2P_KIND_REGISTER] = "register",
	[P2P_KIND_LOOKUP] = "lookup",
	[P2P_KIND_PUNCH] = "punch",
	[P2P_KIND_RELAY] = "relay",
	[P2P_KIND_KEEPALIVE] = "keepalive",
	[P2P_KIND_SESSION] = "session",
	[P2P_KIND_CLOSE] = "close",
	[P2P_KIND_LAN_SEARCH] = "lan-search",
	[P2P_KIND_LAN_ANNOUNCE] = "lan-announce",
};

const char *p2p_proto_name(unsigned int proto)
{
	return proto < P2P_PROTO_COUNT ? p2p_proto_names[proto] : "?";
}

const char *p2p_proto_desc(unsigned int proto)
{
	return proto < P2P_PROTO_COUNT ? p2p_proto_descs[proto] : "?";
}

const char *p2p_kind_name(unsigned int kind)
{
	return kind < P2P_KIND_COUNT ? p2p_kind_names[kind] : "?";
}

int p2p_proto_by_name(const char *name)
{
	unsigned int i;

	for (i = 1; i < P2P_PROTO_COUNT; i++)
		if (!strcmp(name, p2p_proto_names[i]))
			return (int)i;
	return -1;
}
