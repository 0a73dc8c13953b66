// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The CLI's output, byte for byte, without a kernel: each case runs a
 * command line through cli_dispatch() against the pretend module of
 * fake_kernel.c and compares its stdout, stderr and exit code with its
 * block in cli_output.golden (text and -j of device show, stats, config
 * show, lan show, proto list, version, discover show, monitor and save;
 * IPv4 and IPv6 endpoints, MACs, timestamps, names that JSON must escape).
 * Before them, the output layer (userspace/output.h) alone: its
 * formatters, and one record written as text and as JSON.
 *
 *	test_cli_output            one PASS/FAIL line per case; exit 1 on a FAIL
 *	test_cli_output --write    rewrites cli_output.golden from this build
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_kernel.h"
#include "output.h"
#include "p2p_classify.h"
#include "verbs.h"

#ifndef GOLDEN
#define GOLDEN "cli_output.golden"
#endif

static struct fake_device devices[3], hostile_devices[1];
static struct disc_entry disc[3];
static struct fake_scene full, empty, hostile, absent, interrupted, churning;

static void spec(struct dev_spec *d, const char *words)
{
	char buf[512], *argv[64], *w;
	struct perr e;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", words);
	for (w = strtok(buf, " "); w && argc < 64; w = strtok(NULL, " "))
		argv[argc++] = w;
	if (!devspec_parse(argc, argv, false, d, &e)) {
		fprintf(stderr, "fixture \"%s\": %s\n", words, e.msg);
		exit(2);
	}
}

static struct ipaddr ip(const char *s)
{
	struct ipaddr a;
	struct perr e;

	if (!parse_ipaddr(s, &a, &e)) {
		fprintf(stderr, "fixture %s: %s\n", s, e.msg);
		exit(2);
	}
	return a;
}

/* Every counter sent, each a different number; two protocols. */
static void counters(struct stat_counters *s, uint64_t base, bool global)
{
	memset(s, 0, sizeof(*s));
	s->present = true;
	s->seen = 1U << P2PF_STATS_A_PACKETS | 1U << P2PF_STATS_A_DETECTED |
		  1U << P2PF_STATS_A_DROPPED | 1U << P2PF_STATS_A_FLOW_DROPPED |
		  1U << P2PF_STATS_A_MARKED;
	s->packets = base + 100;
	s->detected = base + 10;
	s->dropped = base + 7;
	s->flow_dropped = 3;
	s->marked = base + 5;
	s->proto_seen = 1U << P2P_PROTO_PPPP | 1U << P2P_PROTO_TUTK | 1U << P2P_PROTO_STUN;
	s->proto_detected[P2P_PROTO_PPPP] = 6;
	s->proto_dropped[P2P_PROTO_PPPP] = 4;
	s->proto_detected[P2P_PROTO_TUTK] = 4;
	s->proto_dropped[P2P_PROTO_TUTK] = 3;
	if (!global)
		return;
	s->seen |= 1U << P2PF_STATS_A_UNTAGGED | 1U << P2PF_STATS_A_EVENTS |
		   1U << P2PF_STATS_A_EVENTS_SUPPRESSED | 1U << P2PF_STATS_A_FLOWS_REFUSED |
		   1U << P2PF_STATS_A_FLOWS | 1U << P2PF_STATS_A_DISCOVERED |
		   1U << P2PF_STATS_A_DISC_REFUSED | 1U << P2PF_STATS_A_TINY_FRAGMENTS;
	s->untagged = 5000;
	s->events = 42;
	s->events_suppressed = 8;
	s->flows_refused = 1;
	s->flows = 12;
	s->discovered = 3;
	s->disc_refused = 2;
	s->tiny_fragments = 17;
}

static const struct fake_proto protos[] = {
	{ P2P_PROTO_PPPP, "pppp", "CS2 Network PPPP" },
	{ P2P_PROTO_TUTK, "tutk", "ThroughTek Kalay" },
	{ P2P_PROTO_STUN, "stun", "STUN / TURN (RFC 5389)" },
};

static const struct fake_proto hostile_protos[] = {
	{ 9, "q\"uote", "back\\slash, tab\t, bell\a, \xc3\xa9 and a bad byte \xff" },
};

static struct fake_event events[7];

