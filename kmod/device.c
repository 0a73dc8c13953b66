// SPDX-License-Identifier: GPL-2.0
/*
 * The device table. One rhashtable maps identity keys ({MAC}, {IPv4},
 * {IPv6}) to devices, so the packet path does a single lookup for the
 * common case; a second one maps names (control path only), and an IDR
 * gives each device a small stable id and a resumable dump order.
 */
#include <linux/atomic.h>
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include "device.h"
#include "enforce.h"
#include "netns.h"

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
unsigned int p2pf_max_devices = 65536;
unsigned int p2pf_netns_max_devices = 1024;
static atomic_t p2pf_guest_total = ATOMIC_INIT(0);

enum p2pf_key_type {
	P2PF_KEY_MAC = 1,
	P2PF_KEY_IN,
	P2PF_KEY_IN6,
};

/* Hashed as raw bytes: always zero it before filling. */
struct p2pf_key {
	u8 type;
	u8 pad[3];
	union {
		u8 mac[ETH_ALEN];
		__be32 in;
		struct in6_addr in6;
	};
};

struct p2pf_dev_key {
	struct rhash_head node;
	struct p2pf_key key;
	bool ip_only;			/* owner has no MAC */
	struct p2pf_device *dev;
};

/* A device's identity: its MAC key first (if any), then its addresses. */
struct p2pf_keyset {
	struct rcu_head rcu;
	u32 n;
	bool has_mac;
	struct p2pf_dev_key k[];
};

static const struct rhashtable_params p2pf_key_params = {
	.key_len = sizeof(struct p2pf_key),
	.key_offset = offsetof(struct p2pf_dev_key, key),
	.head_offset = offsetof(struct p2pf_dev_key, node),
	.automatic_shrinking = true,
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

/* Takes one device's place in the budgets; pn->lock held. */
static int p2pf_device_charge(struct p2pf_net *pn, const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&pn->lock);
	if (pn->dev_count >= p2pf_device_limit(pn)) {
		if (p2pf_is_host(pn))
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "device limit reached (module parameter max_devices)");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "device limit of this network namespace reached (module parameter netns_max_devices)");
		return -ENOSPC;
	}
	if (!p2pf_is_host(pn) &&
	    atomic_inc_return(&p2pf_guest_total) > p2pf_max_devices) {
		atomic_dec(&p2pf_guest_total);
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "device limit of all user namespaces' network namespaces together reached (module parameter max_devices)");
		return -ENOSPC;
	}
	return 0;
}

static void p2pf_device_uncharge(struct p2pf_net *pn)
{
	if (!p2pf_is_host(pn))
		atomic_dec(&p2pf_guest_total);
}

static void p2pf_key_mac(struct p2pf_key *key, const u8 *mac)
{
	memset(key, 0, sizeof(*key));
	key->type = P2PF_KEY_MAC;
	ether_addr_copy(key->mac, mac);
}

static void p2pf_key_addr(struct p2pf_key *key, const struct p2pf_addr *a)
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

static struct p2pf_dev_key *p2pf_key_find(struct p2pf_net *pn,
					  const struct p2pf_key *key)
{
	return rhashtable_lookup_fast(&pn->keys, key, p2pf_key_params);
}

int p2pf_devices_init(struct p2pf_net *pn)
{
	int err;

	idr_init(&pn->ids);
	pn->gen = 1;
	err = rhashtable_init(&pn->keys, &p2pf_key_params);
	if (err)
		return err;
	err = rhashtable_init(&pn->names, &p2pf_name_params);
	if (err)
		rhashtable_destroy(&pn->keys);
	return err;
}

void p2pf_devices_destroy(struct p2pf_net *pn)
{
	mutex_lock(&pn->lock);
	p2pf_devices_flush(pn);
	mutex_unlock(&pn->lock);
	rhashtable_destroy(&pn->names);
	rhashtable_destroy(&pn->keys);
	idr_destroy(&pn->ids);
}

