// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `p2pfence monitor [--count N] [--timeout S] [--journal|--syslog]`: one
 * line (or one JSON object) per event of the "events" multicast group,
 * until SIGINT/SIGTERM, N events, or S seconds; or one record per event
 * in the journal (with P2PFENCE_* fields) or syslog (logsink.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "cli.h"
#include "devspec.h"
#include "logsink.h"
#include "nl.h"
#include "output.h"
#include "p2p_classify.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct event {
	uint64_t time_ns, suppressed;
	char dev[P2PF_NAME_MAX];
	uint8_t mac[6];
	struct ipaddr src, dst;
	uint16_t sport, dport;
	int proto, kind, action;	/* -1 when absent */
	bool has_mac, has_src, has_dst;
};

struct mon {
	const struct cli_opts *opts;
	struct logsink *log;	/* NULL: stdout */
	uint16_t family;
	unsigned long seen;
};

static bool ev_attr(const struct nlattr *a, struct event *ev)
{
	uint16_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case P2PF_EV_A_TIME:
		if (len != 8)
			return false;
		ev->time_ns = mnl_attr_get_u64(a);
		return true;
	case P2PF_EV_A_SUPPRESSED:
		if (len != 8)
			return false;
		ev->suppressed = mnl_attr_get_u64(a);
		return true;
	case P2PF_EV_A_DEV_NAME:
		if (len < 2 || len > P2PF_NAME_MAX || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return false;
		snprintf(ev->dev, sizeof(ev->dev), "%s", mnl_attr_get_str(a));
		return true;
	case P2PF_EV_A_MAC:
		if (len != 6)
			return false;
		memcpy(ev->mac, mnl_attr_get_payload(a), 6);
		ev->has_mac = true;
		return true;
	case P2PF_EV_A_SRC:
		return (ev->has_src = nl_get_addr_nest(a, &ev->src));
	case P2PF_EV_A_DST:
		return (ev->has_dst = nl_get_addr_nest(a, &ev->dst));
	case P2PF_EV_A_SPORT:
	case P2PF_EV_A_DPORT:
		if (len != 2)
			return false;
		*(mnl_attr_get_type(a) == P2PF_EV_A_SPORT ? &ev->sport : &ev->dport) =
			mnl_attr_get_u16(a);
		return true;
	case P2PF_EV_A_PROTO:
	case P2PF_EV_A_KIND:
	case P2PF_EV_A_ACTION:
		if (len != 1)
			return false;
		*(mnl_attr_get_type(a) == P2PF_EV_A_PROTO ? &ev->proto :
		  mnl_attr_get_type(a) == P2PF_EV_A_KIND ? &ev->kind : &ev->action) =
			mnl_attr_get_u8(a);
		return true;
	default:
		return true;
	}
}

static const char *action_name(int action)
{
	static const char *const names[] = { "pass", "drop", "discovered", "mark" };

	return action >= 0 && action < __P2PF_ACTION_MAX ? names[action] : "?";
}

/* Text: "TIME LINE"; JSON: every field, null when the event lacks it. */
static void show_event(const struct event *ev, const char *when, const char *line,
		       const char *src, const char *dst, const char *mac)
{
	open_object(NULL);
	print_string(PRINT_ANY, "time", "%s ", when);
	print_uint(PRINT_JSON, "time_ns", NULL, ev->time_ns);
	print_string(PRINT_TEXT, NULL, "%s\n", line);
	print_string(PRINT_JSON, "device", NULL, ev->dev[0] ? ev->dev : NULL);
	print_string(PRINT_JSON, "mac", NULL, ev->has_mac ? mac : NULL);
	print_string(PRINT_JSON, "src", NULL, ev->has_src ? src : NULL);
	print_string(PRINT_JSON, "dst", NULL, ev->has_dst ? dst : NULL);
	print_string(PRINT_JSON, "proto", NULL,
		     ev->proto >= 0 ? p2p_proto_name((unsigned int)ev->proto) : NULL);
	print_string(PRINT_JSON, "kind", NULL,
		     ev->kind >= 0 ? p2p_kind_name((unsigned int)ev->kind) : NULL);
	print_string(PRINT_JSON, "action", NULL, ev->action >= 0 ? action_name(ev->action) : NULL);
	print_uint(PRINT_JSON, "suppressed", NULL, ev->suppressed);
	close_object();
}