static void fixtures(void)
{
	static const uint8_t mac1[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t mac2[6] = { 0x0a, 0xbc, 0xde, 0xf0, 0x01, 0x02 };

	/* sent unsorted: the CLI sorts by name */
	spec(&devices[0].spec, "nvr_2 ip 2001:db8::20 mode mark proto pppp,tutk");
	counters(&devices[0].stats, 20, false);
	devices[0].stats.proto_detected[P2P_PROTO_TUTK] = 0;	/* a zero line */
	devices[0].stats.proto_dropped[P2P_PROTO_TUTK] = 0;
	spec(&devices[1].spec, "cam1 mac 02:11:22:33:44:55 ip 192.0.2.10 ip 2001:db8::10 "
	     "prefix 10.1.0.0/16 prefix fd00:1::/64 iif eth1 mode block proto all "
	     "lan 192.168.0.0/16 lan fd00::/8 fanout on");
	counters(&devices[1].stats, 0, false);
	spec(&devices[2].spec, "door mac 0a:bc:de:f0:01:02 mode monitor proto stun");
	memset(&devices[2].stats, 0, sizeof(devices[2].stats));

	disc[0].has_mac = true;
	memcpy(disc[0].mac, mac1, 6);
	disc[0].naddrs = 2;
	disc[0].addrs[0] = ip("192.0.2.50");
	disc[0].addrs[1] = ip("2001:db8::50");
	disc[0].protos = 1U << P2P_PROTO_PPPP | 1U << P2P_PROTO_TUTK;
	disc[0].kinds = 1U << P2P_KIND_REGISTER | 1U << P2P_KIND_PUNCH;
	disc[0].packets = 17;
	disc[0].first_ns = 1700000000123456789ULL;
	disc[0].last_ns = 1700000360999999999ULL;
	disc[0].nremotes = 2;
	disc[0].remotes[0].addr = ip("198.51.100.7");
	disc[0].remotes[0].port = 32100;
	disc[0].remotes[1].addr = ip("2001:db8:100::7");
	disc[0].remotes[1].port = 10240;
	disc[1].naddrs = 1;
	disc[1].addrs[0] = ip("192.0.2.51");
	disc[1].protos = 1U << P2P_PROTO_STUN;
	disc[1].packets = 1;
	disc[1].first_ns = disc[1].last_ns = 86400ULL * 1000000000;
	disc[2].naddrs = 1;
	disc[2].addrs[0] = ip("2001:db8:aa::beef");
	disc[2].kinds = 1U << P2P_KIND_LAN_SEARCH;
	disc[2].packets = 3;

	events[0] = (struct fake_event){ 1700000000123456789ULL, 0, "cam1", true,
		{ 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 }, ip("192.0.2.10"), ip("198.51.100.7"),
		40000, 32100, P2P_PROTO_PPPP, P2P_KIND_PUNCH, P2PF_ACTION_DROP };
	events[1] = (struct fake_event){ 1700000001000000000ULL, 5, "nvr_2", false, { 0 },
		ip("2001:db8::20"), ip("2001:db8:100::7"), 5000, 10240, P2P_PROTO_TUTK,
		P2P_KIND_REGISTER, P2PF_ACTION_MARK };
	events[2] = (struct fake_event){ 1700000002000999000ULL, 0, NULL, true,
		{ 0x0a, 0xbc, 0xde, 0xf0, 0x01, 0x02 }, ip("192.0.2.51"), ip("203.0.113.9"),
		1, 3478, P2P_PROTO_STUN, P2P_KIND_LOOKUP, P2PF_ACTION_DISCOVERED };
	events[3] = (struct fake_event){ 1700000003000000000ULL, 0, NULL, false, { 0 },
		ip("2001:db8:aa::beef"), ip("2001:db8:100::9"), 65535, 0, P2P_PROTO_GWELL,
		-1, P2PF_ACTION_DISCOVERED };
	events[4] = (struct fake_event){ 1700000004000000000ULL, 12, NULL, false, { 0 },
		{ 0 }, { 0 }, 0, 0, -1, -1, -1 };
	events[5] = (struct fake_event){ 0, 0, "door", false, { 0 }, ip("192.0.2.60"),
		{ 0 }, 1234, 0, P2P_PROTO_STUN, P2P_KIND_KEEPALIVE, P2PF_ACTION_PASS };
	events[6] = (struct fake_event){ 1700000005000000000ULL, 0, "cam1", false, { 0 },
		ip("192.0.2.10"), ip("198.51.100.8"), 40001, 32100, 31, 30, 9 };
	(void)mac2;

	full.version = "1.2.3-test";
	full.device_limit = 1024;
	full.devices = devices;
	full.ndevices = 3;
	counters(&full.global, 1000, true);
	full.config.has = 1U << CFG_FLOW_TIMEOUT | 1U << CFG_EVENT_RATE |
			  1U << CFG_FANOUT_THRESHOLD | 1U << CFG_MARK;
	full.config.val[CFG_FLOW_TIMEOUT] = 120;
	full.config.val[CFG_EVENT_RATE] = 10;
	full.config.val[CFG_FANOUT_THRESHOLD] = 8;
	full.config.val[CFG_MARK] = 0x50000000;
	full.config.mark_mask = 0xff000000;
	full.discovery = 1;
	full.lan.n = 3;
	parse_prefix("10.0.0.0/8", &full.lan.p[0], &(struct perr){ "" });
	parse_prefix("192.168.0.0/16", &full.lan.p[1], &(struct perr){ "" });
	parse_prefix("fd00::/8", &full.lan.p[2], &(struct perr){ "" });
	full.disc = disc;
	full.ndisc = 3;
	full.protos = protos;
	full.nprotos = 3;
	full.events = events;
	full.nevents = 7;

	/* a module that has nothing, and says as little as it can */
	memset(&empty.global, 0, sizeof(empty.global));
	empty.config.has = 1U << CFG_FLOW_TIMEOUT;
	empty.config.val[CFG_FLOW_TIMEOUT] = 60;

	hostile = full;
	hostile_devices[0] = devices[1];
	snprintf(hostile_devices[0].spec.name, sizeof(hostile_devices[0].spec.name),
		 "we\"ird\\\x01\t\xc3\xa9\xff");
	hostile.devices = hostile_devices;
	hostile.ndevices = 1;
	hostile.protos = hostile_protos;
	hostile.nprotos = 1;
	hostile.version = "v\"1\n";

	absent.no_module = true;

	/* the device table changed during the first dump; during every dump */
	interrupted = full;
	interrupted.interrupted_dumps = 1;
	churning = full;
	churning.interrupted_dumps = ~0U;
}

static int run_to(FILE *f, int fd)
{
	int saved;

	fflush(fd == 1 ? stdout : stderr);
	saved = dup(fd);
	if (saved < 0 || dup2(fileno(f), fd) < 0)
		exit(2);
	return saved;
}

static void restore_fd(int saved, int fd)
{
	fflush(fd == 1 ? stdout : stderr);
	dup2(saved, fd);
	close(saved);
}

static int failures;

static void expect_str(const char *name, const char *got, const char *want)
{
	bool ok = !strcmp(got, want);

	printf("%s: layer/%s", ok ? "PASS" : "FAIL", name);
	if (!ok)
		printf(": got \"%s\", want \"%s\"", got, want);
	putchar('\n');
	failures += !ok;
}

static void test_formatters(void)
{
	struct ipaddr a4 = ip("192.0.2.1"), a6 = ip("2001:db8::1");
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0xab, 0xff };
	char buf[ENDPOINT_LEN];

	format_endpoint(buf, sizeof(buf), a4.family, a4.addr, 53);
	expect_str("endpoint-ipv4", buf, "192.0.2.1:53");
	format_endpoint(buf, sizeof(buf), a6.family, a6.addr, 65535);
	expect_str("endpoint-ipv6", buf, "[2001:db8::1]:65535");
	format_endpoint(buf, sizeof(buf), a6.family, a6.addr, 0);
	expect_str("endpoint-port-0", buf, "[2001:db8::1]:0");
	format_addr(buf, sizeof(buf), a4.family, a4.addr);
	expect_str("addr-ipv4", buf, "192.0.2.1");
	format_time(buf, sizeof(buf), 1700000000, -1);
	expect_str("time-seconds", buf, "2023-11-14T22:13:20Z");
	format_time(buf, sizeof(buf), 1700000000, 123456);
	expect_str("time-usec", buf, "2023-11-14T22:13:20.123456Z");
	format_time(buf, sizeof(buf), 0, 0);
	expect_str("time-epoch", buf, "1970-01-01T00:00:00.000000Z");
	format_mac(mac, buf);
	expect_str("mac", buf, "02:00:5e:10:ab:ff");
}

