// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The default LAN prefixes of every network namespace (p2p_policy.h). */
#include "p2p_policy.h"

/* Private, CGNAT, link-local, multicast and limited broadcast. */
const struct p2p_lan_range4 p2p_lan_default4[P2P_LAN_DEFAULT4] = {
	{ 0x0a000000, 8 },	/* 10.0.0.0/8 */
	{ 0xac100000, 12 },	/* 172.16.0.0/12 */
	{ 0xc0a80000, 16 },	/* 192.168.0.0/16 */
	{ 0x64400000, 10 },	/* 100.64.0.0/10 */
	{ 0xa9fe0000, 16 },	/* 169.254.0.0/16 */
	{ 0xe0000000, 4 },	/* 224.0.0.0/4 */
	{ 0xffffffff, 32 },	/* 255.255.255.255/32 */
};

/* ULA, link-local and multicast. */
const struct p2p_lan_range6 p2p_lan_default6[P2P_LAN_DEFAULT6] = {
	{ 0xfc00, 7 },		/* fc00::/7 */
	{ 0xfe80, 10 },		/* fe80::/10 */
	{ 0xff00, 8 },		/* ff00::/8 */
};