static struct p2pf_keyset *p2pf_keyset_build(struct p2pf_device *dev,
					     bool has_mac, const u8 *mac,
					     const struct p2pf_addr *addrs,
					     u32 n_addrs)
{
	struct p2pf_keyset *ks;
	u32 i, n = 0;

	ks = kzalloc(struct_size(ks, k, n_addrs + has_mac), GFP_KERNEL_ACCOUNT);
	if (!ks)
		return NULL;
	ks->has_mac = has_mac;
	if (has_mac)
		p2pf_key_mac(&ks->k[n++].key, mac);
	for (i = 0; i < n_addrs; i++)
		p2pf_key_addr(&ks->k[n++].key, &addrs[i]);
	ks->n = n;
	for (i = 0; i < n; i++) {
		ks->k[i].dev = dev;
		ks->k[i].ip_only = !has_mac;
	}
	return ks;
}

/* The attribute to blame for key @i of a keyset built from @spec. */
static const struct nlattr *p2pf_key_attr(const struct p2pf_dev_spec *spec,
					  const struct p2pf_keyset *ks, u32 i)
{
	if (ks->has_mac && i == 0)
		return spec->mac_attr;
	i -= ks->has_mac;
	return i < spec->n_addrs ? spec->addr_attr[i] : NULL;
}

/* -EEXIST when a key of @ks belongs to a device other than @self. */
static int p2pf_keyset_check(struct p2pf_net *pn, const struct p2pf_keyset *ks,
			     const struct p2pf_device *self,
			     const struct p2pf_dev_spec *spec,
			     struct netlink_ext_ack *extack)
{
	struct p2pf_dev_key *owner;
	u32 i;

	for (i = 0; i < ks->n; i++) {
		owner = p2pf_key_find(pn, &ks->k[i].key);
		if (!owner || owner->dev == self)
			continue;
		if (ks->k[i].key.type == P2PF_KEY_MAC)
			NL_SET_ERR_MSG_ATTR(extack, p2pf_key_attr(spec, ks, i),
					    "MAC address belongs to another device");
		else
			NL_SET_ERR_MSG_ATTR(extack, p2pf_key_attr(spec, ks, i),
					    "address belongs to another device");
		return -EEXIST;
	}
	return 0;
}

static void p2pf_keyset_remove(struct p2pf_net *pn, struct p2pf_keyset *ks,
			       u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		rhashtable_remove_fast(&pn->keys, &ks->k[i].node,
				       p2pf_key_params);
}

