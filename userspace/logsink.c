// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Records for the system log (see logsink.h).
 *
 * Why not sd_journal_send() or syslog(3): the journal's native protocol is
 * a stable, documented datagram format ("Native Journal Protocol": one
 * datagram per entry, FIELD=value lines, a length-prefixed form for
 * values holding a newline) that takes a page of code, where libsystemd
 * would be a new build and run-time dependency of a tool that runs on
 * routers without systemd too. syslog(3) would do for the plain line,
 * but it hides send errors, and glibc's format (RFC 3164 with the
 * identifier and pid) is what we write here ourselves.
 *
 * The syslog line is RFC 3164 ("<PRI>Mmm dd hh:mm:ss TAG[PID]: MSG"),
 * the format every reader of /dev/log accepts (journald, rsyslog,
 * syslog-ng, busybox syslogd); RFC 5424 is not parsed by all of them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "logsink.h"

/* A record never needs more: fields are names, addresses and numbers. */
#define LOGSINK_MAX	4096

static int logsink_connect(struct logsink *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (s->fd >= 0)
		close(s->fd);
	s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->path);
	if (connect(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = errno;

		close(s->fd);
		s->fd = -1;
		errno = err;
		return -1;
	}
	return 0;
}

int logsink_open(struct logsink *s, enum logsink_kind kind)
{
	s->kind = kind;
	s->path = kind == LOGSINK_JOURNAL ? LOGSINK_JOURNAL_PATH : LOGSINK_SYSLOG_PATH;
	s->fd = -1;
	if (logsink_connect(s) < 0) {
		cli_err("cannot reach the %s at %s: %s",
			kind == LOGSINK_JOURNAL ? "journal" : "syslog daemon",
			s->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* FIELD=value\n, or for a value with a newline FIELD\n<le64 size>value\n. */
static size_t journal_field(char *buf, size_t o, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	int i;

	if (o + nl + vl + 10 > LOGSINK_MAX)
		return o;	/* dropped, never cut: a cut value would mislead */
	memcpy(buf + o, name, nl);
	o += nl;
	if (!strchr(value, '\n')) {
		buf[o++] = '=';
	} else {
		buf[o++] = '\n';
		for (i = 0; i < 8; i++)	/* little endian, whatever the host */
			buf[o++] = (char)((uint64_t)vl >> (8 * i));
	}
	memcpy(buf + o, value, vl);
	o += vl;
	buf[o++] = '\n';
	return o;
}

static size_t format_journal(char *buf, int priority, const char *msg,
			     const struct logfield *fields, size_t n)
{
	char pri[4];
	size_t o = 0, i;

	snprintf(pri, sizeof(pri), "%d", priority & 7);
	o = journal_field(buf, o, "MESSAGE", msg);
	o = journal_field(buf, o, "PRIORITY", pri);
	o = journal_field(buf, o, "SYSLOG_FACILITY", "3");	/* daemon */
	o = journal_field(buf, o, "SYSLOG_IDENTIFIER", CLI_PROG);
	for (i = 0; i < n; i++)
		if (fields[i].value)
			o = journal_field(buf, o, fields[i].name, fields[i].value);
	return o;
}

static size_t format_syslog(char *buf, int priority, const char *msg)
{
	time_t now = time(NULL);
	char when[32];
	struct tm tm;
	int n;

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M:%S", &tm);
	n = snprintf(buf, LOGSINK_MAX, "<%d>%s %s[%ld]: %s", LOG_DAEMON | (priority & 7),
		     when, CLI_PROG, (long)getpid(), msg);
	return n < 0 ? 0 : (size_t)n < LOGSINK_MAX ? (size_t)n : LOGSINK_MAX - 1;
}

int logsink_send(struct logsink *s, int priority, const char *msg,
		 const struct logfield *fields, size_t n)
{
	char buf[LOGSINK_MAX];
	size_t len;
	int tries;

	len = s->kind == LOGSINK_JOURNAL ? format_journal(buf, priority, msg, fields, n) :
					   format_syslog(buf, priority, msg);
	for (tries = 0; tries < 2; tries++) {
		if (s->fd >= 0 && send(s->fd, buf, len, MSG_NOSIGNAL) == (ssize_t)len)
			return 0;
		/* the daemon restarted (a new socket at the same path): once more */
		if (s->fd >= 0 && errno != ECONNREFUSED && errno != ENOTCONN)
			return -1;
		if (logsink_connect(s) < 0)
			return -1;
	}
	return -1;
}

void logsink_close(struct logsink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
