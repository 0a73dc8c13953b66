// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Global LAN prefixes and module configuration (see settings.h). */
#include <ctype.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devspec.h"
#include "settings.h"

bool lan_parse_args(int argc, char **argv, struct lan_list *l, struct perr *e)
{
	unsigned int j;
	int i;

	l->n = 0;
	if (argc < 1)
		return perr(e, "missing prefix: expected PREFIX... or none");
	if (argc == 1 && !strcmp(argv[0], "none"))
		return true;
	for (i = 0; i < argc; i++) {
		struct prefix p;

		if (!strcmp(argv[i], "none"))
			return perr(e, "\"none\" cannot be combined with prefixes");
		if (!parse_prefix(argv[i], &p, e))
			return false;
		for (j = 0; j < l->n; j++)
			if (prefix_equal(&l->p[j], &p))
				return perr(e, "prefix \"%s\" given twice", argv[i]);
		if (l->n == P2PF_LAN_MAX)
			return perr(e, "too many prefixes at \"%s\": at most %d",
				    argv[i], P2PF_LAN_MAX);
		l->p[l->n++] = p;
	}
	return true;
}

struct lan_reply {
	struct lan_list *l;
	bool found, bad;
};

static int lan_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lan_reply *r = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PF_A_LAN)
			continue;
		r->found = true;
		if (!nl_get_prefix_list(a, r->l->p, &r->l->n, P2PF_LAN_MAX))
			r->bad = true;
	}
	return MNL_CB_OK;
}

int lan_get(struct nl *nl, struct lan_list *l)
{
	struct lan_reply r = { l, false, false };

	l->n = 0;
	if (nl_talk(nl, nl_request(nl, P2PF_CMD_GET_LAN, 0), lan_cb, &r) < 0) {
		nl_perror(nl);
		return -1;
	}
	if (r.bad) {
		cli_err("the module sent a malformed LAN list");
		return -1;
	}
	return 0;
}

int lan_set(struct nl *nl, const struct lan_list *l)
{
	struct nlmsghdr *nlh = nl_request(nl, P2PF_CMD_SET_LAN, 0);

	nl_put_prefix_list(nlh, P2PF_A_LAN, l->p, l->n);
	return nl_talk(nl, nlh, NULL, NULL);
}

void lan_format(const struct lan_list *l, FILE *f)
{
	char buf[64];
	unsigned int i;

	fputs("lan set", f);
	if (!l->n)
		fputs(" none", f);
	for (i = 0; i < l->n; i++) {
		format_prefix(&l->p[i], buf, sizeof(buf));
		fprintf(f, " %s", buf);
	}
	fputc('\n', f);
}

static const char *const cfg_names[CFG_COUNT] = {
	"flow-timeout", "event-rate", "fanout-threshold", "mark"
};
static const uint16_t cfg_attrs[CFG_COUNT] = {
	P2PF_CFG_A_FLOW_TIMEOUT, P2PF_CFG_A_EVENT_RATE, P2PF_CFG_A_FANOUT_THRESHOLD,
	P2PF_CFG_A_MARK
};
static const uint32_t cfg_min[CFG_COUNT] = {
	P2PF_FLOW_TIMEOUT_MIN, 0, P2PF_FANOUT_THRESHOLD_MIN, 1
};
static const uint32_t cfg_max[CFG_COUNT] = {
	P2PF_FLOW_TIMEOUT_MAX, P2PF_EVENT_RATE_MAX, P2PF_FANOUT_THRESHOLD_MAX, UINT32_MAX
};

