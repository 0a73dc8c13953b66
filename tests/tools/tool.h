/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VM test tools share (tool.c): argument checks that exit 2
 * with "PROG: bad ..." on stderr, the monotonic clock, the ready file a
 * test waits for, SIGTERM/SIGINT as "stop", and the wait of a receive
 * loop that runs until a time or a stop.
 */
#ifndef TOOL_H
#define TOOL_H

#include <signal.h>

/* Set by SIGTERM or SIGINT once tool_catch_stop() has run. */
extern volatile sig_atomic_t tool_stop;
void tool_catch_stop(void);

/* S as a decimal MIN..MAX, else "PROG: bad WHAT 'S' (MIN..MAX)", exit 2. */
long tool_number(const char *prog, const char *s, long min, long max,
		 const char *what);
/* S as seconds 0..86400, else "PROG: bad duration 'S' (...)", exit 2. */
double tool_seconds(const char *prog, const char *s);
/* CLOCK_MONOTONIC, in seconds. */
double tool_now(void);
/*
 * Waits until FD is readable (1), or until the loop reading it should end
 * (0): the time END (of tool_now()) has come, or a stop was asked and
 * nothing more is queued (what had arrived is still read).
 */
int tool_wait(int fd, double end);
/* Creates the empty file PATH (the caller is ready); -1 with a message. */
int tool_ready(const char *prog, const char *path);

#endif
