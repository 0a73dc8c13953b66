/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tagged devices. A device is found on the packet path by the source MAC
 * of a frame, or by its source address; its policy fields are read
 * locklessly there, while every change happens under p2pf_net.lock.
 *
 * Lookup rule (one hash lookup for an untagged source in the common case),
 * most specific first, the first device found decides:
 *  - a frame with a source MAC is looked up by MAC;
 *  - its source address is looked up only when that missed and the
 *    namespace has a device registered with addresses and without a MAC,
 *    and then only such a device matches (a MAC identifies the host
 *    better than an address, and IPv6 privacy addresses change);
 *  - a packet without a MAC (non-Ethernet ingress) is looked up by address
 *    and matches any device with that address;
 *  - then, only when some device has source prefixes or an ingress
 *    interface (selector.h), the longest prefix holding the source
 *    address, then the ingress interface's name.
 * Register hosts behind another router by address or prefix.
 */
#ifndef P2PF_DEVICE_H
#define P2PF_DEVICE_H

#include <linux/bits.h>
#include <linux/idr.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include "lan.h"
#include "packet.h"
#include "reap.h"
#include "stats.h"
#include "uapi/p2pfence.h"

struct p2pf_net;
struct p2pf_keyfilter;
struct p2pf_keyset;
struct p2pf_selidx;

/* Every protocol the recognisers know: the default policy mask. */
#define P2PF_PROTOS_ALL		GENMASK(P2P_PROTO_COUNT - 1, 1)

struct p2pf_device {
	u32 id;			/* stable while the device exists, never 0 */
	/* Policy: written with WRITE_ONCE under lock, read with READ_ONCE. */
	u8 mode;		/* enum p2pf_mode */
	bool guest;		/* counted in the user namespaces' budget */
	u32 protos;		/* bit n = enum p2p_proto n is handled */
	u32 flags;		/* enum p2pf_dev_flag */
	struct p2pf_prefixes __rcu *lan;	/* extra LAN prefixes or NULL */
	struct p2pf_dev_counters stats;
	/*
	 * jiffies | 1 when the packet path last remembered or hit a flow of
	 * this device, 0 never: no flow of it outlives this by more than the
	 * flow timeout, so later packets skip the flow lookup (enforce.c).
	 */
	unsigned long flow_last;
	char name[P2PF_NAME_MAX];	/* NUL-padded: it is a hash key */

	/* Private to device.c; 96 bytes in all (one kmalloc-96 object). */
	struct p2pf_keyset *keys;	/* identity; changed under lock */
	/* Once in no names table any more, one of the two lists: */
	union {
		struct rhash_head name_node;
		/* a table's orphans, freed with it (replace.c's copies); */
		struct p2pf_device *gc_next;
		/* unpublished, freed after a grace period (reap.h). */
		struct p2pf_reap_node reap;
	};
};

/*
 * One generation of the device table. The live one is pn->devs (RCU);
 * the packet path reads keys, dev_count and ip_only.
 */
struct p2pf_devtable {
	struct rhashtable keys;		/* identity keys -> devices */
	/*
	 * In front of keys for MACs and addresses (keyfilter.h); NULL: none
	 * (no memory for one), every lookup goes to keys.
	 */
	struct p2pf_keyfilter __rcu *filter;
	u32 filter_keys;		/* bits set since it was built */
	u32 ident_keys;			/* MAC and address keys in keys */
	struct rhashtable names;	/* control path only */
	struct idr ids;			/* id -> device, dump order */
	u32 dev_count;
	u32 ip_only;			/* devices with addresses, no MAC */
	/* Prefixes and interfaces (selector.h), NULL when no device has any. */
	struct p2pf_selidx __rcu *sel;
	bool sel_stale;			/* pending table: built at commit */
	/* Devices in no table, freed with this one (replace.c's copies). */
	struct p2pf_device *orphans;
	struct rcu_work retire;
};

/*
 * Why a change was refused, beside its errno: the netlink layer words it
 * for user space and names the attribute (netlink_dev.c).
 */
enum p2pf_dev_fault {
	P2PF_DEV_FAULT_NONE,		/* none to report (-ENOMEM, ...) */
	P2PF_DEV_FAULT_NO_IDENT,	/* no MAC, address, prefix or iif */
	P2PF_DEV_FAULT_NAME_EXISTS,
	P2PF_DEV_FAULT_NO_DEVICE,	/* of that name */
	P2PF_DEV_FAULT_LIMIT_HOST,	/* max_devices */
	P2PF_DEV_FAULT_LIMIT_NETNS,	/* netns_max_devices */
	P2PF_DEV_FAULT_LIMIT_GUESTS,	/* max_devices, guests together */
	/* A key of the request that another device holds: */
	P2PF_DEV_FAULT_MAC_TAKEN,
	P2PF_DEV_FAULT_ADDR_TAKEN,	/* addrs[fault_index] */
	P2PF_DEV_FAULT_PREFIX_TAKEN,	/* pfx[fault_index] */
	P2PF_DEV_FAULT_IIF_TAKEN,
};

