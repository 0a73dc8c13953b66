// SPDX-License-Identifier: GPL-2.0
/* The prefix and interface index of a device table; see selector.h. */
#include <linux/err.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "device.h"
#include "selector.h"

enum { P2PF_SEL_V4, P2PF_SEL_V6, P2PF_SEL_IIF };

/* One selector as given: a prefix [start, end] of length len, or a name. */
struct p2pf_sel_src {
	u64 shi, slo, ehi, elo;
	u8 len;
	struct p2pf_device *dev;
};

static void p2pf_sel_key(const struct p2pf_addr *a, u64 *hi, u64 *lo)
{
	if (a->family == AF_INET) {
		*hi = 0;
		*lo = be32_to_cpu(a->in);
		return;
	}
	*hi = (u64)be32_to_cpu(a->in6.s6_addr32[0]) << 32 |
	      be32_to_cpu(a->in6.s6_addr32[1]);
	*lo = (u64)be32_to_cpu(a->in6.s6_addr32[2]) << 32 |
	      be32_to_cpu(a->in6.s6_addr32[3]);
}

/* The key of an interface name: its IFNAMSIZ bytes, NUL-padded. */
static void p2pf_sel_name(const char *name, u64 *hi, u64 *lo)
{
	char buf[IFNAMSIZ];

	strscpy_pad(buf, name, sizeof(buf));
	memcpy(hi, buf, sizeof(*hi));
	memcpy(lo, buf + sizeof(*hi), sizeof(*lo));
}

static bool p2pf_sel_le(u64 ahi, u64 alo, u64 bhi, u64 blo)
{
	return ahi < bhi || (ahi == bhi && alo <= blo);
}

int p2pf_selbuild_init(struct p2pf_selbuild *b, u32 n4, u32 n6, u32 niif)
{
	int i;

	memset(b, 0, sizeof(*b));
	b->max[P2PF_SEL_V4] = n4;
	b->max[P2PF_SEL_V6] = n6;
	b->max[P2PF_SEL_IIF] = niif;
	for (i = 0; i < 3; i++) {
		if (!b->max[i])
			continue;
		b->in[i] = kvmalloc_array(b->max[i], sizeof(*b->in[i]),
					  GFP_KERNEL_ACCOUNT);
		if (!b->in[i])
			goto err;
	}
	return 0;
err:
	while (i--)
		kvfree(b->in[i]);
	return -ENOMEM;
}

void p2pf_selbuild_prefix(struct p2pf_selbuild *b, const struct p2pf_addr *a,
			  u8 len, struct p2pf_device *dev)
{
	int f = a->family == AF_INET ? P2PF_SEL_V4 : P2PF_SEL_V6;
	u32 bits = f == P2PF_SEL_V4 ? 32 : 128;
	struct p2pf_sel_src *s;
	u64 mhi, mlo;

	if (WARN_ON_ONCE(b->n[f] == b->max[f]))
		return;
	s = &b->in[f][b->n[f]++];
	p2pf_sel_key(a, &s->shi, &s->slo);
	/* The host part: the low (bits - len) bits of the key. */
	if (bits - len >= 128) {
		mhi = ~0ULL;
		mlo = ~0ULL;
	} else if (bits - len >= 64) {
		mhi = bits - len == 64 ? 0 : ~0ULL >> (128 - (bits - len));
		mlo = ~0ULL;
	} else {
		mhi = 0;
		mlo = bits - len ? ~0ULL >> (64 - (bits - len)) : 0;
	}
	s->ehi = s->shi | mhi;
	s->elo = s->slo | mlo;
	s->len = len;
	s->dev = dev;
}

void p2pf_selbuild_iif(struct p2pf_selbuild *b, const char *name,
		       struct p2pf_device *dev)
{
	struct p2pf_sel_src *s;

	if (WARN_ON_ONCE(b->n[P2PF_SEL_IIF] == b->max[P2PF_SEL_IIF]))
		return;
	s = &b->in[P2PF_SEL_IIF][b->n[P2PF_SEL_IIF]++];
	memset(s, 0, sizeof(*s));
	p2pf_sel_name(name, &s->shi, &s->slo);
	s->dev = dev;
}

