// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer harness for the frame decoder (pktdecode.c) and the
 * recognisers behind it. Byte 0 picks the link type, the rest is one
 * captured frame, copied to a buffer of its exact size. Checks that a
 * decoded UDP payload lies inside the frame.
 */
#include "pktdecode.h"
#include "p2p_classify.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int linktypes[] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4, DLT_IPV6,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p2p_verdict v;
	struct p2p_udp u;
	uint8_t *frame;
	struct pkt p;
	uint32_t len;
	int dlt;

	if (size < 1)
		return 0;
	dlt = linktypes[data[0] % (sizeof(linktypes) / sizeof(linktypes[0]))];
	len = (uint32_t)(size - 1);
	frame = malloc(len ? len : 1);
	if (!frame)
		return 0;
	memcpy(frame, data + 1, len);
	pkt_decode(dlt, frame, len, &p);
	if (p.status == PKT_UDP) {
		if (p.caplen > p.len ||
		    (p.caplen && (p.payload < frame || p.payload + p.caplen > frame + len)))
			abort();	/* payload outside the frame */
		memset(&u, 0, sizeof(u));
		u.payload = p.payload;
		u.len = p.caplen;
		u.have = u.len;
		u.sport = p.sport;
		u.dport = p.dport;
		p2p_classify(&u, &v);
	} else if (p.status == PKT_MALFORMED && !p.why) {
		abort();	/* every malformed frame says why */
	}
	free(frame);
	return 0;
}
