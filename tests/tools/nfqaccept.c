// SPDX-License-Identifier: GPL-2.0
/*
 * nfqaccept [-q QUEUE] [-n COUNT] [-w FILE] [-d USEC] SECONDS
 *
 * Binds to netfilter queue QUEUE in the current network namespace and
 * accepts (NF_ACCEPT) every packet queued to it, so that a test can put an
 * NFQUEUE rule in the path (packets leave the kernel and come back, as on
 * firewall boxes with a userspace inspector). Runs SECONDS, or until
 * COUNT packets were accepted, or until SIGTERM/SIGINT (what is already
 * queued to us is still accepted). Prints "accepted N".
 *
 *   -q QUEUE  the queue number (0..65535, default 0)
 *   -n COUNT  stop once COUNT packets were accepted
 *   -w FILE   create FILE once the queue is bound (to synchronise tests)
 *   -d USEC   wait USEC before each verdict (keeps packets in flight)
 *
 * A packet lost on the way to us is an error, never silent: a netlink
 * receive buffer overrun (ENOBUFS) ends the run at once, and packets the
 * kernel dropped because the queue was full (queue_dropped, user_dropped
 * in /proc/net/netfilter/nfnetlink_queue) are reported at the end; both
 * on stderr, with exit status 1. Packets still queued when the run ends
 * are dropped by the kernel when the queue is unbound.
 *
 * Links libnetfilter_queue dynamically (Debian ships libnfnetlink only as
 * a shared library): the VM gets its shared libraries with it.
 */
#include "tool.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef NF_ACCEPT
#define NF_ACCEPT 1	/* <linux/netfilter.h>, whose <linux/in.h> clashes with libc's */
#endif

/* Socket receive buffer, and the kernel queue's length in packets. */
#define RCVBUF (16u << 20)
#define QUEUE_MAXLEN 65536u

static long accepted, limit = -1, delay_us;
static int verdict_err;


static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *nfmsg,
		     struct nfq_data *nfa, void *data)
{
	struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);

	(void)nfmsg;
	(void)data;
	if (!ph)
		return 0;
	if (delay_us > 0)
		usleep((useconds_t)delay_us);
	if (nfq_set_verdict(qh, ntohl(ph->packet_id), NF_ACCEPT, 0, NULL) < 0) {
		fprintf(stderr, "nfqaccept: verdict: %s\n", strerror(errno));
		verdict_err = 1;
		return -1;
	}
	accepted++;
	return 0;
}

/* Packets of QUEUE the kernel dropped (queue full, or could not send to
 * us); -1 if the proc file does not tell. */
static long kernel_drops(unsigned int queue)
{
	FILE *f = fopen("/proc/net/netfilter/nfnetlink_queue", "r");
	unsigned long q, portid, total, mode, range, qdrop, udrop;
	char line[256];
	long drops = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lu %lu %lu %lu %lu %lu %lu", &q, &portid, &total,
			   &mode, &range, &qdrop, &udrop) == 7 && q == queue) {
			drops = (long)(qdrop + udrop);
			break;
		}
	}
	fclose(f);
	return drops;
}

static void usage(void)
{
	fprintf(stderr, "usage: nfqaccept [-q QUEUE] [-n COUNT] [-w FILE] [-d USEC] SECONDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static char buf[1 << 17] __attribute__((aligned));
	const char *ready = NULL;
	struct nfq_handle *h;
	struct nfq_q_handle *qh;
	unsigned int queue = 0;
	double secs, end;
	long drops;
	int c, fd, rc = 0;

	while ((c = getopt(argc, argv, "q:n:w:d:h")) != -1) {
		switch (c) {
		case 'q':
			queue = (unsigned int)tool_number("nfqaccept", optarg, 0, 65535, "queue");
			break;
		case 'n':
			limit = tool_number("nfqaccept", optarg, 1, 1000000000, "count");
			break;
		case 'w':
			ready = optarg;
			break;
		case 'd':
			delay_us = tool_number("nfqaccept", optarg, 0, 10000000, "delay");
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	secs = tool_seconds("nfqaccept", argv[optind]);

	h = nfq_open();
	if (!h) {
		fprintf(stderr, "nfqaccept: nfq_open: %s\n", strerror(errno));
		return 1;
	}
	qh = nfq_create_queue(h, (uint16_t)queue, on_packet, NULL);
	if (!qh) {
		fprintf(stderr, "nfqaccept: cannot bind queue %u: %s\n", queue, strerror(errno));
		nfq_close(h);
		return 1;
	}
	if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) {
		fprintf(stderr, "nfqaccept: queue %u: set mode: %s\n", queue, strerror(errno));
		nfq_close(h);
		return 1;
	}
	/* Longer than the default 1024: a burst waits rather than drops. */
	if (nfq_set_queue_maxlen(qh, QUEUE_MAXLEN) < 0)
		fprintf(stderr, "nfqaccept: queue %u: maxlen: %s (kept the default)\n", queue,
			strerror(errno));
	nfnl_rcvbufsiz(nfq_nfnlh(h), RCVBUF);
	fd = nfq_fd(h);
	if (ready && tool_ready("nfqaccept", ready) < 0) {
		nfq_close(h);
		return 1;
	}
	tool_catch_stop();
	end = tool_now() + secs;
	while (limit < 0 || accepted < limit) {
		ssize_t n;

		/* Once told to stop, only accept what already reached us. */
		if (!tool_wait(fd, end))
			break;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr, "nfqaccept: queue %u: netlink receive buffer overrun (ENOBUFS): packets were lost\n",
					queue);
				rc = 1;
				break;
			}
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fprintf(stderr, "nfqaccept: receive: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		nfq_handle_packet(h, buf, (int)n);
		if (verdict_err) {
			rc = 1;
			break;
		}
	}
	/* Read before the unbind, which removes the queue's line. */
	drops = kernel_drops(queue);
	nfq_destroy_queue(qh);
	nfq_close(h);
	printf("accepted %ld\n", accepted);
	fflush(stdout);
	if (drops > 0) {
		fprintf(stderr, "nfqaccept: queue %u: the kernel dropped %ld packets (queue full or not delivered)\n",
			queue, drops);
		rc = 1;
	}
	return rc;
}
