// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Benchmark of the recognisers. Loads every UDP payload of the given
 * captures into memory first, so that only p2p_classify is timed, then:
 *
 *  - times passes of p2p_classify over all payloads, and the same loop
 *    with a no-op classifier, with clock_gettime on the thread's CPU
 *    clock (ns per packet, best of 5 rounds);
 *  - times the whole offline path (pcap read + decode + classify) for
 *    comparison with tools that read pcaps;
 *  - with --callgrind, runs one pass of each loop (bench_pass_classify and
 *    bench_pass_noop) for `valgrind --tool=callgrind`, whose per-function
 *    inclusive counts give instructions per packet (difference / packets).
 *
 * Prints key=value lines for tests/bench/run-classify.sh.
 */
#include "pcapread.h"
#include "pktdecode.h"
#include "p2p_classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct bench_pkt {
	struct p2p_udp u;
};

struct bench_set {
	struct bench_pkt *v;
	size_t n, cap;
	unsigned long frames;
	unsigned long matched;
};

static int load(struct bench_set *s, const char *path)
{
	struct capture_frame f;
	struct capture c;
	struct pkt p;
	int rc;

	if (capture_open(&c, path)) {
		fprintf(stderr, "bench_classify: %s\n", c.err);
		return -1;
	}
	while ((rc = capture_next(&c, &f)) == 1) {
		s->frames++;
		pkt_decode(c.dlt, f.data, f.caplen, &p);
		if (p.status != PKT_UDP)
			continue;
		if (s->n == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 1024;
			struct bench_pkt *v = realloc(s->v, cap * sizeof(*v));

			if (!v)
				abort();
			s->v = v;
			s->cap = cap;
		}
		/* A copy of its own per packet, as the module sees skb data. */
		uint8_t *copy = malloc(p.caplen ? p.caplen : 1);

		if (!copy)
			abort();
		memcpy(copy, p.payload, p.caplen);
		s->v[s->n].u = (struct p2p_udp){ .payload = copy, .len = p.caplen,
			.have = p.caplen, .sport = p.sport, .dport = p.dport,
			.dir = P2P_DIR_OUT };
		s->n++;
	}
	if (rc < 0)
		fprintf(stderr, "bench_classify: %s\n", c.err);
	capture_close(&c);
	return rc < 0 ? -1 : 0;
}

/* Same shape as p2p_classify, does nothing: the loop's own cost. */
__attribute__((noinline, noipa)) static bool noop_classify(const struct p2p_udp *u,
							   struct p2p_verdict *v)
{
	v->proto = 0;
	v->kind = 0;
	v->msg = 0;
	return u->len == 0xffffffffu;
}

__attribute__((noinline)) unsigned long bench_pass_classify(const struct bench_set *s);
__attribute__((noinline)) unsigned long bench_pass_classify(const struct bench_set *s)
{
	struct p2p_verdict v;
	unsigned long hits = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		hits += p2p_classify(&s->v[i].u, &v);
	return hits;
}

__attribute__((noinline)) unsigned long bench_pass_noop(const struct bench_set *s);
__attribute__((noinline)) unsigned long bench_pass_noop(const struct bench_set *s)
{
	struct p2p_verdict v;
	unsigned long hits = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		hits += noop_classify(&s->v[i].u, &v);
	return hits;
}

/* CPU time of this thread: time spent descheduled on a busy machine does
 * not count against the recognisers. */
static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Best of several rounds: the least disturbed by other load. */
static double time_passes(unsigned long (*pass)(const struct bench_set *),
			  const struct bench_set *s, unsigned long passes)
{
	volatile unsigned long sink = 0;
	double best = 0, t;
	unsigned long i;
	int round;

	for (round = 0; round < 5; round++) {
		t = now_ns();
		for (i = 0; i < passes; i++)
			sink += pass(s);
		t = (now_ns() - t) / ((double)passes * s->n);
		if (!round || t < best)
			best = t;
	}
	(void)sink;
	return best;
}

/* pcap read + decode + classify, per frame. */
static double time_full_path(char **files, int nfiles, unsigned long frames)
{
	struct capture_frame f;
	struct p2p_verdict v;
	struct capture c;
	struct p2p_udp u;
	struct pkt p;
	int i, rep, reps = 20;
	double t = now_ns();

	for (rep = 0; rep < reps; rep++) {
		for (i = 0; i < nfiles; i++) {
			if (capture_open(&c, files[i]))
				return -1;
			while (capture_next(&c, &f) == 1) {
				pkt_decode(c.dlt, f.data, f.caplen, &p);
				if (p.status != PKT_UDP)
					continue;
				u = (struct p2p_udp){ .payload = p.payload, .len = p.caplen,
					.have = p.caplen, .sport = p.sport, .dport = p.dport };
				p2p_classify(&u, &v);
			}
			capture_close(&c);
		}
	}
	return (now_ns() - t) / ((double)reps * frames);
}

int main(int argc, char **argv)
{
	struct bench_set s = { 0 };
	bool callgrind = false;
	unsigned long passes;
	int i, first = 1;
	double tc, tn;

	if (argc > 1 && !strcmp(argv[1], "--callgrind")) {
		callgrind = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: bench_classify [--callgrind] FILE.pcap...\n");
		return 2;
	}
	for (i = first; i < argc; i++)
		if (load(&s, argv[i]))
			return 1;
	if (!s.n) {
		fprintf(stderr, "bench_classify: no UDP packets\n");
		return 1;
	}
	s.matched = bench_pass_classify(&s);
	printf("packets=%zu\nframes=%lu\nmatched=%lu\n", s.n, s.frames, s.matched);
	if (callgrind) {
		bench_pass_noop(&s);
		return 0;
	}
	/* About 2e7 classifications per round, at least 10 passes. */
	passes = 20000000ul / s.n;
	if (passes < 10)
		passes = 10;
	tc = time_passes(bench_pass_classify, &s, passes);
	tn = time_passes(bench_pass_noop, &s, passes);
	printf("classify_ns=%.2f\nnoop_ns=%.2f\nfull_path_ns=%.1f\n", tc, tn,
	       time_full_path(argv + first, argc - first, s.frames));
	for (i = 0; (size_t)i < s.n; i++)
		free((void *)s.v[i].u.payload);
	free(s.v);
	return 0;
}
