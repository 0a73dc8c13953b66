// SPDX-License-Identifier: GPL-2.0
/*
 * The device table. One rhashtable maps identity keys ({MAC}, {IPv4},
 * {IPv6}) to devices, so the packet path does a single lookup for the
 * common case; a second one maps names (control path only), and an IDR
 * gives each device a small stable id and a resumable dump order. Source
 * prefixes and ingress interfaces are keys too, so that they are unique
 * and compared like the others, but the packet path finds them in the
 * table's selector index (selector.h), rebuilt when one of them changes.
 *
 * The three make one generation (struct p2pf_devtable) behind an RCU
 * pointer, so that a replacement (replace.c) can build a whole new one
 * and publish it at once. Device ids are unique across the live and the
 * pending generation: flow memory is keyed by id.
 */
#include <linux/atomic.h>
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/lockdep.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include "device.h"
#include "enforce.h"
#include "keyfilter.h"
#include "netns.h"
#include "selector.h"

/*
 * Who may hold how many devices. A network namespace owned by the initial
 * user namespace is the host admin's (only real root can change it): up
 * to max_devices, whatever other namespaces do. A namespace owned by any
 * other user namespace (a rootless container, or any local user's
 * `unshare -Urn`, which grants CAP_NET_ADMIN there) holds at most
 * netns_max_devices, and all such namespaces together at most
 * max_devices. Memory is charged to the memory cgroup of whoever added
 * the devices.
 */
unsigned int p2pf_max_devices = 131072;
unsigned int p2pf_netns_max_devices = 1024;
static atomic_t p2pf_guest_total = ATOMIC_INIT(0);

enum p2pf_key_type {
	P2PF_KEY_MAC = 1,
	P2PF_KEY_IN,
	P2PF_KEY_IN6,
	P2PF_KEY_PFX4,		/* in and len */
	P2PF_KEY_PFX6,		/* in6 and len */
	P2PF_KEY_IIF,		/* ifname */
};

/* Hashed as raw bytes: always zero it before filling. */
struct p2pf_key {
	u8 type;
	u8 len;
	u8 pad[2];
	union {
		u8 mac[ETH_ALEN];
		__be32 in;
		struct in6_addr in6;
		char ifname[IFNAMSIZ];
	};
};

struct p2pf_dev_key {
	struct rhash_head node;
	struct p2pf_key key;
	bool ip_only;			/* owner has no MAC */
	struct p2pf_device *dev;
};

/*
 * A device's identity: its MAC key first (if any), then its addresses,
 * its source prefixes and its interface.
 */
struct p2pf_keyset {
	struct p2pf_reap_node reap;	/* replaced: freed after a grace period */
	u8 n, n_addrs, n_pfx;
	bool has_mac, has_iif;
	struct p2pf_dev_key k[];
};
/* A MAC and an address, the usual identity: one kmalloc-96 object. */
static_assert(sizeof(struct p2pf_keyset) +
	      2 * sizeof(struct p2pf_dev_key) <= 96);
static_assert(1 + P2PF_ADDRS_MAX + P2PF_PREFIXES_MAX + 1 <= U8_MAX);

/* Looked up by address after a MAC miss (p2pf_device_lookup()). */
static bool p2pf_keyset_ip_only(const struct p2pf_keyset *ks)
{
	return !ks->has_mac && ks->n_addrs;
}

static bool p2pf_keyset_has_sel(const struct p2pf_keyset *ks)
{
	return ks && (ks->n_pfx || ks->has_iif);
}

/*
 * A key is five words, zeroed past what its type uses: the packet path
 * hashes and compares it as words, inline, rather than as bytes through
 * jhash2()'s loop and memcmp().
 */
#define P2PF_KEY_WORDS		(sizeof(struct p2pf_key) / sizeof(u32))
static_assert(sizeof(struct p2pf_key) == 5 * sizeof(u32));

static inline u32 p2pf_key_hash(const void *data, u32 len, u32 seed)
{
	const struct p2pf_key *key = data;
	const u32 *w = data;

	/* A MAC's or an IPv4 address's key is zero after its third word. */
	if (key->type == P2PF_KEY_MAC || key->type == P2PF_KEY_IN)
		return jhash_3words(w[0], w[1], w[2], seed);
	return jhash2(w, P2PF_KEY_WORDS, seed);
}

static inline int p2pf_key_cmp(struct rhashtable_compare_arg *arg,
			       const void *obj)
{
	const struct p2pf_dev_key *k = obj;
	const u32 *a = arg->key;
	const u32 *b = (const u32 *)&k->key;

	return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) |
		(a[3] ^ b[3]) | (a[4] ^ b[4])) != 0;
}

static const struct rhashtable_params p2pf_key_params = {
	.key_len = sizeof(struct p2pf_key),
	.key_offset = offsetof(struct p2pf_dev_key, key),
	.head_offset = offsetof(struct p2pf_dev_key, node),
	.automatic_shrinking = true,
	.hashfn = p2pf_key_hash,
	.obj_cmpfn = p2pf_key_cmp,
};

static const struct rhashtable_params p2pf_name_params = {
	.key_len = P2PF_NAME_MAX,
	.key_offset = offsetof(struct p2pf_device, name),
	.head_offset = offsetof(struct p2pf_device, name_node),
	.automatic_shrinking = true,
};