/* Outer prefixes before the ones they hold: start, then length. */
static int p2pf_sel_cmp(const void *a, const void *b)
{
	const struct p2pf_sel_src *x = a, *y = b;

	if (x->shi != y->shi)
		return x->shi < y->shi ? -1 : 1;
	if (x->slo != y->slo)
		return x->slo < y->slo ? -1 : 1;
	return x->len - y->len;
}

/* Appends boundary @hi:@lo; a second one at the same point replaces it. */
static void p2pf_sel_emit(struct p2pf_sel_ent *out, u32 *n, u64 hi, u64 lo,
			  struct p2pf_device *dev)
{
	if (*n && out[*n - 1].hi == hi && out[*n - 1].lo == lo) {
		out[*n - 1].dev = dev;
		return;
	}
	out[*n].hi = hi;
	out[*n].lo = lo;
	out[*n].dev = dev;
	(*n)++;
}

/*
 * Where the innermost open prefix ends, the one around it (or none) takes
 * over; a prefix that ends at the top of the address space has no after.
 */
static void p2pf_sel_close(struct p2pf_sel_src **stack, u32 sp,
			   struct p2pf_sel_ent *out, u32 *n)
{
	const struct p2pf_sel_src *top = stack[sp];
	u64 hi = top->ehi, lo = top->elo + 1;

	if (!lo)
		hi++;
	if (!lo && !hi)
		return;
	p2pf_sel_emit(out, n, hi, lo, sp ? stack[sp - 1]->dev : NULL);
}

/*
 * Flattens @n prefixes (nested or disjoint: prefixes never overlap
 * otherwise) into at most 2n boundaries, with a stack of the prefixes open
 * at the current point, innermost on top. @stack has room for 129.
 */
static u32 p2pf_sel_flatten(struct p2pf_sel_src *in, u32 n,
			    struct p2pf_sel_src **stack,
			    struct p2pf_sel_ent *out)
{
	u32 i, sp = 0, nout = 0;

	sort(in, n, sizeof(*in), p2pf_sel_cmp, NULL);
	for (i = 0; i < n; i++) {
		while (sp && !p2pf_sel_le(in[i].shi, in[i].slo,
					  stack[sp - 1]->ehi, stack[sp - 1]->elo))
			p2pf_sel_close(stack, --sp, out, &nout);
		if (WARN_ON_ONCE(sp == 129))
			break;
		stack[sp++] = &in[i];
		p2pf_sel_emit(out, &nout, in[i].shi, in[i].slo, in[i].dev);
	}
	while (sp)
		p2pf_sel_close(stack, --sp, out, &nout);
	return nout;
}

