// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer harness for whole capture files: the input is handed to
 * libpcap as a file (fmemopen + pcap_fopen_offline, through pcapread.c),
 * then every frame goes through the decoder and the recognisers, the way
 * `p2pfence classify` reads a pcap.
 */
#include "pcapread.h"
#include "pktdecode.h"
#include "p2p_classify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture_frame f;
	struct p2p_verdict v;
	struct capture c;
	struct p2p_udp u;
	struct pkt p;
	FILE *fp;

	if (!size)
		return 0;
	fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	if (capture_open_stream(&c, fp, "fuzz"))
		return 0;
	while (capture_next(&c, &f) == 1) {
		pkt_decode(c.dlt, f.data, f.caplen, &p);
		if (p.status != PKT_UDP)
			continue;
		u.payload = p.payload;
		u.len = p.caplen;
		u.have = u.len;
		u.sport = p.sport;
		u.dport = p.dport;
		u.dir = P2P_DIR_ANY;
		p2p_classify(&u, &v);
	}
	capture_close(&c);
	return 0;
}
