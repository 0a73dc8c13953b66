// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Runs the recognisers over every .vec file in tests/vectors/, plus the
 * self-tests of the PPPP and TUTK de-obfuscation.
 *
 * Vector file format, one packet per line:
 *
 *   PROTO KIND SPORT DPORT HEXPAYLOAD   # optional comment
 *
 * PROTO and KIND are the names from classify/names.c ("pppp", "register",
 * ...), or "none none" for a packet no recogniser may claim. SPORT and
 * DPORT are decimal UDP ports. HEXPAYLOAD is one token of hex digits
 * (upper or lower case, no spaces), or "." for an empty payload. Blank
 * lines and lines whose first non-blank character is '#' are ignored.
 * Every vector is classified with dir = P2P_DIR_OUT. A malformed line is
 * a failure reported as file:line.
 *
 * Every prefix of every vector is also classified from a heap copy of
 * exactly that many bytes, so that under ASan any read past the end of a
 * packet aborts the run.
 *
 * Output: one "PASS: name" / "FAIL: name why" line per test.
 * Usage: test_vectors [VECTOR_DIR]   (default tests/vectors)
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_chain.h"
#include "p2p_classify.h"
#include "pppp.h"
#include "tutk.h"

#define MAX_PAYLOAD 65535

static int failures;

static void pass(const char *name)
{
	printf("PASS: %s\n", name);
}

static void fail(const char *name, const char *why)
{
	printf("FAIL: %s %s\n", name, why);
	failures++;
}

static void check(const char *name, int ok, const char *why)
{
	if (ok)
		pass(name);
	else
		fail(name, why);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes hex into out; returns the byte count or -1. */
static long parse_hex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s), i;

	if (!strcmp(s, "."))
		return 0;
	if (n == 0 || n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

static void hex_to_bytes(const char *s, unsigned char *out)
{
	if (parse_hex(s, out, strlen(s) / 2) < 0)
		abort();	/* the self-tests only pass valid literals */
}

static int parse_port(const char *s, unsigned int *port)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 65535)
		return -1;
	*port = (unsigned int)v;
	return 0;
}

static int kind_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < P2P_KIND_COUNT; i++)
		if (!strcmp(p2p_kind_name(i), name))
			return (int)i;
	return -1;
}

static int proto_by_name(const char *name)
{
	if (!strcmp(name, "none"))
		return P2P_PROTO_NONE;
	return p2p_proto_by_name(name);
}

/* p2p_classify() calls, and those where the plain chain disagreed. */
static unsigned long dispatch_calls, dispatch_mismatches;

static int classify(const unsigned char *buf, size_t len, unsigned int sport,
		    unsigned int dport, struct p2p_verdict *v)
{
	struct p2p_udp u = {
		.payload = len ? buf : NULL,
		.len = (u32)len,
		.have = (u32)len,
		.sport = (u16)sport,
		.dport = (u16)dport,
		.dir = P2P_DIR_OUT,
	};

	struct p2p_verdict ref;
	bool hit = p2p_classify(&u, v);

	dispatch_calls++;
	if (p2p_classify_chain(&u, &ref) != hit || ref.proto != v->proto ||
	    ref.kind != v->kind || ref.msg != v->msg)
		dispatch_mismatches++;
	return hit;
}

/*
 * Every vector with each of the 256 first bytes: the dispatch must agree
 * with the chain where it skips matchers (the counts go to the check at
 * the end of main).
 */
static void sweep_first_bytes(const unsigned char *pkt, size_t len,
			      unsigned int sport, unsigned int dport)
{
	struct p2p_verdict v;
	unsigned char *copy;
	unsigned int b;

	if (!len)
		return;
	copy = malloc(len);
	if (!copy) {
		perror("malloc");
		exit(2);
	}
	memcpy(copy, pkt, len);
	for (b = 0; b < 256; b++) {
		copy[0] = (unsigned char)b;
		classify(copy, len, sport, dport, &v);
	}
	free(copy);
}

/* Classifies every prefix from an exact-size heap copy (ASan bounds). */
static unsigned long classify_prefixes(const unsigned char *pkt, size_t len,
				       unsigned int sport, unsigned int dport)
{
	struct p2p_verdict v;
	size_t n;

	for (n = 0; n <= len; n++) {
		unsigned char *copy = n ? malloc(n) : NULL;

		if (n && !copy) {
			perror("malloc");
			exit(2);
		}
		if (n)
			memcpy(copy, pkt, n);
		classify(copy, n, sport, dport, &v);
		free(copy);
	}
	return (unsigned long)len + 1;
}