/* The event less its time: "DEVICE PROTO KIND REMOTE ACTION ...". */
static void event_line(const struct event *ev, const struct cli_opts *o, const char *src,
		       const char *dst, const char *mac, char *out, size_t size)
{
	size_t n;

	if (ev->proto < 0) {	/* a pure rate-limit report */
		snprintf(out, size, "suppressed %" PRIu64 " events", ev->suppressed);
		return;
	}
	/* untagged (discovery) events name the source instead of a device */
	n = (size_t)snprintf(out, size, "%s", ev->dev[0] ? ev->dev : ev->has_mac ? mac : src);
	if (n < size && o->numeric)
		n += (size_t)snprintf(out + n, size - n, " proto %d kind %d", ev->proto, ev->kind);
	else if (n < size)
		n += (size_t)snprintf(out + n, size - n, " %s %s",
				      p2p_proto_name((unsigned int)ev->proto),
				      ev->kind >= 0 ? p2p_kind_name((unsigned int)ev->kind) : "?");
	if (n < size)
		n += (size_t)snprintf(out + n, size - n, " %s %s", dst, action_name(ev->action));
	if (n < size && ev->suppressed)
		snprintf(out + n, size - n, " (%" PRIu64 " suppressed before)", ev->suppressed);
}

/*
 * A drop is notice, the rest info; the kernel's rate limit already keeps
 * a flood out of the log, and what it suppressed is in the next record.
 */
static int log_event(struct logsink *log, const struct event *ev, const char *when,
		     const char *line, const char *src, const char *dst, const char *mac)
{
	char suppressed[24];
	const struct logfield f[] = {
		{ "P2PFENCE_DEVICE", ev->dev[0] ? ev->dev : NULL },
		{ "P2PFENCE_MAC", ev->has_mac ? mac : NULL },
		{ "P2PFENCE_SRC", ev->has_src ? src : NULL },
		{ "P2PFENCE_REMOTE", ev->has_dst ? dst : NULL },
		{ "P2PFENCE_PROTO", ev->proto >= 0 ? p2p_proto_name((unsigned int)ev->proto) : NULL },
		{ "P2PFENCE_KIND", ev->kind >= 0 ? p2p_kind_name((unsigned int)ev->kind) : NULL },
		{ "P2PFENCE_ACTION", ev->action >= 0 ? action_name(ev->action) : NULL },
		{ "P2PFENCE_SUPPRESSED", ev->suppressed ? suppressed : NULL },
		{ "P2PFENCE_TIME", when },
	};

	snprintf(suppressed, sizeof(suppressed), "%" PRIu64, ev->suppressed);
	return logsink_send(log, ev->action == P2PF_ACTION_DROP ? LOG_NOTICE : LOG_INFO,
			    line, f, sizeof(f) / sizeof(f[0]));
}

