// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad: a raw generic-netlink client (libmnl) for testing the p2pfence
 * module's netlink interface from inside the test VM.
 *
 *   nlbad cases             malformed and refused requests: checks the
 *                           errno, the extack message and attribute, and
 *                           that the state (devices, LAN, config) did
 *                           not change; prints PASS:/FAIL: lines
 *   nlbad semantics         what accepted requests do (SET, clearing,
 *                           reuse of freed identities, round trips)
 *   nlbad add-many N [BASE] adds N devices (MAC and IPv4 from BASE on)
 *   nlbad count             dumps the devices, prints "devices N [intr]"
 *   nlbad flush             deletes every device
 *   nlbad dump-intr         adds a device between two parts of a device
 *                           dump (needs a table larger than one part):
 *                           prints "intr" when the dump was flagged
 *   nlbad stat [NAME]       prints "packets P untagged U" of the namespace,
 *                           or "packets P" of device NAME
 *   nlbad snapshot          prints the state as canonical text
 *   nlbad writer ID ROUNDS  adds, changes and deletes devices "wID-k";
 *                           ends with the even k present in monitor mode
 *   nlbad limits            prints the header's bounds (nlbad_limits.c)
 *   nlbad limit WHAT VALUE  one raw request at a bound: "ok" or "refused"
 *
 * It builds messages by hand on purpose (wrong lengths, unknown
 * attributes...), so it does not reuse the CLI's request builders; it
 * sends them and reads the answers through the CLI's netlink layer
 * (userspace/nl.c), but for dump-intr, which must act between two parts
 * of a dump, where that layer reads a dump to its end (read_part below).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../kmod/uapi/p2pfence.h"
#include "nlbad.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Device i: MAC 02:aa:ii:ii:ii:ii, IPv4 100.(i>>16).(i>>8).i + 1 in 10/8. */
static int cmd_add_many(struct nl *nl, unsigned int count, unsigned int first)
{
	double t0 = now_ms();
	unsigned int i;

	for (i = first; i < first + count; i++) {
		struct nlmsghdr *nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
		char mac[6] = { 2, (char)0xaa, (char)(i >> 24),
				(char)(i >> 16), (char)(i >> 8), (char)i };
		char name[32];

		snprintf(name, sizeof(name), "d%u", i);
		put_name(nlh, name);
		put_mac(nlh, mac, 6);
		put_addr4(nlh, 0x0a000000 + i + 1);
		must(nl, nlh, name);
	}
	printf("added %u devices in %.0f ms\n", count, now_ms() - t0);
	return 0;
}

static int cmd_count(struct nl *nl)
{
	struct nlmsghdr *nlh = req(nl, P2PF_CMD_GET_DEVICE, NLM_F_DUMP);
	double t0 = now_ms();
	struct reply r;

	transact(nl, nlh, NULL, NULL, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: dump: %s\n", strerror(r.err));
		return 1;
	}
	printf("devices %u%s in %.0f ms\n", r.n, r.intr ? " intr" : "",
	       now_ms() - t0);
	return 0;
}

static int cmd_snapshot(struct nl *nl)
{
	char *s = snapshot(nl);

	fputs(s, stdout);
	free(s);
	return 0;
}

/* Writer @id: ROUNDS of add all, set all to monitor, delete odd ones. */
static int cmd_writer(struct nl *nl, unsigned int id, unsigned int rounds)
{
	unsigned int round, k;
	struct nlmsghdr *nlh;
	struct reply r;
	char name[32];

	for (round = 0; round < rounds; round++) {
		for (k = 0; k < 20; k++) {
			char mac[6] = { 2, (char)0xbb, 0, (char)id, 0,
					(char)k };

			snprintf(name, sizeof(name), "w%u-%u", id, k);
			nlh = req(nl, P2PF_CMD_NEW_DEVICE, 0);
			put_name(nlh, name);
			put_mac(nlh, mac, 6);
			transact(nl, nlh, NULL, NULL, &r);
			if (r.err && r.err != EEXIST)
				goto fail;
			nlh = req(nl, P2PF_CMD_SET_DEVICE, 0);
			put_name(nlh, name);
			mnl_attr_put_u8(nlh, P2PF_A_DEV_MODE,
					P2PF_MODE_MONITOR);
			must(nl, nlh, name);
			if (k % 2) {
				nlh = req(nl, P2PF_CMD_DEL_DEVICE, 0);
				put_name(nlh, name);
				must(nl, nlh, name);
			}
		}
	}
	return 0;
fail:
	fprintf(stderr, "nlbad: writer %u: %s: %s\n", id, name,
		strerror(r.err));
	return 1;
}

/*
 * Reads one part of a dump into nl's buffer: counts its data messages,
 * notes NLM_F_DUMP_INTR; false once the end or an error came.
 */
