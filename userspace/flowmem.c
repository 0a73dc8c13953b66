// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Offline flow memory: see flowmem.h. */
#include "flowmem.h"

#include "p2p_policy.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum { FLOW_REMOTE = 1, FLOW_LPORT = 2 };	/* as kmod/flow.h */

/* Compared as raw bytes: zeroed, then filled, and copied with memcpy. */
struct flowmem_key {
	struct flowmem_device dev;
	uint8_t type;
	uint8_t family;			/* 0 for FLOW_LPORT */
	uint16_t port;			/* remote port, or the local port */
	uint8_t addr[16];
};

struct flowmem_entry {
	bool used;
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

static bool grow(struct flowmem *m)
{
	size_t size = m->size ? m->size * 2 : 256, i;
	struct flowmem_entry *slots;

	if (size < m->size || size > SIZE_MAX / sizeof(*slots))
		return false;
	slots = calloc(size, sizeof(*slots));
	if (!slots)
		return false;
	for (i = 0; i < m->size; i++)
		if (m->slots[i].used)
			memcpy(slot_of(slots, size, &m->slots[i].key),
			       &m->slots[i], sizeof(*slots));
	free(m->slots);
	m->slots = slots;
	m->size = size;
	return true;
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
	struct flowmem_entry *e;

	if ((m->used + 1) * 2 > m->size && !grow(m)) {
		m->oom = true;
		return;
	}
	e = slot_of(m->slots, m->size, k);
	if (!e->used) {
		e->used = true;
		memcpy(&e->key, k, sizeof(*k));
		m->used++;
	}
	e->last_seen_us = now;
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

bool flowmem_judge(struct flowmem *m, const struct flowmem_device *dev,
		   const struct pkt *p, const struct p2p_verdict *v,
		   const struct timeval *ts)
{
	int64_t now = (int64_t)ts->tv_sec * 1000000 + ts->tv_usec;
	struct flowmem_key remote, lport;

	if (prefix_list_contains(m->lan, m->n_lan, p->family, p->dst_ip))
		return false;
	key_remote(&remote, dev, p);
	key_lport(&lport, dev, p);
	if (hit(m, &remote, now) || hit(m, &lport, now))
		return true;
	if (v->proto == P2P_PROTO_NONE)
		return false;
	remember(m, &remote, now);
	if (p2p_opens_local_port(v))
		remember(m, &lport, now);
	return false;
}
