/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Device messages: dev_spec <-> P2PF_CMD_*_DEVICE attributes, dumps. */
#ifndef P2PFENCE_DEVMSG_H
#define P2PFENCE_DEVMSG_H

#include <stddef.h>

#include "devspec.h"
#include "nl.h"
#include "stats.h"

struct dev_info {
	struct dev_spec spec;	/* every has_* set, as the kernel reports it */
	struct stat_counters stats;
};

/* Puts the properties present in d (add: all given; set: changed ones). */
void devmsg_put(struct nlmsghdr *nlh, const struct dev_spec *d);

/* Decodes one GET_DEVICE reply; false if malformed. */
bool devmsg_parse(const struct nlmsghdr *nlh, struct dev_info *di);

/*
 * The devices of a dump, sorted by name. A dev_info is 2.4 KiB, nearly all
 * of it room for lists and counters most devices leave empty; 100 000 of
 * them would not fit a small router, so each is kept packed
 * (devspec_pack()) and its counters only if the caller asked for them.
 */
struct dev_entry {
	void *spec;			/* packed: begins with the name */
	struct stat_counters *stats;	/* NULL unless fetched with_stats */
};

struct dev_list {
	struct dev_entry *v;
	size_t n;
};

/*
 * Every device, or the one named (name != NULL); with_stats keeps their
 * counters. Retries a dump interrupted by a concurrent change. Returns 0,
 * or -1 with the error printed.
 */
int dev_fetch(struct nl *nl, const char *name, bool with_stats, struct dev_list *l);

/* Device i unpacked; its counters zero (not present) without with_stats. */
void dev_get(const struct dev_list *l, size_t i, struct dev_info *di);

void dev_list_free(struct dev_list *l);

#endif /* P2PFENCE_DEVMSG_H */