static int p2pf_keyset_insert(struct p2pf_net *pn, struct p2pf_keyset *ks)
{
	u32 i;
	int err;

	for (i = 0; i < ks->n; i++) {
		err = rhashtable_lookup_insert_fast(&pn->keys, &ks->k[i].node,
						    p2pf_key_params);
		if (err) {
			p2pf_keyset_remove(pn, ks, i);
			return err;
		}
	}
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
static int p2pf_keyset_swap(struct p2pf_net *pn, struct p2pf_keyset *old,
			    struct p2pf_keyset *new)
{
	struct p2pf_dev_key *o;
	u32 i, done;
	int err = 0;

	for (i = 0; i < new->n; i++) {
		if (p2pf_keyset_find(old, &new->k[i].key))
			continue;
		err = rhashtable_lookup_insert_fast(&pn->keys, &new->k[i].node,
						    p2pf_key_params);
		if (err)
			break;
	}
	if (err) {
		for (done = 0; done < i; done++)
			if (!p2pf_keyset_find(old, &new->k[done].key))
				rhashtable_remove_fast(&pn->keys,
						       &new->k[done].node,
						       p2pf_key_params);
		return err;
	}
	for (i = 0; i < new->n; i++) {
		o = p2pf_keyset_find(old, &new->k[i].key);
		if (o)
			WARN_ON(rhashtable_replace_fast(&pn->keys, &o->node,
							&new->k[i].node,
							p2pf_key_params));
	}
	for (i = 0; i < old->n; i++)
		if (!p2pf_keyset_find(new, &old->k[i].key))
			rhashtable_remove_fast(&pn->keys, &old->k[i].node,
					       p2pf_key_params);
	return 0;
}

/* A new table generation; 0 is skipped, dumps read it as "none". */
static void p2pf_gen_bump(struct p2pf_net *pn)
{
	pn->gen = pn->gen + 1 ?: 1;
}

static void p2pf_device_free_rcu(struct rcu_head *head)
{
	struct p2pf_device *dev = container_of(head, struct p2pf_device, rcu);

	free_percpu(dev->stats);
	kfree(rcu_dereference_protected(dev->lan, true));
	kfree(dev->keys);
	kfree(dev);
}

static bool p2pf_spec_has_ident(const struct p2pf_dev_spec *spec,
				struct netlink_ext_ack *extack)
{
	if (spec->has_mac || spec->n_addrs)
		return true;
	NL_SET_ERR_MSG_ATTR(extack, spec->name_attr,
			    "device needs a MAC address or an IP address");
	return false;
}

int p2pf_device_add(struct p2pf_net *pn, struct p2pf_dev_spec *spec,
		    struct netlink_ext_ack *extack)
{
	struct p2pf_device *dev;
	int err, id;

	if (!p2pf_spec_has_ident(spec, extack))
		return -EINVAL;
	if (p2pf_device_by_name(pn, spec->name)) {
		NL_SET_ERR_MSG_ATTR(extack, spec->name_attr,
				    "device name already exists");
		return -EEXIST;
	}
	err = p2pf_device_charge(pn, spec->name_attr, extack);
	if (err)
		return err;
	err = -ENOMEM;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		goto err_count;
	dev->stats = p2pf_counters_alloc();
	if (!dev->stats)
		goto err_dev;
	memcpy(dev->name, spec->name, P2PF_NAME_MAX);
	dev->mode = spec->set_mode ? spec->mode : P2PF_MODE_BLOCK;
	dev->protos = spec->set_protos ? spec->protos : P2PF_PROTOS_ALL;
	dev->flags = spec->set_flags ? spec->flags : 0;
	dev->keys = p2pf_keyset_build(dev, spec->has_mac, spec->mac,
				      spec->addrs, spec->n_addrs);
	if (!dev->keys)
		goto err_stats;
	err = p2pf_keyset_check(pn, dev->keys, NULL, spec, extack);
	if (err)
		goto err_keys;

	id = idr_alloc_cyclic(&pn->ids, NULL, 1, INT_MAX, GFP_KERNEL_ACCOUNT);
	if (id < 0) {
		err = id;
		goto err_keys;
	}
	dev->id = id;
	err = rhashtable_lookup_insert_fast(&pn->names, &dev->name_node,
					    p2pf_name_params);
	if (err)
		goto err_id;
	err = p2pf_keyset_insert(pn, dev->keys);
	if (err)
		goto err_name;

	/* Published: from here on it can be found and must be RCU-freed. */
	if (spec->set_lan) {
		rcu_assign_pointer(dev->lan, spec->lan);
		spec->lan = NULL;
	}
	idr_replace(&pn->ids, dev, id);
	WRITE_ONCE(pn->dev_count, pn->dev_count + 1);
	if (!spec->has_mac)
		WRITE_ONCE(pn->ip_only, pn->ip_only + 1);
	p2pf_gen_bump(pn);
	return 0;

err_name:
	rhashtable_remove_fast(&pn->names, &dev->name_node, p2pf_name_params);
err_id:
	idr_remove(&pn->ids, id);
	/* The packet path may have found a key inserted for a moment. */
	synchronize_rcu();
err_keys:
	kfree(dev->keys);
err_stats:
	free_percpu(dev->stats);
err_dev:
	kfree(dev);
err_count:
	p2pf_device_uncharge(pn);
	return err;
}

int p2pf_device_set(struct p2pf_net *pn, struct p2pf_dev_spec *spec,
		    struct netlink_ext_ack *extack)
{
	struct p2pf_keyset *keys = NULL, *old;
	struct p2pf_prefixes *lan;
	struct p2pf_device *dev;
	u8 old_mac[ETH_ALEN];
	bool had_mac;
	int err;

	dev = p2pf_device_by_name(pn, spec->name);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, spec->name_attr, "no such device");
		return -ENOENT;
	}
	old = dev->keys;
	had_mac = old->has_mac;
	if (spec->set_mac || spec->set_addrs) {
		/* Fill what the request leaves alone from the device. */
		if (!spec->set_mac) {
			spec->has_mac = had_mac;
			if (had_mac)
				ether_addr_copy(spec->mac, old->k[0].key.mac);
		}
		if (!spec->set_addrs)
			p2pf_device_ident(dev, old_mac, spec->addrs,
					  &spec->n_addrs);
		if (!p2pf_spec_has_ident(spec, extack))
			return -EINVAL;
		keys = p2pf_keyset_build(dev, spec->has_mac, spec->mac,
					 spec->addrs, spec->n_addrs);
		if (!keys)
			return -ENOMEM;
		err = p2pf_keyset_check(pn, keys, dev, spec, extack);
		if (!err)
			err = p2pf_keyset_swap(pn, old, keys);
		if (err) {
			kfree(keys);
			return err;
		}
		dev->keys = keys;
		kfree_rcu(old, rcu);
		if (had_mac != keys->has_mac)
			WRITE_ONCE(pn->ip_only,
				   pn->ip_only + (had_mac ? 1 : -1));
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
	p2pf_flow_flush_device(pn, dev->id);
	return 0;
}