static int print_event(const struct event *ev, const struct mon *m)
{
	char when[48], src[80] = "-", dst[80] = "-", mac[18] = "", line[256];

	format_time(when, sizeof(when), (int64_t)(ev->time_ns / 1000000000u),
		    (long)(ev->time_ns % 1000000000u / 1000));
	if (ev->has_src)
		format_endpoint(src, sizeof(src), ev->src.family, ev->src.addr, ev->sport);
	if (ev->has_dst)
		format_endpoint(dst, sizeof(dst), ev->dst.family, ev->dst.addr, ev->dport);
	if (ev->has_mac)
		format_mac(ev->mac, mac);
	event_line(ev, m->opts, src, dst, mac, line, sizeof(line));
	if (m->log)
		return log_event(m->log, ev, when, line, src, dst, mac);
	show_event(ev, when, line, src, dst, mac);
	return 0;
}

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	struct mon *m = data;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct event ev;
	const struct nlattr *a, *e;

	if (nlh->nlmsg_type != m->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*g) || g->cmd != P2PF_CMD_EVENT)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		if (mnl_attr_get_type(a) != P2PF_A_EVENT)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.proto = ev.kind = ev.action = -1;
		mnl_attr_for_each_nested(e, a)
			if (!ev_attr(e, &ev)) {
				cli_err("ignoring a malformed event");
				return MNL_CB_OK;
			}
		if (print_event(&ev, m) < 0) {
			cli_err("cannot write to %s: %s", m->log->path, strerror(errno));
			return MNL_CB_ERROR;
		}
		m->seen++;
	}
	fflush(stdout);
	return MNL_CB_OK;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_args(int argc, char **argv, uint32_t *count, uint32_t *timeout, int *log)
{
	static const char *const words[] = { "--count", "--timeout", "--journal", "--syslog" };
	struct perr e;
	int i;

	for (i = 1; i < argc; i++) {
		int k = parse_keyword(argv[i], words, 4, "option", &e);

		if (k < 0) {
			cli_err("%s", e.msg);
			return CLI_USAGE;
		}
		if (k >= 2) {
			if (*log >= 0) {
				cli_err("\"%s\": only one of --journal and --syslog", argv[i]);
				return CLI_USAGE;
			}
			*log = k == 2 ? LOGSINK_JOURNAL : LOGSINK_SYSLOG;
			continue;
		}
		if (i + 1 >= argc) {
			cli_err("missing value after \"%s\"", words[k]);
			return CLI_USAGE;
		}
		if (!parse_u32(argv[i + 1], 1, k ? 86400u * 365 : UINT32_MAX,
			       k ? timeout : count, &e)) {
			cli_err("%s", e.msg);
			return CLI_ERR;
		}
		i++;
	}
	return CLI_OK;
}

int cmd_monitor(int argc, char **argv, const struct cli_opts *opts)
{
	struct sigaction sa;
	uint32_t count = 0, timeout = 0;
	struct mon m = { opts, NULL, 0, 0 };
	struct logsink log;
	int log_kind = -1;
	struct pollfd pfd;
	int64_t deadline;
	struct nl nl;
	int ret;

	ret = parse_args(argc, argv, &count, &timeout, &log_kind);
	if (ret != CLI_OK)
		return ret;
	if (log_kind >= 0) {
		if (logsink_open(&log, (enum logsink_kind)log_kind) < 0)
			return CLI_ERR;
		m.log = &log;
	}
	/* before the socket exists, so an open socket means "handled" */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll must return */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (nl_open(&nl) < 0) {
		if (m.log)
			logsink_close(m.log);
		return CLI_ERR;
	}
	if (nl_join_events(&nl) < 0) {
		nl_close(&nl);
		if (m.log)
			logsink_close(m.log);
		return CLI_ERR;
	}
	m.family = nl.family;
	deadline = timeout ? now_ms() + (int64_t)timeout * 1000 : 0;
	pfd.fd = mnl_socket_get_fd(nl.sock);
	pfd.events = POLLIN;
	ret = CLI_OK;
	while (!stop && (!count || m.seen < count)) {
		int wait = -1;
		ssize_t n;

		if (deadline) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = (int)left;
		}
		n = poll(&pfd, 1, wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_err("poll: %s", strerror(errno));
			ret = CLI_ERR;
			break;
		}
		if (n == 0)
			continue;
		n = mnl_socket_recvfrom(nl.sock, nl.buf, nl.bufsize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* the kernel outran us: say so, keep going */
				cli_err("events were lost (receive buffer full)");
				if (m.log)
					logsink_send(m.log, LOG_WARNING,
						     "events were lost (receive buffer full)", NULL, 0);
				continue;
			}
			cli_err("netlink receive: %s", strerror(errno));
			ret = CLI_ERR;
			break;
		}
		if (mnl_cb_run(nl.buf, (size_t)n, 0, 0, on_event, &m) == MNL_CB_ERROR &&
		    m.log) {
			ret = CLI_ERR;	/* the log went away: systemd restarts us */
			break;
		}
	}
	nl_close(&nl);
	if (m.log)
		logsink_close(m.log);
	return ret;
}
