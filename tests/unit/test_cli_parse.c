// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Table-driven tests of the CLI's parsers, verb resolution and restore-file
 * parsing (userspace/parse.c, devspec.c, settings.c, verbs.c, conffile.c).
 * Prints one PASS/FAIL line per case; exits 1 if any failed. Built and
 * run under ASan+UBSan by tests/check.d/20-cli-unit.sh.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conffile.h"
#include "devspec.h"
#include "parse.h"
#include "settings.h"
#include "verbs.h"

static int failures;

static void result(bool ok, const char *group, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s: %s/%s", ok ? "PASS" : "FAIL", group, name);
	if (!ok) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		failures++;
	}
	putchar('\n');
}

/*
 * A case: input, whether it must parse, and for failures a piece of the
 * message that must appear (the offending word and the explanation).
 */
struct vcase {
	const char *in;
	bool ok;
	const char *msg;
};

#define CHECK_CASES(group, cases, call)						\
	do {									\
		size_t i_;							\
		for (i_ = 0; i_ < sizeof(cases) / sizeof(cases[0]); i_++) {	\
			const struct vcase *c_ = &cases[i_];			\
			struct perr e_ = { "" };				\
			bool ok_ = call(c_->in, &e_);				\
			bool good_ = ok_ == c_->ok &&				\
				     (ok_ || strstr(e_.msg, c_->msg));		\
			result(good_, group, c_->in, "expected %s%s%s, got %s \"%s\"", \
			       c_->ok ? "success" : "failure with \"",		\
			       c_->ok ? "" : c_->msg, c_->ok ? "" : "\"",	\
			       ok_ ? "success" : "failure", e_.msg);		\
		}								\
	} while (0)

static bool do_name(const char *s, struct perr *e)
{
	char out[P2PF_NAME_MAX];

	return parse_name(s, out, e) && !strcmp(out, s);
}

static const struct vcase name_cases[] = {
	{ "cam1", true, NULL },
	{ "Front_Door.cam-2", true, NULL },
	{ "a", true, NULL },
	{ "abcdefghijklmnopqrstuvwxyz01234", true, NULL },	/* 31 */
	{ "abcdefghijklmnopqrstuvwxyz012345", false, "longer than 31 characters" },
	{ "", false, "names have 1 to 31 characters" },
	{ "cam 1", false, "invalid name \"cam 1\": only letters" },
	{ "cam/1", false, "only letters, digits" },
	{ "caméra", false, "\\xc3\\xa9" },
};

static bool do_mac(const char *s, struct perr *e)
{
	uint8_t m[6];
	char back[18];

	if (!parse_mac(s, m, e))
		return false;
	format_mac(m, back);
	/* the dash form and upper case normalise to lower-case colons */
	return !strcasecmp(back, s) || strchr(s, '-');
}

static const struct vcase mac_cases[] = {
	{ "02:00:00:00:00:01", true, NULL },
	{ "AA:bb:CC:dd:EE:f0", true, NULL },
	{ "02-11-22-33-44-55", true, NULL },
	{ "xx", false, "invalid MAC \"xx\": expected aa:bb:cc:dd:ee:ff" },
	{ "02:00:00:00:00", false, "expected aa:bb:cc:dd:ee:ff" },
	{ "02:00:00:00:00:01:02", false, "expected aa:bb:cc:dd:ee:ff" },
	{ "02:00-00:00:00:01", false, "expected aa:bb:cc:dd:ee:ff" },
	{ "2:0:0:0:0:1", false, "expected aa:bb:cc:dd:ee:ff" },
	{ "02:00:00:00:00:0g", false, "expected aa:bb:cc:dd:ee:ff" },
	{ "00:00:00:00:00:00", false, "all-zero address" },
	{ "ff:ff:ff:ff:ff:ff", false, "broadcast address" },
	{ "01:00:5e:00:00:01", false, "multicast address" },
};

static bool do_addr(const char *s, struct perr *e)
{
	struct ipaddr a;
	char back[64];

	if (!parse_ipaddr(s, &a, e))
		return false;
	format_ipaddr(&a, back, sizeof(back));
	return !strcmp(back, s);
}