/* One record through every print_*(), the way a verb writes it. */
static void record(void)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct ipaddr a4 = ip("192.0.2.10"), a6 = ip("2001:db8::10");
	struct prefix p;

	parse_prefix("fd00::/8", &p, &(struct perr){ "" });
	open_object(NULL);
	print_string(PRINT_ANY, "name", "%s:", "we\"ird\\\x01\xc3\xa9\xff");
	print_mac(PRINT_ANY, "mac", " mac %s", mac);
	print_null("iif");
	open_array("ip");
	print_ipaddr(PRINT_ANY, NULL, " ip %s", &a4);
	print_ipaddr(PRINT_ANY, NULL, " ip %s", &a6);
	close_array();
	print_prefix(PRINT_ANY, "lan", " lan %s", &p);
	print_endpoint(PRINT_ANY, "src", " src %s", &a4, 40000);
	print_endpoint(PRINT_ANY, "dst", " dst %s", &a6, 32100);
	print_time(PRINT_ANY, "time", " at %s", 1700000000, 5);
	print_uint(PRINT_ANY, "packets", " packets %" PRIu64, UINT64_MAX);
	print_bool(PRINT_ANY, "fanout", " fanout %s", true);
	print_string(PRINT_JSON, "json_only", " never in text %s", "x");
	print_string(PRINT_TEXT, "text_only", " text %s", "y");
	print_string(PRINT_ANY, "absent", " never %s", NULL);
	print_text("\n");
	close_object();
	open_object(NULL);	/* a second document: a line of its own */
	close_object();
}

