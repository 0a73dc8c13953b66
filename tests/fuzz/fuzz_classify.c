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
 * A payload longer than P2PF_FRAG_FIRST_MIN is judged a second time as a
 * first IP fragment would be (the module's view where nothing reassembles):
 * cut at P2PF_FRAG_FIRST_MIN + 8 * (byte 4 / 3), the rest zeros, have = the
 * cut, under the same checks.
 */
#include "../unit/classify_chain.h"
#include "p2p_classify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX 5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The checks on one view of the payload (whole, or a first fragment's). */
static void judge(const struct p2p_udp *view)
{
	struct p2p_verdict v1, v2, ref;
	bool hit1, hit2;
	struct p2p_udp u = *view;

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
}

/* Recognisers must not write the packet: its @n bytes are still @want's. */
static void unchanged(const uint8_t *payload, const uint8_t *want, size_t n)
{
	if (n && memcmp(payload, want, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p2p_udp u;
	uint8_t *payload;
	uint32_t cut;

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
	judge(&u);
	unchanged(payload, data + PREFIX, u.len);

	cut = P2PF_FRAG_FIRST_MIN + 8U * (data[4] / 3U);
	if (u.len > cut) {
		memset(payload + cut, 0, u.len - cut);
		u.have = cut;
		judge(&u);
		unchanged(payload, data + PREFIX, cut);
		if (payload[cut] || memcmp(payload + cut, payload + cut + 1,
					   u.len - cut - 1))
			abort();	/* the zeros standing for unseen bytes */
	}
	free(payload);
	return 0;
}