static bool p2pf_is_host(const struct p2pf_net *pn)
{
	return pn->net->user_ns == &init_user_ns;
}

u32 p2pf_device_limit(const struct p2pf_net *pn)
{
	return p2pf_is_host(pn) ? p2pf_max_devices : p2pf_netns_max_devices;
}

/*
 * Takes one device's place in the budgets; pn->lock held. A pending
 * generation counts against the namespace limit on its own, and against
 * the shared budget together with the live one (both exist until the
 * swap).
 */
static int p2pf_device_charge(struct p2pf_net *pn, struct p2pf_devtable *t,
			      struct p2pf_dev_spec *spec)
{
	lockdep_assert_held(&pn->lock);
	if (t->dev_count >= p2pf_device_limit(pn)) {
		spec->fault = p2pf_is_host(pn) ? P2PF_DEV_FAULT_LIMIT_HOST :
						 P2PF_DEV_FAULT_LIMIT_NETNS;
		return -ENOSPC;
	}
	if (!p2pf_is_host(pn) &&
	    atomic_inc_return(&p2pf_guest_total) > p2pf_max_devices) {
		atomic_dec(&p2pf_guest_total);
		spec->fault = P2PF_DEV_FAULT_LIMIT_GUESTS;
		return -ENOSPC;
	}
	return 0;
}

static void p2pf_device_uncharge(const struct p2pf_device *dev)
{
	if (dev->guest)
		atomic_dec(&p2pf_guest_total);
}

static __always_inline void p2pf_key_mac(struct p2pf_key *key, const u8 *mac)
{
	memset(key, 0, sizeof(*key));
	key->type = P2PF_KEY_MAC;
	ether_addr_copy(key->mac, mac);
}

static __always_inline void p2pf_key_addr(struct p2pf_key *key,
					  const struct p2pf_addr *a)
{
	memset(key, 0, sizeof(*key));
	if (a->family == AF_INET) {
		key->type = P2PF_KEY_IN;
		key->in = a->in;
	} else {
		key->type = P2PF_KEY_IN6;
		key->in6 = a->in6;
	}
}

static void p2pf_key_prefix(struct p2pf_key *key, const struct p2pf_prefix *p)
{
	p2pf_key_addr(key, &p->addr);
	key->type = p->addr.family == AF_INET ? P2PF_KEY_PFX4 : P2PF_KEY_PFX6;
	key->len = p->len;
}

static void p2pf_key_iif(struct p2pf_key *key, const char *name)
{
	memset(key, 0, sizeof(*key));
	key->type = P2PF_KEY_IIF;
	strscpy_pad(key->ifname, name, sizeof(key->ifname));
}

static struct p2pf_dev_key *p2pf_key_find(struct p2pf_devtable *t,
					  const struct p2pf_key *key)
{
	return rhashtable_lookup_fast(&t->keys, key, p2pf_key_params);
}

struct p2pf_devtable *p2pf_devtable_live(struct p2pf_net *pn)
{
	return rcu_dereference_protected(pn->devs, lockdep_is_held(&pn->lock));
}

struct p2pf_devtable *p2pf_devtable_new(void)
{
	struct p2pf_devtable *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	idr_init(&t->ids);
	if (rhashtable_init(&t->keys, &p2pf_key_params))
		goto err_free;
	if (rhashtable_init(&t->names, &p2pf_name_params))
		goto err_keys;
	return t;

err_keys:
	rhashtable_destroy(&t->keys);
err_free:
	kfree(t);
	return NULL;
}

/*
 * Publishes @x as @t's selector index (the packet path of a live @t may
 * be reading the old one).
 */
static void p2pf_sel_publish(struct p2pf_devtable *t, struct p2pf_selidx *x)
{
	struct p2pf_selidx *old = rcu_replace_pointer(t->sel, x, true);

	if (old)
		kvfree_rcu(old, rcu);
}

/*
 * The selector index of @t, with keys @ov_ks standing for those of @ov
 * (a device being added or changed; NULL keys: one being deleted).
 * *@out is NULL when no device has a prefix or an interface.
 */
/* Counts (@b NULL) or feeds the prefixes and interface of @ks. */
static void p2pf_sel_feed(struct p2pf_selbuild *b, u32 *n,
			  const struct p2pf_keyset *ks, struct p2pf_device *dev)
{
	struct p2pf_addr a;
	u32 i;

	if (!p2pf_keyset_has_sel(ks))
		return;
	for (i = ks->has_mac + ks->n_addrs; i < ks->n; i++) {
		const struct p2pf_key *k = &ks->k[i].key;

		if (!b) {
			n[k->type == P2PF_KEY_IIF ? 2 :
			  k->type == P2PF_KEY_PFX6] += 1;
			continue;
		}
		if (k->type == P2PF_KEY_IIF) {
			p2pf_selbuild_iif(b, k->ifname, dev);
			continue;
		}
		memset(&a, 0, sizeof(a));
		a.family = k->type == P2PF_KEY_PFX4 ? AF_INET : AF_INET6;
		a.in6 = k->in6;
		p2pf_selbuild_prefix(b, &a, k->len, dev);
	}
}

/*
 * The selector index of @t, with keys @ov_ks standing for those of @ov
 * (a device being added or changed; NULL keys: one being deleted).
 * *@out is NULL when no device has a prefix or an interface.
 */
