// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Restore file parsing and whole-file validation (see conffile.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conffile.h"

#define MAX_WORDS 256

/* Splits line in place on blanks; a word starting with '#' ends it. */
static int split(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		p += strspn(p, " \t\r\n");
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return -1;
		words[n++] = p;
		p += strcspn(p, " \t\r\n");
		if (*p)
			*p++ = '\0';
	}
}

static bool statement(struct conf *c, int argc, char **argv, unsigned int line,
		      struct perr *e)
{
	static const char *const objs[] = { "device", "lan", "config" };
	static const char *const verbs[] = { "add", "set", "set" };
	int o = parse_keyword(argv[0], objs, 3, "statement", e);
	struct dev_spec spec;

	if (o < 0)
		return false;
	if (argc < 2 || parse_keyword(argv[1], &verbs[o], 1, "command", e) < 0)
		return perr(e, "expected \"%s %s\": a restore file holds only device add, lan set and config set lines",
			    objs[o], verbs[o]);
	if (o == 1) {
		if (c->has_lan)
			return perr(e, "lan set given twice (first on line %u)", c->lan_line);
		c->has_lan = true;
		c->lan_line = line;
		return lan_parse_args(argc - 2, argv + 2, &c->lan, e);
	}
	if (o == 2) {
		if (c->cfg.has)
			return perr(e, "config set given twice (first on line %u)", c->cfg_line);
		c->cfg_line = line;
		return config_parse_args(argc - 2, argv + 2, &c->cfg, e);
	}
	if (c->ndevs == CONF_MAX_DEVICES)
		return perr(e, "more than %d devices, the module's ceiling (max_devices)",
			    CONF_MAX_DEVICES);
	if (c->ndevs == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct conf_dev *d = realloc(c->devs, cap * sizeof(*d));

		if (!d)
			return perr(e, "out of memory");
		c->devs = d;
		c->cap = cap;
	}
	if (argc < 3)
		return perr(e, "missing device name");
	if (!devspec_parse(argc - 2, argv + 2, false, &spec, e))
		return false;
	c->devs[c->ndevs].spec = devspec_pack(&spec);
	if (!c->devs[c->ndevs].spec)
		return perr(e, "out of memory");
	c->nidents += 1 + spec.has_mac + spec.naddrs + spec.npfx + (spec.iif[0] != '\0');
	c->devs[c->ndevs++].line = line;
	return true;
}

/*
 * One identity (name, MAC, address, source prefix or interface) of a
 * device, for duplicate checks.
 */
struct ident {
	uint8_t kind;		/* 0 name, 1 MAC, 2 address, 3 prefix, 4 iif */
	uint8_t key[P2PF_NAME_MAX + 1];
	unsigned int line;
	const char *dev;
};

/* The order duplicates are reported in: kind, then key. */
static int ident_cmp(const struct ident *x, const struct ident *y)
{
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return memcmp(x->key, y->key, sizeof(x->key));
}