static const struct vcase addr_cases[] = {
	{ "192.0.2.10", true, NULL },
	{ "2001:db8::10", true, NULL },
	{ "fe80::1", true, NULL },
	{ "192.0.2.10/32", false, "expected an address, not a prefix" },
	{ "192.0.2", false, "expected an IPv4 or IPv6 address" },
	{ "192.0.2.256", false, "expected an IPv4 or IPv6 address" },
	{ "host.example", false, "invalid address \"host.example\"" },
	{ "0.0.0.0", false, "unspecified address" },
	{ "::", false, "unspecified address" },
	{ "224.0.0.1", false, "multicast" },
	{ "ff02::1", false, "multicast" },
	{ "255.255.255.255", false, "broadcast" },
	{ "127.0.0.1", false, "loopback" },
	{ "::1", false, "loopback" },
};

static bool do_prefix(const char *s, struct perr *e)
{
	struct prefix p;
	char back[64];

	if (!parse_prefix(s, &p, e))
		return false;
	format_prefix(&p, back, sizeof(back));
	return !strcmp(back, s);
}

static const struct vcase prefix_cases[] = {
	{ "10.0.0.0/8", true, NULL },
	{ "192.168.50.0/24", true, NULL },
	{ "0.0.0.0/0", true, NULL },
	{ "255.255.255.255/32", true, NULL },
	{ "fc00::/7", true, NULL },
	{ "2001:db8:1::/48", true, NULL },
	{ "10.1.2.3/8", false, "host bits are set (did you mean 10.0.0.0/8?)" },
	{ "fd00::1/64", false, "did you mean fd00::/64?" },
	{ "10.0.0.0", false, "expected ADDRESS/LENGTH" },
	{ "10.0.0.0/33", false, "the length must be 0..32" },
	{ "fc00::/129", false, "the length must be 0..128" },
	{ "10.0.0.0/", false, "the length must be" },
	{ "10.0.0.0/-1", false, "the length must be" },
	{ "10.0.0.0/8x", false, "the length must be" },
	{ "nonsense/8", false, "\"nonsense\" is not an IPv4 or IPv6 address" },
};

static bool do_mode(const char *s, struct perr *e)
{
	uint8_t m;

	return parse_mode(s, &m, e) && !strncmp(mode_name(m), s, strlen(s));
}

static const struct vcase mode_cases[] = {
	{ "block", true, NULL },
	{ "monitor", true, NULL },
	{ "allow", true, NULL },
	{ "mon", true, NULL },
	{ "mark", true, NULL },
	{ "mar", true, NULL },
	{ "m", false, "ambiguous mode \"m\": could be monitor, mark" },
	{ "drop", false, "unknown mode \"drop\": expected block, monitor, allow, mark" },
	{ "", false, "unknown mode" },
};

static bool do_proto(const char *s, struct perr *e)
{
	uint32_t m;
	char back[256];

	if (!parse_proto_list(s, &m, e))
		return false;
	format_proto_list(m, back, sizeof(back));
	return !strcmp(back, s);
}

static const struct vcase proto_cases[] = {
	{ "all", true, NULL },
	{ "pppp", true, NULL },
	{ "pppp,tutk", true, NULL },
	{ "pppp,tutk,stun", true, NULL },
	{ "pppp,,tutk", false, "empty name" },
	{ "pppp,", false, "empty name" },
	{ ",pppp", false, "empty name" },
	{ "pppp,bogus", false, "unknown protocol \"bogus\": expected all or a comma-separated list of pppp" },
	{ "none", false, "unknown protocol \"none\"" },
	{ "pppp,pppp", false, "\"pppp\" given twice" },
	{ "PPPP", false, "unknown protocol" },
};

static bool do_u32(const char *s, struct perr *e)
{
	uint32_t v;

	return parse_u32(s, 1, 86400, &v, e);
}

static const struct vcase u32_cases[] = {
	{ "1", true, NULL },
	{ "86400", true, NULL },
	{ "0", false, "invalid number \"0\": expected 1..86400" },
	{ "86401", false, "expected 1..86400" },
	{ "-5", false, "invalid number" },
	{ "+5", false, "invalid number" },
	{ "5s", false, "invalid number" },
	{ "", false, "invalid number" },
	{ "99999999999999999999999", false, "invalid number" },
};

static bool do_onoff(const char *s, struct perr *e)
{
	bool on;

	return parse_onoff(s, &on, e) && on == !strcmp(s, "on");
}

static const struct vcase onoff_cases[] = {
	{ "on", true, NULL },
	{ "off", true, NULL },
	{ "o", false, "ambiguous value \"o\": could be off, on" },
	{ "yes", false, "unknown value \"yes\": expected off, on" },
};

/* Verb resolution: "words" -> "top sub" or an error message. */
struct rcase {
	const char *argv;	/* space-separated */
	const char *expect;	/* resolved "verb sub used=N", or a message piece */
	bool ok;
};