static int p2pf_sel_name_cmp(const void *a, const void *b)
{
	const struct p2pf_sel_ent *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

static void p2pf_selbuild_free(struct p2pf_selbuild *b)
{
	int i;

	for (i = 0; i < 3; i++)
		kvfree(b->in[i]);
}

/* first16 and k4 (at @k4) from the @n IPv4 prefixes and their v4[]. */
static void p2pf_sel_index4(struct p2pf_selidx *x,
			    const struct p2pf_sel_src *in, u32 n, u32 *k4)
{
	u32 i;

	/* A prefix that ends at 255.255.255.255 has no boundary after it. */
	while (x->n4 && x->v4[x->n4 - 1].lo > U32_MAX)
		x->n4--;
	x->k4 = k4;
	for (i = 0; i < x->n4; i++)
		k4[i] = x->v4[i].lo;
	for (i = 0; i < n; i++)
		bitmap_set(x->first16, in[i].slo >> 16,
			   (in[i].elo >> 16) - (in[i].slo >> 16) + 1);
}

struct p2pf_selidx *p2pf_selbuild_finish(struct p2pf_selbuild *b)
{
	u32 n4 = b->n[P2PF_SEL_V4], n6 = b->n[P2PF_SEL_V6];
	u32 niif = b->n[P2PF_SEL_IIF], i;
	struct p2pf_sel_src **stack;
	struct p2pf_selidx *x;

	if (!n4 && !n6 && !niif) {
		p2pf_selbuild_free(b);
		return NULL;
	}
	stack = kmalloc_array(129, sizeof(*stack), GFP_KERNEL);
	x = kvzalloc(size_add(struct_size(x, e, 2 * (n4 + n6) + niif),
			      array_size(2 * n4, sizeof(*x->k4))),
		     GFP_KERNEL_ACCOUNT);
	if (!stack || !x) {
		kfree(stack);
		kvfree(x);
		p2pf_selbuild_free(b);
		return ERR_PTR(-ENOMEM);
	}
	x->v4 = x->e;
	x->n4 = p2pf_sel_flatten(b->in[P2PF_SEL_V4], n4, stack, x->v4);
	p2pf_sel_index4(x, b->in[P2PF_SEL_V4], n4,
			(u32 *)&x->e[2 * (n4 + n6) + niif]);
	x->v6 = x->v4 + 2 * n4;
	x->n6 = p2pf_sel_flatten(b->in[P2PF_SEL_V6], n6, stack, x->v6);
	x->iif = x->v6 + 2 * n6;
	x->niif = niif;
	for (i = 0; i < niif; i++) {
		x->iif[i].hi = b->in[P2PF_SEL_IIF][i].shi;
		x->iif[i].lo = b->in[P2PF_SEL_IIF][i].slo;
		x->iif[i].dev = b->in[P2PF_SEL_IIF][i].dev;
	}
	sort(x->iif, niif, sizeof(*x->iif), p2pf_sel_name_cmp, NULL);
	kfree(stack);
	p2pf_selbuild_free(b);
	return x;
}

void p2pf_selidx_remap(struct p2pf_selidx *x, struct idr *ids)
{
	u32 i, n;

	if (!x)
		return;
	n = x->iif - x->e + x->niif;	/* both prefix parts, then names */
	for (i = 0; i < n; i++)
		if (x->e[i].dev)
			x->e[i].dev = idr_find(ids, x->e[i].dev->id);
}

/* The last entry at or below the key, or NULL. */
static const struct p2pf_sel_ent *p2pf_sel_floor(const struct p2pf_sel_ent *e,
						 u32 n, u64 hi, u64 lo)
{
	u32 l = 0, r = n, mid;

	while (l < r) {
		mid = l + (r - l) / 2;
		if (p2pf_sel_le(e[mid].hi, e[mid].lo, hi, lo))
			l = mid + 1;
		else
			r = mid;
	}
	return l ? &e[l - 1] : NULL;
}

/* The device of the last IPv4 boundary at or below @d, or NULL. */
static struct p2pf_device *p2pf_sel_prefix4(const struct p2pf_selidx *x,
					    u32 d)
{
	u32 l = 0, r = x->n4, mid;

	if (!test_bit(d >> 16, x->first16))
		return NULL;
	while (l < r) {
		mid = l + (r - l) / 2;
		if (x->k4[mid] <= d)
			l = mid + 1;
		else
			r = mid;
	}
	return l ? x->v4[l - 1].dev : NULL;
}

struct p2pf_device *p2pf_sel_prefix(const struct p2pf_selidx *x,
				    const struct p2pf_addr *a)
{
	const struct p2pf_sel_ent *e;
	u64 hi, lo;

	if (a->family == AF_INET)
		return p2pf_sel_prefix4(x, be32_to_cpu(a->in));
	p2pf_sel_key(a, &hi, &lo);
	e = p2pf_sel_floor(x->v6, x->n6, hi, lo);
	return e ? e->dev : NULL;
}

struct p2pf_device *p2pf_sel_iif(const struct p2pf_selidx *x,
				 const struct net_device *in)
{
	const struct p2pf_sel_ent *e;
	u64 hi, lo;

	if (!x->niif || !in)
		return NULL;
	p2pf_sel_name(in->name, &hi, &lo);
	e = p2pf_sel_floor(x->iif, x->niif, hi, lo);
	return e && e->hi == hi && e->lo == lo ? e->dev : NULL;
}