/* Splits a line into up to max tokens, stopping at a '#' comment. */
static int tokenize(char *line, char **tok, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

struct vec {
	int proto;
	int kind;
	unsigned int sport;
	unsigned int dport;
	size_t len;
};

/*
 * Parses one line (modified in place) into *v and pkt. Returns 1 for a
 * vector, 0 for a blank or comment line, -1 for a malformed line with
 * *why saying what is wrong.
 */
static int parse_vec_line(char *line, struct vec *v, unsigned char *pkt,
			  size_t cap, const char **why)
{
	char *tok[6];
	int ntok = tokenize(line, tok, 5);
	long len;

	if (ntok == 0)
		return 0;
	*why = "malformed: want PROTO KIND SPORT DPORT HEX";
	if (ntok != 5)
		return -1;
	v->proto = proto_by_name(tok[0]);
	v->kind = kind_by_name(tok[1]);
	*why = "malformed: bad PROTO";
	if (v->proto < 0)
		return -1;
	*why = "malformed: bad KIND";
	if (v->kind < 0)
		return -1;
	*why = "malformed: PROTO and KIND must both be none or neither";
	if ((v->proto == P2P_PROTO_NONE) != (v->kind == P2P_KIND_NONE))
		return -1;
	*why = "malformed: bad port";
	if (parse_port(tok[2], &v->sport) || parse_port(tok[3], &v->dport))
		return -1;
	*why = "malformed: bad HEXPAYLOAD";
	len = parse_hex(tok[4], pkt, cap);
	if (len < 0)
		return -1;
	v->len = (size_t)len;
	return 1;
}

static void run_file(const char *dir, const char *file)
{
	static unsigned char pkt[MAX_PAYLOAD];
	char path[4096], line[2 * MAX_PAYLOAD + 512], name[600], why[600];
	unsigned long lineno = 0, vectors = 0, prefixes = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
		fail(file, why);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct p2p_verdict v;
		const char *bad;
		struct vec vec;
		int r, matched;

		lineno++;
		snprintf(name, sizeof(name), "%s:%lu", file, lineno);
		if (!strchr(line, '\n') && !feof(f)) {
			fail(name, "malformed: line too long");
			while (fgets(line, sizeof(line), f) && !strchr(line, '\n'))
				;
			continue;
		}
		r = parse_vec_line(line, &vec, pkt, sizeof(pkt), &bad);
		if (r == 0)
			continue;
		if (r < 0) {
			fail(name, bad);
			continue;
		}
		vectors++;
		matched = classify(pkt, vec.len, vec.sport, vec.dport, &v);
		if ((vec.proto == P2P_PROTO_NONE && !matched && v.proto == P2P_PROTO_NONE) ||
		    (matched && v.proto == vec.proto && v.kind == vec.kind)) {
			pass(name);
		} else {
			snprintf(why, sizeof(why), "expected %s/%s got %s/%s",
				 p2p_proto_name((unsigned int)vec.proto),
				 p2p_kind_name((unsigned int)vec.kind),
				 p2p_proto_name(v.proto), p2p_kind_name(v.kind));
			fail(name, why);
		}
		prefixes += classify_prefixes(pkt, vec.len, vec.sport, vec.dport);
		sweep_first_bytes(pkt, vec.len, vec.sport, vec.dport);
	}
	if (ferror(f))
		fail(file, "read error");
	fclose(f);
	snprintf(name, sizeof(name), "%s truncations (%lu prefixes of %lu vectors, exact-size heap copies)",
		 file, prefixes, vectors);
	check(name, vectors > 0, "no vectors in file");
}

