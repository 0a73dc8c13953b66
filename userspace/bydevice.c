// SPDX-License-Identifier: GPL-2.0 OR MIT
/* classify --by-device: see bydevice.h. */
#include "bydevice.h"
#include "devspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

void bydevice_init(struct bydevice *d)
{
	memset(d, 0, sizeof(*d));
	/*
	 * A random key, so that a capture crafted to collide in the table
	 * cannot make it quadratic again; the output does not depend on it.
	 */
	if (getrandom(d->key, sizeof(d->key), GRND_NONBLOCK) != sizeof(d->key))
		memcpy(d->key, "p2pfence bydev k", sizeof(d->key));
}

void bydevice_free(struct bydevice *d)
{
	free(d->v);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}

static size_t ip_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static bool same_ip(const struct bydevice_ip *a, int family, const uint8_t *ip)
{
	return a->family == family && !memcmp(a->addr, ip, ip_len(family));
}

/* SipHash-2-4 (Aumasson and Bernstein), the keyed hash of the table. */
#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND							\
	do {								\
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t le64(const uint8_t *p, size_t n)
{
	uint64_t x = 0;

	while (n--)
		x |= (uint64_t)p[n] << (8 * n);
	return x;
}

static uint64_t siphash(const uint8_t key[16], const uint8_t *in, size_t len)
{
	uint64_t k0 = le64(key, 8), k1 = le64(key + 8, 8);
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t m;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i, 8);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	m = le64(in + i, len - i) | (uint64_t)len << 56;
	v3 ^= m;
	SIPROUND;
	SIPROUND;
	v0 ^= m;
	v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The key of a source: its MAC, or without one its address. */
static size_t source_key(uint8_t out[18], bool has_mac, const uint8_t *mac,
			 int family, const uint8_t *ip)
{
	if (has_mac) {
		out[0] = 1;
		memcpy(out + 1, mac, 6);
		return 7;
	}
	out[0] = 2;
	out[1] = family == AF_INET ? 4 : 6;
	memcpy(out + 2, ip, ip_len(family));
	return 2 + ip_len(family);
}

static size_t entry_hash(const struct bydevice *d, const struct bydevice_entry *e)
{
	uint8_t k[18];
	size_t n = source_key(k, e->has_mac, e->mac, e->ips[0].family, e->ips[0].addr);

	return (size_t)siphash(d->key, k, n);
}

/* Doubles the open-addressing index (linear probing, load at most 1/2). */
static bool grow_index(struct bydevice *d)
{
	size_t cap = d->nslots ? d->nslots * 2 : 64, i;
	uint32_t *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return false;
	for (i = 0; i < d->n; i++) {
		size_t h = entry_hash(d, &d->v[i]) & (cap - 1);

		while (slot[h])
			h = (h + 1) & (cap - 1);
		slot[h] = (uint32_t)i + 1;
	}
	free(d->slot);
	d->slot = slot;
	d->nslots = cap;
	return true;
}

/*
 * The entry of p's source, created on first sight. d->v keeps first-seen
 * order (the order of ties in the output); d->slot indexes it by source.
 */
static struct bydevice_entry *lookup(struct bydevice *d, const struct pkt *p)
{
	struct bydevice_entry *e;
	uint8_t k[18];
	size_t h;

	if (!d->nslots && !grow_index(d)) {
		d->oom = true;
		return NULL;
	}
	h = (size_t)siphash(d->key, k, source_key(k, p->has_mac, p->src_mac,
						   p->family, p->src_ip));
	for (h &= d->nslots - 1; d->slot[h]; h = (h + 1) & (d->nslots - 1)) {
		e = &d->v[d->slot[h] - 1];
		if (p->has_mac ? e->has_mac && !memcmp(e->mac, p->src_mac, 6)
			       : !e->has_mac && same_ip(&e->ips[0], p->family, p->src_ip))
			return e;
	}
	if (d->n == BYDEV_MAX_SOURCES) {
		d->full = true;
		return NULL;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct bydevice_entry *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->oom = true;
			return NULL;
		}
		d->v = v;
		d->cap = cap;
	}
	e = &d->v[d->n];
	memset(e, 0, sizeof(*e));
	e->seen = d->n;
	e->has_mac = p->has_mac;
	memcpy(e->mac, p->src_mac, 6);
	/* the key without a MAC, also set by add_ip() right after */
	e->ips[0].family = p->family;
	memcpy(e->ips[0].addr, p->src_ip, 16);
	d->slot[h] = (uint32_t)++d->n;
	if (d->n * 2 > d->nslots && !grow_index(d)) {
		d->oom = true;
		return NULL;
	}
	return e;
}

static void add_ip(struct bydevice_entry *e, const struct pkt *p)
{
	unsigned int i;

	for (i = 0; i < e->nips; i++)
		if (same_ip(&e->ips[i], p->family, p->src_ip))
			return;
	if (e->nips == BYDEV_MAX_IPS)
		return;
	e->ips[e->nips].family = p->family;
	memcpy(e->ips[e->nips].addr, p->src_ip, 16);
	e->nips++;
}

