// SPDX-License-Identifier: GPL-2.0
/*
 * Device commands: NEW, SET, DEL, GET (one or dump) and FLUSH, with their
 * policies, and the wording of device.c's refusals.
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/lockdep.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include "compat.h"
#include "device.h"
#include "hooks.h"
#include "netlink.h"
#include "netns.h"
#include "nlattr.h"

static const struct nla_policy p2pf_addr_policy[P2PF_ADDR_A_MAX + 1] = {
	[P2PF_ADDR_A_IN] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[P2PF_ADDR_A_IN6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

#define P2PF_DEV_POLICY_COMMON						\
	[P2PF_A_DEV_NAME] = { .type = NLA_NUL_STRING,			\
			      .len = P2PF_NAME_MAX - 1 },		\
	[P2PF_A_DEV_ADDRS] = NLA_POLICY_NESTED(p2pf_addr_policy),	\
	[P2PF_A_DEV_MODE] = NLA_POLICY_MAX(NLA_U8, P2PF_MODE_MAX),	\
	[P2PF_A_DEV_PROTOS] = NLA_POLICY_MASK(NLA_U32, P2PF_PROTOS_ALL), \
	[P2PF_A_DEV_FLAGS] = NLA_POLICY_MASK(NLA_U32, __P2PF_DEV_F_ALL), \
	[P2PF_A_DEV_LAN] = NLA_POLICY_NESTED(p2pf_prefix_list_policy),	\
	[P2PF_A_DEV_PREFIXES] = NLA_POLICY_NESTED(p2pf_prefix_list_policy), \
	[P2PF_A_DEV_IIF] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

static const struct nla_policy p2pf_dev_new_policy[P2PF_A_MAX + 1] = {
	P2PF_DEV_POLICY_COMMON,
	[P2PF_A_DEV_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[P2PF_A_REPLACE] = { .type = NLA_FLAG },
};

/* SET: a MAC of length 0 clears it; checked by p2pf_nl_parse_spec(). */
static const struct nla_policy p2pf_dev_set_policy[P2PF_A_MAX + 1] = {
	P2PF_DEV_POLICY_COMMON,
	[P2PF_A_DEV_MAC] = { .type = NLA_BINARY, .len = ETH_ALEN },
};

static const struct nla_policy p2pf_dev_name_policy[P2PF_A_MAX + 1] = {
	[P2PF_A_DEV_NAME] = { .type = NLA_NUL_STRING,
			      .len = P2PF_NAME_MAX - 1 },
};

/*
 * The name must be exactly the attribute's string (no embedded NUL) and
 * plain ASCII: the kernel's isalnum() also accepts Latin-1 letters, which
 * the CLI, and so save/restore, would refuse.
 */
static bool p2pf_name_valid(const struct nlattr *nla, const char *name)
{
	if (!*name || strnlen(nla_data(nla), nla_len(nla)) != nla_len(nla) - 1)
		return false;
	for (; *name; name++)
		if (!isascii(*name) ||
		    (!isalnum(*name) && !strchr("_.-", *name)))
			return false;
	return true;
}

static int p2pf_nl_parse_name(struct genl_info *info, char *name)
{
	struct nlattr *nla = info->attrs[P2PF_A_DEV_NAME];

	if (!P2PF_NL_REQUIRE(info, P2PF_A_DEV_NAME,
			     "missing device name (P2PF_A_DEV_NAME)"))
		return -EINVAL;
	p2pf_nla_strscpy(name, nla, P2PF_NAME_MAX);
	if (!p2pf_name_valid(nla, name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "device name must be 1-31 characters of A-Z a-z 0-9 _ . - and nothing after its NUL");
		return -EINVAL;
	}
	return 0;
}

/* One P2PF_ADDR_A_IN/IN6 attribute (its length checked by the policy). */
static int p2pf_nl_parse_addr(const struct nlattr *nla, struct p2pf_addr *a,
			      struct netlink_ext_ack *extack)
{
	memset(a, 0, sizeof(*a));
	switch (nla_type(nla)) {
	case P2PF_ADDR_A_IN:
		a->family = AF_INET;
		a->in = nla_get_in_addr(nla);
		return 0;
	case P2PF_ADDR_A_IN6:
		a->family = AF_INET6;
		a->in6 = nla_get_in6_addr(nla);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, nla, "expected an IPv4 or IPv6 address");
	return -EINVAL;
}