/* The parser must reject what the format does not allow. */
static void test_vec_parser(void)
{
	static const struct { const char *line; int want; } cases[] = {
		{ "pppp punch 1 2 f1000000", 1 },
		{ "  pppp punch 1 2 F1000000   # comment", 1 },
		{ "none none 0 65535 .", 1 },
		{ "# a comment", 0 },
		{ "   \t \r\n", 0 },
		{ "pppp punch 1 2", -1 },
		{ "pppp punch 1 2 f1000000 extra", -1 },
		{ "bogus punch 1 2 f1000000", -1 },
		{ "pppp bogus 1 2 f1000000", -1 },
		{ "none punch 1 2 f1000000", -1 },
		{ "pppp none 1 2 f1000000", -1 },
		{ "pppp punch 65536 2 f1000000", -1 },
		{ "pppp punch -1 2 f1000000", -1 },
		{ "pppp punch 1 0x2 f1000000", -1 },
		{ "pppp punch 1 2 f10", -1 },
		{ "pppp punch 1 2 f1zz", -1 },
		{ "pppp punch 1 2 f1 00", -1 },
	};
	unsigned char pkt[8];
	char buf[64], name[96];
	const char *why;
	struct vec v;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got;

		snprintf(buf, sizeof(buf), "%s", cases[i].line);
		got = parse_vec_line(buf, &v, pkt, sizeof(pkt), &why);
		snprintf(name, sizeof(name), "vec-parser-%zu %s", i,
			 cases[i].want < 0 ? "rejects" : "accepts");
		check(name, got == cases[i].want, cases[i].line);
	}
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_vector_dir(const char *dir)
{
	char *names[256];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d) {
		fail("vector-dir", strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l > 4 && !strcmp(de->d_name + l - 4, ".vec") && n < 256)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	check("vector-files-found", n > 0, "no *.vec files");
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		run_file(dir, names[i]);
		free(names[i]);
	}
}

/*
 * Second, independent implementations of the two obfuscations, written
 * from the public descriptions and used only to build test packets.
 */

/* CS2 PPPP: the key is reduced to four bytes, keystream chains on c[i-1]. */
static void cs2_key4(const char *key, u8 k[4])
{
	unsigned int sum = 0, third = 0, x = 0;

	for (; *key; key++) {
		sum += (u8)*key;
		third += (u8)*key / 3;
		x ^= (u8)*key;
	}
	k[0] = (u8)sum;
	k[1] = (u8)(0u - sum);
	k[2] = (u8)third;
	k[3] = (u8)x;
}

static void cs2_crypt(const char *key, const u8 *in, u8 *out, size_t n, int decrypt)
{
	u8 k[4], prev = 0;
	size_t i;

	cs2_key4(key, k);
	for (i = 0; i < n; i++) {
		u8 c = in[i];

		out[i] = c ^ p2p_pppp_table[(k[prev % 4] + prev) % 256];
		prev = decrypt ? c : out[i];
	}
}

/* TUTK forward scramble of one 16-byte block. */
static const char charlie[] = "Charlie is the designer of P2P!!";
static const int charlie_swap[16] = {
	11, 9, 8, 15, 13, 10, 12, 14, 2, 1, 5, 0, 6, 4, 7, 3,
};

static u32 ror(u32 x, int n)
{
	return x >> n | x << (32 - n);
}

static void tutk_scramble(const u8 *in, u8 *out)
{
	u8 a[16], b[16];
	int i, j;

	for (i = 0; i < 4; i++) {
		u32 w = ror(p2p_le32(in + 4 * i), 4 * i + 1);

		for (j = 0; j < 4; j++)
			a[4 * i + j] = (u8)(w >> (8 * j)) ^ (u8)charlie[4 * i + j];
	}
	for (i = 0; i < 16; i++)
		b[i] = a[charlie_swap[i]];
	for (i = 0; i < 4; i++) {
		u32 w = ror(p2p_le32(b + 4 * i), 4 * i + 3);

		for (j = 0; j < 4; j++)
			out[4 * i + j] = (u8)(w >> (8 * j));
	}
}

/* Scrambles a whole packet the way go2rtc's client sends it. */
static void tutk_scramble_packet(const u8 *in, u8 *out, size_t n)
{
	size_t off;

	for (off = 0; off + 16 <= n; off += 16)
		tutk_scramble(in + off, out + off);
	for (; off < n; off++)
		out[off] = in[off] ^ (u8)charlie[off % 16];
}

static u32 rng_state = 0x2545f491;

static u8 rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (u8)(rng_state >> 16);
}