int p2pf_device_del(struct p2pf_net *pn, struct p2pf_device *dev)
{
	p2pf_keyset_remove(pn, dev->keys, dev->keys->n);
	rhashtable_remove_fast(&pn->names, &dev->name_node, p2pf_name_params);
	idr_remove(&pn->ids, dev->id);
	if (!dev->keys->has_mac)
		WRITE_ONCE(pn->ip_only, pn->ip_only - 1);
	WRITE_ONCE(pn->dev_count, pn->dev_count - 1);
	p2pf_gen_bump(pn);
	p2pf_flow_flush_device(pn, dev->id);
	p2pf_device_uncharge(pn);
	call_rcu(&dev->rcu, p2pf_device_free_rcu);
	return 0;
}

void p2pf_devices_flush(struct p2pf_net *pn)
{
	struct p2pf_device *dev;
	u32 id = 0;

	while ((dev = p2pf_device_next(pn, &id)))
		p2pf_device_del(pn, dev);
}

struct p2pf_device *p2pf_device_by_name(struct p2pf_net *pn, const char *name)
{
	char key[P2PF_NAME_MAX];

	strscpy_pad(key, name, sizeof(key));
	return rhashtable_lookup_fast(&pn->names, key, p2pf_name_params);
}

struct p2pf_device *p2pf_device_next(struct p2pf_net *pn, u32 *id)
{
	struct p2pf_device *dev;
	int next = *id;

	/* Skips ids reserved by an add in progress (NULL entries). */
	dev = idr_get_next(&pn->ids, &next);
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

struct p2pf_device *p2pf_device_lookup(struct p2pf_net *pn,
				       const struct p2pf_packet *pkt)
{
	struct p2pf_dev_key *k;
	struct p2pf_key key;

	if (!READ_ONCE(pn->dev_count))
		return NULL;
	if (pkt->mac) {
		p2pf_key_mac(&key, pkt->mac);
		k = rhashtable_lookup(&pn->keys, &key, p2pf_key_params);
		if (k)
			return k->dev;
		if (!READ_ONCE(pn->ip_only))
			return NULL;
	}
	p2pf_key_addr(&key, &pkt->src);
	k = rhashtable_lookup(&pn->keys, &key, p2pf_key_params);
	if (!k || (pkt->mac && !k->ip_only))
		return NULL;
	return k->dev;
}

struct p2pf_device *p2pf_device_by_id(struct p2pf_net *pn, u32 id)
{
	return idr_find(&pn->ids, id);
}
