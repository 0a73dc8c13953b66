// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Restore file parsing and whole-file validation (see conffile.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conffile.h"

#define MAX_WORDS 256
#define MAX_LINE 8192

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
	if (!devspec_parse(argc - 2, argv + 2, false, &c->devs[c->ndevs].spec, e))
		return false;
	c->devs[c->ndevs++].line = line;
	return true;
}

/* One identity (name, MAC or address) of a device, for duplicate checks. */
struct ident {
	uint8_t kind;		/* 0 name, 1 MAC, 2 address */
	uint8_t key[P2PF_NAME_MAX + 1];
	unsigned int line;
	const char *dev;
};

static int ident_cmp(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;
	int r = memcmp(&x->kind, &y->kind, 1);

	if (!r)
		r = memcmp(x->key, y->key, sizeof(x->key));
	if (!r)
		r = x->line < y->line ? -1 : x->line > y->line;
	return r;
}

static bool check_unique(const struct conf *c, const char *fname, struct perr *e)
{
	size_t n = 0, i, max = c->ndevs * (2 + P2PF_ADDRS_MAX);
	struct ident *ids;
	bool ok = true;

	if (!c->ndevs)
		return true;
	ids = calloc(max, sizeof(*ids));
	if (!ids)
		return perr(e, "%s: out of memory", fname);
	for (i = 0; i < c->ndevs; i++) {
		const struct dev_spec *d = &c->devs[i].spec;
		unsigned int j;

		ids[n] = (struct ident){ .kind = 0, .line = c->devs[i].line, .dev = d->name };
		memcpy(ids[n++].key, d->name, strlen(d->name));
		if (d->has_mac) {
			ids[n] = (struct ident){ .kind = 1, .line = c->devs[i].line, .dev = d->name };
			memcpy(ids[n++].key, d->mac, 6);
		}
		for (j = 0; j < d->naddrs; j++) {
			ids[n] = (struct ident){ .kind = 2, .line = c->devs[i].line, .dev = d->name };
			ids[n].key[0] = d->addrs[j].family;
			memcpy(ids[n++].key + 1, d->addrs[j].addr, 16);
		}
	}
	qsort(ids, n, sizeof(*ids), ident_cmp);
	for (i = 1; i < n && ok; i++) {
		const struct ident *a = &ids[i - 1], *b = &ids[i];
		char buf[64];

		if (a->kind != b->kind || memcmp(a->key, b->key, sizeof(a->key)))
			continue;
		ok = false;
		if (a->kind == 0) {
			perr(e, "%s:%u: device \"%s\" is already defined on line %u",
			     fname, b->line, b->dev, a->line);
		} else if (a->kind == 1) {
			format_mac(b->key, buf);
			perr(e, "%s:%u: MAC %s of \"%s\" already belongs to \"%s\" (line %u)",
			     fname, b->line, buf, b->dev, a->dev, a->line);
		} else {
			struct ipaddr ad = { .family = b->key[0] };

			memcpy(ad.addr, b->key + 1, 16);
			format_ipaddr(&ad, buf, sizeof(buf));
			perr(e, "%s:%u: address %s of \"%s\" already belongs to \"%s\" (line %u)",
			     fname, b->line, buf, b->dev, a->dev, a->line);
		}
	}
	free(ids);
	return ok;
}

bool conf_parse(FILE *f, const char *fname, struct conf *c, struct perr *e)
{
	char *line = NULL, *words[MAX_WORDS];
	size_t cap = 0;
	unsigned int lineno = 0;
	ssize_t len;
	struct perr le;

	memset(c, 0, sizeof(*c));
	while ((len = getline(&line, &cap, f)) >= 0) {
		int n;

		lineno++;
		if ((size_t)len != strlen(line)) {
			perr(e, "%s:%u: the line contains a NUL byte", fname, lineno);
			goto fail;
		}
		if (len > MAX_LINE) {
			perr(e, "%s:%u: line longer than %d bytes", fname, lineno, MAX_LINE);
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
	free(line);
	if (!check_unique(c, fname, e)) {
		conf_free(c);
		return false;
	}
	return true;
fail:
	free(line);
	conf_free(c);
	return false;
}

void conf_free(struct conf *c)
{
	free(c->devs);
	memset(c, 0, sizeof(*c));
}
