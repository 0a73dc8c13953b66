/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reading capture files (pcap, pcapng) frame by frame through libpcap,
 * with errors that name the file and the frame.
 */
#ifndef P2PFENCE_PCAPREAD_H
#define P2PFENCE_PCAPREAD_H

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

struct capture {
	pcap_t *pcap;
	const char *name;	/* for messages; not owned */
	int dlt;		/* pcap_datalink() */
	unsigned long frame;	/* 1-based index of the last frame read */
	char err[PCAP_ERRBUF_SIZE + 512];
};

struct capture_frame {
	struct timeval ts;
	const uint8_t *data;	/* valid until the next capture_next() */
	uint32_t caplen;
	uint32_t wirelen;
};

/* 0 on success; -1 with c->err set ("NAME: why"). */
int capture_open(struct capture *c, const char *path);
/* Same on an open stream (fuzzing: fmemopen). Takes fp in all cases. */
int capture_open_stream(struct capture *c, FILE *fp, const char *name);
/* 1 with *f filled, 0 at the end, -1 with c->err ("NAME: frame N: why"). */
int capture_next(struct capture *c, struct capture_frame *f);
void capture_close(struct capture *c);

#endif /* P2PFENCE_PCAPREAD_H */