static void test_record(bool json, const char *want)
{
	FILE *f = tmpfile();
	char got[1024] = "";
	size_t n;
	int so;

	if (!f)
		exit(2);
	so = run_to(f, 1);
	output_init(json);
	record();
	output_done();
	restore_fd(so, 1);
	rewind(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	expect_str(json ? "record-json" : "record-text", got, want);
}

static void slurp(FILE *f, FILE *into)
{
	char buf[4096];
	size_t n;

	fflush(f);
	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, into);
	fclose(f);
}

/*
 * One case's block: the command line, its stdout, stderr and exit code.
 * flags is what main() would have made of -j, -s and -n.
 */
static void run_case(FILE *into, const struct fake_scene *sc, const char *scene,
		     const char *flags, const char *line)
{
	struct cli_opts o = { strchr(flags, 'j') != NULL, strchr(flags, 's') != NULL,
			      strchr(flags, 'n') != NULL };
	char buf[256], *argv[16], *w;
	FILE *out = tmpfile(), *err = tmpfile();
	int argc = 0, so, se, rc;

	if (!out || !err)
		exit(2);
	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok(buf, " "); w && argc < 15; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	fake_scene = sc;
	so = run_to(out, 1);
	se = run_to(err, 2);
	rc = cli_dispatch(argc, argv, &o);
	restore_fd(so, 1);
	restore_fd(se, 2);
	fprintf(into, "=== %s: p2pfence%s%s %s\n--- stdout\n", scene, *flags ? " -" : "",
		flags, line);
	slurp(out, into);
	fputs("--- stderr\n", into);
	slurp(err, into);
	fprintf(into, "--- exit %d\n", rc);
}

