/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Writing records to the system log without a library: the journal's
 * native protocol (structured fields) or a syslog line (RFC 3164), each
 * one datagram on the local socket. See logsink.c for the choice.
 */
#ifndef P2PFENCE_LOGSINK_H
#define P2PFENCE_LOGSINK_H

#include <stddef.h>

enum logsink_kind { LOGSINK_JOURNAL, LOGSINK_SYSLOG };

/* The sockets systemd-journald and syslog daemons listen on. */
#define LOGSINK_JOURNAL_PATH	"/run/systemd/journal/socket"
#define LOGSINK_SYSLOG_PATH	"/dev/log"

struct logsink {
	enum logsink_kind kind;
	const char *path;
	int fd;
};

/* A structured field: NAME (A-Z, 0-9, _) and its value. */
struct logfield {
	const char *name;
	const char *value;
};

/* 0, or -1 with the reason printed (cli_err) and errno set. */
int logsink_open(struct logsink *s, enum logsink_kind kind);
/*
 * One record: @msg at syslog @priority (LOG_INFO...), with @fields
 * (journal only: the syslog line carries @msg alone). Reconnects once
 * when the daemon was restarted. 0, or -1 with errno set.
 */
int logsink_send(struct logsink *s, int priority, const char *msg,
		 const struct logfield *fields, size_t n);
void logsink_close(struct logsink *s);

#endif /* P2PFENCE_LOGSINK_H */