/* What a NEW or SET request asks for. */
struct p2pf_dev_spec {
	char name[P2PF_NAME_MAX];
	bool set_mac, has_mac;
	u8 mac[ETH_ALEN];
	bool set_addrs;
	u32 n_addrs;
	struct p2pf_addr addrs[P2PF_ADDRS_MAX];
	bool set_pfx;
	u32 n_pfx;
	struct p2pf_prefix pfx[P2PF_PREFIXES_MAX];
	bool set_iif, has_iif;
	char iif[IFNAMSIZ];
	bool set_mode, set_protos, set_flags, set_lan;
	u8 mode;
	u32 protos, flags;
	struct p2pf_prefixes *lan;	/* taken by the device on success */
	/* Set by a refusal of device.c (else left alone). */
	enum p2pf_dev_fault fault;
	u32 fault_index;
};

/* Module parameters: see p2pf_device_charge() in device.c. */
extern unsigned int p2pf_max_devices;
extern unsigned int p2pf_netns_max_devices;
/* The most devices @pn may hold. */
u32 p2pf_device_limit(const struct p2pf_net *pn);

int p2pf_devices_init(struct p2pf_net *pn);
void p2pf_devices_destroy(struct p2pf_net *pn);

/*
 * Generations (replace.c). Those given @pn run under pn->lock and assert
 * it. Those given only a table or a device cannot: they run under the
 * lock too while the table is live or pending (only a holder changes
 * those), and without it once nothing else can reach it (namespace exit,
 * the retire worker, an RCU callback).
 */
struct p2pf_devtable *p2pf_devtable_live(struct p2pf_net *pn);
struct p2pf_devtable *p2pf_devtable_new(void);
void p2pf_devtable_free(struct p2pf_devtable *t);
/*
 * Frees an unpublished @t once the packet path can no longer reach it,
 * from a worker, so that a flush or a restore returns without waiting.
 */
void p2pf_devtable_retire(struct p2pf_devtable *t);
/* Module init and exit: the retired tables' workqueue. */
int p2pf_devtables_init(void);
void p2pf_devtables_exit(void);
/* A device no table holds and no packet can reach. */
void p2pf_device_free(struct p2pf_device *dev);
int p2pf_device_add_to(struct p2pf_net *pn, struct p2pf_devtable *t,
		       struct p2pf_dev_spec *spec);
struct p2pf_device *p2pf_device_in(struct p2pf_devtable *t, const char *name);
bool p2pf_device_same(struct p2pf_net *pn, const struct p2pf_device *a,
		      const struct p2pf_device *b);
void p2pf_device_adopt(struct p2pf_net *pn, struct p2pf_devtable *t,
		       struct p2pf_device *copy, struct p2pf_device *old);
void p2pf_gen_bump(struct p2pf_net *pn);
/*
 * Before a pending table is published: builds its prefix and interface
 * index (the only step of a commit that can fail); once its unchanged
 * devices are adopted, points the index at them.
 */
int p2pf_devtable_prepare(struct p2pf_devtable *t);
void p2pf_devtable_adopted(struct p2pf_devtable *t);

/*
 * Changes: caller holds pn->lock (asserted). Those given a spec (add,
 * add_to, set) return 0 or a negative errno, and set spec->fault when
 * there is more to say about a refusal.
 */
int p2pf_device_add(struct p2pf_net *pn, struct p2pf_dev_spec *spec);
int p2pf_device_set(struct p2pf_net *pn, struct p2pf_dev_spec *spec);
int p2pf_device_del(struct p2pf_net *pn, struct p2pf_device *dev);
int p2pf_devices_flush(struct p2pf_net *pn);

/*
 * Readers under pn->lock (of the live table; those given @pn assert it,
 * the others read a device whose keys change only under it).
 */
struct p2pf_device *p2pf_device_by_name(struct p2pf_net *pn,
					const char *name);
u32 p2pf_device_count(struct p2pf_net *pn);
/* The device with the smallest id >= *id, or NULL; sets *id to it. */
struct p2pf_device *p2pf_device_next(struct p2pf_net *pn, u32 *id);
/*
 * Copies @dev's identity: returns whether it has a MAC (then in @mac) and
 * fills @addrs (room for P2PF_ADDRS_MAX) and *@n_addrs.
 */
bool p2pf_device_ident(const struct p2pf_device *dev, u8 *mac,
		       struct p2pf_addr *addrs, u32 *n_addrs);

/*
 * Copies @dev's source prefixes into @pfx (room for P2PF_PREFIXES_MAX) and
 * *@n_pfx; returns whether it has an ingress interface (then in @iif).
 */
bool p2pf_device_selectors(const struct p2pf_device *dev,
			   struct p2pf_prefix *pfx, u32 *n_pfx, char *iif);

/*
 * Packet path, under rcu_read_lock. Sets pkt->group (which the caller
 * sets false first) when the device was found by prefix or interface.
 */
struct p2pf_device *p2pf_device_lookup(struct p2pf_net *pn,
				       struct p2pf_packet *pkt);

#endif /* P2PF_DEVICE_H */
