// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Strict value parsers: see parse.h. Messages quote the offending word. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "p2p_classify.h"
#include "parse.h"

bool perr(struct perr *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* Quotes untrusted words safely: non-printable bytes would garble a terminal. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; s[i] && o + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isprint(c))
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	if (s[i] && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

#define SHOW(s) shown((s), (char[72]){ 0 }, 72)

bool parse_name(const char *s, char out[P2PF_NAME_MAX], struct perr *e)
{
	size_t i, len = strlen(s);

	if (len == 0)
		return perr(e, "invalid name \"\": names have 1 to %d characters",
			    P2PF_NAME_MAX - 1);
	if (len >= P2PF_NAME_MAX)
		return perr(e, "invalid name \"%s\": longer than %d characters",
			    SHOW(s), P2PF_NAME_MAX - 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return perr(e, "invalid name \"%s\": only letters, digits, '_', '.' and '-' are allowed",
				    SHOW(s));
	}
	memcpy(out, s, len + 1);
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_mac(const char *s, uint8_t mac[6], struct perr *e)
{
	char sep = 0;
	int i;

	if (strlen(s) != 17)
		goto bad;
	for (i = 0; i < 6; i++) {
		const char *p = s + i * 3;
		int hi = hexval(p[0]), lo = hexval(p[1]);

		if (hi < 0 || lo < 0)
			goto bad;
		if (i < 5) {
			if (p[2] != ':' && p[2] != '-')
				goto bad;
			if (sep && p[2] != sep)
				goto bad;
			sep = p[2];
		}
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if (!memcmp(mac, "\0\0\0\0\0\0", 6))
		return perr(e, "invalid MAC \"%s\": the all-zero address belongs to no device", s);
	if (!memcmp(mac, "\xff\xff\xff\xff\xff\xff", 6))
		return perr(e, "invalid MAC \"%s\": the broadcast address belongs to no device", s);
	if (mac[0] & 1)
		return perr(e, "invalid MAC \"%s\": a multicast address is never a device's source address", s);
	return true;
bad:
	return perr(e, "invalid MAC \"%s\": expected aa:bb:cc:dd:ee:ff", SHOW(s));
}

/* inet_pton into either family; false if neither accepts the text. */
static bool pton_any(const char *s, struct ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->addr) == 1) {
		a->family = AF_INET6;
		return true;
	}
	return false;
}

bool parse_ipaddr(const char *s, struct ipaddr *a, struct perr *e)
{
	static const uint8_t zero[16];

	if (strchr(s, '/'))
		return perr(e, "invalid address \"%s\": expected an address, not a prefix", SHOW(s));
	if (!pton_any(s, a))
		return perr(e, "invalid address \"%s\": expected an IPv4 or IPv6 address", SHOW(s));
	if (!memcmp(a->addr, zero, ipaddr_len(a->family)))
		return perr(e, "invalid address \"%s\": the unspecified address belongs to no device", s);
	if (a->family == AF_INET && (a->addr[0] & 0xf0) == 0xe0)
		return perr(e, "invalid address \"%s\": a multicast address is never a device's source address", s);
	if (a->family == AF_INET && !memcmp(a->addr, "\xff\xff\xff\xff", 4))
		return perr(e, "invalid address \"%s\": the broadcast address belongs to no device", s);
	if ((a->family == AF_INET && a->addr[0] == 127) ||
	    (a->family == AF_INET6 && !memcmp(a->addr, zero, 15) && a->addr[15] == 1))
		return perr(e, "invalid address \"%s\": a loopback address never leaves the host", s);
	if (a->family == AF_INET6 && a->addr[0] == 0xff)
		return perr(e, "invalid address \"%s\": a multicast address is never a device's source address", s);
	return true;
}

bool parse_prefix(const char *s, struct prefix *p, struct perr *e)
{
	char addr[INET6_ADDRSTRLEN + 8], net[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct ipaddr a;
	size_t alen, i;
	uint32_t len;
	struct perr le;
	bool host_bits = false;

	if (!slash)
		return perr(e, "invalid prefix \"%s\": expected ADDRESS/LENGTH", SHOW(s));
	alen = (size_t)(slash - s);
	if (alen >= sizeof(addr))
		return perr(e, "invalid prefix \"%s\": expected ADDRESS/LENGTH", SHOW(s));
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (!pton_any(addr, &a))
		return perr(e, "invalid prefix \"%s\": \"%s\" is not an IPv4 or IPv6 address",
			    SHOW(s), SHOW(addr));
	if (!parse_u32(slash + 1, 0, a.family == AF_INET ? 32 : 128, &len, &le))
		return perr(e, "invalid prefix \"%s\": the length must be 0..%d",
			    SHOW(s), a.family == AF_INET ? 32 : 128);
	memset(p, 0, sizeof(*p));
	p->family = a.family;
	p->len = (uint8_t)len;
	for (i = 0; i < ipaddr_len(a.family); i++) {
		unsigned int keep = len >= 8 * (i + 1) ? 8 : len > 8 * i ? len - 8 * i : 0;
		uint8_t mask = (uint8_t)(0xff00 >> keep);

		p->addr[i] = a.addr[i] & mask;
		if (p->addr[i] != a.addr[i])
			host_bits = true;
	}
	if (host_bits) {
		inet_ntop(p->family, p->addr, net, sizeof(net));
		return perr(e, "invalid prefix \"%s\": host bits are set (did you mean %s/%u?)",
			    s, net, len);
	}
	return true;
}

/* Every mode the uapi header has, by its value: one table for both ways. */
static const char *const mode_words[P2PF_MODE_MAX + 1] = {
	[P2PF_MODE_BLOCK] = "block",
	[P2PF_MODE_MONITOR] = "monitor",
	[P2PF_MODE_ALLOW] = "allow",
	[P2PF_MODE_MARK] = "mark",
};

bool parse_mode(const char *s, uint8_t *mode, struct perr *e)
{
	int i = parse_keyword(s, mode_words, P2PF_MODE_MAX + 1, "mode", e);

	if (i < 0)
		return false;
	*mode = (uint8_t)i;
	return true;
}

const char *mode_name(uint8_t mode)
{
	return mode <= P2PF_MODE_MAX ? mode_words[mode] : "?";
}

bool parse_onoff(const char *s, bool *on, struct perr *e)
{
	static const char *const words[] = { "off", "on" };
	int i = parse_keyword(s, words, 2, "value", e);

	if (i < 0)
		return false;
	*on = i == 1;
	return true;
}

uint32_t proto_mask_all(void)
{
	uint32_t m = 0;
	unsigned int i;

	for (i = 1; i < P2P_PROTO_COUNT; i++)
		m |= 1U << i;
	return m;
}

static void known_protos(char *buf, size_t size)
{
	size_t o = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 1; i < P2P_PROTO_COUNT && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i > 1 ? ", " : "",
				      p2p_proto_name(i));
}

bool parse_proto_list(const char *s, uint32_t *mask, struct perr *e)
{
	char known[160], item[48];
	const char *p = s;
	uint32_t m = 0;

	if (!strcmp(s, "all")) {
		*mask = proto_mask_all();
		return true;
	}
	for (;;) {
		size_t n = strcspn(p, ",");
		int id;

		if (n == 0)
			return perr(e, "invalid protocol list \"%s\": empty name", SHOW(s));
		if (n >= sizeof(item))
			n = sizeof(item) - 1;
		memcpy(item, p, n);
		item[n] = '\0';
		id = p2p_proto_by_name(item);
		if (id <= 0) {
			known_protos(known, sizeof(known));
			return perr(e, "unknown protocol \"%s\": expected all or a comma-separated list of %s",
				    SHOW(item), known);
		}
		if (m & (1U << id))
			return perr(e, "invalid protocol list \"%s\": \"%s\" given twice", SHOW(s), item);
		m |= 1U << id;
		p += strcspn(p, ",");
		if (!*p)
			break;
		p++;
		if (!*p)
			return perr(e, "invalid protocol list \"%s\": empty name", SHOW(s));
	}
	*mask = m;
	return true;
}

bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v,
	       struct perr *e)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (*end || errno || x < min || x > max)
		goto bad;
	*v = (uint32_t)x;
	return true;