static const struct rcase resolve_cases[] = {
	{ "device show", "device show used=2", true },
	{ "dev sh", "device show used=2", true },
	{ "dev a", "device add used=2", true },
	{ "device", "device show used=1", true },
	{ "device -j", "device show used=1", true },
	{ "dev fl", "device flush used=2", true },
	{ "dev del", "device del used=2", true },
	{ "st", "stats used=1", true },
	{ "sa", "save used=1", true },
	{ "m", "monitor used=1", true },
	{ "r x", "restore used=1", true },
	{ "p", "proto list used=1", true },
	{ "pro l", "proto list used=2", true },
	{ "l", "lan show used=1", true },
	{ "lan a", "lan add used=2", true },
	{ "conf s", "ambiguous config command \"s\": could be show, set", false },
	{ "config se", "config set used=2", true },
	{ "fl f", "flows flush used=2", true },
	{ "cl", "classify used=1", true },
	{ "v", "version used=1", true },
	{ "h", "help used=1", true },
	{ "s", "ambiguous verb \"s\": could be stats, save", false },
	{ "c", "ambiguous verb \"c\": could be config, classify", false },
	{ "dev s", "ambiguous device command \"s\": could be set, show", false },
	{ "frobnicate", "unknown verb \"frobnicate\": expected device, stats", false },
	{ "dev remove", "unknown device command \"remove\": expected add, set, del, show, flush", false },
	{ "flows", "flows: missing command: expected flush", false },
	{ "", "missing verb", false },
};

static int split_words(char *s, char **argv, int max)
{
	int n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	return n;
}

static void test_resolve(void)
{
	size_t i;

	for (i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]); i++) {
		const struct rcase *c = &resolve_cases[i];
		const struct cli_cmd *cmd, *top = NULL;
		char buf[128], got[PERR_MAX + 64], *argv[8];
		struct perr e = { "" };
		int argc, used = 0;
		bool good;

		snprintf(buf, sizeof(buf), "%s", c->argv);
		argc = split_words(buf, argv, 8);
		cmd = cli_resolve(argc, argv, &used, &top, &e);
		if (cmd && top->sub)
			snprintf(got, sizeof(got), "%s %s used=%d", top->name, cmd->name, used);
		else if (cmd)
			snprintf(got, sizeof(got), "%s used=%d", cmd->name, used);
		else
			snprintf(got, sizeof(got), "%s", e.msg);
		good = c->ok ? cmd && !strcmp(got, c->expect) : !cmd && strstr(got, c->expect);
		result(good, "resolve", *c->argv ? c->argv : "(empty)", "expected \"%s\", got \"%s\"",
		       c->expect, got);
	}
}

/* Device arguments: "add|set ARGS" -> the formatted device or a message. */
struct dcase {
	const char *args;
	bool for_set;
	bool ok;
	const char *expect;	/* devspec_format output (add) or message piece */
};

