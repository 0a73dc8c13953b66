/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * `p2pfence discover on|off|show|flush`: which untagged devices speak P2P
 * (the module's discovery table, P2PF_CMD_GET_DISCOVERED). The handlers
 * are declared with the others, in cli.h.
 */
#ifndef P2PFENCE_DISCOVER_H
#define P2PFENCE_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "parse.h"

#define DISC_ADDRS	4
#define DISC_REMOTES	4

struct disc_remote {
	struct ipaddr addr;
	uint16_t port;
};

/* One discovered source, as GET_DISCOVERED reports it. */
struct disc_entry {
	bool has_mac;
	uint8_t mac[6];
	unsigned int naddrs, nremotes;
	struct ipaddr addrs[DISC_ADDRS];
	struct disc_remote remotes[DISC_REMOTES];
	uint32_t protos, kinds;
	uint64_t packets, first_ns, last_ns;
};

/*
 * The name --suggest gives a source: "p2p-" and the MAC's hex digits, or
 * for an address-only source "p2p-ip-" and the IPv4 address, or "p2p-6-"
 * and the last 12 bytes of the IPv6 address in hex. Always a valid name.
 */
void disc_suggest_name(const struct disc_entry *d, char out[P2PF_NAME_MAX]);

#endif /* P2PFENCE_DISCOVER_H */
