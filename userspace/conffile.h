/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Restore files: the lines `p2pfence save` writes, in the CLI's grammar:
 *   # comment
 *   lan set PREFIX...|none
 *   config set [flow-timeout S] [event-rate N] [fanout-threshold N]
 *   device add NAME ...
 * conf_parse() reads and validates the whole file (names, MACs and
 * addresses unique across devices) before anything is applied.
 */
#ifndef P2PFENCE_CONFFILE_H
#define P2PFENCE_CONFFILE_H

#include <stdio.h>

#include "devspec.h"
#include "settings.h"

struct conf_dev {
	struct dev_spec spec;
	unsigned int line;
};

struct conf {
	bool has_lan;
	unsigned int lan_line, cfg_line;
	struct lan_list lan;
	struct p2pf_config cfg;	/* cfg.has == 0: no config line */
	struct conf_dev *devs;
	size_t ndevs, cap;
};

/* false with "FNAME:LINE: message" in e; c is then empty. */
bool conf_parse(FILE *f, const char *fname, struct conf *c, struct perr *e);
void conf_free(struct conf *c);

#endif /* P2PFENCE_CONFFILE_H */
