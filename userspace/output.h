/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The CLI's one output layer, after iproute2's json_print.h: a verb says
 * each value once, with its JSON key and its text format, and the global
 * -j picks which one is written. Values only one form shows are written
 * with PRINT_JSON or PRINT_TEXT. Containers exist in JSON only; in text,
 * open_object() and friends write nothing.
 *
 *	open_object(NULL);
 *	print_string(PRINT_ANY, "name", "%s:", d->name);
 *	print_uint(PRINT_ANY, "packets", " packets %" PRIu64 "\n", n);
 *	close_object();
 *
 * writes `{"name":"cam1","packets":3}` or `cam1: packets 3`. Each JSON
 * value at the top ends its line (monitor writes one per event). The
 * dispatcher calls output_init() before a verb and output_done() after.
 */
#ifndef P2PFENCE_OUTPUT_H
#define P2PFENCE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

enum output_type {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

/* JSON (-j) or text on stdout; JSON compact until output_pretty(). */
void output_init(bool json);
/* Indented JSON, for the long arrays of classify. */
void output_pretty(void);
bool output_json(void);
/*
 * Ends the output: false, after saying so on stderr, when writing stdout
 * failed or a verb left its JSON unbalanced.
 */
bool output_done(void);

/* JSON containers; key NULL inside an array or at the top. */
void open_object(const char *key);
void close_object(void);
void open_array(const char *key);
void close_array(void);

/*
 * key: the JSON key (NULL inside an array); fmt: the text format of the
 * value (NULL: nothing in text). A NULL string is JSON null and no text.
 */
void print_string(enum output_type t, const char *key, const char *fmt, const char *s);
void print_uint(enum output_type t, const char *key, const char *fmt, uint64_t v);
void print_bool(enum output_type t, const char *key, const char *fmt, bool v);
/* Fixed-point ("1700000000.000001"); the text format takes ".*f" */
void print_fixed(enum output_type t, const char *key, const char *fmt, double v,
		 unsigned int decimals);
void print_null(const char *key);			/* JSON only */
/* Text only: words between values, line ends. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The formatters every verb shares, each the one place its form is
 * written: "02:11:22:33:44:55"; "192.0.2.1:53" or "[2001:db8::1]:53";
 * "2023-11-14T22:13:20Z", or with usec >= 0 "2023-11-14T22:13:20.123456Z".
 */
#define ENDPOINT_LEN	56
#define TIME_LEN	40
void format_endpoint(char *buf, size_t n, int family, const uint8_t *ip, uint16_t port);
void format_time(char *buf, size_t n, int64_t sec, long usec);
/* "192.0.2.1" or "2001:db8::1" from raw bytes. */
void format_addr(char *buf, size_t n, int family, const uint8_t *ip);

/* print_string() of the formatted value; a NULL mac like a NULL string. */
void print_mac(enum output_type t, const char *key, const char *fmt, const uint8_t *mac);
void print_ipaddr(enum output_type t, const char *key, const char *fmt, const struct ipaddr *a);
void print_prefix(enum output_type t, const char *key, const char *fmt, const struct prefix *p);
void print_endpoint(enum output_type t, const char *key, const char *fmt,
		    const struct ipaddr *a, uint16_t port);
void print_time(enum output_type t, const char *key, const char *fmt, int64_t sec, long usec);

#endif /* P2PFENCE_OUTPUT_H */
