/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The generic netlink channel to the p2pfence module, over libmnl:
 * family resolution, request/ack with extack messages, dumps (with
 * NLM_F_DUMP_INTR detection), pipelined batches and the event group.
 */
#ifndef P2PFENCE_NL_H
#define P2PFENCE_NL_H

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;	/* multicast group id, 0 if absent */
	uint32_t portid;
	uint32_t seq;
	bool dump_intr;		/* last dump saw NLM_F_DUMP_INTR */
	int err;		/* last kernel errno (positive) */
	char extack[256];	/* last kernel extack message, or "" */
	bool extack_attr;	/* ...and it pointed at an attribute or named
				 * a missing one (tests/tools/nlbad checks it) */
	char *buf;		/* request and receive buffer */
	size_t bufsize;
};

/*
 * Opens the socket and resolves the family; on failure prints why
 * (module not loaded, no netlink) and returns -1.
 */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

/* Starts a request for cmd in nl->buf. */
struct nlmsghdr *nl_request(struct nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Sends nlh (from nl_request) and reads until the ack or the end of the
 * dump; cb (may be NULL) sees each reply message. Returns 0, or -1 with
 * nl->err/nl->extack set (or a local failure printed).
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* Prints "p2pfence: CONTEXT: kernel: EXTACK (strerror)" for the last error. */
void nl_perror(const struct nl *nl);

/* Formats the last error as "kernel: EXTACK (strerror)" into out. */
void nl_strerror(const struct nl *nl, char *out, size_t size);

/*
 * Pipelined requests: messages are queued in a batch buffer and sent
 * together, the acks read back. A failing message does not stop the
 * others in its batch; the first failure is reported with its cookie.
 */
struct nl_batch {
	struct nl *nl;
	char *buf;
	size_t size, used;
	unsigned int pending;
	uint32_t first_seq;
	uintptr_t *cookies;	/* per queued message, by seq - first_seq */
	unsigned int ncookies;
	bool failed;
	uintptr_t failed_cookie;	/* caller's tag of the first failure */
};

int nl_batch_init(struct nl_batch *b, struct nl *nl);
void nl_batch_free(struct nl_batch *b);
/* A request in the batch buffer; NULL if it is full (flush, retry). */
struct nlmsghdr *nl_batch_request(struct nl_batch *b, uint8_t cmd);
/* Commits the message built on the last nl_batch_request. */
void nl_batch_commit(struct nl_batch *b, struct nlmsghdr *nlh, uintptr_t cookie);
/* Sends what is queued and reads every ack. -1 on a local failure. */
int nl_batch_flush(struct nl_batch *b);

/* Joins the events multicast group. */
int nl_join_events(struct nl *nl);

/*
 * Addresses: an address is one P2PF_ADDR_A_IN or _IN6 attribute (inside
 * P2PF_A_DEV_ADDRS or an event's SRC/DST nest); a prefix is a P2PF_A_PREFIX
 * nest; a prefix list is a nest (P2PF_A_LAN, P2PF_A_DEV_LAN) of those.
 */
struct ipaddr;
struct prefix;
void nl_put_addr(struct nlmsghdr *nlh, const struct ipaddr *a);
bool nl_get_addr(const struct nlattr *attr, struct ipaddr *a);
void nl_put_prefix_list(struct nlmsghdr *nlh, uint16_t type,
			const struct prefix *list, unsigned int n);
/* Reads up to max prefixes of a list nest; false if malformed or too many. */
bool nl_get_prefix_list(const struct nlattr *nest, struct prefix *list,
			unsigned int *n, unsigned int max);
/* Reads the address out of a nest holding one IN/IN6 attribute. */
bool nl_get_addr_nest(const struct nlattr *nest, struct ipaddr *a);

#endif /* P2PFENCE_NL_H */