static const struct dcase dev_cases[] = {
	{ "cam1 mac 02:00:00:00:00:01", false, true,
	  "device add cam1 mac 02:00:00:00:00:01 mode block proto all fanout off\n" },
	{ "cam2 ip 192.0.2.10 ip 2001:db8::10 mode monitor proto pppp,tutk lan 192.168.50.0/24 fanout on",
	  false, true,
	  "device add cam2 ip 192.0.2.10 ip 2001:db8::10 mode monitor proto pppp,tutk lan 192.168.50.0/24 fanout on\n" },
	{ "cam3 ma 02-aa-bb-cc-dd-ee i 192.0.2.3 mo al", false, true,
	  "device add cam3 mac 02:aa:bb:cc:dd:ee ip 192.0.2.3 mode allow proto all fanout off\n" },
	{ "iot prefix 192.168.30.0/24 prefix fd00:30::/64 mode block", false, true,
	  "device add iot prefix 192.168.30.0/24 prefix fd00:30::/64 mode block proto all fanout off\n" },
	{ "guests iif br-guest mode monitor", false, true,
	  "device add guests iif br-guest mode monitor proto all fanout off\n" },
	{ "everyone pre 0.0.0.0/0 pre ::/0 ii br0", false, true,
	  "device add everyone prefix 0.0.0.0/0 prefix ::/0 iif br0 mode block proto all fanout off\n" },
	{ "cam4 p pppp i 192.0.2.4", false, true,
	  "device add cam4 ip 192.0.2.4 mode block proto pppp fanout off\n" },
	{ "iot prefix 192.168.30.1/24", false, false, "did you mean 192.168.30.0/24?" },
	{ "iot prefix 10.0.0.0/8 prefix 10.0.0.0/8", false, false, "prefix \"10.0.0.0/8\" given twice" },
	{ "iot prefix none", false, false, "only makes sense with device set" },
	{ "iot iif none", false, false, "only makes sense with device set" },
	{ "iot iif br0 iif br1", false, false, "iif given twice" },
	{ "iot iif averyveryverylongname", false, false, "invalid interface name" },
	{ "iot iif a/b", false, false, "invalid interface name \"a/b\"" },
	{ "iot iif ..", false, false, "invalid interface name \"..\"" },
	{ "iot prefix 10.0.0.0/8 prefix 10.1.0.0/16 prefix 10.2.0.0/16 prefix 10.3.0.0/16 "
	  "prefix 10.4.0.0/16 prefix 10.5.0.0/16 prefix 10.6.0.0/16 prefix 10.7.0.0/16 "
	  "prefix 10.8.0.0/16 prefix 10.9.0.0/16 prefix 10.10.0.0/16 prefix 10.11.0.0/16 "
	  "prefix 10.12.0.0/16 prefix 10.13.0.0/16 prefix 10.14.0.0/16 prefix 10.15.0.0/16 "
	  "prefix 10.16.0.0/16", false, false, "too many source prefixes at \"10.16.0.0/16\": at most 16" },
	{ "cam1", false, false, "needs a mac or at least one ip" },
	{ "cam1 mode block", false, false, "needs a mac or at least one ip" },
	{ "cam1 mac xx", false, false, "invalid MAC \"xx\": expected aa:bb:cc:dd:ee:ff" },
	{ "cam1 mac 02:00:00:00:00:01 mac 02:00:00:00:00:02", false, false, "mac given twice" },
	{ "cam1 ip 192.0.2.1 ip 192.0.2.1", false, false, "address \"192.0.2.1\" given twice" },
	{ "cam1 ip", false, false, "missing value after \"ip\"" },
	{ "cam1 color red", false, false, "unknown keyword \"color\": expected mac, ip, mode, proto, lan, fanout" },
	{ "cam1 m 02:00:00:00:00:01", false, false, "ambiguous keyword \"m\": could be mac, mode" },
	{ "cam1 mac none", false, false, "only makes sense with device set" },
	{ "cam1 ip none", false, false, "only makes sense with device set" },
	{ "bad/name ip 192.0.2.1", false, false, "invalid name \"bad/name\"" },
	{ "cam1 ip 192.0.2.1 lan 10.1.0.0/8", false, false, "did you mean 10.0.0.0/8?" },
	{ "cam1 ip 192.0.2.1 fanout maybe", false, false, "unknown value \"maybe\"" },
	{ "cam1 ip 192.0.2.1 ip 192.0.2.2 ip 192.0.2.3 ip 192.0.2.4 ip 192.0.2.5 ip 192.0.2.6 "
	  "ip 192.0.2.7 ip 192.0.2.8 ip 192.0.2.9 ip 192.0.2.10 ip 192.0.2.11 ip 192.0.2.12 "
	  "ip 192.0.2.13 ip 192.0.2.14 ip 192.0.2.15 ip 192.0.2.16 ip 192.0.2.17", false, false,
	  "too many addresses at \"192.0.2.17\": at most 16" },
	/* set */
	{ "cam1 mode monitor", true, true, "mode=1" },
	{ "cam1 mac none ip none lan none", true, true, "mac-clear addrs=0 lan=0" },
	{ "cam1", true, false, "nothing to change" },
	{ "cam1 ip none ip 192.0.2.1", true, false, "\"ip none\" cannot be combined" },
	{ "cam1 ip 192.0.2.1 ip none", true, false, "\"ip none\" cannot be combined" },
	{ "cam1 lan none lan none", true, false, "\"lan none\" cannot be combined" },
	{ "iot prefix none iif none", true, true, "pfx=0 iif-clear" },
	{ "iot prefix 10.0.0.0/8 iif eth1", true, true, "pfx=1 iif=eth1" },
	{ "iot prefix none prefix 10.0.0.0/8", true, false, "\"prefix none\" cannot be combined" },
};

