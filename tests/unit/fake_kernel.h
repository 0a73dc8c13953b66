/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The pretend module of fake_kernel.c: what it answers GET_* requests
 * with, and the events it multicasts. A test points fake_scene at one.
 */
#ifndef P2PFENCE_FAKE_KERNEL_H
#define P2PFENCE_FAKE_KERNEL_H

#include "devspec.h"
#include "discover.h"
#include "settings.h"
#include "stats.h"

struct fake_device {
	struct dev_spec spec;		/* name, mac, lists, mode, protos, fanout, iif */
	struct stat_counters stats;	/* seen: which counters are sent */
};

struct fake_proto {
	uint8_t id;
	const char *name, *desc;
};

struct fake_event {
	uint64_t time_ns, suppressed;	/* suppressed 0: not sent */
	const char *dev;		/* NULL: not sent */
	bool has_mac;
	uint8_t mac[6];
	struct ipaddr src, dst;		/* family 0: not sent (nor the port) */
	uint16_t sport, dport;
	int proto, kind, action;	/* -1: not sent */
};

struct fake_scene {
	bool no_module;			/* the family is unknown */
	const char *version;		/* NULL: not sent */
	uint32_t device_limit;		/* 0: neither limit nor count sent */
	const struct fake_device *devices;	/* in the order of the dump */
	size_t ndevices;
	struct stat_counters global;
	struct cfg_values config;
	uint8_t discovery;
	struct lan_list lan;
	const struct disc_entry *disc;
	size_t ndisc;
	const struct fake_proto *protos;
	size_t nprotos;
	const struct fake_event *events;
	size_t nevents;
	/*
	 * The first this many device dumps are flagged NLM_F_DUMP_INTR from
	 * their second message on, as the module flags a dump the device
	 * table changed under.
	 */
	unsigned int interrupted_dumps;
};

extern const struct fake_scene *fake_scene;

#endif /* P2PFENCE_FAKE_KERNEL_H */
