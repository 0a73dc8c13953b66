// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Packed dev_specs: see devspec.h. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "devspec.h"

#define HEAD offsetof(struct dev_spec, addrs)

void *devspec_pack(const struct dev_spec *d)
{
	size_t na = d->naddrs * sizeof(d->addrs[0]);
	size_t np = d->npfx * sizeof(d->pfx[0]);
	size_t nl = d->nlan * sizeof(d->lan[0]);
	unsigned char *p = malloc(HEAD + na + np + nl);

	if (!p)
		return NULL;
	memcpy(p, d, HEAD);
	memcpy(p + HEAD, d->addrs, na);
	memcpy(p + HEAD + na, d->pfx, np);
	memcpy(p + HEAD + na + np, d->lan, nl);
	return p;
}

void devspec_unpack(const void *packed, struct dev_spec *d)
{
	const unsigned char *p = packed;
	size_t na, np;

	memset(d, 0, sizeof(*d));
	memcpy(d, p, HEAD);
	na = d->naddrs * sizeof(d->addrs[0]);
	np = d->npfx * sizeof(d->pfx[0]);
	memcpy(d->addrs, p + HEAD, na);
	memcpy(d->pfx, p + HEAD + na, np);
	memcpy(d->lan, p + HEAD + na + np, d->nlan * sizeof(d->lan[0]));
}