static int p2pf_sel_build(struct p2pf_devtable *t, struct p2pf_device *ov,
			  const struct p2pf_keyset *ov_ks,
			  struct p2pf_selidx **out)
{
	struct p2pf_selbuild b, *bp = NULL;
	struct p2pf_device *dev;
	u32 n[3] = {}, pass;
	int id, err;

	for (pass = 0; pass < 2; pass++) {
		idr_for_each_entry(&t->ids, dev, id)
			p2pf_sel_feed(bp, n, dev == ov ? ov_ks : dev->keys,
				      dev);
		/* A device being added is not in the IDR yet. */
		if (ov && idr_find(&t->ids, ov->id) != ov)
			p2pf_sel_feed(bp, n, ov_ks, ov);
		if (bp)
			break;
		err = p2pf_selbuild_init(&b, n[0], n[1], n[2]);
		if (err)
			return err;
		bp = &b;
	}
	*out = p2pf_selbuild_finish(&b);
	if (!IS_ERR(*out))
		return 0;
	err = PTR_ERR(*out);
	*out = NULL;
	return err;
}

int p2pf_devtable_prepare(struct p2pf_devtable *t)
{
	struct p2pf_selidx *x;
	int err;

	if (!t->sel_stale)
		return 0;
	err = p2pf_sel_build(t, NULL, NULL, &x);
	if (err)
		return err;
	p2pf_sel_publish(t, x);
	t->sel_stale = false;
	return 0;
}

void p2pf_devtable_adopted(struct p2pf_devtable *t)
{
	p2pf_selidx_remap(rcu_dereference_protected(t->sel, true), &t->ids);
}

void p2pf_device_free(struct p2pf_device *dev)
{
	p2pf_device_uncharge(dev);
	p2pf_dev_counters_free(&dev->stats);
	kfree(rcu_dereference_protected(dev->lan, true));
	kfree(dev->keys);
	kfree(dev);
}

/*
 * Frees @t and the devices in it. No packet may reach @t any more (never
 * published, or unpublished and a grace period gone by).
 */
void p2pf_devtable_free(struct p2pf_devtable *t)
{
	struct p2pf_device *dev;
	int id;

	idr_for_each_entry(&t->ids, dev, id)
		p2pf_device_free(dev);
	while ((dev = t->orphans)) {
		t->orphans = dev->gc_next;
		p2pf_device_free(dev);
	}
	kvfree(rcu_dereference_protected(t->sel, true));
	p2pf_keyfilter_free(rcu_dereference_protected(t->filter, true));
	rhashtable_destroy(&t->names);
	rhashtable_destroy(&t->keys);
	idr_destroy(&t->ids);
	kfree(t);
}

static struct workqueue_struct *p2pf_retire_wq;
static struct p2pf_reaper p2pf_device_reaper, p2pf_keyset_reaper;

static void p2pf_device_reaped(struct p2pf_reap_node *node)
{
	p2pf_device_free(container_of(node, struct p2pf_device, reap));
}

static void p2pf_keyset_reaped(struct p2pf_reap_node *node)
{
	kfree(container_of(node, struct p2pf_keyset, reap));
}

static void p2pf_devtable_retired(struct work_struct *work)
{
	p2pf_devtable_free(container_of(to_rcu_work(work),
					struct p2pf_devtable, retire));
}

void p2pf_devtable_retire(struct p2pf_devtable *t)
{
	INIT_RCU_WORK(&t->retire, p2pf_devtable_retired);
	queue_rcu_work(p2pf_retire_wq, &t->retire);
}

int p2pf_devtables_init(void)
{
	p2pf_retire_wq = alloc_workqueue("p2pfence_retire", WQ_UNBOUND, 0);
	if (!p2pf_retire_wq)
		return -ENOMEM;
	p2pf_reaper_init(&p2pf_device_reaper, p2pf_device_reaped);
	p2pf_reaper_init(&p2pf_keyset_reaper, p2pf_keyset_reaped);
	return 0;
}

/*
 * After the last namespace and rcu_barrier(): every retired table is
 * queued by then, and nothing gives the reapers more.
 */
void p2pf_devtables_exit(void)
{
	p2pf_reaper_drain(&p2pf_device_reaper);
	p2pf_reaper_drain(&p2pf_keyset_reaper);
	destroy_workqueue(p2pf_retire_wq);
}

int p2pf_devices_init(struct p2pf_net *pn)
{
	struct p2pf_devtable *t = p2pf_devtable_new();

	if (!t)
		return -ENOMEM;
	pn->gen = 1;
	pn->next_id = 1;
	RCU_INIT_POINTER(pn->devs, t);
	return 0;
}

/* Namespace exit: the hooks are gone and a grace period has passed. */
void p2pf_devices_destroy(struct p2pf_net *pn)
{
	if (pn->pending)
		p2pf_devtable_free(pn->pending);
	pn->pending = NULL;
	p2pf_devtable_free(rcu_dereference_protected(pn->devs, true));
	RCU_INIT_POINTER(pn->devs, NULL);
}

