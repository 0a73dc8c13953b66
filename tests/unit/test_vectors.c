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
 * Every handshake over P2PF_FRAG_FIRST_MIN bytes is also classified as
 * every first IP fragment a hostile sender could cut it to (have from
 * P2PF_FRAG_FIRST_MIN up, the rest zeros): each must still be that
 * protocol. Negative vectors and the packets of the BENIGN captures
 * (classic pcap or pcapng) may be claimed when cut: how many is printed,
 * and none may be claimed whole.
 *
 * Output: one "PASS: name" / "FAIL: name why" line per test.
 * Usage: test_vectors [VECTOR_DIR [BENIGN.pcap...]]
 *        (default tests/vectors)
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
#include "pcapread.h"
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

/* The first have bytes of len seen (p2p_classify.h); the rest zeros. */
static int classify_have(const unsigned char *buf, size_t len, size_t have,
			 unsigned int sport, unsigned int dport,
			 struct p2p_verdict *v)
{
	struct p2p_udp u = {
		.payload = len ? buf : NULL,
		.len = (u32)len,
		.have = (u32)have,
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

static int classify(const unsigned char *buf, size_t len, unsigned int sport,
		    unsigned int dport, struct p2p_verdict *v)
{
	return classify_have(buf, len, len, sport, dport, v);
}

/*
 * First fragments. Where nothing reassembles, the module judges a
 * fragmented datagram by its first fragment: the datagram's length, the
 * bytes the fragment holds (have, at least P2PF_FRAG_FIRST_MIN) and
 * zeros for the rest. A hostile sender picks where to cut: every cut of
 * a handshake must still be recognised as that handshake's protocol.
 * An IP fragment's payload is whole 8-byte units, and the first one
 * holds the 8-byte UDP header too: a first fragment's UDP payload is
 * 8k - 8 bytes (IPv4 and IPv6).
 */
#define FRAG_UNIT	8
#define UDP_HDR		8

static size_t frag_grid_up(size_t n)
{
	return (n + UDP_HDR + FRAG_UNIT - 1) / FRAG_UNIT * FRAG_UNIT - UDP_HDR;
}

/* The datagram as a first fragment of have bytes shows it (heap: ASan). */
static int classify_cut(const unsigned char *pkt, size_t len, size_t have,
			unsigned int sport, unsigned int dport,
			struct p2p_verdict *v)
{
	unsigned char *copy = malloc(len);
	int hit;

