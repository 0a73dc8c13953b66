/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Strict parsers for every value the CLI and the restore file accept.
 * Each returns true on success; on failure it returns false and leaves a
 * one-line message naming the offending word in e->msg, so the same
 * parser serves `p2pfence: device add: ...` and `FILE:LINE: ...`.
 */
#ifndef P2PFENCE_PARSE_H
#define P2PFENCE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "p2pfence.h"

#define PERR_MAX 320

struct perr {
	char msg[PERR_MAX];
};

/* Formats the message; always returns false so callers can `return perr(...)`. */
bool perr(struct perr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* AF_INET or AF_INET6; addr holds 4 or 16 bytes in network order. */
struct ipaddr {
	uint8_t family;
	uint8_t addr[16];
};

struct prefix {
	uint8_t family;
	uint8_t len;
	uint8_t addr[16];
};

bool parse_name(const char *s, char out[P2PF_NAME_MAX], struct perr *e);
bool parse_mac(const char *s, uint8_t mac[6], struct perr *e);
bool parse_ipaddr(const char *s, struct ipaddr *a, struct perr *e);
bool parse_prefix(const char *s, struct prefix *p, struct perr *e);
bool parse_mode(const char *s, uint8_t *mode, struct perr *e);
/* The word parse_mode() takes for @mode, "?" for none. */
const char *mode_name(uint8_t mode);
bool parse_onoff(const char *s, bool *on, struct perr *e);
/* "all" or a comma-separated list of protocol names. */
bool parse_proto_list(const char *s, uint32_t *mask, struct perr *e);
/* Decimal, no sign, no leading garbage, within [min, max]. */
bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v,
	       struct perr *e);

/*
 * Matches word against words[0..n-1] the way ip(8) does: an exact match
 * wins, else a unique prefix. Returns the index, or -1 with a message
 * ("unknown WHAT ..." or "ambiguous WHAT ...: could be a, b").
 */
int parse_keyword(const char *word, const char *const *words, size_t n,
		  const char *what, struct perr *e);
/*
 * The same over a table: the words are the const char * member at the
 * same place in n structures stride bytes apart, words pointing at the
 * first (&table[0].name, sizeof(table[0])).
 */
int parse_keyword_field(const char *word, const char *const *words, size_t n,
			size_t stride, const char *what, struct perr *e);

/* The protocol mask meaning "all": every id this build knows. */
uint32_t proto_mask_all(void);

/* Shared by device addresses and LAN lists. */
size_t ipaddr_len(uint8_t family);
bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b);
bool prefix_equal(const struct prefix *a, const struct prefix *b);

#endif /* P2PFENCE_PARSE_H */
