/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * p2pfence generic netlink interface.
 *
 * Family "p2pfence" (P2PF_GENL_NAME), version P2PF_GENL_VERSION, one instance
 * per network namespace (netnsok).
 *
 * p2pfence.yaml beside this file describes the same family as a YNL spec
 * (Linux's Documentation/netlink/specs format); a change here changes it
 * too (tests/check.d/16-uapi-spec.sh compares the two).
 *
 * Who may do what (as nfnetlink decides for nftables):
 *  - change, read or listen: CAP_NET_ADMIN in the user namespace that owns
 *    the network namespace (GENL_UNS_ADMIN_PERM on every command marked
 *    "admin" below; GENL_MCAST_CAP_NET_ADMIN on the events group). Device
 *    names, MACs, addresses, counters and remote endpoints are the admin's
 *    business, so reads and events are not open to other local users;
 *  - anyone: GET_INFO and GET_PROTO, facts about the module only;
 *  - a user who made its own user and network namespace (`unshare -Urn`,
 *    a rootless container) is admin there and only there: it sees and
 *    fences its own namespace's traffic, never the host's.
 * Limits: a network namespace owned by the initial user namespace holds up
 * to max_devices devices (module parameter, default 131072); one owned by
 * any other user namespace up to netns_max_devices (default 1024), and all
 * of those together up to max_devices, so they cannot starve the host.
 * Everything a request creates is charged to the caller's memory cgroup.
 *
 * Attribute policies are strict: unknown attributes,
 * wrong lengths, out-of-range values and unknown flag bits are rejected with
 * -EINVAL and an extack message naming the attribute; a rejected request
 * changes nothing.
 *
 * All attributes live in one flat space (enum p2pf_attr); nested attributes
 * have their own spaces below. Addresses are in network byte order.
 *
 * Commands
 * --------
 * P2PF_CMD_GET_INFO (doit, anyone)
 *   reply: P2PF_A_VERSION, P2PF_A_DEVICE_LIMIT (the most devices this
 *          namespace may hold: see Limits above),
 *          P2PF_A_DEVICE_COUNT (this namespace),
 *          P2PF_A_PROTO_MASK (protocols this module recognises)
 *
 * P2PF_CMD_GET_PROTO (dumpit, anyone)
 *   one message per protocol: P2PF_A_PROTO_ID, P2PF_A_PROTO_NAME,
 *   P2PF_A_PROTO_DESC
 *
 * P2PF_CMD_NEW_DEVICE (doit, admin)
 *   request: P2PF_A_DEV_NAME (required), and any of P2PF_A_DEV_MAC,
 *            P2PF_A_DEV_ADDRS, P2PF_A_DEV_MODE (default block),
 *            P2PF_A_DEV_PROTOS (default: all), P2PF_A_DEV_FLAGS,
 *            P2PF_A_DEV_LAN, P2PF_A_DEV_PREFIXES, P2PF_A_DEV_IIF. At
 *            least one selector is required: a MAC, an address, a source
 *            prefix or an ingress interface.
 *            The MAC must be unicast and non-zero; addresses unicast,
 *            not unspecified, loopback or broadcast, each listed once;
 *            source prefixes (up to P2PF_PREFIXES_MAX, any length from 0,
 *            host bits zero) each listed once; the interface a valid
 *            interface name (it need not exist yet).
 *   errors: -EEXIST name taken, or MAC/address/prefix/interface owned by
 *           another device; -ENOSPC device limit reached (see Limits).
 *   Matching: the first of these that finds a device decides, most
 *   specific first:
 *    1. the source MAC of a forwarded frame that carries one;
 *    2. the exact source address: for a frame with a MAC only against
 *       devices registered without a MAC; a packet without a MAC
 *       (non-Ethernet ingress) against every device;
 *    3. the longest source prefix that holds the source address;
 *    4. the ingress interface, by name (as nftables' iifname): the
 *       interface the packet came in by as the hook that inspects it
 *       sees it: for routed traffic the layer 3 interface (a bridge such
 *       as br-iot for hosts behind it, a VLAN device, a plain port), for
 *       bridged traffic (the bridge family's hook) the bridge port.
 *   So a device tagged by MAC or address is an exception inside a fenced
 *   prefix or interface, and a short prefix (0.0.0.0/0 and ::/0 fence
 *   every source) is the default under longer ones. One packet counts
 *   for one device only. Prefixes and interfaces match every host in
 *   them, whatever its MAC; register hosts behind another router by
 *   address or prefix. A device matched by prefix or interface stands for
 *   many hosts: its punched local ports are remembered per source
 *   address, its remote endpoints for all of them.
 *
 * P2PF_CMD_SET_DEVICE (doit, admin)
 *   request: P2PF_A_DEV_NAME (required); each other attribute present
 *            replaces that property; P2PF_A_DEV_MAC of length 0 clears the
 *            MAC; an empty P2PF_A_DEV_ADDRS nest clears the addresses, an
 *            empty P2PF_A_DEV_PREFIXES the prefixes; an empty string in
 *            P2PF_A_DEV_IIF clears the interface. At least one selector
 *            must remain.
 *            The device's flow memory is flushed.
 *   errors: -ENOENT no such device, -EEXIST as for NEW.
 *
 * P2PF_CMD_DEL_DEVICE (doit, admin)        request: P2PF_A_DEV_NAME
 * P2PF_CMD_FLUSH_DEVICES (doit, admin)     deletes every device
 *
 * P2PF_CMD_GET_DEVICE (doit with P2PF_A_DEV_NAME, or dumpit; admin)
 *   one message per device: P2PF_A_DEV_NAME, P2PF_A_DEV_MAC (if set),
 *   P2PF_A_DEV_ADDRS, P2PF_A_DEV_MODE, P2PF_A_DEV_PROTOS, P2PF_A_DEV_FLAGS,
 *   P2PF_A_DEV_LAN (always, possibly empty), P2PF_A_DEV_PREFIXES (always,
 *   possibly empty), P2PF_A_DEV_IIF (if set), P2PF_A_STATS (without the
 *   namespace-only counters). Dumps list devices in creation order,
 *   resume from a cursor and set NLM_F_DUMP_INTR when the table changed
 *   during the dump.
 *
 * P2PF_CMD_SET_LAN (doit, admin)
 *   request: P2PF_A_LAN (the complete new global LAN prefix list).
 * P2PF_CMD_GET_LAN (doit, admin)       reply: P2PF_A_LAN
 *   The module starts with the defaults: 10/8, 172.16/12, 192.168/16,
 *   100.64/10, 169.254/16, 224/4, 255.255.255.255/32, fc00::/7, fe80::/10,
 *   ff00::/8.
 *
 * P2PF_CMD_GET_STATS (doit, admin)
 *   reply: P2PF_A_STATS (namespace-wide counters)
 *
 * P2PF_CMD_SET_CONFIG (doit, admin) / P2PF_CMD_GET_CONFIG (doit, admin)
 *   P2PF_A_CONFIG (nested enum p2pf_cfg_attr); SET changes what is present.
 *   Defaults: flow timeout 120 s, event rate 10/s (0 = no events),
 *   discovery off, fan-out threshold 8, mark 0x50000000/0xff000000.
 *   P2PF_CFG_A_MARK and P2PF_CFG_A_MARK_MASK come together; the mask is
 *   non-zero and the mark non-zero with no bit outside the mask.
 *
 * Mark mode (P2PF_MODE_MARK): what block mode would drop (a recognised
 *   handshake and the packets of the flows it opened) passes instead, with
 *   the namespace's mark written into skb->mark under the mask
 *   (mark = (mark & ~mask) | value) and, when the packet has a conntrack
 *   entry, into the entry's mark the same way, so the admin's nftables
 *   rules decide: `meta mark` on this packet in a FORWARD chain of
 *   priority above NF_IP_PRI_FILTER + 1 (the module's hook, e.g. filter +
 *   10) or in POSTROUTING; `ct mark` on the connection's later packets
 *   anywhere. Without conntrack only skb->mark is set. Counted in
 *   P2PF_STATS_A_MARKED; events carry P2PF_ACTION_MARK.
 *
 * P2PF_CMD_FLUSH_FLOWS (doit, admin)   forgets every remembered flow.
 *
 * Flow memory (per namespace): a recognised handshake remembers the flow
 *   it opens until it has been idle for the flow timeout. At most flow_max
 *   flows (module parameter, default 65536), of which at most
 *   flow_max_per_device (default 4096) for one device: a device at its
 *   share replaces its own least recently used flow, so flooding only
 *   ever costs the flooder's own flows. Only flow_max /
 *   flow_max_per_device devices (16 with the defaults) flooding at once
 *   fill the table; then a device below its share takes the room of a
 *   flow of one holding at least two more, else one holding some replaces
 *   its own and one holding none is refused, counted in
 *   P2PF_STATS_A_FLOWS_REFUSED.
 *
 * Discovery (P2PF_CFG_A_DISCOVERY 1, off by default, per namespace): the
 *   outbound UDP of untagged sources toward non-LAN destinations also goes
 *   through the recognisers (never dropped; LAN kinds ignored), and each
 *   source seen speaking P2P gets an entry, keyed by its MAC (or by its
 *   address when the packet has none). At most max_discovered entries
 *   (module parameter, default 1024, per namespace): when full, new
 *   sources are refused and counted (P2PF_STATS_A_DISC_REFUSED), old ones
 *   are kept. Entries idle for discover_timeout seconds (module parameter,
 *   default 600, writable in sysfs) are forgotten. Switching discovery off
 *   forgets every entry. Each newly discovered source sends an event with
 *   action P2PF_ACTION_DISCOVERED (no device name), rate-limited by the
 *   event rate in a bucket of its own.
 *
 * P2PF_CMD_GET_DISCOVERED (dumpit, admin)
 *   one message per discovered source, oldest first, resumable: P2PF_A_DISC
 *   (nested enum p2pf_disc_attr): P2PF_DISC_A_MAC (when keyed by MAC),
 *   P2PF_DISC_A_ADDRS (the first 4 source addresses seen), PROTOS, KINDS,
 *   PACKETS (recognised P2P packets), FIRST, LAST, P2PF_DISC_A_REMOTES
 *   (the latest 4 distinct remote endpoints, newest first: each a
 *   P2PF_DISC_A_REMOTE nest with one P2PF_ADDR_A_IN/IN6 and
 *   P2PF_DISC_A_PORT).
 * P2PF_CMD_FLUSH_DISCOVERED (doit, admin)   forgets every entry.
 *
 * Replacing every device at once (what `p2pfence restore` does):
 * P2PF_CMD_REPLACE_BEGIN (doit, admin)
 *   starts an empty pending device table owned by the sending netlink
 *   socket. errors: -EBUSY another socket's replacement is in progress.
 *   A BEGIN from the owner starts over.
 * P2PF_CMD_NEW_DEVICE with P2PF_A_REPLACE (flag)
 *   adds the device to the pending table, with every check and limit of
 *   NEW_DEVICE (names, MACs and addresses must be unique within it; the
 *   pending table counts against the limits beside the live one).
 *   errors: -ENOENT this socket has no replacement in progress.
 * P2PF_CMD_REPLACE_COMMIT (doit, admin)
 *   request: optional P2PF_A_LAN (new global LAN list) and P2PF_A_CONFIG
 *            (as SET_CONFIG), checked before anything changes.
 *   The pending table becomes the live one in one step: until then the
 *   old devices apply, from then on the new ones. A device whose name,
 *   identity and policy are unchanged is kept as it is, with its counters
 *   and remembered flows; the flows of every other old device are
 *   forgotten. errors: -ENOENT no replacement on this socket.
 * P2PF_CMD_REPLACE_ABORT (doit, admin)
 *   drops this socket's pending table; closing the socket does the same,
 *   so a restore that dies half-way leaves the live table as it was.
 *
 * P2PF_CMD_EVENT (multicast on group P2PF_GENL_MCGRP_EVENTS only; joining
 *   the group needs CAP_NET_ADMIN over the namespace)
 *   P2PF_A_EVENT (nested enum p2pf_event_attr).
 */
#ifndef _UAPI_LINUX_P2PFENCE_H
#define _UAPI_LINUX_P2PFENCE_H

#define P2PF_GENL_NAME		"p2pfence"
#define P2PF_GENL_VERSION	1
#define P2PF_GENL_MCGRP_EVENTS	"events"

/*
 * Device names: 1..31 characters of ASCII [A-Za-z0-9_.-], NUL-terminated,
 * the attribute holding nothing after the NUL.
 */
#define P2PF_NAME_MAX		32
/* Addresses per device and prefixes per LAN list. */
#define P2PF_ADDRS_MAX		16
#define P2PF_LAN_MAX		64
/* Source prefixes (P2PF_A_DEV_PREFIXES) per device. */
#define P2PF_PREFIXES_MAX	16
/*
 * The highest the module parameters max_devices and netns_max_devices may
 * be set: no namespace ever holds more devices, so no restore file needs
 * more.
 */
#define P2PF_MAX_DEVICES_CEILING	1048576
/*
 * Where nothing reassembles IP fragments before the module (a bridge
 * without br_netfilter), a tagged device's datagram is judged by its first
 * fragment. One that holds fewer bytes of the UDP payload than this (and
 * not all of it) hides the handshake's start from the recognisers; no
 * stack sends one (IPv4's smallest path MTU worth fragmenting at, 576,
 * leaves 548; IPv6's 1280 leaves 1232), so in block mode it is dropped
 * with the fragments after it (mark mode: marked; monitor: passed), and
 * counted (P2PF_STATS_A_TINY_FRAGMENTS) in every mode but allow.
 */
#define P2PF_FRAG_FIRST_MIN		256

/*
 * Namespace settings (P2PF_A_CONFIG): a new namespace starts with the
 * defaults, and P2PF_CMD_SET_CONFIG accepts values within the ranges.
 */
#define P2PF_FLOW_TIMEOUT_DEFAULT	120	/* seconds idle */
#define P2PF_FLOW_TIMEOUT_MIN		1
#define P2PF_FLOW_TIMEOUT_MAX		86400
#define P2PF_EVENT_RATE_DEFAULT		10	/* events per second */
#define P2PF_EVENT_RATE_MAX		100000	/* 0 means none */
#define P2PF_FANOUT_THRESHOLD_DEFAULT	8	/* remotes per source port */
#define P2PF_FANOUT_THRESHOLD_MIN	2
#define P2PF_FANOUT_THRESHOLD_MAX	4096
/*
 * Mark mode's default, 'P' in the top byte: clear of the bits that
 * wg-quick (51820), kube-proxy (0x4000, 0x8000), mwan3 (0x3f00) and
 * Tailscale (0xff0000) use by default. Calico's default mask (0xffff0000)
 * overlaps it: choose another there.
 */
#define P2PF_MARK_DEFAULT		0x50000000
#define P2PF_MARK_MASK_DEFAULT		0xff000000

enum p2pf_cmd {
	P2PF_CMD_UNSPEC,
	P2PF_CMD_GET_INFO,
	P2PF_CMD_GET_PROTO,
	P2PF_CMD_NEW_DEVICE,
	P2PF_CMD_SET_DEVICE,
	P2PF_CMD_DEL_DEVICE,
	P2PF_CMD_GET_DEVICE,
	P2PF_CMD_FLUSH_DEVICES,
	P2PF_CMD_SET_LAN,
	P2PF_CMD_GET_LAN,
	P2PF_CMD_GET_STATS,
	P2PF_CMD_SET_CONFIG,
	P2PF_CMD_GET_CONFIG,
	P2PF_CMD_FLUSH_FLOWS,
	P2PF_CMD_GET_DISCOVERED,
	P2PF_CMD_FLUSH_DISCOVERED,
	P2PF_CMD_EVENT,
	P2PF_CMD_REPLACE_BEGIN,
	P2PF_CMD_REPLACE_COMMIT,
	P2PF_CMD_REPLACE_ABORT,
	__P2PF_CMD_MAX
};
#define P2PF_CMD_MAX (__P2PF_CMD_MAX - 1)

/*
 * Protocol ids: bit n of P2PF_A_DEV_PROTOS and P2PF_DISC_A_PROTOS, and the
 * value of P2PF_EV_A_PROTO and the per-protocol counters. Stable: never
 * renumber, add at the end. The recognisers (classify/) name them.
 */
enum p2p_proto {
	P2P_PROTO_NONE = 0,
	P2P_PROTO_PPPP,		/* CS2 Network PPPP, plain, XOR-keyed, Eufy */
	P2P_PROTO_ILNK,		/* Shenzhen Yunni iLnkP2P */
	P2P_PROTO_TUTK,		/* ThroughTek Kalay / IOTC */
	P2P_PROTO_STUN,		/* STUN / TURN (RFC 3489, 5389, 8489, 8656) */
	P2P_PROTO_DAHUA,	/* Dahua Easy4IP / P2P */
	P2P_PROTO_XIONGMAI,	/* Xiongmai XMEye / cloud */
	P2P_PROTO_REOLINK,	/* Reolink Baichuan UDP */
	P2P_PROTO_GWELL,	/* GWell / Yoosee */
	P2P_PROTO_TUYA,		/* Tuya LAN discovery (LAN only) */
	P2P_PROTO_NAXCLOW,	/* Naxclow V720 (A9 mini cameras) */
	P2P_PROTO_COUNT		/* ids are < 32: they fit a u32 mask */
};

/*
 * Kind ids: what a packet is for, from the firewall's point of view
 * (P2PF_EV_A_KIND, bit n of P2PF_DISC_A_KINDS). Stable as above.
 */
enum p2p_kind {
	P2P_KIND_NONE = 0,
	P2P_KIND_REGISTER,	/* device login / registration to the cloud */
	P2P_KIND_LOOKUP,	/* peer or server lookup, server lists */
	P2P_KIND_PUNCH,		/* hole punching, NAT discovery */
	P2P_KIND_RELAY,		/* relay request / handshake / relayed data */
	P2P_KIND_KEEPALIVE,	/* keeps a registration or session alive */
	P2P_KIND_SESSION,	/* data on an established P2P session */
	P2P_KIND_CLOSE,		/* session teardown */
	P2P_KIND_LAN_SEARCH,	/* LAN discovery (P2P when it leaves the LAN) */
	P2P_KIND_LAN_ANNOUNCE,	/* LAN broadcast announce (likewise) */
	P2P_KIND_COUNT
};

enum p2pf_mode {
	P2PF_MODE_BLOCK,	/* drop recognised P2P traffic and its flows */
	P2PF_MODE_MONITOR,	/* count and report, never drop */
	P2PF_MODE_ALLOW,	/* pass, count nothing but packets */
	P2PF_MODE_MARK,		/* pass what block drops, marked (above) */
	__P2PF_MODE_MAX
};
#define P2PF_MODE_MAX (__P2PF_MODE_MAX - 1)

/* P2PF_A_DEV_FLAGS */
enum p2pf_dev_flag {
	P2PF_DEV_F_FANOUT = 1U << 0,	/* hole-punch fan-out heuristic */
	__P2PF_DEV_F_ALL = P2PF_DEV_F_FANOUT
};

enum p2pf_attr {
	P2PF_A_UNSPEC,
	P2PF_A_VERSION,		/* NLA_NUL_STRING: module version */
	P2PF_A_DEVICE_LIMIT,	/* NLA_U32: max devices (module parameter) */
	P2PF_A_DEVICE_COUNT,	/* NLA_U32: devices in this namespace */
	P2PF_A_PROTO_MASK,	/* NLA_U32: bit n set = protocol id n */
	P2PF_A_PROTO_ID,	/* NLA_U8 */
	P2PF_A_PROTO_NAME,	/* NLA_NUL_STRING */
	P2PF_A_PROTO_DESC,	/* NLA_NUL_STRING */
	P2PF_A_DEV_NAME,	/* NLA_NUL_STRING, < P2PF_NAME_MAX */
	P2PF_A_DEV_MAC,		/* binary, 6 bytes (0 bytes in SET: clear) */
	P2PF_A_DEV_ADDRS,	/* nested: P2PF_ADDR_A_IN / P2PF_ADDR_A_IN6 */
	P2PF_A_DEV_MODE,	/* NLA_U8: enum p2pf_mode */
	P2PF_A_DEV_PROTOS,	/* NLA_U32: protocol mask, bit 0 must be 0 */
	P2PF_A_DEV_FLAGS,	/* NLA_U32: enum p2pf_dev_flag */
	P2PF_A_DEV_LAN,		/* nested: P2PF_A_PREFIX... (per-device extra) */
	P2PF_A_LAN,		/* nested: P2PF_A_PREFIX... (global list) */
	P2PF_A_PREFIX,		/* nested: enum p2pf_prefix_attr */
	P2PF_A_STATS,		/* nested: enum p2pf_stats_attr */
	P2PF_A_CONFIG,		/* nested: enum p2pf_cfg_attr */
	P2PF_A_EVENT,		/* nested: enum p2pf_event_attr */
	P2PF_A_DISC,		/* nested: enum p2pf_disc_attr */
	P2PF_A_PAD,
	P2PF_A_REPLACE,		/* NLA_FLAG: NEW_DEVICE into the replacement */
	P2PF_A_DEV_PREFIXES,	/* nested: P2PF_A_PREFIX... (source selectors) */
	P2PF_A_DEV_IIF,		/* NLA_NUL_STRING, < IFNAMSIZ ("" in SET: clear) */
	__P2PF_A_MAX
};
#define P2PF_A_MAX (__P2PF_A_MAX - 1)

/* Inside P2PF_A_DEV_ADDRS, and for the address of a prefix or endpoint. */
enum p2pf_addr_attr {
	P2PF_ADDR_A_UNSPEC,
	P2PF_ADDR_A_IN,		/* binary, 4 bytes */
	P2PF_ADDR_A_IN6,	/* binary, 16 bytes */
	__P2PF_ADDR_A_MAX
};
#define P2PF_ADDR_A_MAX (__P2PF_ADDR_A_MAX - 1)

enum p2pf_prefix_attr {
	P2PF_PREFIX_A_UNSPEC,
	P2PF_PREFIX_A_IN,	/* binary, 4 bytes */
	P2PF_PREFIX_A_IN6,	/* binary, 16 bytes */
	P2PF_PREFIX_A_LEN,	/* NLA_U8: 0..32 or 0..128; host bits zero */
	__P2PF_PREFIX_A_MAX
};
#define P2PF_PREFIX_A_MAX (__P2PF_PREFIX_A_MAX - 1)

enum p2pf_stats_attr {
	P2PF_STATS_A_UNSPEC,
	P2PF_STATS_A_PACKETS,	/* NLA_U64: outbound UDP inspected */
	P2PF_STATS_A_DETECTED,	/* NLA_U64: recognised as P2P (any mode) */
	P2PF_STATS_A_DROPPED,	/* NLA_U64: dropped (handshakes + flows) */
	P2PF_STATS_A_FLOW_DROPPED, /* NLA_U64: dropped by flow memory */
	P2PF_STATS_A_BY_PROTO,	/* nested: P2PF_STATS_A_PROTO... */
	P2PF_STATS_A_PROTO,	/* nested: enum p2pf_proto_stats_attr */
	P2PF_STATS_A_FLOWS,	/* NLA_U32: flows remembered now (global) */
	P2PF_STATS_A_FLOWS_REFUSED, /* NLA_U64: flow table full (global) */
	P2PF_STATS_A_EVENTS,	/* NLA_U64: events sent (global) */
	P2PF_STATS_A_EVENTS_SUPPRESSED, /* NLA_U64: rate-limited (global) */
	P2PF_STATS_A_UNTAGGED,	/* NLA_U64: packets of untagged sources */
	P2PF_STATS_A_PAD,
	P2PF_STATS_A_DISCOVERED, /* NLA_U32: discovered sources now */
	P2PF_STATS_A_DISC_REFUSED, /* NLA_U64: new sources refused (full) */
	P2PF_STATS_A_MARKED,	/* NLA_U64: marked (mark mode) */
	P2PF_STATS_A_TINY_FRAGMENTS, /* NLA_U64: P2PF_FRAG_FIRST_MIN (global) */
	__P2PF_STATS_A_MAX
};
#define P2PF_STATS_A_MAX (__P2PF_STATS_A_MAX - 1)

enum p2pf_proto_stats_attr {
	P2PF_PSTATS_A_UNSPEC,
	P2PF_PSTATS_A_ID,	/* NLA_U8 */
	P2PF_PSTATS_A_DETECTED,	/* NLA_U64 */
	P2PF_PSTATS_A_DROPPED,	/* NLA_U64 */
	P2PF_PSTATS_A_PAD,
	__P2PF_PSTATS_A_MAX
};
#define P2PF_PSTATS_A_MAX (__P2PF_PSTATS_A_MAX - 1)

enum p2pf_cfg_attr {
	P2PF_CFG_A_UNSPEC,
	P2PF_CFG_A_FLOW_TIMEOUT,	/* NLA_U32: seconds idle, P2PF_FLOW_TIMEOUT_* */
	P2PF_CFG_A_EVENT_RATE,		/* NLA_U32: events/s, P2PF_EVENT_RATE_* */
	P2PF_CFG_A_DISCOVERY,		/* NLA_U8: 0 off, 1 on */
	P2PF_CFG_A_FANOUT_THRESHOLD,	/* NLA_U32: P2PF_FANOUT_THRESHOLD_* */
	P2PF_CFG_A_MARK,		/* NLA_U32: mark mode's value */
	P2PF_CFG_A_MARK_MASK,		/* NLA_U32: the bits it owns */
	__P2PF_CFG_A_MAX
};
#define P2PF_CFG_A_MAX (__P2PF_CFG_A_MAX - 1)

enum p2pf_action {
	P2PF_ACTION_PASS,	/* monitor or allow: seen, passed */
	P2PF_ACTION_DROP,
	P2PF_ACTION_DISCOVERED,	/* untagged source seen speaking P2P */
	P2PF_ACTION_MARK,	/* mark mode: passed, marked */
	__P2PF_ACTION_MAX
};

enum p2pf_event_attr {
	P2PF_EV_A_UNSPEC,
	P2PF_EV_A_TIME,		/* NLA_U64: CLOCK_REALTIME, ns */
	P2PF_EV_A_DEV_NAME,	/* NLA_NUL_STRING (absent for discovery) */
	P2PF_EV_A_MAC,		/* binary, 6 bytes, when known */
	P2PF_EV_A_SRC,		/* nested enum p2pf_addr_attr */
	P2PF_EV_A_SPORT,	/* NLA_U16, host order */
	P2PF_EV_A_DST,		/* nested enum p2pf_addr_attr */
	P2PF_EV_A_DPORT,	/* NLA_U16, host order */
	P2PF_EV_A_PROTO,	/* NLA_U8 */
	P2PF_EV_A_KIND,		/* NLA_U8 */
	P2PF_EV_A_ACTION,	/* NLA_U8: enum p2pf_action */
	P2PF_EV_A_SUPPRESSED,	/* NLA_U64: events dropped by the rate limit */
	P2PF_EV_A_PAD,
	__P2PF_EV_A_MAX
};
#define P2PF_EV_A_MAX (__P2PF_EV_A_MAX - 1)

enum p2pf_disc_attr {
	P2PF_DISC_A_UNSPEC,
	P2PF_DISC_A_MAC,	/* binary, 6 bytes */
	P2PF_DISC_A_ADDRS,	/* nested enum p2pf_addr_attr */
	P2PF_DISC_A_PROTOS,	/* NLA_U32: protocol mask */
	P2PF_DISC_A_KINDS,	/* NLA_U32: bit n = kind n seen */
	P2PF_DISC_A_PACKETS,	/* NLA_U64 */
	P2PF_DISC_A_FIRST,	/* NLA_U64: CLOCK_REALTIME ns */
	P2PF_DISC_A_LAST,	/* NLA_U64: CLOCK_REALTIME ns */
	P2PF_DISC_A_REMOTES,	/* nested: P2PF_DISC_A_REMOTE... */
	P2PF_DISC_A_REMOTE,	/* nested: addr attrs + P2PF_DISC_A_PORT */
	P2PF_DISC_A_PORT,	/* NLA_U16 */
	P2PF_DISC_A_PAD,
	__P2PF_DISC_A_MAX
};
#define P2PF_DISC_A_MAX (__P2PF_DISC_A_MAX - 1)

#endif /* _UAPI_LINUX_P2PFENCE_H */