static bool read_part(struct nl *nl, struct reply *r)
{
	ssize_t got = mnl_socket_recvfrom(nl->sock, nl->buf, nl->bufsize);
	const struct nlmsghdr *m;
	int len = (int)got;
	bool more = true;

	if (got < 0)
		die("recvfrom");
	for (m = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(m, len);
	     m = mnl_nlmsg_next(m, &len)) {
		if (m->nlmsg_flags & NLM_F_DUMP_INTR)
			r->intr = true;
		if (m->nlmsg_type == NLMSG_ERROR || m->nlmsg_type == NLMSG_DONE)
			more = false;
		else if (m->nlmsg_type == nl->family)
			r->n++;
	}
	return more;
}

static int cmd_dump_intr(struct nl *nl)
{
	static const char mac[6] = { 2, 0, 0, 0x1e, 0x1e, 1 };
	struct nlmsghdr *nlh;
	struct reply r = { 0 };
	struct nl other;

	nlh = req(nl, P2PF_CMD_GET_DEVICE, NLM_F_DUMP);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		die("sendto");
	if (!read_part(nl, &r)) {
		fprintf(stderr, "nlbad: the dump fits one part\n");
		return 1;
	}
	open_or_die(&other);
	nlh = req(&other, P2PF_CMD_NEW_DEVICE, 0);
	put_name(nlh, "intr-probe");
	put_mac(nlh, mac, 6);
	must(&other, nlh, "add intr-probe");
	while (read_part(nl, &r))
		;
	nlh = req(&other, P2PF_CMD_DEL_DEVICE, 0);
	put_name(nlh, "intr-probe");
	must(&other, nlh, "del intr-probe");
	printf("%s after %u devices\n", r.intr ? "intr" : "consistent", r.n);
	return 0;
}

static void stat_cb(const struct nlmsghdr *nlh, void *arg)
{
	uint64_t *v = arg;
	const struct nlattr *a, *s;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PF_A_STATS)
			continue;
		mnl_attr_for_each_nested(s, a) {
			if (mnl_attr_get_type(s) == P2PF_STATS_A_PACKETS)
				v[0] = mnl_attr_get_u64(s);
			else if (mnl_attr_get_type(s) == P2PF_STATS_A_UNTAGGED)
				v[1] = mnl_attr_get_u64(s);
		}
	}
}

static int cmd_stat(struct nl *nl, const char *name)
{
	uint64_t v[2] = { 0, 0 };
	struct nlmsghdr *nlh;
	struct reply r;

	nlh = req(nl, name ? P2PF_CMD_GET_DEVICE : P2PF_CMD_GET_STATS, 0);
	if (name)
		put_name(nlh, name);
	transact(nl, nlh, stat_cb, v, &r);
	if (r.err) {
		fprintf(stderr, "nlbad: stat: %s (%s)\n", strerror(r.err), r.msg);
		return 1;
	}
	if (name)
		printf("packets %llu\n", (unsigned long long)v[0]);
	else
		printf("packets %llu untagged %llu\n",
		       (unsigned long long)v[0], (unsigned long long)v[1]);
	return 0;
}

int main(int argc, char **argv)
{
	struct nl nl;

	if (argc < 2) {
		fprintf(stderr, "usage: nlbad cases|semantics|add-many N [FIRST]|count|flush|dump-intr|stat [NAME]|snapshot|writer ID ROUNDS|limits|limit WHAT VALUE\n");
		return 2;
	}
	if (!strcmp(argv[1], "limits"))
		return cmd_limits();
	open_or_die(&nl);
	if (!strcmp(argv[1], "cases"))
		return cmd_cases(&nl);
	if (!strcmp(argv[1], "semantics"))
		return cmd_semantics(&nl);
	if (!strcmp(argv[1], "add-many") && argc >= 3)
		return cmd_add_many(&nl, strtoul(argv[2], NULL, 0),
				    argc > 3 ? strtoul(argv[3], NULL, 0) : 0);
	if (!strcmp(argv[1], "count"))
		return cmd_count(&nl);
	if (!strcmp(argv[1], "flush")) {
		must(&nl, req(&nl, P2PF_CMD_FLUSH_DEVICES, 0), "flush");
		return 0;
	}
	if (!strcmp(argv[1], "dump-intr"))
		return cmd_dump_intr(&nl);
	if (!strcmp(argv[1], "stat"))
		return cmd_stat(&nl, argc > 2 ? argv[2] : NULL);
	if (!strcmp(argv[1], "snapshot"))
		return cmd_snapshot(&nl);
	if (!strcmp(argv[1], "limit") && argc == 4)
		return cmd_limit(&nl, argv[2], argv[3]);
	if (!strcmp(argv[1], "writer") && argc == 4)
		return cmd_writer(&nl, strtoul(argv[2], NULL, 0),
				  strtoul(argv[3], NULL, 0));
	fprintf(stderr, "nlbad: unknown command %s\n", argv[1]);
	return 2;
}
