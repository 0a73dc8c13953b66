/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Namespace-wide settings: the global LAN prefix list and the module
 * configuration. Parsing is pure (shared with restore files); get/set
 * talk to the module; format writes the restore syntax back.
 */
#ifndef P2PFENCE_SETTINGS_H
#define P2PFENCE_SETTINGS_H

#include <stdio.h>

#include "nl.h"
#include "parse.h"

struct lan_list {
	unsigned int n;
	struct prefix p[P2PF_LAN_MAX];
};

/* "PREFIX..." or "none" (the empty list); duplicates refused. */
bool lan_parse_args(int argc, char **argv, struct lan_list *l, struct perr *e);
int lan_get(struct nl *nl, struct lan_list *l);		/* -1: error printed */
int lan_set(struct nl *nl, const struct lan_list *l);	/* -1: nl->err set */
void lan_format(const struct lan_list *l, FILE *f);	/* "lan set ...\n" */

enum cfg_key { CFG_FLOW_TIMEOUT, CFG_EVENT_RATE, CFG_FANOUT_THRESHOLD, CFG_MARK, CFG_COUNT };

struct cfg_values {
	unsigned int has;		/* bit per enum cfg_key */
	uint32_t val[CFG_COUNT];
	uint32_t mark_mask;		/* with val[CFG_MARK] */
};

/* "flow-timeout S event-rate N fanout-threshold N mark V[/M]", any subset, >= 1. */
bool config_parse_args(int argc, char **argv, struct cfg_values *c, struct perr *e);
int config_get(struct nl *nl, struct cfg_values *c);		/* -1: printed */
int config_set(struct nl *nl, const struct cfg_values *c);	/* -1: nl->err set */
/* P2PF_A_CONFIG with what @c has, into a request. */
void config_put(struct nlmsghdr *nlh, const struct cfg_values *c);
void config_format(const struct cfg_values *c, FILE *f);	/* "config set ...\n" */
/* The value of setting @k as config set takes it ("0x50000000/0xff000000"). */
void config_value(const struct cfg_values *c, int k, char *buf, size_t size);
const char *config_key_name(int k);				/* "flow-timeout" */

#endif /* P2PFENCE_SETTINGS_H */