/* The identity @spec asks for, as keys of @dev. */
static struct p2pf_keyset *p2pf_keyset_build(struct p2pf_device *dev,
					     const struct p2pf_dev_spec *spec)
{
	struct p2pf_keyset *ks;
	u32 i, n = 0;

	ks = kzalloc(struct_size(ks, k, spec->has_mac + spec->n_addrs +
				 spec->n_pfx + spec->has_iif),
		     GFP_KERNEL_ACCOUNT);
	if (!ks)
		return NULL;
	ks->has_mac = spec->has_mac;
	ks->n_addrs = spec->n_addrs;
	ks->n_pfx = spec->n_pfx;
	ks->has_iif = spec->has_iif;
	if (spec->has_mac)
		p2pf_key_mac(&ks->k[n++].key, spec->mac);
	for (i = 0; i < spec->n_addrs; i++)
		p2pf_key_addr(&ks->k[n++].key, &spec->addrs[i]);
	for (i = 0; i < spec->n_pfx; i++)
		p2pf_key_prefix(&ks->k[n++].key, &spec->pfx[i]);
	if (spec->has_iif)
		p2pf_key_iif(&ks->k[n++].key, spec->iif);
	ks->n = n;
	for (i = 0; i < n; i++) {
		ks->k[i].dev = dev;
		ks->k[i].ip_only = !spec->has_mac;
	}
	return ks;
}

/*
 * Key @i of a keyset built from @spec (p2pf_keyset_build()'s order) as
 * the fault of @spec: which of its parts another device holds.
 */
static void p2pf_key_taken(struct p2pf_dev_spec *spec,
			   const struct p2pf_keyset *ks, u32 i)
{
	spec->fault_index = 0;
	if (ks->has_mac && i == 0) {
		spec->fault = P2PF_DEV_FAULT_MAC_TAKEN;
		return;
	}
	i -= ks->has_mac;
	if (i < ks->n_addrs) {
		spec->fault = P2PF_DEV_FAULT_ADDR_TAKEN;
		spec->fault_index = i;
		return;
	}
	i -= ks->n_addrs;
	if (i < ks->n_pfx) {
		spec->fault = P2PF_DEV_FAULT_PREFIX_TAKEN;
		spec->fault_index = i;
		return;
	}
	spec->fault = P2PF_DEV_FAULT_IIF_TAKEN;
}

/* -EEXIST when a key of @ks belongs to a device other than @self. */
static int p2pf_keyset_check(struct p2pf_devtable *t,
			     const struct p2pf_keyset *ks,
			     const struct p2pf_device *self,
			     struct p2pf_dev_spec *spec)
{
	struct p2pf_dev_key *owner;
	u32 i;

	for (i = 0; i < ks->n; i++) {
		owner = p2pf_key_find(t, &ks->k[i].key);
		if (!owner || owner->dev == self)
			continue;
		p2pf_key_taken(spec, ks, i);
		return -EEXIST;
	}
	return 0;
}

/* Its MAC and address keys: the first ones (p2pf_keyset_build()). */
static u32 p2pf_keyset_idents(const struct p2pf_keyset *ks)
{
	return ks->has_mac + ks->n_addrs;
}

static u32 p2pf_key_filter_hash(const struct p2pf_key *k)
{
	struct p2pf_addr a = { .family = AF_INET };

	switch (k->type) {
	case P2PF_KEY_MAC:
		return p2pf_keyfilter_hash_mac(k->mac);
	case P2PF_KEY_IN:
		a.in = k->in;
		break;
	default:
		a.family = AF_INET6;
		a.in6 = k->in6;
		break;
	}
	return p2pf_keyfilter_hash_addr(&a);
}

static void p2pf_keyfilter_set_keyset(struct p2pf_keyfilter *f,
				      const struct p2pf_keyset *ks)
{
	u32 i;

	for (i = 0; i < p2pf_keyset_idents(ks); i++)
		p2pf_keyfilter_set(f, p2pf_key_filter_hash(&ks->k[i].key));
}

/*
 * A new filter for @t's keys and @extra's, published in place of the old
 * one; if there is no memory for it, none (lookups go to the keys).
 */
static void p2pf_keyfilter_rebuild(struct p2pf_devtable *t,
				   const struct p2pf_keyset *extra)
{
	struct p2pf_keyfilter *old = rcu_dereference_protected(t->filter, true);
	u32 n = t->ident_keys + p2pf_keyset_idents(extra);
	struct p2pf_keyfilter *f = p2pf_keyfilter_alloc(n);
	struct p2pf_device *dev;
	int id;

	if (f) {
		idr_for_each_entry(&t->ids, dev, id)
			p2pf_keyfilter_set_keyset(f, dev->keys);
		p2pf_keyfilter_set_keyset(f, extra);
		t->filter_keys = n;
	}
	rcu_assign_pointer(t->filter, f);
	p2pf_keyfilter_free_rcu(old);
}

/*
 * Before @ks's keys go into @t: their bits. A filter that would get too
 * full (removed keys leave their bits set) is rebuilt instead.
 */
static void p2pf_keyfilter_add(struct p2pf_devtable *t,
			       const struct p2pf_keyset *ks)
{
	struct p2pf_keyfilter *f = rcu_dereference_protected(t->filter, true);
	u32 n = p2pf_keyset_idents(ks);

	if (!n)
		return;
	if (!f || t->filter_keys + n > f->capacity) {
		p2pf_keyfilter_rebuild(t, ks);
		return;
	}
	p2pf_keyfilter_set_keyset(f, ks);
	t->filter_keys += n;
}

static void p2pf_keyset_remove(struct p2pf_devtable *t, struct p2pf_keyset *ks,
			       u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		rhashtable_remove_fast(&t->keys, &ks->k[i].node,
				       p2pf_key_params);
}