/* A device address must be a unicast host address. */
static bool p2pf_addr_usable(const struct p2pf_addr *a)
{
	if (a->family == AF_INET)
		return !ipv4_is_zeronet(a->in) && !ipv4_is_multicast(a->in) &&
		       !ipv4_is_lbcast(a->in) && !ipv4_is_loopback(a->in);
	return !ipv6_addr_any(&a->in6) && !ipv6_addr_is_multicast(&a->in6) &&
	       !ipv6_addr_loopback(&a->in6);
}

static int p2pf_nl_parse_addrs(struct nlattr *nest, struct p2pf_dev_spec *spec,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *nla;
	u32 i, n = 0;
	int rem, err;

	spec->set_addrs = true;
	nla_for_each_nested(nla, nest, rem) {
		if (n == P2PF_ADDRS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "too many addresses (P2PF_ADDRS_MAX)");
			return -EINVAL;
		}
		err = p2pf_nl_parse_addr(nla, &spec->addrs[n], extack);
		if (err)
			return err;
		if (!p2pf_addr_usable(&spec->addrs[n])) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "device address must be a unicast host address");
			return -EINVAL;
		}
		for (i = 0; i < n; i++) {
			if (!memcmp(&spec->addrs[i], &spec->addrs[n],
				    sizeof(spec->addrs[n]))) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "address listed twice");
				return -EINVAL;
			}
		}
		n++;
	}
	spec->n_addrs = n;
	return 0;
}

static int p2pf_nl_parse_srcs(struct nlattr *nest, struct p2pf_dev_spec *spec,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *nla;
	u32 i, n = 0;
	int rem, err;

	spec->set_pfx = true;
	nla_for_each_nested(nla, nest, rem) {
		if (n == P2PF_PREFIXES_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "too many source prefixes (P2PF_PREFIXES_MAX)");
			return -EINVAL;
		}
		err = p2pf_nl_parse_prefix(nla, &spec->pfx[n], extack);
		if (err)
			return err;
		for (i = 0; i < n; i++) {
			if (!memcmp(&spec->pfx[i], &spec->pfx[n],
				    sizeof(spec->pfx[n]))) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "source prefix listed twice");
				return -EINVAL;
			}
		}
		n++;
	}
	spec->n_pfx = n;
	return 0;
}

/* An interface name, which need not exist yet; "" in SET clears it. */
static int p2pf_nl_parse_iif(struct nlattr *nla, struct p2pf_dev_spec *spec,
			     bool may_clear, struct netlink_ext_ack *extack)
{
	spec->set_iif = true;
	p2pf_nla_strscpy(spec->iif, nla, IFNAMSIZ);
	if (strnlen(nla_data(nla), nla_len(nla)) != nla_len(nla) - 1) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "interface name must hold nothing after its NUL");
		return -EINVAL;
	}
	if (!spec->iif[0] && may_clear)
		return 0;
	if (!dev_valid_name(spec->iif)) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "not a valid interface name");
		return -EINVAL;
	}
	spec->has_iif = true;
	return 0;
}

static int p2pf_nl_parse_mac(struct nlattr *nla, struct p2pf_dev_spec *spec,
			     bool may_clear, struct netlink_ext_ack *extack)
{
	spec->set_mac = true;
	if (may_clear && !nla_len(nla))
		return 0;
	if (nla_len(nla) != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "MAC address must be 6 bytes (0 to clear)");
		return -EINVAL;
	}
	memcpy(spec->mac, nla_data(nla), ETH_ALEN);
	if (!is_valid_ether_addr(spec->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "MAC address must be unicast and not zero");
		return -EINVAL;
	}
	spec->has_mac = true;
	return 0;
}

