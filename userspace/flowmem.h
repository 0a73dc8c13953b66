/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Offline flow memory for `p2pfence classify`: the module's rules
 * (classify/p2p_policy.h) applied to a capture in frame order, with the
 * capture's timestamps as the clock, so that each packet can say whether
 * the module would drop it as part of a P2P flow that a recognised
 * handshake opened, and, when asked, whether the module's fan-out
 * heuristic would fire on it. Unlike the module's, this memory has no size
 * limit: nothing here is shared with other devices.
 */
#ifndef P2PFENCE_FLOWMEM_H
#define P2PFENCE_FLOWMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "p2p_classify.h"
#include "parse.h"
#include "pktdecode.h"

/* Who sent a packet: one tagged device per source address, or --device. */
struct flowmem_device {
	uint8_t kind;			/* 0: the --device, else AF_INET/AF_INET6 */
	uint8_t addr[16];
};

struct flowmem_entry;

struct flowmem {
	struct flowmem_entry *slots;
	size_t size;			/* a power of two, or 0 */
	size_t used;
	int64_t timeout_us;
	const struct prefix *lan;	/* destinations that pass at once */
	size_t n_lan;
	uint32_t fanout_threshold;	/* 0: the heuristic is off */
	int64_t fanout_window_us;
	bool oom;			/* an entry could not be stored */
};

void flowmem_init(struct flowmem *m, uint32_t timeout_s,
		  const struct prefix *lan, size_t n_lan);
/* Turns the fan-out heuristic on, as a device's flag fanout does. */
void flowmem_set_fanout(struct flowmem *m, uint32_t threshold);
void flowmem_free(struct flowmem *m);

enum flowmem_verdict {
	FLOWMEM_PASS,		/* not on a flow (a recognised one opens its own) */
	FLOWMEM_FLOW,		/* on a remembered flow: dropped with it */
	FLOWMEM_FANOUT,		/* fires the fan-out heuristic: dropped, opens flows */
};

/*
 * One UDP packet the device sent, in capture order, with its recogniser
 * verdict (proto NONE when unrecognised), judged by the rules of
 * classify/p2p_policy.h: FLOWMEM_FLOW when the module would drop it as
 * part of a remembered flow; a recognised one opens flows; with the
 * fan-out heuristic on, an unrecognised one counts toward its local
 * port's remotes and is FLOWMEM_FANOUT when it fires the heuristic. A
 * destination in the LAN list is never on a flow nor counted.
 */
enum flowmem_verdict flowmem_judge(struct flowmem *m,
				   const struct flowmem_device *dev,
				   const struct pkt *p,
				   const struct p2p_verdict *v,
				   const struct timeval *ts);

#endif /* P2PFENCE_FLOWMEM_H */
