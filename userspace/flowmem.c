// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Offline flow memory: see flowmem.h. */
#include "flowmem.h"

#include "p2p_policy.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum {
	FLOW_REMOTE = 1, FLOW_LPORT = 2,	/* as kmod/flow.h */
	FANOUT_PORT, FANOUT_REMOTE		/* rule 4's count, kmod/fanout.c */
};

/* Compared as raw bytes: zeroed, then filled, and copied with memcpy. */
struct flowmem_key {
	struct flowmem_device dev;
	uint8_t type;
	uint8_t family;			/* 0 for FLOW_LPORT */
	uint16_t port;			/* remote port, or the local port */
	uint16_t lport;			/* FANOUT_REMOTE: the local port */
	uint8_t addr[16];
};

/*
 * A flow, or for the fan-out heuristic a local port's window (FANOUT_PORT:
 * its start, its count of remotes, whether it fired) or a remote counted
 * in the window that started at last_seen_us (FANOUT_REMOTE).
 */
struct flowmem_entry {
	bool used;
	bool fired;
	uint32_t distinct;
	struct flowmem_key key;
	int64_t last_seen_us;
};

void flowmem_init(struct flowmem *m, uint32_t timeout_s,
		  const struct prefix *lan, size_t n_lan)
{
	memset(m, 0, sizeof(*m));
	m->timeout_us = (int64_t)timeout_s * 1000000;
	m->lan = lan;
	m->n_lan = n_lan;
}

void flowmem_set_fanout(struct flowmem *m, uint32_t threshold)
{
	m->fanout_threshold = threshold;
	m->fanout_window_us = (int64_t)P2P_FANOUT_WINDOW_S * 1000000;
}

void flowmem_free(struct flowmem *m)
{
	free(m->slots);
	m->slots = NULL;
	m->size = m->used = 0;
}

static size_t key_hash(const struct flowmem_key *k)
{
	const uint8_t *b = (const uint8_t *)k;
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return (size_t)h;
}

static struct flowmem_entry *slot_of(struct flowmem_entry *slots, size_t size,
				     const struct flowmem_key *k)
{
	size_t i = key_hash(k) & (size - 1);

	while (slots[i].used && memcmp(&slots[i].key, k, sizeof(*k)))
		i = (i + 1) & (size - 1);
	return &slots[i];
}

/*
 * Fan-out entries of a window that ended are of no more use (the port's
 * next packet opens a new window); flows stay, as the module keeps them
 * until its sweep, which the idle check in hit() stands in for.
 */
static bool dead(const struct flowmem *m, const struct flowmem_entry *e,
		 int64_t now)
{
	return e->used && e->key.type >= FANOUT_PORT &&
	       now > e->last_seen_us + m->fanout_window_us;
}

/*
 * Room for n more entries, the table at most half full: rebuilt without
 * the dead entries, in as many slots when at most a quarter would be
 * used, else in twice as many. Entries move: pointers into the table are
 * stale after it.
 */
static bool reserve(struct flowmem *m, size_t n, int64_t now)
{
	size_t size = m->size, live = m->used, i;
	struct flowmem_entry *slots;

	if ((m->used + n) * 2 <= m->size)
		return true;
	for (i = 0; i < m->size; i++)
		if (dead(m, &m->slots[i], now))
			live--;
	if (!size) {
		size = 256;
	} else if ((live + n) * 4 > size) {
		if (size > SIZE_MAX / 2 / sizeof(*slots))
			return false;
		size *= 2;
	}
	slots = calloc(size, sizeof(*slots));
	if (!slots)
		return false;
	for (i = 0; i < m->size; i++)
		if (m->slots[i].used && !dead(m, &m->slots[i], now))
			memcpy(slot_of(slots, size, &m->slots[i].key),
			       &m->slots[i], sizeof(*slots));
	free(m->slots);
	m->slots = slots;
	m->size = size;
	m->used = live;
	return true;
}

/* The entry of k, added (zeroed) if new; reserve() made room for it. */
static struct flowmem_entry *entry_of(struct flowmem *m,
				      const struct flowmem_key *k)
{
	struct flowmem_entry *e = slot_of(m->slots, m->size, k);

	if (!e->used) {
		memset(e, 0, sizeof(*e));
		e->used = true;
		memcpy(&e->key, k, sizeof(*k));
		m->used++;
	}
	return e;
}

static void key_remote(struct flowmem_key *k, const struct flowmem_device *dev,
		       const struct pkt *p)
{
	memset(k, 0, sizeof(*k));
	memcpy(&k->dev, dev, sizeof(*dev));
	k->type = FLOW_REMOTE;
	k->family = (uint8_t)p->family;
	k->port = p->dport;
	memcpy(k->addr, p->dst_ip, p->family == AF_INET ? 4 : 16);
}