/* Fills @spec from a NEW (@is_set false) or SET request. */
static int p2pf_nl_parse_spec(struct genl_info *info,
			      struct p2pf_dev_spec *spec, bool is_set)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;
	int err;

	memset(spec, 0, sizeof(*spec));
	err = p2pf_nl_parse_name(info, spec->name);
	if (err)
		return err;
	if (tb[P2PF_A_DEV_MAC]) {
		err = p2pf_nl_parse_mac(tb[P2PF_A_DEV_MAC], spec, is_set,
					extack);
		if (err)
			return err;
	}
	if (tb[P2PF_A_DEV_ADDRS]) {
		err = p2pf_nl_parse_addrs(tb[P2PF_A_DEV_ADDRS], spec, extack);
		if (err)
			return err;
	}
	if (tb[P2PF_A_DEV_MODE]) {
		spec->set_mode = true;
		spec->mode = nla_get_u8(tb[P2PF_A_DEV_MODE]);
	}
	if (tb[P2PF_A_DEV_PROTOS]) {
		spec->set_protos = true;
		spec->protos = nla_get_u32(tb[P2PF_A_DEV_PROTOS]);
		if (!spec->protos) {
			NL_SET_ERR_MSG_ATTR(extack, tb[P2PF_A_DEV_PROTOS],
					    "protocol mask is empty");
			return -EINVAL;
		}
	}
	if (tb[P2PF_A_DEV_FLAGS]) {
		spec->set_flags = true;
		spec->flags = nla_get_u32(tb[P2PF_A_DEV_FLAGS]);
	}
	if (tb[P2PF_A_DEV_PREFIXES]) {
		err = p2pf_nl_parse_srcs(tb[P2PF_A_DEV_PREFIXES], spec, extack);
		if (err)
			return err;
	}
	if (tb[P2PF_A_DEV_IIF]) {
		err = p2pf_nl_parse_iif(tb[P2PF_A_DEV_IIF], spec, is_set,
					extack);
		if (err)
			return err;
	}
	if (tb[P2PF_A_DEV_LAN]) {
		spec->set_lan = true;
		err = p2pf_nl_parse_prefixes(tb[P2PF_A_DEV_LAN], &spec->lan,
					     extack);
		if (err)
			return err;
	}
	return 0;
}

/* The @i-th attribute in @nest, or NULL. */
static const struct nlattr *p2pf_nl_nested_nth(const struct nlattr *nest,
					       u32 i)
{
	const struct nlattr *nla;
	int rem;

	if (nest)
		nla_for_each_nested(nla, nest, rem)
			if (!i--)
				return nla;
	return NULL;
}

/*
 * The extack of a refusal of device.c (enum p2pf_dev_fault), naming the
 * request's attribute at fault: the parsers above filled the spec's
 * addresses and prefixes in the order of their nests.
 */
static void p2pf_nl_dev_fault(struct genl_info *info,
			      enum p2pf_dev_fault fault, u32 i)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;
	const struct nlattr *name = tb[P2PF_A_DEV_NAME];

	switch (fault) {
	case P2PF_DEV_FAULT_NONE:
		break;
	case P2PF_DEV_FAULT_NO_IDENT:
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "device needs a MAC address, an IP address, a source prefix or an interface");
		break;
	case P2PF_DEV_FAULT_NAME_EXISTS:
		NL_SET_ERR_MSG_ATTR(extack, name, "device name already exists");
		break;
	case P2PF_DEV_FAULT_NO_DEVICE:
		NL_SET_ERR_MSG_ATTR(extack, name, "no such device");
		break;
	case P2PF_DEV_FAULT_LIMIT_HOST:
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "device limit reached (module parameter max_devices)");
		break;
	case P2PF_DEV_FAULT_LIMIT_NETNS:
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "device limit of this network namespace reached (module parameter netns_max_devices)");
		break;
	case P2PF_DEV_FAULT_LIMIT_GUESTS:
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "device limit of all user namespaces' network namespaces together reached (module parameter max_devices)");
		break;
	case P2PF_DEV_FAULT_MAC_TAKEN:
		NL_SET_ERR_MSG_ATTR(extack, tb[P2PF_A_DEV_MAC],
				    "MAC address belongs to another device");
		break;
	case P2PF_DEV_FAULT_ADDR_TAKEN:
		NL_SET_ERR_MSG_ATTR(extack,
				    p2pf_nl_nested_nth(tb[P2PF_A_DEV_ADDRS], i),
				    "address belongs to another device");
		break;
	case P2PF_DEV_FAULT_PREFIX_TAKEN:
		NL_SET_ERR_MSG_ATTR(extack,
				    p2pf_nl_nested_nth(tb[P2PF_A_DEV_PREFIXES], i),
				    "source prefix belongs to another device");
		break;
	case P2PF_DEV_FAULT_IIF_TAKEN:
		NL_SET_ERR_MSG_ATTR(extack, tb[P2PF_A_DEV_IIF],
				    "interface belongs to another device");
		break;
	}
}