static int p2pf_keyset_insert(struct p2pf_devtable *t, struct p2pf_keyset *ks)
{
	u32 i;
	int err;

	p2pf_keyfilter_add(t, ks);
	for (i = 0; i < ks->n; i++) {
		err = rhashtable_lookup_insert_fast(&t->keys, &ks->k[i].node,
						    p2pf_key_params);
		if (err) {
			p2pf_keyset_remove(t, ks, i);
			return err;
		}
	}
	t->ident_keys += p2pf_keyset_idents(ks);
	return 0;
}

static struct p2pf_dev_key *p2pf_keyset_find(struct p2pf_keyset *ks,
					     const struct p2pf_key *key)
{
	u32 i;

	for (i = 0; i < ks->n; i++)
		if (!memcmp(&ks->k[i].key, key, sizeof(*key)))
			return &ks->k[i];
	return NULL;
}

/*
 * Moves the table from @old to @new without a moment where a key the two
 * share is missing: new keys first (the only step that can fail), then
 * shared keys swapped in place, then keys that went away.
 */
static int p2pf_keyset_swap(struct p2pf_devtable *t, struct p2pf_keyset *old,
			    struct p2pf_keyset *new)
{
	struct p2pf_dev_key *o;
	u32 i, done;
	int err = 0;

	p2pf_keyfilter_add(t, new);
	for (i = 0; i < new->n; i++) {
		if (p2pf_keyset_find(old, &new->k[i].key))
			continue;
		err = rhashtable_lookup_insert_fast(&t->keys, &new->k[i].node,
						    p2pf_key_params);
		if (err)
			break;
	}
	if (err) {
		for (done = 0; done < i; done++)
			if (!p2pf_keyset_find(old, &new->k[done].key))
				rhashtable_remove_fast(&t->keys,
						       &new->k[done].node,
						       p2pf_key_params);
		return err;
	}
	for (i = 0; i < new->n; i++) {
		o = p2pf_keyset_find(old, &new->k[i].key);
		if (o)
			WARN_ON(rhashtable_replace_fast(&t->keys, &o->node,
							&new->k[i].node,
							p2pf_key_params));
	}
	for (i = 0; i < old->n; i++)
		if (!p2pf_keyset_find(new, &old->k[i].key))
			rhashtable_remove_fast(&t->keys, &old->k[i].node,
					       p2pf_key_params);
	t->ident_keys += p2pf_keyset_idents(new) - p2pf_keyset_idents(old);
	return 0;
}

/* A new table generation; 0 is skipped, dumps read it as "none". */
void p2pf_gen_bump(struct p2pf_net *pn)
{
	lockdep_assert_held(&pn->lock);
	pn->gen = pn->gen + 1 ?: 1;
}

static bool p2pf_spec_has_ident(struct p2pf_dev_spec *spec)
{
	if (spec->has_mac || spec->n_addrs || spec->n_pfx || spec->has_iif)
		return true;
	spec->fault = P2PF_DEV_FAULT_NO_IDENT;
	return false;
}

static bool p2pf_lan_same(const struct p2pf_prefixes *a,
			  const struct p2pf_prefixes *b)
{
	u32 i;

	if (!a || !b)
		return a == b;
	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->p[i].len != b->p[i].len ||
		    a->p[i].addr.family != b->p[i].addr.family ||
		    !ipv6_addr_equal(&a->p[i].addr.in6, &b->p[i].addr.in6))
			return false;
	return true;
}

/*
 * Same identity and policy: a replacement keeps such a device as it is,
 * with its id (and so its remembered flows) and counters. Under pn->lock.
 */
bool p2pf_device_same(struct p2pf_net *pn, const struct p2pf_device *a,
		      const struct p2pf_device *b)
{
	u32 i;

	lockdep_assert_held(&pn->lock);
	if (strcmp(a->name, b->name) || a->mode != b->mode ||
	    a->protos != b->protos || a->flags != b->flags ||
	    a->keys->n != b->keys->n || a->keys->has_mac != b->keys->has_mac)
		return false;
	for (i = 0; i < a->keys->n; i++)
		if (!p2pf_keyset_find(b->keys, &a->keys->k[i].key))
			return false;
	return p2pf_lan_same(rcu_dereference_protected(a->lan,
						       lockdep_is_held(&pn->lock)),
			     rcu_dereference_protected(b->lan,
						       lockdep_is_held(&pn->lock)));
}

/*
 * An id for a device of @t: @want if given, else the next one that
 * neither generation uses, so that flows remembered for a device of one
 * never apply to an unrelated device of the other.
 */
static int p2pf_id_alloc(struct p2pf_net *pn, struct p2pf_devtable *t,
			 u32 want)
{
	struct p2pf_devtable *live = p2pf_devtable_live(pn);
	u32 id;

	lockdep_assert_held(&pn->lock);
	if (want)
		return idr_alloc(&t->ids, NULL, want, want + 1,
				 GFP_KERNEL_ACCOUNT);
	for (;;) {
		id = pn->next_id;
		pn->next_id = pn->next_id < INT_MAX ? pn->next_id + 1 : 1;
		if (idr_find(&live->ids, id) ||
		    (pn->pending && idr_find(&pn->pending->ids, id)))
			continue;
		return idr_alloc(&t->ids, NULL, id, id + 1, GFP_KERNEL_ACCOUNT);
	}
}