static uint64_t ident_hash(const struct ident *x)
{
	uint64_t h = x->kind + 1, w;
	size_t i;

	for (i = 0; i + sizeof(w) <= sizeof(x->key); i += sizeof(w)) {
		memcpy(&w, x->key + i, sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < sizeof(x->key); i++)
		h = (h ^ x->key[i]) * 0x100000001b3ULL;
	return h ^ (h >> 32);
}

static void report_duplicate(const struct ident *a, const struct ident *b,
			     const char *fname, struct perr *e)
{
	char buf[64];

	if (a->kind == 0) {
		perr(e, "%s:%u: device \"%s\" is already defined on line %u",
		     fname, b->line, b->dev, a->line);
	} else if (a->kind == 1) {
		format_mac(b->key, buf);
		perr(e, "%s:%u: MAC %s of \"%s\" already belongs to \"%s\" (line %u)",
		     fname, b->line, buf, b->dev, a->dev, a->line);
	} else if (a->kind == 3) {
		struct prefix p = { .family = b->key[0], .len = b->key[1] };

		memcpy(p.addr, b->key + 2, 16);
		format_prefix(&p, buf, sizeof(buf));
		perr(e, "%s:%u: prefix %s of \"%s\" already belongs to \"%s\" (line %u)",
		     fname, b->line, buf, b->dev, a->dev, a->line);
	} else if (a->kind == 4) {
		perr(e, "%s:%u: interface %s of \"%s\" already belongs to \"%s\" (line %u)",
		     fname, b->line, (const char *)b->key, b->dev, a->dev, a->line);
	} else {
		struct ipaddr ad = { .family = b->key[0] };

		memcpy(ad.addr, b->key + 1, 16);
		format_ipaddr(&ad, buf, sizeof(buf));
		perr(e, "%s:%u: address %s of \"%s\" already belongs to \"%s\" (line %u)",
		     fname, b->line, buf, b->dev, a->dev, a->line);
	}
}

/* Every identity of every device, in file order; NULL if out of memory. */
static struct ident *collect_idents(const struct conf *c, size_t *count)
{
	struct dev_spec spec, *d = &spec;
	struct ident *ids = calloc(c->nidents, sizeof(*ids));
	size_t n = 0, i;

	if (!ids)
		return NULL;
	for (i = 0; i < c->ndevs; i++) {
		/* The packed spec begins with the name, and outlives ids. */
		const char *name = c->devs[i].spec;
		unsigned int j;

		devspec_unpack(c->devs[i].spec, d);
		ids[n] = (struct ident){ .kind = 0, .line = c->devs[i].line, .dev = name };
		memcpy(ids[n++].key, d->name, strlen(d->name));
		if (d->has_mac) {
			ids[n] = (struct ident){ .kind = 1, .line = c->devs[i].line, .dev = name };
			memcpy(ids[n++].key, d->mac, 6);
		}
		for (j = 0; j < d->naddrs; j++) {
			ids[n] = (struct ident){ .kind = 2, .line = c->devs[i].line, .dev = name };
			ids[n].key[0] = d->addrs[j].family;
			memcpy(ids[n++].key + 1, d->addrs[j].addr, 16);
		}
		for (j = 0; j < d->npfx; j++) {
			ids[n] = (struct ident){ .kind = 3, .line = c->devs[i].line, .dev = name };
			ids[n].key[0] = d->pfx[j].family;
			ids[n].key[1] = d->pfx[j].len;
			memcpy(ids[n++].key + 2, d->pfx[j].addr, 16);
		}
		if (d->iif[0]) {
			ids[n] = (struct ident){ .kind = 4, .line = c->devs[i].line, .dev = name };
			memcpy(ids[n++].key, d->iif, strlen(d->iif));
		}
	}
	*count = n;
	return ids;
}

/*
 * No identity twice. Of several duplicates the one reported is the first
 * in (kind, key) order, with the two earliest lines that hold it: a hash
 * set in file order finds each key's first repeat, and the smallest key
 * of those wins (sorting the identities cost 6 times as many
 * instructions, a quarter of a 10 000-device restore's parse).
 */
static bool check_unique(const struct conf *c, const char *fname, struct perr *e)
{
	const struct ident *first = NULL, *again = NULL;
	size_t n = 0, i, cap = 16;
	struct ident *ids;
	uint32_t *slot;

	if (!c->ndevs)
		return true;
	ids = collect_idents(c, &n);
	while (cap < 2 * n)
		cap *= 2;
	slot = ids ? calloc(cap, sizeof(*slot)) : NULL;
	if (!slot) {
		free(ids);
		return perr(e, "%s: out of memory", fname);
	}
	for (i = 0; i < n; i++) {
		size_t h = (size_t)ident_hash(&ids[i]) & (cap - 1);

		/* Slots hold an index + 1: 0 is empty. */
		for (; slot[h]; h = (h + 1) & (cap - 1))
			if (!ident_cmp(&ids[slot[h] - 1], &ids[i]))
				break;
		if (!slot[h]) {
			slot[h] = (uint32_t)i + 1;
			continue;
		}
		/* A later repeat of a key already caught compares equal. */
		if (!again || ident_cmp(&ids[i], again) < 0) {
			first = &ids[slot[h] - 1];
			again = &ids[i];
		}
	}
	if (again)
		report_duplicate(first, again, fname, e);
	free(slot);
	free(ids);
	return !again;
}

/* What read_line() found besides a line. */
enum { LINE_EOF = 0, LINE_ERROR = -1, LINE_LONG = -2, LINE_NUL = -3, LINE_BIG = -4 };

/*
 * Reads one line into buf (CONF_MAX_LINE + 2 bytes: the line, its newline
 * and a NUL), adding what it read to *total. Returns the line's length
 * with its newline, or a LINE_* status: the end of the file, a read
 * error, a line too long, a NUL byte, *total past CONF_MAX_BYTES. Stops
 * reading at the byte that breaks a limit, so memory stays bounded
 * whatever the input.
 */
static int read_line(FILE *f, char *buf, size_t *total)
{
	int n = 0, ch;

	for (;;) {
		ch = getc_unlocked(f);
		if (ch == EOF)
			break;
		if (++*total > CONF_MAX_BYTES)
			return LINE_BIG;
		if (ch == '\n') {
			buf[n++] = '\n';
			break;
		}
		if (!ch)
			return LINE_NUL;
		if (n == CONF_MAX_LINE)
			return LINE_LONG;
		buf[n++] = (char)ch;
	}
	if (ferror(f))
		return LINE_ERROR;
	buf[n] = '\0';
	return n;
}

bool conf_parse(FILE *f, const char *fname, struct conf *c, struct perr *e)
{
	char line[CONF_MAX_LINE + 2], *words[MAX_WORDS];
	unsigned int lineno = 0;
	size_t total = 0;
	struct perr le;
	int len;

	memset(c, 0, sizeof(*c));
	flockfile(f);
	while ((len = read_line(f, line, &total)) != LINE_EOF) {
		int n;

		if (lineno++ == CONF_MAX_LINES) {
			perr(e, "%s:%u: more than %d lines, the restore limit", fname, lineno,
			     CONF_MAX_LINES);
			goto fail;
		}
		if (len == LINE_ERROR) {
			perr(e, "%s: read error", fname);
			goto fail;
		}
		if (len == LINE_NUL) {
			perr(e, "%s:%u: the line contains a NUL byte", fname, lineno);
			goto fail;
		}
		if (len == LINE_LONG) {
			perr(e, "%s:%u: line longer than %d bytes, the restore limit", fname,
			     lineno, CONF_MAX_LINE);
			goto fail;
		}
		if (len == LINE_BIG) {
			perr(e, "%s:%u: file larger than %lu bytes (%lu MiB), the restore limit",
			     fname, lineno, CONF_MAX_BYTES, CONF_MAX_BYTES >> 20);
			goto fail;
		}
		n = split(line, words, MAX_WORDS);
		if (n < 0) {
			perr(e, "%s:%u: more than %d words", fname, lineno, MAX_WORDS);
			goto fail;
		}
		if (n && !statement(c, n, words, lineno, &le)) {
			perr(e, "%s:%u: %s", fname, lineno, le.msg);
			goto fail;
		}
	}
	if (ferror(f)) {
		perr(e, "%s: read error", fname);
		goto fail;
	}
	funlockfile(f);
	if (!check_unique(c, fname, e)) {
		conf_free(c);
		return false;
	}
	return true;
fail:
	funlockfile(f);
	conf_free(c);
	return false;
}

void conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->ndevs; i++)
		free(c->devs[i].spec);
	free(c->devs);
	memset(c, 0, sizeof(*c));
}