/* NEW_DEVICE into this socket's replacement (replace.c). */
static int p2pf_nl_add_pending(struct p2pf_net *pn, struct genl_info *info,
			       struct p2pf_dev_spec *spec)
{
	struct p2pf_devtable *t;

	t = p2pf_nl_pending(pn, info);
	if (!t)
		return -ENOENT;
	return p2pf_device_add_to(pn, t, spec);
}

/* A device of the live table needs the hooks before it exists. */
static int p2pf_nl_add_live(struct p2pf_net *pn, struct p2pf_dev_spec *spec,
			    struct netlink_ext_ack *extack)
{
	int err = p2pf_hooks_want(pn);

	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
		return err;
	}
	err = p2pf_device_add(pn, spec);
	p2pf_hooks_idle(pn);
	return err;
}

static int p2pf_nl_change_device(struct genl_info *info, bool is_set)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_dev_spec *spec;
	int err;

	/* About 800 bytes: too big for the stack. */
	spec = kmalloc(sizeof(*spec), GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	err = p2pf_nl_parse_spec(info, spec, is_set);
	if (!err) {
		mutex_lock(&pn->lock);
		if (is_set)
			err = p2pf_device_set(pn, spec);
		else if (nla_get_flag(info->attrs[P2PF_A_REPLACE]))
			err = p2pf_nl_add_pending(pn, info, spec);
		else
			err = p2pf_nl_add_live(pn, spec, info->extack);
		mutex_unlock(&pn->lock);
		p2pf_nl_dev_fault(info, spec->fault, spec->fault_index);
	}
	kfree(spec->lan);	/* NULL unless the device did not take it */
	kfree(spec);
	return err;
}

static int p2pf_nl_new_device(struct sk_buff *skb, struct genl_info *info)
{
	return p2pf_nl_change_device(info, false);
}

static int p2pf_nl_set_device(struct sk_buff *skb, struct genl_info *info)
{
	return p2pf_nl_change_device(info, true);
}

/* The device named by the request, under pn->lock; extack on failure. */
static struct p2pf_device *p2pf_nl_find_device(struct p2pf_net *pn,
					       struct genl_info *info)
{
	char name[P2PF_NAME_MAX];
	struct p2pf_device *dev;

	lockdep_assert_held(&pn->lock);
	if (p2pf_nl_parse_name(info, name))
		return ERR_PTR(-EINVAL);
	dev = p2pf_device_by_name(pn, name);
	if (!dev) {
		p2pf_nl_dev_fault(info, P2PF_DEV_FAULT_NO_DEVICE, 0);
		return ERR_PTR(-ENOENT);
	}
	return dev;
}

static int p2pf_nl_del_device(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_device *dev;
	int err;

	mutex_lock(&pn->lock);
	dev = p2pf_nl_find_device(pn, info);
	err = IS_ERR(dev) ? PTR_ERR(dev) : p2pf_device_del(pn, dev);
	p2pf_hooks_idle(pn);
	mutex_unlock(&pn->lock);
	return err;
}

static int p2pf_nl_flush_devices(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	int err;

	mutex_lock(&pn->lock);
	err = p2pf_devices_flush(pn);
	p2pf_hooks_idle(pn);
	mutex_unlock(&pn->lock);
	return err;
}