/* Adds a device to @t, the live table or a pending one. */
int p2pf_device_add_to(struct p2pf_net *pn, struct p2pf_devtable *t,
		       struct p2pf_dev_spec *spec)
{
	struct p2pf_devtable *live = p2pf_devtable_live(pn);
	struct p2pf_selidx *sel = NULL;
	struct p2pf_device *dev, *old;
	u32 want = 0;
	int err, id;

	lockdep_assert_held(&pn->lock);
	if (!p2pf_spec_has_ident(spec))
		return -EINVAL;
	if (p2pf_device_in(t, spec->name)) {
		spec->fault = P2PF_DEV_FAULT_NAME_EXISTS;
		return -EEXIST;
	}
	err = p2pf_device_charge(pn, t, spec);
	if (err)
		return err;
	err = -ENOMEM;
	/* 100 000 of them must fit: keep the object in kmalloc-96. */
	BUILD_BUG_ON(sizeof(*dev) > 96);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		goto err_count;
	dev->guest = !p2pf_is_host(pn);
	if (p2pf_dev_counters_init(&dev->stats))
		goto err_dev;
	memcpy(dev->name, spec->name, P2PF_NAME_MAX);
	dev->mode = spec->set_mode ? spec->mode : P2PF_MODE_BLOCK;
	dev->protos = spec->set_protos ? spec->protos : P2PF_PROTOS_ALL;
	dev->flags = spec->set_flags ? spec->flags : 0;
	dev->keys = p2pf_keyset_build(dev, spec);
	if (!dev->keys)
		goto err_stats;
	err = p2pf_keyset_check(t, dev->keys, NULL, spec);
	if (err)
		goto err_keys;
	/* A pending table gets its index once, at commit. */
	if (p2pf_keyset_has_sel(dev->keys) && t == live) {
		err = p2pf_sel_build(t, dev, dev->keys, &sel);
		if (err)
			goto err_keys;
	}
	if (spec->set_lan) {
		RCU_INIT_POINTER(dev->lan, spec->lan);
		spec->lan = NULL;
	}

	/* A pending copy of an unchanged live device takes its id. */
	old = t != live ? p2pf_device_in(live, spec->name) : NULL;
	if (old && p2pf_device_same(pn, old, dev))
		want = old->id;
	id = p2pf_id_alloc(pn, t, want);
	if (id < 0) {
		err = id;
		goto err_sel;
	}
	dev->id = id;
	err = rhashtable_lookup_insert_fast(&t->names, &dev->name_node,
					    p2pf_name_params);
	if (err)
		goto err_id;
	err = p2pf_keyset_insert(t, dev->keys);
	if (err)
		goto err_name;

	/* Published (if @t is live): from here on it must be RCU-freed. */
	idr_replace(&t->ids, dev, id);
	WRITE_ONCE(t->dev_count, t->dev_count + 1);
	if (p2pf_keyset_ip_only(dev->keys))
		WRITE_ONCE(t->ip_only, t->ip_only + 1);
	if (p2pf_keyset_has_sel(dev->keys)) {
		if (t == live)
			p2pf_sel_publish(t, sel);
		else
			t->sel_stale = true;
	}
	if (t == live)
		p2pf_gen_bump(pn);
	return 0;

err_name:
	rhashtable_remove_fast(&t->names, &dev->name_node, p2pf_name_params);
err_id:
	idr_remove(&t->ids, id);
	/* The packet path may have found a key inserted for a moment. */
	if (t == live)
		synchronize_rcu();
err_sel:
	kvfree(sel);
err_keys:
	/* Not published: the charge goes with the device. */
	p2pf_device_free(dev);
	return err;
err_stats:
	p2pf_dev_counters_free(&dev->stats);
err_dev:
	kfree(dev);
err_count:
	if (!p2pf_is_host(pn))
		atomic_dec(&p2pf_guest_total);
	return err;
}

int p2pf_device_add(struct p2pf_net *pn, struct p2pf_dev_spec *spec)
{
	lockdep_assert_held(&pn->lock);
	return p2pf_device_add_to(pn, p2pf_devtable_live(pn), spec);
}