static void test_tutk(void)
{
	static const char *known = "6e2e8d8c40d040ca2d6d280c40e4cad8";
	u8 zero[16] = { 0 }, in[16], out[16], back[16];
	int i, ok = 1;

	hex_to_bytes(known, in);
	tutk_scramble(zero, out);
	check("tutk-known-vector-scramble", !memcmp(out, in, 16),
	      "scramble(16 zero bytes) != published 6e2e8d8c...");
	p2p_tutk_unscramble(in, out);
	check("tutk-known-vector-unscramble", !memcmp(out, zero, 16),
	      "recogniser's unscramble(6e2e8d8c...) != 16 zero bytes");
	for (i = 0; i < 2000 && ok; i++) {
		int j;

		for (j = 0; j < 16; j++)
			in[j] = rnd();
		tutk_scramble(in, out);
		p2p_tutk_unscramble(out, back);
		ok = !memcmp(in, back, 16);
	}
	check("tutk-roundtrip-2000-blocks", ok, "unscramble(scramble(x)) != x");
}

/* p2p_maybe_tutk()'s wire bits say "plain magic 04 02", no more, no less. */
static void test_tutk_magic_bits(void)
{
	u8 plain[16], wire[16], back[16];
	struct p2p_udp u = {
		.payload = wire, .len = sizeof(wire), .have = sizeof(wire),
	};
	int i, j, bit, ok = 1;

	for (i = 0; i < 20000 && ok; i++) {
		for (j = 0; j < 16; j++)
			wire[j] = rnd();
		if (i % 2) {	/* half of them with the magic, then off by a bit */
			p2p_tutk_unscramble(wire, plain);
			plain[0] = 0x04;
			plain[1] = 0x02;
			bit = i % 34 - 1;	/* -1: unchanged */
			if (bit >= 0 && bit < 16)
				plain[bit / 8] ^= (u8)(1 << (bit % 8));
			tutk_scramble(plain, wire);
		}
		p2p_tutk_unscramble(wire, back);
		ok = p2p_maybe_tutk(&u) == (back[0] == 0x04 && back[1] == 0x02);
	}
	check("tutk-magic-wire-bits", ok,
	      "p2p_maybe_tutk() disagrees with unscramble() on the magic");
}

struct tutk_case {
	u16 cmd;
	u8 kind;
};

static void test_tutk_packets(void)
{
	static const struct tutk_case cases[] = {
		{ 0x0601, P2P_KIND_LAN_SEARCH }, { 0x0602, P2P_KIND_LAN_SEARCH },
		{ 0x0203, P2P_KIND_LOOKUP }, { 0x0301, P2P_KIND_LOOKUP },
		{ 0x1007, P2P_KIND_PUNCH }, { 0x0402, P2P_KIND_PUNCH },
		{ 0x0407, P2P_KIND_SESSION }, { 0x0428, P2P_KIND_KEEPALIVE },
	};
	u8 plain[200], wire[200];
	struct p2p_verdict v;
	char name[80], why[120];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = 16 + (size_t)(rnd() % 150), j;
		int ok;

		for (j = 0; j < len; j++)
			plain[j] = rnd();
		plain[0] = 0x04;
		plain[1] = 0x02;
		plain[4] = (u8)(len - 16);
		plain[5] = 0;
		plain[8] = (u8)cases[i].cmd;
		plain[9] = (u8)(cases[i].cmd >> 8);
		tutk_scramble_packet(plain, wire, len);
		ok = classify(wire, len, 40000, 32761, &v) &&
		     v.proto == P2P_PROTO_TUTK && v.kind == cases[i].kind &&
		     v.msg == cases[i].cmd;
		snprintf(name, sizeof(name), "tutk-scrambled-cmd-%04x-len-%zu",
			 cases[i].cmd, len);
		snprintf(why, sizeof(why), "got %s/%s msg %04x",
			 p2p_proto_name(v.proto), p2p_kind_name(v.kind), v.msg);
		check(name, ok, why);
		/* The same packet one byte longer has the wrong length. */
		wire[len] = 0;
		snprintf(name, sizeof(name), "tutk-wrong-length-cmd-%04x", cases[i].cmd);
		check(name, !classify(wire, len + 1, 40000, 32761, &v) ||
		      v.proto != P2P_PROTO_TUTK, "matched with a wrong length");
		/* Unscrambled, the same header must not match either. */
		snprintf(name, sizeof(name), "tutk-plain-header-ignored-%04x", cases[i].cmd);
		check(name, !classify(plain, len, 40000, 32761, &v) ||
		      v.proto != P2P_PROTO_TUTK, "plain 04 02 header matched");
	}
}

