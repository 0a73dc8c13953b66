// SPDX-License-Identifier: GPL-2.0
/* What the VM test tools share: see tool.h. */
#include "tool.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile sig_atomic_t tool_stop;

static void on_stop(int sig)
{
	(void)sig;
	tool_stop = 1;
}

void tool_catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

long tool_number(const char *prog, const char *s, long min, long max,
		 const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "%s: bad %s '%s' (%ld..%ld)\n", prog, what, s, min, max);
		exit(2);
	}
	return v;
}

double tool_seconds(const char *prog, const char *s)
{
	char *e;
	double secs = strtod(s, &e);

	if (*s == '\0' || *e || !(secs >= 0 && secs <= 86400)) {
		fprintf(stderr, "%s: bad duration '%s' (seconds, 0..86400)\n", prog, s);
		exit(2);
	}
	return secs;
}

double tool_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int tool_wait(int fd, double end)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = end - tool_now();
		int r;

		if (left <= 0 && !tool_stop)
			return 0;
		r = poll(&pfd, 1, tool_stop ? 0 : (int)(left * 1000) + 1);
		if (r > 0)
			return 1;
		if (tool_stop && r == 0)
			return 0;
	}
}

int tool_ready(const char *prog, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	fclose(f);
	return 0;
}