int p2pf_device_set(struct p2pf_net *pn, struct p2pf_dev_spec *spec)
{
	struct p2pf_devtable *t = p2pf_devtable_live(pn);
	struct p2pf_keyset *keys = NULL, *old;
	struct p2pf_selidx *sel = NULL;
	struct p2pf_prefixes *lan;
	struct p2pf_device *dev;
	u8 old_mac[ETH_ALEN];
	bool had_ip_only;
	int err;

	lockdep_assert_held(&pn->lock);
	dev = p2pf_device_in(t, spec->name);
	if (!dev) {
		spec->fault = P2PF_DEV_FAULT_NO_DEVICE;
		return -ENOENT;
	}
	old = dev->keys;
	had_ip_only = p2pf_keyset_ip_only(old);
	if (spec->set_mac || spec->set_addrs || spec->set_pfx ||
	    spec->set_iif) {
		/* Fill what the request leaves alone from the device. */
		if (!spec->set_mac) {
			spec->has_mac = old->has_mac;
			if (old->has_mac)
				ether_addr_copy(spec->mac, old->k[0].key.mac);
		}
		if (!spec->set_addrs)
			p2pf_device_ident(dev, old_mac, spec->addrs,
					  &spec->n_addrs);
		if (!spec->set_pfx || !spec->set_iif) {
			struct p2pf_prefix *pfx = spec->set_pfx ? NULL :
						  spec->pfx;
			char iif[IFNAMSIZ] = {};
			bool has_iif;
			u32 n_pfx;

			has_iif = p2pf_device_selectors(dev, pfx, &n_pfx, iif);
			if (!spec->set_pfx)
				spec->n_pfx = n_pfx;
			if (!spec->set_iif) {
				spec->has_iif = has_iif;
				memcpy(spec->iif, iif, IFNAMSIZ);
			}
		}
		if (!p2pf_spec_has_ident(spec))
			return -EINVAL;
		keys = p2pf_keyset_build(dev, spec);
		if (!keys)
			return -ENOMEM;
		err = p2pf_keyset_check(t, keys, dev, spec);
		if (!err && (p2pf_keyset_has_sel(old) ||
			     p2pf_keyset_has_sel(keys)))
			err = p2pf_sel_build(t, dev, keys, &sel);
		if (!err) {
			err = p2pf_keyset_swap(t, old, keys);
			if (err)
				kvfree(sel);
		}
		if (err) {
			kfree(keys);
			return err;
		}
		dev->keys = keys;
		if (p2pf_keyset_has_sel(old) || p2pf_keyset_has_sel(keys))
			p2pf_sel_publish(t, sel);
		p2pf_reap(&p2pf_keyset_reaper, &old->reap);
		if (had_ip_only != p2pf_keyset_ip_only(keys))
			WRITE_ONCE(t->ip_only,
				   t->ip_only + (had_ip_only ? -1 : 1));
	}
	if (spec->set_mode)
		WRITE_ONCE(dev->mode, spec->mode);
	if (spec->set_protos)
		WRITE_ONCE(dev->protos, spec->protos);
	if (spec->set_flags)
		WRITE_ONCE(dev->flags, spec->flags);
	if (spec->set_lan) {
		lan = rcu_replace_pointer(dev->lan, spec->lan,
					  lockdep_is_held(&pn->lock));
		spec->lan = NULL;
		p2pf_prefixes_free_rcu(lan);
	}
	p2pf_gen_bump(pn);
	/*
	 * Flows remembered under the old policy must not outlive it. A packet
	 * already past the lookup may still remember one; it ages out after
	 * the flow timeout (waiting for a grace period here would make a
	 * flush of many devices take minutes).
	 */
	p2pf_enforce_forget_device(pn, dev->id);
	return 0;
}

/* Unpublishes @dev from the live table; the caller flushes its flows. */
static void p2pf_device_unlink(struct p2pf_net *pn, struct p2pf_devtable *t,
			       struct p2pf_device *dev)
{
	lockdep_assert_held(&pn->lock);
	p2pf_keyset_remove(t, dev->keys, dev->keys->n);
	t->ident_keys -= p2pf_keyset_idents(dev->keys);
	rhashtable_remove_fast(&t->names, &dev->name_node, p2pf_name_params);
	idr_remove(&t->ids, dev->id);
	if (p2pf_keyset_ip_only(dev->keys))
		WRITE_ONCE(t->ip_only, t->ip_only - 1);
	WRITE_ONCE(t->dev_count, t->dev_count - 1);
	p2pf_reap(&p2pf_device_reaper, &dev->reap);
}

int p2pf_device_del(struct p2pf_net *pn, struct p2pf_device *dev)
{
	struct p2pf_devtable *t = p2pf_devtable_live(pn);
	struct p2pf_selidx *sel;
	bool has_sel = p2pf_keyset_has_sel(dev->keys);
	u32 id = dev->id;
	int err;

	lockdep_assert_held(&pn->lock);
	/* The index without @dev first: that can fail, the rest cannot. */
	if (has_sel) {
		err = p2pf_sel_build(t, dev, NULL, &sel);
		if (err)
			return err;
		p2pf_sel_publish(t, sel);
	}
	p2pf_device_unlink(pn, t, dev);
	p2pf_gen_bump(pn);
	p2pf_enforce_forget_device(pn, id);
	return 0;
}

/*
 * Every device goes at once: an empty table takes the live one's place,
 * which is freed after a grace period, and all flows go in one walk.
 */
int p2pf_devices_flush(struct p2pf_net *pn)
{
	struct p2pf_devtable *old = p2pf_devtable_live(pn), *t;

	lockdep_assert_held(&pn->lock);
	t = p2pf_devtable_new();
	if (!t)
		return -ENOMEM;
	rcu_assign_pointer(pn->devs, t);
	p2pf_gen_bump(pn);
	p2pf_enforce_forget_flows(pn);
	p2pf_devtable_retire(old);
	return 0;
}

struct p2pf_device *p2pf_device_in(struct p2pf_devtable *t, const char *name)
{
	char key[P2PF_NAME_MAX];

	strscpy_pad(key, name, sizeof(key));
	return rhashtable_lookup_fast(&t->names, key, p2pf_name_params);
}

struct p2pf_device *p2pf_device_by_name(struct p2pf_net *pn, const char *name)
{
	lockdep_assert_held(&pn->lock);
	return p2pf_device_in(p2pf_devtable_live(pn), name);
}