static void describe_set(const struct dev_spec *d, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	if (d->has_mode)
		o += (size_t)snprintf(out + o, size - o, "mode=%u", d->mode);
	if (d->mac_clear)
		o += (size_t)snprintf(out + o, size - o, "%smac-clear", o ? " " : "");
	if (d->has_addrs)
		o += (size_t)snprintf(out + o, size - o, "%saddrs=%u", o ? " " : "", d->naddrs);
	if (d->has_lan)
		o += (size_t)snprintf(out + o, size - o, "%slan=%u", o ? " " : "", d->nlan);
	if (d->has_pfx)
		o += (size_t)snprintf(out + o, size - o, "%spfx=%u", o ? " " : "", d->npfx);
	if (d->has_iif && !d->iif[0])
		snprintf(out + o, size - o, "%siif-clear", o ? " " : "");
	else if (d->has_iif)
		snprintf(out + o, size - o, "%siif=%s", o ? " " : "", d->iif);
}

static void test_devspec(void)
{
	size_t i;

	for (i = 0; i < sizeof(dev_cases) / sizeof(dev_cases[0]); i++) {
		const struct dcase *c = &dev_cases[i];
		char buf[1024], name[48], *argv[64], *got = NULL;
		struct perr e = { "" };
		struct dev_spec d;
		size_t len = 0;
		int argc;
		bool ok, good;

		snprintf(buf, sizeof(buf), "%s", c->args);
		argc = split_words(buf, argv, 64);
		ok = devspec_parse(argc, argv, c->for_set, &d, &e);
		if (ok && !c->for_set) {
			FILE *f = open_memstream(&got, &len);

			devspec_format(&d, f);
			fclose(f);
		} else if (ok) {
			got = malloc(128);
			describe_set(&d, got, 128);
		} else {
			got = strdup(e.msg);
		}
		good = ok == c->ok && (ok ? !strcmp(got, c->expect) : strstr(got, c->expect) != NULL);
		snprintf(name, sizeof(name), "%s %.36s", c->for_set ? "set" : "add", c->args);
		result(good, "devspec", name, "expected \"%s\", got \"%s\"", c->expect, got);
		free(got);
	}
}

/* IPv4 is formatted by hand: as inet_ntop() would, for every byte value. */
static void test_format_ipv4(void)
{
	struct ipaddr a = { .family = AF_INET };
	char got[64], want[INET_ADDRSTRLEN];
	int i, bad = 0;

	for (i = 0; i < 256 * 4; i++) {
		a.addr[i % 4] = (uint8_t)(i / 4);
		a.addr[(i + 1) % 4] = (uint8_t)(255 - i / 4);
		a.addr[(i + 2) % 4] = (uint8_t)(i / 4 % 10);
		a.addr[(i + 3) % 4] = (uint8_t)(i / 4 % 100 + 9);
		format_ipaddr(&a, got, sizeof(got));
		inet_ntop(AF_INET, a.addr, want, sizeof(want));
		if (strcmp(got, want) && bad++ < 3)
			printf("# %s, not %s\n", got, want);
	}
	result(!bad, "format", "ipv4 as inet_ntop", "(%d differ)", bad);
}

/* A formatted device parses back to the same line (what save/restore need). */
static void test_format_roundtrip(void)
{
	static const char *const lines[] = {
		"device add a mac 02:00:00:00:00:01 mode block proto all fanout off\n",
		"device add b.2 ip 192.0.2.1 ip fe80::1 mode monitor proto stun,tuya lan 10.0.0.0/8 lan fd00::/8 fanout on\n",
		"device add c-3 mac 0a:0b:0c:0d:0e:0f ip 203.0.113.7 mode allow proto pppp fanout off\n",
		"device add d mac 02:00:00:00:00:04 prefix 192.168.30.0/24 prefix fd00:30::/64 iif br-iot mode block proto all fanout off\n",
		"device add everyone prefix 0.0.0.0/0 prefix ::/0 mode block proto all fanout off\n",
		"device add e ip 192.0.2.4 mode mark proto all fanout off\n",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char buf[512], *argv[64], *got = NULL;
		struct perr e = { "" };
		struct dev_spec d;
		size_t len = 0;
		FILE *f;
		int argc;
		bool ok;

		snprintf(buf, sizeof(buf), "%s", lines[i]);
		buf[strlen(buf) - 1] = '\0';
		argc = split_words(buf, argv, 64);
		ok = devspec_parse(argc - 2, argv + 2, false, &d, &e);
		f = open_memstream(&got, &len);
		if (ok)
			devspec_format(&d, f);
		fclose(f);
		result(ok && !strcmp(got, lines[i]), "format-roundtrip", argv[2],
		       "got \"%s\" (%s)", got, e.msg);
		free(got);
		/* packed (restore keeps devices so) and back: the same line */
		got = NULL;
		f = open_memstream(&got, &len);
		if (ok) {
			void *packed = devspec_pack(&d);

			devspec_unpack(packed, &d);
			devspec_format(&d, f);
			free(packed);
		}
		fclose(f);
		result(ok && !strcmp(got, lines[i]), "pack-roundtrip", argv[2],
		       "got \"%s\"", got);
		free(got);
	}
}

