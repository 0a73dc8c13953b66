/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Restore files: the lines `p2pfence save` writes, in the CLI's grammar:
 *   # comment
 *   lan set PREFIX...|none
 *   config set [flow-timeout S] [event-rate N] [fanout-threshold N] [mark V[/M]]
 *   device add NAME ...
 * conf_parse() reads and validates the whole file (names, MACs, addresses,
 * source prefixes and interfaces unique across devices, the limits below)
 * before anything is
 * applied.
 */
#ifndef P2PFENCE_CONFFILE_H
#define P2PFENCE_CONFFILE_H

#include <stdio.h>

#include "devspec.h"
#include "settings.h"

/*
 * Bounds on a restore file, so that a hostile or broken one (an endless
 * pipe, one giant line, millions of statements) ends in a one-line error
 * naming the limit and the line, never in exhausted memory. conf_parse()
 * reads the file as a stream, one line at a time into a fixed buffer, and
 * stops at the first line past a limit; nothing has been applied by then.
 * The limits leave room for `p2pfence save` of a full table (the most
 * devices the module can hold, each with a MAC and a few addresses), so
 * save -> restore keeps working.
 *
 * CONF_MAX_DEVICES: the module's ceiling on max_devices
 *   (P2PF_MAX_DEVICES_CEILING, uapi): a file with more devices could never
 *   be applied. It is what bounds memory: a parsed device is kept packed
 *   (devspec_pack()), about 100 bytes for a MAC and an address, at most
 *   1.8 KiB for one with every list full.
 * CONF_MAX_LINES: one device line and one comment or blank line per
 *   device, with room to spare for lan, config and the header comments.
 * CONF_MAX_BYTES: 256 MiB, 256 bytes per device at the ceiling (save
 *   writes about 90 for a device with a MAC and an address). Bytes cost
 *   time, not memory: this bounds a restore from an endless stream.
 * CONF_MAX_LINE: bytes in one line, its newline not counted; the longest
 *   line save can write (a 31-character name, 16 IPv6 addresses, 16 IPv6
 *   source prefixes, an interface, 64 IPv6 LAN prefixes) is under 5 KiB.
 */
#define CONF_MAX_DEVICES	P2PF_MAX_DEVICES_CEILING
#define CONF_MAX_LINES		(2 * CONF_MAX_DEVICES)
#define CONF_MAX_BYTES		(256UL << 20)
#define CONF_MAX_LINE		8192

struct conf_dev {
	void *spec;		/* devspec_pack(): devspec_unpack() to read */
	unsigned int line;
};

struct conf {
	bool has_lan;
	unsigned int lan_line, cfg_line;
	struct lan_list lan;
	struct cfg_values cfg;	/* cfg.has == 0: no config line */
	struct conf_dev *devs;
	size_t ndevs, cap;
	size_t nidents;		/* names, MACs, addresses, prefixes, iifs */
};

/* false with "FNAME:LINE: message" in e; c is then empty. */
bool conf_parse(FILE *f, const char *fname, struct conf *c, struct perr *e);
void conf_free(struct conf *c);

#endif /* P2PFENCE_CONFFILE_H */