static void key_lport(struct flowmem_key *k, const struct flowmem_device *dev,
		      const struct pkt *p)
{
	memset(k, 0, sizeof(*k));
	memcpy(&k->dev, dev, sizeof(*dev));
	k->type = FLOW_LPORT;
	k->port = p->sport;
}

/* A live entry is refreshed, as the module's lookup does. */
static bool hit(struct flowmem *m, const struct flowmem_key *k, int64_t now)
{
	struct flowmem_entry *e;

	if (!m->size)
		return false;
	e = slot_of(m->slots, m->size, k);
	if (!e->used || now > e->last_seen_us + m->timeout_us)
		return false;
	e->last_seen_us = now;
	return true;
}

static void remember(struct flowmem *m, const struct flowmem_key *k,
		     int64_t now)
{
	if (!reserve(m, 1, now)) {
		m->oom = true;
		return;
	}
	entry_of(m, k)->last_seen_us = now;
}

/* Rule 3: the flows a recognised (or fan-out) packet opens. */
static void open_flows(struct flowmem *m, const struct flowmem_key *remote,
		       const struct flowmem_key *lport,
		       const struct p2p_verdict *v, int64_t now)
{
	remember(m, remote, now);
	if (p2p_opens_local_port(v))
		remember(m, lport, now);
}

/*
 * Rule 4, as kmod/fanout.c counts it but exactly: every distinct remote,
 * every local port (the module's hashed bitmap can only count fewer, and
 * a port whose slot another port holds is not counted at all).
 */
static bool fanout_fires(struct flowmem *m, const struct flowmem_device *dev,
			 const struct pkt *p, int64_t now)
{
	struct flowmem_entry *port, *remote;
	struct flowmem_key pk, rk;

	if (!reserve(m, 2, now)) {
		m->oom = true;
		return false;
	}
	memset(&pk, 0, sizeof(pk));
	memcpy(&pk.dev, dev, sizeof(*dev));
	pk.type = FANOUT_PORT;
	pk.port = p->sport;
	port = entry_of(m, &pk);
	if (!port->distinct || now > port->last_seen_us + m->fanout_window_us) {
		port->last_seen_us = now;	/* a new window */
		port->distinct = 0;
		port->fired = false;
	}
	if (port->fired)
		return false;
	key_remote(&rk, dev, p);
	rk.type = FANOUT_REMOTE;
	rk.lport = p->sport;
	remote = entry_of(m, &rk);
	if (remote->distinct && remote->last_seen_us == port->last_seen_us)
		return false;		/* counted in this window already */
	remote->distinct = 1;
	remote->last_seen_us = port->last_seen_us;
	port->distinct++;
	if (!p2p_fanout_fires(port->distinct, m->fanout_threshold, port->fired))
		return false;
	port->fired = true;
	return true;
}

static bool in_prefix(const struct prefix *pfx, int family,
		      const uint8_t *addr)
{
	unsigned int full = pfx->len / 8, rest = pfx->len % 8;

	if (pfx->family != family)
		return false;
	if (memcmp(pfx->addr, addr, full))
		return false;
	return !rest || !((pfx->addr[full] ^ addr[full]) &
			  (uint8_t)(0xff << (8 - rest)));
}

static bool prefix_list_contains(const struct prefix *list, size_t n,
				 int family, const uint8_t *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in_prefix(&list[i], family, addr))
			return true;
	return false;
}

enum flowmem_verdict flowmem_judge(struct flowmem *m,
				   const struct flowmem_device *dev,
				   const struct pkt *p,
				   const struct p2p_verdict *v,
				   const struct timeval *ts)
{
	int64_t now = (int64_t)ts->tv_sec * 1000000 + ts->tv_usec;
	struct flowmem_key remote, lport;
	struct p2p_verdict fv;

	if (prefix_list_contains(m->lan, m->n_lan, p->family, p->dst_ip))
		return FLOWMEM_PASS;
	key_remote(&remote, dev, p);
	key_lport(&lport, dev, p);
	if (hit(m, &remote, now) || hit(m, &lport, now))
		return FLOWMEM_FLOW;
	if (v->proto != P2P_PROTO_NONE) {
		open_flows(m, &remote, &lport, v, now);
		return FLOWMEM_PASS;
	}
	if (!m->fanout_threshold || !fanout_fires(m, dev, p, now))
		return FLOWMEM_PASS;
	p2p_fanout_verdict(&fv);
	open_flows(m, &remote, &lport, &fv, now);
	return FLOWMEM_FANOUT;
}