/* Global settings arguments. */
static bool do_lan(const char *s, struct perr *e)
{
	char buf[512], *argv[80];
	struct lan_list l;
	int argc;

	snprintf(buf, sizeof(buf), "%s", s);
	argc = split_words(buf, argv, 80);
	return lan_parse_args(argc, argv, &l, e);
}

static const struct vcase lan_cases[] = {
	{ "10.0.0.0/8 fc00::/7", true, NULL },
	{ "none", true, NULL },
	{ "", false, "missing prefix" },
	{ "none 10.0.0.0/8", false, "cannot be combined" },
	{ "10.0.0.0/8 10.0.0.0/8", false, "given twice" },
	{ "10.0.0.1/8", false, "did you mean 10.0.0.0/8?" },
};

static bool do_config(const char *s, struct perr *e)
{
	char buf[256], *argv[16];
	struct cfg_values c;
	int argc;

	snprintf(buf, sizeof(buf), "%s", s);
	argc = split_words(buf, argv, 16);
	return config_parse_args(argc, argv, &c, e);
}

static const struct vcase config_cases[] = {
	{ "flow-timeout 120", true, NULL },
	{ "flow-timeout 120 event-rate 0 fanout-threshold 8", true, NULL },
	{ "fl 60 ev 5 fa 2", true, NULL },
	{ "", false, "nothing to set" },
	{ "flow-timeout 0", false, "invalid number \"0\": expected 1..86400" },
	{ "fanout-threshold 1", false, "expected 2..4096" },
	{ "fanout-threshold 4097", false, "expected 2..4096" },
	{ "flow-timeout", false, "missing value after \"flow-timeout\"" },
	{ "flow-timeout 5 flow-timeout 6", false, "flow-timeout given twice" },
	{ "discovery on", false, "unknown setting \"discovery\"" },
	{ "mark 0x50000000/0xff000000", true, NULL },
	{ "mark 1342177280/4278190080", true, NULL },
	{ "mark 0x10", true, NULL },
	{ "flow-timeout 60 mark 0X1/0X1", true, NULL },
	{ "mark 0x10/0x0f", false, "invalid mark \"0x10/0x0f\": the mark has bits outside the mask (0x10)" },
	{ "mark 0", false, "the mark must not be zero" },
	{ "mark 0x1/0", false, "the mask must not be zero" },
	{ "mark 0x100000000", false, "invalid mark \"0x100000000\": expected VALUE[/MASK]" },
	{ "mark 5/", false, "expected VALUE[/MASK]" },
	{ "mark /5", false, "expected VALUE[/MASK]" },
	{ "mark 0x", false, "expected VALUE[/MASK]" },
	{ "mark -1", false, "expected VALUE[/MASK]" },
	{ "mark 5a", false, "expected VALUE[/MASK]" },
	{ "mark 1/2/3", false, "expected VALUE[/MASK]" },
	{ "mark", false, "missing value after \"mark\"" },
	{ "mark 1 mark 1", false, "mark given twice" },
};

/* config set lines that save writes parse back to the same line. */
static void test_config_roundtrip(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "mark 0x50000000/0xff000000", "config set mark 0x50000000/0xff000000\n" },
		{ "mark 16", "config set mark 0x00000010/0xffffffff\n" },
		{ "fanout-threshold 9 mark 0x1/0x3 flow-timeout 7",
		  "config set flow-timeout 7 fanout-threshold 9 mark 0x00000001/0x00000003\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[256], *argv[16], *got = NULL, *again = NULL;
		struct perr e = { "" };
		struct cfg_values c;
		size_t len = 0;
		bool ok, ok2 = false;
		FILE *f;
		int argc;

		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		argc = split_words(buf, argv, 16);
		ok = config_parse_args(argc, argv, &c, &e);
		f = open_memstream(&got, &len);
		if (ok)
			config_format(&c, f);
		fclose(f);
		if (ok) {	/* and the line itself, less "config set", once more */
			snprintf(buf, sizeof(buf), "%s", got + strlen("config set "));
			buf[strcspn(buf, "\n")] = '\0';
			argc = split_words(buf, argv, 16);
			ok2 = config_parse_args(argc, argv, &c, &e);
			f = open_memstream(&again, &len);
			if (ok2)
				config_format(&c, f);
			fclose(f);
		}
		result(ok && ok2 && !strcmp(got, cases[i].out) && !strcmp(again, got),
		       "config-roundtrip", cases[i].in, "got \"%s\" then \"%s\" (%s)",
		       got, again ? again : "", e.msg);
		free(got);
		free(again);
	}
}

