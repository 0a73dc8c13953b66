// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Capture file reading: see pcapread.h. */
#include "pcapread.h"
#include "pktdecode.h"

#include <errno.h>
#include <string.h>

static int check_linktype(struct capture *c)
{
	const char *name;

	c->dlt = pcap_datalink(c->pcap);
	if (pkt_linktype_supported(c->dlt))
		return 0;
	name = pcap_datalink_val_to_name(c->dlt);
	snprintf(c->err, sizeof(c->err),
		 "%s: link type %s (%d) not supported (Ethernet, Linux cooked SLL/SLL2, raw IP only)",
		 c->name, name ? name : "unknown", c->dlt);
	pcap_close(c->pcap);
	c->pcap = NULL;
	return -1;
}

int capture_open_stream(struct capture *c, FILE *fp, const char *name)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";

	memset(c, 0, sizeof(*c));
	c->name = name;
	c->pcap = pcap_fopen_offline(fp, errbuf);
	if (!c->pcap) {
		fclose(fp);
		snprintf(c->err, sizeof(c->err), "%s: not a readable capture file: %s",
			 name, errbuf[0] ? errbuf : "unknown error");
		return -1;
	}
	return check_linktype(c);
}

int capture_open(struct capture *c, const char *path)
{
	/* Open it ourselves: libpcap's message for a missing file is vaguer. */
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		memset(c, 0, sizeof(*c));
		snprintf(c->err, sizeof(c->err), "%s: %s", path, strerror(errno));
		return -1;
	}
	return capture_open_stream(c, fp, path);
}

int capture_next(struct capture *c, struct capture_frame *f)
{
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int rc;

	if (!c->pcap)
		return 0;
	rc = pcap_next_ex(c->pcap, &hdr, &data);
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	if (rc != 1) {
		snprintf(c->err, sizeof(c->err), "%s: frame %lu: %s", c->name,
			 c->frame + 1, pcap_geterr(c->pcap));
		return -1;
	}
	c->frame++;
	f->ts = hdr->ts;
	f->data = data;
	f->caplen = hdr->caplen;
	f->wirelen = hdr->len;
	return 1;
}

void capture_close(struct capture *c)
{
	if (c->pcap)
		pcap_close(c->pcap);
	c->pcap = NULL;
}