	if (!copy) {
		perror("malloc");
		exit(2);
	}
	memcpy(copy, pkt, have);
	memset(copy + have, 0, len - have);
	hit = classify_have(copy, len, have, sport, dport, v);
	free(copy);
	return hit;
}

/* The attack's totals, for the summary line at the end. */
static unsigned long frag_vectors, frag_cuts, frag_grid_cuts, frag_kind_changed,
	frag_failed;

/*
 * Every cut N from P2PF_FRAG_FIRST_MIN to len - 1 (every byte, a superset
 * of the cuts on the fragment grid, which are counted apart) of a packet
 * the recognisers claim as proto whole: one PASS/FAIL line per packet.
 */
static void frag_attack(const char *name, const unsigned char *pkt, size_t len,
			unsigned int sport, unsigned int dport, int proto)
{
	size_t n, first = frag_grid_up(P2PF_FRAG_FIRST_MIN), bad = 0;
	unsigned long cuts = 0, grid = 0, wrong = 0;
	unsigned int got = P2P_PROTO_NONE;
	struct p2p_verdict whole, v;
	char label[700], why[200];

	if (len <= P2PF_FRAG_FIRST_MIN)
		return;
	classify(pkt, len, sport, dport, &whole);
	for (n = P2PF_FRAG_FIRST_MIN; n < len; n++) {
		cuts++;
		if (n >= first && (n - first) % FRAG_UNIT == 0)
			grid++;
		if (!classify_cut(pkt, len, n, sport, dport, &v) ||
		    v.proto != proto) {
			if (!wrong++) {
				bad = n;
				got = v.proto;
			}
		} else if (v.kind != whole.kind) {
			frag_kind_changed++;
		}
	}
	frag_vectors++;
	frag_failed += wrong || proto == P2P_PROTO_NONE;
	frag_cuts += cuts;
	frag_grid_cuts += grid;
	snprintf(label, sizeof(label),
		 "%s first-fragment cuts (%zu bytes: %lu cuts from %d, %lu on the 8k-8 grid)",
		 name, len, cuts, P2PF_FRAG_FIRST_MIN, grid);
	snprintf(why, sizeof(why), "%lu cuts not %s, the first at have=%zu (got %s)",
		 wrong, p2p_proto_name((unsigned int)proto), bad,
		 p2p_proto_name(got));
	check(label, proto != P2P_PROTO_NONE && !wrong, why);
}

/*
 * Packets no recogniser claims whole may be claimed as a first fragment
 * (judging less, a recogniser may accept more): counted at these cuts,
 * for the report. Cut 0 is the whole packet, where none may be claimed.
 */
#define FRAG_PROBES	3
static const size_t frag_probe_have[FRAG_PROBES] = {
	P2PF_FRAG_FIRST_MIN, 548, 1232,	/* 256 is on the grid already */
};

struct frag_probe {
	unsigned long packets, whole_hits;
	unsigned long tried[FRAG_PROBES], hits[FRAG_PROBES];
};

static struct frag_probe frag_negative;

static void frag_probe(struct frag_probe *fp, const unsigned char *pkt,
		       size_t len, unsigned int sport, unsigned int dport)
{
	struct p2p_verdict v;
	size_t i;

	fp->packets++;
	if (classify(pkt, len, sport, dport, &v))
		fp->whole_hits++;
	for (i = 0; i < FRAG_PROBES; i++) {
		if (len <= frag_probe_have[i])
			continue;
		fp->tried[i]++;
		if (classify_cut(pkt, len, frag_probe_have[i], sport, dport, &v))
			fp->hits[i]++;
	}
}

/* "none of 43 whole; cut at 256: 0 of 3 claimed, ..." */
static void frag_probe_report(const char *what, const struct frag_probe *fp)
{
	char name[600];
	int n;
	size_t i;

	n = snprintf(name, sizeof(name), "%s: %lu of %lu claimed whole", what,
		     fp->whole_hits, fp->packets);
	for (i = 0; i < FRAG_PROBES && n > 0 && (size_t)n < sizeof(name); i++)
		n += snprintf(name + n, sizeof(name) - (size_t)n,
			      "%s first fragment of %zu: %lu of %lu claimed",
			      i ? "," : ";", frag_probe_have[i], fp->hits[i],
			      fp->tried[i]);
	check(name, fp->packets > 0 && !fp->whole_hits,
	      fp->packets ? "claimed as whole datagrams" : "no packets");
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
		if (vec.proto != P2P_PROTO_NONE)
			frag_attack(name, pkt, vec.len, vec.sport, vec.dport, vec.proto);
		else
			frag_probe(&frag_negative, pkt, vec.len, vec.sport, vec.dport);
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
 * A capture of benign traffic (tests/corpus/benign, 10-benign.sh): its
 * whole UDP datagrams, none claimed whole, and the cuts counted.
 */
static void run_benign_pcap(const char *path, struct frag_probe *all)
{
	struct frag_probe fp = { 0 };
	struct pcap_reader r;
	struct pcap_frame fr;
	struct udp_view uv;
	const char *base = strrchr(path, '/');
	char what[600];
	size_t i;
	int rc;

	base = base ? base + 1 : path;
	snprintf(what, sizeof(what), "benign %s", base);
	if (pcap_open(&r, path)) {
		fail(what, r.err);
		return;
	}
	while ((rc = pcap_next(&r, &fr)) == 1)
		if (udp_decode(&fr, &uv))
			frag_probe(&fp, uv.payload, uv.len, uv.sport, uv.dport);
	if (rc < 0)
		fail(what, r.err);
	pcap_close(&r);
	frag_probe_report(what, &fp);
	all->packets += fp.packets;
	all->whole_hits += fp.whole_hits;
	for (i = 0; i < FRAG_PROBES; i++) {
		all->tried[i] += fp.tried[i];
		all->hits[i] += fp.hits[i];
	}
}

/*
 * Handshakes made here for what the vectors lack over 256 bytes: each
 * ends in something that a fragment's zeros used to break (an attribute
 * walk, a trailer, the request line's version).
 */
static size_t put_attr(u8 *p, size_t off, u16 type, size_t alen, u8 fill)
{
	p[off] = (u8)(type >> 8);
	p[off + 1] = (u8)type;
	p[off + 2] = (u8)(alen >> 8);
	p[off + 3] = (u8)alen;
	memset(p + off + 4, fill, alen);
	return off + 4 + ((alen + 3) & ~(size_t)3);
}

static size_t make_stun(u8 *p, int cookie)
{
	size_t off = 20, i;

	p[0] = 0x00;
	p[1] = 0x01;	/* Binding request */
	for (i = 4; i < 20; i++)
		p[i] = (u8)(0x30 + i);
	if (cookie)
		memcpy(p + 4, "\x21\x12\xa4\x42", 4);	/* magic cookie */
	off = put_attr(p, off, 0x0003, 4, 0);		/* CHANGE-REQUEST */
	for (i = 0; i < 6; i++)				/* USERNAMEs */
		off = put_attr(p, off, 0x0006, 60, 'u');
	off = put_attr(p, off, 0x0008, 20, 0x5a);	/* MESSAGE-INTEGRITY */
	off = put_attr(p, off, 0x8022, 16, 's');	/* SOFTWARE */
	p[2] = (u8)((off - 20) >> 8);
	p[3] = (u8)(off - 20);
	return off;
}

static size_t make_tuya(u8 *p, int v35)
{
	size_t hdr = v35 ? 18 : 16, body = 420, len = hdr + body + (v35 ? 4 : 0);

	memset(p, 0, len);
	memcpy(p, v35 ? "\x00\x00\x66\x99" : "\x00\x00\x55\xaa", 4);
	p[hdr - 5] = 0x13;			/* cmd UDP_NEW, big-endian */
	p[hdr - 2] = (u8)(body >> 8);	/* 55AA: suffix in; 6699: out */
	p[hdr - 1] = (u8)body;
	memset(p + hdr, 0xa7, body - 4);	/* encrypted JSON, CRC... */
	memcpy(p + len - 4, v35 ? "\x00\x00\x99\x66" : "\x00\x00\xaa\x55", 4);
	return len;
}

static size_t make_dahua_text(u8 *p, int unused)
{
	static const char tail[] = "/p2p-channel HTTP/1.1\r\nCSeq: 1\r\n"
		"Authorization: WSSE profile=\"UsernameToken\"\r\n"
		"X-WSSE: UsernameToken Username=\"P2PClient\", "
		"PasswordDigest=\"aGVsbG8gd29ybGQgaGVsbG8=\"\r\n"
		"Content-Length: 0\r\n\r\n";
	size_t n;

	(void)unused;
	/* A path that ends at byte 252: " HTTP/1." runs past byte 256. */
	memcpy(p, "DHPOST /device/", 15);
	n = 253 - 15 - 12;
	memset(p + 15, 'A', n);
	memcpy(p + 15 + n, tail, sizeof(tail) - 1);
	return 15 + n + sizeof(tail) - 1;
}

/* RFC 5389 STUN with every byte inverted, as Dahua sends it. */
static size_t make_inverted_stun(u8 *p, int unused)
{
	size_t len = make_stun(p, 1), i;

	(void)unused;
	for (i = 0; i < len; i++)
		p[i] = (u8)~p[i];
	return len;
}

static const struct {
	const char *name;
	size_t (*make)(u8 *p, int variant);
	int variant;
	u16 sport, dport;
	u8 proto;
} frag_synthetic[] = {
	{ "stun-classic-binding", make_stun, 0, 40000, 3478, P2P_PROTO_STUN },
	{ "stun-rfc5389-binding", make_stun, 1, 40000, 3478, P2P_PROTO_STUN },
	{ "dahua-inverted-stun", make_inverted_stun, 0, 40000, 3478, P2P_PROTO_DAHUA },
	{ "tuya-55aa", make_tuya, 0, 49154, 6667, P2P_PROTO_TUYA },
	{ "tuya-6699", make_tuya, 1, 49154, 7000, P2P_PROTO_TUYA },
	{ "dahua-long-path", make_dahua_text, 0, 40000, 8800, P2P_PROTO_DAHUA },
};

static void test_frag_synthetic(void)
{
	static u8 p[1600];
	char name[64];
	size_t i, len;

	for (i = 0; i < sizeof(frag_synthetic) / sizeof(frag_synthetic[0]); i++) {
		len = frag_synthetic[i].make(p, frag_synthetic[i].variant);
		snprintf(name, sizeof(name), "frag-synthetic %s", frag_synthetic[i].name);
		frag_attack(name, p, len, frag_synthetic[i].sport,
			    frag_synthetic[i].dport, frag_synthetic[i].proto);
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
	struct frag_probe benign = { 0 };
	char why[96], name[300];
	int i;

	if (argc > 1 && argv[1][0] == '-') {
		fprintf(stderr, "usage: %s [VECTOR_DIR [BENIGN.pcap...]]\n", argv[0]);
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
	test_frag_synthetic();
	snprintf(name, sizeof(name),
		 "first-fragment attack: %lu handshakes over %d bytes, %lu cuts (%lu on the 8k-8 grid), each to be the whole packet's protocol (%lu cuts gave another kind)",
		 frag_vectors, P2PF_FRAG_FIRST_MIN, frag_cuts, frag_grid_cuts,
		 frag_kind_changed);
	snprintf(why, sizeof(why), "%lu of them not recognised at some cut",
		 frag_failed);
	check(name, frag_vectors > 0 && !frag_failed,
	      frag_vectors ? why : "no handshake over the minimum");
	frag_probe_report("first-fragment cuts of the negative vectors", &frag_negative);
	for (i = 2; i < argc; i++)
		run_benign_pcap(argv[i], &benign);
	if (argc > 2)
		frag_probe_report("first-fragment cuts of the benign captures, all",
				  &benign);
	snprintf(why, sizeof(why), "%lu of %lu calls disagree", dispatch_mismatches,
		 dispatch_calls);
	check("first-byte dispatch gives the plain chain's verdict (vectors, their prefixes, every first byte)",
	      dispatch_calls > 0 && !dispatch_mismatches, why);
	return failures ? 1 : 0;
}
