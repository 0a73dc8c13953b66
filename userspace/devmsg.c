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
	struct dev_list l;
	size_t cap;
	bool with_stats, bad;
	struct dev_info parsed;	/* one message's, before packing */
};

static bool keep_parsed(struct fetch *f)
{
	struct dev_entry *e;

	if (f->l.n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;

		e = realloc(f->l.v, cap * sizeof(*e));
		if (!e)
			return false;
		f->l.v = e;
		f->cap = cap;
	}
	e = &f->l.v[f->l.n];
	e->spec = devspec_pack(&f->parsed.spec);
	e->stats = NULL;
	if (!e->spec)
		return false;
	if (f->with_stats && f->parsed.stats.present) {
		e->stats = malloc(sizeof(*e->stats));
		if (!e->stats) {
			free(e->spec);
			return false;
		}
		*e->stats = f->parsed.stats;
	}
	f->l.n++;
	return true;
}

static int fetch_one(const struct nlmsghdr *nlh, void *data)
{
	struct fetch *f = data;

	if (!devmsg_parse(nlh, &f->parsed)) {
		f->bad = true;
		return MNL_CB_OK;
	}
	if (!keep_parsed(f)) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* Empties l but keeps its array, for a retried dump. */
static void drop_entries(struct dev_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].spec);
		free(l->v[i].stats);
	}
	l->n = 0;
}

void dev_list_free(struct dev_list *l)
{
	drop_entries(l);
	free(l->v);
	l->v = NULL;
}

/* A packed spec begins with the name, so 16-byte entries sort, not dev_infos. */
static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dev_entry *)a)->spec,
		      ((const struct dev_entry *)b)->spec);
}

int dev_fetch(struct nl *nl, const char *name, bool with_stats, struct dev_list *l)
{
	struct fetch f = { .with_stats = with_stats };
	int tries;

	for (tries = 0; tries < 5; tries++) {
		struct nlmsghdr *nlh = nl_request(nl, P2PF_CMD_GET_DEVICE,
						  name ? 0 : NLM_F_DUMP);

		drop_entries(&f.l);
		f.bad = false;
		if (name)
			mnl_attr_put_strz(nlh, P2PF_A_DEV_NAME, name);
		if (nl_talk(nl, nlh, fetch_one, &f) < 0) {
			if (name && nl->err == ENOENT)
				cli_err("no device \"%s\"", name);
			else
				nl_perror(nl);
			dev_list_free(&f.l);
			return -1;
		}
		if (!nl->dump_intr)
			break;
	}
	/* A part of the table is no answer: save would write it as the whole. */
	if (nl->dump_intr) {
		cli_err("the device table kept changing during the dump (%d tries); try again",
			tries);
		dev_list_free(&f.l);
		return -1;
	}
	if (f.bad) {
		cli_err("the module sent a malformed device message");
		dev_list_free(&f.l);
		return -1;
	}
	if (f.l.n > 1)
		qsort(f.l.v, f.l.n, sizeof(*f.l.v), by_name);
	*l = f.l;
	return 0;
}

void dev_get(const struct dev_list *l, size_t i, struct dev_info *di)
{
	const struct dev_entry *e = &l->v[i];

	devspec_unpack(e->spec, &di->spec);
	if (e->stats)
		di->stats = *e->stats;
	else
		memset(&di->stats, 0, sizeof(di->stats));
}
