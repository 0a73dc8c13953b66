/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A device's policy as the CLI and the restore file spell it:
 *   NAME [mac MAC|none] [ip ADDR|none]... [prefix PREFIX|none]...
 *        [iif IFNAME|none] [mode block|monitor|allow]
 *        [proto LIST|all] [lan PREFIX|none]... [fanout on|off]
 * Parsing is pure (no netlink), so unit tests and `restore` share it;
 * devspec_format() writes the same grammar back for `save`.
 */
#ifndef P2PFENCE_DEVSPEC_H
#define P2PFENCE_DEVSPEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>

#include "parse.h"

/* The lists come last, for devspec_pack(): name first, for its users. */
struct dev_spec {
	char name[P2PF_NAME_MAX];
	bool has_mac, has_addrs, has_mode, has_protos, has_lan, has_fanout;
	bool has_pfx, has_iif;	/* given (with none: cleared) */
	uint8_t mac[6];		/* has_mac && !mac_clear */
	bool mac_clear;
	uint8_t mode;
	bool fanout;
	uint32_t protos;
	unsigned int naddrs, nlan;	/* 0 with has_*: cleared */
	unsigned int npfx;	/* source prefixes; 0 with has_pfx: cleared */
	char iif[IFNAMSIZ];	/* "" with has_iif: cleared */
	struct ipaddr addrs[P2PF_ADDRS_MAX];
	struct prefix pfx[P2PF_PREFIXES_MAX];
	struct prefix lan[P2PF_LAN_MAX];
};

/*
 * A dev_spec is 1.8 KiB, nearly all of it room for lists that most
 * devices leave empty; a packed one holds only the entries used (about
 * 100 bytes for a device with a MAC and an address), for the CLI's
 * tables of many devices. The packed bytes begin with the NUL-terminated
 * name. NULL when out of memory; free() it.
 */
void *devspec_pack(const struct dev_spec *d);
void devspec_unpack(const void *packed, struct dev_spec *d);

/*
 * argv[0] is NAME, the rest keyword/value pairs. for_set: every keyword is
 * optional (at least one required), "none" clears; otherwise (add) a MAC,
 * an address, a source prefix or an interface is required and "none" is
 * refused.
 */
bool devspec_parse(int argc, char **argv, bool for_set, struct dev_spec *d,
		   struct perr *e);

/* "device add NAME mac ... fanout off\n", every property spelled out. */
void devspec_format(const struct dev_spec *d, FILE *f);

/* An interface name as the kernel takes it (dev_valid_name()). */
bool parse_ifname(const char *s, char out[IFNAMSIZ], struct perr *e);

/* Text helpers shared by show, save and monitor (mode_name(): parse.h). */
void format_mac(const uint8_t mac[6], char out[18]);
void format_ipaddr(const struct ipaddr *a, char *out, size_t size);
void format_prefix(const struct prefix *p, char *out, size_t size);
/* "all" when every known protocol is set, else "pppp,tutk". */
void format_proto_list(uint32_t mask, char *out, size_t size);

#endif /* P2PFENCE_DEVSPEC_H */