/* One 32-bit word, hex (0x...) or decimal, as nft and iptables take marks. */
static bool parse_mark_word(const char *s, size_t n, uint32_t *v)
{
	unsigned long long x;
	char word[16], *end;
	int base = 10;

	if (n >= sizeof(word))
		return false;
	memcpy(word, s, n);
	word[n] = '\0';
	s = word;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	x = strtoull(s, &end, base);
	if (*end || errno || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

/*
 * "VALUE[/MASK]": without a mask the whole 32 bits, as iptables' MARK
 * --set-xmark does. The module refuses what is refused here too.
 */
static bool parse_mark(const char *s, uint32_t *value, uint32_t *mask, struct perr *e)
{
	const char *slash = strchr(s, '/');

	*mask = UINT32_MAX;
	if (!parse_mark_word(s, slash ? (size_t)(slash - s) : strlen(s), value) ||
	    (slash && !parse_mark_word(slash + 1, strlen(slash + 1), mask)))
		return perr(e, "invalid mark \"%s\": expected VALUE[/MASK], 32-bit numbers, decimal or 0x...",
			    s);
	if (!*mask)
		return perr(e, "invalid mark \"%s\": the mask must not be zero", s);
	if (!*value)
		return perr(e, "invalid mark \"%s\": the mark must not be zero (it would mark nothing)", s);
	if (*value & ~*mask)
		return perr(e, "invalid mark \"%s\": the mark has bits outside the mask (0x%x)",
			    s, *value & ~*mask);
	return true;
}

bool config_parse_args(int argc, char **argv, struct cfg_values *c, struct perr *e)
{
	int i;

	memset(c, 0, sizeof(*c));
	if (argc < 1)
		return perr(e, "nothing to set: expected flow-timeout, event-rate, fanout-threshold or mark");
	for (i = 0; i < argc; i += 2) {
		int k = parse_keyword(argv[i], cfg_names, CFG_COUNT, "setting", e);

		if (k < 0)
			return false;
		if (i + 1 >= argc)
			return perr(e, "missing value after \"%s\"", cfg_names[k]);
		if (c->has & (1U << k))
			return perr(e, "%s given twice", cfg_names[k]);
		if (k == CFG_MARK ? !parse_mark(argv[i + 1], &c->val[k], &c->mark_mask, e) :
		    !parse_u32(argv[i + 1], cfg_min[k], cfg_max[k], &c->val[k], e))
			return false;
		c->has |= 1U << k;
	}
	return true;
}

static int cfg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct cfg_values *c = data;
	const struct nlattr *a, *v;
	int k;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PF_A_CONFIG)
			continue;
		mnl_attr_for_each_nested(v, a) {
			if (mnl_attr_get_type(v) == P2PF_CFG_A_MARK_MASK &&
			    mnl_attr_get_payload_len(v) == 4)
				c->mark_mask = mnl_attr_get_u32(v);
			for (k = 0; k < CFG_COUNT; k++)
				if (mnl_attr_get_type(v) == cfg_attrs[k] &&
				    mnl_attr_get_payload_len(v) == 4) {
					c->val[k] = mnl_attr_get_u32(v);
					c->has |= 1U << k;
				}
		}
	}
	/* a module that sends a mark without its mask sent no usable mark */
	if (!c->mark_mask)
		c->has &= ~(1U << CFG_MARK);
	return MNL_CB_OK;
}

int config_get(struct nl *nl, struct cfg_values *c)
{
	memset(c, 0, sizeof(*c));
	if (nl_talk(nl, nl_request(nl, P2PF_CMD_GET_CONFIG, 0), cfg_cb, c) < 0) {
		nl_perror(nl);
		return -1;
	}
	return 0;
}

void config_put(struct nlmsghdr *nlh, const struct cfg_values *c)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, P2PF_A_CONFIG);
	int k;

	for (k = 0; k < CFG_COUNT; k++)
		if (c->has & (1U << k))
			mnl_attr_put_u32(nlh, cfg_attrs[k], c->val[k]);
	if (c->has & (1U << CFG_MARK))
		mnl_attr_put_u32(nlh, P2PF_CFG_A_MARK_MASK, c->mark_mask);
	mnl_attr_nest_end(nlh, nest);
}

int config_set(struct nl *nl, const struct cfg_values *c)
{
	struct nlmsghdr *nlh = nl_request(nl, P2PF_CMD_SET_CONFIG, 0);

	config_put(nlh, c);
	return nl_talk(nl, nlh, NULL, NULL);
}

void config_value(const struct cfg_values *c, int k, char *buf, size_t size)
{
	if (k == CFG_MARK)
		snprintf(buf, size, "0x%08x/0x%08x", c->val[k], c->mark_mask);
	else
		snprintf(buf, size, "%u", c->val[k]);
}

void config_format(const struct cfg_values *c, FILE *f)
{
	char buf[32];
	int k;

	if (!c->has)
		return;
	fputs("config set", f);
	for (k = 0; k < CFG_COUNT; k++)
		if (c->has & (1U << k)) {
			config_value(c, k, buf, sizeof(buf));
			fprintf(f, " %s %s", cfg_names[k], buf);
		}
	fputc('\n', f);
}

const char *config_key_name(int k)
{
	return cfg_names[k];
}
