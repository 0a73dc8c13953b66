// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer harness for the recognisers (p2p_classify). Input layout:
 * bytes 0-1 source port, 2-3 destination port (big-endian), 4 direction
 * (mod 3), the rest is the UDP payload. The payload is copied into a buffer
 * of exactly its size so that ASan sees any read past its end.
 *
 * Beyond memory errors it checks what callers rely on: a verdict in range,
 * "no match" leaving proto and kind at zero, the same answer twice (no
 * hidden state), no read of the payload past len, and the verdict of the
 * plain chain of matchers that classify.c's first-byte dispatch shortens.
 */
#include "../unit/classify_chain.h"
#include "p2p_classify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX 5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p2p_verdict v1, v2, ref;
	struct p2p_udp u;
	uint8_t *payload;
	bool hit1, hit2;

	if (size < PREFIX)
		return 0;
	memset(&u, 0, sizeof(u));
	u.sport = (uint16_t)(data[0] << 8 | data[1]);
	u.dport = (uint16_t)(data[2] << 8 | data[3]);
	u.dir = data[4] % 3;
	u.len = (uint32_t)(size - PREFIX);
	u.have = u.len;
	payload = u.len ? malloc(u.len) : NULL;
	if (u.len && !payload)
		return 0;
	if (u.len)
		memcpy(payload, data + PREFIX, u.len);
	u.payload = payload;

	hit1 = p2p_classify(&u, &v1);
	hit2 = p2p_classify(&u, &v2);
	if (hit1 != hit2 || memcmp(&v1, &v2, sizeof(v1)))
		abort();	/* depends on something besides its input */
	if (p2p_classify_chain(&u, &ref) != hit1 || memcmp(&v1, &ref, sizeof(v1)))
		abort();	/* the dispatch hid or changed a verdict */
	if (hit1 && (v1.proto == P2P_PROTO_NONE || v1.proto >= P2P_PROTO_COUNT ||
		     v1.kind == P2P_KIND_NONE || v1.kind >= P2P_KIND_COUNT))
		abort();	/* a match with an invalid verdict */
	if (!hit1 && (v1.proto || v1.kind || v1.msg))
		abort();	/* "no match" must leave a clean verdict */
	if (u.len && memcmp(payload, data + PREFIX, u.len))
		abort();	/* recognisers must not write the packet */
	free(payload);
	return 0;
}
