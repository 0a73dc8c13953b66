// SPDX-License-Identifier: GPL-2.0
/* Namespace lifetime: state set up on creation, torn down on exit. */
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "device.h"
#include "discover.h"
#include "enforce.h"
#include "hooks.h"
#include "mark.h"
#include "netns.h"

unsigned int p2pf_net_id __read_mostly;

static int __net_init p2pf_net_init(struct net *net)
{
	struct p2pf_net *pn = p2pf_pernet(net);
	struct p2pf_prefixes *lan;
	int err;

	pn->net = net;
	mutex_init(&pn->lock);
	pn->cfg.flow_timeout = P2PF_FLOW_TIMEOUT_DEFAULT;
	pn->cfg.event_rate = P2PF_EVENT_RATE_DEFAULT;
	pn->cfg.fanout_threshold = P2PF_FANOUT_THRESHOLD_DEFAULT;
	pn->cfg.mark = p2pf_mark_pack(P2PF_MARK_DEFAULT,
				      P2PF_MARK_MASK_DEFAULT);

	pn->stats = p2pf_counters_alloc();
	if (!pn->stats)
		return -ENOMEM;
	lan = p2pf_prefixes_default();
	if (!lan) {
		err = -ENOMEM;
		goto err_stats;
	}
	RCU_INIT_POINTER(pn->lan, lan);
	/* What devices use first: flow memory and discovery outlive them. */
	err = p2pf_enforce_net_init(pn);
	if (err)
		goto err_lan;
	err = p2pf_discover_net_init(pn);
	if (err)
		goto err_enforce;
	err = p2pf_devices_init(pn);
	if (err)
		goto err_discover;
	/* No hooks yet: the first device or discovery registers them. */
	return 0;

err_discover:
	p2pf_discover_net_exit(pn);
err_enforce:
	p2pf_enforce_net_exit(pn);
err_lan:
	kfree(lan);
err_stats:
	free_percpu(pn->stats);
	return err;
}

/*
 * Unregistering a hook does not wait for packets already inside it: the
 * namespace core runs every pre_exit, then synchronize_rcu(), then exit,
 * so state freed in exit can no longer be reached from the packet path.
 */
static void __net_exit p2pf_net_pre_exit(struct net *net)
{
	p2pf_hooks_netns_exit(p2pf_pernet(net));
}

static void __net_exit p2pf_net_exit(struct net *net)
{
	struct p2pf_net *pn = p2pf_pernet(net);

	p2pf_devices_destroy(pn);
	p2pf_discover_net_exit(pn);
	p2pf_enforce_net_exit(pn);
	p2pf_prefixes_free_rcu(rcu_dereference_protected(pn->lan, true));
	/* No reader is left: the hooks are gone. */
	free_percpu(pn->stats);
}

static struct pernet_operations p2pf_net_ops = {
	.init = p2pf_net_init,
	.pre_exit = p2pf_net_pre_exit,
	.exit = p2pf_net_exit,
	.id = &p2pf_net_id,
	.size = sizeof(struct p2pf_net),
};

int p2pf_netns_register(void)
{
	return register_pernet_subsys(&p2pf_net_ops);
}

void p2pf_netns_unregister(void)
{
	unregister_pernet_subsys(&p2pf_net_ops);
}
