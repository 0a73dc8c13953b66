// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Encoding and decoding device messages (see devmsg.h). */
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "devmsg.h"

void devmsg_put(struct nlmsghdr *nlh, const struct dev_spec *d)
{
	unsigned int i;

	mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, d->name);
	if (d->has_mac)
		mnl_attr_put(nlh, P2PF_A_DEV_MAC, d->mac_clear ? 0 : 6, d->mac);
	if (d->has_addrs) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_DEV_ADDRS);

		for (i = 0; i < d->naddrs; i++)
			nl_put_addr(nlh, &d->addrs[i]);
		mnl_attr_nest_end(nlh, nest);
	}
	if (d->has_mode)
		mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE, d->mode);
	if (d->has_protos)
		mnl_attr_put_u32(nlh, P2PF_A_DEV_PROTOS, d->protos);
	if (d->has_fanout)
		mnl_attr_put_u32(nlh, P2PF_A_DEV_FLAGS, d->fanout ? P2PF_DEV_F_FANOUT : 0);
	if (d->has_lan)
		nl_put_prefix_list(nlh, P2PF_A_DEV_LAN, d->lan, d->nlan);
	if (d->has_pfx)
		nl_put_prefix_list(nlh, P2PF_A_DEV_PREFIXES, d->pfx, d->npfx);
	if (d->has_iif)
		mnl_attr_put_strz(nlh, P2PF_A_DEV_IIF, d->iif);
}

static bool get_addrs(const struct nlattr *nest, struct dev_spec *d)
{
	const struct nlattr *a;

	d->naddrs = 0;
	mnl_attr_for_each_nested(a, nest) {
		if (d->naddrs == P2PF_ADDRS_MAX || !nl_get_addr(a, &d->addrs[d->naddrs]))
			return false;
		d->naddrs++;
	}
	return true;
}

static bool len_is(const struct nlattr *a, uint16_t len)
{
	return mnl_attr_get_payload_len(a) == len;
}

static bool dev_attr(const struct nlattr *a, struct dev_info *di)
{
	struct dev_spec *d = &di->spec;
	uint16_t plen = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case P2PF_A_DEV_NAME:
		if (plen < 2 || plen > P2PF_NAME_MAX ||
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return false;
		snprintf(d->name, sizeof(d->name), "%s", mnl_attr_get_str(a));
		return true;
	case P2PF_A_DEV_MAC:
		if (!len_is(a, 6))
			return false;
		d->has_mac = true;
		memcpy(d->mac, mnl_attr_get_payload(a), 6);
		return true;
	case P2PF_A_DEV_ADDRS:
		return get_addrs(a, d);
	case P2PF_A_DEV_MODE:
		if (!len_is(a, 1))
			return false;
		d->mode = mnl_attr_get_u8(a);
		return d->mode <= P2PF_MODE_MAX;
	case P2PF_A_DEV_PROTOS:
		if (!len_is(a, 4))
			return false;
		d->protos = mnl_attr_get_u32(a);
		return true;
	case P2PF_A_DEV_FLAGS:
		if (!len_is(a, 4))
			return false;
		d->fanout = mnl_attr_get_u32(a) & P2PF_DEV_F_FANOUT;
		return true;
	case P2PF_A_DEV_LAN:
		return nl_get_prefix_list(a, d->lan, &d->nlan, P2PF_LAN_MAX);
	case P2PF_A_DEV_PREFIXES:
		return nl_get_prefix_list(a, d->pfx, &d->npfx, P2PF_PREFIXES_MAX);
	case P2PF_A_DEV_IIF:
		if (plen < 2 || plen > IFNAMSIZ ||
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return false;
		snprintf(d->iif, sizeof(d->iif), "%s", mnl_attr_get_str(a));
		return true;
	case P2PF_A_STATS:
		return stats_parse(a, &di->stats);
	default:
		return true;	/* attributes of a newer module */
	}
}

bool devmsg_parse(const struct nlmsghdr *nlh, struct dev_info *di)
{
	const struct nlattr *a;

	memset(di, 0, sizeof(*di));
	di->spec.has_addrs = di->spec.has_mode = di->spec.has_protos = true;
	di->spec.has_lan = di->spec.has_fanout = true;
	di->spec.has_pfx = di->spec.has_iif = true;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (!dev_attr(a, di))
			return false;
	return di->spec.name[0] != '\0';
}

struct fetch {
	struct dev_info *devs;
	size_t n, cap;
	bool bad;
};

static int fetch_one(const struct nlmsghdr *nlh, void *data)
{
	struct fetch *f = data;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct dev_info *d = realloc(f->devs, cap * sizeof(*d));

		if (!d) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		f->devs = d;
		f->cap = cap;
	}
	if (!devmsg_parse(nlh, &f->devs[f->n])) {
		f->bad = true;
		return MNL_CB_OK;
	}
	f->n++;
	return MNL_CB_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dev_info *)a)->spec.name,
		      ((const struct dev_info *)b)->spec.name);
}

int dev_fetch(struct nl *nl, const char *name, struct dev_info **out, size_t *n)
{
	struct fetch f = { NULL, 0, 0, false };
	int tries;

	for (tries = 0; tries < 5; tries++) {
		struct nlmsghdr *nlh = nl_request(nl, P2PF_CMD_GET_DEVICE,
						  name ? 0 : NLM_F_DUMP);

		f.n = 0;
		f.bad = false;
		if (name)
			mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, name);
		if (nl_talk(nl, nlh, fetch_one, &f) < 0) {
			if (name && nl->err == ENOENT)
				cli_err("no device \"%s\"", name);
			else
				nl_perror(nl);
			free(f.devs);
			return -1;
		}
		if (!nl->dump_intr)
			break;
	}
	if (nl->dump_intr)
		cli_err("the device table kept changing during the dump; the list may be incomplete");
	if (f.bad) {
		cli_err("the module sent a malformed device message");
		free(f.devs);
		return -1;
	}
	if (f.n > 1)
		qsort(f.devs, f.n, sizeof(*f.devs), by_name);
	*out = f.devs;
	*n = f.n;
	return 0;
}
