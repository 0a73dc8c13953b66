// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence config show|set` and `p2pfence flows flush`. */
#include "cli.h"
#include "json.h"
#include "settings.h"

int cmd_config_show(int argc, char **argv, const struct cli_opts *opts)
{
	struct p2pf_config c;
	struct nl nl;
	int k;

	if (argc > 1) {
		cli_err("unexpected \"%s\"", argv[1]);
		return CLI_USAGE;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (config_get(&nl, &c) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	if (opts->json) {
		struct json w;
		char key[32];

		json_init(&w, stdout, false);
		json_object_begin(&w);
		for (k = 0; k < CFG_COUNT; k++) {
			const char *n = config_key_name(k);
			size_t i;

			if (!(c.has & (1U << k)))
				continue;
			/* JSON keys use '_' like ip -j */
			for (i = 0; n[i] && i + 1 < sizeof(key); i++)
				key[i] = n[i] == '-' ? '_' : n[i];
			key[i] = '\0';
			json_key_uint(&w, key, c.val[k]);
			if (k == CFG_MARK)
				json_key_uint(&w, "mark_mask", c.mark_mask);
		}
		json_object_end(&w);
		json_finish(&w);
	} else {
		char buf[32];

		for (k = 0; k < CFG_COUNT; k++)
			if (c.has & (1U << k)) {
				config_value(&c, k, buf, sizeof(buf));
				printf("%s %s\n", config_key_name(k), buf);
			}
	}
	return CLI_OK;
}

int cmd_config_set(int argc, char **argv, const struct cli_opts *opts)
{
	struct p2pf_config c;
	struct perr e;
	struct nl nl;
	int ret = CLI_OK;

	(void)opts;
	if (!config_parse_args(argc - 1, argv + 1, &c, &e)) {
		cli_err("%s", e.msg);
		return argc < 2 ? CLI_USAGE : CLI_ERR;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (config_set(&nl, &c) < 0) {
		nl_perror(&nl);
		ret = CLI_ERR;
	}
	nl_close(&nl);
	return ret;
}

int cmd_flows_flush(int argc, char **argv, const struct cli_opts *opts)
{
	struct nl nl;
	int ret = CLI_OK;

	(void)opts;
	if (argc > 1) {
		cli_err("unexpected \"%s\"", argv[1]);
		return CLI_USAGE;
	}
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_FLUSH_FLOWS, 0), NULL, NULL) < 0) {
		nl_perror(&nl);
		ret = CLI_ERR;
	}
	nl_close(&nl);
	return ret;
}
