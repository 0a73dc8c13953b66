// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The output layer: see output.h. JSON goes through json.c's writer. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "cli.h"
#include "devspec.h"
#include "json.h"
#include "output.h"

static struct {
	bool json;
	bool pretty;
	bool bad;	/* a top-level JSON value was malformed */
	struct json w;
} out;

void output_init(bool json)
{
	out.json = json;
	out.pretty = false;
	out.bad = false;
	json_init(&out.w, stdout, false);
}

void output_pretty(void)
{
	out.pretty = true;
	json_init(&out.w, stdout, true);
}

bool output_json(void)
{
	return out.json;
}

bool output_done(void)
{
	if (out.json && (out.bad || out.w.depth || out.w.error)) {
		cli_err("internal error writing JSON");
		return false;
	}
	if (fflush(stdout) || ferror(stdout)) {
		cli_err("write error: %s", strerror(errno));
		return false;
	}
	return true;
}

/* A value back at the top ends the document: its newline, a fresh writer. */
static void maybe_end_document(void)
{
	if (out.w.depth || out.w.after_key)
		return;
	if (!json_finish(&out.w))
		out.bad = true;
	json_init(&out.w, stdout, out.pretty);
}

static bool json_here(enum output_type t)
{
	return out.json && (t & PRINT_JSON);
}

static void key(const char *k)
{
	if (k)
		json_key(&out.w, k);
}

/* Whether t goes to JSON; if so the key is written, the value is next. */
static bool json_value(enum output_type t, const char *k)
{
	if (!json_here(t))
		return false;
	key(k);
	return true;
}

static bool text_here(enum output_type t, const char *fmt)
{
	return !out.json && (t & PRINT_TEXT) && fmt;
}

static void open_container(const char *k, bool object)
{
	if (!out.json)
		return;
	key(k);
	if (object)
		json_object_begin(&out.w);
	else
		json_array_begin(&out.w);
}

static void close_container(bool object)
{
	if (!out.json)
		return;
	if (object)
		json_object_end(&out.w);
	else
		json_array_end(&out.w);
	maybe_end_document();
}

void open_object(const char *k)
{
	open_container(k, true);
}

void close_object(void)
{
	close_container(true);
}

void open_array(const char *k)
{
	open_container(k, false);
}

void close_array(void)
{
	close_container(false);
}

void print_string(enum output_type t, const char *k, const char *fmt, const char *s)
{
	if (json_value(t, k))
		json_string(&out.w, s);
	else if (text_here(t, fmt) && s)
		printf(fmt, s);
}

void print_uint(enum output_type t, const char *k, const char *fmt, uint64_t v)
{
	if (json_value(t, k))
		json_uint(&out.w, v);
	else if (text_here(t, fmt))
		printf(fmt, v);
}

void print_bool(enum output_type t, const char *k, const char *fmt, bool v)
{
	if (json_value(t, k))
		json_bool(&out.w, v);
	else if (text_here(t, fmt))
		printf(fmt, v ? "on" : "off");
}

void print_fixed(enum output_type t, const char *k, const char *fmt, double v,
		 unsigned int decimals)
{
	if (json_value(t, k))
		json_fixed(&out.w, v, decimals);
	else if (text_here(t, fmt))
		printf(fmt, (int)decimals, v);
}

void print_null(const char *k)
{
	if (json_value(PRINT_JSON, k))
		json_null(&out.w);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* For addresses that come as family and bytes: devspec.c's formatter. */
void format_addr(char *buf, size_t n, int family, const uint8_t *ip)
{
	struct ipaddr a = { .family = (uint8_t)family };

	memcpy(a.addr, ip, family == AF_INET6 ? 16 : 4);
	format_ipaddr(&a, buf, n);
}

void format_endpoint(char *buf, size_t n, int family, const uint8_t *ip, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	format_addr(a, sizeof(a), family, ip);
	snprintf(buf, n, family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, port);
}

void format_time(char *buf, size_t n, int64_t sec, long usec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	size_t len;

	if (!gmtime_r(&t, &tm) || !(len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm))) {
		snprintf(buf, n, "%" PRId64, sec);
		return;
	}
	if (usec >= 0)
		snprintf(buf + len, n - len, ".%06ldZ", usec);
	else
		snprintf(buf + len, n - len, "Z");
}

void print_mac(enum output_type t, const char *k, const char *fmt, const uint8_t *mac)
{
	char buf[18];

	if (mac)
		format_mac(mac, buf);
	print_string(t, k, fmt, mac ? buf : NULL);
}

void print_ipaddr(enum output_type t, const char *k, const char *fmt, const struct ipaddr *a)
{
	char buf[INET6_ADDRSTRLEN];

	format_ipaddr(a, buf, sizeof(buf));
	print_string(t, k, fmt, buf);
}

void print_prefix(enum output_type t, const char *k, const char *fmt, const struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 4];

	format_prefix(p, buf, sizeof(buf));
	print_string(t, k, fmt, buf);
}

void print_endpoint(enum output_type t, const char *k, const char *fmt,
		    const struct ipaddr *a, uint16_t port)
{
	char buf[ENDPOINT_LEN];

	format_endpoint(buf, sizeof(buf), a->family, a->addr, port);
	print_string(t, k, fmt, buf);
}

void print_time(enum output_type t, const char *k, const char *fmt, int64_t sec, long usec)
{
	char buf[TIME_LEN];

	format_time(buf, sizeof(buf), sec, usec);
	print_string(t, k, fmt, buf);
}
