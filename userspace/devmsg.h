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
 * Every device (sorted by name), or the one named (name != NULL).
 * Retries a dump interrupted by a concurrent change. Returns 0, or -1
 * with the error printed.
 */
int dev_fetch(struct nl *nl, const char *name, struct dev_info **out, size_t *n);

#endif /* P2PFENCE_DEVMSG_H */