static void add_remote(struct bydevice_entry *e, const struct pkt *p, bool p2p)
{
	char ep[ENDPOINT_LEN];
	unsigned int i;

	if (p2p && !e->remotes_p2p) {	/* P2P destinations replace the others */
		e->remotes_p2p = true;
		e->nremotes = 0;
	} else if (!p2p && e->remotes_p2p) {
		return;
	}
	format_endpoint(ep, sizeof(ep), p->family, p->dst_ip, p->dport);
	for (i = 0; i < e->nremotes; i++)
		if (!strcmp(e->remotes[i], ep))
			return;
	if (e->nremotes < BYDEV_MAX_REMOTES)
		memcpy(e->remotes[e->nremotes++], ep, sizeof(ep));
}

bool bydevice_add(struct bydevice *d, const struct pkt *p,
		  const struct p2p_verdict *v, const struct timeval *ts)
{
	bool p2p = v->proto != P2P_PROTO_NONE && v->proto < P2P_PROTO_COUNT;
	struct bydevice_entry *e = d->oom || d->full ? NULL : lookup(d, p);

	if (!e)
		return false;
	add_ip(e, p);
	if (!e->packets)
		e->first = *ts;
	e->last = *ts;
	e->packets++;
	if (p2p) {
		e->p2p++;
		e->by_proto[v->proto]++;
		if (v->kind < 32)
			e->kinds |= 1u << v->kind;
	}
	add_remote(e, p, p2p);
	return true;
}

/* Most P2P packets first, then most packets, then first seen first. */
static int by_activity(const void *a, const void *b)
{
	const struct bydevice_entry *x = a, *y = b;

	if (x->p2p != y->p2p)
		return x->p2p < y->p2p ? 1 : -1;
	if (x->packets != y->packets)
		return x->packets < y->packets ? 1 : -1;
	return x->seen < y->seen ? -1 : x->seen > y->seen;
}

/*
 * Text: the MAC and addresses, a line of counts and times, the protocols
 * and kinds (when it spoke P2P), the remotes. JSON: the same as members,
 * the times after the kinds.
 */
static void print_entry(const struct bydevice_entry *e)
{
	char buf[ENDPOINT_LEN], t1[TIME_LEN], t2[TIME_LEN];
	unsigned int i;

	open_object(NULL);
	print_mac(PRINT_ANY, "mac", "%s", e->has_mac ? e->mac : NULL);
	if (!e->has_mac)
		print_text("(no MAC)");
	open_array("ip");
	for (i = 0; i < e->nips; i++) {
		format_addr(buf, sizeof(buf), e->ips[i].family, e->ips[i].addr);
		print_string(PRINT_ANY, NULL, " %s", buf);
	}
	close_array();
	format_time(t1, sizeof(t1), e->first.tv_sec, -1);
	format_time(t2, sizeof(t2), e->last.tv_sec, -1);
	print_text("\n  UDP packets %lu, P2P %lu, first %s, last %s\n", e->packets,
		   e->p2p, t1, t2);
	print_uint(PRINT_JSON, "packets", NULL, e->packets);
	print_uint(PRINT_JSON, "p2p_packets", NULL, e->p2p);
	/* by_proto and kinds count P2P packets only: empty when e->p2p is 0 */
	if (e->p2p)
		print_text("  protocols");
	open_object("proto");
	for (i = 1; i < P2P_PROTO_COUNT; i++)
		if (e->by_proto[i]) {
			print_text(" %s(%lu)", p2p_proto_name(i), e->by_proto[i]);
			print_uint(PRINT_JSON, p2p_proto_name(i), NULL, e->by_proto[i]);
		}
	close_object();
	if (e->p2p)
		print_text("\n  kinds");
	open_array("kind");
	for (i = 1; i < P2P_KIND_COUNT; i++)
		if (e->kinds & 1u << i)
			print_string(PRINT_ANY, NULL, " %s", p2p_kind_name(i));
	close_array();
	if (e->p2p)
		print_text("\n");
	print_string(PRINT_JSON, "first_seen", NULL, t1);
	print_string(PRINT_JSON, "last_seen", NULL, t2);
	print_text("  %s", e->remotes_p2p ? "P2P remotes" : "remotes");
	open_array("remotes");
	for (i = 0; i < e->nremotes; i++)
		print_string(PRINT_ANY, NULL, " %s", e->remotes[i]);
	close_array();
	print_text("\n");
	close_object();
}

bool bydevice_print(struct bydevice *d)
{
	size_t i;

	if (d->oom) {
		fprintf(stderr, "p2pfence: classify: out of memory\n");
		return false;
	}
	if (d->full)	/* the caller said where: print nothing incomplete */
		return false;
	if (d->n)
		qsort(d->v, d->n, sizeof(*d->v), by_activity);
	open_array(NULL);
	for (i = 0; i < d->n; i++)
		print_entry(&d->v[i]);
	close_array();
	return true;	/* the dispatcher checks stdout */
}