u32 p2pf_device_count(struct p2pf_net *pn)
{
	lockdep_assert_held(&pn->lock);
	return p2pf_devtable_live(pn)->dev_count;
}

struct p2pf_device *p2pf_device_next(struct p2pf_net *pn, u32 *id)
{
	struct p2pf_device *dev;
	int next = *id;

	lockdep_assert_held(&pn->lock);
	/* Skips ids reserved by an add in progress (NULL entries). */
	dev = idr_get_next(&p2pf_devtable_live(pn)->ids, &next);
	if (dev)
		*id = next;
	return dev;
}

bool p2pf_device_ident(const struct p2pf_device *dev, u8 *mac,
		       struct p2pf_addr *addrs, u32 *n_addrs)
{
	const struct p2pf_keyset *ks = dev->keys;
	u32 i, n = 0;

	for (i = 0; i < ks->n; i++) {
		const struct p2pf_key *key = &ks->k[i].key;

		if (key->type == P2PF_KEY_MAC) {
			ether_addr_copy(mac, key->mac);
			continue;
		}
		if (key->type != P2PF_KEY_IN && key->type != P2PF_KEY_IN6)
			continue;
		memset(&addrs[n], 0, sizeof(addrs[n]));
		if (key->type == P2PF_KEY_IN) {
			addrs[n].family = AF_INET;
			addrs[n].in = key->in;
		} else {
			addrs[n].family = AF_INET6;
			addrs[n].in6 = key->in6;
		}
		n++;
	}
	*n_addrs = n;
	return ks->has_mac;
}

bool p2pf_device_selectors(const struct p2pf_device *dev,
			   struct p2pf_prefix *pfx, u32 *n_pfx, char *iif)
{
	const struct p2pf_keyset *ks = dev->keys;
	u32 i, n = 0;

	for (i = ks->has_mac + ks->n_addrs; i < ks->n; i++) {
		const struct p2pf_key *key = &ks->k[i].key;

		if (key->type == P2PF_KEY_IIF) {
			memcpy(iif, key->ifname, IFNAMSIZ);
			continue;
		}
		if (pfx) {
			memset(&pfx[n], 0, sizeof(pfx[n]));
			pfx[n].addr.family = key->type == P2PF_KEY_PFX4 ?
					     AF_INET : AF_INET6;
			pfx[n].addr.in6 = key->in6;
			pfx[n].len = key->len;
		}
		n++;
	}
	*n_pfx = n;
	return ks->has_iif;
}

/*
 * Moves the unchanged live device @old into pending table @t in place of
 * its copy @copy (same id, name and keys): @old keeps its counters and
 * flows. @copy takes @old's live key set, so that it is freed with @copy
 * once the live table is gone. Nothing here can fail.
 */
void p2pf_device_adopt(struct p2pf_net *pn, struct p2pf_devtable *t,
		       struct p2pf_device *copy, struct p2pf_device *old)
{
	struct p2pf_devtable *live = p2pf_devtable_live(pn);
	struct p2pf_keyset *ks = copy->keys;
	u32 i;

	lockdep_assert_held(&pn->lock);
	for (i = 0; i < ks->n; i++)
		ks->k[i].dev = old;
	copy->keys = old->keys;
	old->keys = ks;
	rhashtable_remove_fast(&live->names, &old->name_node, p2pf_name_params);
	WARN_ON(rhashtable_replace_fast(&t->names, &copy->name_node,
					&old->name_node, p2pf_name_params));
	idr_replace(&t->ids, old, old->id);
}

/* The device of the longest prefix holding the source, else of iif. */
static struct p2pf_device *p2pf_device_lookup_sel(struct p2pf_devtable *t,
						  struct p2pf_packet *pkt)
{
	const struct p2pf_selidx *sel = rcu_dereference(t->sel);
	struct p2pf_device *dev;

	if (!sel || !p2pf_sel_may(sel, &pkt->src, pkt->in))
		return NULL;
	dev = p2pf_sel_prefix(sel, &pkt->src);
	if (!dev)
		dev = p2pf_sel_iif(sel, pkt->in);
	pkt->group = !!dev;
	return dev;
}

struct p2pf_device *p2pf_device_lookup(struct p2pf_net *pn,
				       struct p2pf_packet *pkt)
{
	struct p2pf_devtable *t = rcu_dereference(pn->devs);
	const struct p2pf_keyfilter *f;
	struct p2pf_dev_key *k;
	struct p2pf_key key;

	if (!READ_ONCE(t->dev_count))
		return NULL;
	f = rcu_dereference(t->filter);
	if (pkt->mac) {
		if (p2pf_keyfilter_may(f, p2pf_keyfilter_hash_mac(pkt->mac))) {
			p2pf_key_mac(&key, pkt->mac);
			k = rhashtable_lookup(&t->keys, &key, p2pf_key_params);
			if (k)
				return k->dev;
		}
		if (!READ_ONCE(t->ip_only))
			return p2pf_device_lookup_sel(t, pkt);
	}
	if (!p2pf_keyfilter_may(f, p2pf_keyfilter_hash_addr(&pkt->src)))
		return p2pf_device_lookup_sel(t, pkt);
	p2pf_key_addr(&key, &pkt->src);
	k = rhashtable_lookup(&t->keys, &key, p2pf_key_params);
	if (!k || (pkt->mac && !k->ip_only))
		return p2pf_device_lookup_sel(t, pkt);
	return k->dev;
}