static const struct {
	const char *scene, *flags, *line;
} cases[] = {
	{ "full", "", "device show" },
	{ "full", "", "device" },
	{ "full", "s", "device show" },
	{ "full", "sn", "device show" },
	{ "full", "j", "device show" },
	{ "full", "js", "device show" },
	{ "full", "", "device show cam1" },
	{ "full", "js", "device show nvr_2" },
	{ "full", "", "device show nosuch" },
	{ "full", "", "stats" },
	{ "full", "n", "stats" },
	{ "full", "j", "stats" },
	{ "full", "", "stats --prometheus" },
	{ "full", "", "config show" },
	{ "full", "j", "config show" },
	{ "full", "", "lan show" },
	{ "full", "j", "lan" },
	{ "full", "", "proto list" },
	{ "full", "j", "proto" },
	{ "full", "", "version" },
	{ "full", "j", "version" },
	{ "full", "", "discover show" },
	{ "full", "n", "discover" },
	{ "full", "j", "discover show" },
	{ "full", "", "discover show --suggest" },
	{ "full", "", "save" },
	{ "full", "", "monitor --count 7" },
	{ "full", "n", "monitor --count 7" },
	{ "full", "j", "monitor --count 7" },
	{ "empty", "", "device show" },
	{ "empty", "j", "device show" },
	{ "empty", "", "stats" },
	{ "empty", "j", "stats" },
	{ "empty", "", "stats --prometheus" },
	{ "empty", "", "config show" },
	{ "empty", "j", "config show" },
	{ "empty", "", "lan show" },
	{ "empty", "j", "lan show" },
	{ "empty", "", "proto list" },
	{ "empty", "j", "proto list" },
	{ "empty", "", "version" },
	{ "empty", "j", "version" },
	{ "empty", "", "discover show" },
	{ "empty", "j", "discover show" },
	{ "empty", "", "save" },
	{ "empty", "", "monitor --count 1" },
	{ "hostile", "", "device show" },
	{ "hostile", "js", "device show" },
	{ "hostile", "j", "stats" },
	{ "hostile", "", "stats --prometheus" },
	{ "hostile", "", "proto list" },
	{ "hostile", "j", "proto list" },
	{ "hostile", "", "version" },
	{ "hostile", "j", "version" },
	{ "absent", "", "device show" },
	{ "absent", "j", "stats" },
	{ "interrupted", "", "device show" },
	{ "interrupted", "j", "device show" },
	{ "interrupted", "", "save" },
	{ "churning", "", "device show" },
	{ "churning", "", "save" },
};

static const struct fake_scene *scene_named(const char *name)
{
	return !strcmp(name, "full") ? &full : !strcmp(name, "empty") ? &empty :
	       !strcmp(name, "hostile") ? &hostile :
	       !strcmp(name, "interrupted") ? &interrupted :
	       !strcmp(name, "churning") ? &churning : &absent;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0;
	FILE *m;

	if (!f)
		return NULL;
	m = open_memstream(&s, &n);
	slurp(f, m);
	fclose(m);
	return s;
}

int main(int argc, char **argv)
{
	bool write = argc > 1 && !strcmp(argv[1], "--write");
	char *golden = write ? NULL : read_all(GOLDEN);
	FILE *all = write ? fopen(GOLDEN, "w") : NULL;
	size_t i;

	if (write ? !all : !golden) {
		perror(GOLDEN);
		return 2;
	}
	fixtures();
	if (!write) {
		test_formatters();
		test_record(false, "we\"ird\\\x01\xc3\xa9\xff: mac 02:11:22:33:44:55 ip 192.0.2.10"
			    " ip 2001:db8::10 lan fd00::/8 src 192.0.2.10:40000"
			    " dst [2001:db8::10]:32100 at 2023-11-14T22:13:20.000005Z"
			    " packets 18446744073709551615 fanout on text y\n");
		test_record(true, "{\"name\":\"we\\\"ird\\\\\\u0001\xc3\xa9\\ufffd\","
			    "\"mac\":\"02:11:22:33:44:55\",\"iif\":null,"
			    "\"ip\":[\"192.0.2.10\",\"2001:db8::10\"],\"lan\":\"fd00::/8\","
			    "\"src\":\"192.0.2.10:40000\",\"dst\":\"[2001:db8::10]:32100\","
			    "\"time\":\"2023-11-14T22:13:20.000005Z\","
			    "\"packets\":18446744073709551615,\"fanout\":true,"
			    "\"json_only\":\"x\",\"absent\":null}\n{}\n");
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *block = NULL;
		size_t n = 0;
		FILE *m = open_memstream(&block, &n);

		run_case(m, scene_named(cases[i].scene), cases[i].scene, cases[i].flags,
			 cases[i].line);
		fclose(m);
		if (write) {
			fputs(block, all);
		} else if (strstr(golden, block)) {
			printf("PASS: output/%s -%s %s\n", cases[i].scene, cases[i].flags,
			       cases[i].line);
		} else {
			printf("FAIL: output/%s -%s %s: got\n%s", cases[i].scene,
			       cases[i].flags, cases[i].line, block);
			failures++;
		}
		free(block);
	}
	free(golden);
	if (all && fclose(all))
		return 2;
	return failures ? 1 : 0;
}
