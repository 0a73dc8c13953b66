// SPDX-License-Identifier: GPL-2.0 OR MIT
/* `p2pfence config show|set` and `p2pfence flows flush`. */
#include "cli.h"
#include "output.h"
#include "settings.h"

int cmd_config_show(int argc, char **argv, const struct cli_opts *opts)
{
	struct cfg_values c;
	struct nl nl;
	int k;

	(void)opts;
	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (config_get(&nl, &c) < 0) {
		nl_close(&nl);
		return CLI_ERR;
	}
	nl_close(&nl);
	open_object(NULL);
	for (k = 0; k < CFG_COUNT; k++) {
		char key[32], value[32];
		const char *n = config_key_name(k);
		size_t i;

		if (!(c.has & (1U << k)))
			continue;
		/* JSON keys use '_' like ip -j; text shows config set's words */
		for (i = 0; n[i] && i + 1 < sizeof(key); i++)
			key[i] = n[i] == '-' ? '_' : n[i];
		key[i] = '\0';
		config_value(&c, k, value, sizeof(value));
		print_text("%s %s\n", n, value);
		print_uint(PRINT_JSON, key, NULL, c.val[k]);
		if (k == CFG_MARK)
			print_uint(PRINT_JSON, "mark_mask", NULL, c.mark_mask);
	}
	close_object();
	return CLI_OK;
}

int cmd_config_set(int argc, char **argv, const struct cli_opts *opts)
{
	struct cfg_values c;
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
	if (!cli_no_more_args(argc, argv, 1))
		return CLI_USAGE;
	if (nl_open(&nl) < 0)
		return CLI_ERR;
	if (nl_talk(&nl, nl_request(&nl, P2PF_CMD_FLUSH_FLOWS, 0), NULL, NULL) < 0) {
		nl_perror(&nl);
		ret = CLI_ERR;
	}
	nl_close(&nl);
	return ret;
}