static int p2pf_nl_put_ident(struct sk_buff *skb,
			     const struct p2pf_device *dev)
{
	struct p2pf_addr addrs[P2PF_ADDRS_MAX];
	struct nlattr *nest;
	u8 mac[ETH_ALEN];
	u32 i, n;

	if (p2pf_device_ident(dev, mac, addrs, &n) &&
	    nla_put(skb, P2PF_A_DEV_MAC, ETH_ALEN, mac))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, P2PF_A_DEV_ADDRS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (p2pf_nl_put_addr_a(skb, &addrs[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int p2pf_nl_put_selectors(struct sk_buff *skb,
				 const struct p2pf_device *dev)
{
	struct p2pf_prefix pfx[P2PF_PREFIXES_MAX];
	char iif[IFNAMSIZ];
	u32 n;

	if (p2pf_device_selectors(dev, pfx, &n, iif) &&
	    nla_put_string(skb, P2PF_A_DEV_IIF, iif))
		return -EMSGSIZE;
	return p2pf_nl_put_prefix_array(skb, P2PF_A_DEV_PREFIXES, pfx, n);
}

/* One device message; caller holds pn->lock. */
static int p2pf_nl_fill_device(struct sk_buff *skb, struct p2pf_net *pn,
			       struct p2pf_device *dev, u32 portid, u32 seq,
			       int flags, struct netlink_callback *cb)
{
	struct p2pf_counter_sum sum;
	void *hdr;

	lockdep_assert_held(&pn->lock);
	hdr = genlmsg_put(skb, portid, seq, &p2pf_genl_family, flags,
			  P2PF_CMD_GET_DEVICE);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	p2pf_dev_counters_sum(&dev->stats, &sum);
	if (nla_put_string(skb, P2PF_A_DEV_NAME, dev->name) ||
	    p2pf_nl_put_ident(skb, dev) ||
	    p2pf_nl_put_selectors(skb, dev) ||
	    nla_put_u8(skb, P2PF_A_DEV_MODE, dev->mode) ||
	    nla_put_u32(skb, P2PF_A_DEV_PROTOS, dev->protos) ||
	    nla_put_u32(skb, P2PF_A_DEV_FLAGS, dev->flags) ||
	    p2pf_nl_put_prefixes(skb, P2PF_A_DEV_LAN,
				 rcu_dereference_protected(dev->lan,
							   lockdep_is_held(&pn->lock))) ||
	    p2pf_nl_put_stats(skb, &sum, NULL)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int p2pf_nl_get_device(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pf_net *pn = p2pf_pernet(genl_info_net(info));
	struct p2pf_device *dev;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->lock);
	dev = p2pf_nl_find_device(pn, info);
	err = IS_ERR(dev) ? PTR_ERR(dev) :
	      p2pf_nl_fill_device(msg, pn, dev, info->snd_portid,
				  info->snd_seq, 0, NULL);
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: the id to resume from. Each part of the dump records the
 * table generation, so a change between parts sets NLM_F_DUMP_INTR.
 */
static int p2pf_nl_dump_devices(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct p2pf_net *pn = p2pf_pernet(sock_net(skb->sk));
	struct p2pf_device *dev;
	u32 id = cb->args[0];
	int err = 0;

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	while ((dev = p2pf_device_next(pn, &id))) {
		err = p2pf_nl_fill_device(skb, pn, dev,
					  NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
		id++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = id;
	/* A device that does not fit in an empty buffer is an error. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static const struct genl_ops p2pf_nl_dev_ops[] = {
	{
		.cmd = P2PF_CMD_NEW_DEVICE,
		.doit = p2pf_nl_new_device,
		.policy = p2pf_dev_new_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_SET_DEVICE,
		.doit = p2pf_nl_set_device,
		.policy = p2pf_dev_set_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_DEL_DEVICE,
		.doit = p2pf_nl_del_device,
		.policy = p2pf_dev_name_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_GET_DEVICE,
		.doit = p2pf_nl_get_device,
		.dumpit = p2pf_nl_dump_devices,
		.policy = p2pf_dev_name_policy,
		.maxattr = P2PF_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = P2PF_CMD_FLUSH_DEVICES,
		.doit = p2pf_nl_flush_devices,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

const struct p2pf_nl_cmds p2pf_nl_dev_cmds = P2PF_NL_CMDS(p2pf_nl_dev_ops);
