/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlbad: request helpers and checks (see nlbad.c), over the CLI's netlink
 * layer (userspace/nl.c: socket, family, request header, send and read
 * with extack).
 */
#ifndef NLBAD_H
#define NLBAD_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

/* What came back for one request. */
struct reply {
	int err;		/* positive errno, 0 for success */
	char msg[256];		/* extack message, "" if none */
	bool has_loc;		/* extack pointed at or named an attribute */
	bool intr;		/* the dump had NLM_F_DUMP_INTR */
	unsigned int n;		/* data messages */
};

typedef void (*data_cb)(const struct nlmsghdr *nlh, void *arg);

/* Expectation flags of expect(). */
#define E_MSG	1	/* an extack message is required */
#define E_LOC	2	/* extack must point at (or name) an attribute */
#define E_NOSNAP 4	/* the caller checks the state (it cannot read it) */
#define BADVAL	(-1)	/* policy failure: EINVAL or ERANGE */

extern int failures;

void die(const char *what);
/* Prints "PASS: name" or "FAIL: name why" (and counts the failure). */
void result(bool ok, const char *name, const char *fmt, ...);

/* nl_open(), or exit 2 (the reason printed). */
void open_or_die(struct nl *nl);
/*
 * A request header for @cmd, with NLM_F_ACK (dumps too), in nl's buffer:
 * send it before the next request or read; the caller adds attributes.
 */
struct nlmsghdr *req(struct nl *nl, uint8_t cmd, uint16_t flags);
/* Sends @nlh and reads until the ack, error or end of dump. */
void transact(struct nl *nl, struct nlmsghdr *nlh, data_cb cb, void *arg,
	      struct reply *r);
/* Like transact(), but exits when the request fails. */
void must(struct nl *nl, struct nlmsghdr *nlh, const char *what);

void put_name(struct nlmsghdr *nlh, const char *name);
void put_mac(struct nlmsghdr *nlh, const char *mac, int len);
void put_addr4(struct nlmsghdr *nlh, uint32_t host_order);
void put_prefix(struct nlmsghdr *nlh, int family, const void *addr, int len);
void put_cfg_u32(struct nlmsghdr *nlh, int type, uint32_t v);

/* Devices, LAN and config as canonical text (counters left out). */
char *snapshot(struct nl *nl);
/*
 * Sends a request that must fail with @err, carry an extack message
 * containing @sub (when given), and leave the state as it was (@base).
 */
void expect(struct nl *nl, const char *name, struct nlmsghdr *nlh, int err,
	    const char *sub, int flags, const char *base);

/* The malformed-request suite (nlbad_cases.c). */
int cmd_cases(struct nl *nl);
/* What accepted requests do (nlbad_sem.c). */
int cmd_semantics(struct nl *nl);
/* The header's bounds, and one raw request at a bound (nlbad_limits.c). */
int cmd_limits(void);
int cmd_limit(struct nl *nl, const char *what, const char *value);

#endif /* NLBAD_H */