/* Restore files: text -> summary of what parsed, or the exact message. */
struct fcase {
	const char *name;
	const char *text;
	bool ok;
	const char *expect;
};

static const struct fcase file_cases[] = {
	{ "full", "# comment\n\nlan set 10.0.0.0/8 fc00::/7\nconfig set flow-timeout 60\n"
		  "device add a mac 02:00:00:00:00:01   # trailing comment\n"
		  "\tdevice add b ip 192.0.2.1 mode monitor\n", true,
	  "lan=2@3 cfg=1@4 devs=a@5,b@6" },
	{ "empty", "", true, "lan=none cfg=0 devs=" },
	{ "comments-only", "# nothing\n   # at all\n", true, "lan=none cfg=0 devs=" },
	{ "lan-none", "lan set none\n", true, "lan=0@1 cfg=0 devs=" },
	{ "abbreviated", "dev a x ip 192.0.2.1\n", true, "lan=none cfg=0 devs=x@1" },
	{ "bad-mac", "device add a mac 02:00:00:00:00:01\ndevice add b mac zz\n", false,
	  "test.conf:2: invalid MAC \"zz\": expected aa:bb:cc:dd:ee:ff" },
	{ "dup-name", "device add a ip 192.0.2.1\n\ndevice add a ip 192.0.2.2\n", false,
	  "test.conf:3: device \"a\" is already defined on line 1" },
	{ "dup-mac", "device add a mac 02:00:00:00:00:01\ndevice add b mac 02:00:00:00:00:01\n", false,
	  "test.conf:2: MAC 02:00:00:00:00:01 of \"b\" already belongs to \"a\" (line 1)" },
	{ "dup-addr", "device add a ip 2001:db8::1\ndevice add b ip 192.0.2.9 ip 2001:db8::1\n", false,
	  "test.conf:2: address 2001:db8::1 of \"b\" already belongs to \"a\" (line 1)" },
	{ "dup-prefix", "device add a prefix 10.0.0.0/8\ndevice add b prefix 10.0.0.0/16 prefix 10.0.0.0/8\n",
	  false, "test.conf:2: prefix 10.0.0.0/8 of \"b\" already belongs to \"a\" (line 1)" },
	{ "dup-iif", "device add a iif br-iot\ndevice add b iif br-iot\n", false,
	  "test.conf:2: interface br-iot of \"b\" already belongs to \"a\" (line 1)" },
	{ "nested-prefixes", "device add a prefix 0.0.0.0/0\ndevice add b prefix 10.0.0.0/8 ip 10.0.0.1\n"
	  "device add c mac 02:00:00:00:00:01 ip 10.0.0.2 iif eth0\n", true,
	  "lan=none cfg=0 devs=a@1,b@2,c@3" },
	{ "device-del", "device del a\n", false,
	  "test.conf:1: expected \"device add\": a restore file holds only device add, lan set and config set lines" },
	{ "unknown", "flush everything\n", false,
	  "test.conf:1: unknown statement \"flush\": expected device, lan, config" },
	{ "lan-twice", "lan set 10.0.0.0/8\nlan set none\n", false,
	  "test.conf:2: lan set given twice (first on line 1)" },
	{ "config-twice", "config set flow-timeout 5\nconfig set event-rate 1\n", false,
	  "test.conf:2: config set given twice (first on line 1)" },
	{ "config-bad", "config set flow-timeout 0\n", false,
	  "test.conf:1: invalid number \"0\": expected 1..86400" },
	{ "missing-name", "device add\n", false, "test.conf:1: missing device name" },
	{ "nul-byte", "device add a ip 192.0.2.1\nlan\0 set none\n", false,
	  "test.conf:2: the line contains a NUL byte" },
	{ "set-keyword", "device add a mac none\n", false,
	  "test.conf:1: \"mac none\" only makes sense with device set" },
};