/* Key strings of the embedded table, in the same order (pppp_keys.c). */
static const char *const cs2_keys[] = {
	"vstarcam2019", "vstarcam2018", "vstarcam2021", "camera", "SHIX",
	"aqarager19kn", "aqarakr19kn", "SSD@cs2-network.", "@@@@....", "VMSV",
	"FERRY@88", "mycamera", "Deng123abc", "Duncom", "JX20130716",
	"hyWHzyhtzH", "JYDGAOZHANP2P", "SZGMBESTER",
};

static void test_cs2_tables(void)
{
	unsigned int i, ok = 1, perm[256] = { 0 };
	u8 k[4];

	for (i = 0; i < 256; i++)
		perm[p2p_pppp_table[i]]++;
	for (i = 0; i < 256; i++)
		ok &= perm[i] == 1;
	check("cs2-table-is-permutation", ok, "table has repeated bytes");
	check("cs2-key-count", P2P_PPPP_NKEYS == sizeof(cs2_keys) / sizeof(cs2_keys[0]),
	      "embedded key table and key strings differ in length");
	for (i = 0; i < P2P_PPPP_NKEYS && i < sizeof(cs2_keys) / sizeof(cs2_keys[0]); i++) {
		char name[80];

		cs2_key4(cs2_keys[i], k);
		snprintf(name, sizeof(name), "cs2-key4-%s", cs2_keys[i]);
		check(name, !memcmp(k, p2p_pppp_keys[i].key4, 4) &&
		      p2p_pppp_keys[i].first == (0xf1 ^ p2p_pppp_table[k[0]]),
		      "embedded key4/first byte differ from the key string");
	}
	ok = 1;
	for (i = 0; i < 256; i++) {
		unsigned int want = 0, j;

		for (j = 0; j < P2P_PPPP_NKEYS; j++)
			if (p2p_pppp_keys[j].first == i)
				want |= 1u << j;
		ok &= p2p_pppp_keys_by_first[i] == want;
	}
	check("cs2-keys-by-first-byte-index", ok,
	      "p2p_pppp_keys_by_first[] disagrees with p2p_pppp_keys[].first");
	ok = 1;
	for (i = 0; i < 256; i++)
		ok &= !!(p2p_first_byte_families[i] & P2P_MAY_PPPP) ==
		      (i == P2P_PPPP_MAGIC || p2p_pppp_keys_by_first[i]);
	check("cs2-first-byte-dispatch", ok,
	      "p2p_first_byte_families[] misses or adds a PPPP first byte");
}

/* Published vectors for the library key "SSD@cs2-network.". */
static void test_cs2_published(void)
{
	static const struct { const char *plain_hex, *wire_hex; } vec[] = {
		{ "666f6f", "262976" },			/* "foo" */
		{ "68656c6c6f", "28d2aa5b5e" },		/* "hello" */
		{ "000102", "4074e6" },
		{ "ffffffff", "bf6920d1" },
	};
	u8 plain[8], wire[8], out[8];
	char name[80];
	size_t i;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		size_t n = strlen(vec[i].plain_hex) / 2;

		hex_to_bytes(vec[i].plain_hex, plain);
		hex_to_bytes(vec[i].wire_hex, wire);
		cs2_crypt("SSD@cs2-network.", plain, out, n, 0);
		snprintf(name, sizeof(name), "cs2-published-vector-%s", vec[i].wire_hex);
		check(name, !memcmp(out, wire, n), "encryption differs from the published bytes");
	}
}

static void test_cs2_captures(void)
{
	/* Aqara-LANLink test oracle: a real captured PUNCH_PKT. */
	static const char *wire_hex = "ed1590f366335c1390a313d122d7a89cfbc36e25b8a356bf";
	static const char *plain_hex = "f1410014415141524144450000057c1f5a5558444c000000";
	u8 wire[24], plain[24], out[24], k[4];
	struct p2p_verdict v;
	int ok = 1;
	u32 i;

	hex_to_bytes(wire_hex, wire);
	hex_to_bytes(plain_hex, plain);
	cs2_crypt("aqarager19kn", wire, out, 24, 1);
	check("cs2-aqara-capture-decrypts", !memcmp(out, plain, 24),
	      "real capture does not decrypt to F1 41 00 14 + DID");
	cs2_key4("aqarager19kn", k);
	for (i = 0; i < 24; i++)
		ok &= p2p_pppp_plain(wire, i, k) == plain[i];
	check("cs2-recogniser-byte-access-matches", ok, "p2p_pppp_plain() differs");
	check("cs2-aqara-capture-classified",
	      classify(wire, 24, 50000, 32108, &v) && v.proto == P2P_PROTO_PPPP &&
	      v.kind == P2P_KIND_PUNCH, "not pppp/punch");
	/* eye4-rtsp-proxy's PROTOCOL.md shows LAN_SEARCH as ?? 3B 43 22 and
	 * its code names E4 as the vstarcam2019 magic.
	 */
	hex_to_bytes("f1300000", plain);
	cs2_crypt("vstarcam2019", plain, out, 4, 0);
	check("cs2-vstarcam2019-lan-search", !memcmp(out, "\xe4\x3b\x43\x22", 4),
	      "F1 30 00 00 does not encrypt to E4 3B 43 22");
}

