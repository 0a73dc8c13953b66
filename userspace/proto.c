// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence proto list` (the module's recognisers) and `p2pfence version`. */
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "nl.h"
#include "p2pfence.h"

struct proto_row {
	unsigned int id;
	char name[32];
	char desc[128];
};

struct proto_dump {
	struct proto_row rows[32];
	unsigned int n;
	bool bad;
};

static int proto_cb(const struct nlmsghdr *nlh, void *data)
{
	struct proto_dump *d = data;
	struct proto_row r = { 0, "", "" };
	const struct nlattr *a;
	bool has_id = false;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case P2PF_A_PROTO_ID:
			if (mnl_attr_get_payload_len(a) != 1)
				break;
			r.id = mnl_attr_get_u8(a);
			has_id = true;
			break;
		case P2PF_A_PROTO_NAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(r.name, sizeof(r.name), "%s", mnl_attr_get_str(a));
			break;
		case P2PF_A_PROTO_DESC:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(r.desc, sizeof(r.desc), "%s", mnl_attr_get_str(a));
			break;
		default:
			break;
		}
	}
	if (!has_id || !r.name[0] || d->n == 32) {
		d->bad = true;
		return MNL_CB_OK;
	}
	d->rows[d->n++] = r;
	return MNL_CB_OK;
}

int cmd_proto_list(int argc, char **argv, const struct cli_opts *opts)
{
	struct proto_dump d;
	struct nl nl;
	unsigned int i;

	if (argc > 1) {
		cli_err("unexpected \"%s\"", argv[1]);
		return CLI_USAGE;
	}
	memset(&d, 0, sizeof(d));
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_GET_PROTO, NLM_F_DUMP), proto_cb, &d) < 0) {
		nl_perror(&nl);
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	if (d.bad) {
		cli_err("the module sent a malformed protocol message");
		return CLI_ERR;
	}
	if (opts->json) {
		struct json w;

		json_init(&w, stdout, false);
		json_array_begin(&w);
		for (i = 0; i < d.n; i++) {
			json_object_begin(&w);
			json_key_uint(&w, "id", d.rows[i].id);
			json_key_string(&w, "name", d.rows[i].name);
			json_key_string(&w, "description", d.rows[i].desc);
			json_object_end(&w);
		}
		json_array_end(&w);
		json_finish(&w);
		return CLI_OK;
	}
	for (i = 0; i < d.n; i++)
		printf("%-3u %-10s %s\n", d.rows[i].id, d.rows[i].name, d.rows[i].desc);
	return CLI_OK;
}

struct info {
	char version[64];
	uint32_t limit, count;
	bool has_limit, has_count;
};

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	struct info *in = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == P2PF_A_VERSION && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(in->version, sizeof(in->version), "%s", mnl_attr_get_str(a));
		else if (type == P2PF_A_DEVICE_LIMIT && mnl_attr_get_payload_len(a) == 4) {
			in->limit = mnl_attr_get_u32(a);
			in->has_limit = true;
		} else if (type == P2PF_A_DEVICE_COUNT && mnl_attr_get_payload_len(a) == 4) {
			in->count = mnl_attr_get_u32(a);
			in->has_count = true;
		}
	}
	return MNL_CB_OK;
}

int cmd_version(int argc, char **argv, const struct cli_opts *opts)
{
	struct info in;
	struct nl nl;

	if (argc > 1) {
		cli_err("unexpected \"%s\"", argv[1]);
		return CLI_USAGE;
	}
	memset(&in, 0, sizeof(in));
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_GET_INFO, 0), info_cb, &in) < 0) {
		nl_perror(&nl);
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	if (opts->json) {
		struct json w;

		json_init(&w, stdout, false);
		json_object_begin(&w);
		json_key_string(&w, "cli", CLI_VERSION);
		json_key_string(&w, "module", in.version[0] ? in.version : NULL);
		if (in.has_limit)
			json_key_uint(&w, "device_limit", in.limit);
		if (in.has_count)
			json_key_uint(&w, "devices", in.count);
		json_object_end(&w);
		json_finish(&w);
		return CLI_OK;
	}
	printf("%s %s, module %s", CLI_PROG, CLI_VERSION, in.version[0] ? in.version : "?");
	if (in.has_count && in.has_limit)
		printf(", %u of %u devices", in.count, in.limit);
	putchar('\n');
	return CLI_OK;
}