static void describe_conf(const struct conf *c, char *out, size_t size)
{
	size_t o, i;

	if (c->has_lan)
		o = (size_t)snprintf(out, size, "lan=%u@%u", c->lan.n, c->lan_line);
	else
		o = (size_t)snprintf(out, size, "lan=none");
	o += (size_t)snprintf(out + o, size - o, " cfg=%u", c->cfg.has);
	if (c->cfg.has)
		o += (size_t)snprintf(out + o, size - o, "@%u", c->cfg_line);
	o += (size_t)snprintf(out + o, size - o, " devs=");
	for (i = 0; i < c->ndevs && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s@%u", i ? "," : "",
				      (const char *)c->devs[i].spec, c->devs[i].line);
}

static void test_conffile(void)
{
	size_t i;

	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		const struct fcase *c = &file_cases[i];
		/* the text may hold a NUL: measure it from the table entry */
		size_t len = strlen(c->text);
		struct perr e = { "" };
		char got[PERR_MAX + 200];
		struct conf cf;
		FILE *f;
		bool ok;

		if (!strcmp(c->name, "nul-byte"))
			len += 1 + strlen(c->text + len + 1);
		f = fmemopen((void *)c->text, len ? len : 1, "r");
		if (!len)
			fgetc(f);	/* fmemopen cannot open size 0: consume the NUL */
		ok = conf_parse(f, "test.conf", &cf, &e);
		fclose(f);
		if (ok)
			describe_conf(&cf, got, sizeof(got));
		else
			snprintf(got, sizeof(got), "%s", e.msg);
		result(ok == c->ok && !strcmp(got, c->expect), "conffile", c->name,
		       "expected \"%s\", got \"%s\"", c->expect, got);
		conf_free(&cf);
	}
}

/* A large file: 10 000 devices parse, and a late duplicate is found. */
static void test_conffile_large(void)
{
	char *text = NULL;
	size_t len = 0;
	struct perr e = { "" };
	struct conf cf;
	FILE *f = open_memstream(&text, &len);
	bool ok;
	int i;

	for (i = 0; i < 10000; i++)
		fprintf(f, "device add d%d mac 02:00:00:%02x:%02x:%02x ip 10.%d.%d.%d\n", i,
			(i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff,
			(i >> 16) & 0xff, (i >> 8) & 0xff, (i & 0xff) + 0);
	fclose(f);
	f = fmemopen(text, len, "r");
	ok = conf_parse(f, "big", &cf, &e);
	fclose(f);
	result(ok && cf.ndevs == 10000, "conffile", "10000-devices", "%s (%zu devices)",
	       e.msg, cf.ndevs);
	conf_free(&cf);
	free(text);

	f = open_memstream(&text, &len);
	fprintf(f, "device add late ip 10.0.39.15\n");
	fclose(f);
	/* the appended line reuses d9999's address 10.0.39.15 */
	{
		char *all = NULL;
		size_t alen = 0;
		FILE *g = open_memstream(&all, &alen);
		int j;

		for (j = 0; j < 10000; j++)
			fprintf(g, "device add d%d ip 10.%d.%d.%d\n", j, (j >> 16) & 0xff,
				(j >> 8) & 0xff, j & 0xff);
		fputs(text, g);
		fclose(g);
		g = fmemopen(all, alen, "r");
		ok = conf_parse(g, "big", &cf, &e);
		fclose(g);
		result(!ok && !strcmp(e.msg, "big:10001: address 10.0.39.15 of \"late\" already belongs to \"d9999\" (line 10000)"),
		       "conffile", "10000-devices-late-duplicate", "got \"%s\"", e.msg);
		conf_free(&cf);
		free(all);
	}
	free(text);
}

int main(void)
{
	CHECK_CASES("name", name_cases, do_name);
	CHECK_CASES("mac", mac_cases, do_mac);
	CHECK_CASES("address", addr_cases, do_addr);
	CHECK_CASES("prefix", prefix_cases, do_prefix);
	CHECK_CASES("mode", mode_cases, do_mode);
	CHECK_CASES("proto", proto_cases, do_proto);
	CHECK_CASES("number", u32_cases, do_u32);
	CHECK_CASES("onoff", onoff_cases, do_onoff);
	CHECK_CASES("lan-args", lan_cases, do_lan);
	CHECK_CASES("config-args", config_cases, do_config);
	test_resolve();
	test_devspec();
	test_format_ipv4();
	test_format_roundtrip();
	test_config_roundtrip();
	test_conffile();
	test_conffile_large();
	return failures ? 1 : 0;
}
