// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence proto list` (the module's recognisers) and `p2pfence version`. */
#include <inttypes.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
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

	(void)opts;
	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
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
	open_array(NULL);
	for (i = 0; i < d.n; i++) {
		open_object(NULL);
		print_uint(PRINT_ANY, "id", "%-3" PRIu64, d.rows[i].id);
		print_string(PRINT_ANY, "name", " %-10s", d.rows[i].name);
		print_string(PRINT_ANY, "description", " %s\n", d.rows[i].desc);
		close_object();
	}
	close_array();
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

	(void)opts;
	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
	memset(&in, 0, sizeof(in));
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_GET_INFO, 0), info_cb, &in) < 0) {
		nl_perror(&nl);
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	open_object(NULL);
	print_string(PRINT_ANY, "cli", CLI_PROG " %s", CLI_VERSION);
	if (in.version[0]) {
		print_string(PRINT_ANY, "module", ", module %s", in.version);
	} else {
		print_null("module");
		print_text(", module ?");
	}
	if (in.has_limit)
		print_uint(PRINT_JSON, "device_limit", NULL, in.limit);
	if (in.has_count)
		print_uint(PRINT_JSON, "devices", NULL, in.count);
	if (in.has_count && in.has_limit)	/* text: both or neither */
		print_text(", %u of %u devices", in.count, in.limit);
	print_text("\n");
	close_object();
	return CLI_OK;
}