struct cs2_case {
	u8 type;
	u8 body;	/* body length used (DID-carrying types need 20+) */
	u8 kind;
};

static void test_cs2_roundtrip(void)
{
	static const struct cs2_case cases[] = {
		{ 0x00, 0, P2P_KIND_PUNCH }, { 0x10, 40, P2P_KIND_REGISTER },
		{ 0x12, 44, P2P_KIND_REGISTER }, { 0x20, 36, P2P_KIND_LOOKUP },
		{ 0x30, 0, P2P_KIND_LAN_SEARCH }, { 0x41, 20, P2P_KIND_PUNCH },
		{ 0x67, 20, P2P_KIND_LOOKUP }, { 0x80, 40, P2P_KIND_RELAY },
		{ 0xd0, 64, P2P_KIND_SESSION }, { 0xe0, 0, P2P_KIND_KEEPALIVE },
		{ 0xf0, 0, P2P_KIND_CLOSE },
	};
	u8 plain[128], wire[128], back[128];
	struct p2p_verdict v;
	char name[96], why[96];
	size_t k, c;

	for (k = 0; k < sizeof(cs2_keys) / sizeof(cs2_keys[0]); k++) {
		int ok_rt = 1, ok_cls = 1, ok_neg = 1;

		for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			size_t n = 4u + cases[c].body, j;

			for (j = 4; j < n; j++)
				plain[j] = (u8)('A' + rnd() % 26);
			plain[0] = 0xf1;
			plain[1] = cases[c].type;
			plain[2] = 0;
			plain[3] = cases[c].body;
			if (cases[c].type == 0xd0)
				plain[4] = 0xd1;
			cs2_crypt(cs2_keys[k], plain, wire, n, 0);
			cs2_crypt(cs2_keys[k], wire, back, n, 1);
			ok_rt &= !memcmp(plain, back, n);
			if (!classify(wire, n, 40000, 32100, &v) ||
			    v.proto != P2P_PROTO_PPPP || v.kind != cases[c].kind) {
				ok_cls = 0;
				snprintf(why, sizeof(why), "type %02x got %s/%s", cases[c].type,
					 p2p_proto_name(v.proto), p2p_kind_name(v.kind));
			}
			/* A wrong length field must not match. */
			plain[3] = (u8)(cases[c].body + 1);
			cs2_crypt(cs2_keys[k], plain, wire, n, 0);
			if (classify(wire, n, 40000, 32100, &v) && v.proto == P2P_PROTO_PPPP)
				ok_neg = 0;
		}
		snprintf(name, sizeof(name), "cs2-roundtrip-%s", cs2_keys[k]);
		check(name, ok_rt, "decrypt(encrypt(x)) != x");
		snprintf(name, sizeof(name), "cs2-classify-encrypted-%s", cs2_keys[k]);
		check(name, ok_cls, why);
		snprintf(name, sizeof(name), "cs2-encrypted-wrong-length-%s", cs2_keys[k]);
		check(name, ok_neg, "matched with a wrong length field");
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/vectors";
	char why[96];

	if (argc > 2) {
		fprintf(stderr, "usage: %s [VECTOR_DIR]\n", argv[0]);
		return 2;
	}
	test_vec_parser();
	test_tutk();
	test_tutk_magic_bits();
	test_tutk_packets();
	test_cs2_tables();
	test_cs2_published();
	test_cs2_captures();
	test_cs2_roundtrip();
	run_vector_dir(dir);
	snprintf(why, sizeof(why), "%lu of %lu calls disagree", dispatch_mismatches,
		 dispatch_calls);
	check("first-byte dispatch gives the plain chain's verdict (vectors, their prefixes, every first byte)",
	      dispatch_calls > 0 && !dispatch_mismatches, why);
	return failures ? 1 : 0;
}