bad:
	return perr(e, "invalid number \"%s\": expected %u..%u", SHOW(s), min, max);
}

/* The i-th word: words are stride bytes apart (a table's name field). */
static const char *word_at(const char *const *words, size_t stride, size_t i)
{
	return *(const char *const *)((const char *)words + i * stride);
}

int parse_keyword_field(const char *word, const char *const *words, size_t n,
			size_t stride, const char *what, struct perr *e)
{
	char list[256];
	size_t i, len = strlen(word), o = 0;
	int found = -1, count = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(word, word_at(words, stride, i)))
			return (int)i;
	list[0] = '\0';
	for (i = 0; len && i < n; i++) {
		if (strncmp(word, word_at(words, stride, i), len))
			continue;
		if (o < sizeof(list))
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
					      count ? ", " : "", word_at(words, stride, i));
		found = (int)i;
		count++;
	}
	if (count == 1)
		return found;
	if (count > 1) {
		perr(e, "ambiguous %s \"%s\": could be %s", what, SHOW(word), list);
		return -1;
	}
	for (i = 0, o = 0; i < n && o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", word_at(words, stride, i));
	perr(e, "unknown %s \"%s\": expected %s", what, SHOW(word), list);
	return -1;
}

int parse_keyword(const char *word, const char *const *words, size_t n,
		  const char *what, struct perr *e)
{
	return parse_keyword_field(word, words, n, sizeof(*words), what, e);
}

size_t ipaddr_len(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, ipaddr_len(a->family));
}

bool prefix_equal(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       !memcmp(a->addr, b->addr, ipaddr_len(a->family));
}
